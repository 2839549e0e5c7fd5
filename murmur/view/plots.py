"""Figures: the waveform and spectrogram of a case, with every event labelled; the Wiggers diagram.

What a student should see at a glance: in mitral regurgitation a plateau of
noise fills the gap between S1 and S2 in the waveform, and a band of energy at
150-600 Hz fills systole in the spectrogram. Every event is read from the
:class:`~murmur.physio.timeline.Timeline`, never re-detected from the sound; what to
draw where is computed, without matplotlib, in :mod:`murmur.view.plotdata`.
:func:`wiggers_figure` draws one beat of the circulation model (ECG,
pressures, LV volume, mitral flows) over the heard beat, on one time axis.

This is the only module that imports matplotlib, and ``import murmur`` never
imports it. Figures are :class:`matplotlib.figure.Figure` objects made without
pyplot, so no display is needed and nothing is left open; to draw into a
pyplot window pass ``fig=plt.figure()``.
"""

from __future__ import annotations

import dataclasses
import os
import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Polygon
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory

from .. import clinical as C
from ..case import Case
from ..errors import ParameterError
from ..errors import shorten
from ..files.safety import atomic_paths, check_output_path
from .plotdata import (
    MIN_HOP_S,
    Geometry,
    check_seconds_shown,
    default_seconds_shown,
    event_labels,
    phase_spans,
    place_labels,
    row_bases,
    span_outline,
    spectrogram_db,
    stagger,
    wiggers_data,
    wrap_title,
)
from ..physio.timeline import Timeline, build_timeline
from ..units import FloatArray

__all__ = [
    "case_figure",
    "compare_figure",
    "save_figure",
    "check_figure_path",
    "write_case_figure",
    "wiggers_figure",
    "write_wiggers_figure",
    "spectrogram_db",
    "FIGURE_FORMATS",
    "SPEC_TOP_DB",
    "SPEC_RANGE_DB",
    "DEFAULT_CYCLES",
]


#: File formats :func:`save_figure` writes, by suffix.
FIGURE_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
#: Colour scale of every spectrogram, dB re a full-scale sine. The level stage
#: is a fixed calibration, so one colour is one level in every case. Measured
#: per bin: the loudest S1 peaks near -16 dB, a grade 2-4 MR murmur fills
#: 150-400 Hz at -37 to -27 dB (mid-systole mean) and falls to about -50 dB
#: by 800 Hz, and the quiet background floor lies at -66 to -75 dB. A 50 dB
#: range from -20 dB puts the band in the bright top third, its roll-off in
#: the middle and the floor in black.
SPEC_TOP_DB = -20.0
SPEC_RANGE_DB = 50.0
#: Default window: the first three cardiac cycles (to the fourth beat's Q).
DEFAULT_CYCLES = 3
_MAX_SHOWN_S = 60.0  # beyond it a beat is narrower than its labels
_MAX_FRAMES = 1500  # spectrogram frames: about one per pixel column
#: The MR murmur band the bracket marks, Hz: the band-pass edges the murmur is
#: made with (:data:`murmur.clinical.MR_BAND_HZ`), from the lowest edge of
#: any severity to the highest.
_MR_BAND_HZ = (min(lo for lo, _ in C.MR_BAND_HZ.values()), max(hi for _, hi in C.MR_BAND_HZ.values()))

# Okabe & Ito (2008) colour-blind-safe palette; magma is perceptually uniform
# and stays ordered in grey and for colour-blind viewers.
_SYSTOLE_COLOUR, _DIASTOLE_COLOUR = "#E69F00", "#56B4E9"
_SPAN_COLOUR = {"murmur": "#D55E00", "rumble": "#0072B2"}
_CMAP = "magma"
# Readable when projected: ticks >= 12 pt, axis labels >= 14 pt.
_DPI = 150
_TICK_PT, _AXLABEL_PT, _TITLE_PT, _MAIN_PT, _SUB_PT = 13, 15, 15, 15, 12
_CBAR_W_IN, _CBAR_GAP_IN = 0.18, 0.36
_SINGLE, _COMPARE = Geometry(), Geometry(wave_in=1.45, spec_in=1.6)
_SPAN_BAND = 0.2  # bottom share of the waveform panel kept for the murmur bars
_TITLE_LINE_IN = 1.3 * _TITLE_PT / 72  # one more title line, inches


def _default_shown(case: Case, limit_s: float, timeline: Timeline | None = None) -> float:
    tl = timeline if timeline is not None else build_timeline(case, duration_s=min(limit_s, 10.0 * case.rr_s))
    return default_seconds_shown(tl, limit_s=limit_s, cycles=DEFAULT_CYCLES, max_s=_MAX_SHOWN_S)


