"""A beating left heart behind the sound: a lumped (0-D) closed-loop circulation model.

This module holds the model of ``shared/docs/physiology.md`` section 3 and
what it gives back: :func:`simulate` runs a time-varying-elastance LV
(double-Hill activation), an LA with a raised-cosine contraction, an RV,
systemic and pulmonary Windkessels, four ideal-diode valves and a regurgitant
mitral orifice of area EROA to its periodic steady state and returns one beat
as a :class:`Cycle` (1 kHz traces, valve events, summary numbers);
:func:`summary` gives a :class:`~murmur.case.Case`'s numbers as a dict with
the ASE severity class. The model is not yet part of the sound.

Units: volumes mL, pressures mmHg, flows mL/s, times ms from the ECG Q.
Every constant is in :mod:`murmur.clinical` with its source.

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
from typing import Any

import numpy as np

from .. import clinical as C
from ..case import Case
from ..errors import ParameterError
from ..presets import Preset, as_case
from .intervals import qs2_ms
from ..units import FloatArray

__all__ = [
    "circulation_beat",
    "BeatPhysiology",
    "beat_physiology",
    "transient",
    "transient_physiology",
    "heard_jet_level_db",
    "Cycle",
    "JetSound",
    "jet_sound",
    "simulate",
    "summary",
    "case_model",
    "severity_class",
    "REMODELING",
    "SUMMARY_KEYS",
]

#: The chamber states the model knows: normal chambers, chronic compensated
#: (dilated) and acute (small stiff LA).
REMODELING = ("none", "chronic", "acute")


@dataclass(frozen=True, kw_only=True)
class Cycle:
    """One beat of the periodic steady state, sampled at about 1 kHz from the ECG Q.

    Traces are read-only arrays of shape ``(n,)``, the beat's both ends
    included (``t_ms[0] == 0``, ``t_ms[-1] == rr_ms``). ``q_regurgitant_ml_s``
    is signed (positive from LV to LA); ``q_mitral_ml_s`` is the flow through
    the mitral valve alone. ``p_ao_mmhg`` is the aortic-root pressure (behind
    Zc). Event times are in ms after the Q: ``m1_ms`` (LV - LA first above
    5 mmHg), ``aortic_opening_ms``, ``aortic_closure_ms`` (the model's),
    ``a2_ms`` (aortic closure clamped in MR, physiology.md section 4) and
    ``mitral_opening_ms``. ``n_beats`` is how many beats the steady state took.
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


@lru_cache(maxsize=1)
def _hill_peak() -> float:
    """Peak of the unnormalised double-Hill curve over t / Tmax (a constant of the shape)."""
    (n1, n2), (f1, f2) = C.HILL_N, C.HILL_TAU_FRACTION
    x = np.linspace(1e-4, 3.0, 30000)
    g1, g2 = (x / f1) ** n1, (x / f2) ** n2
    return float(np.max(g1 / (1.0 + g1) / (1.0 + g2)))


def _activations(hr: float, sex: str, n: int, atrial: bool = True) -> tuple[list[float], list[float]]:
    """LV/RV and LA activation (0-1) on the half-step grid of one beat, ``2 n + 1`` points from the Q.

    Without ``atrial`` (atrial fibrillation) the LA does not contract.
    """
    rr = 60000.0 / hr
    emd = C.EMD_MS[0] - C.EMD_MS[1] * (hr - 75.0)
    tmax = C.TMAX_QS2_FRACTION * (qs2_ms(hr, sex=sex) - emd)
    (n1, n2), (f1, f2) = C.HILL_N, C.HILL_TAU_FRACTION
    t = np.arange(2 * n + 1) * (rr / (2 * n))
    lv = np.zeros_like(t)
    for x in (t - emd, t - emd + rr):  # this beat and the tail of the last
        x = np.maximum(x, 0.0) / tmax
        g1, g2 = (x / f1) ** n1, (x / f2) ** n2
        lv += g1 / (1.0 + g1) / (1.0 + g2)
    lv /= _hill_peak()
    onset = C.LA_ONSET_AFTER_P_MS - C.PR_MS  # before the Q: it began in the last beat
    la = np.zeros_like(t)
    for x in (t - onset, t - onset - rr) if atrial else ():
        up = (x >= 0) & (x < C.LA_RISE_MS)
        down = (x >= C.LA_RISE_MS) & (x < C.LA_RISE_MS + C.LA_FALL_MS)
        la[up] += 0.5 * (1.0 - np.cos(np.pi * x[up] / C.LA_RISE_MS))
        la[down] += 0.5 * (1.0 + np.cos(np.pi * (x[down] - C.LA_RISE_MS) / C.LA_FALL_MS))
    return lv.tolist(), la.tolist()


def _parameters(remodeling: str) -> dict[str, float]:
    p = {
        "lv_emax": C.LV_EMAX_MMHG_ML, "lv_emin": C.LV_EMIN_MMHG_ML, "lv_v0": C.LV_V0_ML,
        "la_emin": C.LA_EMIN_MMHG_ML, "la_v0": C.LA_V0_ML, "r_pvla": C.PUL_R_PV_LA, "c_pv": C.PUL_C_PV,
    }  # fmt: skip
    if remodeling == "chronic":
        p.update({f"lv_{k}": v for k, v in C.CHRONIC_LV.items()})
        p.update({f"la_{k}": v for k, v in C.CHRONIC_LA.items()})
    elif remodeling == "acute":
        p.update({f"la_{k}": v for k, v in C.ACUTE_LA.items()})
        p.update(r_pvla=C.ACUTE_R_PV_LA, c_pv=C.ACUTE_C_PV)
    return p


def _start_state(remodeling: str) -> list[float]:
    """Volumes (mL) of LV, LA, RV, C_sa, C_sv, C_pa, C_pv: the start state read with the normal compliances,
    so that acute MR keeps the blood volume and chronic MR adds its 100 mL to the LV."""
    v_lv, v_la, v_rv = C.START_VOLUMES_ML
    p_sa, p_sv, p_pa, p_pv = C.START_PRESSURES_MMHG
    extra = C.CHRONIC_EXTRA_VOLUME_ML if remodeling == "chronic" else 0.0
    return [v_lv + extra, v_la, v_rv, p_sa * C.SYS_C_SA, p_sv * C.SYS_C_SV, p_pa * C.PUL_C_PA, p_pv * C.PUL_C_PV]


def _run_beat(y: list[float], e_lv: list[float], e_rv: list[float], e_la: list[float], h_s: float, p: dict,
              kr: float, record: list[list[float]] | None) -> list[float]:  # fmt: skip
    """One beat of fixed-step RK4 (plain floats: no BLAS, no numpy per step); returns the end state.

    With ``record``, appends per step (state before the step, then the end)
    [P_lv, P_sa + Zc Q_ao, P_la, V_lv, Q_mitral, Q_regurgitant, Q_aortic].
    """
    g_open = 1.0 / C.VALVE_R_OPEN
    g_av = 1.0 / (C.VALVE_R_OPEN + C.SYS_ZC)
    g_sys, g_pul, g_pvla = 1.0 / p["r_sys"], 1.0 / C.PUL_R, 1.0 / p["r_pvla"]
    i_sa, i_sv, i_pa, i_pv = 1.0 / C.SYS_C_SA, 1.0 / C.SYS_C_SV, 1.0 / C.PUL_C_PA, 1.0 / p["c_pv"]
    v0_lv, v0_la, v0_rv, eps = p["lv_v0"], p["la_v0"], C.RV_V0_ML, C.ORIFICE_EPS_MMHG
    sqrt = math.sqrt

    def deriv(vlv, vla, vrv, vsa, vsv, vpa, vpv, elv, erv, ela):
        """d(volume)/dt of the seven compartments, mL/s."""
        plv, pla, prv = elv * (vlv - v0_lv), ela * (vla - v0_la), erv * (vrv - v0_rv)
        psa, psv, ppa, ppv = vsa * i_sa, vsv * i_sv, vpa * i_pa, vpv * i_pv
        qmv = (pla - plv) * g_open if pla > plv else 0.0
        qav = (plv - psa) * g_av if plv > psa else 0.0
        qtv = (psv - prv) * g_open if psv > prv else 0.0
        qpv = (prv - ppa) * g_open if prv > ppa else 0.0
        qsys = (psa - psv) * g_sys
        qpul = (ppa - ppv) * g_pul
        dp = plv - pla
        qr = kr * dp / sqrt(abs(dp) + eps) if kr else 0.0
        return qmv - qav - qr, (ppv - pla) * g_pvla - qmv + qr, qtv - qpv, qav - qsys, qsys - qtv, qpv - qpul, \
            qpul - (ppv - pla) * g_pvla  # fmt: skip

    def observe(vlv, vla, vrv, vsa, vpa, elv, erv, ela):
        """[P_lv, P_sa + Zc Q_ao, P_la, V_lv, Q_mitral, Q_regurgitant, Q_aortic, P_rv, P_pa] at this state."""
        plv, pla, psa = elv * (vlv - v0_lv), ela * (vla - v0_la), vsa * i_sa
        qmv = (pla - plv) * g_open if pla > plv else 0.0
        qav = (plv - psa) * g_av if plv > psa else 0.0
        dp = plv - pla
        qr = kr * dp / sqrt(abs(dp) + eps) if kr else 0.0
        return [plv, psa + C.SYS_ZC * qav, pla, vlv, qmv, qr, qav, erv * (vrv - v0_rv), vpa * i_pa]

    h2, h6 = 0.5 * h_s, h_s / 6.0
    a, b, c, d, e, f, g = y
    for k in range(len(e_lv) // 2):
        j = 2 * k
        if record is not None:
            record.append(observe(a, b, c, d, f, e_lv[j], e_rv[j], e_la[j]))
        l1, m1, n1, o1, p1, q1, s1 = deriv(a, b, c, d, e, f, g, e_lv[j], e_rv[j], e_la[j])
        l2, m2, n2, o2, p2, q2, s2 = deriv(a + h2 * l1, b + h2 * m1, c + h2 * n1, d + h2 * o1, e + h2 * p1,
                                           f + h2 * q1, g + h2 * s1, e_lv[j + 1], e_rv[j + 1], e_la[j + 1])  # fmt: skip
        l3, m3, n3, o3, p3, q3, s3 = deriv(a + h2 * l2, b + h2 * m2, c + h2 * n2, d + h2 * o2, e + h2 * p2,
                                           f + h2 * q2, g + h2 * s2, e_lv[j + 1], e_rv[j + 1], e_la[j + 1])  # fmt: skip
        l4, m4, n4, o4, p4, q4, s4 = deriv(a + h_s * l3, b + h_s * m3, c + h_s * n3, d + h_s * o3, e + h_s * p3,
                                           f + h_s * q3, g + h_s * s3,
                                           e_lv[j + 2], e_rv[j + 2], e_la[j + 2])  # fmt: skip
        a += h6 * (l1 + 2.0 * (l2 + l3) + l4)
        b += h6 * (m1 + 2.0 * (m2 + m3) + m4)
        c += h6 * (n1 + 2.0 * (n2 + n3) + n4)
        d += h6 * (o1 + 2.0 * (o2 + o3) + o4)
        e += h6 * (p1 + 2.0 * (p2 + p3) + p4)
        f += h6 * (q1 + 2.0 * (q2 + q3) + q4)
        g += h6 * (s1 + 2.0 * (s2 + s3) + s4)
    if record is not None:
        record.append(observe(a, b, c, d, f, e_lv[-1], e_rv[-1], e_la[-1]))
    return [a, b, c, d, e, f, g]


def _crossing(t: FloatArray, x: FloatArray, level: float, *, after_ms: float, rising: bool) -> float:
    """First time after ``after_ms`` that ``x`` crosses ``level`` upward (or downward), linearly interpolated."""
    d = x - level
    k = np.flatnonzero((t[:-1] >= after_ms) & ((d[:-1] <= 0) & (d[1:] > 0) if rising else (d[:-1] >= 0) & (d[1:] < 0)))
    if not len(k):
        return math.nan
    i = int(k[0])
    return float(t[i] + (t[i + 1] - t[i]) * d[i] / (d[i] - d[i + 1]))


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
    heart_rate_bpm : float
        Heart rate, 40-150 bpm (``clinical.HEMO_HR_RANGE_BPM``).
    eroa_cm2 : float
        Effective regurgitant orifice area of the mitral valve, 0-1 cm^2 (0: no MR).
    remodeling : {'none', 'chronic', 'acute'}
        Normal chambers; the dilated compliant LV and LA of chronic compensated
        MR with 100 mL more blood; or the small stiff LA and pulmonary veins of
        acute MR (physiology.md section 3). Also picks the A2 clamp: 70 ms for
        acute, 30 ms otherwise (no clamp without MR).
    sex : {'male', 'female'}
        Selects the Weissler QS2 regression that sets the activation's length.
    afterload : float
        Systemic resistance as a multiple of ``clinical.SYS_R``, 0.5-2
        (handgrip raises it: ``clinical.HANDGRIP_AFTERLOAD``).
    atrial : bool
        The atria contract (sinus rhythm); False for atrial fibrillation: no
        atrial kick, the LV fills passively. A beat in AF is modelled as the
        steady state at the rate of its preceding RR (its filling time).

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
    lo, hi = C.HEMO_HR_RANGE_BPM
    if not lo <= heart_rate_bpm <= hi:
        raise ParameterError(
            f"heart_rate_bpm must be between {lo:g} and {hi:g} for the circulation model; got {heart_rate_bpm:g}.",
            param="heart_rate_bpm",
        )
    if not 0.0 <= eroa_cm2 <= 1.0:
        raise ParameterError(f"eroa_cm2 must be between 0 and 1 (cm^2); got {eroa_cm2:g}.", param="eroa_cm2")
    if remodeling not in REMODELING:
        raise ParameterError(f"remodeling must be one of {', '.join(REMODELING)}; got {remodeling!r}.")
    if sex not in ("male", "female"):
        raise ParameterError(f"sex must be one of male, female; got {sex!r}.", param="sex")
    if not 0.5 <= afterload <= 2.0:
        raise ParameterError(f"afterload must be between 0.5 and 2 (times the normal R_sys); got {afterload:g}.")
    return _simulate(float(heart_rate_bpm), float(eroa_cm2), remodeling, sex, float(afterload), bool(atrial))


@lru_cache(maxsize=256)
def _simulate(hr: float, eroa_cm2: float, remodeling: str, sex: str, afterload: float, atrial: bool = True) -> Cycle:
    """:func:`simulate` with checked arguments, cached by value (every call spelled the same way)."""
    setup = _Setup.of(hr, eroa_cm2, remodeling, sex, afterload, atrial)
    y = _start_state(remodeling)
    for beats in range(1, C.STEADY_MAX_BEATS + 1):  # noqa: B007 (the count is used after the loop)
        y_next = _run_beat(y, *setup.beat_args, None)
        change = max(abs(u - v) for u, v in zip(y, y_next, strict=True))
        y = y_next
        if change < C.STEADY_TOLERANCE:
            break
    else:
        raise ParameterError(f"no steady state within {C.STEADY_MAX_BEATS} beats (last change {change:.3g}).")
    return _recorded_beat(setup, y, beats)[0]


@dataclass(frozen=True)
class _Setup:
    """One heart at one rate, ready to integrate: arguments, elastances on the half-step grid, step."""

    args: tuple
    n: int
    rr_ms: float
    beat_args: tuple

    @classmethod
    def of(cls, hr: float, eroa_cm2: float, remodeling: str, sex: str, afterload: float, atrial: bool) -> _Setup:
        rr_ms = 60000.0 / hr
        n = max(1, round(rr_ms / C.HEMO_STEP_MS))  # steps that tile the beat exactly
        p = _parameters(remodeling)
        p["r_sys"] = C.SYS_R * afterload
        act_lv, act_la = _activations(hr, sex, n, atrial)
        e_lv = [p["lv_emin"] + (p["lv_emax"] - p["lv_emin"]) * x for x in act_lv]
        e_rv = [C.RV_EMIN_MMHG_ML + (C.RV_EMAX_MMHG_ML - C.RV_EMIN_MMHG_ML) * x for x in act_lv]
        e_la = [p["la_emin"] + C.LA_EACT_MMHG_ML * x for x in act_la]
        beat_args = (e_lv, e_rv, e_la, rr_ms / n / 1000.0, p, C.ORIFICE_K * eroa_cm2)
        return cls((hr, eroa_cm2, remodeling, sex, afterload, atrial), n, rr_ms, beat_args)


def _recorded_beat(setup: _Setup, y: list[float], beats: int) -> tuple[Cycle, list[float]]:
    """One beat from state ``y``, recorded: its Cycle, and the state at its end."""
    rec: list[list[float]] = []
    y_end = _run_beat(y, *setup.beat_args, rec)
    n, rr_ms = setup.n, setup.rr_ms
    # The traces on a grid twice as fine as the step (about 1 ms), linearly
    # interpolated (under 0.1 mmHg from a 1 ms integration).
    coarse = np.arange(n + 1) * (rr_ms / n)
    t = np.arange(2 * n + 1) * (rr_ms / (2 * n))
    t.flags.writeable = False
    arr = np.array(rec)
    plv, pao, pla, vlv, qmv, qr, qao, prv, ppa = (np.interp(t, coarse, col) for col in arr.T)
    for col in (plv, pao, pla, vlv, qmv, qr, qao):
        col.flags.writeable = False
    pc = _crossing(t, prv - ppa, 0.0, after_ms=_crossing(t, prv - ppa, 0.0, after_ms=0.0, rising=True), rising=False)
    cycle = _cycle(*setup.args, t, plv, pao, pla, vlv, qmv, qr, qao, beats)
    return dataclasses.replace(cycle, pulmonary_closure_ms=pc, end_state=tuple(y_end)), y_end


@lru_cache(maxsize=32)
def transient(old: tuple, new: tuple) -> tuple[Cycle, ...]:
    """The beats after a live change, from the old heart's steady state to the new one's (cached).

    ``old`` and ``new`` are :func:`simulate`'s arguments ``(heart_rate_bpm,
    eroa_cm2, remodeling, sex, afterload, atrial)``. The new heart starts
    from the state the old one's steady beat ends in (physiology.md section
    5: "on a live change continue from the current state; the few-beat
    transient is real physiology") and runs until a beat's end state is
    within ``clinical.STEADY_TOLERANCE`` of the last; those beats are
    returned, the steady one not included.

    Examples
    --------
    >>> beats = transient((72.0, 0.25, "none", "male", 1.0, True), (110.0, 0.25, "none", "male", 1.0, True))
    >>> 1 <= len(beats) <= 30
    True
    """
    y = list(_simulate(*old).end_state)
    setup = _Setup.of(*new)
    out = []
    for k in range(C.STEADY_MAX_BEATS):
        cycle, y_next = _recorded_beat(setup, y, k + 1)
        if max(abs(u - v) for u, v in zip(y, y_next, strict=True)) < C.STEADY_TOLERANCE:
            break
        out.append(cycle)
        y = y_next
    return tuple(out)


def _cycle(hr, eroa, remodeling, sex, afterload, atrial, t, plv, pao, pla, vlv, qmv, qr, qao, beats) -> Cycle:
    """Events and summary numbers of one recorded beat."""
    m1 = _crossing(t, plv - pla, C.M1_THRESHOLD_MMHG, after_ms=0.0, rising=True)
    p_sa = pao - C.SYS_ZC * qao
    ao = _crossing(t, plv - p_sa, 0.0, after_ms=m1, rising=True)
    ac = _crossing(t, plv - p_sa, 0.0, after_ms=ao, rising=False)
    mo = _crossing(t, plv - pla, 0.0, after_ms=ac, rising=False)
    a2 = ac
    if eroa > 0:
        # The clinical QS2 deficit is measured against the same heart without
        # MR: here the model's own normal beat at this rate.
        advance = C.A2_MAX_ADVANCE_MS["acute" if remodeling == "acute" else "chronic"]
        a2 = max(ac, simulate(hr, 0.0, sex=sex, afterload=afterload, atrial=atrial).a2_ms - advance)
    dt_s = np.diff(t) / 1000.0

    def volume(q: FloatArray) -> float:
        return float(np.sum(0.5 * (q[1:] + q[:-1]) * dt_s))

    rvol = volume(np.maximum(qr, 0.0))
    fsv = volume(qao)
    edv, esv = float(vlv.max()), float(vlv.min())
    systole = (t >= m1) & (t <= mo)
    return Cycle(
        heart_rate_bpm=hr, eroa_cm2=eroa, remodeling=remodeling, sex=sex, t_ms=t,
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
        n_beats=beats, atrial=atrial,
    )  # fmt: skip


#: The keys of :func:`summary`, in order.
SUMMARY_KEYS = (
    "heart_rate_bpm", "eroa_cm2", "regurgitant_volume_ml", "regurgitant_fraction", "ejection_fraction",
    "forward_cardiac_output_l_min", "lv_systolic_mmhg", "lv_end_diastolic_mmhg", "aortic_systolic_mmhg",
    "aortic_diastolic_mmhg", "la_mean_mmhg", "la_v_wave_mmhg", "jet_velocity_m_s", "severity",
)  # fmt: skip

_CLASSES = ("mild", "moderate", "severe")


def _grade(value: float, bounds: tuple[float, float]) -> int:
    return sum(value >= b for b in bounds)


def severity_class(eroa_cm2: float, regurgitant_volume_ml: float, regurgitant_fraction: float) -> str:
    """ASE class of primary MR from EROA, RVol and RF: the middle of the three classes.

    Each number is classed on its own (mild / moderate / severe, ASE 2017
    cut-points in ``clinical.MR_CLASS_*``); the result is the median class,
    i.e. the class two of the three agree on, or the one between them.
    No MR (EROA 0) is ``'none'``.

    References
    ----------
    .. [1] Zoghbi WA et al. J Am Soc Echocardiogr 30:303-371 (2017).

    Examples
    --------
    >>> severity_class(0.45, 70.0, 0.52)
    'severe'
    >>> severity_class(0.35, 62.0, 0.45)
    'moderate'
    >>> severity_class(0.0, 0.0, 0.0)
    'none'
    """
    if eroa_cm2 <= 0:
        return "none"
    grades = sorted(
        (
            _grade(eroa_cm2, C.MR_CLASS_EROA_CM2),
            _grade(regurgitant_volume_ml, C.MR_CLASS_RVOL_ML),
            _grade(regurgitant_fraction, C.MR_CLASS_RF),
        )
    )
    return _CLASSES[grades[1]]


def case_model(case: Case | Preset | str) -> tuple[float, float, str, str]:
    """The model's arguments for a case: ``(heart_rate_bpm, eroa_cm2, remodeling, sex)``.

    MR takes its EROA from ``case.eroa_cm2``, or if that is 0 from
    ``clinical.MR_EROA_CM2`` by severity; acute MR has
    the acute chambers, chronic severe MR the dilated ones, chronic mild and
    moderate MR normal chambers.

    Raises
    ------
    ParameterError
        The model does not cover the case: mitral valve prolapse (its
        regurgitation is late-systolic, not a fixed orifice) or a heart rate
        outside ``clinical.HEMO_HR_RANGE_BPM``. (Atrial fibrillation is
        covered: ``atrial=False`` in :func:`simulate`.)

    Examples
    --------
    >>> case_model("mr-acute")
    (100.0, 0.45, 'acute', 'male')
    >>> case_model("mvp")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: the circulation model covers normal hearts and mitral regurgitation, not ...
    """
    case = as_case(case)
    if case.finding not in ("normal", "mr"):
        raise ParameterError(
            f"the circulation model covers normal hearts and mitral regurgitation, not finding {case.finding!r}.",
            param="finding",
        )
    lo, hi = C.HEMO_HR_RANGE_BPM
    if not lo <= case.heart_rate_bpm <= hi:
        raise ParameterError(
            f"heart_rate_bpm must be between {lo:g} and {hi:g} for the circulation model; "
            f"got {case.heart_rate_bpm:g}.",
            param="heart_rate_bpm",
        )
    if case.finding == "normal":
        return case.heart_rate_bpm, 0.0, "none", case.sex
    eroa = case.eroa_cm2 if case.eroa_cm2 > 0 else C.MR_EROA_CM2[case.mr_severity]
    remodeling = "acute" if case.mr_acute else "chronic" if case.mr_severity == "severe" else "none"
    return case.heart_rate_bpm, eroa, remodeling, case.sex


def summary(case: Case | Preset | str) -> dict[str, Any]:
    """A case's hemodynamics at its steady state, as plain numbers (JSON-ready).

    Parameters
    ----------
    case : Case, Preset or str
        The case, or a preset name.

    Returns
    -------
    dict
        ``SUMMARY_KEYS``: heart rate (bpm), EROA (cm^2), regurgitant volume
        (mL/beat), regurgitant fraction (RVol / (RVol + forward SV)), ejection
        fraction (total, (EDV - ESV) / EDV), forward cardiac output (L/min),
        LV systolic and end-diastolic pressure, aortic systolic and diastolic
        pressure, LA mean and v-wave pressure (mmHg), peak jet velocity (m/s;
        None without MR) and the ASE severity (:func:`severity_class`).

    Raises
    ------
    ParameterError
        A case the model does not cover (see :func:`case_model`).

    Examples
    --------
    >>> s = summary("mr-severe")
    >>> s["severity"], s["regurgitant_fraction"] >= 0.5
    ('severe', True)
    """
    hr, eroa, remodeling, sex = case_model(case)
    c = simulate(hr, eroa, remodeling=remodeling, sex=sex, atrial=as_case(case).rhythm == "sinus")
    out: dict[str, Any] = {k: getattr(c, k) for k in SUMMARY_KEYS[:-1]}
    out["severity"] = severity_class(eroa, c.regurgitant_volume_ml, c.regurgitant_fraction)
    return out


@dataclass(frozen=True, kw_only=True)
class JetSound:
    """What the regurgitant jet of one beat sounds like, on the cycle's time axis (ms after Q).

    ``amplitude`` is the murmur's amplitude, relative (1 for a jet of
    ``clinical.JET_REF_FLOW_ML_S`` at ``JET_REF_VELOCITY_M_S``), 0 where no
    blood leaks back; ``centre_hz`` the jet's spectral peak ``St v / d`` (Hz,
    0 where no jet); ``velocity_m_s`` the jet velocity.
    """

    t_ms: FloatArray
    amplitude: FloatArray
    centre_hz: FloatArray
    velocity_m_s: FloatArray


def jet_sound(cycle: Cycle) -> JetSound:
    """The sound of a beat's regurgitant jet: amplitude ~ Q^0.5 v^1.5, centre frequency St v / d.

    Wall-pressure fluctuations scale with the jet's dynamic pressure; over
    the turbulent region the amplitude goes as ``Q ** MR_FLOW_EXPONENT *
    v ** MR_VELOCITY_EXPONENT`` (physiology.md section 6), with ``v`` from
    Bernoulli (``JET_K sqrt(LV - LA)``). The spectrum peaks near
    ``JET_STROUHAL v / d``, ``d`` the jet's diameter ``sqrt(4 EROA / pi)``:
    small leaks at high gradient sound high, large ones lower.

    Examples
    --------
    >>> j = jet_sound(simulate(75, 0.1))
    >>> 350 < float(j.centre_hz.max()) < 500
    True
    """
    dp = np.maximum(cycle.p_lv_mmhg - cycle.p_la_mmhg, 0.0)
    v = C.JET_K * np.sqrt(dp)
    q = np.maximum(cycle.q_regurgitant_ml_s, 0.0)
    amp = (q / C.JET_REF_FLOW_ML_S) ** C.MR_FLOW_EXPONENT * (v / C.JET_REF_VELOCITY_M_S) ** C.MR_VELOCITY_EXPONENT
    if cycle.eroa_cm2 > 0:
        d_m = math.sqrt(4.0 * cycle.eroa_cm2 * 1e-4 / math.pi)
        centre = np.where(q > 0, C.JET_STROUHAL * v / d_m, 0.0)
    else:
        centre = np.zeros_like(v)
    for x in (amp, centre, v):
        x.flags.writeable = False
    return JetSound(t_ms=cycle.t_ms, amplitude=amp, centre_hz=centre, velocity_m_s=v)


@dataclass(frozen=True, kw_only=True)
class BeatPhysiology:
    """What the timeline takes from the model for one beat at a steady rate (times in ms after Q).

    ``p2_ms`` is the model's pulmonary valve closure: the right side does not
    feel the mitral leak, so in MR P2 stays while A2 comes early.

    ``s1_gain`` and ``a2_gain`` scale S1 and A2 against a normal heart at the
    same rate (S1 with LV dP/dt at mitral closure, A2 with aortic pressure at
    closure); ``envelope`` is the murmur's amplitude from M1 at 1 ms steps
    (peak 1, empty without MR), ``band_hz`` its noise band around the jet's
    centre frequency and ``level_offset_db`` its heard level against the
    severity's own EROA (0 there).
    """

    m1_ms: float
    a2_ms: float
    p2_ms: float
    mitral_opening_ms: float
    s3_ms: float
    s1_gain: float
    a2_gain: float
    envelope: tuple[float, ...]
    band_hz: tuple[float, float]
    level_offset_db: float


def _dpdt_at(c: Cycle, t_ms: float) -> float:
    return float(np.interp(t_ms, c.t_ms, np.gradient(c.p_lv_mmhg, c.t_ms)))


def _deceleration_after_peak(c: Cycle, start_ms: float, end_ms: float) -> float:
    """Where mitral inflow decelerates fastest after its peak in ``[start_ms, end_ms]``: S3, after the E wave.

    (S4 is not taken this way: with ideal-diode valves and no inertance the
    A wave's steepest deceleration runs into the valve's closure, 4-5 ms
    before M1 at 100-130 bpm, against the 50-70 ms of clinical.md; the
    timeline places S4 before the model's M1 as the timing model does.)"""
    t, q = c.t_ms, c.q_mitral_ml_s
    w = (t >= start_ms) & (t <= end_ms)
    if not np.any(w) or q[w].max() <= 0:
        return math.nan
    tw, qw = t[w], q[w]
    k = int(np.argmax(qw))
    slope = np.gradient(qw, tw)[k:]
    return float(tw[k + int(np.argmin(slope))])


def heard_jet_level_db(c: Cycle) -> float:
    """The jet's sound energy over the beat as heard at the skin (its centre frequency through the chest wall), dB."""
    from ..sound.listening import chest_wall

    j = jet_sound(c)
    gain = chest_wall("murmur")(np.maximum(j.centre_hz, 1.0))
    return float(10 * np.log10(max(float(np.sum((j.amplitude * gain) ** 2) * (c.t_ms[1] - c.t_ms[0])), 1e-300)))


@lru_cache(maxsize=256)
def beat_physiology(
    heart_rate_bpm: float,
    eroa_cm2: float,
    remodeling: str,
    sex: str,
    reference_eroa_cm2: float = 0.0,
    atrial: bool = True,
) -> BeatPhysiology:
    """The model's beat for the timeline (cached): valve times, S3/S4, heart-sound gains, the jet's murmur.

    ``reference_eroa_cm2`` is the EROA at which the murmur keeps its Levine
    grade's level (the severity's own); the level moves from there with the
    heard jet level.

    Examples
    --------
    >>> b = beat_physiology(75.0, 0.25, "none", "male", 0.25)
    >>> b.m1_ms < b.a2_ms < b.mitral_opening_ms < b.s3_ms, b.level_offset_db
    (True, 0.0)
    """
    c = simulate(heart_rate_bpm, eroa_cm2, remodeling=remodeling, sex=sex, atrial=atrial)
    return _physiology_of(c, reference_eroa_cm2)


@lru_cache(maxsize=64)
def transient_physiology(old: tuple, new: tuple, k: int, reference_eroa_cm2: float = 0.0) -> BeatPhysiology | None:
    """Beat ``k`` (0: the first) after a live change from heart ``old`` to ``new`` (see :func:`transient`).

    None once the new heart has settled (use :func:`beat_physiology`).

    Examples
    --------
    >>> old, new = (72.0, 0.25, "none", "male", 1.0, True), (110.0, 0.25, "none", "male", 1.0, True)
    >>> first = transient_physiology(old, new, 0, 0.25)
    >>> first.level_offset_db != 0.0, transient_physiology(old, new, 100, 0.25) is None
    (True, True)
    """
    beats = transient(old, new)
    if k >= len(beats):
        return None
    return _physiology_of(beats[k], reference_eroa_cm2, settled=False)


def _physiology_of(c: Cycle, reference_eroa_cm2: float, *, settled: bool = True) -> BeatPhysiology:
    """What the timeline takes from one model beat (steady, or one of a transient's when not ``settled``)."""
    heart_rate_bpm, eroa_cm2, remodeling, sex, atrial = c.heart_rate_bpm, c.eroa_cm2, c.remodeling, c.sex, c.atrial
    normal = simulate(heart_rate_bpm, 0.0, sex=sex)  # S1 and A2 loudness against a normal heart in sinus rhythm
    s1_gain = _dpdt_at(c, c.m1_ms) / _dpdt_at(normal, normal.m1_ms)
    a2_gain = float(np.interp(c.aortic_closure_ms, c.t_ms, c.p_ao_mmhg)) / float(
        np.interp(normal.aortic_closure_ms, normal.t_ms, normal.p_ao_mmhg)
    )
    s3 = _deceleration_after_peak(c, c.mitral_opening_ms, c.mitral_opening_ms + C.S3_SEARCH_MS)
    envelope: tuple[float, ...] = ()
    band = (0.0, 0.0)
    offset = 0.0
    if eroa_cm2 > 0:
        j = jet_sound(c)
        from_m1 = j.t_ms >= c.m1_ms - 1.0
        amp = np.interp(np.arange(c.m1_ms, c.mitral_opening_ms + C.JET_TAIL_MS, 1.0), j.t_ms, j.amplitude)
        envelope = tuple((amp / amp.max()).tolist())
        e = j.amplitude[from_m1] ** 2
        centre = float(np.sum(j.centre_hz[from_m1] * e) / np.sum(e))
        # On a 1/6-octave grid: the beats of one patient, whose rates differ
        # by a few bpm, share a band (and so one noise table).
        centre = 2.0 ** (round(C.JET_BAND_GRID_PER_OCT * math.log2(centre)) / C.JET_BAND_GRID_PER_OCT)
        half = 2.0 ** (C.JET_BAND_OCT / 2)
        band = (centre / half, centre * half)
        if reference_eroa_cm2 > 0 and (reference_eroa_cm2 != eroa_cm2 or not settled):
            ref = simulate(heart_rate_bpm, reference_eroa_cm2, remodeling=remodeling, sex=sex, atrial=atrial)
            offset = heard_jet_level_db(c) - heard_jet_level_db(ref)
    return BeatPhysiology(
        m1_ms=c.m1_ms, a2_ms=c.a2_ms, p2_ms=c.pulmonary_closure_ms, mitral_opening_ms=c.mitral_opening_ms, s3_ms=s3,
        s1_gain=s1_gain, a2_gain=a2_gain, envelope=envelope, band_hz=band, level_offset_db=offset,
    )


def circulation_beat(
    case: Case, rate_bpm: float, changed_from: Case | None = None, beats_since: int = 0
) -> BeatPhysiology:
    """The circulation model's beat at this beat's rate (whole bpm, cached): the adapter the timeline calls.

    See :func:`beat_physiology`.

    In AF the rate is that of the preceding RR (the beat's filling time) and
    the atria do not contract; beyond the model's 40-150 bpm the nearest end
    is taken. ``beats_since`` beats after a live change from
    ``changed_from``, the beat is the circulation's transient's. Raises
    ParameterError for a case the model does not cover (MVP, a mean rate
    outside 40-150 bpm).
    """
    _, eroa, remodeling, sex = case_model(case)
    lo, hi = C.HEMO_HR_RANGE_BPM
    atrial = case.rhythm == "sinus"
    # Whole bpm (sinus arrhythmia moves the rate by a few); in AF, whose beats
    # spread over tens of bpm, every AF_RATE_STEP_BPM (each rate is a steady state to compute).
    step = 1.0 if atrial else C.AF_RATE_STEP_BPM
    hr = float(min(max(step * round(rate_bpm / step), lo), hi))
    reference = C.MR_EROA_CM2[case.mr_severity] if case.finding == "mr" else 0.0
    if changed_from is not None and changed_from.model == "physiological":
        # A live change: the new heart starts where the old one's steady beat
        # (at its mean rate) ends, and settles over a few beats.
        old_hr, old_eroa, old_remodeling, old_sex = case_model(changed_from)
        old = (float(round(old_hr)), old_eroa, old_remodeling, old_sex, 1.0, changed_from.rhythm == "sinus")
        new = (float(round(case.heart_rate_bpm)), eroa, remodeling, sex, 1.0, atrial)
        if old != new:
            moving = transient_physiology(old, new, beats_since, reference)
            if moving is not None:
                return moving
    return beat_physiology(hr, eroa, remodeling, sex, reference, atrial=atrial)
