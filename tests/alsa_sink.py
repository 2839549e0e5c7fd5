"""Real audio plumbing with no sound card: ALSA's ``file`` PCM over ``null``.

A test writes an ALSA configuration whose first line includes the system one
and which makes ``default`` a ``file`` PCM over ``null``: everything PortAudio
plays is written, raw, to a file whose name records rate, channels and sample
format. ``ALSA_CONFIG_PATH`` must be set before sounddevice (so PortAudio)
starts, so each playback runs in a subprocess with that environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

SYSTEM_ALSA_CONF = Path("/usr/share/alsa/alsa.conf")

_FORMATS = {"FLOAT_LE": "<f4", "S16_LE": "<i2", "S32_LE": "<i4", "FLOAT64_LE": "<f8"}


def sink_env(folder: Path) -> dict:
    """Environment whose ALSA default output writes raw samples into ``folder``."""
    conf = folder / "asound.conf"
    conf.write_text(
        f"<{SYSTEM_ALSA_CONF}>\n"
        "pcm.!default {\n"
        "    type file\n"
        '    slave.pcm "null"\n'
        f'    file "{folder}/capture_%r_%c_%f.raw"\n'
        '    format "raw"\n'
        "    truncate false\n"  # append: every stream a process opens is kept, in order
        "}\n"
    )
    return dict(os.environ, ALSA_CONFIG_PATH=str(conf))


def no_device_env(folder: Path) -> dict:
    """Environment with the system ALSA configuration and nothing else.

    On a machine with no sound card (CI) PortAudio then finds no output
    device. (An *empty* configuration file crashes PortAudio 19.6 with the
    assertion ``devIdx < numDeviceNames`` in ``BuildDeviceList``, so the
    system configuration is always included.)
    """
    conf = folder / "asound-none.conf"
    conf.write_text(f"<{SYSTEM_ALSA_CONF}>\n")
    return dict(os.environ, ALSA_CONFIG_PATH=str(conf))


def has_sound_cards() -> bool:
    """Whether this machine has ALSA sound cards (then 'no device' cannot be staged)."""
    snd = Path("/dev/snd")
    return snd.exists() and any(p.name.startswith("pcmC") for p in snd.iterdir())


def _capture_files(folder: Path) -> list[Path]:
    """Capture files in the order written: ``x.raw``, then ``x.raw.0001``, ``x.raw.0002``, ...

    With ``truncate false`` ALSA never overwrites: each opening of the PCM
    (PortAudio opens it to probe it, too) gets the next numbered file.
    """
    files = list(folder.glob("capture_*.raw*"))

    def order(p: Path) -> tuple[str, int]:
        base, _, num = p.name.partition(".raw")
        return base, int(num[1:]) if num else 0

    return sorted(files, key=order)


def read_capture(folder: Path) -> tuple[np.ndarray, int, int]:
    """(samples of the first channel as float64 in [-1, 1], rate Hz, channels) of everything captured."""
    files = [f for f in _capture_files(folder) if f.stat().st_size]
    assert files, f"nothing was captured in {folder}"
    kinds = {f.name.split(".raw")[0] for f in files}
    assert len(kinds) == 1, f"expected one rate/channels/format, found {kinds}"
    _, rate, channels, fmt = kinds.pop().split("_", 3)
    dtype = _FORMATS[fmt]
    data = np.concatenate([np.fromfile(f, dtype=dtype) for f in files])
    data = data.reshape(-1, int(channels))[:, 0].astype(float)
    if dtype.startswith("<i"):
        data /= float(np.iinfo(dtype).max)
    return data, int(rate), int(channels)


def align(capture: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """The capture cut to line up with ``expected`` on their first non-zero samples."""
    first_cap = int(np.flatnonzero(capture)[0])
    first_exp = int(np.flatnonzero(expected)[0])
    start = first_cap - first_exp
    assert start >= 0
    return capture[start : start + len(expected)]


def run_python(code: str, env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter with ``env`` (so PortAudio starts with that ALSA setup)."""
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=timeout)


def run_murmur(env: dict, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the ``murmur`` command line with ``env``."""
    return subprocess.run(
        [sys.executable, "-m", "murmur", *argv], env=env, capture_output=True, text=True, timeout=timeout
    )
