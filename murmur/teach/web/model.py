"""What the web page is made of: its cases and versions, and each version as rendered.

The page writer (:mod:`murmur.teach.web.page`) makes these and the HTML text
(:mod:`murmur.teach.web.html`) reads them; both import this module and
neither imports the other's caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...case import Case
from ...errors import ParameterError
from ...physio.timeline import Timeline

__all__ = ["PageVariant", "PageCase", "RenderedVersion", "PAGE_MAX_DURATION_S"]

#: A page shows each case's whole sound in one figure, at most this long, s
#: (the figure's own limit, and a page to mail should stay small).
PAGE_MAX_DURATION_S = 60.0


@dataclass(frozen=True)
class PageVariant:
    """One version of a case on the page: its button label and its Case."""

    label: str
    case: Case


@dataclass(frozen=True)
class PageCase:
    """A case on the page: a heading, one or more versions (buttons when more than one), a summary.

    Parameters
    ----------
    name : str
        The heading (a preset name).
    variants : sequence of PageVariant
        The versions; all of one length, at most :data:`PAGE_MAX_DURATION_S`.
        The first is shown first and its case makes the handout.
    summary : str
        One sentence of what to hear (the figure's caption); empty: the case's description.

    Examples
    --------
    >>> PageCase("x", (PageVariant("a", Case(duration_s=90)),))
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: duration_s must be at most 60 s on a page (it shows the whole sound in one ...
    """

    name: str
    variants: tuple[PageVariant, ...]
    summary: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "variants", tuple(self.variants))
        if not self.variants:
            raise ParameterError(f"case {self.name!r} on a page needs at least one version.", param="variants")
        labels = [v.label for v in self.variants]
        if len(set(labels)) != len(labels):
            raise ParameterError(f"the versions of {self.name!r} need distinct labels; got {labels}.", param="variants")
        durations = {v.case.duration_s for v in self.variants}
        if len(durations) > 1:
            raise ParameterError(
                f"the versions of {self.name!r} must be equally long (switching keeps the time); "
                f"got {sorted(durations)} s.",
                param="duration_s",
            )
        d = durations.pop()
        if d > PAGE_MAX_DURATION_S:
            raise ParameterError(
                f"duration_s must be at most {PAGE_MAX_DURATION_S:g} s on a page (it shows the whole sound in one "
                f"figure); got {d:g}; shorten --duration-s.",
                param="duration_s",
            )


@dataclass(frozen=True)
class RenderedVersion:
    """One version as the page carries it: its sound and figure as data: URIs, the figure's size and axes.

    ``png_size`` is (width, height) in pixels; ``geometry`` is
    :func:`murmur.teach.web.page.playhead_geometry` of the figure; ``timeline``
    is the one the sound was rendered from (the figure's alt text reads it).
    """

    audio_uri: str
    png_uri: str
    png_size: tuple[int, int]
    geometry: dict[str, float]
    timeline: Timeline
