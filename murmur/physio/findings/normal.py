"""A normal heart: S1 and S2 with the breathing-driven split, no murmur."""

from __future__ import annotations

from ...case import Case
from ...finding import Finding
from ...presets import Preset

__all__ = ["NormalHeart"]


class NormalHeart(Finding):
    """The normal heart: nothing added to S1 and S2; the reference every lesion is heard against."""

    key = "normal"
    name = "normal heart"
    short = "normal"
    has_murmur = False
    circulation = True
    about = (
        "A normal heart. Blood goes one way: left atrium, mitral valve, left ventricle, aorta. "
        "S1 is the closing of the mitral (M1) and tricuspid (T1) valves at the start of systole; "
        "S2 is the closing of the aortic (A2) and pulmonary (P2) valves at its end."
    )

    def presets(self) -> list[Preset]:
        return [
            Preset(
                "normal",
                Case(finding="normal"),
                "Normal heart at 72 bpm: S1, S2 with a physiological split on inspiration.",
            ),
            Preset(
                "normal-teaching-split",
                Case(finding="normal", split_mode="teaching", heart_rate_bpm=60.0),
                "Normal heart at 60 bpm with the exaggerated 60 ms inspiratory S2 split of teaching tapes.",
            ),
        ]