def _case_signal(
    case: Case, y: FloatArray | None, timeline: Timeline | None, seconds_shown: float | None
) -> tuple[FloatArray, Timeline, float]:
    """The shown part of the sound, its timeline, and the seconds shown; synthesizes only what is shown."""
    from ..sound.synth import synthesize

    limit_s = case.duration_s if y is None else len(y) / case.sr
    if seconds_shown is None:
        shown = _default_shown(case, limit_s, timeline)
    else:
        shown = check_seconds_shown(seconds_shown, limit_s=limit_s, max_s=_MAX_SHOWN_S)
    if y is None:
        # Render a little past the window, so a shortened render's fade-out is
        # never shown; the samples before it equal those of the whole case.
        y, tl = synthesize(dataclasses.replace(case, duration_s=max(0.5, min(case.duration_s, shown + 0.25))))
        timeline = timeline if timeline is not None else tl
    if timeline is None:
        timeline = build_timeline(case, duration_s=shown + 1.0)
    return np.asarray(y, dtype=float)[: int(round(shown * case.sr))], timeline, shown


def _draw_waveform(ax, y, sr, timeline, shown_s, ylim, labels, levels) -> None:
    for phase, a, b in phase_spans(timeline, 0.0, shown_s):
        colour, alpha = (_SYSTOLE_COLOUR, 0.22) if phase == "systole" else (_DIASTOLE_COLOUR, 0.13)
        ax.axvspan(a, b, color=colour, alpha=alpha, lw=0, gid=phase, zorder=0)
    ax.plot(np.arange(len(y)) / sr, y, color="0.1", lw=0.7, gid="waveform", zorder=2)
    ax.set(xlim=(0.0, shown_s), ylim=ylim)
    # Amplitude ticks only where the waveform is, not in the murmur-bar band.
    ax.set_yticks([v for v in MaxNLocator(4, symmetric=True).tick_values(-ylim[1], ylim[1]) if abs(v) <= ylim[1]])
    xa = blended_transform_factory(ax.transData, ax.transAxes)
    bases = row_bases(labels, levels, main_pt=_MAIN_PT, sub_pt=_SUB_PT)[0]
    for lb, lv in zip(labels, levels, strict=True):
        for t_s in lb.times_s:
            if 0.0 <= t_s <= shown_s:
                ax.axvline(t_s, color="0.35", lw=0.8, ls=(0, (2, 2)), zorder=1, gid=f"event-line:{lb.text}")
        # Big labels of a row share a baseline; small labels hang below them.
        at = dict(xy=(lb.time_s, 1.0), xycoords=xa, xytext=(0, bases[lv]), textcoords="offset points", ha=lb.ha)
        ax.annotate(lb.text, va="bottom", fontsize=_MAIN_PT, weight="bold", gid=f"label:{lb.text}", **at)
        if lb.sub:
            ax.annotate(lb.sub, va="top", fontsize=_SUB_PT, linespacing=1.0, color="0.2", gid=f"sub:{lb.text}", **at)
    for span in timeline.murmurs():
        a, b = max(span.start_s, 0.0), min(span.end_s, shown_s)
        if b <= a:
            continue
        colour = _SPAN_COLOUR.get(span.kind, "#CC79A7")
        outline = span_outline(span, a, b, lo=0.02, hi=0.085)
        ax.add_patch(Polygon(outline, transform=xa, color=colour, alpha=0.85, lw=0, gid=f"span:{span.kind}"))
        if 0.62 * len(span.kind) * _SUB_PT <= 1.15 * (b - a) * _SINGLE.panel_pt / shown_s:  # else: the legend
            kw = dict(ha="center", va="bottom", fontsize=_SUB_PT, weight="bold", color=colour, clip_on=True)
            ax.text((a + b) / 2, 0.095, span.kind, transform=xa, gid=f"spanlabel:{span.kind}", **kw)
    ax.set_ylabel("amplitude", fontsize=_AXLABEL_PT)
    ax.tick_params(labelsize=_TICK_PT, labelbottom=False)
    ax.set_gid("waveform")


