"""The noise floor of a real chest: body rumble, breath, hiss, bursts, voices.

A chest as recorded is never silent and never steady (``clinical.BACKGROUND``
has the measurements). The floor here is built from the mechanisms that make
it, each with its own spectrum and time course:

- body rumble and stethoscope hiss: muscle sound and skin movement falling
  5.5 dB/octave, over a flat hiss shelf from 250 Hz to 1.1 kHz, whose level
  wanders slowly (stethoscope pressure, muscle tone);
- breath sounds: 75 Hz to 1 kHz, following the airflow of each breath
  (inspiration louder than expiration at equal flow), silent when the breath
  is held;
- bursts: contact and friction noise, and low thumps of movement, at random
  times (a Poisson process), 15-400 ms long;
- voices on a ward (``noisy``): the low speech band with syllabic rhythm.

The floor is cut into windowed chunks: chunk ``k`` covers
``[k * HOP_S, k * HOP_S + 2 * HOP_S)`` under a sine window, so neighbouring
chunks overlap by half and their powers add to exactly 1 (sin^2 + cos^2):
each chunk's level is its own (the slow wander crossfades from one second to
the next) and any window of an endless sound is reproducible from the chunks
that overlap it. Bursts are not windowed: chunk ``k`` holds those that start
in its middle hop, ``[k + 1/2, k + 3/2) * HOP_S``, and every burst ends
before its chunk does, so the bursts of all chunks form one Poisson process.

Each component takes a segment, at an offset drawn from the chunk's own
random stream, of a long noise table shaped once per sample rate: drawing a
segment costs a copy, where shaping fresh noise for every chunk would cost
an FFT.
"""

from __future__ import annotations

import math
import threading
from functools import lru_cache
from typing import cast

import numpy as np
from scipy.fft import irfft

from .. import clinical as C
from ..physio.intervals import breath_phase
from ..physio.streams import BACKGROUND_STREAM, BACKGROUND_TABLE_SEED, beat_rng
from ..units import FloatArray, db_per_octave_to_exponent, db_to_gain, rms
from .level import heart_sound_ref_rms

__all__ = ["background_chunk", "chunks_between", "breath_amplitude", "floor_density", "HOP_S", "TABLES"]


#: Hop between chunks, s; each chunk lasts two hops. Bursts (<= 0.4 s) must
#: fit in half a hop.
HOP_S = 1.0
#: Random stream of the background (timeline 0, sources 1).
#: Length of the shaped-noise tables, s.
_TABLE_S = 12.0
#: The breath and voice envelopes are computed every this many samples and held.
_ENV_DECIMATION = 64
#: The noise tables, in the order of their offsets' random draws.
TABLES = ("body", "breath", "friction", "thump", "voice")


def _highpass(f: FloatArray, hz: float, order: int) -> FloatArray:
    with np.errstate(divide="ignore"):
        return 1.0 / np.sqrt(1.0 + (hz / np.maximum(f, 1e-9)) ** (2 * order))


def _lowpass(f: FloatArray, hz: float, order: int) -> FloatArray:
    return 1.0 / np.sqrt(1.0 + (f / hz) ** (2 * order))


def _slope(f: FloatArray, knee_hz: float, db_per_octave: float) -> FloatArray:
    """Magnitude 1 below ``knee_hz``, then a power density falling ``db_per_octave``."""
    return np.maximum(f / knee_hz, 1.0) ** db_per_octave_to_exponent(db_per_octave)


