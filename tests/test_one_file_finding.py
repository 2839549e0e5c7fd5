"""The one-file proof: a finding defined here, in this module alone, reaches every surface.

A toy lesion (a short mid-systolic "whistle" loudest at the left lower
sternal border, with a parameter of its own that sets its band) is written as
a :class:`murmur.finding.Finding` in this file and registered; no other file
names it. It must then be listed by ``murmur cases``, take its parameter as a
flat option, export with its labels, sound louder where its radiation says,
show its span and band on the figure, appear in the handout and on the page
with its own "What to listen for", and be drawn and marked by the quiz.
"""

import numpy as np
import pytest

from murmur import Case, build_timeline
from murmur.case import FieldSpec
from murmur.cli import main
from murmur.files.labels import parse_labels
from murmur.finding import Finding, MurmurDescription, register, site_table, unregister
from murmur.physio import MurmurSpan
from murmur.presets import PRESETS, Preset
from murmur.sound import render_sources
from murmur.teach.quiz import Answer, draw_rounds, finding_names, mark
from murmur.teach.quizfeedback import feedback, listen_for

WHISTLE = "**Whistle**: a short toy whistle in mid-systole, loudest at the left lower sternal border."
ABOUT = "A toy lesion for the one-file proof: nothing in the package names it."
#: Where the whistle is heard, dB against the apex: loudest at the left lower sternal border.
RADIATION = site_table(apex=-6.0, axilla=-12.0, llsb=0.0, lusb=-3.0, rusb=-9.0)


class ToyWhistle(Finding):
    key = "toy"
    name = "toy whistle"
    short = "TW"
    parameters = (("toy_pitch_hz", 300.0, FieldSpec("centre of the toy whistle's band", "Hz", 150, 600)),)
    about = ABOUT
    quiz_answers = {"toy": "the toy whistle"}

    def presets(self):
        return [Preset("toy-whistle", Case(finding="toy", grade=3), "A toy whistle in mid-systole (a test's finding).")]

    def add_to_beat(self, draft):
        systole = draft.a2 - draft.m1
        pitch = draft.case.toy_pitch_hz
        span = MurmurSpan(
            "murmur", draft.m1 + 0.3 * systole, draft.m1 + 0.7 * systole, "diamond", draft.level_db,
            (pitch / 1.25, pitch * 1.25), radiation=RADIATION, label=self.short,
        )  # fmt: skip
        draft.murmurs.append(span)

    def murmur_description(self, case):
        grade = f"{case.grade}/6"
        where = "left lower sternal border"
        return MurmurDescription("mid-systolic", "diamond", "medium", case.quality, grade, where, None)

    def listen_for(self, case):
        return [WHISTLE]

    def listen_where(self, case):
        return "Listen at the left lower sternal border."

    def quiz_grades(self, case):
        return (2, 3)


@pytest.fixture(scope="module")
def toy():
    register(ToyWhistle())
    yield
    unregister("toy")
    assert "toy-whistle" not in PRESETS


def test_it_is_listed_and_takes_its_own_option(toy, capsys):
    assert main(["cases"]) == 0
    assert "toy-whistle" in capsys.readouterr().out
    assert Case(finding="toy", toy_pitch_hz=200).toy_pitch_hz == 200.0
    assert main(["export", "toy-whistle", "--toy-pitch-hz", "900", "-o", "x.wav"]) == 2  # its range, checked
    assert "toy_pitch_hz" in capsys.readouterr().err.replace("-", "_")
    assert main(["export", "mr-mild", "--toy-pitch-hz", "200", "-o", "x.wav"]) == 2  # not MR's option
    capsys.readouterr()


def test_its_span_sits_mid_systole_with_its_band_and_radiation(toy):
    tl = build_timeline(Case(finding="toy", toy_pitch_hz=400, duration_s=3))
    for beat in tl.beats:
        (span,) = beat.murmurs
        m1, a2 = beat.event("M1").time_s, beat.event("A2").time_s
        assert span.start_s == pytest.approx(m1 + 0.3 * (a2 - m1)) and span.end_s == pytest.approx(m1 + 0.7 * (a2 - m1))
        assert span.band_hz == pytest.approx((320.0, 500.0))
    # The renderer applies the span's own radiation: 6 dB louder at the left lower sternal border than at
    # the apex (the same noise: the sources' stream does not depend on the site).
    apex, llsb = (
        render_sources(Case(finding="toy", duration_s=2, sr=8000, site=site), {"murmur"}) for site in ("apex", "llsb")
    )
    level_db = 20 * np.log10(np.sqrt(np.mean(llsb**2)) / np.sqrt(np.mean(apex**2)))
    assert level_db == pytest.approx(6.0, abs=0.01)


def test_it_exports_with_labels_and_its_figure_shows_its_band(toy, tmp_path, capsys):
    wav = tmp_path / "toy.wav"
    assert main(["export", "toy-whistle", "--duration-s", "3", "--figure", "-q", "-o", str(wav)]) == 0
    labels = parse_labels(wav.with_suffix(".txt").read_text())
    assert labels[0].text.startswith("toy whistle, murmur grade 3/6")
    spans = [lab for lab in labels if lab.text == "murmur"]
    beats = build_timeline(Case(finding="toy", duration_s=3)).beats
    assert len(spans) == len(beats) and all(0.1 < lab.end_s - lab.start_s < 0.2 for lab in spans)
    assert wav.with_suffix(".png").read_bytes()[:4] == b"\x89PNG"

    from murmur.view import case_figure

    texts = [t.get_text() for ax in case_figure(Case(finding="toy", duration_s=3)).axes for t in ax.texts]
    assert any(t.startswith("TW ") and "240" in t and "375" in t for t in texts), texts


def test_handout_and_page_say_what_to_listen_for(toy, tmp_path):
    assert main(["lecture", "toy-whistle", "--duration-s", "3", "-o", str(tmp_path / "lec")]) == 0
    handout = (tmp_path / "lec" / "toy-whistle" / "README.md").read_text()
    assert ABOUT in handout and f"- {WHISTLE}" in handout
    assert "| mid-systolic | diamond | medium |" in handout and "Listen at the left lower sternal border." in handout
    page = tmp_path / "page.html"
    assert main(["html", "toy-whistle", "--duration-s", "2", "-o", str(page)]) == 0
    text = page.read_text()
    assert "<strong>Whistle</strong>: a short toy whistle in mid-systole" in text and ABOUT in text


def test_the_quiz_draws_it_and_marks_it(toy):
    (rnd,) = draw_rounds(1, seed=4, cases=["toy-whistle"], changes={"duration_s": 3.0})
    assert (rnd.finding, rnd.timing) == ("toy", "mid systolic") and rnd.grade in (2, 3)
    assert finding_names()["toy"] == "the toy whistle"
    assert mark(rnd, Answer("toy", "mid systolic", rnd.grade)).right
    assert feedback(rnd, Answer("mr", "mid systolic", rnd.grade))[0] == (
        "finding: wrong: you said chronic mitral regurgitation (MR); it is the toy whistle"
    )
    assert "loudest at the left lower sternal border" in listen_for(rnd)
