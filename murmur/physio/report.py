"""A case's circulation at its steady state as a report: labelled numbers, units and where each one falls.

What ``murmur info`` shows. The numbers are :func:`murmur.physio.circulation.summary`'s;
this module adds what they mean: the ASE class of the regurgitation numbers, and
for the others where they fall against the resting reference
(:data:`murmur.clinical.REST_RANGES`). A case the model does not cover is not an
error here: its report says why and gives the one number it can (the heart rate).

Examples
--------
>>> r = circulation_report("mr-moderate")
>>> r.rows[2]
Row(label='regurgitant volume', shown='43 mL/beat', note='moderate MR (30 to < 60 mL/beat)')
>>> r = circulation_report("mvp")
>>> r.rows, r.numbers["heart_rate_bpm"], r.numbers["regurgitant_volume_ml"]
((), 72.0, None)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import clinical as C
from ..case import Case
from ..errors import ParameterError
from ..presets import Preset, as_case
from .circulation import SUMMARY_KEYS, summary

__all__ = ["Row", "CirculationReport", "circulation_report"]

#: Each summary number shown: key, label, unit, display scale and format.
_ROWS = (
    ("heart_rate_bpm", "heart rate", "bpm", 1.0, "{:.0f}"),
    ("eroa_cm2", "EROA", "cm^2", 1.0, "{:.2f}"),
    ("regurgitant_volume_ml", "regurgitant volume", "mL/beat", 1.0, "{:.0f}"),
    ("regurgitant_fraction", "regurgitant fraction", "%", 100.0, "{:.0f}"),
    ("ejection_fraction", "ejection fraction (total)", "%", 100.0, "{:.0f}"),
    ("forward_cardiac_output_l_min", "forward cardiac output", "L/min", 1.0, "{:.1f}"),
    ("lv_systolic_mmhg", "LV systolic pressure", "mmHg", 1.0, "{:.0f}"),
    ("lv_end_diastolic_mmhg", "LV end-diastolic pressure", "mmHg", 1.0, "{:.0f}"),
    ("aortic_systolic_mmhg", "aortic systolic pressure", "mmHg", 1.0, "{:.0f}"),
    ("aortic_diastolic_mmhg", "aortic diastolic pressure", "mmHg", 1.0, "{:.0f}"),
    ("la_mean_mmhg", "LA mean pressure", "mmHg", 1.0, "{:.0f}"),
    ("la_v_wave_mmhg", "LA v wave", "mmHg", 1.0, "{:.0f}"),
    ("jet_velocity_m_s", "MR jet velocity (peak)", "m/s", 1.0, "{:.1f}"),
)

#: The regurgitation numbers classed by the ASE cut-points (Zoghbi 2017, in :mod:`murmur.clinical`).
_MR_CLASSES = {
    "eroa_cm2": C.MR_CLASS_EROA_CM2,
    "regurgitant_volume_ml": C.MR_CLASS_RVOL_ML,
    "regurgitant_fraction": C.MR_CLASS_RF,
}


@dataclass(frozen=True)
class Row:
    """One line of a report.

    Parameters
    ----------
    label : str
        What the number is ("LA v wave").
    shown : str
        The number with its unit as shown ("45 mmHg"); "-" when the case has none.
    note : str
        Where it falls ("above the resting 12-15 mmHg"); empty when there is nothing to say.
    """

    label: str
    shown: str
    note: str = ""


@dataclass(frozen=True)
class CirculationReport:
    """A case's circulation at the model's steady state.

    Parameters
    ----------
    heading : str
        One sentence above the rows: what they are, or why the model cannot tell this case.
    rows : tuple of Row
        The numbers, labelled; empty when the model does not cover the case.
    numbers : dict
        :data:`SUMMARY_KEYS` (JSON-ready; None where the model cannot tell), then
        ``not_modelled`` (why) when the model does not cover the case.
    """

    heading: str
    rows: tuple[Row, ...]
    numbers: dict[str, Any]


def _note(key: str, value: float, scale: float, unit: str, *, mr: bool) -> str:
    """Where a summary number falls: its ASE MR class (``mr``: the case has MR), or against the resting reference."""

    def num(x: float) -> str:
        return f"{x * scale:g}"

    bounds = _MR_CLASSES.get(key)
    if bounds is not None:
        if not mr:
            return "no MR"
        low, high = bounds
        if value < low:
            return f"mild MR (< {num(low)} {unit})"
        if value < high:
            return f"moderate MR ({num(low)} to < {num(high)} {unit})"
        return f"severe MR (>= {num(high)} {unit})"
    if key in C.REST_RANGES:
        low, high = C.REST_RANGES[key]
        where = "below" if value < low else "above" if value > high else "within"
        return f"{where} the resting {num(low)}-{num(high)} {unit}"
    return ""


def circulation_report(case: Case | Preset | str) -> CirculationReport:
    """The report of ``case`` (a Case, a Preset or a preset name).

    Raises
    ------
    ParameterError
        An unknown preset name. A valid case the model does not cover (mitral
        valve prolapse, a heart rate outside its range) is reported, not refused.
    """
    case = as_case(case)
    try:
        numbers = summary(case)
    except ParameterError as err:
        reason = str(err).rstrip(".")
        blank = {key: None for key in SUMMARY_KEYS} | {"heart_rate_bpm": case.heart_rate_bpm}
        return CirculationReport(
            heading=f"{reason}: it cannot tell this case's pressures, volumes or regurgitation.",
            rows=(),
            numbers=blank | {"not_modelled": reason},
        )
    rows = []
    for key, label, unit, scale, fmt in _ROWS:
        value = numbers[key]
        if value is None:
            rows.append(Row(label, "-", "no MR"))
            continue
        note = _note(key, value, scale, unit, mr=numbers["eroa_cm2"] > 0)
        rows.append(Row(label, f"{fmt.format(value * scale)} {unit}", note))
    rows.append(Row("MR severity (ASE 2017)", numbers["severity"], "the middle class of EROA, RVol and RF"))
    heading = "circulation model at its steady state (docs/circulation.md):"
    return CirculationReport(heading=heading, rows=tuple(rows), numbers=numbers)
