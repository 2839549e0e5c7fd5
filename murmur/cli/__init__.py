"""The ``murmur`` command line.

Every Case field is an option of the commands that render (``--heart-rate-bpm``
for ``heart_rate_bpm``); the options are generated from the Case's own field
metadata so they cannot drift apart. Errors are one line on stderr and an exit
code: 2 bad usage or input, 3 audio unavailable, 1 other failures, 130
interrupted (128 + the signal's number for SIGTERM, SIGHUP and SIGQUIT, which
clean up like Ctrl-C). Printing never fails a command: a closed or full
stdout/stderr or a terminal that cannot show a character only loses text.
This package imports numpy only when a command needs it, so ``murmur --help``
starts fast.

One module per command group: :mod:`~murmur.cli.sound` (export, samples, play,
demo), :mod:`~murmur.cli.figures` (show, compare, wiggers, app),
:mod:`~murmur.cli.teach` (lecture, html, quiz) and :mod:`~murmur.cli.info`
(cases, info, devices); the options they share are in
:mod:`~murmur.cli.options`, the parser in :mod:`~murmur.cli.parser`, and
:func:`main` with its exit codes in :mod:`~murmur.cli.run`.
"""

from .options import case_from_args, option_name
from .parser import build_parser
from .run import main

__all__ = ["main", "build_parser", "case_from_args", "option_name"]
