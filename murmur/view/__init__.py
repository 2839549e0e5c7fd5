"""What is seen: the labelled figure, comparisons, the Wiggers diagram, and the windows.

matplotlib is imported only in this sub-package, and only by the modules that
draw (:mod:`~murmur.view.figures`, :mod:`~murmur.view.wiggers`,
:mod:`~murmur.view.plots`); tkinter only in its windows
(:mod:`~murmur.view.windows`, :mod:`~murmur.view.app`). What the figures draw
is computed without it (:mod:`~murmur.view.plotdata`,
:mod:`~murmur.view.labels`, :mod:`~murmur.view.spectrogram`,
:mod:`~murmur.view.wiggersdata`). The names below are imported on first use
(PEP 562), so importing this package loads no matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_LAZY = {
    "case_figure": "figures",
    "compare_figure": "figures",
    "wiggers_figure": "wiggers",
    "save_figure": "plots",
    "write_case_figure": "plots",
    "write_wiggers_figure": "plots",
    "show_window": "windows",
    "show_figure_window": "windows",
    "has_display": "windows",
    "run_app": "app",
}
__all__ = [
    "case_figure",
    "compare_figure",
    "wiggers_figure",
    "save_figure",
    "write_case_figure",
    "write_wiggers_figure",
    "show_window",
    "show_figure_window",
    "has_display",
    "run_app",
]

if TYPE_CHECKING:
    from .app import run_app as run_app
    from .figures import case_figure as case_figure
    from .figures import compare_figure as compare_figure
    from .plots import save_figure as save_figure
    from .plots import write_case_figure as write_case_figure
    from .plots import write_wiggers_figure as write_wiggers_figure
    from .wiggers import wiggers_figure as wiggers_figure
    from .windows import has_display as has_display
    from .windows import show_figure_window as show_figure_window
    from .windows import show_window as show_window


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
