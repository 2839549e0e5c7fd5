"""Event labels in Audacity's label-track format.

One row per line, ``start<TAB>end<TAB>label`` in seconds: a point label
(start == end) for each M1, T1, A2, P2, S3, S4 and click, and a region
label for each murmur span. Audacity imports it with File > Import > Labels.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..physio.timeline import Beat

__all__ = ["Label", "beat_labels", "format_labels", "parse_labels", "sort_labels", "is_murmur_label_text"]

#: Texts of the labels murmur writes after the heading (events, then murmur and rumble regions).
LABEL_TEXTS = frozenset({"M1", "T1", "A2", "P2", "S3", "S4", "click", "murmur", "rumble"})


@dataclass(frozen=True)
class Label:
    """One label: a point (start == end) or a region, seconds."""

    start_s: float
    end_s: float
    text: str


def _order(lab: Label) -> tuple[float, bool]:
    """Time order; at equal times a point label comes before a region."""
    return lab.start_s, lab.end_s != lab.start_s


def beat_labels(beats: Iterable[Beat], duration_s: float) -> list[Label]:
    """Labels of every event and murmur span inside ``[0, duration_s)``.

    Murmur regions are clipped to the sound; events outside it are left out.

    Examples
    --------
    >>> from murmur.case import Case
    >>> from murmur.physio.timeline import build_timeline
    >>> tl = build_timeline(Case(finding="mr", duration_s=1))
    >>> [lab.text for lab in beat_labels(tl.beats, 1.0)]
    ['M1', 'murmur', 'T1', 'A2', 'P2']
    """
    out: list[Label] = []
    for beat in beats:
        for e in beat.events:
            if 0.0 <= e.time_s < duration_s:
                out.append(Label(e.time_s, e.time_s, e.kind))
        for m in beat.murmurs:
            if m.start_s < duration_s and m.end_s > 0:
                out.append(Label(max(m.start_s, 0.0), min(m.end_s, duration_s), m.kind))
    out.sort(key=_order)
    return out


def sort_labels(labels: list[Label]) -> list[Label]:
    """Labels in time order, points before regions at equal times."""
    return sorted(labels, key=_order)


def format_labels(labels: Iterable[Label]) -> str:
    """Audacity label-track text (microsecond resolution).

    Examples
    --------
    >>> format_labels([Label(0.2, 0.2, "M1")])
    '0.200000\\t0.200000\\tM1\\n'
    """
    return "".join(f"{lab.start_s:.6f}\t{lab.end_s:.6f}\t{lab.text}\n" for lab in labels)


def parse_labels(text: str) -> list[Label]:
    """Read an Audacity label track back.

    Examples
    --------
    >>> parse_labels("0.1\\t0.4\\tmurmur\\n")
    [Label(start_s=0.1, end_s=0.4, text='murmur')]
    """
    out = []
    for line in text.splitlines():
        if line.strip():
            a, b, lab = line.split("\t", 2)
            out.append(Label(float(a), float(b), lab))
    return out


def is_murmur_label_text(text: str) -> bool:
    """Whether ``text`` is a label track murmur wrote (so it may be replaced).

    murmur's label files start with a point label at 0 saying how the sound is
    heard (``... | at the apex, ...``) and hold only event and murmur labels
    after it; a user's notes do not.

    Examples
    --------
    >>> is_murmur_label_text("0.000000\\t0.000000\\tnormal heart | at the apex\\n0.1\\t0.1\\tM1\\n")
    True
    >>> is_murmur_label_text("remember the milk\\n")
    False
    """
    try:
        labels = parse_labels(text)
    except ValueError:
        return False
    if not labels:
        return False
    head = labels[0]
    return (
        (head.start_s, head.end_s) == (0.0, 0.0)
        and " | " in head.text
        and all(lab.text in LABEL_TEXTS for lab in labels[1:])
    )