def _draw_spectrogram(ax, y, sr, timeline, shown_s, fmax_hz):
    hop_s = max(MIN_HOP_S, shown_s / _MAX_FRAMES)
    t_s, f_hz, s_db = spectrogram_db(y, sr, fmax_hz=fmax_hz, hop_s=hop_s)
    dt, df = (t_s[1] - t_s[0]) if len(t_s) > 1 else hop_s, f_hz[1] - f_hz[0]
    extent = (t_s[0] - dt / 2, t_s[-1] + dt / 2, f_hz[0] - df / 2, f_hz[-1] + df / 2)
    clim = dict(vmin=SPEC_TOP_DB - SPEC_RANGE_DB, vmax=SPEC_TOP_DB)
    kw = dict(origin="lower", aspect="auto", cmap=_CMAP, interpolation="bilinear", extent=extent, **clim)
    image = ax.imshow(s_db, gid="spectrogram", **kw)
    for phase, a, _ in phase_spans(timeline, 0.0, shown_s):
        if a > 0:  # the systole edges: where the murmur band starts and stops
            ax.axvline(a, color="white", lw=0.9, ls=(0, (3, 3)), alpha=0.55, gid=f"edge:{phase}")
    lo_hz, hi_hz = _MR_BAND_HZ
    if hi_hz <= fmax_hz:  # a bracket outside the right edge marks the MR murmur band
        ya = blended_transform_factory(ax.transAxes, ax.transData)
        x, y_hz = [1.003, 1.01, 1.01, 1.003], [lo_hz, lo_hz, hi_hz, hi_hz]
        ax.plot(x, y_hz, transform=ya, color="0.2", lw=1.5, clip_on=False, gid="band")
        text = f"MR {lo_hz:g}\u2013{hi_hz:g} Hz"
        ax.text(1.014, (lo_hz + hi_hz) / 2, text, transform=ya, rotation=90, va="center", color="0.2", fontsize=_SUB_PT)
    ax.set(xlim=(0.0, shown_s), ylim=(0.0, fmax_hz))
    ax.set_ylabel("frequency (Hz)", fontsize=_AXLABEL_PT)
    ax.set_xlabel("time (s)", fontsize=_AXLABEL_PT)
    ax.tick_params(labelsize=_TICK_PT)
    ax.set_gid("spectrogram")
    return image


def _build(fig, cases, ys, timelines, shown, headings, fmax_hz, *, compare: bool) -> Figure:
    fig = fig if fig is not None else Figure(dpi=_DPI)
    if fig.axes:
        raise ParameterError("fig must be an empty figure; got one that already has axes.", param="fig")
    geometry = _COMPARE if compare else _SINGLE
    labels = [event_labels(tl, 0.0, shown) for tl in timelines]
    if compare:  # short rows: big labels only; case_figure shows the split
        labels = [[dataclasses.replace(lb, sub="") for lb in row] for row in labels]
    placed = [place_labels(lb, geometry.panel_pt / shown, main_pt=_MAIN_PT, sub_pt=_SUB_PT) for lb in labels]
    if compare:
        listen = {c.listening() for c in cases}
        title = "Same time, amplitude and colour scales" + (f"\n{listen.pop()}" if len(listen) == 1 else "")
    else:
        title = (f"{headings[0]}: " if headings[0] else "") + f"{cases[0].describe()}\n{cases[0].listening()}"
    title_lines = wrap_title(title.split("\n"))
    if not compare:  # a title wrapped to more than two lines takes more room
        extra = max(len(title_lines) - 2, 0)
        geometry = dataclasses.replace(geometry, title_in=geometry.title_in + _TITLE_LINE_IN * extra)
    heading_pt = 1.2 * _TITLE_PT + 2 if compare else 0.0
    bands = [row_bases(lb, lv, main_pt=_MAIN_PT, sub_pt=_SUB_PT)[1] + heading_pt for lb, lv in placed]
    height_in, rects = geometry.rects(bands)
    fig.set_size_inches(geometry.width_in, height_in)
    # One amplitude scale for every panel; the waveform fills the panel above
    # the bottom _SPAN_BAND, which holds the murmur bars.
    peak = 1.05 * max((float(np.max(np.abs(y))) for y in ys if len(y)), default=1.0) or 1.0
    ylim = (peak - 2 * peak / (1 - _SPAN_BAND), peak)
    wave_axes, spec_axes, images = [], [], []
    for case, y, tl, (lab, lev), (rw, rs), heading, band in zip(
        cases, ys, timelines, placed, rects, headings, bands, strict=True
    ):
        ax_w = fig.add_axes(rw)
        ax_s = fig.add_axes(rs, sharex=ax_w)
        _draw_waveform(ax_w, y, case.sr, tl, shown, ylim, lab, lev)
        images.append(_draw_spectrogram(ax_s, y, case.sr, tl, shown, fmax_hz))
        if compare:
            kw = dict(loc="left", fontsize=_TITLE_PT, weight="bold", pad=band - heading_pt + 2)
            ax_w.set_title(heading or case.describe(), **kw)
        wave_axes.append(ax_w)
        spec_axes.append(ax_s)
    for ax in spec_axes[:-1]:
        ax.set_xlabel("")
    # Axes so far: wave, spec, wave, spec, ...; the colour bars come last.
    for image, ax in zip(images, spec_axes, strict=True):
        box = ax.get_position()
        cax = fig.add_axes(
            (box.x1 + _CBAR_GAP_IN / geometry.width_in, box.y0, _CBAR_W_IN / geometry.width_in, box.height)
        )
        fig.colorbar(image, cax=cax, extend="both").set_label("dB re full scale", fontsize=_SUB_PT + 1)
        cax.tick_params(labelsize=_TICK_PT)
        cax.set_gid("colorbar")
    kinds = {m.kind for tl in timelines for m in tl.murmurs() if m.start_s < shown}
    handles = [
        Patch(color=_SYSTOLE_COLOUR, alpha=0.45, label="systole\n(M1 to A2)"),
        Patch(color=_DIASTOLE_COLOUR, alpha=0.35, label="diastole"),
        *[Patch(color=c, alpha=0.85, label=k) for k, c in _SPAN_COLOUR.items() if k in kinds],
    ]
    kw = dict(loc="upper left", bbox_to_anchor=(1.005, 1.0), frameon=False, handlelength=1.2, borderaxespad=0.0)
    wave_axes[0].legend(handles=handles, fontsize=_SUB_PT, **kw)
    x0, y0 = geometry.left_in / geometry.width_in, 1 - 0.12 / height_in
    fig.suptitle("\n".join(title_lines), x=x0, y=y0, ha="left", va="top", fontsize=_TITLE_PT, linespacing=1.3)
    return fig


