"""A case's heart in the circulation model, and its numbers: :func:`case_model`, :func:`summary`, the ASE class.

Examples
--------
>>> s = summary("mr-moderate")
>>> s["eroa_cm2"], s["severity"]
(0.25, 'moderate')
"""

from __future__ import annotations

from typing import Any

from ... import clinical as C
from ...case import Case, not_covered
from ...errors import ParameterError
from ...finding import get_finding
from ...presets import Preset, as_case
from .model import Heart, steady_beat

__all__ = ["case_model", "summary", "severity_class", "SUMMARY_KEYS"]

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

    Parameters
    ----------
    eroa_cm2 : float
        Effective regurgitant orifice area, cm^2.
    regurgitant_volume_ml : float
        Regurgitant volume, mL per beat.
    regurgitant_fraction : float
        RVol / (RVol + forward stroke volume), 0-1.

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


def case_model(case: Case | Preset | str) -> Heart:
    """The model's heart for a case, at the case's mean rate.

    The case's finding says its leak and chambers
    (:meth:`murmur.finding.Finding.circulation_leak`: MR its EROA, and acute
    or dilated chambers where it has them). In atrial fibrillation the atria do not contract
    (``atrial=False``); the afterload is the normal one.

    Parameters
    ----------
    case : Case, Preset or str
        The case, or a preset name.

    Returns
    -------
    Heart

    Raises
    ------
    ParameterError
        The model does not cover the case: mitral valve prolapse (its
        regurgitation is late-systolic, not a fixed orifice) or a heart rate
        outside ``clinical.HEMO_HR_RANGE_BPM``.

    Examples
    --------
    >>> case_model("mr-acute")
    Heart(heart_rate_bpm=100.0, eroa_cm2=0.45, remodeling='acute', sex='male', afterload=1.0, atrial=True)
    >>> case_model("mr-af").atrial
    False
    >>> case_model("mvp")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: the circulation model covers normal heart and mitral regurgitation only, not ...
    """
    case = as_case(case)
    finding = get_finding(case.finding)
    if not finding.circulation:
        raise ParameterError(f"{not_covered(case.finding)}.", param="finding")
    atrial = case.rhythm == "sinus"
    leak = finding.circulation_leak(case)
    eroa, remodeling = leak.eroa_cm2, leak.remodeling
    return Heart(heart_rate_bpm=case.heart_rate_bpm, eroa_cm2=eroa, remodeling=remodeling, sex=case.sex, atrial=atrial)


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
    heart = case_model(case)
    c = steady_beat(heart)
    out: dict[str, Any] = {k: getattr(c, k) for k in SUMMARY_KEYS[:-1]}
    out["severity"] = severity_class(heart.eroa_cm2, c.regurgitant_volume_ml, c.regurgitant_fraction)
    return out
