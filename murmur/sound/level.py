"""Level: the reference level, fixed calibration, peak limiter and fades.

:func:`heart_sound_ref_rms` is the level every source's loudness is stated
against (Levine grades, the noise floor). Calibration, limiter and fades are
functions of the sample value and its absolute index only, so they keep block
rendering exact (a render in blocks equals one piece).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from .. import clinical as C
from ..units import FloatArray, db_to_gain, ms_to_s
from .listening import Chain, process
from .transients import transient

__all__ = ["heart_sound_ref_rms", "limit", "fade_gain", "apply_level", "KNEE", "CEILING"]


#: Linear knee and ceiling of the limiter (full scale = 1.0).
KNEE = db_to_gain(C.LIMITER_KNEE_DBFS)
CEILING = db_to_gain(C.PEAK_CEILING_DBFS)


@lru_cache(maxsize=1)
def heart_sound_ref_rms() -> float:
    """RMS of the nominal S1 and S2 as heard at the apex, source units.

    This is the "heart sounds" level that the Levine grades and the noise
    floor are measured against: the energy of M1 + T1 over 122 ms from M1 and
    of A2 + P2 (split at its expiratory value) over 92 ms from A2
    [Schmidt2010], after the chest wall, divided by the total 214 ms. It is
    computed at a fixed 48 kHz so that it does not depend on the output rate.

    Examples
    --------
    >>> 0.05 < heart_sound_ref_rms() < 0.5
    True
    """
    sr = 48000
    s1 = np.zeros(math.ceil(ms_to_s(C.S1_DURATION_MS) * sr))
    s2 = np.zeros(math.ceil(ms_to_s(C.S2_DURATION_MS) * sr))
    parts = ((s1, (("M1", 0.0), ("T1", C.M1_TO_T1_MS))), (s2, (("A2", 0.0), ("P2", C.SPLIT_EXPIRATION_MS))))
    for buf, events in parts:
        for kind, at_ms in events:
            n0, y = transient(kind, ms_to_s(at_ms), sr)
            y = process(kind, y, Chain(), sr)
            end = min(len(buf), n0 + len(y))
            buf[n0:end] += y[: end - n0]
    energy = float(np.sum(s1**2) + np.sum(s2**2))
    return math.sqrt(energy / (len(s1) + len(s2)))


def limit(y: FloatArray) -> FloatArray:
    """Soft peak limiter: identity below the knee, never above the ceiling.

    Above ``KNEE`` (-2 dBFS) the magnitude follows
    ``knee + (ceiling - knee) * tanh((|y| - knee) / (ceiling - knee))``, which
    meets the identity with slope 1 and never reaches ``CEILING`` (-1 dBFS).
    It is memoryless, so it adds no latency and no state.

    Examples
    --------
    >>> limit(np.array([0.5, 5.0, -5.0])).round(3).tolist()
    [0.5, 0.891, -0.891]
    """
    if len(y) == 0 or (y.max() <= KNEE and y.min() >= -KNEE):  # the usual case: two passes, no new arrays
        return y
    mag = np.abs(y)
    over = mag > KNEE
    if not over.any():  # NaN samples, which are never over the knee
        return y
    span = CEILING - KNEE
    out = y.copy()
    out[over] = np.sign(y[over]) * (KNEE + span * np.tanh((mag[over] - KNEE) / span))
    return out


def fade_gain(
    n0: int, n1: int, n_total: int | None, sr: int, *, fade_s: float = ms_to_s(C.FADE_MS)
) -> FloatArray | None:
    """Raised-cosine fade-in at sample 0 and fade-out before ``n_total``.

    Returns the gain for samples ``[n0, n1)``, or None where it is all 1.

    Examples
    --------
    >>> fade_gain(0, 4, 100, 1000, fade_s=0.004).round(3).tolist()
    [0.0, 0.146, 0.5, 0.854]
    """
    n_fade = max(1, int(round(fade_s * sr)))
    fade_in = n0 < n_fade
    fade_out = n_total is not None and n1 > n_total - n_fade
    if not (fade_in or fade_out):
        return None
    n = np.arange(n0, n1)
    g = np.ones(len(n))
    if fade_in:
        g *= 0.5 - 0.5 * np.cos(np.pi * np.clip(n / n_fade, 0.0, 1.0))
    if fade_out and n_total is not None:  # fade_out implies n_total; mypy cannot see that through the name
        g *= 0.5 - 0.5 * np.cos(np.pi * np.clip((n_total - 1 - n) / n_fade, 0.0, 1.0))
    return g


def apply_level(y: FloatArray, n0: int, n_total: int | None, sr: int) -> FloatArray:
    """Calibrate, fade and limit samples ``[n0, n0 + len(y))`` of a sound.

    ``n_total`` is the length of the whole sound (None for an endless one,
    which gets a fade-in only).
    """
    out = y * C.MASTER_GAIN
    n_fade = max(1, int(round(ms_to_s(C.FADE_MS) * sr)))
    n1 = n0 + len(y)
    # Only the samples near either end can be faded: touch just those.
    for a, b in ((n0, min(n1, n_fade)), (max(n0, (n_total or n1 + n_fade) - n_fade), n1)):
        if a < b:
            g = fade_gain(a, b, n_total, sr)
            if g is not None:
                out[a - n0 : b - n0] *= g
    return limit(out)
