"""Mitral regurgitation: the holosystolic, high-pitched, blowing murmur at the apex, radiating to the axilla.

The leak runs from mitral closure while the ventricle's pressure is above the
atrium's: from S1 through A2. Its severity softens S1 (poor coaptation),
brings A2 early (the ventricle empties two ways), and in severe MR adds an S3
and a brief diastolic rumble (the regurgitant volume flowing back). Acute MR
into a small, stiff atrium gives an early decrescendo murmur ending before
S2. With the circulation model the murmur is the model's own regurgitant jet.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ... import clinical as C
from ...case import Case, FieldSpec
from ...errors import ParameterError
from ...finding import Finding, Leak, MurmurDescription, site_table
from ...presets import Preset
from ..events import MurmurSpan

if TYPE_CHECKING:
    from ..timeline import BeatDraft

__all__ = ["MitralRegurgitation", "patient_pressures", "patient_orifice", "RADIATION", "RUMBLE_RADIATION"]

#: Where the MR murmur is heard (``clinical.MR_RADIATION_DB``): loudest at the apex, carried to the left axilla.
RADIATION = site_table(**C.MR_RADIATION_DB)
#: Where severe MR's diastolic rumble is heard (``clinical.RUMBLE_RADIATION_DB``): at the apex only.
RUMBLE_RADIATION = site_table(**C.RUMBLE_RADIATION_DB)


class MitralRegurgitation(Finding):
    """Mitral regurgitation: chronic (mild, moderate, severe) or acute."""

    key = "mr"
    name = "mitral regurgitation"
    short = "MR"
    circulation = True
    parameters = (
        (
            "mr_severity",
            "moderate",
            FieldSpec("severity of mitral regurgitation", choices=("mild", "moderate", "severe"), kind=str),
        ),
        ("mr_acute", False, FieldSpec("acute MR: early decrescendo murmur ending before S2", kind=bool)),
        (
            "eroa_cm2",
            0.0,
            FieldSpec(
                "regurgitant orifice area for the physiological model (0: from the severity, mild 0.1, "
                "moderate 0.25, severe 0.45)",
                "cm^2",
                0,
                1,
            ),
        ),
    )
    about = (
        "Mitral regurgitation: the mitral valve does not seal, so during systole blood leaks back "
        "from the left ventricle into the left atrium. The ventricle is above atrial pressure for "
        "the whole of systole, so the leak, and its sound, lasts from S1 to just past A2."
    )
    patient = (
        "Mild MR often causes no symptoms; worse MR brings tiredness, breathlessness, cough and "
        "palpitations, and can lead to fluid on the lungs, an enlarged heart, heart failure and atrial "
        "fibrillation. It is usually found by its murmur and confirmed by echocardiography. Treatment "
        "ranges from follow-up and medicines for what makes it worse to valve repair or replacement, "
        "or a catheter-delivered clip."
    )
    quiz_answers = {
        "mr": "chronic mitral regurgitation (MR)",
        "mr-acute": "acute MR",
        "mr-af": "MR in atrial fibrillation",
    }

    def presets(self) -> list[Preset]:
        return [
            Preset(
                "mr-mild",
                Case(finding="mr", mr_severity="mild", grade=2),
                "Mild mitral regurgitation: soft (grade 2/6) high-pitched holosystolic murmur at the apex.",
            ),
            Preset(
                "mr-moderate",
                Case(finding="mr", mr_severity="moderate", grade=3),
                "Moderate MR: grade 3/6 blowing holosystolic plateau murmur from S1 through A2.",
            ),
            Preset(
                "mr-severe",
                Case(finding="mr", mr_severity="severe", grade=4, s3=True),
                "Severe MR: grade 4/6 holosystolic murmur, soft S1, wide S2 split, S3 and a short diastolic rumble.",
            ),
            Preset(
                "mr-acute",
                Case(
                    finding="mr",
                    mr_severity="severe",
                    mr_acute=True,
                    grade=3,
                    quality="harsh",
                    s3=True,
                    heart_rate_bpm=100.0,
                ),  # fmt: skip
                "Acute severe MR at 100 bpm: early decrescendo murmur that fades before S2, with an S3.",
            ),
            Preset(
                "mr-af",
                Case(finding="mr", mr_severity="severe", grade=4, s3=True, rhythm="af", heart_rate_bpm=90.0),
                "Severe MR in atrial fibrillation at about 90 bpm: irregular beats, varying S1, no S4.",
            ),
        ]

    def check(self, case: Case) -> None:
        if case.eroa_cm2 > 0 and case.model != "physiological":
            raise ParameterError(
                "eroa_cm2 sets the leak of the circulation model; add model 'physiological' (--model physiological).",
                param="eroa_cm2",
            )

    def describe(self, case: Case) -> str:
        acute = "acute " if case.mr_acute else ""
        return f"{acute}{case.mr_severity} {self.name}, murmur grade {case.grade}/6"

    def model_note(self, case: Case) -> str:
        return f", EROA {case.eroa_cm2:g} cm^2" if case.eroa_cm2 > 0 else ""

    def circulation_leak(self, case: Case) -> Leak:
        """The EROA (``eroa_cm2``, or the severity's ``clinical.MR_EROA_CM2``); acute MR's small, stiff chambers,
        chronic severe MR's dilated ones, normal chambers otherwise."""
        reference = C.MR_EROA_CM2[case.mr_severity]
        eroa = case.eroa_cm2 if case.eroa_cm2 > 0 else reference
        remodeling = "acute" if case.mr_acute else "chronic" if case.mr_severity == "severe" else "none"
        return Leak(eroa_cm2=eroa, remodeling=remodeling, reference_eroa_cm2=reference)

    # --- the beat -------------------------------------------------------------

    def s1_db(self, case: Case) -> float:
        return C.MR_S1_DB[case.mr_severity]

    def a2_early_ms(self, case: Case) -> float:
        return C.SEVERE_A2_EARLY_MS if case.mr_severity == "severe" else 0.0

    def add_to_beat(self, draft: BeatDraft) -> None:
        """A holosystolic plateau (or an acute decrescendo, or the model's jet), and in severe MR a rumble."""
        from ...units import ms_to_s  # numpy: only once a beat is built, so importing murmur stays light

        c, case = draft, draft.case
        level_db = c.level_db + C.MR_INSPIRATION_DB * c.drive
        band = C.MR_BAND_HZ[case.mr_severity]
        common: dict[str, Any] = dict(
            bulge=c.bulge, quality=case.quality, tone_hz=c.tone_hz, radiation=RADIATION, label=self.short
        )
        jet = c.model.circulation
        if jet is not None:
            # The regurgitant jet of the model: from M1 until after mitral
            # opening, its level moving with the leak from the grade's own.
            env = jet.envelope
            end = c.m1 + ms_to_s(len(env) - 1)
            level = level_db + jet.level_offset_db
            c.murmurs.append(MurmurSpan("murmur", c.m1, end, "flow", level, jet.band_hz, envelope=env, **common))
        elif case.mr_acute:
            end = c.m1 + C.ACUTE_END_FRACTION * (c.a2 - c.m1)
            c.murmurs.append(MurmurSpan("murmur", c.m1, end, "decrescendo", level_db, band, **common))
        else:
            end = c.a2 + ms_to_s(C.MR_TAIL_AFTER_A2_MS[case.mr_severity] + C.MR_RELEASE_MS)
            span = MurmurSpan(
                "murmur", c.m1, end, "pressure", level_db, band,
                a2_s=c.a2, pressures=patient_pressures(case), orifice=patient_orifice(case), **common,
            )  # fmt: skip
            c.murmurs.append(span)
        if case.mr_severity == "severe":
            start = c.a2 + ms_to_s(C.RUMBLE_AFTER_A2_MS)
            end = min(start + ms_to_s(C.RUMBLE_LENGTH_MS), c.q + c.rr)
            if end - start > 0.05:
                rumble = MurmurSpan(
                    "rumble", start, end, "decrescendo", level_db + C.RUMBLE_REL_DB, C.RUMBLE_BAND_HZ,
                    attack_ms=20.0, release_ms=40.0, radiation=RUMBLE_RADIATION, label="rumble",
                )  # fmt: skip
                c.murmurs.append(rumble)

    # --- teaching -------------------------------------------------------------

    def murmur_description(self, case: Case) -> MurmurDescription:
        grade = f"{case.grade}/6"
        # Pitch follows the quality: a blowing murmur is high; a harsh one lower and rough; a musical one a tone.
        pitch = "high" if case.quality == "blowing" else "medium"
        if case.mr_acute:
            return MurmurDescription("early-systolic", "decrescendo", pitch, case.quality, grade, "apex", "left axilla")
        return MurmurDescription("holosystolic", "plateau", pitch, case.quality, grade, "apex", "left axilla")

    def s1_note(self, case: Case) -> str:
        return "soft (severe MR)" if case.mr_severity == "severe" else "crisp"

    def listen_for(self, case: Case) -> list[str]:
        if case.mr_severity == "severe" and not case.mr_acute:
            return [
                "**Diastolic rumble**: a brief low rumble after S2 (a large volume flowing back into the ventricle)."
            ]
        return []

    def listen_where(self, case: Case) -> str:
        return "Listen with the diaphragm at the apex, then move towards the left axilla."

    def quiz_answer(self, case: Case) -> str:
        if case.mr_acute:
            return "mr-acute"
        return "mr-af" if case.rhythm == "af" else "mr"

    def quiz_notes(self, case: Case) -> list[str]:
        return ["S1 is soft"] if case.mr_severity == "severe" else []

    def quiz_rate_bpm(self, case: Case) -> tuple[float, float]:
        return C.QUIZ_RATE_BPM["acute" if case.mr_acute else case.rhythm]

    def quiz_grades(self, case: Case) -> tuple[int, int]:
        return C.QUIZ_GRADES["acute" if case.mr_acute else case.mr_severity]


def patient_pressures(case: Case) -> tuple[float, float, float]:
    """This patient's LV peak (fraction of systole), LV end-systolic and LA v-wave pressures, mmHg.

    Drawn once per case from its seed (``clinical.MR_LV_PEAK_FRACTION``,
    ``MR_LV_END_SYSTOLIC_MMHG``, ``MR_LA_V_WAVE_MMHG``): every beat of a
    patient shares them, and two seeds are two patients.

    Examples
    --------
    >>> peak, es, v = patient_pressures(Case(finding="mr", mr_severity="severe", seed=3))
    >>> 0.3 <= peak <= 0.5 and 90 <= es <= 110 and 15 <= v <= 28
    True
    """
    return _patient_pressures(case.seed, case.mr_severity)


@lru_cache(maxsize=64)
def _patient_pressures(seed: int, severity: str) -> tuple[float, float, float]:
    from ..streams import PATIENT_STREAM, beat_rng

    rng = beat_rng(seed, PATIENT_STREAM, 0)
    peak = rng.uniform(*C.MR_LV_PEAK_FRACTION)
    es = rng.uniform(*C.MR_LV_END_SYSTOLIC_MMHG)
    v = rng.uniform(*C.MR_LA_V_WAVE_MMHG[severity])
    return (float(peak), float(es), float(v))


def patient_orifice(case: Case) -> tuple[float, float]:
    """This patient's regurgitant-orifice dynamics ``(tilt, dip)`` (:func:`murmur.sound.envelopes.orifice_area`).

    Drawn once per case from its seed (``clinical.MR_ORIFICE_TILT``,
    ``MR_ORIFICE_DIP``): one patient's leak shrinks through systole, another's
    grows late, a third's sags mid-systole.

    Examples
    --------
    >>> tilt, dip = patient_orifice(Case(finding="mr", seed=3))
    >>> -0.4 <= tilt <= 0.7 and 0.0 <= dip <= 0.7
    True
    """
    return _patient_orifice(case.seed)


@lru_cache(maxsize=64)
def _patient_orifice(seed: int) -> tuple[float, float]:
    from ..streams import PATIENT_STREAM, beat_rng

    rng = beat_rng(seed, PATIENT_STREAM, 2)
    return (float(rng.uniform(*C.MR_ORIFICE_TILT)), float(rng.uniform(*C.MR_ORIFICE_DIP)))
