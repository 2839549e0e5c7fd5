"""The commands that tell what there is: ``cases``, a case's hemodynamics (``info``), the audio ``devices``.

Each ``add_NAME(parser)`` adds the command NAME, with its options, to the ``murmur`` parser. ``info``
only lays out the rows :func:`murmur.physio.report.circulation_report` gives it.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from ..errors import AudioUnavailableError
from ..presets import PRESETS
from .options import add_case_options, case_from_args
from .terminal import EXIT_OK, say

if TYPE_CHECKING:
    from .command import CommandParser

__all__ = ["add_cases", "add_info", "add_devices"]

#: Widths of the label and value columns of ``murmur info``, characters.
_LABEL_WIDTH, _VALUE_WIDTH = 27, 13


def add_cases(parser: CommandParser) -> None:
    parser.add_command("cases", _run_cases, help="list the ready-made cases")


def _run_cases(args: argparse.Namespace) -> int:
    width = max(map(len, PRESETS))
    for name, preset in PRESETS.items():
        say(f"{name:<{width}}  {preset.summary}")
    return EXIT_OK


def add_info(parser: CommandParser) -> None:
    p = parser.add_command(
        "info", _run_info, help="a case's hemodynamics: pressures, flows, regurgitant volume and fraction"
    )
    p.add_argument("case", metavar="CASE", help="a case name from 'murmur cases'")
    p.add_argument("--json", action="store_true", help="print the numbers as JSON")
    add_case_options(p)


def _run_info(args: argparse.Namespace) -> int:
    from ..physio.report import circulation_report

    case = case_from_args(args)  # bad input: one line, exit 2
    report = circulation_report(case)  # a case the model does not cover: the report says why
    if args.json:
        say(json.dumps(report.numbers, indent=2))
        return EXIT_OK
    say(f"{args.case}: {case.describe()}")
    say(report.heading)
    for row in report.rows:
        line = f"  {row.label:<{_LABEL_WIDTH}} {row.shown:<{_VALUE_WIDTH}}"
        say((line + (f"  {row.note}" if row.note else "")).rstrip())
    return EXIT_OK


def add_devices(parser: CommandParser) -> None:
    parser.add_command("devices", _run_devices, help="list the audio output devices")


def _run_devices(args: argparse.Namespace) -> int:
    from ..play.devices import NO_DEVICE_MESSAGE, output_devices

    devices = output_devices()
    if not devices:
        raise AudioUnavailableError(NO_DEVICE_MESSAGE)
    for d in devices:
        mark = "*" if d["default"] else " "
        say(f"{mark}{d['index']:>3}  {d['name']}  ({d['max_output_channels']} out, {d['default_samplerate']:g} Hz)")
    say("* default; pick one with --device NAME_OR_INDEX")
    return EXIT_OK
