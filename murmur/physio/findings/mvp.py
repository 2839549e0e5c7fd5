"""Mitral valve prolapse: a mid-systolic click, then a late-systolic crescendo murmur to S2.

A leaflet bulges back into the atrium part-way through systole; the chordae
tensing make the click, the leak that follows the murmur. Whatever makes the
ventricle smaller (standing) brings the click earlier and the murmur longer;
squatting the reverse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import clinical as C
from ...case import Case
from ...finding import Finding, MurmurDescription, site_table
from ...presets import Preset
from ..events import Event, MurmurSpan

if TYPE_CHECKING:
    from ..timeline import BeatDraft

__all__ = ["MitralValveProlapse", "RADIATION"]

#: Where the MVP murmur is heard (``clinical.MVP_RADIATION_DB``): a mitral leak, loudest at the apex.
RADIATION = site_table(**C.MVP_RADIATION_DB)


class MitralValveProlapse(Finding):
    """Mitral valve prolapse: click and late-systolic murmur, moved by posture."""

    key = "mvp"
    name = "mitral valve prolapse"
    short = "MVP"
    reads = ("posture",)
    about = (
        "Mitral valve prolapse: a leaflet bulges back into the atrium part-way through systole. "
        "The sudden tensing of the chordae makes a click; the leak that follows makes a murmur "
        "that grows until S2."
    )
    quiz_answers = {"mvp": "mitral valve prolapse (MVP)"}

    def presets(self) -> list[Preset]:
        return [
            Preset(
                "mvp",
                Case(finding="mvp", grade=2),
                "Mitral valve prolapse: mid-systolic click, then a late-systolic crescendo murmur to S2.",
            )
        ]

    def describe(self, case: Case) -> str:
        posture = f", {case.posture}" if case.posture != "supine" else ""
        return f"{super().describe(case)}{posture}"

    def add_to_beat(self, draft: BeatDraft) -> None:
        """The click at about 0.55 of S1-A2 (posture moves it), then a crescendo murmur to just past A2."""
        from ...units import ms_to_s  # numpy: only once a beat is built, so importing murmur stays light

        c = draft
        shift_ms = C.POSTURE_CLICK_SHIFT_MS[c.case.posture]
        click = c.m1 + C.CLICK_FRACTION_OF_SYSTOLE * (c.a2 - c.m1) + ms_to_s(shift_ms)
        gap = ms_to_s(C.CLICK_MIN_GAP_MS)
        click = min(max(click, c.m1 + gap), c.a2 - gap)
        c.events.append(Event("click", click, c.jit_gain()))
        end = c.a2 + ms_to_s(C.MVP_TAIL_AFTER_A2_MS + C.MR_RELEASE_MS)
        start = click + ms_to_s(C.CLICK_LENGTH_MS / 2)
        span = MurmurSpan(
            "murmur", start, end, "crescendo", c.level_db, C.MR_BAND_HZ["mild"], attack_ms=10.0, bulge=c.bulge,
            quality=c.case.quality, tone_hz=c.tone_hz, radiation=RADIATION, label=self.short,
        )  # fmt: skip
        c.murmurs.append(span)

    def murmur_description(self, case: Case) -> MurmurDescription:
        pitch = "high" if case.quality == "blowing" else "medium"
        return MurmurDescription("late-systolic", "crescendo", pitch, case.quality, f"{case.grade}/6", "apex", None)

    def listen_for(self, case: Case) -> list[str]:
        return ["**Click**: a short high-pitched click in mid-systole; standing moves it earlier, squatting later."]

    def listen_where(self, case: Case) -> str:
        return "Listen with the diaphragm at the apex, then move towards the left axilla."

    def quiz_grades(self, case: Case) -> tuple[int, int]:
        return C.QUIZ_GRADES["mvp"]
