"""Figures: the waveform and spectrogram of a case, with every event labelled.

What a student should see at a glance: in mitral regurgitation a plateau of
noise fills the gap between S1 and S2 in the waveform, and a band of energy at
150-600 Hz fills systole in the spectrogram. Every event is read from the
:class:`~murmur.timeline.Timeline`, never re-detected from the sound.

This is the only module that imports matplotlib; ``import murmur`` never
imports it. Figures are made with :class:`matplotlib.figure.Figure` (not
pyplot), so no GUI backend is needed and nothing is left open; to draw into a
pyplot window pass ``fig=plt.figure()``.

Computing and drawing are separate: :func:`spectrogram_db`,
:func:`event_labels`, :func:`phase_spans` and :func:`stagger` are pure
functions of arrays and the timeline; the ``_draw_*`` helpers only draw.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Polygon
from matplotlib.transforms import blended_transform_factory

from .case import Case
from .errors import ParameterError
from .timeline import Timeline, build_timeline
from .wav import atomic_paths, check_output_path

__all__ = [
    "case_figure",
    "compare_figure",
    "save_figure",
    "write_case_figure",
    "spectrogram_db",
    "event_labels",
    "phase_spans",
    "stagger",
    "EventLabel",
    "FIGURE_FORMATS",
    "SPEC_TOP_DB",
    "SPEC_RANGE_DB",
]

FloatArray = np.ndarray

#: File formats :func:`save_figure` writes, by suffix.
FIGURE_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
#: Colour scale of every spectrogram, dB re a full-scale sine (the level stage
#: is a fixed calibration, so the same colour means the same level in every
#: case). Loudest heart sounds reach about -16 dB; the quiet background floor
#: sits near -70 dB: 60 dB below the top keeps the floor dark and puts a grade
#: 2-4 murmur band (-40 to -25 dB per bin) in the bright half.
SPEC_TOP_DB = -20.0
SPEC_RANGE_DB = 60.0
#: Hann window of 46 ms (2048 samples at 44.1 kHz): bins 21.5 Hz apart resolve
#: S3 (20-50 Hz) from the murmur band and draw the 150-600 Hz band edges
#: sharply, while a transient still smears over only about 25 ms (the -6 dB
#: width), so S1 and S2 stay distinct stripes 300 ms apart. The S2 split
#: (30-60 ms) is read from the waveform panel, where it is exact.
SPEC_WINDOW_S = 0.0464
#: Frame hop: at least 2 ms (over 95 % overlap), and never more frames than
#: about one per pixel column of the panel.
_MIN_HOP_S = 0.002
_MAX_FRAMES = 1500
#: Default window: the first three cardiac cycles, whatever the heart rate,
#: so labels are as far apart at 150 bpm as at 60 bpm.
DEFAULT_CYCLES = 3

# Okabe & Ito (2008) colour-blind-safe palette.
_OI = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
_SYSTOLE_COLOUR = _OI["orange"]
_DIASTOLE_COLOUR = _OI["sky"]
_SPAN_COLOUR = {"murmur": _OI["vermillion"], "rumble": _OI["blue"]}
_CMAP = "magma"  # perceptually uniform, readable in grey and by colour-blind viewers

# Sizes for projection: ticks >= 12 pt, axis labels >= 14 pt; inches and points.
_FIG_W_IN = 12.0
_DPI = 150
_TICK_PT, _AXLABEL_PT, _TITLE_PT, _MAIN_PT, _SUB_PT = 13, 15, 15, 15, 12
_LEFT_IN, _RIGHT_IN, _CBAR_W_IN, _CBAR_GAP_IN = 1.0, 1.45, 0.18, 0.12
_WAVE_H_IN, _SPEC_H_IN, _BOTTOM_IN, _TITLE_IN = 2.05, 2.35, 0.62, 0.78
_LINE_PT = 1.18  # line height / font size
_LABEL_GAP_PT = 3.0
_SPAN_BAND = 0.2  # bottom share of the waveform panel kept for murmur bars


@dataclass(frozen=True)
class EventLabel:
    """Where and what to write for one heart sound (one or two Timeline events).

    ``text`` is the big label (S1, S2, S3, S4, click); ``sub`` the small one
    below it ("M1 T1", "A2 P2\\n39 ms"); ``time_s`` the label's centre;
    ``kinds``/``times_s`` the Timeline events it stands for.
    """

    text: str
    sub: str
    time_s: float
    kinds: tuple[str, ...]
    times_s: tuple[float, ...]

    def width_pt(self) -> float:
        """Estimated width of the widest line, points (0.62 em per character)."""
        sub = max((len(s) for s in self.sub.split("\n")), default=0) * _SUB_PT if self.sub else 0
        return 0.62 * max(len(self.text) * _MAIN_PT, sub)

    def height_pt(self) -> float:
        """Height of the label block, points."""
        n_sub = len(self.sub.split("\n")) if self.sub else 0
        return _LINE_PT * (_MAIN_PT + n_sub * _SUB_PT)


def spectrogram_db(
    y: FloatArray, sr: int, *, fmax_hz: float = 1000.0, window_s: float = SPEC_WINDOW_S, hop_s: float = _MIN_HOP_S
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Short-time magnitude spectrum in dB re a full-scale sine.

    Parameters
    ----------
    y : ndarray, shape (n,)
        Signal, full scale 1.0.
    sr : int
        Sample rate, Hz.
    fmax_hz : float, keyword-only
        Highest frequency kept, Hz (0 < fmax_hz <= sr / 2).
    window_s : float, keyword-only
        Length of the Hann window, s (default 46.4 ms).
    hop_s : float, keyword-only
        Time between frames, s (default 2 ms).

    Returns
    -------
    t_s : ndarray, shape (n_frames,)
        Frame centres, s; the first is at 0, the last before ``n / sr``.
    f_hz : ndarray, shape (n_freqs,)
        Bin frequencies, 0 to ``fmax_hz``.
    s_db : ndarray, shape (n_freqs, n_frames)
        ``20 log10 |X|`` with one-sided magnitude scaling, so a sine of
        amplitude 1 centred on a bin reads 0 dB; floored at -300 dB.

    Examples
    --------
    >>> sr = 8000
    >>> y = 0.5 * np.sin(2 * np.pi * 250 * np.arange(sr) / sr)
    >>> t_s, f_hz, s_db = spectrogram_db(y, sr)
    >>> float(f_hz[np.argmax(s_db[:, 250])]), round(float(s_db[:, 250].max()))
    (250.0, -6)
    """
    from scipy.signal import ShortTimeFFT
    from scipy.signal.windows import hann

    if not 0 < fmax_hz <= sr / 2:
        raise ParameterError(f"fmax_hz must be between 0 and sr/2 = {sr / 2:g} Hz; got {fmax_hz:g}.", param="fmax_hz")
    n_win = max(8, int(round(window_s * sr)))
    hop = max(1, int(round(hop_s * sr)))
    stft = ShortTimeFFT(
        hann(n_win, sym=False), hop, sr, fft_mode="onesided2X", mfft=2 ** math.ceil(math.log2(n_win)),
        scale_to="magnitude",
    )
    keep = stft.f <= fmax_hz
    p1 = max(1, math.ceil(len(y) / hop))
    # Frames in chunks, keeping only the bins <= fmax_hz: memory stays small
    # even for a long case at full rate.
    cols = []
    for p0 in range(0, p1, 256):
        x = stft.stft(np.asarray(y, dtype=float), p0=p0, p1=min(p0 + 256, p1))
        cols.append(np.abs(x[keep]))
    mag = np.concatenate(cols, axis=1)
    return stft.t(len(y), p0=0, p1=p1), stft.f[keep], 20.0 * np.log10(np.maximum(mag, 1e-15))


