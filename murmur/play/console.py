"""Live control of a playing loop from the terminal: single keys and a status line.

The key map is data (:data:`KEYS`) and :func:`apply_key` is a pure function
from (case, preset name, key) to the new state, so the terminal loop in
:func:`run_live` only reads keys and prints; the same actions are available
from Python through :class:`~murmur.play.player.Player`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import select
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from ..case import Case, field_spec
from ..errors import ParameterError
from ..presets import PRESETS

__all__ = ["KEYS", "LiveState", "apply_key", "status_line", "key_help", "run_live", "HEART_RATE_STEP_BPM"]

#: Heart-rate change per key press, bpm.
HEART_RATE_STEP_BPM = 5.0

#: Fields a live case switch keeps from the current case (how it is heard).
_KEPT_ON_SWITCH = ("site", "chest_piece", "speaker", "background", "breath", "sr", "seed")

# Option lists and limits come from the Case's FieldSpecs, never copied.
_SITES = field_spec("site").choices
_PIECES = field_spec("chest_piece").choices
_BACKGROUNDS = field_spec("background").choices
_RATE = field_spec("heart_rate_bpm")
_GRADE = field_spec("grade")

#: Key -> (action, help). Arrow keys arrive as escape sequences.
KEYS: dict[str, tuple[str, str]] = {
    "\x1b[A": ("faster", "up/down heart rate"),
    "+": ("faster", ""),
    "=": ("faster", ""),
    "\x1b[B": ("slower", ""),
    "-": ("slower", ""),
    "\x1b[C": ("louder", "right/left grade"),
    "]": ("louder", ""),
    "\x1b[D": ("softer", ""),
    "[": ("softer", ""),
    "n": ("next", "n/p next/prev case"),
    "p": ("previous", ""),
    "i": ("inspiration", "i/e hold breath"),
    "e": ("expiration", ""),
    "b": ("chest_piece", "b bell/diaphragm"),
    "s": ("site", "s site"),
    "l": ("speaker", "l laptop mode"),
    "r": ("background", "r recording"),
    " ": ("pause", "space pause"),
    "q": ("quit", "q quit"),
    "\x1b": ("quit", ""),
}


@dataclass(frozen=True)
class LiveState:
    """What the live loop is playing: the preset it started from and the case."""

    name: str
    case: Case
    paused: bool = False
    note: str = ""


def _cycle(options: Sequence[str], current: str, step: int = 1) -> str:
    return options[(options.index(current) + step) % len(options)]


def apply_key(state: LiveState, action: str) -> LiveState:
    """The state after one key's action (``quit`` and unknown actions change nothing).

    Examples
    --------
    >>> from murmur.presets import get_preset
    >>> s = LiveState("mr-mild", get_preset("mr-mild").case)
    >>> apply_key(s, "faster").case.heart_rate_bpm
    77.0
    >>> apply_key(s, "next").name
    'mr-moderate'
    >>> apply_key(LiveState("normal", get_preset("normal").case), "louder").note
    'normal has no murmur to grade'
    """
    case, note = state.case, ""
    try:
        if action in ("faster", "slower"):
            step = HEART_RATE_STEP_BPM if action == "faster" else -HEART_RATE_STEP_BPM
            assert _RATE.low is not None and _RATE.high is not None  # a numeric field has a range
            rate = min(float(_RATE.high), max(float(_RATE.low), case.heart_rate_bpm + step))
            if rate == case.heart_rate_bpm:
                note = f"heart rate stays within {_RATE.range_text()}"
            case = dataclasses.replace(case, heart_rate_bpm=rate)
        elif action in ("louder", "softer"):
            if not case.has_murmur:
                return dataclasses.replace(state, note=f"{state.name} has no murmur to grade")
            assert _GRADE.low is not None and _GRADE.high is not None  # a numeric field has a range
            grade = min(int(_GRADE.high), max(int(_GRADE.low), case.grade + (1 if action == "louder" else -1)))
            if grade == case.grade:
                note = f"grade stays within {_GRADE.range_text()}"
            case = dataclasses.replace(case, grade=grade)
        elif action in ("next", "previous"):
            names = list(PRESETS)
            name = names[(names.index(state.name) + (1 if action == "next" else -1)) % len(names)]
            kept = {f: getattr(case, f) for f in _KEPT_ON_SWITCH}
            return LiveState(name, dataclasses.replace(PRESETS[name].case, **kept), state.paused)
        elif action in ("inspiration", "expiration"):
            held = f"hold-{action}"
            case = dataclasses.replace(case, breath="normal" if case.breath == held else held)
        elif action == "chest_piece":
            case = dataclasses.replace(case, chest_piece=_cycle(_PIECES, case.chest_piece))
        elif action == "site":
            case = dataclasses.replace(case, site=_cycle(_SITES, case.site))
        elif action == "background":
            case = dataclasses.replace(case, background=_cycle(_BACKGROUNDS, case.background))
        elif action == "speaker":
            case = dataclasses.replace(case, speaker="laptop" if case.speaker == "headphones" else "headphones")
        elif action == "pause":
            return dataclasses.replace(state, paused=not state.paused, note="")
    except ParameterError as err:  # e.g. a preset that forbids the kept setting
        return dataclasses.replace(state, note=str(err))
    return LiveState(state.name, case, state.paused, note)


def status_line(state: LiveState) -> str:
    """One line saying what is playing and how it is heard.

    Examples
    --------
    >>> from murmur.presets import get_preset
    >>> status_line(LiveState("mr-mild", get_preset("mr-mild").case))
    '> mr-mild | 72 bpm | grade 2/6 | breathing | apex, no chest piece, headphones | quiet background'
    """
    c = state.case
    parts = [
        ("|| " if state.paused else "> ") + state.name,
        f"{c.heart_rate_bpm:g} bpm" + (" AF" if c.rhythm == "af" else ""),
        f"grade {c.grade}/6" if c.has_murmur else "no murmur",
        "breathing" if c.breath == "normal" else c.breath,
        f"{c.site}, {'no chest piece' if c.chest_piece == 'none' else c.chest_piece}, "
        f"{'laptop mode' if c.speaker == 'laptop' else 'headphones'}",
        "no background" if c.background == "none" else f"{c.background} background",
    ]
    line = " | ".join(parts)
    return f"{line} | {state.note}" if state.note else line


def key_help() -> str:
    """The key map, in two lines that fit 80 columns.

    Examples
    --------
    >>> max(len(line) for line in key_help().splitlines()) <= 80
    True
    """
    helps = [h for _, h in KEYS.values() if h]
    return "keys: " + ", ".join(helps[:4]) + "\n      " + ", ".join(helps[4:])


#: Said once when the console cannot read single keys (Windows has no termios).
NO_KEYS_NOTE = "live keys need a POSIX terminal (termios), which this console lacks; playing until Ctrl-C."


@contextlib.contextmanager
def _cbreak(stream: TextIO, out: TextIO | None = None) -> Iterator[int | None]:
    """Single-key input from a terminal (None when ``stream`` is not one, or keys cannot be read singly)."""
    try:
        fd = stream.fileno()
        interactive = os.isatty(fd)
    except (AttributeError, OSError, ValueError):
        interactive = False
    if not interactive:
        yield None
        return
    try:
        import termios
        import tty
    except ImportError:
        print(NO_KEYS_NOTE, file=out or sys.stdout)
        yield None
        return

    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)  # keys arrive one by one; Ctrl-C still interrupts
        yield fd
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _read_key(fd: int, timeout_s: float) -> str | None:
    ready, _, _ = select.select([fd], [], [], timeout_s)
    if not ready:
        return None
    data = os.read(fd, 8).decode("utf-8", "replace")
    return data if data in KEYS else data[:1]


def run_live(
    player: Any,
    state: LiveState,
    *,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    keys: Callable[[], str | None] | None = None,
) -> LiveState:
    """Drive ``player`` from single keys until ``q``, or until it stops; returns the last state.

    Without a terminal the loop plays until Ctrl-C (or ``player`` ends).
    ``keys`` replaces the terminal (a callable returning the next key or None).
    """
    out = out or sys.stdout
    stdin = stdin or sys.stdin
    with _cbreak(stdin, out) as fd:
        if fd is not None or keys is not None:
            print(key_help(), file=out)
        shown = ""
        while player.active:
            line = status_line(state)
            if line != shown:
                print(f"\r{line:<{max(len(shown), len(line))}}", end="", file=out, flush=True)
                shown = line
            if keys is not None:
                key = keys()
            elif fd is not None:
                key = _read_key(fd, 0.1)
            else:
                player.wait(0.1)
                continue
            if key is None:
                continue
            action = KEYS.get(key, ("", ""))[0]
            if action == "quit":
                break
            new = apply_key(state, action)
            if new.paused != state.paused:
                (player.pause if new.paused else player.resume)()
            if new.case is not state.case:
                player.set_case(new.case)
            state = new
        print(file=out)
    return state
