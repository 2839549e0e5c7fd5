"""The quiz: seeded rounds, answers marked through the real CLI, one-sentence input errors, the page in Chromium."""

import base64
import io
import json
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest
from alsa_sink import align, no_device_env, read_capture, sink_env

from murmur import PRESETS, clinical
from murmur.cli import main
from murmur.physio.timeline import build_timeline
from murmur.teach.handout import describe_murmur
from murmur.teach.quiz import TIMINGS, Answer, draw_rounds, finding_menu, finding_names, mark

#: Short, low-rate rounds: what the tests check does not need more.
SHORT = ["--duration-s", "3", "--sr", "8000"]
SHORT_CHANGES = {"duration_s": 3.0, "sr": 8000}
#: Every round has a murmur, so a grade one off counts.
MURMUR_CASES = ["mr-mild", "mvp", "mr-acute"]


def numbers(rnd, *, finding=None, grade_offset=0):
    """The menu numbers 'F T G' of the right answer to a round, with the finding or the grade changed."""
    f = finding_menu().index(finding or rnd.finding) + 1
    return f"{f} {TIMINGS.index(rnd.timing) + 1} {rnd.grade + grade_offset}"


def quiz(monkeypatch, capsys, answers, *argv, tty=False):
    """Run ``murmur quiz`` in-process with ``answers`` on stdin; returns (exit code, stdout, stderr)."""

    class Input(io.StringIO):
        def isatty(self):
            return tty

    monkeypatch.setattr(sys, "stdin", Input(answers))
    code = main(["quiz", "--no-play", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_right_wrong_and_one_off_grades_are_scored_through_the_cli(monkeypatch, capsys, tmp_path):
    rounds = draw_rounds(3, seed=4, cases=MURMUR_CASES, changes=SHORT_CHANGES)
    other = next(f for f in finding_menu() if f != rounds[1].finding)
    one_off = -1 if rounds[2].grade > 1 else 1
    answers = f"{numbers(rounds[0])}\n{numbers(rounds[1], finding=other)}\n{numbers(rounds[2], grade_offset=one_off)}\n"
    figures = tmp_path / "figs"
    code, out, err = quiz(
        monkeypatch, capsys, answers, "--rounds", "3", "--seed", "4", "--cases", *MURMUR_CASES, "--figures",
        str(figures), *SHORT,
    )  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert [ln for ln in lines if ln.startswith("score:")] == ["score: 2/3"]
    assert [ln.strip() for ln in lines if ln.strip().startswith("Round") and ln.strip().endswith(".")] == [
        "Round 1: right.",
        "Round 2: wrong.",
        "Round 3: right.",
    ]
    wrong = [ln.strip() for ln in lines if "finding: wrong" in ln]
    assert wrong == [f"finding: wrong: you said {finding_names()[other]}; it is {finding_names()[rounds[1].finding]}"]
    assert sum("within one counts" in ln for ln in lines) == 1
    assert lines[-1].startswith("weakest topic: finding (1 of 3 rounds wrong); hardest kind of case:")
    for rnd in rounds:  # each answer is followed by what it was and its figure
        assert f"It was {rnd.name}: {rnd.case.describe()}." in out
    pngs = sorted(p.name for p in figures.iterdir())
    assert pngs == ["round-01.png", "round-02.png", "round-03.png"]
    assert (figures / "round-01.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_acceptance_pipe_one_line_per_question_and_the_seed_handed_out(tmp_path):
    rounds = draw_rounds(3, seed=1)  # the command's own defaults
    # round 1 right on one line, round 2 right one number per line, round 3 wrong timing
    r3 = numbers(rounds[2]).split()
    r3[1] = str(TIMINGS.index("diastolic") + 1)
    answers = numbers(rounds[0]) + "\n" + "\n".join(numbers(rounds[1]).split()) + "\n" + " ".join(r3) + "\n"
    cmd = [sys.executable, "-m", "murmur", "quiz", "--rounds", "3", "--seed", "1", "--no-play"]
    p = subprocess.run(cmd, input=answers, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert p.returncode == 0, p.stderr
    assert re.findall(r"^score: .*$", p.stdout, flags=re.M) == ["score: 2/3"]
    assert "weakest topic: timing (1 of 3 rounds wrong)" in p.stdout
    assert p.stderr == ""


def test_same_seed_same_rounds_other_seed_other_rounds():
    a = draw_rounds(6, seed=7, changes=SHORT_CHANGES)
    b = draw_rounds(6, seed=7, changes=SHORT_CHANGES)
    c = draw_rounds(6, seed=8, changes=SHORT_CHANGES)
    assert [(r.name, r.case) for r in a] == [(r.name, r.case) for r in b]
    assert [(r.name, r.case) for r in a] != [(r.name, r.case) for r in c]
    # round k does not depend on how many rounds there are
    assert [r.case for r in draw_rounds(3, seed=7, changes=SHORT_CHANGES)] == [r.case for r in a[:3]]


def test_a_quiz_without_a_seed_says_it_and_that_seed_gives_it_again(monkeypatch, capsys):
    answers = "1 1 0\n" * 2
    code, first, _ = quiz(monkeypatch, capsys, answers, "--rounds", "2")
    seed = re.search(r"seed (\d+)", first).group(1)
    code2, again, _ = quiz(monkeypatch, capsys, answers, "--rounds", "2", "--seed", seed)
    assert code == code2 == 0
    assert first == again


def test_rounds_vary_within_clinical_ranges_and_visit_every_case():
    rounds = draw_rounds(48, seed=11, changes=SHORT_CHANGES)
    assert sorted({r.name for r in rounds[:8]}) == sorted(PRESETS)  # each pass visits every case once
    assert all(a.name != b.name for a, b in zip(rounds, rounds[1:], strict=False))
    for r in rounds:
        c = r.case
        rhythm = "acute" if c.mr_acute else c.rhythm
        low, high = clinical.QUIZ_RATE_BPM[rhythm]
        assert low <= c.heart_rate_bpm <= high
        if c.finding == "normal":
            assert r.grade == 0
        else:
            kind = "mvp" if c.finding == "mvp" else "acute" if c.mr_acute else c.mr_severity
            low_g, high_g = clinical.QUIZ_GRADES[kind]
            assert low_g <= r.grade == c.grade <= high_g
    same = [r for r in rounds if r.name == "mr-moderate"]
    assert len({r.case.seed for r in same}) == len(same)  # two rounds of one case are two patients


def test_every_rounds_timing_agrees_with_its_timeline():
    rounds = draw_rounds(40, seed=5, changes={"duration_s": 4.0, "sr": 8000})
    assert {r.timing for r in rounds} == {"none", "holosystolic", "early systolic", "late systolic"}
    for r in rounds:
        timeline = build_timeline(r.case)
        for beat in timeline.beats:
            m1, a2 = beat.event("M1").time_s, beat.event("A2").time_s
            systolic = [s for s in beat.murmurs if s.start_s < a2]
            if r.timing == "none":
                assert not beat.murmurs
                continue
            (span,) = systolic
            starts_ms, ends_ms = 1000 * (span.start_s - m1), 1000 * (span.end_s - a2)
            if r.timing == "holosystolic":
                assert abs(starts_ms) <= 10 and ends_ms >= 0
            elif r.timing == "early systolic":  # acute MR: gone well before A2
                assert abs(starts_ms) <= 10 and ends_ms <= -50
            else:  # MVP: from the click, past mid-systole, to A2
                assert r.timing == "late systolic" and beat.event("click").time_s < span.start_s
                assert starts_ms >= 0.4 * 1000 * (a2 - m1) and ends_ms >= 0
        handout = describe_murmur(r.case).timing  # the handout says the same
        assert (handout or "none").replace("-", " ") == r.timing


def test_marking_rule():
    (normal,) = draw_rounds(1, seed=2, cases=["normal"], changes=SHORT_CHANGES)
    (mild,) = draw_rounds(1, seed=2, cases=["mr-mild"], changes=dict(SHORT_CHANGES, duration_s=3.0))
    assert mark(normal, Answer("normal", "none", 0)).right
    assert not mark(normal, Answer("normal", "none", 1)).right  # a murmur heard where there is none
    g = mild.grade
    assert mark(mild, Answer("mr", "holosystolic", g + 1)).right
    assert not mark(mild, Answer("mr", "holosystolic", g + 2)).right
    assert not mark(mild, Answer("mr", "holosystolic", 0)).right  # the murmur missed
    assert not mark(mild, Answer("mr", "early systolic", g)).right


@pytest.mark.parametrize(
    "answers, needle",
    [
        ("x 2 3\n", "round 1: finding must be a number from 1 to 5 (the menu's numbers); got 'x'."),
        ("2 7 3\n", "round 1: timing must be a number from 1 to 6 (the menu's numbers); got '7'."),
        ("2 2 3\n1 2\n", "round 2: answer with three numbers 'F T G' on one line, or one number per line; got 2"),
        ("2 2 3\n", "the answers ended at round 2: give three numbers per round"),
        ("2 2 3\n1\n1\n", "the answers ended at round 2's grade:"),
    ],
)
def test_bad_input_from_a_pipe_is_one_sentence_and_exit_2(monkeypatch, capsys, answers, needle):
    code, out, err = quiz(monkeypatch, capsys, answers, "--rounds", "2", "--seed", "3", *SHORT)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("murmur: error: ") and needle in err
    assert "score:" not in out


def test_a_person_at_a_terminal_is_asked_again_once(monkeypatch, capsys):
    (rnd,) = draw_rounds(1, seed=3, changes=SHORT_CHANGES)
    code, out, err = quiz(monkeypatch, capsys, f"nine\n{numbers(rnd)}\n", "--rounds", "1", "--seed", "3", tty=True)
    assert code == 0 and "got 'nine'. Once more:" in out and "score: 1/1" in out
    code, out, err = quiz(monkeypatch, capsys, "nine\n7 1 0\n", "--rounds", "1", "--seed", "3", tty=True)
    assert code == 2 and "got '7'" in err and err.count("\n") == 1


def test_bad_options_are_one_sentence_and_exit_2(monkeypatch, capsys, tmp_path):
    for argv, needle in [
        (["--rounds", "0"], "--rounds must be a whole number from 1 to 50; got '0'."),
        (["--cases", "mr-mld"], "unknown case 'mr-mld'"),
        (["--duration-s", "40"], "--duration-s of a quiz round must be between 2 and 30 s; got 40."),
        (["--html", str(tmp_path / "q.html"), "--figures", str(tmp_path)], "--figures changes nothing with --html"),
        (["--html", str(tmp_path / "q.txt")], "--html"),
    ]:
        code, out, err = quiz(monkeypatch, capsys, "", *argv)
        assert code == 2 and needle in err and err.count("\n") == 1, (argv, err)
    assert list(tmp_path.iterdir()) == []


def test_without_audio_the_quiz_says_so_in_one_line_and_exits_3(tmp_path):
    cmd = [sys.executable, "-m", "murmur", "quiz", "--rounds", "1", *SHORT]
    p = subprocess.run(cmd, input="", capture_output=True, text=True, env=no_device_env(tmp_path), timeout=120)
    assert p.returncode == 3
    assert p.stderr.count("\n") == 1 and "--no-play" in p.stderr and "--html" in p.stderr
    assert p.stdout == ""


def test_each_round_is_played_then_replayed_after_the_answer(tmp_path):
    pytest.importorskip("sounddevice", reason="PortAudio is not installed")
    (rnd,) = draw_rounds(1, seed=6, changes={"duration_s": 2.0, "sr": 44100})
    cmd = [sys.executable, "-m", "murmur", "quiz", "--rounds", "1", "--seed", "6", "--duration-s", "2", "--sr", "44100"]
    p = subprocess.run(cmd, input=numbers(rnd) + "\n", capture_output=True, text=True, env=sink_env(tmp_path))
    assert p.returncode == 0, p.stderr
    assert "score: 1/1" in p.stdout and "Playing it again." in p.stdout
    capture, rate, _ = read_capture(tmp_path)
    from murmur import synthesize

    y, _ = synthesize(rnd.case)
    assert rate == rnd.case.sr
    assert np.max(np.abs(align(capture, y) - y)) < 1e-4  # the blinded case, sample for sample
    assert np.count_nonzero(capture) > 0.99 * 2 * len(y)  # and once more after the answer


def _unscramble(text, key):
    a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return "".join(a[(a.index(c) - key[i % len(key)]) % 64] if c in a else c for i, c in enumerate(text))


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """A 3-round quiz page (the rounds, the file)."""
    folder = tmp_path_factory.mktemp("page")
    path = folder / "quiz.html"
    assert main(["quiz", "--rounds", "3", "--seed", "4", "--cases", *MURMUR_CASES, *SHORT, "--html", str(path)]) == 0
    return draw_rounds(3, seed=4, cases=MURMUR_CASES, changes=SHORT_CHANGES), path


def test_the_quiz_page_is_one_file_with_a_sound_per_round_and_answers_hidden(page):
    rounds, path = page
    assert [p.name for p in path.parent.iterdir()] == ["quiz.html"]
    text = path.read_text()
    assert "http://" not in text and "https://" not in text
    assert text.count("<audio") == 3 and text.count('src="data:audio/wav;base64,') == 3
    readable = re.sub(r'data-(a|fig)="[^"]*"|"data:[^"]*"', "", text)  # the encoded blobs are not text
    for rnd in rounds:  # neither the case nor what it is can be read in the source
        for secret in (rnd.name, rnd.case.describe(), "It was", "Listen for"):
            assert secret not in readable
    # ... but the page carries them, encoded
    coded = re.findall(r'data-a="([^"]+)"', text)
    key = json.loads(re.search(r'data-k="([^"]+)"', text).group(1).replace("&quot;", '"'))
    assert all(1 <= k <= 63 for k in key)  # no character left in place (a shift of 0 or 64)
    first = json.loads(base64.b64decode(_unscramble(coded[0], key)))
    assert (first["f"], first["t"], first["g"]) == (
        finding_menu().index(rounds[0].finding) + 1,
        TIMINGS.index(rounds[0].timing) + 1,
        rounds[0].grade,
    )


_CHECK_SCRIPT = """
const pick = (sec, name, v) => sec.querySelector(`input[name=${name}][value="${v}"]`).click();
const secs = [...document.querySelectorAll("section[data-n]")];
ANSWERS.forEach((a, i) => { pick(secs[i], "f", a[0]); pick(secs[i], "t", a[1]); pick(secs[i], "g", a[2]); });
secs[0].querySelector("button").click();  // submitted: marked, the rest waits
const early = document.getElementById("score").textContent;
secs.slice(1).forEach(s => s.querySelector("button").click());
const loaded = el => new Promise(ok => el.complete || el.readyState >= 1 ? ok() : el.onload = el.onloadedmetadata = ok);
Promise.all([...document.querySelectorAll("img, audio")].map(loaded)).then(() => {
  const out = document.createElement("pre"); out.id = "result";
  out.textContent = JSON.stringify({
    early, score: document.getElementById("score").textContent, weakest: document.getElementById("weakest").textContent,
    marks: secs.map(s => [...s.querySelectorAll(".marks li")].map(li => li.className + " " + li.textContent)),
    hidden: secs.map(s => s.querySelector(".reveal").hidden),
    figures: secs.map(s => s.querySelector("img").naturalWidth),
    durations: [...document.querySelectorAll("audio")].map(a => a.duration),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  });
  document.body.append(out);
});
"""


def test_the_quiz_page_marks_answers_in_chromium(page, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    rounds, path = page
    other = next(f for f in finding_menu() if f != rounds[1].finding)
    one_off = -1 if rounds[2].grade > 1 else 1
    answers = [numbers(rounds[0]), numbers(rounds[1], finding=other), numbers(rounds[2], grade_offset=one_off)]
    script = _CHECK_SCRIPT.replace("ANSWERS", json.dumps([[int(x) for x in a.split()] for a in answers]))
    test_page = tmp_path / "check.html"
    test_page.write_text(path.read_text().replace("</body>", f"<script>{script}</script></body>"))
    p = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=390,900", "--enable-logging=stderr",
         "--v=0", "--virtual-time-budget=10000", "--dump-dom", test_page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr[-2000:]
    assert not [ln for ln in p.stderr.splitlines() if "CONSOLE" in ln], p.stderr  # no errors, no warnings
    result = json.loads(re.search(r'<pre id="result">(.*?)</pre>', p.stdout, flags=re.S).group(1))
    assert result["early"] == "Checked 1 of 3; right so far: 1."
    assert result["score"] == "score: 2/3"
    assert result["weakest"].startswith("weakest topic: finding (1 of 3 rounds wrong); hardest kind of case:")
    assert [m[0].split()[0] for m in result["marks"]] == ["right", "wrong", "right"]  # the finding lines
    assert "within one counts" in result["marks"][2][2]
    assert result["hidden"] == [False, False, False]
    assert all(w > 600 for w in result["figures"])  # every figure decoded and shown
    assert result["durations"] == [3, 3, 3]  # every sound decodes, at its length
    assert result["overflow"] <= 0  # nothing wider than a phone
