"""murmur: synthesized heart sounds for teaching auscultation.

The pipeline (see ``shared/docs/architecture.md``): a :class:`Case` says what
to hear; :func:`build_timeline` says when each event happens; the sources say
what each event sounds like; :class:`Renderer` places them on the sample grid;
:func:`synthesize` and :func:`export` give finished sound.

Public names are imported on first use (PEP 562), so ``import murmur`` and
``murmur --help`` do not pay for numpy and scipy until they are needed.

Examples
--------
>>> import murmur
>>> y, timeline = murmur.synthesize(murmur.get_preset("mr-mild").case)
>>> round(len(y) / 44100)
10
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .case import Case
from .errors import AudioUnavailableError, MurmurError, OutputError, ParameterError
from .presets import PRESETS, Preset, get_preset

#: The one place the version is written: pyproject.toml reads it ([tool.setuptools.dynamic]); keep it a literal.
__version__ = "0.1.0"

_LAZY = {
    "build_timeline": "timeline",
    "iter_beats": "timeline",
    "qs2_ms": "timeline",
    "Timeline": "timeline",
    "Beat": "timeline",
    "Event": "timeline",
    "MurmurSpan": "timeline",
    "Renderer": "render",
    "synthesize": "synth",
    "Sound": "sound",
    "render_sources": "synth",
    "export": "export",
    "ExportResult": "export",
}

__all__ = [
    "Case",
    "Preset",
    "PRESETS",
    "get_preset",
    "MurmurError",
    "ParameterError",
    "AudioUnavailableError",
    "OutputError",
    "build_timeline",
    "iter_beats",
    "qs2_ms",
    "Timeline",
    "Beat",
    "Event",
    "MurmurSpan",
    "Renderer",
    "synthesize",
    "Sound",
    "render_sources",
    "export",
    "ExportResult",
]

if TYPE_CHECKING:
    from .export import ExportResult, export
    from .render import Renderer
    from .sound import Sound
    from .synth import render_sources, synthesize
    from .timeline import Beat, Event, MurmurSpan, Timeline, build_timeline, iter_beats, qs2_ms


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'murmur' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
