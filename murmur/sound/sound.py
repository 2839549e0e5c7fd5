"""A synthesized sound that is still the ``(y, timeline)`` pair, and shows itself in a notebook.

:func:`murmur.synthesize` returns a :class:`Sound`. It unpacks as before
(``y, timeline = synthesize(case)``) and also carries its case and sample
rate. In Jupyter (and any front end that reads ``_repr_html_``: JupyterLab,
classic Notebook, VS Code, Colab) the value of a cell that ends in a
synthesis call shows as the browser's own audio player, the labelled
waveform and spectrogram, and a caption saying what the case is. The sound
plays in the student's browser, not on the server running the kernel, which
is where sounddevice would play it on a hosted notebook. The HTML carries
the WAV and the PNG as ``data:`` URIs: no network, no JavaScript, no files.

Examples
--------
>>> from murmur import Case, synthesize
>>> sound = synthesize(Case(duration_s=2, sr=8000))
>>> y, timeline = sound
>>> y is sound.y, sound.sr, sound.case is timeline.case
(True, 8000, True)
>>> sound
Sound(normal heart; 72 bpm sinus rhythm; realistic S2 split; 2 s at 8000 Hz, 3 beats)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import numpy as np

from ..case import Case
from ..clinical import FADE_MS
from ..physio.timeline import Timeline
from ..units import ms_to_s

if TYPE_CHECKING:
    from ..units import FloatArray

__all__ = ["Sound", "NOTEBOOK_DPI", "NOTEBOOK_MAX_S"]

#: Resolution of the figure in a notebook, dots per inch: the 12 in wide
#: figure is 1200 px, sharp at a notebook's width; about 0.45 MB as PNG.
NOTEBOOK_DPI = 100.0

#: Longest stretch of sound a notebook output embeds, s. The WAV rides in the
#: page as base64 (0.12 MB per second at 44.1 kHz) and the notebook file keeps
#: it, so a longer sound shows its first minute (7 MB), faded out at the cut.
NOTEBOOK_MAX_S = 60.0


class Sound(tuple):
    """The samples and timeline of a synthesized case: a ``(y, timeline)`` tuple with names.

    Parameters
    ----------
    y : ndarray, shape (n,)
        float64 samples, full scale 1.0, at ``timeline.case.sr`` Hz.
    timeline : Timeline
        When every event happens; its ``case`` is the case that was rendered.

    Attributes
    ----------
    y : ndarray, shape (n,)
        The samples (``sound[0]``).
    timeline : Timeline
        The event timeline (``sound[1]``).
    case : Case
        The case rendered (``timeline.case``).
    sr : int
        Sample rate, Hz (``case.sr``).

    Notes
    -----
    In a notebook the value shows as HTML (:meth:`_repr_html_`): the audio
    player (16-bit PCM WAV: the whole sound, or its first
    :data:`NOTEBOOK_MAX_S` seconds), the labelled figure of
    :func:`murmur.view.case_figure` (its default window: the first three
    cardiac cycles) and a caption with the case's description and how it is
    heard. Rendering that HTML is the only step that imports matplotlib.
    """

    __slots__ = ()

    def __new__(cls, y: FloatArray, timeline: Timeline) -> Sound:
        return super().__new__(cls, (y, timeline))

    def __getnewargs__(self) -> tuple[FloatArray, Timeline]:  # pickle and copy rebuild it through __new__
        return (self[0], self[1])

    @property
    def y(self) -> FloatArray:
        """The samples, float64, full scale 1.0."""
        return self[0]

    @property
    def timeline(self) -> Timeline:
        """When every event happens."""
        return self[1]

    @property
    def case(self) -> Case:
        """The case that was rendered."""
        return self[1].case

    @property
    def sr(self) -> int:
        """Sample rate, Hz."""
        return self[1].case.sr

    def __repr__(self) -> str:
        seconds = len(self.y) / self.sr
        return f"Sound({self.case.describe()}; {seconds:g} s at {self.sr} Hz, {len(self.timeline.beats)} beats)"

    def _repr_html_(self) -> str:
        """The audio player, the labelled figure and a caption (:func:`murmur.view.notebook.sound_html`)."""
        # The one upward hook of the package (docs/architecture.md): drawing is
        # the view's job, so the notebook HTML is made there, imported only now.
        return importlib.import_module("murmur.view.notebook").sound_html(self)

    def _embedded(self) -> FloatArray:
        """The samples the notebook's player gets: all, or the first NOTEBOOK_MAX_S s with the usual fade-out."""
        y = np.asarray(self.y, dtype=float)
        n_max = int(round(NOTEBOOK_MAX_S * self.sr))
        if len(y) <= n_max:
            return y
        from .level import fade_gain

        n_fade = int(round(ms_to_s(FADE_MS) * self.sr))
        y = y[:n_max].copy()
        y[n_max - n_fade :] *= fade_gain(n_max - n_fade, n_max, n_max, self.sr)
        return y
