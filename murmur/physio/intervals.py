"""Intervals and the breath clock: systolic time from heart rate, the respiratory phase, the AF refractory floor.

Pure functions of a Case and a time, shared by the timing model and the
circulation model (the breath clock is computed here and nowhere else).
"""

from __future__ import annotations

import math
from typing import overload

from .. import clinical as C
from ..case import Case
from ..units import FloatArray, ms_to_s

__all__ = ["qs2_ms", "respiration", "breath_phase", "instant_rate_bpm", "af_min_rr_s"]


@overload
def breath_phase(t_s: float, rate_per_min: float) -> float: ...
@overload
def breath_phase(t_s: FloatArray, rate_per_min: float) -> FloatArray: ...
def breath_phase(t_s: float | FloatArray, rate_per_min: float) -> float | FloatArray:
    """The respiratory phase at ``t_s`` (s; a time or an array), 0-1, from the onset of inspiration (breathing freely).

    Examples
    --------
    >>> breath_phase(2.0, 15.0)
    0.5
    """
    return (t_s * rate_per_min / 60.0) % 1.0


def qs2_ms(heart_rate_bpm: float, *, sex: str = "male") -> float:
    """Electromechanical systole Q->A2 in ms [Weissler1968].

    Above 150 bpm the linear regression is outside its data and is floored at
    55 % of the RR interval (a murmur proposal, see ``clinical``); the floor
    first bites near 165 bpm, so the curve stays continuous.

    Examples
    --------
    >>> qs2_ms(60)
    420.0
    >>> round(qs2_ms(75), 1)
    388.5
    >>> round(qs2_ms(220))
    150
    """
    a, b = C.QS2_MEN_MS if sex == "male" else C.QS2_WOMEN_MS
    weissler = a - b * heart_rate_bpm
    if heart_rate_bpm <= C.QS2_REGRESSION_MAX_BPM:
        return weissler
    return max(weissler, C.QS2_MIN_FRACTION_OF_RR * 60000.0 / heart_rate_bpm)


def respiration(t_s: float, case: Case) -> tuple[float, bool, float]:
    """Respiratory state at time ``t_s``: (phase 0-1, inspiration?, drive 0-1).

    The phase starts at the onset of inspiration; inspiration takes the first
    ``INSPIRATION_FRACTION`` of each breath. The drive, which widens the S2
    split, rises and falls over inspiration as ``sin(pi x) ** 0.5`` (a quick
    rise to a broad top) and is zero on expiration. A held breath holds it.

    Examples
    --------
    >>> respiration(0.8, Case(respiration_rate_per_min=15))[1]
    True
    >>> respiration(3.0, Case(respiration_rate_per_min=15))[1]
    False
    """
    if case.breath == "hold-inspiration":
        return C.INSPIRATION_FRACTION / 2, True, 1.0
    if case.breath == "hold-expiration":
        return (1 + C.INSPIRATION_FRACTION) / 2, False, 0.0
    phase = breath_phase(t_s, case.respiration_rate_per_min)
    if phase < C.INSPIRATION_FRACTION:
        return phase, True, math.sqrt(math.sin(math.pi * phase / C.INSPIRATION_FRACTION))
    return phase, False, 0.0


def instant_rate_bpm(t_s: float, case: Case) -> float:
    """Sinus rate with respiratory sinus arrhythmia, faster on inspiration."""
    if case.breath != "normal":
        return case.heart_rate_bpm
    phase = breath_phase(t_s, case.respiration_rate_per_min)
    return case.heart_rate_bpm + C.RSA_BPM * math.cos(2 * math.pi * (phase - C.INSPIRATION_FRACTION / 2))


def af_min_rr_s(case: Case) -> float:
    """The AV node's refractory minimum of the RR in atrial fibrillation, s.

    Examples
    --------
    >>> round(af_min_rr_s(Case(heart_rate_bpm=90)), 3), af_min_rr_s(Case(heart_rate_bpm=200))
    (0.3, 0.25)
    """
    return max(C.AF_MIN_RR_FRACTION * case.rr_s, ms_to_s(C.AF_MIN_RR_MS))
