"""The noise floor of a real chest: breath sounds, muscle and skin, hiss.

Recordings from real chests are never digitally silent between the sounds.
The floor is built from windowed chunks: chunk ``k`` covers
``[k * HOP_S, k * HOP_S + 2 * HOP_S)`` under a sine window, so neighbouring
chunks overlap by half and their powers add to exactly 1 (sin^2 + cos^2): a
steady floor with no seams, and any window of an endless sound is
reproducible from the chunks that overlap it.

Each chunk takes a segment, at an offset drawn from its own random stream,
of two long noise tables shaped once per sample rate: breath sounds
(100-800 Hz, following the breath: loud through inspiration, fading in
expiration) and the rest of the floor (muscle and skin contact below 60 Hz,
stethoscope hiss flat to 2 kHz). Drawing segments of a table costs a copy,
where shaping fresh noise for every chunk would cost an FFT.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy.fft import irfft

from . import clinical as C
from .level import heart_sound_ref_rms
from .timeline import beat_rng
from .units import FloatArray

__all__ = ["background_chunk", "chunks_between", "HOP_S"]


#: Hop between chunks, s; each chunk lasts two hops.
HOP_S = 1.0
#: Random stream of the background (timeline 0, sources 1).
BACKGROUND_STREAM = 2
#: Length of the shaped-noise tables, s.
_TABLE_S = 12.0
#: The breath envelope is computed every this many samples and held.
_BREATH_DECIMATION = 64


def _shape(f: FloatArray, band_hz: tuple[float, float], order: int) -> FloatArray:
    lo, hi = band_hz
    with np.errstate(divide="ignore"):
        g = 1.0 / np.sqrt((1.0 + (lo / np.maximum(f, 1e-9)) ** (2 * order)) * (1.0 + (f / hi) ** (2 * order)))
    g[0] = 0.0
    return g


@lru_cache(maxsize=8)
def _tables(sr: int) -> tuple[FloatArray, FloatArray]:
    """Unit-RMS noise tables: (breath, floor), fixed for every seed."""
    n = int(_TABLE_S * sr)
    f = np.fft.rfftfreq(n, 1.0 / sr)
    rng = np.random.default_rng(0xB4EA7)
    out = []
    for shape in (
        _shape(f, C.BREATH_BAND_HZ, 2) / np.sqrt(np.maximum(f, 100.0) / 100.0),  # falling, as vesicular sounds do
        np.sqrt(0.7 * _shape(f, C.MUSCLE_BAND_HZ, 2) ** 2 + 0.3 * _shape(f, C.HISS_BAND_HZ, 2) ** 2),
    ):
        spec = shape * (rng.standard_normal(len(f)) + 1j * rng.standard_normal(len(f)))
        y = irfft(spec, n)
        out.append(y / math.sqrt(float(np.mean(y * y))))
    return out[0], out[1]


def _breath_amp(phase: FloatArray) -> FloatArray:
    """Breath-sound amplitude over the breath (phase 0-1 from inspiration onset).

    Vesicular sounds rise through inspiration and are heard only in the first
    third of expiration.
    """
    f = C.INSPIRATION_FRACTION
    insp = phase < f
    x = np.where(insp, phase / f, (phase - f) / (1 - f))
    rise = 0.25 + 0.75 * np.sqrt(np.sin(np.pi * np.clip(x, 0, 1)))
    fall = 0.25 + 0.5 * np.clip(1.0 - 3.0 * x, 0.0, 1.0)
    return np.where(insp, rise, fall)


#: Mean power of the breath amplitude over a whole breath.
_BREATH_POWER = float(np.mean(_breath_amp(np.linspace(0, 1, 10001)) ** 2))


def _breath_envelope(n0: int, n: int, sr: int, case, gain: float = 1.0) -> FloatArray:
    """Breath-sound amplitude of samples ``[n0, n0 + n)``, times ``gain`` (a held breath moves no air)."""
    if case.breath != "normal":
        return np.full(n, 0.15 * gain)
    # Held for 64 samples at a time: the breath changes over hundreds of ms,
    # so the steps are under 0.5 % (far below the floor's own fluctuation).
    tc = (n0 + np.arange(0, n, _BREATH_DECIMATION)) / sr
    phase = (tc * case.respiration_rate_per_min / 60.0) % 1.0
    return np.repeat(gain * _breath_amp(phase), _BREATH_DECIMATION)[:n]


def chunks_between(n0: int, n1: int, sr: int) -> range:
    """Indices of the chunks that overlap samples ``[n0, n1)``."""
    hop = int(HOP_S * sr)
    return range(max(0, n0 // hop - 1), n1 // hop + 1)


def background_chunk(k: int, case, sr: int) -> tuple[int, FloatArray] | None:
    """Chunk ``k`` of the noise floor (sound at the skin), or None for none.

    Returns the first sample index and the samples, scaled so the floor's RMS
    is ``BACKGROUND_DB[case.background]`` relative to the S1/S2 RMS.

    Examples
    --------
    >>> from murmur.case import Case
    >>> n0, y = background_chunk(3, Case(background="quiet", sr=8000), 8000)
    >>> n0, len(y)
    (24000, 16000)
    """
    level_db = C.BACKGROUND_DB[case.background]
    if level_db is None:
        return None
    hop = int(HOP_S * sr)
    n = 2 * hop
    n0 = k * hop
    breath, floor = _tables(sr)
    rng = beat_rng(case.seed, BACKGROUND_STREAM, k)
    a, b = rng.integers(0, len(breath) - n, size=2)
    signs = rng.choice([-1.0, 1.0], size=2)
    share = C.BACKGROUND_BREATH_SHARE
    scale = heart_sound_ref_rms() * 10 ** (level_db / 20)
    # The floor's level is set for normal breathing.
    y = breath[a : a + n] * _breath_envelope(n0, n, sr, case, scale * signs[0] * math.sqrt(share / _BREATH_POWER))
    y += (scale * signs[1] * math.sqrt(1 - share)) * floor[b : b + n]
    y *= _window(n)
    return n0, y


@lru_cache(maxsize=8)
def _window(n: int) -> FloatArray:
    """Sine window: overlapping by half, the squares of neighbours sum to 1."""
    w = np.sin(np.pi * (np.arange(n) + 0.5) / n)
    w.flags.writeable = False
    return w
