"""Teaching: the handout, the lecture bundle, the quiz and the web page.

Everything here reads what a finding says of itself (its teaching text, its
quiz answer); nothing here names a lesion. The names below are imported on
first use (PEP 562): the quiz's console does not load the web page's code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_LAZY = {
    "handout_markdown": "handout",
    "write_lecture": "lecture",
    "draw_rounds": "quiz",
    "mark": "quiz",
    "tally": "quiz",
    "run_quiz": "quizconsole",
    "write_quiz_page": "quizpage",
    "write_page": "web",
}
__all__ = [
    "handout_markdown",
    "write_lecture",
    "draw_rounds",
    "mark",
    "tally",
    "run_quiz",
    "write_quiz_page",
    "write_page",
]

if TYPE_CHECKING:
    from .handout import handout_markdown
    from .lecture import write_lecture
    from .quiz import draw_rounds, mark, tally
    from .quizconsole import run_quiz
    from .quizpage import write_quiz_page
    from .web import write_page


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
