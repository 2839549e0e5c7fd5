"""What the figures draw and where, computed without matplotlib.

:mod:`murmur.view.plots` draws; this module computes, as pure functions of arrays
and the :class:`~murmur.physio.timeline.Timeline` that the tests check directly: the
spectrogram (:func:`spectrogram_db`), the systole and diastole spans
(:func:`phase_spans`), one label per heart sound (:func:`event_labels`), the
rows that keep labels apart (:func:`stagger`, :func:`place_labels`,
:func:`row_bases`), the outline of a murmur bar (:func:`span_outline`), the
window shown (:func:`default_seconds_shown`) and the panel layout
(:class:`Geometry`); and everything the Wiggers diagram draws
(:func:`wiggers_data`: the model's beat, an ECG template
(:func:`ecg_template`) and the heard beat on one time axis).
Events are read from the Timeline, never re-detected from the sound.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .. import clinical as C
from ..errors import ParameterError, shorten
from ..sound.murmurs import murmur_envelope
from ..units import FloatArray, ms_to_s

if TYPE_CHECKING:
    from ..case import Case
    from ..physio.circulation import Cycle
    from ..presets import Preset
    from ..physio.timeline import MurmurSpan, Timeline

__all__ = [
    "spectrogram_db",
    "phase_spans",
    "EventLabel",
    "event_labels",
    "stagger",
    "place_labels",
    "row_bases",
    "span_outline",
    "default_seconds_shown",
    "check_seconds_shown",
    "Geometry",
    "ecg_template",
    "WiggersData",
    "wiggers_data",
    "SPEC_WINDOW_S",
    "MIN_HOP_S",
]


#: Hann window of 46.4 ms (2048 samples at 44.1 kHz). Bins 21.5 Hz apart keep
#: S3 (20-50 Hz) apart from the murmur band and draw the 150-600 Hz band edges
#: sharply, while a transient smears over only about 25 ms (the window's -6 dB
#: width), so S1 and S2, 300 ms apart, stay separate stripes. The S2 split
#: (10-60 ms) is read from the waveform panel, where it is exact.
SPEC_WINDOW_S = 0.0464
#: Shortest frame hop, s: over 95 % overlap with the 46 ms window.
MIN_HOP_S = 0.002
#: Characters of title that fit a 12 in figure at the title's 15 pt (a longer line is wrapped).
TITLE_CHARS = 104
#: Fewer fit of a line with no "; " (how a case is heard: "at the apex, no chest piece (sound at the skin), ..."):
#: its parentheses and hyphens make it about 3 % wider per character.
_COMMA_LINE_CHARS_LESS = 4
#: Which labels keep the first row when labels clash: S1 and S2, then the click, then S3/S4.
_PRIORITY = {"S1": 0, "S2": 0, "click": 1, "S3": 2, "S4": 2}
#: Line height over font size.
_LINE = 1.18


def spectrogram_db(
    y: FloatArray, sr: int, *, fmax_hz: float = 1000.0, window_s: float = SPEC_WINDOW_S, hop_s: float = MIN_HOP_S
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
        Length of the Hann window, s (default 46.4 ms); the FFT is zero-padded
        to the next power of two.
    hop_s : float, keyword-only
        Time between frames, s (default 2 ms).

    Returns
    -------
    t_s : ndarray, shape (n_frames,)
        Frame centres, s: 0, hop, ... up to the last before ``n / sr``.
    f_hz : ndarray, shape (n_freqs,)
        Bin frequencies, 0 to ``fmax_hz``.
    s_db : ndarray, shape (n_freqs, n_frames)
        ``20 log10 |X|`` with one-sided magnitude scaling (as
        :class:`scipy.signal.ShortTimeFFT` with ``scale_to='magnitude'``), so
        a sine of amplitude 1 centred on a bin reads 0 dB; floored at -300 dB.

    Examples
    --------
    >>> sr = 8000
    >>> y = 0.5 * np.sin(2 * np.pi * 250 * np.arange(sr) / sr)
    >>> t_s, f_hz, s_db = spectrogram_db(y, sr)
    >>> float(f_hz[np.argmax(s_db[:, 250])]), round(float(s_db[:, 250].max()))
    (250.0, -6)
    """
    from numpy.lib.stride_tricks import sliding_window_view
    from scipy.fft import rfft

    if not 0 < fmax_hz <= sr / 2:
        raise ParameterError(f"fmax_hz must be between 0 and sr/2 = {sr / 2:g} Hz; got {fmax_hz:g}.", param="fmax_hz")
    n_win = max(8, int(round(window_s * sr)))
    hop = max(1, int(round(hop_s * sr)))
    mfft = 2 ** math.ceil(math.log2(n_win))
    f = np.fft.rfftfreq(mfft, 1.0 / sr)
    n_keep = int(np.count_nonzero(f <= fmax_hz))
    # Periodic Hann window scaled so a bin-centred sine of amplitude 1 reads
    # 1: one-sided, so every bin but DC and Nyquist counts twice.
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_win) / n_win)
    window /= window.sum()
    double = np.full(n_keep, 2.0)
    double[0] = 1.0
    if mfft % 2 == 0 and n_keep == mfft // 2 + 1:
        double[-1] = 1.0
    y = np.asarray(y, dtype=float)
    n_frames = max(1, math.ceil(len(y) / hop))
    # Frame p is centred on sample p * hop (zeros outside the signal).
    mid = n_win // 2
    padded = np.zeros(mid + n_frames * hop + n_win)
    padded[mid : mid + len(y)] = y
    frames = sliding_window_view(padded, n_win)[: n_frames * hop : hop]
    # In chunks of 256 frames, keeping only the bins below fmax_hz: memory
    # stays small even for a long sound at full rate, and each chunk fits in cache.
    mag = np.empty((n_keep, n_frames))
    for p0 in range(0, n_frames, 256):
        spec = rfft(frames[p0 : p0 + 256] * window, n=mfft, axis=1)[:, :n_keep]
        mag[:, p0 : p0 + 256] = (np.abs(spec) * double).T
    return np.arange(n_frames) * (hop / sr), f[:n_keep], 20.0 * np.log10(np.maximum(mag, 1e-15))