def floor_density(f: FloatArray, which: str) -> FloatArray:
    """Magnitude (square root of the power density) of one noise table, at ``f`` Hz.

    Parameters
    ----------
    f : ndarray
        Frequencies, Hz.
    which : {'body', 'breath', 'friction', 'thump', 'voice'}
        The component (see the module docstring).

    Examples
    --------
    >>> f = np.array([30.0, 60.0, 120.0])
    >>> from murmur.units import power_to_db
    >>> d = power_to_db(floor_density(f, "body") ** 2)
    >>> bool(-6.0 < d[2] - d[1] < -5.0)  # -5.5 dB/octave, with a little hiss shelf
    True
    """
    hp = _highpass(f, C.FLOOR_HIGHPASS_HZ, 2)
    if which == "body":
        shelf = db_to_gain(C.SHELF_DB) * _highpass(f, C.SHELF_BAND_HZ[0], 2) * _lowpass(f, C.SHELF_BAND_HZ[1], 4)
        rumble = _slope(f, C.BODY_KNEE_HZ, C.BODY_SLOPE_DB_OCT) * _lowpass(f, C.SHELF_BAND_HZ[1], 4)
        return hp * np.sqrt(rumble**2 + shelf**2)
    if which == "breath":
        return _highpass(f, C.BREATH_HIGHPASS_HZ, 2) * _slope(f, C.BREATH_KNEE_HZ, C.BREATH_SLOPE_DB_OCT)
    if which == "friction":
        lo, hi = C.FRICTION_BAND_HZ
        return _highpass(f, lo, 2) * _slope(f, lo, C.FRICTION_SLOPE_DB_OCT) * _lowpass(f, hi, 4)
    if which == "thump":
        lo, hi = C.THUMP_BAND_HZ
        return hp * _highpass(f, lo, 2) * _lowpass(f, hi, 4)
    if which == "voice":
        lo, hi = C.VOICE_BAND_HZ
        return _highpass(f, lo, 2) * _lowpass(f, hi, 2)
    raise ValueError(f"no noise table {which!r}; choose one of {', '.join(TABLES)}")


#: Length of each table, s: the bursts' (at most 0.4 s each) need less.
_TABLE_LENGTH_S = {"body": _TABLE_S, "breath": _TABLE_S, "friction": 3.0, "thump": 3.0, "voice": _TABLE_S}


@lru_cache(maxsize=10)
def _table(name: str, sr: int) -> FloatArray:
    """A unit-RMS noise table, fixed for every seed, made when first needed (voices only on a ward)."""
    n = int(_TABLE_LENGTH_S[name] * sr)
    f = cast(FloatArray, np.fft.rfftfreq(n, 1.0 / sr))  # float64 (numpy's stub says any floating)
    rng = np.random.default_rng((BACKGROUND_TABLE_SEED, TABLES.index(name)))  # each table its own stream
    g = floor_density(f, name)
    g[0] = 0.0
    y = irfft(g * (rng.standard_normal(len(f)) + 1j * rng.standard_normal(len(f))), n)
    y /= math.sqrt(float(np.mean(y * y)))
    y.flags.writeable = False
    return y


def _airflow(phase: FloatArray) -> FloatArray:
    """Airflow magnitude over a breath, peak 1 in inspiration (phase 0-1 from its onset).

    Inspiration: a half sine. Expiration, passive: ``x/tau * e^(1 - x/tau)``,
    peaking at ``tau`` of the way through and decaying.
    """
    f = C.INSPIRATION_FRACTION
    insp = phase < f
    x = np.where(insp, phase / f, (phase - f) / (1 - f))
    u = x / C.BREATH_EXPIRATION_TAU
    # Expiration moves the volume inspired in a longer time: its peak flow is lower.
    return np.where(insp, np.sin(np.pi * np.clip(x, 0.0, 1.0)), _EXP_PEAK * u * np.exp(1.0 - u))


def _expiratory_peak() -> float:
    # Equal volumes: the integral of the half sine over the inspiratory share
    # equals that of the expiratory curve over the rest.
    f = C.INSPIRATION_FRACTION
    x = np.linspace(0.0, 1.0, 20001)
    u = x / C.BREATH_EXPIRATION_TAU
    exp_area = float(np.mean(u * np.exp(1.0 - u))) * (1 - f)
    return (2.0 / np.pi) * f / exp_area


_EXP_PEAK = _expiratory_peak()


def _raw_breath(phase: FloatArray) -> FloatArray:
    a = _airflow(phase) ** C.BREATH_FLOW_EXPONENT
    return np.where(phase < C.INSPIRATION_FRACTION, a * math.sqrt(C.BREATH_INSPIRATION_POWER_RATIO), a)


#: RMS of the raw breath amplitude over a whole breath.
_BREATH_RMS = rms(_raw_breath(np.linspace(0.0, 1.0, 100001)))