def case_figure(
    case: Case,
    *,
    seconds_shown: float | None = None,
    y: FloatArray | None = None,
    timeline: Timeline | None = None,
    title: str | None = None,
    fmax_hz: float = 1000.0,
    fig: Figure | None = None,
) -> Figure:
    """Waveform and spectrogram of a case on one time axis, every event labelled.

    ``fig.axes[0]`` (gid ``'waveform'``) is the waveform, with systole (M1 to
    A2 of each beat, patches with gid ``'systole'``) and diastole (gid
    ``'diastole'``) shaded; above it S1 ("M1 T1"), S2 ("A2 P2" and the split
    in ms), S3, S4 and the click, in rows when they would touch; at its foot a
    bar in the shape of each murmur or rumble envelope. ``fig.axes[1]`` (gid
    ``'spectrogram'``) is the spectrogram, 0 to ``fmax_hz``, on a fixed colour
    scale (:data:`SPEC_TOP_DB`, :data:`SPEC_RANGE_DB`) so figures of different
    cases compare; ``fig.axes[2]`` is its colour bar. The panels share the
    time axis and nothing rescales after drawing, so a playhead can be
    blitted over both.

    Parameters
    ----------
    case : Case
        The case; its description and listening line make the title.
    seconds_shown : float, keyword-only
        Show the first ``seconds_shown`` s, 0.1 s up to the length of the sound
        (at most 60 s). Default: the first three cardiac cycles, to the fourth
        beat's Q (2.6 s at 72 bpm), or the whole sound if shorter.
    y : ndarray, keyword-only
        The sound, full scale 1.0, as :func:`murmur.synthesize` returns it
        (default: synthesize just the part shown).
    timeline : Timeline, keyword-only
        Its timeline (default: the one synthesis returns, or built from case).
    title : str, keyword-only
        A heading put before the description, e.g. the preset name.
    fmax_hz : float, keyword-only
        Top of the spectrogram, Hz (default 1000).
    fig : Figure, keyword-only
        An empty figure to draw into, e.g. ``plt.figure()`` (default: a new
        Figure without pyplot, 12 in wide, 150 dpi).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from murmur import get_preset
    >>> fig = case_figure(get_preset("mr-moderate").case, title="mr-moderate")
    >>> [ax.get_gid() for ax in fig.axes]
    ['waveform', 'spectrogram', 'colorbar']
    >>> [t.get_text() for t in fig.axes[0].texts][:3]
    ['S1', 'M1 T1', 'S2']
    """
    y, timeline, shown = _case_signal(case, y, timeline, seconds_shown)
    return _build(fig, [case], [y], [timeline], shown, [title], fmax_hz, compare=False)


def compare_figure(
    cases: Sequence[Case],
    *,
    names: Sequence[str] | None = None,
    seconds_shown: float | None = None,
    fmax_hz: float = 1000.0,
    fig: Figure | None = None,
) -> Figure:
    """Several cases stacked on the same time, amplitude and colour scales.

    Each case is a waveform row and a spectrogram row, as in
    :func:`case_figure` (big labels only: S1, S2, S3, S4, click). Every
    waveform panel has the same y-limits and every spectrogram the same colour
    limits, so a difference in the figure is a difference in the sound.
    ``fig.axes`` holds each case's waveform and spectrogram in turn, then one
    colour bar per spectrogram.

    Parameters
    ----------
    cases : sequence of Case
        One to six cases, top to bottom.
    names : sequence of str, keyword-only
        A heading for each case (default: its description).
    seconds_shown : float, keyword-only
        Seconds shown of every case (default: three cardiac cycles of the
        slowest case, capped by the shortest sound).
    fmax_hz, fig
        As in :func:`case_figure`.

    Examples
    --------
    >>> from murmur import get_preset
    >>> fig = compare_figure([get_preset(n).case for n in ("normal", "mr-severe")], names=["normal", "severe"])
    >>> len(fig.axes), fig.axes[0].get_ylim() == fig.axes[2].get_ylim()
    (6, True)
    """
    cases = list(cases)
    if not 1 <= len(cases) <= 6:
        raise ParameterError(f"compare shows 1 to 6 cases; got {len(cases)}.", param="cases")
    if names is not None and len(names) != len(cases):
        raise ParameterError(f"names must have one entry per case ({len(cases)}); got {len(names)}.", param="names")
    if seconds_shown is None:
        seconds_shown = min(max(_default_shown(c, c.duration_s) for c in cases), *(c.duration_s for c in cases))
    signals = [_case_signal(c, None, None, seconds_shown) for c in cases]
    ys, timelines = [s[0] for s in signals], [s[1] for s in signals]
    headings = list(names) if names is not None else [None] * len(cases)
    return _build(fig, cases, ys, timelines, signals[0][2], headings, fmax_hz, compare=True)


