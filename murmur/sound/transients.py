"""Transient heart sounds: event -> short waveform.

Every source is an analytic function of the time since its event, so it is
placed on the sample grid with sub-sample accuracy: :func:`transient` samples
it at ``n / sr - time_s`` for the samples ``n`` at or after the event. Each
waveform is made exactly zero-mean (DC removed) by subtracting its mean shaped
by its own envelope, which leaves the audible band untouched.

Every frequency, decay, length and level of these shapes, with its source,
is in :mod:`murmur.clinical` (sections "Sound components" and "Transient heart
sounds"); only the numerics (:data:`SUBSAMPLE_STEPS`) are set here.

Amplitudes are in source units where a nominal M1 peaks near 1. These are
the sounds at the heart: the renderer passes them through the listening chain
(:func:`murmur.sound.render.heard_transient`).
"""

from __future__ import annotations

import math
from functools import cache, lru_cache

import numpy as np

from .. import clinical as C
from ..units import FloatArray, db_per_octave_to_exponent, ms_to_s

__all__ = [
    "transient",
    "transient_template",
    "grid_position",
    "transient_length_s",
    "TRANSIENT_KINDS",
    "SUBSAMPLE_STEPS",
]


TRANSIENT_KINDS = tuple(C.TRANSIENT_LENGTH_MS)


def transient_length_s(kind: str) -> float:
    """How long the transient of ``kind`` lasts, s (past it the waveform is zero).

    From :data:`murmur.clinical.TRANSIENT_LENGTH_MS`.
    """
    return ms_to_s(C.TRANSIENT_LENGTH_MS[kind])


def _taper(t: FloatArray, length_s: float, taper_s: float) -> FloatArray:
    """1 until ``length - taper``, then a half-cosine down to 0 at ``length``."""
    x = np.clip((t - (length_s - taper_s)) / taper_s, 0.0, 1.0)
    return 0.5 * (1.0 + np.cos(np.pi * x))


def _onset(t: FloatArray, rise_s: float) -> FloatArray:
    return -np.expm1(-t / rise_s)


def _hann(t: FloatArray, length_s: float) -> FloatArray:
    x = np.clip(t / length_s, 0.0, 1.0)
    return 0.5 - 0.5 * np.cos(2 * np.pi * x)


def _valve(t: FloatArray, freqs_hz: tuple[float, float], length_s: float) -> tuple[FloatArray, FloatArray]:
    """Two exponentially decaying sinusoids [Chen1997]; returns (y, envelope)."""
    onset = _onset(t, ms_to_s(C.VALVE_RISE_MS)) * _taper(t, length_s, ms_to_s(C.VALVE_TAPER_MS))
    y = np.zeros_like(t)
    for f, tau_ms, g in zip(freqs_hz, C.S1_VALVE_DECAY_MS, C.S1_VALVE_GAIN, strict=True):
        y += g * np.exp(-t / ms_to_s(tau_ms)) * np.sin(2 * np.pi * f * t)
    return y * onset, onset * np.exp(-t / ms_to_s(C.S1_VALVE_DECAY_MS[0]))


def _m1(t: FloatArray) -> tuple[FloatArray, FloatArray]:
    length = transient_length_s("M1")
    y, env = _valve(t, C.S1_VALVE_HZ, length)
    # Myocardial part: a frequency-modulated wave sweeping 20 -> 100 Hz [Chen1997].
    sweep_s = ms_to_s(C.S1_SWEEP_MS)
    f0, f1 = C.S1_SWEEP_HZ
    phase = 2 * np.pi * (f0 * t + 0.5 * (f1 - f0) / sweep_s * t**2)
    w = _hann(t, sweep_s)
    return y + C.S1_SWEEP_GAIN * w * np.sin(phase), env + w


