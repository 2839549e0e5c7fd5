"""Measurements shared by the tests: measurements made the way a listener's ear
or a phonocardiogram analyst would, independent of the synthesis code."""

from __future__ import annotations

import numpy as np
from scipy import signal


def envelope(y: np.ndarray, sr: int, *, smooth_ms: float = 5.0) -> np.ndarray:
    """Hilbert magnitude smoothed by a moving average."""
    env = np.abs(signal.hilbert(y))
    n = max(1, int(sr * smooth_ms / 1000))
    return np.convolve(env, np.ones(n) / n, mode="same")


def onset_s(env: np.ndarray, sr: int, t0_s: float, t1_s: float, *, fraction: float = 0.3) -> float:
    """First time in [t0, t1) where the envelope reaches ``fraction`` of its max there."""
    a, b = int(t0_s * sr), int(t1_s * sr)
    seg = env[a:b]
    return (a + int(np.argmax(seg >= fraction * seg.max()))) / sr


def band_fraction(y: np.ndarray, sr: int, lo_hz: float, hi_hz: float) -> float:
    """Share of the signal's power between lo and hi Hz."""
    spec = np.abs(np.fft.rfft(y)) ** 2
    f = np.fft.rfftfreq(len(y), 1 / sr)
    return float(spec[(f >= lo_hz) & (f <= hi_hz)].sum() / spec.sum())


def centroid_hz(y: np.ndarray, sr: int) -> float:
    """Power-weighted mean frequency."""
    spec = np.abs(np.fft.rfft(y)) ** 2
    f = np.fft.rfftfreq(len(y), 1 / sr)
    return float((f * spec).sum() / spec.sum())


def hour_export_in_a_child(path, *, sr: int | None = None, loudness_lufs: float | None = None) -> list[str]:
    """Export an hour of mr-severe to ``path`` in a fresh interpreter, as a user's process would.

    Returns what the child printed: its peak RSS in kB (its own ``VmHWM``:
    ``getrusage(...).ru_maxrss`` of a vforked child also counts the parent,
    since Linux keeps the pre-exec high-water mark), the samples written and,
    with ``loudness_lufs``, the loudness written and the loudness the gain reached.
    """
    import subprocess
    import sys

    rate = "" if sr is None else f", sr={sr}"
    extra = "" if loudness_lufs is None else f", loudness_lufs={loudness_lufs}"
    said = "hwm, r.n_samples" + ("" if loudness_lufs is None else ", r.loudness_lufs, r.gain.reached_lufs")
    code = (
        "import sys, dataclasses\n"
        "from murmur import export, get_preset\n"
        f"case = dataclasses.replace(get_preset('mr-severe').case, duration_s=3600{rate})\n"
        f"r = export(case, sys.argv[1]{extra})\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0].split()[1]\n"
        f"print({said})\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    ).stdout.split()
