"""Audio devices: loading PortAudio (through sounddevice) and choosing an output.

sounddevice is imported only here, and only when a sound is played or the
devices listed (:func:`load_sounddevice`), so ``import murmur`` and
``murmur export`` work on machines without PortAudio. Every failure to reach
audio is an :class:`~murmur.errors.AudioUnavailableError` whose message says
what is missing and how to fix it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

from ..errors import AudioUnavailableError, shorten

__all__ = [
    "load_sounddevice",
    "output_devices",
    "resolve_device",
    "stream_settings",
    "quiet_stderr",
    "NO_PORTAUDIO_MESSAGE",
    "NO_DEVICE_MESSAGE",
    "EXPORT_HINT",
]

#: Where to go when sound cannot be played.
EXPORT_HINT = "meanwhile 'murmur export CASE -o FILE.wav' writes the sound to a file"

NO_PORTAUDIO_MESSAGE = (
    "the PortAudio library is not installed; install it (Debian/Ubuntu: 'sudo apt-get install libportaudio2', "
    f"Fedora: 'sudo dnf install portaudio', macOS: 'brew install portaudio'); {EXPORT_HINT}."
)
NO_DEVICE_MESSAGE = (
    "no audio output device was found; connect headphones or speakers (or check the sound settings) "
    f"and run 'murmur devices'; {EXPORT_HINT}."
)

_sounddevice: Any = None


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Silence C-level stderr (ALSA prints probe noise while PortAudio starts)."""
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    sys.stderr.flush()
    saved = os.dup(fd)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)


def load_sounddevice() -> Any:
    """Import sounddevice (and so start PortAudio) once; raise a clear error if it cannot be.

    Raises
    ------
    AudioUnavailableError
        The PortAudio library is missing (on Linux ``import sounddevice``
        raises ``OSError('PortAudio library not found')``).
    """
    global _sounddevice
    if _sounddevice is None:
        try:
            with quiet_stderr():
                import sounddevice
        except OSError as err:
            raise AudioUnavailableError(NO_PORTAUDIO_MESSAGE) from err
        except ImportError as err:
            raise AudioUnavailableError(
                f"the Python package sounddevice is missing ({err}); reinstall murmur with pip; {EXPORT_HINT}."
            ) from err
        _sounddevice = sounddevice
    return _sounddevice


def output_devices(sd: Any = None) -> list[dict]:
    """Every device that can play sound, as sounddevice describes it (with ``index``).

    The default output device, if any, has ``"default": True``.
    """
    sd = sd or load_sounddevice()
    try:
        devices = sd.query_devices()
    except sd.PortAudioError as err:
        raise AudioUnavailableError(f"PortAudio cannot list audio devices ({err}); {EXPORT_HINT}.") from err
    default = _default_output(sd)
    out = []
    for i, dev in enumerate(devices):
        if dev["max_output_channels"] > 0:
            out.append(dict(dev, index=dev.get("index", i), default=(i == default)))
    return out


def _default_output(sd: Any) -> int | None:
    try:
        index = sd.default.device[1]
        if index is None or index < 0:
            index = sd.query_devices(kind="output")["index"]
        return int(index)
    except (sd.PortAudioError, ValueError, TypeError, KeyError):
        return None


def resolve_device(device: int | str | None, sd: Any = None) -> dict:
    """The output device asked for: an index, part of a name, or None for the default.

    Raises
    ------
    AudioUnavailableError
        No output device at all, or none that matches ``device``.
    """
    sd = sd or load_sounddevice()
    if isinstance(device, str) and device.strip().lstrip("-").isdigit():
        device = int(device)
    try:
        info = sd.query_devices(device, "output") if device is not None else sd.query_devices(kind="output")
    except sd.PortAudioError as err:
        if device is None:
            raise AudioUnavailableError(NO_DEVICE_MESSAGE) from err
        raise AudioUnavailableError(
            f"there is no output device {device!r} ({err}); run 'murmur devices' to list them and pass "
            "--device NAME_OR_INDEX."
        ) from err
    except (ValueError, OverflowError) as err:  # OverflowError: an index beyond PortAudio's int
        raise AudioUnavailableError(
            f"there is no output device {shorten(repr(device), 40)} ({err}); run 'murmur devices' to list them "
            "and pass --device NAME_OR_INDEX."
        ) from err
    if info["max_output_channels"] < 1:
        raise AudioUnavailableError(
            f"device {device!r} ({info['name']}) cannot play sound; run 'murmur devices' to list output devices."
        )
    return dict(info)


def stream_settings(sd: Any, info: dict, sr: int) -> tuple[int, int]:
    """(sample rate, channels) the device accepts: the case's rate if it can, else its own."""
    rates = [sr] + ([int(info["default_samplerate"])] if int(info["default_samplerate"]) != sr else [])
    last: Exception | None = None
    for rate in rates:
        for channels in (1, 2):
            if channels > info["max_output_channels"]:
                continue
            try:
                sd.check_output_settings(device=info["index"], channels=channels, dtype="float32", samplerate=rate)
                return rate, channels
            except (sd.PortAudioError, ValueError) as err:
                last = err
    raise AudioUnavailableError(
        f"device {info['name']!r} accepts neither {sr} Hz nor its own {info['default_samplerate']:g} Hz in "
        f"mono or stereo float32 ({last}); pick another with --device (see 'murmur devices') or {EXPORT_HINT}."
    )
