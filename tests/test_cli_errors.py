"""The CLI under abuse (issue 9): one line and the right exit code, no traceback, nothing half-written."""

import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.io import wavfile

from murmur import PRESETS, get_preset
from murmur.case import case_fields, field_spec
from murmur.cli import build_parser, main
from murmur.files.labels import parse_labels

QUICK = ["--duration-s", "1", "--sr", "8000"]


def ctrl_c_reaches_the_child() -> None:
    """Give the child the default SIGINT: a shell's background job starts with it ignored, as would the child."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def murmur_cmd(*argv, **kw):
    return subprocess.Popen([sys.executable, "-m", "murmur", *argv], preexec_fn=ctrl_c_reaches_the_child, **kw)


def cli(*argv):
    """Run main in-process; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


# --- work thrown away or files left behind (defects 4, 5, 7) ------------------------------------


def test_a_closed_stderr_drops_progress_and_finishes_the_file(tmp_path):
    p = murmur_cmd(
        "export",
        "normal",
        "--duration-s",
        "61",
        "--sr",
        "8000",
        "-o",
        "pp.wav",
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert p.stdout.readline().startswith(b"exporting pp.wav")
    p.stdout.close()  # as `2>&1 | head -1` does after the first progress line; "wrote ..." meets it too
    assert p.wait(60) == 0
    assert sorted(os.listdir(tmp_path)) == ["pp.txt", "pp.wav"]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGINT])