def phase_spans(timeline: Timeline, t0_s: float, t1_s: float) -> list[tuple[str, float, float]]:
    """Systole ``[M1, A2]`` of each beat and the diastole between, clipped to the window.

    Returns ``(phase, start_s, end_s)`` with phase ``'systole'`` or
    ``'diastole'``, in time order; the window before the first M1 is the end
    of a diastole.

    Examples
    --------
    >>> tl = build_timeline(Case(heart_rate_bpm=60, duration_s=3))
    >>> [p for p, _, _ in phase_spans(tl, 0.0, 2.0)]
    ['diastole', 'systole', 'diastole', 'systole', 'diastole']
    """
    edges: list[tuple[str, float]] = [("diastole", t0_s)]
    for beat in timeline.beats:
        m1, a2 = beat.event("M1"), beat.event("A2")
        if m1 is not None and a2 is not None:
            edges += [("systole", m1.time_s), ("diastole", a2.time_s)]
    out = []
    for (phase, a), (_, b) in zip(edges, [*edges[1:], ("", math.inf)]):
        lo, hi = max(a, t0_s), min(b, t1_s)
        if hi > lo:
            out.append((phase, lo, hi))
    return out


def event_labels(timeline: Timeline, t0_s: float, t1_s: float) -> list[EventLabel]:
    """One label per heart sound with an event in ``[t0_s, t1_s]``, in time order.

    M1 and T1 (10-40 ms apart) share one "S1" label and A2 and P2 one "S2"
    label with the split in ms, so labels never sit closer than their sounds.

    Examples
    --------
    >>> tl = build_timeline(Case(finding="mvp", duration_s=2))
    >>> [(lb.text, lb.sub) for lb in event_labels(tl, 0.0, 0.9)]
    [('S1', 'M1 T1'), ('click', ''), ('S2', 'A2 P2\\n39 ms')]
    """
    out = []
    for beat in timeline.beats:
        groups: list[tuple[str, str, list]] = []
        s1 = [e for e in beat.events if e.kind in ("M1", "T1")]
        s2 = [e for e in beat.events if e.kind in ("A2", "P2")]
        if s1:
            groups.append(("S1", " ".join(e.kind for e in s1), s1))
        if s2:
            split = f"\n{beat.split_ms:.0f} ms" if len(s2) == 2 else ""
            groups.append(("S2", " ".join(e.kind for e in s2) + split, s2))
        groups += [(e.kind, "", [e]) for e in beat.events if e.kind in ("S3", "S4", "click")]
        for text, sub, events in groups:
            times = tuple(e.time_s for e in events)
            if any(t0_s <= t <= t1_s for t in times):
                centre = min(max(float(np.mean(times)), t0_s), t1_s)
                out.append(EventLabel(text, sub, centre, tuple(e.kind for e in events), times))
    return sorted(out, key=lambda lb: lb.time_s)


