"""Murmurs: a span of turbulent flow -> noise waveform.

A murmur is an envelope shape (plateau, crescendo, decrescendo, diamond)
times band-limited Gaussian noise times a slow turbulent amplitude
modulation. The noise of each beat comes from that beat's own random stream,
so any window of the sound renders the same samples.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy import signal

from . import clinical as C
from .components import heart_sound_ref_rms
from .errors import ParameterError
from .timeline import MurmurSpan

__all__ = ["murmur_envelope", "murmur_noise", "murmur", "SHAPES"]

FloatArray = np.ndarray
SHAPES = ("plateau", "crescendo", "decrescendo", "diamond")

#: Samples of filter warm-up drawn and discarded before each noise segment,
#: so the band-pass has settled when the murmur begins.
_WARMUP_S = 0.03


@lru_cache(maxsize=64)
def _bandpass(band_hz: tuple[float, float], sr: int) -> np.ndarray:
    low, high = band_hz
    if not 0 < low < high < sr / 2:
        raise ParameterError(
            f"murmur band {low:g}-{high:g} Hz must lie below the Nyquist frequency {sr / 2:g} Hz; "
            "raise the sample rate sr.",
            param="sr",
        )
    return signal.butter(2, [low, high], btype="bandpass", fs=sr, output="sos")


def murmur_envelope(t_s: FloatArray, length_s: float, shape: str, *, attack_s: float, release_s: float) -> FloatArray:
    """Amplitude envelope of a murmur, peak 1, zero outside ``[0, length_s]``.

    Parameters
    ----------
    t_s : ndarray
        Times since the murmur's start, s.
    length_s : float
        From the start to where the envelope returns to zero, s.
    shape : {'plateau', 'crescendo', 'decrescendo', 'diamond'}
        Plateau holds 1; crescendo rises linearly from 0.3 to 1; decrescendo
        falls from 1 to 0.2; diamond rises to 1 at mid-span and falls back.
    attack_s, release_s : float, keyword-only
        Raised-cosine ramps at the two ends, s.

    Examples
    --------
    >>> t = np.array([0.0, 0.05, 0.1, 0.2])
    >>> murmur_envelope(t, 0.2, "plateau", attack_s=0.01, release_s=0.01).round(3).tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    x = np.clip(t_s / length_s, 0.0, 1.0)
    if shape == "plateau":
        core = np.ones_like(x)
    elif shape == "crescendo":
        core = 0.3 + 0.7 * x
    elif shape == "decrescendo":
        core = 1.0 - 0.8 * x
    elif shape == "diamond":
        core = 1.0 - np.abs(2 * x - 1)
    else:
        raise ParameterError(f"murmur shape must be one of {', '.join(SHAPES)}; got {shape!r}.", param="shape")
    up = np.clip(t_s / attack_s, 0.0, 1.0)
    down = np.clip((length_s - t_s) / release_s, 0.0, 1.0)
    ramps = (0.5 - 0.5 * np.cos(np.pi * up)) * (0.5 - 0.5 * np.cos(np.pi * down))
    inside = (t_s >= 0) & (t_s <= length_s)
    return np.where(inside, core * ramps, 0.0)


def murmur_noise(n: int, band_hz: tuple[float, float], sr: int, rng: np.random.Generator) -> FloatArray:
    """``n`` samples of band-limited Gaussian noise with RMS exactly 1.

    A 4th-order Butterworth band-pass (second-order sections) shapes white
    noise; a warm-up segment is filtered and dropped so the band-pass has
    settled when the returned samples begin.

    Examples
    --------
    >>> y = murmur_noise(4410, (150.0, 400.0), 44100, np.random.default_rng(0))
    >>> round(float(np.sqrt(np.mean(y**2))), 6)
    1.0
    """
    warm = int(_WARMUP_S * sr)
    white = rng.standard_normal(n + warm)
    y = signal.sosfilt(_bandpass(band_hz, sr), white)[warm:]
    return y / math.sqrt(float(np.mean(y * y)))


def _turbulence(t_s: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Slow amplitude modulation: two sinusoids of random rate in 5-15 Hz."""
    f = rng.uniform(*C.MR_AM_HZ, size=2)
    ph = rng.uniform(0, 2 * np.pi, size=2)
    m = np.sin(2 * np.pi * f[0] * t_s + ph[0]) + 0.6 * np.sin(2 * np.pi * f[1] * t_s + ph[1])
    return 1.0 + C.MR_AM_DEPTH * m / 1.6


def murmur(span: MurmurSpan, sr: int, rng: np.random.Generator, *, bulge: float = 0.0) -> tuple[int, FloatArray]:
    """Render one murmur span on the sample grid.

    Parameters
    ----------
    span : MurmurSpan
        Where the murmur is, its shape, band and level (plateau RMS relative
        to :func:`~murmur.components.heart_sound_ref_rms`, dB).
    sr : int
        Sample rate, Hz.
    rng : numpy.random.Generator
        The beat's source stream.
    bulge : float, keyword-only
        Extra mid-span swell as a fraction of the plateau (loud murmurs bulge
        slightly mid-systole), 0-0.3.

    Returns
    -------
    n_start : int
        First sample index.
    y : ndarray
        The murmur, zero-mean, zero outside the span.

    Examples
    --------
    >>> from murmur.timeline import MurmurSpan
    >>> span = MurmurSpan("murmur", 0.1, 0.4, "plateau", 0.0, (150.0, 400.0))
    >>> n0, y = murmur(span, 8000, np.random.default_rng(1))
    >>> n0, len(y)
    (800, 2400)
    """
    n_start = math.ceil(span.start_s * sr - 1e-9)
    n_end = math.ceil(span.end_s * sr - 1e-9)
    n = max(n_end - n_start, 0)
    t = (n_start + np.arange(n)) / sr - span.start_s
    length = span.end_s - span.start_s
    env = murmur_envelope(t, length, span.shape, attack_s=span.attack_ms / 1000, release_s=span.release_ms / 1000)
    if bulge:
        env = env * (1.0 + bulge * np.sin(np.pi * np.clip(t / length, 0, 1)))
    noise = murmur_noise(n, span.band_hz, sr, rng) * _turbulence(t, rng)
    y = env * noise
    if env.sum() > 0:
        y -= env * (y.sum() / env.sum())
    return n_start, (heart_sound_ref_rms() * 10 ** (span.level_db / 20)) * y
