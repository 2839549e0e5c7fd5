"""Murmurs: a span of turbulent flow -> noise waveform.

A murmur is an envelope shape (:mod:`murmur.sound.envelopes`: plateau,
crescendo, decrescendo, diamond, the LV-LA pressure difference or the
model's jet) times band-limited Gaussian noise times a slow turbulent
amplitude modulation. The noise of each beat comes from that beat's own random stream,
so any window of the sound renders the same samples.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import cast

import numpy as np
import numpy.typing as npt
from scipy.fft import ifft, irfft, next_fast_len

from .. import clinical as C
from ..errors import ParameterError
from ..physio.streams import NOISE_TABLE_SEED
from ..physio.timeline import MurmurSpan
from ..units import FloatArray, db_to_gain, rms
from .envelopes import span_envelope
from .level import heart_sound_ref_rms

__all__ = [
    "murmur_noise",
    "murmur",
    "quality_band",
    "QUALITIES",
]

QUALITIES = ("blowing", "harsh", "musical")
#: A magnitude weight: frequencies (Hz, ndarray) -> linear gains (ndarray).
#: It must be hashable and pure (the noise tables are cached by it).
Weight = Callable[[FloatArray], FloatArray]

#: Extra noise drawn past the end of each segment, s, so the circular
#: frequency-domain noise does not wrap its end onto its start.
_PAD_S = 0.02
#: The noise's flattening gain is computed on every 16th sample and interpolated.
_AM_DECIMATION = 16
#: A murmur's slow gains (envelope, turbulence, roughness) are computed every
#: 0.7 ms (whole samples) and linearly interpolated: on the shortest ramp (a
#: 10 ms raised cosine) and the fastest roughness (70 Hz, depth 0.7) the
#: error is under 1 % of the gain.
_GAIN_STEP_S = 0.0007
#: Smoothing of the envelope that flattens the noise, s.
_FLATTEN_S = 0.003
#: Noise bins this far below the band's peak gain are left out (-70 dB: with
#: the murmur at most -6 dBFS they would lie below a 16-bit sample's step).
_GAIN_FLOOR = db_to_gain(-70.0)


def _check_band(band_hz: tuple[float, float], sr: int) -> None:
    low, high = band_hz
    if not 0 < low < high < sr / 2:
        raise ParameterError(
            f"murmur band {low:g}-{high:g} Hz must lie below the Nyquist frequency {sr / 2:g} Hz; "
            "raise the sample rate sr.",
            param="sr",
        )


def _band_gain(band_hz: tuple[float, float], n_fft: int, sr: int, weight: Weight | None) -> FloatArray:
    """Magnitude on the rfft bins of ``n_fft``: band-pass times ``weight``.

    The band-pass is a 4th-order Butterworth's analog magnitude,
    ``1 / sqrt(1 + ((f^2 - f0^2) / (f B))^4)`` with ``f0^2 = low * high`` and
    ``B = high - low`` (at heart-sound frequencies within 0.1 dB of the
    bilinear-transformed digital filter wherever the gain is above -40 dB).
    """
    low, high = band_hz
    f = cast(FloatArray, np.fft.rfftfreq(n_fft, 1.0 / sr))  # float64 (numpy's stub says any floating)
    f[0] = 1e-9
    x = (f * f - low * high) / (f * (high - low))
    g = 1.0 / np.sqrt(1.0 + x**4)
    if weight is not None:
        g *= weight(f)
    g[0] = 0.0
    # Bins more than 70 dB below the peak are dropped (set to exactly 0), so
    # the noise is drawn only where it can be heard: about half the bins.
    keep = np.flatnonzero(g > _GAIN_FLOOR * g.max())
    g = g[: keep[-1] + 1] if len(keep) else g[:1]
    g.flags.writeable = False
    return g


def quality_band(band_hz: tuple[float, float], quality: str) -> tuple[float, float]:
    """The noise band of a murmur of this quality: harsh murmurs are lower and broader.

    Examples
    --------
    >>> quality_band((190.0, 420.0), "blowing")
    (190.0, 420.0)
    >>> [round(f) for f in quality_band((190.0, 420.0), "harsh")]
    [125, 366]
    """
    if quality != "harsh":
        return band_hz
    lo, hi = C.HARSH_BAND_SHIFT_OCT
    return (band_hz[0] * 2.0**lo, band_hz[1] * 2.0**hi)


def _flow_noise(
    n: int, band_hz: tuple[float, float], sr: int, rng: np.random.Generator, weight: Weight | None
) -> FloatArray:
    """``n`` samples of band-limited noise, flattened by its smoothed envelope, RMS about 1.

    The flattening gain is computed on every ``_AM_DECIMATION``-th sample
    (:func:`_grid`) and interpolated.
    """
    # Lengths rounded up to a multiple of 2048, then to a fast FFT length.
    n_fft = next_fast_len(-(-(n + int(_PAD_S * sr)) // 2048) * 2048, real=True)
    n_fft += (-n_fft) % (2 * _AM_DECIMATION)
    gain = _band_gain(band_hz, n_fft, sr, weight)
    k = len(gain)
    spec = rng.standard_normal(2 * k).view(complex)
    spec *= gain
    # The noise: the real part of the analytic signal whose spectrum is
    # ``spec`` on the positive frequencies is half the real inverse FFT.
    x = irfft(spec, n_fft, overwrite_x=False)[:n]
    x *= 0.5 * n_fft
    # Its Hilbert envelope on the coarse grid: the same spectrum, cut at the
    # coarse grid's Nyquist frequency (above it the band-pass and chest wall
    # leave under 1 % of the amplitude), by an FFT 16 times shorter.
    m = n_fft // _AM_DECIMATION
    coarse = np.zeros(m, dtype=complex)
    kk = min(k, m // 2)
    coarse[:kk] = spec[:kk]
    z = np.abs(ifft(coarse, overwrite_x=True))
    z *= m
    # Centred moving average over _FLATTEN_S, edges held, then raised to the flattening power.
    w = max(1, int(round(_FLATTEN_S * sr / _AM_DECIMATION)))
    nc = -(-n // _AM_DECIMATION) + 1
    c = np.concatenate(([0.0], np.cumsum(z[: nc + w])))
    lo = np.clip(np.arange(nc) - w // 2, 0, None)
    smooth = (c[lo + w] - c[lo]) / w
    np.maximum(smooth, 1e-300, out=smooth)
    flat = smooth**-C.MURMUR_FLATTENING
    # On the grid of _grid(n): every _AM_DECIMATION-th sample, the last at n - 1.
    idx = _grid(n)
    flat = flat[: len(idx)]
    flat[-1] = flat[min((n - 1) // _AM_DECIMATION, len(flat) - 1)]
    # RMS: the real part carries half the envelope's power, on average over its phase.
    power = float(np.mean(z[: len(idx)] ** 2 * flat**2)) / 2
    flat /= math.sqrt(power)
    return x * _on_samples(flat, n)


#: Length of the flow-noise tables, s: a murmur takes a segment at a random
#: offset (a copy, where fresh noise costs two FFTs per beat); 12 s keeps
#: two beats' segments from sharing noise in all but a few per cent of beats.
_TABLE_S = 12.0


@lru_cache(maxsize=8)
def _noise_table(band_hz: tuple[float, float], sr: int, weight: Weight | None) -> FloatArray:
    """``_TABLE_S`` of flattened flow noise in ``band_hz`` weighted by ``weight``, RMS 1, read-only."""
    n = int(_TABLE_S * sr)
    n -= n % (2 * _AM_DECIMATION)
    y = _flow_noise(n, band_hz, sr, np.random.default_rng(NOISE_TABLE_SEED), weight)
    y /= math.sqrt(float(np.mean(y * y)))
    y.flags.writeable = False
    return y


def _flow_segment(
    n: int, band_hz: tuple[float, float], sr: int, rng: np.random.Generator, weight: Weight | None
) -> FloatArray:
    """``n`` samples of flattened flow noise (RMS about 1): a table segment, or fresh noise if longer."""
    table = _noise_table(band_hz, sr, weight)
    if n >= len(table):
        return _flow_noise(n, band_hz, sr, rng, weight)
    a = int(rng.integers(0, len(table) - n + 1))
    return table[a : a + n].copy()


def _grid(n: int, step: int = _AM_DECIMATION) -> npt.NDArray[np.intp]:
    """Sample indices of slow gains: every ``step``-th sample, the last at ``n - 1``."""
    idx = np.arange(0, n + step - 1, step)
    idx[-1] = n - 1
    return idx


def _on_samples(gain: FloatArray, n: int, step: int = _AM_DECIMATION) -> FloatArray:
    """``gain`` given on ``_grid(n, step)`` linearly interpolated to all ``n`` samples.

    The same as ``np.interp(np.arange(n), _grid(n, step), gain)``, block by
    block (each block of ``step`` samples is its start plus a ramp), three
    times faster.

    Examples
    --------
    >>> for n in (40, 33):  # 33: the last grid point ends a whole block
    ...     g = np.random.default_rng(0).random(len(_grid(n)))
    ...     print(bool(np.allclose(_on_samples(g, n), np.interp(np.arange(n), _grid(n), g))))
    True
    True
    """
    m = (n - 1) // step  # whole blocks before the last grid point but one
    out = np.empty(n)
    head = out[: m * step].reshape(m, step)
    np.multiply((gain[1 : m + 1] - gain[:m])[:, None], _ramp(step), out=head)
    head += gain[:m, None]
    if n > m * step:
        out[m * step :] = np.interp(np.arange(m * step, n), _grid(n, step)[m:], gain[m:])
    return out


@lru_cache(maxsize=8)
def _ramp(step: int) -> FloatArray:
    """``arange(step) / step``, read-only: how far each sample of a block is towards the next grid point."""
    r = np.arange(step) / step
    r.flags.writeable = False
    return r


def murmur_noise(
    n: int, band_hz: tuple[float, float], sr: int, rng: np.random.Generator, *, weight: Weight | None = None
) -> FloatArray:
    """``n`` samples of band-limited, envelope-flattened noise, RMS about 1.

    A segment, at an offset drawn from ``rng``, of a 12 s table made once per
    band, rate and weight (longer requests are made afresh). Gaussian noise
    is shaped in the frequency domain by the magnitude of a 4th-order
    Butterworth band-pass times ``weight``; the same spectrum on positive
    frequencies only is an analytic signal, whose magnitude is the
    noise's Hilbert envelope. The noise is divided by that envelope,
    smoothed over 3 ms and raised to ``clinical.MURMUR_FLATTENING``, so its
    level swings less than raw noise's but keeps a grain. The envelope and
    the gain are computed on every 16th sample (a 16 times shorter FFT) and
    interpolated: the gain changes over milliseconds. The flattening is local
    (3 ms), so a segment of the table is as flat as noise made for it.

    The renderer passes the chest wall's magnitude as the ``weight``
    (:func:`murmur.sound.listening.chest_wall`), so the noise is made as heard at
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
    >>> y = murmur_noise(44100, (150.0, 400.0), 44100, np.random.default_rng(0))
    >>> bool(abs(rms(y) - 1.0) < 0.05)
    True

    References
    ----------
    .. [1] Pumplin J. Low-noise noise. J Acoust Soc Am 78:100-104 (1985).
    """
    _check_band(band_hz, sr)
    if n <= 0:
        return np.zeros(0)
    return _flow_segment(n, band_hz, sr, rng, weight)


def _turbulence(t_s: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Slow amplitude modulation at times ``t_s``: two sinusoids of random rate in 5-15 Hz."""
    f = rng.uniform(*C.MR_AM_HZ, size=2)
    ph = rng.uniform(0, 2 * np.pi, size=2)
    m = np.sin(2 * np.pi * f[0] * t_s + ph[0]) + 0.6 * np.sin(2 * np.pi * f[1] * t_s + ph[1])
    return 1.0 + C.MR_AM_DEPTH * m / 1.6