def stagger(centres: Sequence[float], widths: Sequence[float], *, gap: float = 0.0, max_levels: int = 3) -> list[int]:
    """Row of each label so that labels in one row never overlap.

    Labels are placed left to right, each in the lowest row whose last label
    ends at least ``gap`` before it starts; when every row is taken, in the row
    that frees up first. Centres, widths and gap share one unit.

    Examples
    --------
    >>> stagger([0.0, 0.5, 3.0], [1.0, 1.0, 1.0])
    [0, 1, 0]
    """
    levels = [0] * len(centres)
    ends = [-math.inf] * max_levels
    for i in sorted(range(len(centres)), key=lambda k: centres[k]):
        left = centres[i] - widths[i] / 2
        free = [lv for lv in range(max_levels) if left >= ends[lv] + gap]
        levels[i] = free[0] if free else int(np.argmin(ends))
        ends[levels[i]] = centres[i] + widths[i] / 2
    return levels


def _shown_window(case: Case, timeline: Timeline | None, seconds_shown: float | None, limit_s: float) -> float:
    if seconds_shown is None:
        tl = timeline if timeline is not None else build_timeline(case, duration_s=min(limit_s, 10.0 * case.rr_s))
        qs = [b.q_s for b in tl.beats]
        return min(limit_s, qs[DEFAULT_CYCLES]) if len(qs) > DEFAULT_CYCLES else limit_s
    if not (isinstance(seconds_shown, (int, float)) and 0.1 <= seconds_shown <= limit_s):
        raise ParameterError(
            f"seconds_shown must be between 0.1 and {limit_s:g} s (the length of the sound); got {seconds_shown!r}.",
            param="seconds_shown",
        )
    return float(seconds_shown)


