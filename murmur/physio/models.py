"""The two models behind a beat, behind one adapter: what each says of a beat's valve times and loudness.

The timing model times a beat from published regressions; the circulation
model from its valves' pressure crossings. Both come as a :class:`ModelBeat`,
chosen once per beat from ``case.model``, so the beat loop
(:mod:`murmur.physio.timeline`) builds every beat the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import clinical as C
from ..case import FINDINGS, Case
from .circulation import BeatPhysiology, circulation_beat
from .intervals import qs2_ms

__all__ = ["ModelBeat", "timing_model_beat", "circulation_model_beat"]


@dataclass(frozen=True)
class ModelBeat:
    """What the chosen model says of one beat: its valve times (ms after Q) and heart-sound loudness.

    The one adapter between the two models and the beat loop: the timing
    model's regressions (:func:`timing_model_beat`) and the circulation
    model's valves (:func:`circulation_model_beat`) both come as this, so the
    loop builds every beat the same way.
    """

    #: Q to mitral closure (M1), ms.
    m1_ms: float
    #: Q to aortic closure (A2, before the breath's split), ms.
    a2_ms: float
    #: Pulmonary closure after aortic closure before the breath's split, ms (the model's right side).
    p2_after_a2_ms: float = 0.0
    #: How much earlier A2 comes than ``a2_ms`` says, ms (the finding's, timing model only).
    a2_early_ms: float = 0.0
    #: Q to S3, ms (the model's end of rapid filling); None: S3 at A2 + ``clinical.A2_TO_S3_MS``.
    s3_ms: float | None = None
    #: S1 and A2 loudness against a normal heart's (LV dP/dt at closure, aortic pressure).
    s1_gain: float = 1.0
    a2_gain: float = 1.0
    #: The circulation's beat, whose regurgitant jet a finding may sound; None with the timing model.
    circulation: BeatPhysiology | None = None


def timing_model_beat(case: Case, rate_bpm: float) -> ModelBeat:
    """The timing model's beat: M1 at Q + 50 ms, A2 at Weissler's QS2, the finding's own A2 advance.

    Examples
    --------
    >>> timing_model_beat(Case(heart_rate_bpm=60), 60.0).a2_ms
    420.0
    """
    a2_early_ms = FINDINGS[case.finding].a2_early_ms(case)
    return ModelBeat(m1_ms=C.Q_TO_M1_MS, a2_ms=qs2_ms(rate_bpm, sex=case.sex), a2_early_ms=a2_early_ms)


def circulation_model_beat(
    case: Case, rate_bpm: float, changed_from: Case | None = None, beats_since: int = 0
) -> ModelBeat:
    """The circulation model's beat: valve times from its pressure crossings, loudness from dP/dt and pressure.

    Its A2 already carries a leak's advance, so the finding adds none; P2 is
    the model's right side's own closure, which MR does not move.
    """
    ph = circulation_beat(case, rate_bpm, changed_from, beats_since)
    return ModelBeat(
        m1_ms=ph.m1_ms, a2_ms=ph.a2_ms, p2_after_a2_ms=ph.p2_ms - ph.a2_ms, s3_ms=ph.s3_ms,
        s1_gain=ph.s1_gain, a2_gain=ph.a2_gain, circulation=ph,
    )  # fmt: skip
