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