def _case_signal(
    case: Case, y: FloatArray | None, timeline: Timeline | None, seconds_shown: float | None
) -> tuple[FloatArray, Timeline, float]:
    """The shown signal and the timeline; synthesizes only what is shown."""
    from .synth import synthesize

    limit_s = case.duration_s if y is None else len(y) / case.sr
    shown = _shown_window(case, timeline, seconds_shown, limit_s)
    if y is None:
        # A little past the window, so the fade-out of a shortened render is
        # never shown; samples before it equal those of the whole case.
        part = dataclasses.replace(case, duration_s=max(0.5, min(case.duration_s, shown + 0.25)))
        y, tl = synthesize(part)
        timeline = timeline if timeline is not None else tl
    if timeline is None:
        timeline = build_timeline(case)
    return np.asarray(y, dtype=float)[: int(round(shown * case.sr))], timeline, shown


def _levels(labels: list[EventLabel], shown_s: float) -> list[int]:
    px_per_s = (_FIG_W_IN - _LEFT_IN - _RIGHT_IN) * 72.0 / shown_s  # points per second
    return stagger(
        [lb.time_s * px_per_s for lb in labels], [lb.width_pt() for lb in labels], gap=6.0, max_levels=3
    )


def _band_pt(labels: list[EventLabel], levels: list[int]) -> float:
    """Height of the label band above a waveform panel, points."""
    step = max((lb.height_pt() for lb in labels), default=_MAIN_PT) + _LABEL_GAP_PT
    return _LABEL_GAP_PT + step * (max(levels, default=0) + 1)


def _draw_waveform(ax, y, sr, timeline, shown_s, ylim, labels, levels) -> None:
    t = np.arange(len(y)) / sr
    for phase, a, b in phase_spans(timeline, 0.0, shown_s):
        colour = _SYSTOLE_COLOUR if phase == "systole" else _DIASTOLE_COLOUR
        ax.axvspan(a, b, color=colour, alpha=0.22 if phase == "systole" else 0.13, lw=0, gid=phase, zorder=0)
    ax.plot(t, y, color="0.1", lw=0.7, gid="waveform", zorder=2)
    ax.set_ylim(*ylim)
    ax.set_xlim(0.0, shown_s)
    step = max((lb.height_pt() for lb in labels), default=_MAIN_PT) + _LABEL_GAP_PT
    xa = blended_transform_factory(ax.transData, ax.transAxes)
    for lb, lv in zip(labels, levels):
        for t_ev in lb.times_s:
            if 0.0 <= t_ev <= shown_s:
                ax.axvline(t_ev, color="0.35", lw=0.8, ls=(0, (2, 2)), zorder=1, gid=f"event-line:{lb.text}")
        base = _LABEL_GAP_PT + lv * step
        n_sub = len(lb.sub.split("\n")) if lb.sub else 0
        common = dict(xy=(lb.time_s, 1.0), xycoords=xa, textcoords="offset points", ha="center", va="bottom")
        ax.annotate(lb.text, xytext=(0, base + _LINE_PT * n_sub * _SUB_PT), fontsize=_MAIN_PT, weight="bold",
                    annotation_clip=False, gid=f"label:{lb.text}", **common)
        if lb.sub:
            ax.annotate(lb.sub, xytext=(0, base), fontsize=_SUB_PT, linespacing=1.0, color="0.2",
                        annotation_clip=False, gid=f"sublabel:{lb.text}", **common)
    for span in timeline.murmurs():
        a, b = max(span.start_s, 0.0), min(span.end_s, shown_s)
        if b <= a:
            continue
        colour = _SPAN_COLOUR.get(span.kind, _OI["purple"])
        ax.add_patch(Polygon(_span_outline(span, a, b), closed=True, transform=xa, color=colour, alpha=0.85,
                             lw=0, gid=f"span:{span.kind}"))
        ax.text((a + b) / 2, 0.095, span.kind, transform=xa, ha="center", va="bottom", fontsize=_SUB_PT,
                weight="bold", color=colour, gid=f"spanlabel:{span.kind}", clip_on=True)
    ax.set_ylabel("amplitude\n(full scale 1)", fontsize=_AXLABEL_PT)
    ax.tick_params(labelsize=_TICK_PT, labelbottom=False)
    ax.set_gid("waveform")