def phase_spans(timeline: Timeline, t0_s: float, t1_s: float) -> list[tuple[str, float, float]]:
    """Systole ``[M1, A2]`` of each beat and the diastole between, clipped to ``[t0_s, t1_s]``.

    Returns ``(phase, start_s, end_s)`` with phase ``'systole'`` or
    ``'diastole'``, in time order; the window before the first M1 is the end
    of a diastole.

    Examples
    --------
    >>> from murmur import Case, build_timeline
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
    for (phase, a), (_, b) in zip(edges, [*edges[1:], ("", math.inf)], strict=True):
        lo, hi = max(a, t0_s), min(b, t1_s)
        if hi > lo:
            out.append((phase, lo, hi))
    return out


@dataclass(frozen=True)
class EventLabel:
    """What to write for one heart sound (one or two Timeline events), and where.

    ``text`` is the big label (S1, S2, S3, S4, click); ``sub`` the small one
    below it ("M1 T1", "A2 P2\\n39 ms"); ``time_s`` where it sits;
    ``kinds``/``times_s`` the Timeline events it stands for. ``ha`` is how
    the text sits on ``time_s``: an S4 ends at its line (``'right'``), which
    keeps it clear of the S1 label 50-70 ms later.
    """

    text: str
    sub: str
    time_s: float
    kinds: tuple[str, ...]
    times_s: tuple[float, ...]
    ha: str = "center"

    @property
    def n_sub_lines(self) -> int:
        """Lines of the small label."""
        return len(self.sub.split("\n")) if self.sub else 0

    def widths_pt(self, *, main_pt: float, sub_pt: float) -> tuple[float, float]:
        """Estimated widths of the big and the small label, points (0.62 em a character)."""
        n_sub = max((len(s) for s in self.sub.split("\n")), default=0) if self.sub else 0
        return 0.62 * len(self.text) * main_pt, 0.62 * n_sub * sub_pt


def event_labels(timeline: Timeline, t0_s: float, t1_s: float) -> list[EventLabel]:
    """One label per heart sound with an event in ``[t0_s, t1_s]``, in time order.

    M1 and T1 (10-40 ms apart) share one "S1" label, and A2 and P2 one "S2"
    label with the beat's split in ms, so no two labels sit closer than the
    sounds they name. A label is placed at the mean time of its events,
    clipped to the window.

    Examples
    --------
    >>> from murmur import Case, build_timeline
    >>> tl = build_timeline(Case(finding="mvp", duration_s=2))
    >>> [(lb.text, lb.sub) for lb in event_labels(tl, 0.0, 0.9)]
    [('S1', 'M1 T1'), ('click', ''), ('S2', 'A2 P2\\n24 ms')]
    """
    out = []
    for beat in timeline.beats:
        s1 = [e for e in beat.events if e.kind in ("M1", "T1")]
        s2 = [e for e in beat.events if e.kind in ("A2", "P2")]
        groups = []
        if s1:
            groups.append(("S1", " ".join(e.kind for e in s1), s1))
        if s2:
            split = f"\n{beat.split_ms:.0f} ms" if len(s2) == 2 else ""
            groups.append(("S2", " ".join(e.kind for e in s2) + split, s2))
        groups += [(e.kind, "", [e]) for e in beat.events if e.kind in ("S3", "S4", "click")]
        for text, sub, events in groups:
            times = tuple(e.time_s for e in events)
            if any(t0_s <= t <= t1_s for t in times):
                at = min(max(float(np.mean(times)), t0_s), t1_s)
                ha = "right" if text == "S4" else "center"
                out.append(EventLabel(text, sub, at, tuple(e.kind for e in events), times, ha))
    return sorted(out, key=lambda lb: lb.time_s)


def stagger(
    centres: Sequence[float],
    widths: Sequence[float | Sequence[float]],
    *,
    gap: float = 0.0,
    max_levels: int = 3,
    priority: Sequence[int] | None = None,
) -> list[int]:
    """Row of each label so that labels in one row never overlap.

    A label may have several lines (lanes), each with its own width (0: the
    lane is empty); two labels in one row clash only if they overlap, plus
    ``gap``, in a lane both use. Labels are placed by ``priority`` (lowest
    first; default all equal), then left to right, each in the lowest row
    where it clashes with nothing placed; if every row clashes, in the last.
    Centres, widths and gap share one unit.

    Examples
    --------
    >>> stagger([0.0, 0.5, 3.0], [1.0, 1.0, 1.0])
    [0, 1, 0]
    >>> stagger([0.0, 0.5], [(0.2, 1.0), (0.2, 0.0)])  # only the first has a wide second line
    [0, 0]
    >>> stagger([0.0, 0.5], [1.0, 1.0], priority=[1, 0])  # the second is placed first
    [1, 0]
    """
    lanes = [tuple(w) if isinstance(w, Sequence) else (w,) for w in widths]
    prio = list(priority) if priority is not None else [0] * len(centres)
    placed: list[list[tuple[int, float, float]]] = [[] for _ in range(max_levels)]  # (lane, left, right)
    levels = [0] * len(centres)
    for i in sorted(range(len(centres)), key=lambda k: (prio[k], centres[k])):
        mine = [(k, centres[i] - w / 2, centres[i] + w / 2) for k, w in enumerate(lanes[i]) if w > 0]

        def clashes(lv: int, mine: list = mine) -> bool:
            return any(
                k == k2 and lo < hi2 + gap and lo2 < hi + gap for k, lo, hi in mine for k2, lo2, hi2 in placed[lv]
            )

        levels[i] = next((lv for lv in range(max_levels) if not clashes(lv)), max_levels - 1)
        placed[levels[i]] += mine
    return levels


def place_labels(
    labels: list[EventLabel], pt_per_s: float, *, main_pt: float, sub_pt: float, gap_pt: float = 6.0
) -> tuple[list[EventLabel], list[int]]:
    """Labels as drawn and the row of each, for a panel ``pt_per_s`` points per second wide.

    Small labels ("M1 T1", "A2 P2 / 39 ms") of neighbouring sounds that would
    touch are left out (the big S1 and S2 still name those sounds); then
    :func:`stagger` puts S1 and S2 first, the click next, S3 and S4 last.

    Examples
    --------
    >>> from murmur import Case, build_timeline
    >>> tl = build_timeline(Case(heart_rate_bpm=60, duration_s=3))
    >>> labels, rows = place_labels(event_labels(tl, 0, 2.1), 300.0, main_pt=15, sub_pt=12)
    >>> [lb.sub != "" for lb in labels], rows
    ([True, True, True, True], [0, 0, 0, 0])
    >>> labels, rows = place_labels(event_labels(tl, 0, 2.1), 30.0, main_pt=15, sub_pt=12)  # crowded
    >>> [lb.sub != "" for lb in labels], rows
    ([False, False, False, False], [0, 1, 0, 1])
    """
    widths = [lb.widths_pt(main_pt=main_pt, sub_pt=sub_pt) for lb in labels]
    # stagger() takes centres: a right-aligned label is centred half its width left of its time.
    x = [lb.time_s * pt_per_s - (max(w) / 2 if lb.ha == "right" else 0.0) for lb, w in zip(labels, widths, strict=True)]
    with_sub = [i for i, lb in enumerate(labels) if lb.sub]
    drop = set()
    for i, j in zip(with_sub, with_sub[1:], strict=False):
        if x[j] - x[i] < (widths[i][1] + widths[j][1]) / 2 + gap_pt:
            drop |= {i, j}
    labels = [dataclasses.replace(lb, sub="") if i in drop else lb for i, lb in enumerate(labels)]
    widths = [(w[0], 0.0) if i in drop else w for i, w in enumerate(widths)]
    levels = stagger(x, widths, gap=gap_pt, priority=[_PRIORITY.get(lb.text, 2) for lb in labels])
    return labels, levels


def row_bases(
    labels: list[EventLabel], levels: list[int], *, main_pt: float, sub_pt: float, gap_pt: float = 3.0
) -> tuple[list[float], float]:
    """Baseline of the big labels of each row above the panel, and the whole band's height, points.

    Each row is as tall as its big labels plus its longest small label, which
    hangs below them; rows stack upwards from the panel's top edge.

    Examples
    --------
    >>> s2 = EventLabel("S2", "A2 P2\\n40 ms", 0.5, ("A2", "P2"), (0.49, 0.53))
    >>> lbs = [s2, EventLabel("S3", "", 0.6, ("S3",), (0.6,))]
    >>> bases, height = row_bases(lbs, [0, 1], main_pt=10, sub_pt=10)
    >>> [round(b, 1) for b in bases], round(height, 1)
    ([26.6, 41.4], 56.2)
    """
    bases, top = [], gap_pt
    for lv in range(max(levels, default=0) + 1):
        n_sub = max((lb.n_sub_lines for lb, v in zip(labels, levels, strict=True) if v == lv), default=0)
        bases.append(top + _LINE * sub_pt * n_sub)
        top = bases[-1] + _LINE * main_pt + gap_pt
    return bases, top


def span_outline(span: MurmurSpan, t0_s: float, t1_s: float, *, lo: float, hi: float) -> list[tuple[float, float]]:
    """Outline of a murmur bar in the shape of its envelope, clipped to ``[t0_s, t1_s]``.

    A pressure-shaped murmur (MR) follows its envelope (41 points); a
    plateau is a trapezoid with the span's attack and release; a crescendo
    rises to the end, a decrescendo falls from the start, a diamond peaks in
    the middle. ``lo``/``hi`` are the bar's foot and top (any y unit).

    Examples
    --------
    >>> from murmur import Case, build_timeline
    >>> tl = build_timeline(Case(finding="mvp", duration_s=2))
    >>> [round(y, 2) for _, y in span_outline(tl.murmurs()[0], 0, 2, lo=0, hi=1)]
    [0, 1, 0]
    """
    mid = (span.start_s + span.end_s) / 2
    if span.shape == "pressure":
        # the envelope itself: fast rise after M1, broad maximum, easing before A2
        t = np.linspace(span.start_s, span.end_s, 41)
        env = murmur_envelope(
            t - span.start_s, span.end_s - span.start_s, "pressure",
            attack_s=ms_to_s(span.attack_ms), release_s=ms_to_s(span.release_ms),
            a2_s=span.a2_s - span.start_s, pressures=span.pressures, orifice=span.orifice, table=span.envelope,
        )
        pts = [(float(x), lo + (hi - lo) * float(e)) for x, e in zip(t, env, strict=True)]
        return [(min(max(x, t0_s), t1_s), y) for x, y in [(span.start_s, lo), *pts, (span.end_s, lo)]]
    top = {
        "plateau": [(span.start_s + ms_to_s(span.attack_ms), hi), (span.end_s - ms_to_s(span.release_ms), hi)],
        "crescendo": [(span.end_s - ms_to_s(span.release_ms), hi)],
        "decrescendo": [(span.start_s + ms_to_s(span.attack_ms), hi)],
    }.get(span.shape, [(mid, hi)])
    return [(min(max(x, t0_s), t1_s), y) for x, y in [(span.start_s, lo), *top, (span.end_s, lo)]]


def default_seconds_shown(timeline: Timeline, *, limit_s: float, cycles: int = 3, max_s: float = 60.0) -> float:
    """Seconds a figure shows by default: ``cycles`` cardiac cycles, to the next beat's Q.

    Counting cycles rather than seconds keeps labels as far apart at 150 bpm
    as at 60 bpm. Capped by ``limit_s`` (the sound's length) and ``max_s``.

    Examples
    --------
    >>> from murmur import Case, build_timeline
    >>> tl = build_timeline(Case(heart_rate_bpm=60, breath="hold-expiration"))
    >>> abs(default_seconds_shown(tl, limit_s=10) - (0.15 + 3 * 1.0)) < 0.01  # first Q + 3 RR
    True
    """
    qs = [b.q_s for b in timeline.beats]
    return min(limit_s, max_s, qs[cycles] if len(qs) > cycles else limit_s)


def check_seconds_shown(
    seconds_shown: object, *, limit_s: float, max_s: float = 60.0, typed: str | None = None
) -> float:
    """``seconds_shown`` as a float, or ParameterError if outside 0.1 s to ``min(limit_s, max_s)``.

    ``typed`` is the text the user typed, quoted back in the message instead of the value.

    Examples
    --------
    >>> check_seconds_shown(12, limit_s=10)
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: seconds_shown must be between 0.1 and 10 s (the length of the sound); got 12.
    >>> check_seconds_shown(math.inf, limit_s=10, typed="1e400")
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: seconds_shown must be between 0.1 and 10 s (the length of the sound); got 1e400.
    """
    top_s = min(limit_s, max_s)
    number = isinstance(seconds_shown, (int, float)) and not isinstance(seconds_shown, bool)
    if not (number and 0.1 <= seconds_shown <= top_s):  # type: ignore[operator]
        why = "the length of the sound" if top_s == limit_s else "a beat would be narrower than its labels"
        shown = repr(seconds_shown) if typed is None else shorten(typed.strip()) or repr(typed)
        raise ParameterError(
            f"seconds_shown must be between 0.1 and {top_s:g} s ({why}); got {shown}.",
            param="seconds_shown",
        )
    return float(seconds_shown)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Geometry:
    """Sizes of a figure, inches: margins and the height of each panel.

    The panel width is fixed by the margins, so label widths in points map to
    seconds before anything is drawn (:attr:`panel_pt`).
    """

    width_in: float = 12.0
    left_in: float = 1.05
    right_in: float = 1.55
    title_in: float = 0.72
    bottom_in: float = 0.62
    wave_in: float = 2.05
    spec_in: float = 2.35
    gap_in: float = 0.1  # waveform to spectrogram
    row_gap_in: float = 0.45  # one case to the next

    @property
    def panel_pt(self) -> float:
        """Width of a panel, points."""
        return (self.width_in - self.left_in - self.right_in) * 72.0

    def rects(self, band_pts: Sequence[float]) -> tuple[float, list[tuple[tuple, tuple]]]:
        """Figure height (in) and, per case, the waveform and spectrogram rects in figure fractions.

        ``band_pts`` is the height (points) kept above each waveform panel for
        its labels.

        Examples
        --------
        >>> h, rects = Geometry().rects([36.0])
        >>> round(h, 2), [round(v, 3) for v in rects[0][1]]
        (6.34, [0.088, 0.098, 0.783, 0.371])
        """
        rows_in = [b / 72.0 + self.wave_in + self.gap_in + self.spec_in for b in band_pts]
        height = self.title_in + sum(rows_in) + self.row_gap_in * (len(rows_in) - 1) + self.bottom_in
        x0, w = self.left_in / self.width_in, (self.width_in - self.left_in - self.right_in) / self.width_in
        top, out = height - self.title_in, []
        for band, row in zip(band_pts, rows_in, strict=True):
            wave_y = top - band / 72.0 - self.wave_in
            spec_y = wave_y - self.gap_in - self.spec_in
            out.append(
                ((x0, wave_y / height, w, self.wave_in / height), (x0, spec_y / height, w, self.spec_in / height))
            )
            top -= row + self.row_gap_in
        return height, out


def _ecg_edge(centre_ms: float, sigma_ms: float, amplitude_mv: float) -> float:
    """Distance from a Gaussian wave's centre to where it is ``ECG_EDGE_MV`` high, ms."""
    return sigma_ms * math.sqrt(2.0 * math.log(abs(amplitude_mv) / C.ECG_EDGE_MV))


def ecg_template(t_ms: FloatArray, rr_ms: float, *, p_wave: bool = True) -> tuple[FloatArray, float, float]:
    """A P-QRS-T ECG (mV) at times ``t_ms`` after a beat's Q, for a regular rhythm of RR ``rr_ms``.

    A sum of Gaussian waves ([1]_; numbers in :mod:`murmur.clinical`,
    ``ECG_*``): the R peak at 0, the P wave centred at ``-PR + 40`` ms with
    PR 160 ms, and the T wave ending QT = 0.41 sqrt(RR / 1 s) s after the
    QRS onset. The beats before and after (RR apart) are added, so the trace
    is periodic: the next P wave and the start of the next QRS show at the
    end of one beat.

    Parameters
    ----------
    t_ms : ndarray, shape (n,)
        Times after the Q, ms.
    rr_ms : float
        RR interval, ms (> 0).
    p_wave : bool, keyword-only
        False in atrial fibrillation: no P wave (the atria do not contract).

    Returns
    -------
    ecg_mv : ndarray, shape (n,)
        The trace, mV.
    qrs_onset_ms : float
        Where the QRS leaves the baseline (``ECG_EDGE_MV``), ms (negative).
    qt_ms : float
        The QT interval, ms.

    References
    ----------
    .. [1] McSharry PE et al. IEEE Trans Biomed Eng 50:289 (2003).

    Examples
    --------
    >>> t = np.arange(0.0, 834.0)
    >>> ecg, onset, qt = ecg_template(t, 833.0)
    >>> float(t[np.argmax(ecg)]), round(qt), round(onset)
    (0.0, 374, -41)
    """
    if not rr_ms > 0:
        raise ParameterError(f"rr_ms must be above 0 ms; got {rr_ms!r}.", param="rr_ms")
    qt_ms = C.ECG_QT_COEFF * math.sqrt(rr_ms / 1000.0) * 1000.0
    qrs_onset_ms = min(c - _ecg_edge(c, s, a) for c, s, a in C.ECG_QRS)
    p_sigma, p_mv = C.ECG_P
    t_sigma, t_mv = C.ECG_T
    waves = [(-C.PR_MS + C.ECG_P_AFTER_PR_START_MS, p_sigma, p_mv)] if p_wave else []
    waves += C.ECG_QRS
    t_end = qrs_onset_ms + qt_ms
    waves.append((t_end - _ecg_edge(0.0, t_sigma, t_mv), t_sigma, t_mv))  # WiggersData.t_peak_ms
    t = np.asarray(t_ms, dtype=float)
    ecg = np.zeros_like(t)
    for shift in (-rr_ms, 0.0, rr_ms):
        for centre, sigma, amp in waves:
            ecg += amp * np.exp(-0.5 * ((t - shift - centre) / sigma) ** 2)
    return ecg, qrs_onset_ms, qt_ms


@dataclass(frozen=True, kw_only=True)
class WiggersData:
    """One beat of a case for the Wiggers diagram, every trace in ms after the ECG Q.

    ``cycle`` is the model's steady beat (:func:`murmur.physio.circulation.simulate`),
    its traces on ``cycle.t_ms`` (0 to RR); ``ecg_mv`` the ECG template on the
    same axis, with its ``qrs_onset_ms`` and ``qt_ms``. ``pcg_y`` is the heard
    sound of one beat of :func:`murmur.synthesize` (full scale 1.0, rate
    ``sr``), from its Q to the next Q, at times ``pcg_t_ms``; ``heard`` is
    that beat's one-beat Timeline shifted so its Q is at 0 s (events M1 T1 A2
    P2 S3 S4 click, murmur spans).
    """

    case: Case
    cycle: Cycle
    ecg_mv: FloatArray
    qrs_onset_ms: float
    qt_ms: float
    pcg_y: FloatArray
    pcg_t_ms: FloatArray
    sr: int
    heard: Timeline

    @property
    def t_ms(self) -> FloatArray:
        """The shared time axis of the model's traces and the ECG, ms after the Q."""
        return self.cycle.t_ms

    @property
    def rr_ms(self) -> float:
        """The model's RR interval, ms (the end of the time axis)."""
        return float(self.cycle.t_ms[-1])

    @property
    def t_peak_ms(self) -> float:
        """Where the ECG's T wave peaks, ms after the Q."""
        return self.qrs_onset_ms + self.qt_ms - _ecg_edge(0.0, *C.ECG_T)

    @property
    def valve_events(self) -> tuple[tuple[str, float], ...]:
        """``(name, ms)`` of mitral closure MC (= M1), aortic opening AO, aortic closure AC (= A2, clamped
        in MR as the clinical QS2 deficit is, physiology.md section 4) and mitral opening MO."""
        c = self.cycle
        return (("MC", c.m1_ms), ("AO", c.aortic_opening_ms), ("AC", c.a2_ms), ("MO", c.mitral_opening_ms))

    @property
    def isovolumic_ms(self) -> tuple[tuple[str, float, float], ...]:
        """The isovolumic phases ``(name, start ms, end ms)``: contraction MC -> AO, relaxation AC -> MO."""
        c = self.cycle
        return (("contraction", c.m1_ms, c.aortic_opening_ms), ("relaxation", c.a2_ms, c.mitral_opening_ms))

    @property
    def heard_ms(self) -> dict[str, float]:
        """Time of each heard event of the beat, ms after its Q, by kind."""
        return {e.kind: e.time_s * 1000.0 for e in self.heard.beats[0].events}


def _heard_beat(case: Case, rr_ms: float):
    """The sound of one beat after the fade-in, its RR (in AF: the RR before it) closest to the model's, Q to Q."""
    from ..sound.synth import synthesize
    from ..physio.timeline import build_timeline

    # Beats 2-5, the first whole beats after the fade-in (beat 1 starts inside it or just after).
    # A case shorter than that is rendered longer: its sound is the start of the longer one, sample for sample.
    # In AF a beat's systole follows its filling, the RR before it: pick by that one, among more beats.
    af = case.rhythm == "af"
    beats = build_timeline(case, duration_s=(40.0 if af else 8.0) * case.rr_s).beats
    before = {b.index: prev.rr_s for prev, b in zip(beats, beats[1:], strict=False)}
    whole = [b for b in beats if b.q_s >= ms_to_s(C.FADE_MS) and b.index in before][: 30 if af else 4]

    def rr_of(b):
        return before[b.index] if af else b.rr_s

    beat = min(whole, key=lambda b: (abs(rr_of(b) * 1000.0 - rr_ms), b.index))
    # Render a little past the beat, so the render's fade-out is never in it.
    y, tl = synthesize(dataclasses.replace(case, duration_s=beat.q_s + beat.rr_s + 0.25))
    i0, i1 = int(round(beat.q_s * case.sr)), int(round((beat.q_s + beat.rr_s) * case.sr))
    mine = next(b for b in tl.beats if b.index == beat.index).shifted(-beat.q_s)
    return y[i0 : i1 + 1], mine


def wiggers_data(case: Case | Preset | str) -> WiggersData:
    """Everything the Wiggers diagram of a case draws: one beat on one time axis from the ECG Q.

    The model's beat comes from :func:`murmur.physio.circulation.case_model` and
    :func:`~murmur.physio.circulation.simulate`; the ECG from :func:`ecg_template`
    at the model's RR; the phonocardiogram is the sound :func:`murmur.synthesize`
    plays, cut to one beat after the fade-in (of beats 2-5, the one whose RR,
    which breathing varies, is closest to the model's; a shorter case is
    rendered on, as it would sound if longer), its Q at 0, so the heard S1
    and S2 line up with the model's valve closures.

    Parameters
    ----------
    case : Case, Preset or str
        The case, or a preset name.

    Returns
    -------
    WiggersData

    Raises
    ------
    ParameterError
        The circulation model does not cover the case (mitral valve prolapse,
        a heart rate outside 40-150 bpm). In atrial fibrillation the beat is
        the model's at the mean rate without atrial contraction, and the ECG
        has no P wave.

    Examples
    --------
    >>> d = wiggers_data("normal")
    >>> [name for name, _ in d.valve_events], float(d.t_ms[0]), round(d.rr_ms)
    (['MC', 'AO', 'AC', 'MO'], 0.0, 833)
    >>> abs(d.heard_ms["M1"] - d.cycle.m1_ms) < 15
    True
    """
    from ..physio.circulation import case_model, steady_beat
    from ..presets import as_case

    case = as_case(case)
    sinus = case.rhythm == "sinus"
    cycle = steady_beat(case_model(case))
    rr_ms = float(cycle.t_ms[-1])
    ecg, onset, qt = ecg_template(cycle.t_ms, rr_ms, p_wave=sinus)
    ecg.flags.writeable = False
    y, beat = _heard_beat(case, rr_ms)
    y.flags.writeable = False
    t_pcg = np.arange(len(y)) * (1000.0 / case.sr)
    t_pcg.flags.writeable = False
    from ..physio.timeline import Timeline

    heard = Timeline(case=case, beats=(beat,), duration_s=beat.rr_s)
    return WiggersData(
        case=case, cycle=cycle, ecg_mv=ecg, qrs_onset_ms=onset, qt_ms=qt,
        pcg_y=y, pcg_t_ms=t_pcg, sr=case.sr, heard=heard,
    )  # fmt: skip


def wrap_title(lines: list[str], width: int = TITLE_CHARS) -> list[str]:
    """Title lines no longer than ``width`` characters, each broken at its last ``"; "`` that fits.

    A line with no ``"; "`` (how the case is heard) is broken at its last
    ``", "`` that fits in a few characters less, as its glyphs are wider.

    Examples
    --------
    >>> wrap_title(["a; b; c", "d"], width=4)
    ['a;', 'b; c', 'd']
    >>> wrap_title(["at the apex, bell, laptop-speaker mode (lows moved up)"], width=44)
    ['at the apex, bell,', 'laptop-speaker mode (lows moved up)']
    """
    out: list[str] = []
    for line in lines:
        sep = "; " if "; " in line else ", "
        fit = width if sep == "; " else width - _COMMA_LINE_CHARS_LESS
        while len(line) > fit and sep in line[: fit + 1]:
            cut = line.rindex(sep, 0, fit + 1)
            out.append(line[: cut + 1])
            line = line[cut + 2 :]
        out.append(line)
    return out
