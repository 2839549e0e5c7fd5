"""Named Cases a teacher reaches for first.

Each preset is a :class:`~murmur.case.Case` with a one-line description;
variations are made with :func:`dataclasses.replace`. Each finding brings its
own presets (:meth:`murmur.finding.Finding.presets`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .case import Case
from .errors import ParameterError

__all__ = ["Preset", "PRESETS", "get_preset", "as_case", "add_presets", "remove_presets"]


@dataclass(frozen=True)
class Preset:
    """A named case and the sentence that says what to listen for."""

    name: str
    case: Case
    summary: str


#: The presets by name, in teaching order: each finding's, in the order the findings were registered
#: (:func:`murmur.finding.register`; importing :mod:`murmur` registers the built-in ones).
PRESETS: dict[str, Preset] = {}


def add_presets(presets: Iterable[Preset]) -> None:
    """List more presets (a finding's, when it is registered).

    Raises
    ------
    ParameterError
        A name is taken; nothing is added then.
    """
    presets = list(presets)
    for p in presets:
        if p.name in PRESETS:
            raise ParameterError(f"a case called {p.name!r} already exists; choose another name.", param="name")
    PRESETS.update((p.name, p) for p in presets)


def remove_presets(names: Iterable[str]) -> None:
    """Stop listing these presets (a finding's, when it is unregistered)."""
    for name in names:
        PRESETS.pop(name, None)


def get_preset(name: str) -> Preset:
    """Return the preset called ``name``.

    Examples
    --------
    >>> get_preset("mr-mild").case.grade
    2
    >>> get_preset("mr-mld")
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: unknown case 'mr-mld'; run 'murmur cases' to list them (did you mean mr-mild?).
    """
    if not isinstance(name, str):
        raise ParameterError(
            f"case must be a preset name such as 'mr-mild' (see 'murmur cases'); "
            f"got {type(name).__name__} {name!r:.40}.",
            param="case",
        )
    try:
        return PRESETS[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, PRESETS, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ParameterError(f"unknown case {name!r}; run 'murmur cases' to list them{hint}.", param="case") from None


def as_case(case: Case | Preset | str, *, param: str = "case") -> Case:
    """The Case meant by ``case``: a Case, a Preset, or a preset name (what a notebook user types first).

    Raises
    ------
    ParameterError
        ``case`` is none of these, or names no preset; the message names ``param``.

    Examples
    --------
    >>> as_case("mr-mild").grade
    2
    >>> as_case(None)
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: case must be a Case or a preset name such as 'mr-mild'; got None.
    """
    if isinstance(case, Case):
        return case
    if isinstance(case, Preset):
        return case.case
    if isinstance(case, str):
        try:
            return get_preset(case).case
        except ParameterError as err:
            raise ParameterError(str(err), param=param) from None
    shown = repr(case) if len(repr(case)) <= 40 else type(case).__name__
    raise ParameterError(f"{param} must be a Case or a preset name such as 'mr-mild'; got {shown}.", param=param)
