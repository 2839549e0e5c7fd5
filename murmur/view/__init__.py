"""What is seen: the labelled figure, comparisons, the Wiggers diagram, and the windows.

matplotlib is imported only in this sub-package; tkinter only in its windows
(:mod:`murmur.view.windows`, :mod:`murmur.view.app`). The names below are
imported on first use (PEP 562), so the figure data of
:mod:`murmur.view.plotdata` can be computed without loading matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_LAZY = {
    "case_figure": "plots",
    "compare_figure": "plots",
    "wiggers_figure": "plots",
    "save_figure": "plots",
    "write_case_figure": "plots",
    "write_wiggers_figure": "plots",
    "show_window": "windows",
    "show_figure_window": "windows",
    "has_display": "windows",
    "run_app": "app",
}
__all__ = list(_LAZY)

if TYPE_CHECKING:
    from .app import run_app
    from .plots import (
        case_figure,
        compare_figure,
        save_figure,
        wiggers_figure,
        write_case_figure,
        write_wiggers_figure,
    )
    from .windows import has_display, show_figure_window, show_window


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