def save_figure(fig: Figure, path: str | os.PathLike[str]) -> Path:
    """Write a figure as PNG, SVG or PDF (from the suffix), atomically, at 150 dpi.

    The file is written under a temporary name in the destination folder and
    renamed into place, so a half-written figure never appears under its
    name. No dates are written, so the same figure gives the same bytes. The
    figure is not closed.

    Parameters
    ----------
    fig : Figure
    path : path-like
        Ends in .png, .svg or .pdf; its folder must exist and be writable.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> save_figure(Figure(), "figure.gif")
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: figure file must end in .png, .svg or .pdf; got '.gif' in 'figure.gif'.
    """
    p = check_figure_path(path)
    fmt = FIGURE_FORMATS[p.suffix.lower()]
    # murmur is named as the software, so a later export knows it may replace the file.
    metadata = {
        "pdf": {"CreationDate": None, "Creator": "murmur"},
        "svg": {"Date": None, "Creator": "murmur"},
        "png": {"Software": "murmur"},
    }[fmt]
    # A fixed salt makes the SVG element ids, and so the file, reproducible.
    with atomic_paths(p, param="figure") as (tmp,), rc_context({"svg.hashsalt": "murmur"}):
        fig.savefig(tmp, format=fmt, dpi=_DPI, metadata=metadata, facecolor="white")
    return p


def check_figure_path(path: str | os.PathLike[str], *, param: str = "figure") -> Path:
    """Check a figure destination (suffix, folder); errors name ``param`` (the CLI's option)."""
    raw = os.fspath(path)  # as given: Path("x.png/") would drop the slash and write x.png
    p = Path(raw)
    if raw and not raw.endswith(("/", os.sep)) and p.suffix.lower() not in FIGURE_FORMATS:
        got = repr(p.suffix) if p.suffix else "no suffix"
        raise ParameterError(
            f"{param} file must end in .png, .svg or .pdf; got {got} in {shorten(raw)!r}.", param=param
        )
    return check_output_path(raw, suffix=p.suffix.lower() or ".png", param=param)


def write_case_figure(
    case: Case,
    path: str | os.PathLike[str],
    *,
    seconds_shown: float | None = None,
    y: FloatArray | None = None,
    timeline: Timeline | None = None,
    title: str | None = None,
) -> Path:
    """Build :func:`case_figure`, save it with :func:`save_figure`, and let it go.

    Fits the ``figure(case, png_path)`` hook of :func:`murmur.teach.lecture.write_lecture`
    and figure exports. The path is checked before anything is drawn; the
    figure is never registered with pyplot, so nothing stays open.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_case_figure(Case(duration_s=2, sr=8000), Path(d) / "normal.png").name
    'normal.png'
    """
    check_figure_path(path)
    fig = case_figure(case, seconds_shown=seconds_shown, y=y, timeline=timeline, title=title)
    try:
        return save_figure(fig, path)
    finally:
        fig.clear()



# --- The Wiggers diagram -------------------------------------------------------
#: Panels top to bottom: (gid, height in, y label).
_WIGGERS_PANELS = (
    ("ecg", 1.05, "ECG\n(mV)"),
    ("pressure", 2.7, "pressure\n(mmHg)"),
    ("volume", 1.35, "LV volume\n(mL)"),
    ("flow", 1.6, "mitral flow\n(mL/s)"),
    ("pcg", 1.7, "heard\nsound"),
)
_W_WIDTH_IN, _W_LEFT_IN, _W_RIGHT_IN, _W_GAP_IN = 12.0, 1.35, 2.75, 0.12
_W_TITLE_IN, _W_BAND_IN, _W_BOTTOM_IN, _W_NOTE_IN = 0.8, 0.9, 0.62, 0.26
_W_TITLE_CHARS = 104  # characters of title that fit the Wiggers figure
# Okabe & Ito colours: aorta vermillion, LV black, LA and mitral inflow blue, regurgitation orange.
_W_COLOUR = {"ao": "#D55E00", "lv": "0.1", "la": "#0072B2", "mitral": "#0072B2", "mr": "#E69F00"}
_ISOVOLUMIC_COLOUR = "0.6"
#: A heard S2 further than this from the model's AC gets a note under the figure, ms.
_W_AGREE_MS = 15.0


