"""``main(argv) -> int``: parse, run the command, and turn what went wrong into one line and an exit code.

Exit codes: 2 bad usage or input, 3 audio unavailable, 1 other failures, 130
interrupted (128 + the signal's number for SIGTERM, SIGHUP and SIGQUIT, which
clean up like Ctrl-C).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import AudioUnavailableError, MurmurError, OutputError, ParameterError
from .command import UsageError
from .options import attach_negative_values, error_line
from .parser import build_parser
from .terminal import (
    EXIT_AUDIO,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    say,
    settle_streams,
    shown_line,
)

__all__ = ["main"]


class _Stopped(KeyboardInterrupt):
    """SIGTERM, SIGHUP or SIGQUIT, raised where the program is so that cleanup runs as for Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


#: Signals that stop murmur cleanly (temporary files removed), with exit code 128 + number.
_STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, n))


@contextlib.contextmanager
def _stop_signals_interrupt() -> Iterator[None]:
    """Turn the stop signals into :class:`_Stopped` while a command runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        for sig in _STOP_SIGNALS:  # a second signal must not interrupt the cleanup
            signal.signal(sig, signal.SIG_IGN)
        raise _Stopped(signum)

    saved = {sig: signal.signal(sig, stop) for sig in _STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (never raises on user error)."""
    try:
        with _stop_signals_interrupt():
            return _run(list(sys.argv[1:] if argv is None else argv))
    finally:
        settle_streams()


def _run(argv: list[str]) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(attach_negative_values(argv, parser.every_option()))
        return int(args.func(args))
    except UsageError as err:
        say(f"murmur: error: {shown_line(str(err))}", err=True)
        return EXIT_USAGE
    except ParameterError as err:
        say(f"murmur: error: {error_line(err)}", err=True)
        return EXIT_USAGE
    except AudioUnavailableError as err:
        say(f"murmur: audio unavailable: {error_line(err)}", err=True)
        return EXIT_AUDIO
    except _Stopped as err:
        say(f"murmur: stopped by {signal.Signals(err.signum).name}; nothing half-written was left.", err=True)
        return 128 + err.signum
    except KeyboardInterrupt:
        say("murmur: interrupted.", err=True)
        return EXIT_INTERRUPTED
    except (MurmurError, OutputError) as err:
        say(f"murmur: error: {error_line(err)}", err=True)
        return EXIT_FAILURE
    except OSError as err:  # one the file layer did not name: still the path, and exit 2 for a bad path
        from ..files.safety import write_error

        if getattr(err, "filename", None):  # no option to name: say "file" (never a made-up --file)
            mapped = write_error(err, err.filename, param="file")
            say(f"murmur: error: {shown_line(str(mapped))}", err=True)
            return EXIT_USAGE if isinstance(mapped, ParameterError) else EXIT_FAILURE
        say(f"murmur: error: {err.strerror or err}.", err=True)
        return EXIT_FAILURE
