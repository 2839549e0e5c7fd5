"""The exceptions murmur raises.

Each also inherits the built-in exception a caller would expect, so ordinary
``except ValueError`` / ``except RuntimeError`` clauses keep working (the
pattern of python-soundfile).
"""

from __future__ import annotations

__all__ = [
    "MurmurError",
    "ParameterError",
    "AudioUnavailableError",
    "DisplayUnavailableError",
    "OutputError",
    "shorten",
]

#: Longest text quoted back in a message, characters (a longer one is cut in the middle).
SHOWN_CHARS = 100


class MurmurError(Exception):
    """Base class of every error murmur raises on purpose."""


class ParameterError(MurmurError, ValueError):
    """A parameter is missing, of the wrong kind or out of its range.

    Parameters
    ----------
    message : str
        One sentence naming the parameter, the value, the allowed range and,
        where it helps, the fix.
    param : str, optional
        The parameter's name as in :class:`murmur.Case` (``heart_rate_bpm``);
        the CLI shows it as the matching option (``--heart-rate-bpm``).
    """

    def __init__(self, message: str, *, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


class AudioUnavailableError(MurmurError, RuntimeError):
    """Sound cannot be played here (no PortAudio, no device, bad settings)."""


class DisplayUnavailableError(MurmurError, RuntimeError):
    """A window cannot be opened here (no display, or the window toolkit refused); files can still be written."""


class OutputError(MurmurError, OSError):
    """A file could not be written for a reason outside the command (disk full, file-size limit).

    The message names the file, the option that chose it (``param``) and what to do.
    """

    def __init__(self, message: str, *, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` as typed, cut in the middle when longer than ``limit`` characters.

    Examples
    --------
    >>> shorten("1" + "0" * 400, 20)
    '10000000...00000000 (401 characters)'
    >>> shorten("x.wav")
    'x.wav'
    """
    if len(text) <= limit:
        return text
    half = max(limit // 2 - 2, 1)
    return f"{text[:half]}...{text[-half:]} ({len(text)} characters)"
