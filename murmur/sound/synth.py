"""One call from a Case to a finished sound and its timeline."""

from __future__ import annotations

import numpy as np

from ..case import Case
from ..physio.timeline import build_timeline
from ..presets import Preset, as_case
from .render import Renderer, levelled_blocks, n_samples
from .sound import Sound

__all__ = ["synthesize", "render_sources"]


def synthesize(case: Case | Preset | str) -> Sound:
    """Render a whole case, calibrated, faded and limited.

    Parameters
    ----------
    case : Case, Preset or str
        What to render; a preset name (``"mr-severe"``) means that preset's Case.

    Returns
    -------
    Sound
        The pair ``(y, timeline)``: ``y`` the float64 samples, shape
        ``(round(duration_s * sr),)``, full scale 1.0, peak below -1 dBFS;
        ``timeline`` when every event happens. Also ``.y``, ``.timeline``,
        ``.case`` and ``.sr``; in a notebook it shows as an audio player and
        the labelled figure (:class:`~murmur.sound.Sound`).

    Examples
    --------
    >>> y, tl = synthesize(Case(duration_s=2, sr=8000))
    >>> y.shape, float(abs(y).max()) < 0.9
    ((16000,), True)
    """
    case = as_case(case)
    timeline = build_timeline(case)
    n = n_samples(case.duration_s, case.sr)
    # the whole sound as one block of the levelled stream
    y = next(levelled_blocks(Renderer(case, beats=timeline.beats), n, block=max(n, 1)), np.zeros(0))
    return Sound(y, timeline)


def render_sources(case: Case | Preset | str, only: set[str]) -> np.ndarray:
    """The chosen sources of a whole case alone, before the level stage.

    For analysis and figures: ``render_sources(case, {"murmur"})`` is the
    systolic murmur with nothing else, in source units.
    """
    case = as_case(case)
    n = n_samples(case.duration_s, case.sr)
    return Renderer(case, only=only).render(0, n)
