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

import html
from typing import TYPE_CHECKING

import numpy as np

from .case import Case
from .clinical import FADE_MS
from .timeline import Timeline
from .units import ms_to_s

if TYPE_CHECKING:
    from .units import FloatArray

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
    :func:`murmur.plots.case_figure` (its default window: the first three
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
        """The audio player, the labelled figure and a caption, as self-contained HTML.

        Returns
        -------
        str
            A ``<figure>`` holding ``<audio controls src="data:audio/wav;base64,...">``,
            ``<img src="data:image/png;base64,...">`` (the figure at
            :data:`NOTEBOOK_DPI`) and a ``<figcaption>``; no URL, no script.

        Examples
        --------
        >>> from murmur import Case, synthesize
        >>> page = synthesize(Case(duration_s=1, sr=8000))._repr_html_()
        >>> '<audio controls src="data:audio/wav;base64,' in page, '<img ' in page, 'http' in page
        (True, True, False)
        """
        from .embed import png_data_uri, wav_data_uri
        from .plots import case_figure

        case = self.case
        what, heard = case.describe(), case.listening()
        y, length = self._embedded(), f"{len(self.y) / self.sr:g} s"
        if len(y) < len(self.y):
            length = f"the first {len(y) / self.sr:g} s of {length}"
        audio = wav_data_uri(y, self.sr, title=what, comment=heard)
        image = png_data_uri(case_figure(case, y=self.y, timeline=self.timeline), dpi=NOTEBOOK_DPI)
        alt = f"Waveform and spectrogram of {what}, every heart sound and murmur labelled"
        return (
            '<figure class="murmur-sound" style="margin:0.5em 0">'
            f"<figcaption><strong>{html.escape(what)}</strong><br>"
            f"{html.escape(heard)}; {length} at {self.sr} Hz</figcaption>"
            f'<audio controls src="{audio}" aria-label="{html.escape(what)}" style="width:100%;max-width:40em">'
            "Your browser cannot play this WAV.</audio>"
            f'<img src="{image}" alt="{html.escape(alt)}" style="display:block;max-width:100%;height:auto">'
            "</figure>"
        )

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