def _roughness(t_s: FloatArray, rng: np.random.Generator) -> FloatArray:
    """A harsh murmur's rough modulation at ``t_s``: one rate in 30-70 Hz, mean power 1."""
    f = rng.uniform(*C.HARSH_ROUGHNESS_HZ)
    ph = rng.uniform(0, 2 * np.pi)
    d = C.HARSH_DEPTH
    return (1.0 + d * np.sin(2 * np.pi * f * t_s + ph)) / math.sqrt(1.0 + d * d / 2)


def _tone(n: int, f0: float, sr: int, rng: np.random.Generator, weight: Weight | None) -> FloatArray:
    """A musical murmur's tone: harmonics of ``f0`` Hz with a slow vibrato, RMS 1.

    Each harmonic is weighted as the noise is (``weight`` at its frequency).
    The harmonics come from the recurrence sin((k+1)p) = 2 cos(p) sin(kp) -
    sin((k-1)p), a multiply-add each instead of a sine.
    """
    rate = rng.uniform(*C.MUSICAL_VIBRATO_HZ)
    t = np.arange(n) / sr
    freq = f0 * (1.0 + C.MUSICAL_VIBRATO * np.sin(2 * np.pi * rate * t + rng.uniform(0, 2 * np.pi)))
    phase = np.cumsum(freq) * (2 * np.pi / sr)
    s1, c1 = np.sin(phase), np.cos(phase)
    prev, cur = np.zeros(n), s1
    y = np.zeros(n)
    for k in range(1, C.MUSICAL_HARMONICS + 1):
        hz = k * f0
        if hz >= sr / 2:
            break
        a = k**-C.MUSICAL_ROLLOFF * (float(weight(np.array([hz]))[0]) if weight is not None else 1.0)
        y += a * cur
        prev, cur = cur, 2.0 * c1 * cur - prev
    return y / max(rms(y), 1e-300)


