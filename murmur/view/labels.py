"""The words of a figure and where they go, computed without matplotlib.

One label per heart sound (:func:`event_labels`), in rows that keep labels
apart (:func:`stagger`, :func:`place_labels`, :func:`row_bases`); the labels of
the band brackets beside the spectrogram (:func:`place_band_labels`); the
title's lines (:func:`wrap_title`). Widths are estimated from the number of
characters, so a layout is known before anything is drawn.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..physio.timeline import Timeline
    from .plotdata import BandBracket

__all__ = [
    "EventLabel",
    "event_labels",
    "stagger",
    "place_labels",
    "row_bases",
    "place_band_labels",
    "wrap_title",
    "TITLE_CHARS",
]

#: Characters of title that fit a 12 in figure at the title's 15 pt (a longer line is wrapped).
TITLE_CHARS = 104
#: Fewer fit of a line with no "; " (how a case is heard: "at the apex, no chest piece (sound at the skin), ..."):
#: its parentheses and hyphens make it about 3 % wider per character.
_COMMA_LINE_CHARS_LESS = 4
#: Which labels keep the first row when labels clash: S1 and S2, then the click, then S3/S4.
_PRIORITY = {"S1": 0, "S2": 0, "click": 1, "S3": 2, "S4": 2}
#: Line height over font size.
_LINE = 1.18


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


def place_band_labels(
    brackets: Sequence[BandBracket],
    *,
    fmax_hz: float,
    height_pt: float,
    font_pt: float,
    min_font_pt: float = 8.0,
    gap_pt: float = 10.0,
) -> tuple[list[str], list[float], float]:
    """Text, centre (Hz) and font size of each bracket's label, running up beside a spectrogram.

    Each label is centred on its band where it can be. It gives the band too
    ("murmur 150\u2013390 Hz") if every label then fits the panel's
    ``height_pt``; otherwise the label alone, in a smaller font if need be
    (not below ``min_font_pt``). Labels that would touch are moved apart, and
    kept inside the panel. Lengths are estimated at 0.62 em a character.

    Examples
    --------
    >>> from murmur.view.plotdata import BandBracket
    >>> bs = [BandBracket("rumble", "rumble", 40.0, 120.0), BandBracket("murmur", "murmur", 150.0, 390.0)]
    >>> texts, centres_hz, pt = place_band_labels(bs, fmax_hz=1000.0, height_pt=169.2, font_pt=12)
    >>> texts, [round(c) for c in centres_hz], pt
    (['rumble', 'murmur'], [132, 455], 12)
    >>> place_band_labels(bs[1:], fmax_hz=1000.0, height_pt=169.2, font_pt=12)[0]
    ['murmur 150\u2013390 Hz']
    """
    if not brackets:
        return [], [], font_pt
    gaps = gap_pt * (len(brackets) - 1)

    def lengths(texts: list[str], pt: float) -> list[float]:
        return [0.62 * len(t) * pt for t in texts]

    texts = [b.text for b in brackets]
    if sum(lengths(texts, font_pt)) + gaps > height_pt:
        texts = [b.label for b in brackets]
        room = (height_pt - gaps) / sum(lengths(texts, 1.0))
        font_pt = max(min_font_pt, min(font_pt, room))
    size = lengths(texts, font_pt)
    pt_per_hz = height_pt / fmax_hz
    order = sorted(range(len(brackets)), key=lambda i: brackets[i].lo_hz + brackets[i].hi_hz)
    start = {i: (brackets[i].lo_hz + brackets[i].hi_hz) / 2 * pt_per_hz - size[i] / 2 for i in order}
    floor = 0.0
    for i in order:  # up from the bottom: no label below the panel or on the one before
        start[i] = max(start[i], floor)
        floor = start[i] + size[i] + gap_pt
    ceiling = height_pt
    for i in reversed(order):  # down from the top: none above the panel or on the one after
        start[i] = min(start[i], ceiling - size[i])
        ceiling = start[i] - gap_pt
    return texts, [(start[i] + size[i] / 2) / pt_per_hz for i in range(len(brackets))], font_pt


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