def _span_outline(span, a: float, b: float) -> list[tuple[float, float]]:
    """The murmur bar drawn in the envelope's shape (plateau, crescendo, ...)."""
    lo, hi = 0.02, 0.085
    mid = (span.start_s + span.end_s) / 2
    ramp = {
        "plateau": [(span.start_s + span.attack_ms / 1000, hi), (span.end_s - span.release_ms / 1000, hi)],
        "crescendo": [(span.end_s - span.release_ms / 1000, hi)],
        "decrescendo": [(span.start_s + span.attack_ms / 1000, hi)],
        "diamond": [(mid, hi)],
    }.get(span.shape, [(mid, hi)])
    pts = [(span.start_s, lo), *ramp, (span.end_s, lo)]
    return [(min(max(x, a), b), yv) for x, yv in pts]


def _draw_spectrogram(ax, y, sr, timeline, shown_s, fmax_hz):
    hop_s = max(_MIN_HOP_S, shown_s / _MAX_FRAMES)
    t_s, f_hz, s_db = spectrogram_db(y, sr, fmax_hz=fmax_hz, hop_s=hop_s)
    dt, df = (t_s[1] - t_s[0]) if len(t_s) > 1 else hop_s, f_hz[1] - f_hz[0]
    image = ax.imshow(s_db, origin="lower", aspect="auto", cmap=_CMAP, interpolation="bilinear",
                      extent=(t_s[0] - dt / 2, t_s[-1] + dt / 2, f_hz[0] - df / 2, f_hz[-1] + df / 2),
                      vmin=SPEC_TOP_DB - SPEC_RANGE_DB, vmax=SPEC_TOP_DB, gid="spectrogram", zorder=0)
    for phase, a, _ in phase_spans(timeline, 0.0, shown_s):
        if a > 0:  # systole edges: where the murmur band starts and stops
            ax.axvline(a, color="white", lw=0.9, ls=(0, (3, 3)), alpha=0.55, gid=f"edge:{phase}")
    ax.set_xlim(0.0, shown_s)
    ax.set_ylim(0.0, fmax_hz)
    ax.set_ylabel("frequency (Hz)", fontsize=_AXLABEL_PT)
    ax.set_xlabel("time (s)", fontsize=_AXLABEL_PT)
    ax.tick_params(labelsize=_TICK_PT)
    ax.set_gid("spectrogram")
    return image


def _layout(fig: Figure, band_pts: list[float]) -> list[tuple]:
    """Place waveform/spectrogram pairs top to bottom; returns (wave, spec) rects in figure fractions."""
    rows_in = [b / 72.0 + _WAVE_H_IN + _SPEC_H_IN + 0.12 for b in band_pts]
    height = _TITLE_IN + sum(rows_in) + _BOTTOM_IN + 0.3 * (len(band_pts) - 1)
    fig.set_size_inches(_FIG_W_IN, height)
    x0, w = _LEFT_IN / _FIG_W_IN, (_FIG_W_IN - _LEFT_IN - _RIGHT_IN) / _FIG_W_IN
    top, rects = height - _TITLE_IN, []
    for band, row in zip(band_pts, rows_in):
        wave_top = top - band / 72.0
        spec_top = wave_top - _WAVE_H_IN - 0.12
        rects.append(((x0, (wave_top - _WAVE_H_IN) / height, w, _WAVE_H_IN / height),
                      (x0, (spec_top - _SPEC_H_IN) / height, w, _SPEC_H_IN / height)))
        top -= row + 0.3
    return rects