def murmur(
    span: MurmurSpan, sr: int, rng: np.random.Generator, *, weight: Weight | None = None
) -> tuple[int, FloatArray]:
    """Render one murmur span on the sample grid.

    Parameters
    ----------
    span : MurmurSpan
        Where the murmur is, its shape, band and level: plateau RMS as heard
        at the apex (after the chest wall) relative to
        :func:`~murmur.sound.level.heart_sound_ref_rms`, dB; ``span.bulge`` is the
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
    >>> from murmur.physio.timeline import MurmurSpan
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
    # The slow gains (envelope, bulge, turbulence, roughness) are computed
    # every _GAIN_STEP_S and linearly interpolated.
    step = max(1, int(_GAIN_STEP_S * sr))
    idx = _grid(n, step)
    tc = (n_start + idx) / sr - span.start_s
    env = span_envelope(span, tc)
    if span.bulge:
        env = env * (1.0 + span.bulge * np.sin(np.pi * np.clip(tc / length, 0, 1)))
    gain = env * _turbulence(tc, rng)
    if span.quality == "harsh":
        gain *= _roughness(tc, rng)
    _check_band(span.band_hz, sr)
    x = _flow_segment(n, quality_band(span.band_hz, span.quality), sr, rng, weight)
    if span.quality == "musical":
        x *= math.sqrt(C.MUSICAL_NOISE_SHARE)
        x += math.sqrt(1.0 - C.MUSICAL_NOISE_SHARE) * _tone(n, span.tone_hz, sr, rng, weight)
    gain *= heart_sound_ref_rms() * db_to_gain(span.level_db)
    slow = _on_samples(gain, n, step)
    y = np.multiply(x, slow, out=x)
    # zero mean: take out the slow gain times the product's mean level
    total = slow.sum()
    if total > 0:
        slow *= y.sum() / total
        y -= slow
    return n_start, y
