"""What the figure of a case draws and where, computed without matplotlib.

:mod:`murmur.view.figures` draws; this module computes, as pure functions of
the :class:`~murmur.physio.timeline.Timeline` that the tests check directly: the
systole and diastole spans (:func:`phase_spans`), the outline of a murmur bar
(:func:`span_outline`), the bands bracketed beside the spectrogram
(:func:`band_brackets`), the window shown (:func:`default_seconds_shown`) and
the panel layout (:class:`Geometry`). The words and where they go are in
:mod:`murmur.view.labels`, the spectrogram in :mod:`murmur.view.spectrogram`,
the Wiggers diagram's data in :mod:`murmur.view.wiggersdata`. Events are read
from the Timeline, never re-detected from the sound.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ParameterError, shorten
from ..sound.envelopes import span_envelope
from ..units import ms_to_s

if TYPE_CHECKING:
    from ..physio.timeline import MurmurSpan, Timeline

__all__ = [
    "phase_spans",
    "span_outline",
    "BandBracket",
    "band_brackets",
    "default_seconds_shown",
    "check_seconds_shown",
    "Geometry",
]


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
        env = span_envelope(span, t - span.start_s)
        pts = [(float(x), lo + (hi - lo) * float(e)) for x, e in zip(t, env, strict=True)]
        return [(min(max(x, t0_s), t1_s), y) for x, y in [(span.start_s, lo), *pts, (span.end_s, lo)]]
    top = {
        "plateau": [(span.start_s + ms_to_s(span.attack_ms), hi), (span.end_s - ms_to_s(span.release_ms), hi)],
        "crescendo": [(span.end_s - ms_to_s(span.release_ms), hi)],
        "decrescendo": [(span.start_s + ms_to_s(span.attack_ms), hi)],
    }.get(span.shape, [(mid, hi)])
    return [(min(max(x, t0_s), t1_s), y) for x, y in [(span.start_s, lo), *top, (span.end_s, lo)]]


@dataclass(frozen=True)
class BandBracket:
    """A bracket beside the spectrogram over the band of one or more murmur spans.

    ``label`` names the spans (their ``label``, e.g. "MR murmur", or else
    their kind); ``kind`` is their kind (``'murmur'``, ``'rumble'``: the
    colour); ``lo_hz``/``hi_hz`` the band, Hz.
    """

    label: str
    kind: str
    lo_hz: float
    hi_hz: float

    @property
    def text(self) -> str:
        """The label with its band, e.g. "murmur 150\u2013390 Hz"."""
        return f"{self.label} {self.lo_hz:.0f}\u2013{self.hi_hz:.0f} Hz"


def band_brackets(timeline: Timeline, t0_s: float, t1_s: float, *, fmax_hz: float) -> list[BandBracket]:
    """One bracket per distinct band of the murmur spans sounding in ``[t0_s, t1_s]``, lowest band first.

    Each span's own ``band_hz`` is bracketed, named by the span's ``label``
    (its ``kind`` if it has none). Many beats share one band, and one bracket
    stands for all of them; bands of one label that overlap (in atrial
    fibrillation the circulation model's jet band moves with each beat's RR)
    make one bracket over their union. A band that starts at or above
    ``fmax_hz``, the top of the spectrogram, has none. A case with no murmur
    has no bracket.

    Examples
    --------
    >>> from murmur import Case, build_timeline
    >>> tl = build_timeline(Case(finding="mr", mr_severity="severe", duration_s=3))
    >>> [(b.label, b.lo_hz, b.hi_hz) for b in band_brackets(tl, 0.0, 2.5, fmax_hz=1000.0)]
    [('rumble', 40.0, 120.0), ('MR', 150.0, 390.0)]
    >>> band_brackets(build_timeline(Case(duration_s=3)), 0.0, 2.5, fmax_hz=1000.0)
    []
    """
    bands: dict[str, list[list]] = {}  # label -> [lo, hi, kind] of each band, merged as they come
    spans = [m for m in timeline.murmurs() if min(m.end_s, t1_s) > max(m.start_s, t0_s) and m.band_hz[0] < fmax_hz]
    for span in sorted(spans, key=lambda m: m.band_hz):
        label = getattr(span, "label", "") or span.kind
        lo, hi = span.band_hz
        mine = bands.setdefault(label, [])
        if mine and lo <= mine[-1][1]:
            mine[-1][1] = max(mine[-1][1], hi)
        else:
            mine.append([lo, hi, span.kind])
    out = [BandBracket(label, kind, float(lo), float(hi)) for label, bs in bands.items() for lo, hi, kind in bs]
    return sorted(out, key=lambda b: (b.lo_hz, b.hi_hz))


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
