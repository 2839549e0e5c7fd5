"""When things happen: the beats of a case, their events and murmur spans, and the circulation model.

The timeline is the single source of truth for timing; the circulation model
is a second producer of the same beat times. Nothing here makes a sound.

Examples
--------
>>> from murmur.physio import build_timeline
>>> len(build_timeline("normal").beats) > 10
True
"""

from .circulation import SUMMARY_KEYS, Cycle, case_model, severity_class, simulate, summary
from .timeline import (
    FIRST_Q_S,
    Beat,
    Event,
    MurmurSpan,
    Timeline,
    beats_until,
    build_timeline,
    continue_after,
    iter_beats,
)
from .intervals import qs2_ms, respiration
from .streams import beat_rng

__all__ = [
    "Event",
    "MurmurSpan",
    "Beat",
    "Timeline",
    "build_timeline",
    "iter_beats",
    "continue_after",
    "beats_until",
    "qs2_ms",
    "respiration",
    "beat_rng",
    "FIRST_Q_S",
    "Cycle",
    "simulate",
    "summary",
    "case_model",
    "severity_class",
    "SUMMARY_KEYS",
]
