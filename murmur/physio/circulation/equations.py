"""The circulation model's equations: chamber activation, parameters, start state and one beat of RK4.

Seven volumes (mL) are the state: LV, LA, RV and the four Windkessel
compliances C_sa, C_sv, C_pa, C_pv. Each chamber is a time-varying elastance,
``P = E(t) (V - V0)``; each vessel bed a compliance, ``P = V / C``; the four
valves are ideal diodes with an open resistance; the regurgitant orifice
passes ``ORIFICE_K EROA dP / sqrt(|dP| + eps)`` both ways. The equations
are written out in ``docs/circulation.md``; every constant is in
:mod:`murmur.clinical` with its source. :mod:`.model` runs them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ... import clinical as C
from ..intervals import qs2_ms
from .heart import Heart

__all__ = ["BeatSetup", "activations", "chamber_parameters", "start_state", "run_beat"]


@lru_cache(maxsize=1)
def _hill_peak() -> float:
    """Peak of the unnormalised double-Hill curve over t / Tmax (a constant of the shape)."""
    (n1, n2), (f1, f2) = C.HILL_N, C.HILL_TAU_FRACTION
    x = np.linspace(1e-4, 3.0, 30000)
    g1, g2 = (x / f1) ** n1, (x / f2) ** n2
    return float(np.max(g1 / (1.0 + g1) / (1.0 + g2)))


def activations(hr: float, sex: str, n: int, atrial: bool = True) -> tuple[list[float], list[float]]:
    """LV/RV and LA activation (0-1) on the half-step grid of one beat, ``2 n + 1`` points from the Q.

    The ventricles follow a double-Hill curve [1]_ that starts an
    electromechanical delay after the Q and peaks at ``Tmax``, a fixed
    fraction of Weissler's QS2 less that delay [2]_; the LA a raised cosine
    that began in the last beat, P + 60 ms. Without ``atrial`` (atrial
    fibrillation) the LA does not contract.

    Parameters
    ----------
    hr : float
        Heart rate, bpm.
    sex : {'male', 'female'}
        Picks Weissler's QS2 regression.
    n : int
        Integration steps per beat.
    atrial : bool
        The atria contract (sinus rhythm).

    Returns
    -------
    lv, la : list of float
        Each ``2 n + 1`` values in 0-1 (plain floats, for the RK4 loop).

    References
    ----------
    .. [1] Stergiopulos N, Meister JJ, Westerhof N. Am J Physiol 270:H2050 (1996).
    .. [2] Weissler AM, Harris WS, Schoenfeld CD. Circulation 37:149 (1968).

    Examples
    --------
    >>> lv, la = activations(75.0, "male", 400)
    >>> round(max(lv), 3), round(max(la), 3), len(lv)
    (1.0, 1.0, 801)
    >>> max(activations(75.0, "male", 400, atrial=False)[1])
    0.0
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


def chamber_parameters(remodeling: str) -> dict[str, float]:
    """The LV and LA elastances and the pulmonary-venous bed of a remodeling state.

    Keys ``lv_emax``, ``lv_emin``, ``la_emin`` (mmHg/mL), ``lv_v0``,
    ``la_v0`` (mL), ``r_pvla`` (mmHg s/mL) and ``c_pv`` (mL/mmHg): the
    normal values, the dilated compliant chambers of chronic MR
    (``clinical.CHRONIC_LV``, ``CHRONIC_LA``) or the small stiff LA and
    pulmonary veins of acute MR (``clinical.ACUTE_*``).

    Examples
    --------
    >>> chamber_parameters("acute")["la_emin"] > chamber_parameters("none")["la_emin"]
    True
    """
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


def start_state(remodeling: str) -> list[float]:
    """Volumes (mL) of LV, LA, RV, C_sa, C_sv, C_pa, C_pv to start a heart from.

    The start pressures are read with the normal compliances, so that acute
    MR keeps the blood volume and chronic MR adds its
    ``clinical.CHRONIC_EXTRA_VOLUME_ML`` to the LV.

    Examples
    --------
    >>> round(sum(start_state("chronic")) - sum(start_state("none")))
    100
    """
    v_lv, v_la, v_rv = C.START_VOLUMES_ML
    p_sa, p_sv, p_pa, p_pv = C.START_PRESSURES_MMHG
    extra = C.CHRONIC_EXTRA_VOLUME_ML if remodeling == "chronic" else 0.0
    return [v_lv + extra, v_la, v_rv, p_sa * C.SYS_C_SA, p_sv * C.SYS_C_SV, p_pa * C.PUL_C_PA, p_pv * C.PUL_C_PV]


@dataclass(frozen=True)
class BeatSetup:
    """One heart at one rate, ready to integrate: elastances on the half-step grid and the step.

    ``heart`` is the heart set up; ``n`` steps of ``rr_ms / n`` tile the beat exactly; ``beat_args`` are
    :func:`run_beat`'s arguments after the state: the LV, RV and LA
    elastances (mmHg/mL, ``2 n + 1`` each), the step (s), the parameters
    (:func:`chamber_parameters` plus ``r_sys``) and the orifice's
    ``ORIFICE_K EROA`` (mL/s per sqrt(mmHg)).
    """

    heart: Heart
    n: int
    rr_ms: float
    beat_args: tuple[list[float], list[float], list[float], float, dict[str, float], float]

    @classmethod
    def of(cls, heart: Heart) -> BeatSetup:
        """The setup of a heart."""
        rr_ms = 60000.0 / heart.heart_rate_bpm
        n = max(1, round(rr_ms / C.HEMO_STEP_MS))  # steps that tile the beat exactly
        p = chamber_parameters(heart.remodeling)
        p["r_sys"] = C.SYS_R * heart.afterload
        act_lv, act_la = activations(heart.heart_rate_bpm, heart.sex, n, heart.atrial)
        e_lv = [p["lv_emin"] + (p["lv_emax"] - p["lv_emin"]) * x for x in act_lv]
        e_rv = [C.RV_EMIN_MMHG_ML + (C.RV_EMAX_MMHG_ML - C.RV_EMIN_MMHG_ML) * x for x in act_lv]
        e_la = [p["la_emin"] + C.LA_EACT_MMHG_ML * x for x in act_la]
        return cls(heart, n, rr_ms, (e_lv, e_rv, e_la, rr_ms / n / 1000.0, p, C.ORIFICE_K * heart.eroa_cm2))


def run_beat(y: list[float], e_lv: list[float], e_rv: list[float], e_la: list[float], h_s: float, p: dict,
             kr: float, record: list[list[float]] | None) -> list[float]:  # fmt: skip
    """One beat of fixed-step RK4 (plain floats: no BLAS, no numpy per step); returns the end state.

    ``y`` is the seven volumes (mL) at the beat's start; ``h_s`` the step, s.
    With ``record``, appends per step (state before the step, then the end)
    [P_lv, P_sa + Zc Q_ao, P_la, V_lv, Q_mitral, Q_regurgitant, Q_aortic,
    P_rv, P_pa] (mmHg, mL, mL/s).
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