def _t1(t: FloatArray) -> tuple[FloatArray, FloatArray]:
    # Tricuspid closure: the same valvular mechanism, a little lower pitched (C.T1_VALVE_HZ).
    y, env = _valve(t, C.T1_VALVE_HZ, transient_length_s("T1"))
    return C.T1_GAIN * y, env


def _s2(t: FloatArray) -> tuple[FloatArray, FloatArray]:
    """A2 or P2: a chirp of falling frequency, fast rise, slower decay [Xu2000]."""
    f_start, f_end, tau_f = C.S2_CHIRP_START_HZ, C.S2_CHIRP_END_HZ, ms_to_s(C.S2_CHIRP_SWEEP_MS)
    # f(t) = f_end + (f_start - f_end) exp(-t / tau_f); phase is its integral.
    phase = 2 * np.pi * (f_end * t + (f_start - f_end) * tau_f * -np.expm1(-t / tau_f))
    env = _onset(t, ms_to_s(C.S2_RISE_MS)) * np.exp(-t / ms_to_s(C.S2_DECAY_MS))
    env *= _taper(t, ms_to_s(C.S2_LENGTH_MS), ms_to_s(C.S2_TAPER_MS))
    return env * np.sin(phase), env


def _impact_modes(kind: str) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Frequencies (Hz), amplitudes, decay times (s) and phases of the impact modes of ``kind``.

    Amplitudes are scaled so that the modes' energy (each a^2 tau / 4) sums to 1.
    """
    p = C.VALVE_IMPACT[kind]
    k = np.arange(p["modes"])
    f = np.geomspace(*p["band_hz"], p["modes"])
    tau = p["q"] / (np.pi * f)
    # Constant Q, evenly in log f: energy per mode a^2 tau / 4 with tau ~ 1/f and modes ~ 1/f per Hz,
    # so a density sloping s dB/octave needs a^2 ~ f^(2 + s / 3.01), a ~ f^(1 + s / 6.02).
    a = f ** (1.0 + db_per_octave_to_exponent(p["slope_db_oct"]))
    a /= math.sqrt(float(np.sum(a * a * tau / 4)))
    phase = np.pi * k * k / p["modes"]  # Schroeder phases
    return f, a, tau, phase


@cache
def _valve_energy(kind: str) -> float:
    """Energy (sum of squares / rate) of the valve part of ``kind``, from a fine 96 kHz grid."""
    base, _ = _BASE[kind]
    t = np.arange(math.ceil(transient_length_s(kind) * 96000)) / 96000
    y, _ = base(t)
    return float(np.sum(y * y) / 96000)


def _with_impact(kind: str):
    """The valve part of ``kind`` plus its closure impact (clinical.VALVE_IMPACT)."""

    def f(t: FloatArray) -> tuple[FloatArray, FloatArray]:
        base, taper = _BASE[kind]
        y, env = base(t)
        freqs, a, tau, phase = _impact_modes(kind)
        scale = math.sqrt(C.VALVE_IMPACT[kind]["gain"] * _valve_energy(kind))
        length = transient_length_s(kind)
        rise = np.sin(0.5 * np.pi * np.clip(t / ms_to_s(C.IMPACT_RISE_MS), 0.0, 1.0)) ** 2
        w = scale * rise * _taper(t, length, ms_to_s(taper))
        hit = np.zeros_like(t)
        for fk, ak, tk, pk in zip(freqs, a, tau, phase, strict=True):
            hit += ak * np.exp(-t / tk) * np.sin(2 * np.pi * fk * t + pk)
        return y + w * hit, env + w * np.exp(-t / tau.max())

    return f


def _tone(freq_hz: float, length_ms: float):
    def f(t: FloatArray) -> tuple[FloatArray, FloatArray]:
        w = _hann(t, ms_to_s(length_ms))
        return w * np.sin(2 * np.pi * freq_hz * t), w

    return f


#: The valve part of each valve sound and the taper (ms) that ends it; the impact follows the same taper.
_BASE = {
    "M1": (_m1, C.VALVE_TAPER_MS),
    "T1": (_t1, C.VALVE_TAPER_MS),
    "A2": (_s2, C.S2_TAPER_MS),
    "P2": (_s2, C.S2_TAPER_MS),
}

_SHAPES = {
    "M1": (_with_impact("M1"), 1.0),
    "T1": (_with_impact("T1"), 1.0),
    "A2": (_with_impact("A2"), C.A2_GAIN),
    "P2": (_with_impact("P2"), C.A2_GAIN * C.P2_GAIN_APEX),
    "S3": (_tone(C.S3_HZ, C.S3_LENGTH_MS), C.S3_GAIN),
    "S4": (_tone(C.S4_HZ, C.S4_LENGTH_MS), C.S4_GAIN),
    "click": (_tone(C.CLICK_HZ, C.CLICK_LENGTH_MS), C.CLICK_GAIN),
}


#: Sub-sample offsets are resolved to 1/32 of a sample (0.7 us at 44.1 kHz,
#: far below any audible or measurable timing), so each kind has at most 32
#: sampled shapes per rate, computed once and reused for every beat.
SUBSAMPLE_STEPS = 32


@lru_cache(maxsize=512)
def transient_template(kind: str, sr: int, step: int) -> FloatArray:
    """The waveform of ``kind`` whose first sample is ``step / 32`` sample after onset.

    Zero-mean, at its nominal level, at the heart; read-only (cached).

    Parameters
    ----------
    kind : str
        One of ``M1 T1 A2 P2 S3 S4 click``.
    sr : int
        Sample rate, Hz.
    step : int
        Sub-sample offset of the first sample after the onset, 1/32 sample,
        0-31 (see :func:`grid_position`).

    Examples
    --------
    >>> y = transient_template("S3", 1000, 0)
    >>> len(y), float(y[0])
    (55, 0.0)
    """
    func, nominal = _SHAPES[kind]
    n = math.ceil(transient_length_s(kind) * sr)
    t = (np.arange(n) + step / SUBSAMPLE_STEPS) / sr
    y, env = func(t)
    y = y - env * (y.sum() / env.sum())
    y = nominal * y
    y.flags.writeable = False
    return y


def grid_position(time_s: float, sr: int) -> tuple[int, int]:
    """Where an event at ``time_s`` lands on the grid of rate ``sr``.

    Returns the index of the first sample at or after the event and the
    sub-sample step (1/32 sample, 0-31) from the event to that sample.

    Examples
    --------
    >>> grid_position(0.5, 1000), grid_position(0.50025, 1000)
    ((500, 0), (501, 24))
    """
    pos = time_s * sr
    n_start = math.ceil(pos - 1e-9)
    step = int(round((n_start - pos) * SUBSAMPLE_STEPS))
    if step >= SUBSAMPLE_STEPS:
        n_start, step = n_start - 1, 0
    return n_start, step


def transient(kind: str, time_s: float, sr: int, *, gain: float = 1.0) -> tuple[int, FloatArray]:
    """Sample one transient heart sound on the grid of rate ``sr``.

    Parameters
    ----------
    kind : str
        One of ``M1 T1 A2 P2 S3 S4 click``.
    time_s : float
        Onset of the event, s (any real value; placed to 1/32 sample).
    sr : int
        Sample rate, Hz.
    gain : float, keyword-only
        Linear amplitude factor on top of the kind's nominal level.

    Returns
    -------
    n_start : int
        Index of the first sample (the first at or after ``time_s``).
    y : ndarray, shape (n,)
        The waveform at the heart, zero-mean, in source units.

    Examples
    --------
    >>> n0, y = transient("A2", 0.5, 1000)
    >>> n0, len(y), abs(float(y.mean())) < 1e-12
    (500, 60, True)
    """
    n_start, step = grid_position(time_s, sr)
    return n_start, gain * transient_template(kind, sr, step)
