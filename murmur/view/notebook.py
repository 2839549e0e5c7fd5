"""A :class:`~murmur.sound.Sound` as notebook HTML: the audio player, the labelled figure and a caption.

:meth:`murmur.sound.Sound._repr_html_` calls :func:`sound_html`, importing this
module only when a notebook shows a sound: the one documented upward hook of
the package (``docs/architecture.md``), so that ``import murmur`` and
synthesis never load matplotlib.

Examples
--------
>>> from murmur import Case, synthesize
>>> page = sound_html(synthesize(Case(duration_s=1, sr=8000)))
>>> '<audio controls src="data:audio/wav;base64,' in page, '<img ' in page, 'http' in page
(True, True, False)
"""

from __future__ import annotations

import html

from ..files.embed import wav_data_uri
from ..sound.sound import NOTEBOOK_DPI, Sound
from .figures import case_figure
from .pictures import png_data_uri

__all__ = ["sound_html"]


def sound_html(sound: Sound) -> str:
    """The audio player, the labelled figure and a caption, as self-contained HTML.

    Returns
    -------
    str
        A ``<figure>`` holding ``<audio controls src="data:audio/wav;base64,...">``,
        ``<img src="data:image/png;base64,...">`` (the figure at
        :data:`~murmur.sound.sound.NOTEBOOK_DPI`) and a ``<figcaption>``; no URL, no script.
    """
    case = sound.case
    what, heard = case.describe(), case.listening()
    y, length = sound._embedded(), f"{len(sound.y) / sound.sr:g} s"
    if len(y) < len(sound.y):
        length = f"the first {len(y) / sound.sr:g} s of {length}"
    audio = wav_data_uri(y, sound.sr, title=what, comment=heard)
    image = png_data_uri(case_figure(case, y=sound.y, timeline=sound.timeline), dpi=NOTEBOOK_DPI)
    alt = f"Waveform and spectrogram of {what}, every heart sound and murmur labelled"
    return (
        '<figure class="murmur-sound" style="margin:0.5em 0">'
        f"<figcaption><strong>{html.escape(what)}</strong><br>"
        f"{html.escape(heard)}; {length} at {sound.sr} Hz</figcaption>"
        f'<audio controls src="{audio}" aria-label="{html.escape(what)}" style="width:100%;max-width:40em">'
        "Your browser cannot play this WAV.</audio>"
        f'<img src="{image}" alt="{html.escape(alt)}" style="display:block;max-width:100%;height:auto">'
        "</figure>"
    )
