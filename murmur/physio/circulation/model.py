"""The circulation model run: a :class:`Heart` to its periodic steady state, one beat as a :class:`Cycle`.

:func:`simulate` (or :func:`steady_beat` for a :class:`Heart`) integrates
the equations of :mod:`.equations` beat after beat from a fixed start state
until a beat ends where it began, and records that beat: 1 kHz traces,
valve events and summary numbers. :func:`transient` gives the beats in
between after a live change, from one heart's steady state to another's.

Units: volumes mL, pressures mmHg, flows mL/s, times ms from the ECG Q.

Examples
--------
>>> cycle = simulate(75)
>>> round(cycle.lv_systolic_mmhg), round(cycle.ejection_fraction, 2)
(122, 0.59)
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ... import clinical as C
from ...errors import ParameterError
from ...units import FloatArray
from .equations import BeatSetup, run_beat, start_state
from .heart import REMODELING, Heart

__all__ = ["Heart", "Cycle", "simulate", "steady_beat", "transient", "REMODELING"]


@dataclass(frozen=True, kw_only=True)
class Cycle:
    """One beat of the periodic steady state, sampled at about 1 kHz from the ECG Q.

    Traces are read-only arrays of shape ``(n,)``, the beat's both ends
    included (``t_ms[0] == 0``, ``t_ms[-1] == rr_ms``). ``q_regurgitant_ml_s``
    is signed (positive from LV to LA); ``q_mitral_ml_s`` is the flow through
    the mitral valve alone. ``p_ao_mmhg`` is the aortic-root pressure (behind
    Zc). Event times are in ms after the Q: ``m1_ms`` (LV - LA first above
    ``clinical.M1_THRESHOLD_MMHG``), ``aortic_opening_ms``,
    ``aortic_closure_ms`` (the model's), ``a2_ms`` (aortic closure clamped in
    MR to ``clinical.A2_MAX_ADVANCE_MS``) and ``mitral_opening_ms``.
    ``n_beats`` is how many beats the steady state took.
    """

    heart_rate_bpm: float
    eroa_cm2: float
    remodeling: str
    sex: str
    t_ms: FloatArray
    p_lv_mmhg: FloatArray
    p_ao_mmhg: FloatArray
    p_la_mmhg: FloatArray
    v_lv_ml: FloatArray
    q_mitral_ml_s: FloatArray
    q_regurgitant_ml_s: FloatArray
    q_aortic_ml_s: FloatArray
    m1_ms: float
    aortic_opening_ms: float
    aortic_closure_ms: float
    a2_ms: float
    mitral_opening_ms: float
    #: Pulmonary valve closure (the right side's P2), ms after Q.
    pulmonary_closure_ms: float = math.nan
    #: The seven volumes (mL) at the beat's end: where the next beat starts.
    end_state: tuple[float, ...] = ()
    #: The atria contract (sinus rhythm); False in atrial fibrillation.
    atrial: bool = True
    #: Systemic resistance as a multiple of ``clinical.SYS_R``.
    afterload: float = 1.0
    edv_ml: float
    esv_ml: float
    ejection_fraction: float
    forward_stroke_volume_ml: float
    regurgitant_volume_ml: float
    regurgitant_fraction: float
    forward_cardiac_output_l_min: float
    lv_systolic_mmhg: float
    lv_end_diastolic_mmhg: float
    aortic_systolic_mmhg: float
    aortic_diastolic_mmhg: float
    la_mean_mmhg: float
    la_v_wave_mmhg: float
    jet_velocity_m_s: float | None
    n_beats: int

    @property
    def heart(self) -> Heart:
        """The heart this beat is of.

        Examples
        --------
        >>> simulate(75, 0.1).heart
        Heart(heart_rate_bpm=75.0, eroa_cm2=0.1, remodeling='none', sex='male', afterload=1.0, atrial=True)
        """
        return Heart(
            heart_rate_bpm=self.heart_rate_bpm, eroa_cm2=self.eroa_cm2, remodeling=self.remodeling, sex=self.sex,
            afterload=self.afterload, atrial=self.atrial,
        )  # fmt: skip


def simulate(
    heart_rate_bpm: float,
    eroa_cm2: float = 0.0,
    *,
    remodeling: str = "none",
    sex: str = "male",
    afterload: float = 1.0,
    atrial: bool = True,
) -> Cycle:
    """Run the model to its periodic steady state and return its last beat (cached per argument set).

    Parameters
    ----------
    heart_rate_bpm, eroa_cm2, remodeling, sex, afterload, atrial
        The heart: see :class:`Heart` for each one's unit and range. A beat
        in atrial fibrillation (``atrial=False``) is modelled as the steady
        state at the rate of its preceding RR (its filling time).

    Returns
    -------
    Cycle
        The steady beat: traces, events and summary numbers.

    Raises
    ------
    ParameterError
        An argument outside its range, or no steady state within
        ``clinical.STEADY_MAX_BEATS`` beats.

    References
    ----------
    .. [1] Stergiopulos N, Meister JJ, Westerhof N. Am J Physiol 270:H2050 (1996).
    .. [2] Weissler AM, Harris WS, Schoenfeld CD. Circulation 37:149 (1968).

    Examples
    --------
    >>> c = simulate(75, 0.4)
    >>> c.regurgitant_fraction > 0.45, c.m1_ms < c.a2_ms < c.mitral_opening_ms
    (True, True)
    """
    heart = Heart(
        heart_rate_bpm=heart_rate_bpm, eroa_cm2=eroa_cm2, remodeling=remodeling, sex=sex, afterload=afterload,
        atrial=atrial,
    )  # fmt: skip
    return steady_beat(heart)


@lru_cache(maxsize=256)
def steady_beat(heart: Heart) -> Cycle:
    """The periodic steady beat of a :class:`Heart` (cached): :func:`simulate` for a heart already made.

    Raises
    ------
    ParameterError
        No steady state within ``clinical.STEADY_MAX_BEATS`` beats.

    Examples
    --------
    >>> steady_beat(Heart(heart_rate_bpm=75.0)) is simulate(75)
    True
    """
    setup = BeatSetup.of(heart)
    y = start_state(heart.remodeling)
    for beats in range(1, C.STEADY_MAX_BEATS + 1):  # noqa: B007 (the count is used after the loop)
        y_next = run_beat(y, *setup.beat_args, None)
        change = max(abs(u - v) for u, v in zip(y, y_next, strict=True))
        y = y_next
        if change < C.STEADY_TOLERANCE:
            break
    else:
        raise ParameterError(f"no steady state within {C.STEADY_MAX_BEATS} beats (last change {change:.3g}).")
    return _recorded_beat(setup, y, beats)[0]


@lru_cache(maxsize=32)
def transient(old: Heart, new: Heart) -> tuple[Cycle, ...]:
    """The beats after a live change, from the old heart's steady state to the new one's (cached).

    The new heart starts from the state the old one's steady beat ends in
    (the few-beat transient is real physiology) and runs until a beat's end
    state is within ``clinical.STEADY_TOLERANCE`` of the last; those beats
    are returned, the steady one not included.

    Examples
    --------
    >>> beats = transient(Heart(heart_rate_bpm=72.0, eroa_cm2=0.25), Heart(heart_rate_bpm=110.0, eroa_cm2=0.25))
    >>> 1 <= len(beats) <= 30, beats[0].heart_rate_bpm
    (True, 110.0)
    """
    y = list(steady_beat(old).end_state)
    setup = BeatSetup.of(new)
    out = []
    for k in range(C.STEADY_MAX_BEATS):
        cycle, y_next = _recorded_beat(setup, y, k + 1)
        if max(abs(u - v) for u, v in zip(y, y_next, strict=True)) < C.STEADY_TOLERANCE:
            break
        out.append(cycle)
        y = y_next
    return tuple(out)


def _crossing(t: FloatArray, x: FloatArray, level: float, *, after_ms: float, rising: bool) -> float:
    """First time after ``after_ms`` that ``x`` crosses ``level`` upward (or downward), linearly interpolated."""
    d = x - level
    k = np.flatnonzero((t[:-1] >= after_ms) & ((d[:-1] <= 0) & (d[1:] > 0) if rising else (d[:-1] >= 0) & (d[1:] < 0)))
    if not len(k):
        return math.nan
    i = int(k[0])
    return float(t[i] + (t[i + 1] - t[i]) * d[i] / (d[i] - d[i + 1]))


def _recorded_beat(setup: BeatSetup, y: list[float], beats: int) -> tuple[Cycle, list[float]]:
    """One beat from state ``y``, recorded: its Cycle, and the state at its end."""
    rec: list[list[float]] = []
    y_end = run_beat(y, *setup.beat_args, rec)
    n, rr_ms = setup.n, setup.rr_ms
    # The traces on a grid twice as fine as the step (about 1 ms), linearly
    # interpolated (under 0.1 mmHg from a 1 ms integration).
    coarse = np.arange(n + 1) * (rr_ms / n)
    t = np.arange(2 * n + 1, dtype=float) * (rr_ms / (2 * n))
    t.flags.writeable = False
    arr = np.array(rec)
    plv, pao, pla, vlv, qmv, qr, qao, prv, ppa = (np.interp(t, coarse, col) for col in arr.T)
    for col in (plv, pao, pla, vlv, qmv, qr, qao):
        col.flags.writeable = False
    pc = _crossing(t, prv - ppa, 0.0, after_ms=_crossing(t, prv - ppa, 0.0, after_ms=0.0, rising=True), rising=False)
    cycle = _cycle(setup.heart, t, plv, pao, pla, vlv, qmv, qr, qao, beats)
    return dataclasses.replace(cycle, pulmonary_closure_ms=pc, end_state=tuple(y_end)), y_end


def _cycle(heart: Heart, t, plv, pao, pla, vlv, qmv, qr, qao, beats) -> Cycle:
    """Events and summary numbers of one recorded beat."""
    hr, eroa = heart.heart_rate_bpm, heart.eroa_cm2
    m1 = _crossing(t, plv - pla, C.M1_THRESHOLD_MMHG, after_ms=0.0, rising=True)
    p_sa = pao - C.SYS_ZC * qao
    ao = _crossing(t, plv - p_sa, 0.0, after_ms=m1, rising=True)
    ac = _crossing(t, plv - p_sa, 0.0, after_ms=ao, rising=False)
    mo = _crossing(t, plv - pla, 0.0, after_ms=ac, rising=False)
    a2 = ac
    if eroa > 0:
        # The clinical QS2 deficit is measured against the same heart without
        # MR: here the model's own normal beat at this rate.
        advance = C.A2_MAX_ADVANCE_MS["acute" if heart.remodeling == "acute" else "chronic"]
        normal = dataclasses.replace(heart, eroa_cm2=0.0, remodeling="none")
        a2 = max(ac, steady_beat(normal).a2_ms - advance)
    dt_s = np.diff(t) / 1000.0

    def volume(q: FloatArray) -> float:
        return float(np.sum(0.5 * (q[1:] + q[:-1]) * dt_s))

    rvol = volume(np.maximum(qr, 0.0))
    fsv = volume(qao)
    edv, esv = float(vlv.max()), float(vlv.min())
    systole = (t >= m1) & (t <= mo)
    return Cycle(
        heart_rate_bpm=hr, eroa_cm2=eroa, remodeling=heart.remodeling, sex=heart.sex, t_ms=t,
        p_lv_mmhg=plv, p_ao_mmhg=pao, p_la_mmhg=pla, v_lv_ml=vlv,
        q_mitral_ml_s=qmv, q_regurgitant_ml_s=qr, q_aortic_ml_s=qao,
        m1_ms=m1, aortic_opening_ms=ao, aortic_closure_ms=ac, a2_ms=a2, mitral_opening_ms=mo,
        edv_ml=edv, esv_ml=esv, ejection_fraction=(edv - esv) / edv,
        forward_stroke_volume_ml=fsv, regurgitant_volume_ml=rvol, regurgitant_fraction=rvol / (rvol + fsv),
        forward_cardiac_output_l_min=fsv * hr / 1000.0,
        lv_systolic_mmhg=float(plv.max()), lv_end_diastolic_mmhg=float(plv[int(np.argmax(vlv))]),
        aortic_systolic_mmhg=float(pao.max()), aortic_diastolic_mmhg=float(pao.min()),
        la_mean_mmhg=volume(pla) / float(t[-1] - t[0]) * 1000.0, la_v_wave_mmhg=float(pla[systole].max()),
        jet_velocity_m_s=C.JET_K * math.sqrt(max(float((plv - pla).max()), 0.0)) if eroa > 0 else None,
        n_beats=beats, atrial=heart.atrial, afterload=heart.afterload,
    )  # fmt: skip