def test_stop_signals_remove_part_files_and_exit_128_plus_signal(tmp_path, sig):
    p = murmur_cmd(
        "export",
        "mr-severe",
        "--duration-s",
        "3600",
        "--sr",
        "8000",
        "-q",
        "-o",
        "x.wav",
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not any(".part" in n for n in os.listdir(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)  # well inside the render
    p.send_signal(sig)
    try:
        assert p.wait(30) == 128 + sig  # 130 for Ctrl-C's SIGINT
    finally:
        p.kill()  # never leave a 1-hour export running
        p.wait()
    assert os.listdir(tmp_path) == []
    name = signal.Signals(sig).name
    said = "interrupted." if sig == signal.SIGINT else f"stopped by {name}; nothing half-written was left."
    assert one_line(p.stderr.read()) == f"murmur: {said}"


def test_printing_never_fails_the_command(tmp_path):
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    p = subprocess.run(
        [sys.executable, "-m", "murmur", "export", "normal", *QUICK, "-o", "ü.wav"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0 and p.stderr == "" and "wrote \\xfc.wav" in p.stdout
    with open("/dev/full", "w") as full:
        p = subprocess.run(
            [sys.executable, "-m", "murmur", "export", "normal", *QUICK, "-o", "f.wav"],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert p.returncode == 0 and p.stderr == ""
    assert sorted(os.listdir(tmp_path)) == ["f.txt", "f.wav", "ü.txt", "ü.wav"]


def test_file_size_limit_is_refused_before_rendering(tmp_path):
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    p = subprocess.run(
        [sys.executable, "-m", "murmur", "export", "normal", "-o", "big.wav"],
        cwd=tmp_path,
        preexec_fn=limit,
        capture_output=True,
        text=True,
    )
    assert p.returncode == 1
    assert "'big.wav' would be 0.882 MB, over this shell's file-size limit of 0.1 MB" in one_line(p.stderr)
    assert os.listdir(tmp_path) == []


# --- messages (defects 6, 8-12, Also) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["export", "mr-mild", "--grade", "1" + "0" * 400], "--grade must be between 1 and 6; got 1000"),
        (["export", "mr-mild", "--sr", "1" + "0" * 400], "--sr must be between 8000 and 192000 (Hz); got 1000"),
        (["export", "mr-mild", "--seed", "1" + "0" * 400], "--seed must be between 0 and 4294967295; got 1000"),
        (["export", "mr-mild", "--grade", "nan"], "--grade must be a whole number between 1 and 6; got nan."),
        (["export", "mr-mild", "--sr", "1e308"], "--sr must be between 8000 and 192000 (Hz); got 1e308."),
        (["export", "normal", "--heart-rate-bpm", "12abc"], "--heart-rate-bpm must be a number between 30 and 220"),
        (["export", "normal", "--heart-rate-bpm", "-inf"], "(bpm); got -inf."),
        (["export", "normal", "--heart-rate-bpm", "--grade", "3"], "argument --heart-rate-bpm: expected one argument"),
        (["export", "normal", "--heart-rate-bpm", "500"], "--heart-rate-bpm must be between 30 and 220 (bpm); got 500"),
        (["export", "normal", "--heart-rate-bpm", "nan"], "--heart-rate-bpm must be a number between 30 and 220"),
        (["export", "normal", "--grade", "2"], "--grade changes only cases with finding 'mr' or 'mvp'"),
        (["export", "nosuch"], "unknown case 'nosuch'; run 'murmur cases' to list them"),
        (["export", "normal", "--rhythm", "vf"], "argument --rhythm: invalid choice: 'vf'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["export", "mr-mild", "--grade", "99999999999999999999999"], "got 99999999999999999999999."),
        (["export", "normal", "--duration-s", "1e308"], "--duration-s must be between 0.5 and 86400 (s); got 1e308."),
        (["export", "normal", "-o", ""], "--output is empty; give a file name ending in .wav."),
        (["export", "normal", "-o", "x.wav/"], "--output 'x.wav/' ends in a slash"),
        (["export", "normal", "-o", "x" * 300 + ".wav"], "is longer than the"),
        (["export", "normal", "--mr-severity", "mild"], "--mr-severity changes only cases with finding 'mr'"),
        (["export", "mr-mild", "--posture", "standing"], "--posture changes only cases with finding 'mvp'"),
        (["compare", *["normal"] * 7], "compare shows 1 to 6 cases; got 7."),
        (["compare", "normal", "normal", "--grade", "3"], "none of normal, normal has it"),
        (["show", "normal", "--save", "afile/x.png"], "--save 'afile/x.png' needs 'afile' to be a folder"),
        (["lecture", "normal", "-o", "afile/sub"], "--output 'afile/sub' needs 'afile' to be a folder"),
        (["samples", "-o", "afile"], "--output 'afile' is a file, not a folder"),
        (["demo", "--no-play", "-o", "afile"], "--output 'afile' is a file, not a folder"),
        (["export", "normal", "-o", "lab.wav"], "--output label file 'lab.txt' is a folder"),
        (["export", "normal", "-o", "notes.wav"], "--output would replace 'notes.txt', which murmur did not write"),
        # a 300-character folder name: the option, "folder name", the limit, and no parent folder left behind
        (["lecture", "normal", "-o", "y" * 300], "--output folder name 'yyyyyyyy"),
        (["samples", "-o", "new/" + "y" * 300], "--output folder name 'yyyyyyyy"),
        (["demo", "--no-play", "-o", "new/" + "y" * 300], "is longer than the"),
        (["export", "normal", "-o", "y" * 300 + "/x.wav"], "--output folder name 'yyyyyyyy"),
        (["show", "normal", "--save", ""], "--save is empty; give a file name ending in .png, .svg or .pdf."),
        (["show", "normal", "--save", "x.png/"], "--save 'x.png/' ends in a slash, so it names a folder"),
        (["compare", "normal", "--save", "y" * 300], "got no suffix in 'yyyyyyyy"),
        (["show", "normal", "--seconds-shown", "12abc", "--save", "x.png"], "(the length of the sound); got 12abc."),
        (["compare", "normal", "--seconds-shown", "1e400", "--save", "x.png"], "got 1e400."),
        (["show", "normal", "--seconds-shown", "1" + "0" * 400, "--save", "x.png"], "got 1000"),
    ],
)
def test_bad_input_is_one_line_with_the_option_and_exit_2(tmp_path, monkeypatch, argv, needle):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("x")
    (tmp_path / "lab.txt").mkdir()
    (tmp_path / "notes.txt").write_text("my notes")
    code, out, err = cli(*argv)
    line = one_line(err)
    assert code == 2 and line.startswith("murmur: error: ") and needle in line, line
    assert len(line) < 300 and "compare_figure" not in line and "does not exist" not in line
    assert "--file" not in line and "got inf" not in line  # no option murmur lacks; the number as typed
    assert sorted(os.listdir(tmp_path)) == ["afile", "lab.txt", "notes.txt"]


def test_a_read_only_place_names_the_option_and_path(tmp_path):
    if os.geteuid() == 0:
        target = "/proc/murmur-lecture"  # even root cannot create folders there
    else:
        (tmp_path / "ro").mkdir(mode=0o555)
        target = str(tmp_path / "ro" / "lec")
    code, _, err = cli("lecture", "normal", "-o", target)
    assert code == 2 and f"--output folder '{target}' cannot be created" in one_line(err)


def test_an_os_error_no_check_foresaw_names_the_file_and_no_made_up_option(tmp_path, monkeypatch):
    import errno

    from murmur.teach import lecture

    def fail(*a, **k):
        raise OSError(errno.EACCES, "Permission denied", "x/y.wav")

    monkeypatch.setattr(lecture, "write_lecture", fail)
    code, _, err = cli("lecture", "normal", "-o", str(tmp_path))
    assert code == 2
    assert one_line(err) == "murmur: error: file 'x/y.wav' cannot be written (Permission denied); choose another path."


def test_an_option_that_fits_some_of_several_cases_applies_to_those(tmp_path):
    code, _, err = cli("lecture", "normal", "mr-mild", "--grade", "5", *QUICK, "-o", str(tmp_path))
    assert code == 0, err
    assert "grade 5/6" in parse_labels((tmp_path / "mr-mild" / "mr-mild.txt").read_text())[0].text


def test_help_shows_whole_number_ranges():
    text = build_parser().commands["export"].format_help().replace("\n", " ")
    assert "0-4294967295" in " ".join(text.split()) and "e+09" not in text


# --- the property: exit 0 with a matching pair, or exit 2 with one line and no file --------------

_NUMBERS = {  # field -> (valid texts, invalid texts); valid durations and rates kept small for speed
    "heart_rate_bpm": (
        st.sampled_from(["30", "72", "150.5", "220", "1e2"]),
        ["0", "29.9", "221", "nan", "-inf", "12abc", "1e308", "", "1" + "0" * 400],
    ),
    "grade": (st.sampled_from(["1", "3", "6", "4.0"]), ["0", "7", "2.5", "nan", "-1", "1" * 30]),
    "duration_s": (st.sampled_from(["0.5", "1", "1.5"]), ["0.4", "86401", "inf", "1e308", "-0.5"]),
    "sr": (st.sampled_from(["8000", "11025"]), ["7999", "1e308", "8000.5", "192001", "x"]),
    "seed": (st.integers(0, 2**32 - 1).map(str), ["-1", str(2**32), "1" + "0" * 400, "0x10"]),
    "respiration_rate_per_min": (st.sampled_from(["6", "15", "40"]), ["5", "41", "nan"]),
    "eroa_cm2": (st.sampled_from(["0", "0.1", "0.45", "1"]), ["-0.1", "1.1", "nan", "x"]),
}


@st.composite
def _command(draw):
    # Half the commands are valid; the others have one kind of mistake (at least one instance of it).
    bad = draw(st.sampled_from([None] * 6 + ["name", "number", "choice", "unfit", "format", "path"]))
    name = "nosuch" if bad == "name" else draw(st.sampled_from(list(PRESETS)))
    argv, given = ["export", name], {}
    finding = get_preset(name).case.finding if name in PRESETS else "normal"
    for field, _default, spec in case_fields():
        fits = not spec.applies_to or finding in spec.applies_to
        if field not in ("duration_s", "sr") and (draw(st.integers(0, 3)) != 0 or not (fits or bad == "unfit")):
            continue
        opt = "--" + field.replace("_", "-")
        if spec.kind is bool:
            value = draw(st.booleans())
            argv.append(opt if value else "--no-" + opt[2:])
        elif spec.choices:
            value = draw(st.sampled_from([*spec.choices, *(["zzz"] if bad == "choice" else [])]))
            argv += [opt, value]
            finding = value if field == "finding" else finding
        else:
            good, wrong = _NUMBERS[field]
            ok = field in ("duration_s", "sr") or bad != "number" or draw(st.booleans())
            argv += [opt, value := draw(good) if ok else draw(st.sampled_from(wrong))]
        given[field] = value
    # make sure the mistake is there: one more option, wrong in the chosen way
    specs = {f: spec for f, _, spec in case_fields() if f not in given}
    extra = {
        "number": [f for f in specs if f in _NUMBERS],
        "choice": [f for f, spec in specs.items() if spec.choices],
        "unfit": [f for f, spec in specs.items() if spec.applies_to and finding not in spec.applies_to],
    }.get(bad)
    if extra:
        field = draw(st.sampled_from(extra))
        spec, opt = specs[field], "--" + field.replace("_", "-")
        if bad == "number":
            value = draw(st.sampled_from(_NUMBERS[field][1]))
        elif bad == "choice":
            value = "zzz"
        elif spec.kind is bool:  # an unfit flag (--mr-acute on normal)
            value = True
        else:
            value = draw(st.sampled_from(spec.choices) if spec.choices else _NUMBERS[field][0])
        argv += [opt] if value is True else [opt, value]
        given[field] = value
    sample_format = draw(st.sampled_from([None, "pcm16", "float32", *(["float64"] if bad == "format" else [])]))
    if sample_format is not None:
        argv += ["--sample-format", sample_format]  # never float64 (house style 7)
    out = {"ok": "o.wav", "": "", "slash": "o.wav/", "nofolder": "no/o.wav", "mp3": "o.mp3", "afile": "afile/o.wav"}
    where = draw(st.sampled_from(list(out)[1:])) if bad == "path" else "ok"
    argv += ["-o", out[where], "-q"]
    # the oracle, from what was drawn: every number in range, every choice known, options that fit the case
    # (read from the FieldSpecs), no S4 in AF, a known format and a writable .wav path
    valid = name in PRESETS and sample_format != "float64" and where == "ok"
    valid &= all(v != "zzz" for v in given.values())
    valid &= all(given[f] not in _NUMBERS[f][1] for f in given if f in _NUMBERS)
    if valid:
        case = get_preset(name).case
        finding, rhythm = given.get("finding", case.finding), given.get("rhythm", case.rhythm)
        s4 = given.get("s4", case.s4)
        valid &= all(not field_spec(f).applies_to or finding in field_spec(f).applies_to for f in given)
        valid &= not (s4 and rhythm == "af")
        # the circulation model: a leak only with it, and only at a mean rate of 40-150 bpm
        model, eroa = given.get("model", case.model), float(given.get("eroa_cm2", case.eroa_cm2))
        rate = float(given.get("heart_rate_bpm", case.heart_rate_bpm))
        valid &= not (eroa > 0 and model != "physiological")
        valid &= model != "physiological" or 40 <= rate <= 150
    return argv, valid


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_command())
def test_any_export_command_writes_a_matching_pair_or_one_line_and_nothing(command):
    argv, valid = command
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "afile").write_text("x")
        cwd = os.getcwd()
        os.chdir(d)
        try:
            code, out, err = cli(*argv)
        finally:
            os.chdir(cwd)
        written = sorted(os.listdir(d))
        if not valid:
            assert code == 2, (argv, err)
            assert one_line(err).startswith("murmur: error: ")
            assert written == ["afile"]
            return
        assert code == 0 and err == "", (argv, err)
        assert written == ["afile", "o.txt", "o.wav"]
        wav = (Path(d) / "o.wav").read_bytes()
        labels = parse_labels((Path(d) / "o.txt").read_text())
        sr, y = wavfile.read(Path(d) / "o.wav")
        assert y.dtype == ("float32" if "float32" in argv else "int16")
        duration_s = len(y) / sr
        assert sr == int(argv[argv.index("--sr") + 1])
        # the nearest whole sample, halves rounded up (0.5 s at 11025 Hz is 5513 samples)
        assert abs(len(y) - float(argv[argv.index("--duration-s") + 1]) * sr) <= 0.5
        heard = labels[0].text  # the pair belongs together: the WAV's comment carries the label heading
        assert heard.replace(" | ", "; ").encode() in wav[:4096]
        assert all(0 <= lab.start_s <= lab.end_s <= duration_s for lab in labels)
