"""The ``murmur`` parser: argparse with one-line usage errors, its commands in the order ``--help`` lists them."""

from __future__ import annotations

from . import figures, info, sound, teach
from .command import CommandParser

__all__ = ["build_parser"]

#: The commands, in the order ``murmur --help`` lists them: each adds its parser to the command line.
_COMMANDS = (
    info.add_cases,
    sound.add_export,
    sound.add_samples,
    teach.add_lecture,
    teach.add_html,
    sound.add_play,
    figures.add_show,
    figures.add_compare,
    figures.add_wiggers,
    figures.add_app,
    teach.add_quiz,
    info.add_info,
    info.add_devices,
    sound.add_demo,
)


def build_parser() -> CommandParser:
    """The argparse parser of the ``murmur`` command."""
    from .._version import __version__

    parser = CommandParser(
        prog="murmur",
        description="Synthesize heart sounds and the mitral-regurgitation murmur for teaching auscultation.",
        epilog="Exit codes: 0 ok, 1 failure, 2 bad usage or input, 3 audio unavailable, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"murmur {__version__}")
    for add in _COMMANDS:
        add(parser)
    return parser
