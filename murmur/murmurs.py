"""Murmurs: a span of turbulent flow -> noise waveform.

A murmur is an envelope shape (plateau, crescendo, decrescendo, diamond)
times band-limited Gaussian noise times a slow turbulent amplitude
modulation. The noise of each beat comes from that beat's own random stream,
so any window of the sound renders the same samples.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

import numpy as np
from scipy.fft import ifft, next_fast_len

from . import clinical as C
from .errors import ParameterError
from .level import heart_sound_ref_rms
from .timeline import MurmurSpan
from .units import FloatArray

__all__ = ["murmur_envelope", "murmur_noise", "murmur", "SHAPES"]

SHAPES = ("plateau", "crescendo", "decrescendo", "diamond")
#: A magnitude weight: frequencies (Hz, ndarray) -> linear gains (ndarray).
#: It must be hashable and pure (the noise's spectral gains are cached by it).
Weight = Callable[[FloatArray], FloatArray]

#: Extra noise drawn past the end of each segment, s, so the circular
#: frequency-domain noise does not wrap its end onto its start.
_PAD_S = 0.02
#: The turbulent modulation is computed on every 16th sample and interpolated.
_AM_DECIMATION = 16
#: Smoothing of the envelope that flattens the noise, s.
_FLATTEN_S = 0.003
#: Noise bins this far below the band's peak gain are left out (-100 dB).
_GAIN_FLOOR = 1e-5


def _check_band(band_hz: tuple[float, float], sr: int) -> None:
    low, high = band_hz
    if not 0 < low < high < sr / 2:
        raise ParameterError(
            f"murmur band {low:g}-{high:g} Hz must lie below the Nyquist frequency {sr / 2:g} Hz; "
            "raise the sample rate sr.",
            param="sr",
        )


@lru_cache(maxsize=24)
def _band_gain(band_hz: tuple[float, float], n_fft: int, sr: int, weight: Weight | None) -> FloatArray:
    """Magnitude on the rfft bins of ``n_fft``: band-pass times ``weight``.

    The band-pass is a 4th-order Butterworth's analog magnitude,
    ``1 / sqrt(1 + ((f^2 - f0^2) / (f B))^4)`` with ``f0^2 = low * high`` and
    ``B = high - low`` (at heart-sound frequencies within 0.1 dB of the
    bilinear-transformed digital filter wherever the gain is above -40 dB).
    """
    low, high = band_hz
    f = np.fft.rfftfreq(n_fft, 1.0 / sr)
    f[0] = 1e-9
    x = (f * f - low * high) / (f * (high - low))
    g = 1.0 / np.sqrt(1.0 + x**4)
    if weight is not None:
        g *= weight(f)
    g[0] = 0.0
    # Bins more than 100 dB below the peak are dropped (set to exactly 0), so
    # the noise is drawn only where it can be heard: about half the bins.
    keep = np.flatnonzero(g > _GAIN_FLOOR * g.max())
    g = g[: keep[-1] + 1] if len(keep) else g[:1]
    g.flags.writeable = False
    return g


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
        env = np.ones_like(x)
    elif shape == "crescendo":
        env = 0.3 + 0.7 * x
    elif shape == "decrescendo":
        env = 1.0 - 0.8 * x
    elif shape == "diamond":
        env = 1.0 - np.abs(2 * x - 1)
    else:
        raise ParameterError(f"murmur shape must be one of {', '.join(SHAPES)}; got {shape!r}.", param="shape")
    # Raised-cosine ramps, computed only where they are below 1.
    for near, ramp_s in ((t_s < attack_s, t_s / attack_s), (t_s > length_s - release_s, (length_s - t_s) / release_s)):
        if near.any():
            r = np.clip(ramp_s[near], 0.0, 1.0)
            env[near] *= 0.5 - 0.5 * np.cos(np.pi * r)
    env[(t_s < 0) | (t_s > length_s)] = 0.0
    return env


def murmur_noise(
    n: int, band_hz: tuple[float, float], sr: int, rng: np.random.Generator, *, weight: Weight | None = None
) -> FloatArray:
    """``n`` samples of band-limited, envelope-flattened noise, RMS exactly 1.

    Gaussian noise is shaped in the frequency domain by the magnitude of a
    4th-order Butterworth band-pass times ``weight``, and made analytic
    (negative frequencies zeroed), so one inverse FFT gives both the noise
    (real part) and its Hilbert envelope (magnitude). The noise is then
    divided by its envelope smoothed over 3 ms, so its level is steady over a
    few ms.

    The renderer passes the chest wall's magnitude as the ``weight``
    (:func:`murmur.listening.chest_wall`), so the noise is made as heard at
    the skin and its envelope is flattened after, not before, the chest wall
    shapes it.

    Band-limited Gaussian noise in a 200 Hz band has only a few degrees of
    freedom per 20 ms, and its level there swings by +-5 dB: it sounds gritty
    and is not the plateau phonocardiograms show. Flattening it ("low-noise
    noise") keeps the spectrum; the slow turbulent modulation applied by
    :func:`murmur` gives the flow its texture.

    Parameters
    ----------
    n : int
        Number of samples, >= 0.
    band_hz : (float, float)
        Band-pass edges, Hz, ``0 < low < high < sr / 2``.
    sr : int
        Sample rate, Hz.
    rng : numpy.random.Generator
        Source of the noise.
    weight : callable, keyword-only
        Extra magnitude weighting of the spectrum, a hashable function of
        frequency (Hz) to linear gain; None for the band-pass alone.

    Examples
    --------
    >>> y = murmur_noise(4410, (150.0, 400.0), 44100, np.random.default_rng(0))
    >>> round(float(np.sqrt(np.mean(y**2))), 6)
    1.0

    References
    ----------
    .. [1] Pumplin J. Low-noise noise. J Acoust Soc Am 78:100-104 (1985).
    """
    _check_band(band_hz, sr)
    if n <= 0:
        return np.zeros(0)
    # Lengths rounded up to a multiple of 2048 keep the cached gains few.
    n_fft = next_fast_len(-(-(n + int(_PAD_S * sr)) // 2048) * 2048)
    gain = _band_gain(band_hz, n_fft, sr, weight)
    spec = np.zeros(n_fft, dtype=complex)
    k = len(gain)
    spec[:k] = rng.standard_normal(2 * k).view(complex)
    spec[:k] *= gain
    z = ifft(spec, overwrite_x=True)[:n]
    k = min(max(1, int(_FLATTEN_S * sr)), n)
    # Centred moving average of the Hilbert envelope by cumulative sums,
    # edges held; in place where it can be (this is the murmur's hot path).
    c = np.cumsum(np.abs(z))
    smooth = np.empty(n)
    a = k // 2
    valid = smooth[a : a + n - k + 1]
    valid[0] = c[k - 1]
    np.subtract(c[k:], c[: n - k], out=valid[1:])
    valid /= k
    smooth[:a] = valid[0]
    smooth[a + len(valid) :] = valid[-1]
    np.maximum(smooth, 1e-300, out=smooth)
    y = np.divide(z.real, smooth, out=smooth)
    y /= math.sqrt(float(np.dot(y, y)) / n)
    return y


def _turbulence(t_s: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Slow amplitude modulation at times ``t_s``: two sinusoids of random rate in 5-15 Hz."""
    f = rng.uniform(*C.MR_AM_HZ, size=2)
    ph = rng.uniform(0, 2 * np.pi, size=2)
    m = np.sin(2 * np.pi * f[0] * t_s + ph[0]) + 0.6 * np.sin(2 * np.pi * f[1] * t_s + ph[1])
    return 1.0 + C.MR_AM_DEPTH * m / 1.6


def murmur(
    span: MurmurSpan, sr: int, rng: np.random.Generator, *, weight: Weight | None = None
) -> tuple[int, FloatArray]:
    """Render one murmur span on the sample grid.

    Parameters
    ----------
    span : MurmurSpan
        Where the murmur is, its shape, band and level: plateau RMS as heard
        at the apex (after the chest wall) relative to
        :func:`~murmur.level.heart_sound_ref_rms`, dB; ``span.bulge`` is the
        extra mid-span swell as a fraction of the plateau (loud murmurs bulge
        slightly mid-systole), 0-0.3.
    sr : int
        Sample rate, Hz.
    rng : numpy.random.Generator
        The beat's source stream.
    weight : callable, keyword-only
        Magnitude weighting of the noise's spectrum (see :func:`murmur_noise`):
        the renderer passes the chest wall of ``span.kind``.

    Returns
    -------
    n_start : int
        First sample index.
    y : ndarray
        The murmur, zero-mean, zero outside the span; as heard at the skin at
        the apex when ``weight`` is the chest wall.

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
    if n == 0:
        return n_start, np.zeros(0)
    length = span.end_s - span.start_s
    # The slow gains (envelope, bulge, turbulence) change over >= 10 ms: they
    # are computed every _AM_DECIMATION samples and linearly interpolated
    # (error below 1e-3 of the gain on the shortest 10 ms ramp), which halves
    # the cost of a murmur.
    idx = np.arange(0, n + _AM_DECIMATION - 1, _AM_DECIMATION)
    idx[-1] = n - 1
    tc = (n_start + idx) / sr - span.start_s
    env = murmur_envelope(tc, length, span.shape, attack_s=span.attack_ms / 1000, release_s=span.release_ms / 1000)
    if span.bulge:
        env = env * (1.0 + span.bulge * np.sin(np.pi * np.clip(tc / length, 0, 1)))
    noise = murmur_noise(n, span.band_hz, sr, rng, weight=weight)
    slow = np.interp(np.arange(n), idx, env * _turbulence(tc, rng))
    y = np.multiply(noise, slow, out=noise)
    total = slow.sum()
    if total > 0:
        slow *= y.sum() / total
        y -= slow
    y *= heart_sound_ref_rms() * 10 ** (span.level_db / 20)
    return n_start, y
