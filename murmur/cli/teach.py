"""The teaching commands: the ``lecture`` bundle, the ``html`` page and the blinded ``quiz``.

Each ``add_NAME(parser)`` adds the command NAME, with its options, to the ``murmur`` parser.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..case import case_fields, field_spec
from ..errors import AudioUnavailableError, ParameterError
from ..presets import get_preset
from .options import (
    add_case_options,
    add_device_option,
    add_loudness_option,
    case_changes,
    cases_from_args,
    loudness_target,
    number,
    option_name,
)
from .sound import report_underflows
from .terminal import EXIT_OK, progress_printer, say

if TYPE_CHECKING:
    from .command import CommandParser

__all__ = ["QUIZ_CASE_OPTIONS", "add_lecture", "add_html", "add_quiz"]

#: Case fields ``murmur quiz`` takes as options: how every round is heard (what is heard is the quiz's to draw).
QUIZ_CASE_OPTIONS = ("duration_s", "sr", "background", "site", "chest_piece", "speaker")


def _page_loudness(shared: Any) -> dict[str, Any]:
    """write_page's loudness arguments for a set gain (none when the set is not normalised)."""
    if shared is None:
        return {}
    # the loudness the set reached: the target, or less where the peak ceiling stopped the gain
    return {"gain_db": shared.gain_db, "target_lufs": round(shared.reached_lufs, 1)}


def _page_summary(result: Any) -> str:
    sizes = ", ".join(f"{n / 1e6:.2f}" for n in result.case_bytes)
    return f"{result.n_bytes / 1e6:.2f} MB; per case {sizes} MB"


def add_lecture(parser: CommandParser) -> None:
    p = parser.add_command(
        "lecture", _run_lecture, help="write a lecture bundle per case: WAVs (faithful, laptop), labels, handout"
    )
    p.add_argument("cases", nargs="+", metavar="CASE", help="case names from 'murmur cases'")
    p.add_argument("-o", "--output", default="lecture", metavar="FOLDER", help="folder to write (default ./lecture)")
    add_loudness_option(p, "the bundle with one gain for all its files (the loudest reaches the target)")
    p.add_argument(
        "--html",
        action="store_true",
        help="also write FOLDER/index.html: one self-contained page with every case, faithful and laptop versions",
    )
    add_case_options(p)


def _lecture_page_cases(names: Sequence[str], changes: dict[str, Any]) -> list:
    """The lecture page's cases as the bundle makes them (faithful and laptop versions), sound at the page's rate."""
    from ..teach.web.page import PAGE_SR_HZ, page_case

    rate: dict[str, Any] = {} if "sr" in changes else {"sr": PAGE_SR_HZ}
    return [page_case(n, dataclasses.replace(get_preset(n).case, **changes, **rate), speakers=True) for n in names]


def _lecture_page_path(folder: Path) -> Path:
    from ..teach.web.page import check_page_path

    return check_page_path(folder / "index.html", param="html", fix="move it or choose another folder (-o)")


def _run_lecture(args: argparse.Namespace) -> int:
    from ..files.safety import make_folder
    from ..teach.lecture import write_lecture

    cases_from_args(args, args.cases)  # validate every case before writing anything
    target = loudness_target(args)
    changes = case_changes(args)
    changes.pop("speaker", None)  # the bundle has both versions
    page_cases = _lecture_page_cases(args.cases, changes) if args.html else None
    folder = make_folder(args.output)
    page = _lecture_page_path(folder) if args.html else None

    def write_index(shared: Any) -> None:
        from ..teach.web.page import write_page

        assert page_cases is not None and page is not None  # write_index is passed on only with --html
        result = write_page(page_cases, page, param="html", **_page_loudness(shared))
        say(f"wrote {result.path} ({_page_summary(result)}; each case with its faithful and laptop versions)")

    from ..view.plots import write_case_figure, write_wiggers_figure

    folders = write_lecture(
        args.cases,
        folder,
        changes=changes,
        figure=write_case_figure,
        wiggers=write_wiggers_figure,
        say=say,
        loudness_lufs=target,
        page=write_index if page is not None else None,
    )
    say(f"Lecture bundle for {len(folders)} case(s) in {folder.resolve()}")
    return EXIT_OK


