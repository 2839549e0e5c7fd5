"""A self-contained web page of cases, for students on phones and laptops.

``murmur html CASE [CASE ...] -o page.html`` writes one HTML file that needs
nothing beside it and no network: per case, the sound as an embedded WAV
(``<audio>`` with a ``data:`` URI), the labelled waveform and spectrogram of
the whole sound (:func:`murmur.view.figures.case_figure`, an embedded PNG) with a
playhead that follows the audio's ``currentTime``, Play/Pause, Loop, buttons
for the versions the page carries (the lecture page: faithful and laptop
speakers), and the handout (:func:`murmur.teach.handout.handout_parts`). The HTML
text is built in :mod:`murmur.teach.web.html` (with the style and script,
``page.css`` and ``page.js`` beside it), from the cases and versions of
:mod:`murmur.teach.web.model`; this module renders and writes. A lecturer mails the file or
puts it on a course site; it opens offline in any current browser.

Size. A page carries its sound at :data:`PAGE_SR_HZ` (16 kHz, 16-bit) unless
the case asks for another rate: heart sounds and the MR murmur lie below
1 kHz, and less than -80 dB of a case's energy lies above the 8 kHz this
rate keeps (measured on ``normal`` and ``mr-severe`` rendered at 44.1 kHz).
The figure is drawn at :data:`PAGE_DPI` and stored with a 256-colour palette
(a quarter of the full-colour PNG's size; no pixel off by more than 15/255 in
a channel). A 10 s case then adds 0.59-0.66 MB per version to the page (audio
0.43 MB in base64, figure 0.16-0.20 MB): 1.18-1.32 MB with the lecture page's
two versions, under the 1.5 MB a 10 s case may add (measured on every preset,
in the quiet and the noisy background).

Every number the page's script needs to map a time to the figure is taken
from the figure itself (:func:`playhead_geometry`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...case import Case
from ...errors import ParameterError
from ...files.embed import data_uri, wav_data_uri
from ...files.safety import atomic_paths, check_output_path, check_replaceable, write_error, written_by_murmur
from ...presets import PRESETS
from ...sound.level import limit
from ...sound.synth import synthesize
from ...units import db_to_gain
from .html import document_html, loudness_text, section_html
from .model import PAGE_MAX_DURATION_S, PageCase, PageVariant, RenderedVersion

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "PageVariant",
    "PageCase",
    "PageResult",
    "page_case",
    "page_html",
    "write_page",
    "check_page_path",
    "playhead_geometry",
    "PAGE_SR_HZ",
    "PAGE_DPI",
    "PAGE_MAX_DURATION_S",
]

#: Sample rate of a page's sound, Hz, unless the case sets its own: the
#: content of heart sounds and murmurs lies below 1 kHz, and a case loses less
#: than -80 dB of its energy above the 8 kHz kept.
PAGE_SR_HZ = 16000
#: Resolution of a page's figures, dots per inch: 1200 px across, a little
#: more than the figure's width in a laptop browser (1034 px at 1280 px).
PAGE_DPI = 100
#: Range of the loudness gain a page can state, dB.
GAIN_RANGE_DB = (-60.0, 60.0)


@dataclass(frozen=True)
class PageResult:
    """What :func:`write_page` wrote: the file, its size, and the bytes each case adds (by position)."""

    path: Path
    n_bytes: int
    case_bytes: tuple[int, ...]


def page_case(name: str, case: Case, *, speakers: bool = False) -> PageCase:
    """A case for the page under the heading ``name``.

    Parameters
    ----------
    name : str
        The heading; for a preset whose sound the case keeps (only ``sr``,
        ``duration_s`` or ``seed`` changed) the preset's summary is the caption.
    case : Case
        What to play and draw (``sr`` is used as it is: see :data:`PAGE_SR_HZ`).
    speakers : bool, keyword-only
        Carry the faithful (headphones) and laptop-speaker versions as buttons,
        as a lecture bundle does; otherwise the case alone.

    Examples
    --------
    >>> pc = page_case("mr-severe", PRESETS["mr-severe"].case, speakers=True)
    >>> [v.label for v in pc.variants], pc.summary[:10]
    (['headphones (faithful)', 'laptop speakers (lows moved up)'], 'Severe MR:')
    """
    preset = PRESETS.get(name)
    summary = ""
    if preset is not None:
        same = dataclasses.replace(case, sr=preset.case.sr, duration_s=preset.case.duration_s, seed=preset.case.seed)
        if speakers:
            same = dataclasses.replace(same, speaker=preset.case.speaker)
        summary = preset.summary if same == preset.case else ""
    variants: tuple[PageVariant, ...]
    if speakers:
        variants = (
            PageVariant("headphones (faithful)", dataclasses.replace(case, speaker="headphones")),
            PageVariant("laptop speakers (lows moved up)", dataclasses.replace(case, speaker="laptop")),
        )
    else:
        variants = (PageVariant(case.listening(), case),)
    return PageCase(name, variants, summary)


def playhead_geometry(fig: Figure) -> dict[str, float]:
    """Where a time falls in a :func:`~murmur.view.figures.case_figure` image: the numbers the page's script reads.

    Returns
    -------
    dict
        ``t0``, ``t1``: the time axis, s; ``x0``, ``x1``: its left and right
        ends as fractions of the image width; ``wave_top``, ``wave_bottom``,
        ``spec_top``, ``spec_bottom``: the waveform and spectrogram panels as
        fractions of the image height from the top. Valid for an image saved
        without cropping (as :func:`murmur.view.pictures.figure_png` saves).

    Examples
    --------
    >>> from murmur.view.figures import case_figure
    >>> g = playhead_geometry(case_figure(Case(duration_s=2, sr=8000), seconds_shown=2))
    >>> g["t0"], g["t1"], 0 < g["x0"] < g["x1"] < 1, g["wave_bottom"] < g["spec_top"]
    (0.0, 2.0, True, True)
    """
    wave, spec = fig.axes[0], fig.axes[1]
    w, s = wave.get_position(), spec.get_position()
    t0, t1 = wave.get_xlim()
    return {
        "t0": float(t0),
        "t1": float(t1),
        "x0": float(w.x0),
        "x1": float(w.x1),
        "wave_top": 1.0 - float(w.y1),
        "wave_bottom": 1.0 - float(w.y0),
        "spec_top": 1.0 - float(s.y1),
        "spec_bottom": 1.0 - float(s.y0),
    }


def _render(name: str, variant: PageVariant, gain_db: float) -> RenderedVersion:
    from ...view.figures import case_figure
    from ...view.pictures import palette_png  # matplotlib: only when a page is drawn

    case = variant.case
    y, timeline = synthesize(case)
    # The loudness gain reaches the sound only; the figure keeps murmur's fixed calibration.
    heard = limit(y * db_to_gain(gain_db)) if gain_db else y
    about = f"{case.describe()}; {case.listening()}; seed {case.seed}"
    audio = wav_data_uri(heard, case.sr, title=f"murmur: {name}", comment=about)
    fig = case_figure(case, y=y, timeline=timeline, seconds_shown=case.duration_s, title=name)
    try:
        png, size = palette_png(fig, dpi=PAGE_DPI)
        geometry = playhead_geometry(fig)
    finally:
        fig.clear()
    return RenderedVersion(audio, data_uri(png, "image/png"), size, geometry, timeline)


def _check_gain(gain_db: float, target_lufs: float | None) -> None:
    lo, hi = GAIN_RANGE_DB
    if not (isinstance(gain_db, (int, float)) and math.isfinite(gain_db) and lo <= gain_db <= hi):
        raise ParameterError(
            f"gain_db must be a number between {lo:g} and {hi:g} (dB); got {gain_db!r}.", param="gain_db"
        )
    if target_lufs is not None and not (isinstance(target_lufs, (int, float)) and -70 <= target_lufs <= 0):
        raise ParameterError(f"target_lufs must be between -70 and 0 (LUFS); got {target_lufs!r}.", param="target_lufs")


def _page(
    cases: Sequence[PageCase],
    title: str | None,
    gain_db: float,
    target_lufs: float | None,
    say: Callable[[str], object] | None,
) -> tuple[str, tuple[int, ...]]:
    cases = list(cases)
    if not cases:
        raise ParameterError("a page needs at least one case.", param="cases")
    _check_gain(gain_db, target_lufs)
    loudness = loudness_text(gain_db, target_lufs)
    sections = []
    for i, pc in enumerate(cases, 1):
        rendered = [_render(pc.name, v, gain_db) for v in pc.variants]
        sections.append(section_html(i, pc, rendered, loudness))
        if say is not None:
            say(f"  {pc.name}: {len(sections[-1].encode('utf-8')) / 1e6:.2f} MB ({len(pc.variants)} version(s))")
    title = title or "Heart sounds: " + ", ".join(pc.name for pc in cases)
    rates = sorted({v.case.sr for pc in cases for v in pc.variants})
    page = document_html(title, sections, loudness, rates)
    return page, tuple(len(s.encode("utf-8")) for s in sections)


def page_html(
    cases: Sequence[PageCase], *, title: str | None = None, gain_db: float = 0.0, target_lufs: float | None = None
) -> str:
    """The whole page as text.

    Parameters
    ----------
    cases : sequence of PageCase
        The cases, top to bottom (:func:`page_case` makes one).
    title : str, keyword-only
        The page's title and heading (default ``Heart sounds: NAME, NAME``).
    gain_db : float, keyword-only
        One loudness gain applied to every sound on the page, dB, -60 to 60
        (the set's common gain from loudness normalisation). 0 (the default)
        changes nothing and states nothing; otherwise the page states it. The
        figures keep murmur's fixed calibration. Peaks stay below -1 dBFS
        (murmur's limiter, an identity below -2 dBFS).
    target_lufs : float, keyword-only
        The loudness target that gain reaches, LUFS, -70 to 0, stated with it
        (``Loudness: +12.0 dB, set to -20 LUFS``); None: not stated.

    Examples
    --------
    >>> text = page_html([page_case("normal", Case(duration_s=1, sr=8000))])
    >>> text.count("<audio"), "http://" in text or "https://" in text
    (1, False)
    """
    return _page(cases, title, gain_db, target_lufs, None)[0]


def check_page_path(path: str | Path, *, param: str = "output", force: bool = False, fix: str | None = None) -> Path:
    """Check, before any work, that ``path`` can take a page: an ``.html`` name that is not someone else's file.

    Parameters
    ----------
    path : path-like
        The ``.html`` file to write.
    param : str, keyword-only
        The option named in errors.
    force : bool, keyword-only
        Replace a file murmur did not write.
    fix : str, keyword-only
        What to say instead of the default fix (``--force``) when the file is
        someone else's (a command without ``--force``).

    Raises
    ------
    ParameterError
        Not an ``.html`` name, its folder missing or read-only, or it would
        replace a file murmur did not write.

    Examples
    --------
    >>> check_page_path("notes.txt")
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: output must be a .html file name; got 'notes.txt'.
    """
    p = check_output_path(path, suffix=".html", param=param)
    if fix is None:
        check_replaceable(p, param=param, force=force)
    elif not force and (p.exists() or p.is_symlink()) and not written_by_murmur(p):
        raise ParameterError(f"{param} would replace {str(p)!r}, which murmur did not write; {fix}.", param=param)
    return p


def write_page(
    cases: Sequence[PageCase],
    path: str | Path,
    *,
    title: str | None = None,
    gain_db: float = 0.0,
    target_lufs: float | None = None,
    force: bool = False,
    param: str = "output",
    say: Callable[[str], object] | None = None,
) -> PageResult:
    """Write the page to ``path`` (``.html``), atomically: under a temporary name in its folder, then renamed.

    Parameters
    ----------
    cases, title, gain_db, target_lufs
        As in :func:`page_html`.
    path : path-like
        The file; checked (:func:`check_page_path`) before anything is rendered.
    force : bool, keyword-only
        Replace a file at ``path`` that murmur did not write.
    param : str, keyword-only
        The option named in errors.
    say : callable, keyword-only
        Called with a line per case added (its size); None says nothing.

    Returns
    -------
    PageResult
        The path, the file's size and the bytes each case's section adds, bytes.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> r = write_page([page_case("normal", Case(duration_s=1, sr=8000))], os.path.join(d, "p.html"))
    >>> r.path.name, r.case_bytes[0] < r.n_bytes
    ('p.html', True)
    """
    out = check_page_path(path, param=param, force=force)
    text, sizes = _page(cases, title, gain_db, target_lufs, say)
    data = text.encode("utf-8")
    with atomic_paths(out, param=param, keep=(out,), force=force) as (tmp,):
        try:
            tmp.write_bytes(data)
        except OSError as err:
            raise write_error(err, out, param=param) from None
    return PageResult(out, len(data), sizes)
