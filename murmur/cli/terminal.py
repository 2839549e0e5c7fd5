"""What every command shares with the terminal: exit codes, printing that never fails, progress lines.

A closed or full stdout/stderr, or a terminal that cannot show a character,
only loses text: printing never fails a command.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable

__all__ = [
    "EXIT_OK",
    "EXIT_FAILURE",
    "EXIT_USAGE",
    "EXIT_AUDIO",
    "EXIT_INTERRUPTED",
    "say",
    "shown_line",
    "settle_streams",
    "progress_printer",
]

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_AUDIO, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

#: Longest error line shown, characters (a user's long text can make one longer).
LINE_LIMIT = 300


def say(text: str = "", *, err: bool = False, end: str = "\n", flush: bool = False) -> bool:
    """Print ``text``; a closed, full or narrow-charset stream never fails the command.

    Returns False when the stream could not take it (the caller may stop trying).
    """
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return False
    try:
        try:
            stream.write(text + end)
        except UnicodeEncodeError:
            enc = getattr(stream, "encoding", None) or "ascii"
            stream.write((text + end).encode(enc, "backslashreplace").decode(enc))
        if flush:
            stream.flush()
    except (OSError, ValueError):
        return False
    return True


def shown_line(text: str, limit: int = LINE_LIMIT) -> str:
    """One line, cut if a user's text made it long.

    Examples
    --------
    >>> shown_line("two\\nlines")
    'two lines'
    >>> shown_line("x" * 20, limit=10)
    'xxxxxxx...'
    """
    text = text.strip().replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def settle_streams() -> None:
    """Flush stdout and stderr now; if one is closed or full, send what is left nowhere so exit stays quiet."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
                os.close(devnull)


def progress_printer(label: str, duration_s: float) -> Callable[[float], None] | None:
    """Progress on stderr for long work (a sound of a minute or more); None for short work.

    A closed stderr drops the progress and the work goes on.
    """
    if duration_s < 60 or not sys.stderr:
        return None
    try:
        tty = sys.stderr.isatty()
    except (OSError, ValueError):
        return None
    last = [-1]
    alive = [True]

    def show(fraction: float) -> None:
        pct = int(fraction * 100)
        if not alive[0]:
            return
        if tty:
            alive[0] = say(f"\r{label}: {pct:3d}%", err=True, end="" if fraction < 1 else "\n", flush=True)
        elif pct // 10 != last[0]:
            last[0] = pct // 10
            alive[0] = say(f"{label}: {pct}%", err=True, flush=True)

    return show
