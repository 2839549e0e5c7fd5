"""Named Cases a teacher reaches for first.

Each preset is a :class:`~murmur.case.Case` with a one-line description;
variations are made with :func:`dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .case import Case
from .errors import ParameterError

__all__ = ["Preset", "PRESETS", "get_preset", "as_case"]


@dataclass(frozen=True)
class Preset:
    """A named case and the sentence that says what to listen for."""

    name: str
    case: Case
    summary: str


_PRESET_LIST = [
    Preset(
        "normal", Case(finding="normal"), "Normal heart at 72 bpm: S1, S2 with a physiological split on inspiration."
    ),
    Preset(
        "normal-teaching-split",
        Case(finding="normal", split_mode="teaching", heart_rate_bpm=60.0),
        "Normal heart at 60 bpm with the exaggerated 60 ms inspiratory S2 split of teaching tapes.",
    ),
    Preset(
        "mr-mild",
        Case(finding="mr", mr_severity="mild", grade=2),
        "Mild mitral regurgitation: soft (grade 2/6) high-pitched holosystolic murmur at the apex.",
    ),
    Preset(
        "mr-moderate",
        Case(finding="mr", mr_severity="moderate", grade=3),
        "Moderate MR: grade 3/6 blowing holosystolic plateau murmur from S1 through A2.",
    ),
    Preset(
        "mr-severe",
        Case(finding="mr", mr_severity="severe", grade=4, s3=True),
        "Severe MR: grade 4/6 holosystolic murmur, soft S1, wide S2 split, S3 and a short diastolic rumble.",
    ),
    Preset(
        "mr-acute",
        Case(
            finding="mr", mr_severity="severe", mr_acute=True, grade=3, quality="harsh", s3=True, heart_rate_bpm=100.0
        ),
        "Acute severe MR at 100 bpm: early decrescendo murmur that fades before S2, with an S3.",
    ),
    Preset(
        "mvp",
        Case(finding="mvp", grade=2),
        "Mitral valve prolapse: mid-systolic click, then a late-systolic crescendo murmur to S2.",
    ),
    Preset(
        "mr-af",
        Case(finding="mr", mr_severity="severe", grade=4, s3=True, rhythm="af", heart_rate_bpm=90.0),
        "Severe MR in atrial fibrillation at about 90 bpm: irregular beats, varying S1, no S4.",
    ),
]

#: The presets by name, in teaching order.
PRESETS: dict[str, Preset] = {p.name: p for p in _PRESET_LIST}


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
