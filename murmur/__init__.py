"""murmur: synthesized heart sounds for teaching auscultation.

The pipeline (see ``docs/architecture.md``): a :class:`Case` says what
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

from ._version import __version__ as __version__  # murmur.__version__
from .case import Case
from .errors import AudioUnavailableError, DisplayUnavailableError, MurmurError, OutputError, ParameterError
from .physio import findings as _findings  # noqa: F401  (registers the built-in findings)
from .presets import PRESETS, Preset, get_preset

_LAZY = {
    "build_timeline": "physio",
    "iter_beats": "physio",
    "qs2_ms": "physio",
    "Timeline": "physio",
    "Beat": "physio",
    "Event": "physio",
    "MurmurSpan": "physio",
    "Renderer": "sound",
    "synthesize": "sound",
    "Sound": "sound",
    "render_sources": "sound",
    "export": "files",
    "ExportResult": "files",
}

__all__ = [
    "Case",
    "Preset",
    "PRESETS",
    "get_preset",
    "MurmurError",
    "ParameterError",
    "AudioUnavailableError",
    "DisplayUnavailableError",
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
    # From the module itself: through the package, mypy takes the function for its module (python/mypy#7419).
    from .files.export import ExportResult, export
    from .physio import Beat, Event, MurmurSpan, Timeline, build_timeline, iter_beats, qs2_ms
    from .sound import Renderer, Sound, render_sources, synthesize


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'murmur' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