def _finish(fig: Figure, image, spec_axes: list, wave_ax, title: str) -> None:
    first, last = spec_axes[0].get_position(), spec_axes[-1].get_position()
    cax = fig.add_axes((first.x1 + _CBAR_GAP_IN / _FIG_W_IN, last.y0, _CBAR_W_IN / _FIG_W_IN, first.y1 - last.y0))
    bar = fig.colorbar(image, cax=cax, extend="both")
    bar.set_label("level (dB re full-scale sine)", fontsize=_SUB_PT + 1)
    cax.tick_params(labelsize=_TICK_PT)
    cax.set_gid("colorbar")
    handles = [Patch(color=_SYSTOLE_COLOUR, alpha=0.45, label="systole\n(M1 to A2)"),
               Patch(color=_DIASTOLE_COLOUR, alpha=0.35, label="diastole")]
    wave_ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1.0), fontsize=_SUB_PT,
                   frameon=False, handlelength=1.2, borderaxespad=0.0)
    h = fig.get_size_inches()[1]
    fig.suptitle(title, x=_LEFT_IN / _FIG_W_IN, y=1 - 0.12 / h, ha="left", va="top", fontsize=_TITLE_PT,
                 linespacing=1.3)


def _title_lines(case: Case, heading: str | None) -> str:
    first = case.describe()
    return f"{heading}: {first}\n{case.listening()}" if heading else f"{first}\n{case.listening()}"


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

    Top panel (``fig.axes[0]``, gid ``'waveform'``): the waveform with systole
    (M1 to A2 of each beat, gid ``'systole'``) and diastole (gid
    ``'diastole'``) shaded; above it S1 ("M1 T1"), S2 ("A2 P2" and the split
    in ms), S3, S4 and the click, staggered in rows when they would touch; at
    its foot a bar in the shape of each murmur or rumble envelope. Bottom
    panel (``fig.axes[1]``, gid ``'spectrogram'``): 0 to ``fmax_hz`` with a
    fixed colour scale (:data:`SPEC_TOP_DB`, :data:`SPEC_RANGE_DB`) so figures
    of different cases compare; ``fig.axes[2]`` is its colour bar. Both
    panels share the time axis, and nothing rescales after drawing, so a
    playhead can be blitted over them.

    Parameters
    ----------
    case : Case
        The case; its description and listening line make the title.
    seconds_shown : float, keyword-only
        Show the first ``seconds_shown`` s (0.1 s to the length of the
        sound). Default: the first three cardiac cycles (to the fourth Q),
        or the whole sound if shorter.
    y : ndarray, keyword-only
        The sound, as from :func:`murmur.synthesize` (default: synthesize just
        the shown part).
    timeline : Timeline, keyword-only
        Its timeline (default: the one synthesis returns, or built from case).
    title : str, keyword-only
        A heading put before the description (e.g. the preset name).
    fmax_hz : float, keyword-only
        Top of the spectrogram, Hz (default 1000).
    fig : Figure, keyword-only
        An empty figure to draw into (e.g. ``plt.figure()``); default a new
        pyplot-free Figure of 12 in wide at 150 dpi.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from murmur import get_preset
    >>> fig = case_figure(get_preset("mr-moderate").case)
    >>> [ax.get_gid() for ax in fig.axes]
    ['waveform', 'spectrogram', 'colorbar']
    >>> sorted({t.get_text() for t in fig.axes[0].texts} - {"M1 T1"})[:4]
    ['A2 P2\\n38 ms', 'A2 P2\\n39 ms', 'A2 P2\\n40 ms', 'S1']
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
    :func:`case_figure`; every waveform panel has the same y-limits and every
    spectrogram the same colour limits, so a difference in the figure is a
    difference in the sound. ``fig.axes`` holds the waveform and spectrogram
    of each case in turn, then the colour bar.

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
    (5, True)
    """
    cases = list(cases)
    if not 1 <= len(cases) <= 6:
        raise ParameterError(f"compare_figure needs 1 to 6 cases; got {len(cases)}.", param="cases")
    if names is not None and len(names) != len(cases):
        raise ParameterError(f"names must have one entry per case ({len(cases)}); got {len(names)}.", param="names")
    if seconds_shown is None:
        seconds_shown = min(c.duration_s for c in cases)
        seconds_shown = min(seconds_shown, max(_shown_window(c, None, None, c.duration_s) for c in cases))
    signals = [_case_signal(c, None, None, seconds_shown) for c in cases]
    headings = list(names) if names is not None else [None] * len(cases)
    return _build(fig, cases, [s[0] for s in signals], [s[1] for s in signals], float(seconds_shown), headings,
                  fmax_hz, compare=True)


def _build(fig, cases, ys, timelines, shown, headings, fmax_hz, *, compare: bool) -> Figure:
    fig = fig if fig is not None else Figure(dpi=_DPI)
    if fig.axes:
        raise ParameterError("fig must be an empty figure; got one that already has axes.", param="fig")
    labels = [event_labels(tl, 0.0, shown) for tl in timelines]
    levels = [_levels(lb, shown) for lb in labels]
    bands = [_band_pt(lb, lv) + (_TITLE_PT * 1.6 if compare else 0.0) for lb, lv in zip(labels, levels)]
    rects = _layout(fig, bands)
    peak = max(float(np.max(np.abs(y))) if len(y) else 0.0 for y in ys) or 1.0
    # Waveform in the upper part of the panel; the bottom _SPAN_BAND holds the murmur bars.
    lo = -peak * 1.05
    ylim = (lo - _SPAN_BAND / (1 - _SPAN_BAND) * 2.1 * peak, peak * 1.05)
    wave_axes, spec_axes, image = [], [], None
    for case, y, tl, lab, lev, (rw, rs), heading in zip(cases, ys, timelines, labels, levels, rects, headings):
        ax_w = fig.add_axes(rw)
        ax_s = fig.add_axes(rs, sharex=ax_w)
        _draw_waveform(ax_w, y, case.sr, tl, shown, ylim, lab, lev)
        image = _draw_spectrogram(ax_s, y, case.sr, tl, shown, fmax_hz)
        if compare:
            ax_w.set_title(heading or case.describe(), loc="left", fontsize=_TITLE_PT, weight="bold",
                           pad=bands[len(wave_axes)] - _TITLE_PT * 1.4)
        wave_axes.append(ax_w)
        spec_axes.append(ax_s)
    for ax in spec_axes[:-1]:
        ax.set_xlabel("")
    if compare:
        listen = {c.listening() for c in cases}
        title = "Same time, amplitude and colour scales" + (f"; {listen.pop()}" if len(listen) == 1 else "")
    else:
        title = _title_lines(cases[0], headings[0])
    # Axes were added wave, spec, wave, spec, ...; the colour bar comes last.
    _finish(fig, image, spec_axes, wave_axes[0], title)
    return fig


def save_figure(fig: Figure, path: str | os.PathLike[str]) -> Path:
    """Write a figure as PNG, SVG or PDF (from the suffix), atomically, at 150 dpi.

    The file is written under a temporary name in the destination folder and
    renamed into place, so a half-written figure never appears under its
    name. The figure is not closed.

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
    p = _check_figure_path(path)
    fmt = FIGURE_FORMATS[p.suffix.lower()]
    # No dates in the files: the same figure always gives the same bytes.
    metadata = {"pdf": {"CreationDate": None}, "svg": {"Date": None}}.get(fmt, {})
    with atomic_paths(p, param="figure") as (tmp,):
        fig.savefig(tmp, format=fmt, dpi=_DPI, metadata=metadata, facecolor="white")
    return p


def _check_figure_path(path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    if p.suffix.lower() not in FIGURE_FORMATS:
        raise ParameterError(
            f"figure file must end in .png, .svg or .pdf; got {p.suffix or 'no suffix'!r} in {str(p)!r}.",
            param="figure",
        )
    return check_output_path(p, suffix=p.suffix.lower(), param="figure")


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

    Fits the ``figure(case, png_path)`` hook of :func:`murmur.lecture.write_lecture`.
    The path is checked before anything is drawn. The figure is never
    registered with pyplot, so nothing stays open.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_case_figure(Case(duration_s=2, sr=8000), Path(d) / "normal.png").name
    'normal.png'
    """
    _check_figure_path(path)
    fig = case_figure(case, seconds_shown=seconds_shown, y=y, timeline=timeline, title=title)
    try:
        return save_figure(fig, path)
    finally:
        fig.clear()
