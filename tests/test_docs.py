"""The code in docs/ runs: the finding of docs/adding-a-finding.md registers and sounds where it says."""

import re
from pathlib import Path

import pytest

from murmur import PRESETS, Case, build_timeline
from murmur.finding import unregister

DOC = Path(__file__).resolve().parents[1] / "docs" / "adding-a-finding.md"


@pytest.fixture
def stills():
    (code,) = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
    exec(compile(code, str(DOC), "exec"), {})
    yield
    unregister("stills")


def test_the_walk_through_finding_registers_and_builds_its_beats(stills):
    assert PRESETS["stills"].case.stills_tone_hz == 120.0
    tl = build_timeline(Case(finding="stills", posture="standing", stills_tone_hz=140, duration_s=2))
    for beat in tl.beats:
        (span,) = beat.murmurs
        m1, a2 = beat.event("M1").time_s, beat.event("A2").time_s
        assert span.start_s == pytest.approx(m1 + 0.15 * (a2 - m1))
        assert span.end_s == pytest.approx(m1 + 0.6 * (a2 - m1))
        assert span.band_hz == pytest.approx((112.0, 350.0)) and span.site_db("llsb") == 0.0
    supine = build_timeline(Case(finding="stills", stills_tone_hz=140, duration_s=2))
    assert supine.beats[0].murmurs[0].level_db - tl.beats[0].murmurs[0].level_db == pytest.approx(6.0)
