"""The commands that show a case: ``show``, ``compare``, ``wiggers`` and the teaching window ``app``.

Each opens a window, or writes the figure with ``--save`` (and, where there is
no display, to a file in the current folder, saying so). Each ``add_NAME(parser)``
adds the command NAME, with its options, to the ``murmur`` parser.
"""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ParameterError
from .options import add_case_options, add_device_option, case_changes, case_from_args, cases_from_args
from .sound import run_play
from .terminal import EXIT_OK, say

if TYPE_CHECKING:
    from .command import CommandParser

__all__ = ["MAX_COMPARED", "add_show", "add_compare", "add_wiggers", "add_app"]

#: Most cases ``murmur compare`` stacks (more would be unreadably thin rows).
MAX_COMPARED = 6


def _add_figure_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--save", metavar="FILE", help="write the figure (.png, .svg or .pdf) instead of opening a window")
    p.add_argument(  # read as text: _seconds_shown checks it with the range sentence
        "--seconds-shown",
        metavar="S",
        default=None,
        help="seconds shown, 0.1 to the case's duration (default: three cardiac cycles)",
    )


def _figure_destination(args: argparse.Namespace, default: str) -> tuple[Path | None, str]:
    """Where a figure goes: --save, or a file in the current folder when there is no display."""
    from ..view.windows import has_display

    if args.save is not None:
        if not args.save:
            raise ParameterError("save is empty; give a file name ending in .png, .svg or .pdf.", param="save")
        from ..view.plots import check_figure_path

        return check_figure_path(args.save, param="save"), ""  # checked as typed (a final slash kept)
    if not has_display():
        return Path(default), "no display here, so the figure was written to a file"
    return None, ""


def _seconds_shown(args: argparse.Namespace, *, limit_s: float) -> float | None:
    """--seconds-shown as a number from 0.1 to ``limit_s``; the range sentence echoes what was typed."""
    from ..view.plotdata import check_seconds_shown

    text = args.seconds_shown
    if text is None:
        return None
    value: object = text
    with contextlib.suppress(ValueError):
        value = float(text.strip())
    return check_seconds_shown(value, limit_s=limit_s, typed=text)


def add_show(parser: CommandParser) -> None:
    p = parser.add_command(
        "show", _run_show, help="see a case: labelled waveform and spectrogram (--play: with a moving cursor)"
    )
    p.add_argument("case", metavar="CASE", help="a case name from 'murmur cases'")
    _add_figure_options(p)
    p.add_argument("--play", action="store_true", help="play it too; in a window a cursor follows the sound")
    p.add_argument("--loop", action="store_true", help="with --play: play without end")
    add_device_option(p)
    add_case_options(p)


def _run_show(args: argparse.Namespace) -> int:
    from ..view.plots import check_figure_path, write_case_figure

    case = case_from_args(args)
    path, why = _figure_destination(args, f"{args.case}.png")
    # in a window a page of the (endless) sound: up to a minute
    shown = _seconds_shown(args, limit_s=60.0 if path is None and args.loop else case.duration_s)
    if path is None:
        from ..view.windows import show_window

        show_window(case, heading=args.case, play=args.play, loop=args.loop, device=args.device, seconds_shown=shown)
        return EXIT_OK
    check_figure_path(path, param="save")
    written = write_case_figure(case, path, seconds_shown=shown, title=args.case)
    say(f"wrote {written.resolve()}" + (f" ({why})" if why else ""))
    if args.play:
        return run_play(args)
    return EXIT_OK


def add_compare(parser: CommandParser) -> None:
    p = parser.add_command("compare", _run_compare, help="stack cases on the same time, amplitude and colour scales")
    p.add_argument("cases", nargs="+", metavar="CASE", help=f"1 to {MAX_COMPARED} case names from 'murmur cases'")
    _add_figure_options(p)
    add_case_options(p)


def _run_compare(args: argparse.Namespace) -> int:
    from ..view.plots import check_figure_path, compare_figure, save_figure

    if not 1 <= len(args.cases) <= MAX_COMPARED:
        raise ParameterError(f"compare shows 1 to {MAX_COMPARED} cases; got {len(args.cases)}.", param="cases")
    cases = cases_from_args(args, args.cases)
    path, why = _figure_destination(args, "compare.png")
    shown = _seconds_shown(args, limit_s=min(c.duration_s for c in cases))
    if path is not None:
        check_figure_path(path, param="save")
    fig = compare_figure(cases, names=args.cases, seconds_shown=shown)
    if path is None:
        from ..view.windows import show_figure_window

        show_figure_window(fig, title="murmur: " + " vs ".join(args.cases))
        return EXIT_OK
    written = save_figure(fig, path)
    say(f"wrote {written.resolve()}" + (f" ({why})" if why else ""))
    return EXIT_OK


def add_wiggers(parser: CommandParser) -> None:
    p = parser.add_command(
        "wiggers",
        _run_wiggers,
        help="the Wiggers diagram: ECG, pressures, LV volume, mitral flows and the heard beat on one axis",
    )
    p.add_argument(
        "case", metavar="CASE", help="a case name from 'murmur cases' that the circulation model covers (at 40-150 bpm)"
    )
    p.add_argument("--save", metavar="FILE", help="write the figure (.png, .svg or .pdf) instead of opening a window")
    add_case_options(p)


def _run_wiggers(args: argparse.Namespace) -> int:
    from ..physio.circulation import case_model

    case = case_from_args(args)
    case_model(case)  # a case the model does not cover: one sentence, exit 2, before anything is drawn
    path, why = _figure_destination(args, f"{args.case}-wiggers.png")
    from ..view.plots import check_figure_path, save_figure, wiggers_figure

    if path is not None:
        check_figure_path(path, param="save")
    fig = wiggers_figure(case)
    if path is None:
        from ..view.windows import show_figure_window

        show_figure_window(fig, title=f"murmur: Wiggers diagram of {args.case}")
        return EXIT_OK
    try:
        written = save_figure(fig, path)
    finally:
        fig.clear()
    say(f"wrote {written.resolve()}" + (f" ({why})" if why else ""))
    return EXIT_OK


def add_app(parser: CommandParser) -> None:
    p = parser.add_command("app", _run_app, help="the teaching window: figure, case, heart rate, grade, split, play")
    p.add_argument("case", metavar="CASE", nargs="?", default="mr-moderate", help="case shown first")
    add_device_option(p)
    add_case_options(p)


def _run_app(args: argparse.Namespace) -> int:
    from ..view.app import run_app

    case_from_args(args)  # validate the options before opening a window
    changes = case_changes(args)
    run_app(name=args.case, device=args.device, changes=changes)
    return EXIT_OK