def breath_amplitude(phase: FloatArray) -> FloatArray:
    """Breath-sound amplitude over a breath (phase 0-1 from inspiration onset), mean power 1.

    Amplitude grows with airflow as ``flow ** BREATH_FLOW_EXPONENT``; at equal
    flow inspiration is ``BREATH_INSPIRATION_POWER_RATIO`` times louder in
    power than expiration [Gavriely1996].

    Examples
    --------
    >>> p = np.linspace(0, 1, 10001)
    >>> round(float(np.mean(breath_amplitude(p) ** 2)), 3)
    1.0
    >>> bool(breath_amplitude(np.array([0.2]))[0] > 2 * breath_amplitude(np.array([0.9]))[0])
    True
    """
    return _raw_breath(phase) / _BREATH_RMS


def _block_times(n0: int, n: int, sr: int) -> FloatArray:
    """Times, s, of the centres of the ``_ENV_DECIMATION``-sample blocks of samples ``[n0, n0 + n)``."""
    return (n0 + np.arange(0, n, _ENV_DECIMATION) + 0.5 * (_ENV_DECIMATION - 1)) / sr


#: :func:`breath_amplitude` on 4096 steps of phase (and phase 1), for lookup:
#: linear interpolation is within 0.5 % of its peak.
_BREATH_PHASE = np.linspace(0.0, 1.0, 4097)
_BREATH_TABLE = breath_amplitude(_BREATH_PHASE)


def _breath_envelope(tc: FloatArray, case) -> FloatArray:
    """Breath-sound amplitude at block times ``tc`` (a held breath moves no air)."""
    if case.breath != "normal":
        return np.zeros(len(tc))
    return np.interp(breath_phase(tc, case.respiration_rate_per_min), _BREATH_PHASE, _BREATH_TABLE)


