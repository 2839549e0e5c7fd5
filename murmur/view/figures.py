"""The figure of a case: its waveform and spectrogram, every event labelled; and several cases compared.

What a student should see at a glance: in mitral regurgitation a plateau of
noise fills the gap between S1 and S2 in the waveform, and a band of energy at
150-600 Hz fills systole in the spectrogram, bracketed beside it. Every event
is read from the :class:`~murmur.physio.timeline.Timeline`, never re-detected
from the sound; what to draw where is computed, without matplotlib, in
:mod:`murmur.view.plotdata` and :mod:`murmur.view.labels`.

Figures are :class:`matplotlib.figure.Figure` objects made without pyplot, so
no display is needed and nothing is left open; to draw into a pyplot window
pass ``fig=plt.figure()``. ``import murmur`` never imports this module.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Polygon
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory

from ..case import Case
from ..errors import ParameterError
from ..physio.timeline import Timeline, build_timeline
from ..units import FloatArray
from .labels import event_labels, place_band_labels, place_labels, row_bases, wrap_title
from .plotdata import Geometry, band_brackets, check_seconds_shown, default_seconds_shown, phase_spans, span_outline
from .spectrogram import MIN_HOP_S, spectrogram_db
from .style import (
    AXLABEL_PT,
    DIASTOLE_COLOUR,
    DPI,
    MAIN_PT,
    OTHER_SPAN_COLOUR,
    SPAN_COLOUR,
    SUB_PT,
    SYSTOLE_COLOUR,
    TICK_PT,
    TITLE_LINE_IN,
    TITLE_PT,
)

__all__ = ["case_figure", "compare_figure", "SPEC_TOP_DB", "SPEC_RANGE_DB", "DEFAULT_CYCLES"]


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
# magma is perceptually uniform and stays ordered in grey and for colour-blind viewers.
_CMAP = "magma"
_CBAR_W_IN, _CBAR_GAP_IN = 0.18, 0.36
_SINGLE, _COMPARE = Geometry(), Geometry(wave_in=1.45, spec_in=1.6)
_SPAN_BAND = 0.2  # bottom share of the waveform panel kept for the murmur bars


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
        colour, alpha = (SYSTOLE_COLOUR, 0.22) if phase == "systole" else (DIASTOLE_COLOUR, 0.13)
        ax.axvspan(a, b, color=colour, alpha=alpha, lw=0, gid=phase, zorder=0)
    ax.plot(np.arange(len(y)) / sr, y, color="0.1", lw=0.7, gid="waveform", zorder=2)
    ax.set(xlim=(0.0, shown_s), ylim=ylim)
    # Amplitude ticks only where the waveform is, not in the murmur-bar band.
    ax.set_yticks([v for v in MaxNLocator(4, symmetric=True).tick_values(-ylim[1], ylim[1]) if abs(v) <= ylim[1]])
    xa = blended_transform_factory(ax.transData, ax.transAxes)
    bases = row_bases(labels, levels, main_pt=MAIN_PT, sub_pt=SUB_PT)[0]
    for lb, lv in zip(labels, levels, strict=True):
        for t_s in lb.times_s:
            if 0.0 <= t_s <= shown_s:
                ax.axvline(t_s, color="0.35", lw=0.8, ls=(0, (2, 2)), zorder=1, gid=f"event-line:{lb.text}")
        # Big labels of a row share a baseline; small labels hang below them.
        at = dict(xy=(lb.time_s, 1.0), xycoords=xa, xytext=(0, bases[lv]), textcoords="offset points", ha=lb.ha)
        ax.annotate(lb.text, va="bottom", fontsize=MAIN_PT, weight="bold", gid=f"label:{lb.text}", **at)
        if lb.sub:
            ax.annotate(lb.sub, va="top", fontsize=SUB_PT, linespacing=1.0, color="0.2", gid=f"sub:{lb.text}", **at)
    for span in timeline.murmurs():
        a, b = max(span.start_s, 0.0), min(span.end_s, shown_s)
        if b <= a:
            continue
        colour = SPAN_COLOUR.get(span.kind, OTHER_SPAN_COLOUR)
        outline = span_outline(span, a, b, lo=0.02, hi=0.085)
        ax.add_patch(Polygon(outline, transform=xa, color=colour, alpha=0.85, lw=0, gid=f"span:{span.kind}"))
        if 0.62 * len(span.kind) * SUB_PT <= 1.15 * (b - a) * _SINGLE.panel_pt / shown_s:  # else: the legend
            kw = dict(ha="center", va="bottom", fontsize=SUB_PT, weight="bold", color=colour, clip_on=True)
            ax.text((a + b) / 2, 0.095, span.kind, transform=xa, gid=f"spanlabel:{span.kind}", **kw)
    ax.set_ylabel("amplitude", fontsize=AXLABEL_PT)
    ax.tick_params(labelsize=TICK_PT, labelbottom=False)
    ax.set_gid("waveform")


def _draw_spectrogram(ax, y, sr, timeline, shown_s, fmax_hz, height_pt):
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
    # A bracket outside the right edge over the band of each murmur shown, in its colour, with its label.
    brackets = band_brackets(timeline, 0.0, shown_s, fmax_hz=fmax_hz)
    texts, centres_hz, font_pt = place_band_labels(brackets, fmax_hz=fmax_hz, height_pt=height_pt, font_pt=SUB_PT)
    ya = blended_transform_factory(ax.transAxes, ax.transData)
    for bracket, text, centre_hz in zip(brackets, texts, centres_hz, strict=True):
        lo_hz, hi_hz = bracket.lo_hz, min(bracket.hi_hz, fmax_hz)
        colour = SPAN_COLOUR.get(bracket.kind, OTHER_SPAN_COLOUR)
        x, y_hz = [1.003, 1.01, 1.01, 1.003], [lo_hz, lo_hz, hi_hz, hi_hz]
        ax.plot(x, y_hz, transform=ya, color=colour, lw=1.5, clip_on=False, gid=f"band:{bracket.label}")
        ax.text(1.014, centre_hz, text, transform=ya, rotation=90, va="center", color=colour, fontsize=font_pt,
                gid=f"band-label:{bracket.label}")  # fmt: skip
    ax.set(xlim=(0.0, shown_s), ylim=(0.0, fmax_hz))
    ax.set_ylabel("frequency (Hz)", fontsize=AXLABEL_PT)
    ax.set_xlabel("time (s)", fontsize=AXLABEL_PT)
    ax.tick_params(labelsize=TICK_PT)
    ax.set_gid("spectrogram")
    return image


def _build(fig, cases, ys, timelines, shown, headings, fmax_hz, *, compare: bool) -> Figure:
    fig = fig if fig is not None else Figure(dpi=DPI)
    if fig.axes:
        raise ParameterError("fig must be an empty figure; got one that already has axes.", param="fig")
    geometry = _COMPARE if compare else _SINGLE
    labels = [event_labels(tl, 0.0, shown) for tl in timelines]
    if compare:  # short rows: big labels only; case_figure shows the split
        labels = [[dataclasses.replace(lb, sub="") for lb in row] for row in labels]
    placed = [place_labels(lb, geometry.panel_pt / shown, main_pt=MAIN_PT, sub_pt=SUB_PT) for lb in labels]
    if compare:
        listen = {c.listening() for c in cases}
        title = "Same time, amplitude and colour scales" + (f"\n{listen.pop()}" if len(listen) == 1 else "")
    else:
        title = (f"{headings[0]}: " if headings[0] else "") + f"{cases[0].describe()}\n{cases[0].listening()}"
    title_lines = wrap_title(title.split("\n"))
    if not compare:  # a title wrapped to more than two lines takes more room
        extra = max(len(title_lines) - 2, 0)
        geometry = dataclasses.replace(geometry, title_in=geometry.title_in + TITLE_LINE_IN * extra)
    heading_pt = 1.2 * TITLE_PT + 2 if compare else 0.0
    bands = [row_bases(lb, lv, main_pt=MAIN_PT, sub_pt=SUB_PT)[1] + heading_pt for lb, lv in placed]
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
        images.append(_draw_spectrogram(ax_s, y, case.sr, tl, shown, fmax_hz, geometry.spec_in * 72.0))
        if compare:
            kw = dict(loc="left", fontsize=TITLE_PT, weight="bold", pad=band - heading_pt + 2)
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
        fig.colorbar(image, cax=cax, extend="both").set_label("dB re full scale", fontsize=SUB_PT + 1)
        cax.tick_params(labelsize=TICK_PT)
        cax.set_gid("colorbar")
    kinds = {m.kind for tl in timelines for m in tl.murmurs() if m.start_s < shown}
    handles = [
        Patch(color=SYSTOLE_COLOUR, alpha=0.45, label="systole\n(M1 to A2)"),
        Patch(color=DIASTOLE_COLOUR, alpha=0.35, label="diastole"),
        *[Patch(color=c, alpha=0.85, label=k) for k, c in SPAN_COLOUR.items() if k in kinds],
    ]
    kw = dict(loc="upper left", bbox_to_anchor=(1.005, 1.0), frameon=False, handlelength=1.2, borderaxespad=0.0)
    wave_axes[0].legend(handles=handles, fontsize=SUB_PT, **kw)
    x0, y0 = geometry.left_in / geometry.width_in, 1 - 0.12 / height_in
    fig.suptitle("\n".join(title_lines), x=x0, y=y0, ha="left", va="top", fontsize=TITLE_PT, linespacing=1.3)
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