def _above(ax, pts: float):
    """x in data, y ``pts`` points above the top of ``ax``."""
    from matplotlib.transforms import ScaledTranslation

    up = ax.transAxes + ScaledTranslation(0, pts / 72.0, ax.figure.dpi_scale_trans)
    return blended_transform_factory(ax.transData, up)


def _wiggers_top_band(ax, data) -> None:
    """Valve events above the top panel (in two rows when close), systole and diastole above them."""
    events = data.valve_events
    pt_per_ms = (_W_WIDTH_IN - _W_LEFT_IN - _W_RIGHT_IN) * 72.0 / data.rr_ms
    widths = [0.8 * len(n) * _MAIN_PT for n, _ in events]  # bold capitals
    rows = stagger([t * pt_per_ms for _, t in events], widths, gap=4.0, max_levels=2)
    for (name, t), row in zip(events, rows, strict=True):
        ax.text(t, 1.0, name, transform=_above(ax, 3 + row * 1.15 * _MAIN_PT), ha="center", va="bottom",
                fontsize=_MAIN_PT, weight="bold", gid=f"valve-label:{name}")  # fmt: skip
    c, y_pt = data.cycle, 8 + (max(rows) + 1) * 1.15 * _MAIN_PT
    for name, a, b, colour in (
        ("diastole", 0.0, c.m1_ms, _DIASTOLE_COLOUR),
        ("systole", c.m1_ms, c.a2_ms, _SYSTOLE_COLOUR),
        ("diastole", c.a2_ms, data.rr_ms, _DIASTOLE_COLOUR),
    ):
        ax.plot([a + 2, b - 2], [1.0, 1.0], transform=_above(ax, y_pt), color=colour, lw=4, solid_capstyle="butt",
                clip_on=False, gid=f"phase:{name}")  # fmt: skip
        if (b - a) * pt_per_ms > 0.62 * len(name) * (_SUB_PT + 1) + 8:
            ax.text((a + b) / 2, 1.0, name, transform=_above(ax, y_pt + 4), ha="center", va="bottom",
                    fontsize=_SUB_PT + 1, weight="bold", color="0.2", gid=f"phase-label:{name}")  # fmt: skip


def _wiggers_pcg(ax, data) -> None:
    """The heard beat, its sounds named at the top of the panel (rows when crowded)."""
    y = data.pcg_y
    peak = float(np.max(np.abs(y))) or 1.0
    ax.plot(data.pcg_t_ms, y, color="0.1", lw=0.6, gid="pcg", zorder=2)
    ax.set_ylim(-1.1 * peak, 2.4 * peak)  # the top holds the labels
    ax.set_yticks([])
    pt_per_s = (_W_WIDTH_IN - _W_LEFT_IN - _W_RIGHT_IN) * 72.0 / (data.rr_ms / 1000.0)
    rr_s = data.heard.beats[0].rr_s
    labels, rows = place_labels(event_labels(data.heard, 0.0, rr_s), pt_per_s, main_pt=_MAIN_PT, sub_pt=_SUB_PT)
    for e in data.heard.beats[0].events:
        ax.axvline(e.time_s * 1000.0, color="0.35", lw=0.8, ls=(0, (2, 2)), zorder=1, gid=f"heard-line:{e.kind}")
    xa = blended_transform_factory(ax.transData, ax.transAxes)
    bbox = dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.85)
    # rows hang down from the top, each as tall as its big label and its longest small one
    heights = [
        max((1.2 * _MAIN_PT + 1.18 * _SUB_PT * lb.n_sub_lines for lb, r in zip(labels, rows, strict=True) if r == k),
            default=0.0)
        for k in range(max(rows, default=0) + 1)
    ]  # fmt: skip
    for lb, row in zip(labels, rows, strict=True):
        at = dict(xy=(lb.time_s * 1000.0, 1.0), xycoords=xa, textcoords="offset points", ha=lb.ha, va="top")
        y_pt = -4 - sum(heights[:row])
        ax.annotate(lb.text, xytext=(0, y_pt), fontsize=_MAIN_PT, weight="bold", bbox=bbox, gid=f"label:{lb.text}",
                    **at)  # fmt: skip
        if lb.sub:
            ax.annotate(lb.sub, xytext=(0, y_pt - 1.2 * _MAIN_PT), fontsize=_SUB_PT, linespacing=1.0, color="0.25",
                        bbox=bbox, gid=f"sub:{lb.text}", **at)  # fmt: skip


