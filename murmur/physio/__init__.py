"""When things happen: the beats of a case, their events and murmur spans, the findings and the circulation model.

The timeline is the single source of truth for timing; the circulation model
is a second producer of the same beat times, chosen once per case through one
adapter (:class:`~murmur.physio.timeline.ModelBeat`). Each finding is one
module of :mod:`murmur.physio.findings`. Nothing here makes a sound.

The names below are imported on first use (PEP 562), so that importing
:mod:`murmur` (which registers the findings) does not load numpy.

Examples
--------
>>> from murmur.physio import build_timeline
>>> len(build_timeline("normal").beats) > 10
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_LAZY = {
    "Event": "events",
    "MurmurSpan": "events",
    "Beat": "events",
    "Timeline": "events",
    "build_timeline": "timeline",
    "iter_beats": "timeline",
    "continue_after": "timeline",
    "beats_until": "timeline",
    "FIRST_Q_S": "timeline",
    "qs2_ms": "intervals",
    "respiration": "intervals",
    "beat_rng": "streams",
    "Cycle": "circulation",
    "simulate": "circulation",
    "summary": "circulation",
    "case_model": "circulation",
    "severity_class": "circulation",
    "SUMMARY_KEYS": "circulation",
}
__all__ = [
    "Event",
    "MurmurSpan",
    "Beat",
    "Timeline",
    "build_timeline",
    "iter_beats",
    "continue_after",
    "beats_until",
    "FIRST_Q_S",
    "qs2_ms",
    "respiration",
    "beat_rng",
    "Cycle",
    "simulate",
    "summary",
    "case_model",
    "severity_class",
    "SUMMARY_KEYS",
]

if TYPE_CHECKING:
    from .circulation import Cycle, simulate

    # From the module itself: through the package, mypy takes the function for its module (python/mypy#7419).
    from .circulation.summary import SUMMARY_KEYS, case_model, severity_class, summary
    from .events import Beat, Event, MurmurSpan, Timeline
    from .intervals import qs2_ms, respiration
    from .streams import beat_rng
    from .timeline import FIRST_Q_S, beats_until, build_timeline, continue_after, iter_beats


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
