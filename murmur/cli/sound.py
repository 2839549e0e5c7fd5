"""The commands that write or play sound: ``export``, ``samples``, ``play`` and ``demo``.

Each ``add_NAME(parser)`` adds the command NAME, with its options, to the ``murmur`` parser.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..case import Case
from ..errors import AudioUnavailableError
from ..presets import PRESETS, get_preset
from .options import (
    add_case_options,
    add_device_option,
    add_loudness_option,
    case_from_args,
    error_line,
    loudness_target,
)
from .terminal import EXIT_OK, progress_printer, say

if TYPE_CHECKING:
    from .command import CommandParser

__all__ = [
    "SAMPLES_DURATION_S",
    "DEMO_CASES",
    "COMPARE_SAMPLE",
    "CLINIC_SAMPLE",
    "add_export",
    "add_samples",
    "add_play",
    "add_demo",
    "run_play",
    "report_underflows",
]

#: Length of the files ``murmur samples`` writes, s ("a few seconds each").
SAMPLES_DURATION_S = 6.0
#: Cases the demo plays or writes, in teaching order.
DEMO_CASES = ("normal", "mr-mild", "mr-severe")
#: The comparison figure ``murmur samples`` writes.
COMPARE_SAMPLE = ("normal", "mr-mild", "mr-severe")
#: The case ``murmur samples`` also writes as patients are recorded (``--background clinic``).
CLINIC_SAMPLE = "mr-mild"


def report_underflows(player: Any) -> None:
    """Say on stderr how many gaps a playback had (nothing when it had none)."""
    if player.underflows:
        say(
            f"note: the sound had {player.underflows} gap(s) (audio underflows); close other busy programs "
            "or choose another --device.",
            err=True,
        )


def _export_one(
    case: Case,
    path: str | Path,
    name: str,
    *,
    quiet: bool = False,
    sample_format: str = "pcm16",
    labels: bool = True,
    figure: bool = False,
    force: bool = False,
    loudness_lufs: float | None = None,
) -> None:
    from ..files.export import export

    def draw(c: Case, png: Path) -> None:
        from ..view.plots import write_case_figure

        write_case_figure(c, png, title=name)

    summary = PRESETS[name].summary if name in PRESETS else ""
    result = export(
        case,
        path,
        labels=labels,
        figure=draw if figure else None,
        sample_format=sample_format,
        title=f"murmur: {name}",
        comment=f"{summary} [{case.describe()}; {case.listening()}; seed {case.seed}]",
        progress=None if quiet else progress_printer(f"exporting {path}", case.duration_s),
        force=force,
        loudness_lufs=loudness_lufs,
    )
    if not quiet:
        if result.figure_path:
            say(f"wrote {result.figure_path} (waveform and spectrogram, every event labelled)")
        bits = "16-bit PCM" if sample_format == "pcm16" else "32-bit float"
        bits += ", RF64 (over 4 GiB)" if result.rf64 else ""
        extra = f" and labels to {result.labels_path}" if result.labels_path else ""
        say(f"wrote {result.wav_path} ({case.duration_s:g} s, {case.sr} Hz, {bits}){extra}")
        say(f"  {case.describe()}; heard {case.listening()}")
        if result.gain is not None:
            say(f"  {result.gain.summary()}")


def _write_set(names: Sequence[str], folder: Path, duration_s: float | None, quiet: bool) -> None:
    for name in names:
        case = get_preset(name).case
        if duration_s is not None:
            case = dataclasses.replace(case, duration_s=duration_s)
        # The folder commands write murmur's own fixed names, so they replace them (--force only guards
        # the label file and figure beside a WAV name the user chose, in export).
        _export_one(case, folder / f"{name}.wav", name, quiet=quiet, figure=True, force=True)


def add_export(parser: CommandParser) -> None:
    p = parser.add_command("export", _run_export, help="write a case as a WAV file and an Audacity label file")
    p.add_argument("case", metavar="CASE", help="a case name from 'murmur cases'")
    p.add_argument(
        "-o", "--output", metavar="OUT.wav", help="WAV file to write (default CASE.wav); labels go to OUT.txt"
    )
    p.add_argument(
        "--sample-format", choices=("pcm16", "float32"), default="pcm16", help="sample format (default pcm16)"
    )
    p.add_argument(
        "--no-labels", action="store_true", help="do not write the label file (an old one murmur wrote is removed)"
    )
    p.add_argument("--force", action="store_true", help="replace OUT.txt / OUT.png even when murmur did not write them")
    p.add_argument(
        "--figure",
        action="store_true",
        help="also write OUT.png: waveform and spectrogram, every event labelled (without it an old one murmur "
        "wrote is removed)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    add_loudness_option(p, "the sound")
    add_case_options(p)


def _run_export(args: argparse.Namespace) -> int:
    case = case_from_args(args)
    target = loudness_target(args)
    out = args.output if args.output is not None else f"{args.case}.wav"  # '' and 'x.wav/' are refused
    _export_one(
        case,
        out,
        args.case,
        quiet=args.quiet,
        sample_format=args.sample_format,
        labels=not args.no_labels,
        figure=args.figure,
        force=args.force,
        loudness_lufs=target,
    )
    return EXIT_OK


def add_samples(parser: CommandParser) -> None:
    p = parser.add_command(
        "samples", _run_samples, help="regenerate every case's WAV and labels (the repository's samples/)"
    )
    p.add_argument("-o", "--output", default="samples", metavar="FOLDER", help="folder to write (default samples)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")


def _run_samples(args: argparse.Namespace) -> int:
    from ..files.safety import make_folder

    folder = make_folder(args.output)
    _write_set(list(PRESETS), folder, SAMPLES_DURATION_S, args.quiet)
    # Every preset above is in the quiet room (the teaching default); one also as a clinic records it.
    clinic = dataclasses.replace(get_preset(CLINIC_SAMPLE).case, background="clinic", duration_s=SAMPLES_DURATION_S)
    name = f"{CLINIC_SAMPLE}-clinic"
    _export_one(clinic, folder / f"{name}.wav", name, quiet=args.quiet, figure=True, force=True)
    from ..view.plots import compare_figure, save_figure

    names = list(COMPARE_SAMPLE)
    fig = compare_figure([get_preset(n).case for n in names], names=names)
    path = save_figure(fig, folder / "compare-normal-mild-severe.png")
    if not args.quiet:
        say(f"wrote {path} ({', '.join(names)} on the same scales)")
    return EXIT_OK


def add_play(parser: CommandParser) -> None:
    p = parser.add_command(
        "play", run_play, help="play a case through the computer's audio (--loop: endless, live keys)"
    )
    p.add_argument("case", metavar="CASE", help="a case name from 'murmur cases'")
    p.add_argument(
        "--loop", action="store_true", help="play without end; keys change it live at the next beat (q quits)"
    )
    add_device_option(p)
    add_case_options(p)


def run_play(args: argparse.Namespace) -> int:
    """``murmur play``: the case of ``args`` through the audio device (also ``murmur show --play`` with --save)."""
    from ..play.console import LiveState, run_live
    from ..play.player import Player, fade_out_on_interrupt, wait_until_done

    case = case_from_args(args)
    player = Player(case, loop=args.loop, device=args.device)
    rate = "" if player.sr == case.sr else f" at {player.sr} Hz (the device's rate)"
    what = "looping" if args.loop else f"playing {case.duration_s:g} s of"
    say(f"{what} {args.case} on {player.device_info['name']}{rate}: {case.describe()}; heard {case.listening()}")
    player.start()
    try:
        if args.loop:
            with fade_out_on_interrupt(player):
                run_live(player, LiveState(args.case, player.case))
                player.stop()
        wait_until_done(player)
    finally:
        report_underflows(player)
    return EXIT_OK


def add_demo(parser: CommandParser) -> None:
    p = parser.add_command(
        "demo", _run_demo, help="write normal, mild MR and severe MR, then play them where audio is available"
    )
    p.add_argument(
        "-o",
        "--output",
        default="murmur-demo",
        metavar="FOLDER",
        help="where to write the files (default ./murmur-demo)",
    )
    p.add_argument("--no-play", action="store_true", help="only write the files")
    add_device_option(p)


def _run_demo(args: argparse.Namespace) -> int:
    from ..files.safety import make_folder

    folder = make_folder(args.output)
    say("murmur demo: normal heart, then mild and severe mitral regurgitation.")
    _write_set(DEMO_CASES, folder, None, quiet=False)
    say(
        f"Open the WAV files in {folder.resolve()} with any audio player; the .txt files are Audacity label "
        "tracks, the .png files the labelled figures."
    )
    if args.no_play:
        return EXIT_OK
    from ..play.devices import load_sounddevice, resolve_device
    from ..play.player import play

    try:
        resolve_device(args.device, load_sounddevice())  # say so before announcing anything
        for i, name in enumerate(DEMO_CASES, 1):
            case = get_preset(name).case
            say(f"\n[{i}/{len(DEMO_CASES)}] now playing {name} ({case.duration_s:g} s): {PRESETS[name].summary}")
            player = play(case, device=args.device)
            report_underflows(player)
    except AudioUnavailableError as err:
        say(f"\nNo sound played: {error_line(err)}")
        say(f"The demo's files are in {folder.resolve()}.")
    return EXIT_OK