def _wiggers_notes(data) -> list[str]:
    """Where the figure does not agree with itself, one sentence each (shown under it)."""
    c, notes = data.cycle, []
    if c.a2_ms - c.aortic_closure_ms > 5.0:
        notes.append(
            "AC is drawn at the clinical A2 (the model's, held back by the QS2 clamp of physiology.md section 4); "
            f"the model's LV pressure already falls below the aortic {c.a2_ms - c.aortic_closure_ms:.0f} ms earlier."
        )
    heard_a2 = data.heard_ms.get("A2")
    if heard_a2 is not None and abs(heard_a2 - c.a2_ms) > _W_AGREE_MS:
        notes.append(
            f"The heard A2 is {abs(heard_a2 - c.a2_ms):.0f} ms {'after' if heard_a2 > c.a2_ms else 'before'} "
            "AC: the sound's timing does not yet follow the circulation model in this case."
        )
    return notes


def wiggers_figure(case: Case | str, *, fig: Figure | None = None) -> Figure:
    """The Wiggers diagram of a case: one beat of the circulation model over the beat that is heard.

    Five panels share one time axis in ms after the ECG Q (``fig.axes``,
    gids ``'ecg'``, ``'pressure'``, ``'volume'``, ``'flow'``, ``'pcg'``): the
    ECG; aortic, LV and LA pressure (mmHg); LV volume (mL); flow through the
    mitral valve and, in MR only, through the regurgitant orifice (mL/s,
    positive LV to LA); and the heard beat with its sounds named (S1 "M1 T1",
    S2 "A2 P2", S3, S4, click). Thin lines across every panel mark the valve
    events MC (mitral closure, M1), AO (aortic opening), AC (aortic closure,
    A2) and MO (mitral opening), named above the top panel with systole and
    diastole; the isovolumic phases (MC to AO, AC to MO) are shaded grey.
    The title is the case's description, with EROA, RVol and RF in MR. What
    is drawn is computed by :func:`murmur.view.plotdata.wiggers_data`.

    Parameters
    ----------
    case : Case or str
        The case, or a preset name.
    fig : Figure, keyword-only
        An empty figure to draw into (default: a new Figure without pyplot,
        12 in wide, 150 dpi).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ParameterError
        The circulation model does not cover the case (mitral valve prolapse,
        a rate outside 40-150 bpm), from
        :func:`murmur.physio.circulation.case_model`; or ``fig`` is not empty.

    Examples
    --------
    >>> fig = wiggers_figure("mr-severe")
    >>> [ax.get_gid() for ax in fig.axes]
    ['ecg', 'pressure', 'volume', 'flow', 'pcg']
    >>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_gid().startswith("valve-label"))
    ['AC', 'AO', 'MC', 'MO']
    """
    data = wiggers_data(case)
    case, c = data.case, data.cycle
    fig = fig if fig is not None else Figure(dpi=_DPI)
    if fig.axes:
        raise ParameterError("fig must be an empty figure; got one that already has axes.", param="fig")
    notes = [line for note in _wiggers_notes(data) for line in textwrap.wrap(note, 120)]
    panels_in = sum(h for _, h, _ in _WIGGERS_PANELS) + _W_GAP_IN * (len(_WIGGERS_PANELS) - 1)
    title = f"{case.describe()}\nWiggers diagram: one beat of the circulation model over the heard beat"
    if c.eroa_cm2 > 0:
        title = (
            f"{case.describe()}\nWiggers diagram; EROA {c.eroa_cm2:.2f} cm\u00b2, regurgitant volume "
            f"{c.regurgitant_volume_ml:.0f} mL, regurgitant fraction {100 * c.regurgitant_fraction:.0f} %"
        )
    title_lines = wrap_title(title.split("\n"), width=_W_TITLE_CHARS)
    title = "\n".join(title_lines)
    title_in = _W_TITLE_IN + _TITLE_LINE_IN * max(len(title_lines) - 2, 0)
    height = title_in + _W_BAND_IN + panels_in + _W_BOTTOM_IN + _W_NOTE_IN * len(notes)
    fig.set_size_inches(_W_WIDTH_IN, height)
    x0, w = _W_LEFT_IN / _W_WIDTH_IN, (_W_WIDTH_IN - _W_LEFT_IN - _W_RIGHT_IN) / _W_WIDTH_IN
    top, axes = height - title_in - _W_BAND_IN, {}
    for gid, h, ylabel in _WIGGERS_PANELS:
        top -= h
        ax = fig.add_axes((x0, top / height, w, h / height), sharex=axes.get("ecg"))
        top -= _W_GAP_IN
        ax.set_gid(gid)
        ax.set_ylabel(ylabel, fontsize=_AXLABEL_PT)
        ax.tick_params(labelsize=_TICK_PT, labelbottom=gid == "pcg")
        for _, a, b in data.isovolumic_ms:
            ax.axvspan(a, b, color=_ISOVOLUMIC_COLOUR, alpha=0.22, lw=0, zorder=0, gid="isovolumic")
        for name, t in data.valve_events:
            ax.axvline(t, color="0.3", lw=0.9, zorder=1, gid=f"valve:{name}")
        axes[gid] = ax
    t = data.t_ms
    ax = axes["ecg"]
    ax.plot(t, data.ecg_mv, color="0.1", lw=1.4, gid="ecg")
    ax.set_ylim(-0.45, 1.25)
    ax.set_yticks([0, 1])
    rr = data.rr_ms
    waves = [("T", data.t_peak_ms), ("P", rr - C.PR_MS + C.ECG_P_AFTER_PR_START_MS), ("R", rr)]
    for name, at_ms in [w for w in waves if w[0] != "P" or data.case.rhythm == "sinus"]:  # no P wave in AF
        i = int(np.argmin(np.abs(t - at_ms)))
        right = name == "R"  # the next beat's R, at the right edge
        ax.annotate(name, xy=(t[i], data.ecg_mv[i]), xytext=(-6 if right else 0, -2 if right else 4),
                    textcoords="offset points", ha="right" if right else "center", va="top" if right else "bottom",
                    fontsize=_SUB_PT, color="0.3", gid=f"ecg-label:{name}")  # fmt: skip
    ax = axes["pressure"]
    for key, trace, label in (
        ("ao", c.p_ao_mmhg, "aorta"), ("lv", c.p_lv_mmhg, "left ventricle"), ("la", c.p_la_mmhg, "left atrium"),
    ):  # fmt: skip
        ax.plot(t, trace, color=_W_COLOUR[key], lw=2.0, label=label, gid=f"p_{key}")
    ax.set_ylim(0, max(140.0, 1.08 * float(c.p_lv_mmhg.max())))
    if c.eroa_cm2 > 0:  # the v wave: the LA filled from the LV as well as the veins
        i = int(np.argmax(np.where((t > c.m1_ms) & (t < c.mitral_opening_ms), c.p_la_mmhg, -np.inf)))
        ax.annotate(f"v wave {c.p_la_mmhg[i]:.0f} mmHg", xy=(t[i], c.p_la_mmhg[i]), xytext=(18, 22),
                    textcoords="offset points", fontsize=_SUB_PT, color=_W_COLOUR["la"], gid="v-wave",
                    bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.85),
                    arrowprops=dict(arrowstyle="-", color=_W_COLOUR["la"], lw=0.8))  # fmt: skip
    ax = axes["volume"]
    ax.plot(t, c.v_lv_ml, color=_W_COLOUR["lv"], lw=2.0, gid="v_lv")
    lo, hi = float(c.v_lv_ml.min()), float(c.v_lv_ml.max())
    ax.set_ylim(lo - 0.15 * (hi - lo), hi + 0.2 * (hi - lo))
    ax.set_yticks([round(lo), round(hi)])
    ax = axes["flow"]
    ax.axhline(0, color="0.5", lw=0.6, zorder=1)
    ax.plot(t, c.q_mitral_ml_s, color=_W_COLOUR["mitral"], lw=2.0, label="mitral valve (LA to LV)", gid="q_mitral")
    if c.eroa_cm2 > 0:
        ax.plot(t, c.q_regurgitant_ml_s, color=_W_COLOUR["mr"], lw=2.0, label="regurgitant (LV to LA)",
                gid="q_regurgitant")  # fmt: skip
    ax.yaxis.set_major_locator(MaxNLocator(3))
    _wiggers_pcg(axes["pcg"], data)
    axes["pcg"].set_xlabel("time after the ECG Q (ms)", fontsize=_AXLABEL_PT)
    axes["ecg"].set_xlim(0.0, data.rr_ms)
    _wiggers_top_band(axes["ecg"], data)
    legend = dict(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=_SUB_PT + 1,
                  handlelength=1.4, borderaxespad=0.0)  # fmt: skip
    iso = "isovolumic\ncontraction (MC-AO)\nand relaxation\n(AC-MO)"
    handles = [Patch(color=_ISOVOLUMIC_COLOUR, alpha=0.4, label=iso)]
    axes["ecg"].legend(handles=handles, **legend)
    axes["pressure"].legend(**legend)
    axes["flow"].legend(**legend)
    x_text = 0.25 / _W_WIDTH_IN  # title and notes start near the left edge: they are long lines
    fig.suptitle(title, x=x_text, y=1 - 0.12 / height, ha="left", va="top", fontsize=_TITLE_PT, linespacing=1.3)
    for i, note in enumerate(notes):
        y_note = (_W_NOTE_IN * (len(notes) - i) - 0.06) / height
        fig.text(x_text, y_note, note, fontsize=_SUB_PT - 1, color="0.25", va="top", gid="note")
    return fig


def write_wiggers_figure(case: Case, path: str | os.PathLike[str]) -> Path:
    """Build :func:`wiggers_figure`, save it with :func:`save_figure`, and let it go.

    The path is checked before anything is computed. Fits the ``wiggers``
    hook of :func:`murmur.teach.lecture.write_lecture`.
    """
    check_figure_path(path)
    fig = wiggers_figure(case)
    try:
        return save_figure(fig, path)
    finally:
        fig.clear()