def _voice_envelope(tc: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Syllabic rhythm of distant voices at block times ``tc``.

    A rectified sum of three slow sinusoids, mean power 1.
    """
    rates = rng.uniform(*C.VOICE_SYLLABLE_HZ, size=3)
    phases = rng.uniform(0.0, 2 * np.pi, size=3)
    m = np.sum(np.sin(2 * np.pi * rates[:, None] * tc[None, :] + phases[:, None]), axis=0)
    return np.maximum(m + 0.5, 0.0) / math.sqrt(_VOICE_POWER)


def _held(y: FloatArray, gain: FloatArray, out: FloatArray, *, add: bool) -> None:
    """``out (+)= y * gain`` with each gain held over ``_ENV_DECIMATION`` samples.

    The envelopes change over hundreds of ms; holding them for 1.5 ms (at
    44.1 kHz) steps them by under 0.3 %, and costs one multiply per sample
    where a per-sample envelope costs three passes. Adding goes through a
    scratch buffer kept between calls (a fresh one would be paged in anew).
    """
    d = _ENV_DECIMATION
    m = len(y) // d
    head = out[: m * d].reshape(m, d)
    if add:
        tmp = _scratch(m * d)[: m * d].reshape(m, d)
        np.multiply(y[: m * d].reshape(m, d), gain[:m, None], out=tmp)
        head += tmp
        out[m * d :] += y[m * d :] * gain[m] if len(y) > m * d else 0.0
    else:
        np.multiply(y[: m * d].reshape(m, d), gain[:m, None], out=head)
        out[m * d :] = y[m * d :] * gain[m] if len(y) > m * d else 0.0


_LOCAL = threading.local()


def _scratch(n: int) -> FloatArray:
    """A buffer of at least ``n`` samples, one per thread (the player renders in its audio thread
    while the app draws pages in the main one)."""
    buf = getattr(_LOCAL, "buf", None)
    if buf is None or len(buf) < n:
        buf = _LOCAL.buf = np.empty(n)
    return buf


def _voice_power() -> float:
    # The mean over the three phases, on a 48-point grid each (periodic: the
    # grid's mean is within 1e-6 of the integral; random draws took 100 times longer).
    g = np.sin(2 * np.pi * (np.arange(48) + 0.5) / 48)
    m = g[:, None, None] + g[None, :, None] + g[None, None, :]
    return float(np.mean(np.maximum(m + 0.5, 0.0) ** 2))


#: Mean power of the rectified syllabic sum (the voices' envelope before scaling).
_VOICE_POWER = _voice_power()


def chunks_between(n0: int, n1: int, sr: int) -> range:
    """Indices of the chunks that overlap samples ``[n0, n1)``; chunk -1 covers the first second.

    Examples
    --------
    >>> list(chunks_between(0, 8000, 8000))
    [-1, 0, 1]
    """
    hop = int(HOP_S * sr)
    return range(max(-1, n0 // hop - 1), n1 // hop + 1)


def _bursts(y: FloatArray, hop: int, mode: C.BackgroundMode, rms: float, rng) -> None:
    """Add chunk's bursts to ``y`` (the chunk's samples): those starting in its middle hop."""
    count = rng.poisson(mode["bursts_per_s"] * HOP_S)
    sr = hop / HOP_S
    lo_s, hi_s = C.BURST_LENGTH_S
    for _ in range(count):
        start = hop // 2 + int(rng.integers(0, hop))
        length_s = min(max(C.BURST_MEDIAN_S * math.exp(C.BURST_LOG_SD * rng.standard_normal()), lo_s), hi_s)
        n = int(length_s * sr)
        level = rms * db_to_gain(rng.uniform(*mode["burst_db"]))
        table = _table("thump" if rng.random() < C.BURST_THUMP_SHARE else "friction", hop)
        a = int(rng.integers(0, len(table) - n))
        y[start : start + n] += level * _burst_envelope(n, sr) * table[a : a + n]


def _burst_envelope(n: int, sr: float) -> FloatArray:
    """A burst's envelope over ``n`` samples: a sharp onset, then a fall to zero; RMS 1.

    Contact and friction noise starts abruptly (raised cosine over
    ``BURST_ATTACK_S``) and fades as the rub or knock dies out (linearly).
    """
    t = np.arange(n) / sr
    env = np.sin(0.5 * np.pi * np.minimum(t / C.BURST_ATTACK_S, 1.0)) ** 2 * (1.0 - t / (n / sr))
    env /= math.sqrt(float(np.mean(env * env)))
    return env


def background_chunk(k: int, case, sr: int) -> tuple[int, FloatArray] | None:
    """Chunk ``k`` of the noise floor (sound at the skin), or None for none.

    Returns the first sample index and the samples: the steady floor's RMS
    is ``BACKGROUND[case.background]['floor_db']`` relative to the S1/S2
    reference RMS (for normal breathing), before its slow wander and its
    bursts.

    Examples
    --------
    >>> from murmur.case import Case
    >>> n0, y = background_chunk(3, Case(background="clinic", sr=8000), 8000)
    >>> n0, len(y)
    (24000, 16000)
    """
    mode = C.BACKGROUND[case.background]
    if mode is None:
        return None
    hop = int(HOP_S * sr)
    n = 2 * hop
    n0 = k * hop
    rng = beat_rng(case.seed, BACKGROUND_STREAM, k + 1)  # chunk -1 covers the first second
    # where each table's segment starts: drawn for all five, used as needed
    offsets = rng.integers(0, int(_TABLE_S * sr) - n, size=len(TABLES))
    seg = {
        name: _table(name, sr)[a : a + n] for name, a in zip(TABLES, offsets, strict=True) if name in ("body", "breath")
    }
    rms = heart_sound_ref_rms() * db_to_gain(mode["floor_db"])
    wander = db_to_gain(mode["wander_db"] * rng.standard_normal())
    share = mode["breath_share"]
    tc = _block_times(n0, n, sr)
    # The sine window, evaluated per block like the envelopes.
    window = np.sin(np.pi * (tc * sr - n0 + 0.5) / n)
    y = np.empty(n)
    _held(seg["body"], (rms * wander * math.sqrt(1.0 - share)) * window, y, add=False)
    _held(seg["breath"], (rms * wander * math.sqrt(share)) * window * _breath_envelope(tc, case), y, add=True)
    if mode["voice_db"] is not None:
        a = offsets[TABLES.index("voice")]
        voice = _table("voice", sr)[a : a + n]
        _held(voice, (rms * db_to_gain(mode["voice_db"])) * window * _voice_envelope(tc, rng), y, add=True)
    _bursts(y, hop, mode, rms, rng)
    return n0, y