def add_html(parser: CommandParser) -> None:
    p = parser.add_command(
        "html",
        _run_html,
        help="write one self-contained web page: each case's sound, labelled figure with playhead, handout",
    )
    p.add_argument("cases", nargs="+", metavar="CASE", help="case names from 'murmur cases'")
    p.add_argument("-o", "--output", default="page.html", metavar="PAGE.html", help="page to write (default page.html)")
    p.add_argument(
        "--title", metavar="TEXT", default=None, help="the page's title and heading (default: Heart sounds: CASE, ...)"
    )
    p.add_argument("--force", action="store_true", help="replace PAGE.html even when murmur did not write it")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    add_loudness_option(p, "the page's sounds with one gain for all (the loudest reaches the target)")
    add_case_options(p)


def _run_html(args: argparse.Namespace) -> int:
    from ..teach.web.page import PAGE_SR_HZ, check_page_path, page_case, write_page

    cases = cases_from_args(args, args.cases)
    if "sr" not in case_changes(args):
        cases = [dataclasses.replace(c, sr=PAGE_SR_HZ) for c in cases]
    page_cases = [page_case(n, c) for n, c in zip(args.cases, cases, strict=True)]  # refuses > 60 s
    target = loudness_target(args)
    out = check_page_path(args.output, force=args.force)  # before any rendering
    shared = None
    if target is not None:
        from ..files.normalise import normalise_cases

        shared, _ = normalise_cases([v.case for pc in page_cases for v in pc.variants], target_lufs=target)
    result = write_page(page_cases, out, title=args.title, force=args.force, **_page_loudness(shared))
    if shared is not None and not args.quiet:
        say(shared.summary())
    if not args.quiet:
        rates = " and ".join(f"{r} Hz" for r in sorted({c.sr for c in cases}))
        say(f"wrote {result.path} ({len(cases)} case(s), {_page_summary(result)}; sound at {rates})")
        say("  one file with its sound and figures inside: mail it or share it; it opens offline in any browser")
    return EXIT_OK


def add_quiz(parser: CommandParser) -> None:
    from ..teach.quiz import DEFAULT_CHANGES, DURATION_RANGE_S, MAX_ROUNDS

    p = parser.add_command(
        "quiz",
        _run_quiz,
        help="a blinded listening quiz: name the finding, timing and grade of each case, then see the score",
    )
    p.add_argument("--rounds", default="10", metavar="N", help=f"number of rounds, 1-{MAX_ROUNDS} (default 10)")
    p.add_argument(
        "--seed",
        metavar="S",
        help="quiz seed, 0-4294967295: the same seed gives the same rounds (default: a new one, shown)",
    )
    p.add_argument("--cases", nargs="+", metavar="CASE", help="draw only from these cases (default: every case)")
    p.add_argument("--no-play", action="store_true", help="play nothing (answers from a script, or a silent run)")
    add_device_option(p)
    p.add_argument("--figures", metavar="DIR", help="write each round's labelled figure (PNG) here after its answer")
    p.add_argument(
        "--html", metavar="QUIZ.html", help="write the quiz as one self-contained web page instead of asking"
    )
    g = p.add_group("how every round is heard")
    low, high = DURATION_RANGE_S
    defaults = {name: default for name, default, _ in case_fields()} | DEFAULT_CHANGES
    for name in QUIZ_CASE_OPTIONS:
        spec = field_spec(name)
        default = defaults[name]
        if spec.choices:
            help_text = f"{spec.help} (default {default})"
            g.add_argument(option_name(name), choices=spec.choices, default=None, help=help_text)
        else:
            rule = f"{low:g}-{high:g} s" if name == "duration_s" else spec.range_text()
            help_text = f"{spec.help}, {rule} (default {default:g})"
            g.add_argument(option_name(name), default=None, metavar=spec.unit.upper(), help=help_text)


def _quiz_command(n: int, seed: int, args: argparse.Namespace, changes: dict[str, Any]) -> str:
    """The command that makes the same quiz page again (for the lecturer: the page must not name the cases)."""
    import shlex

    words = ["murmur", "quiz", "--rounds", str(n), "--seed", str(seed)]
    words += ["--cases", *args.cases] if args.cases else []
    for name, value in changes.items():
        words += [option_name(name), f"{value:g}" if isinstance(value, float) else str(value)]
    return shlex.join([*words, "--html", args.html])


def _write_quiz_page(n: int, seed: int, args: argparse.Namespace, changes: dict[str, Any]) -> int:
    from ..files.safety import check_output_path
    from ..teach.quiz import draw_rounds

    for name in ("figures", "device"):
        if getattr(args, name) is not None:
            raise ParameterError(
                f"{name} changes nothing with --html (the page plays and shows each round itself); drop it.",
                param=name,
            )
    check_output_path(args.html, suffix=".html", param="html")
    from ..teach.quizpage import write_quiz_page

    rounds = draw_rounds(n, seed=seed, cases=args.cases, changes=changes)
    progress = progress_printer(f"writing {args.html}", n * rounds[0].case.duration_s)
    path = write_quiz_page(rounds, args.html, seed=seed, progress=progress)
    say(
        f"wrote {path.resolve()}: a {n}-round quiz (seed {seed}) in one file, every sound and figure inside; "
        "answers stay hidden until each round is checked."
    )
    say(f"The same page again: {_quiz_command(n, seed, args, changes)}")
    return EXIT_OK


def _run_quiz(args: argparse.Namespace) -> int:
    import secrets

    from ..files.safety import make_folder
    from ..teach.quiz import check_rounds, draw_rounds

    n = check_rounds(args.rounds)
    seed = number("seed", args.seed) if args.seed is not None else secrets.randbelow(2**32)
    changes = case_changes(argparse.Namespace(**{k: getattr(args, k) for k in QUIZ_CASE_OPTIONS}))
    if args.html is not None:
        return _write_quiz_page(n, seed, args, changes)
    rounds = draw_rounds(n, seed=seed, cases=args.cases, changes=changes)  # bad options: one line, before any sound
    play = None
    if args.no_play:
        if args.device is not None:
            raise ParameterError("device changes nothing with --no-play; drop one of them.", param="device")
    else:
        from ..play.devices import load_sounddevice, resolve_device

        try:
            resolve_device(args.device, load_sounddevice())
        except AudioUnavailableError as err:
            alternatives = "or take the quiz without sound (--no-play) or as a web page (--html quiz.html)"
            raise AudioUnavailableError(f"{str(err).rstrip('.')}; {alternatives}.") from None

        def play(rnd: Any) -> None:
            from ..play.player import play as play_case

            report_underflows(play_case(rnd.case, device=args.device))

    figure = None
    if args.figures is not None:
        folder = make_folder(args.figures, param="figures")
        figures_text = f"Each round's labelled figure is written to {folder.resolve()} after its answer."

        def figure(rnd: Any) -> Path:
            from ..view.plots import write_case_figure

            path = folder / f"round-{rnd.number:02d}.png"
            return write_case_figure(rnd.case, path, title=f"round {rnd.number}: {rnd.name}").resolve()

    else:
        figures_text = "Add --figures DIR to get each round's labelled figure as a PNG after its answer."
    from ..teach.quizconsole import run_quiz

    try:
        interactive = bool(sys.stdin) and sys.stdin.isatty()
    except (OSError, ValueError):
        interactive = False
    run_quiz(
        rounds,
        seed=seed,
        read_line=lambda: sys.stdin.readline() if sys.stdin else "",
        say=say,
        interactive=interactive,
        play=play,
        figure=figure,
        figures_text=figures_text,
    )
    return EXIT_OK
