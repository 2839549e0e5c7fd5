"""The command line: options mirror the Case, one-line errors, exit codes, nothing half-written."""

import dataclasses
import os
import re
import subprocess
import sys

import numpy as np
import pytest
from alsa_sink import align, has_sound_cards, no_device_env, read_capture, run_murmur, sink_env
from scipy.io import wavfile

from murmur import PRESETS, get_preset, synthesize
from murmur.case import case_fields
from murmur.cli import build_parser, main, option_name
from murmur.cli.sound import SAMPLES_DURATION_S
from murmur.files.wav import to_pcm16


def run(*argv, cwd=None):
    return subprocess.run([sys.executable, "-m", "murmur", *argv], capture_output=True, text=True, cwd=cwd)


def test_export_with_options_writes_the_case_it_was_asked_for(tmp_path):
    out = tmp_path / "x.wav"
    assert (
        main(
            [
                "export",
                "mr-mild",
                "-o",
                str(out),
                "--heart-rate-bpm",
                "90",
                "--grade",
                "3",
                "--seed",
                "5",
                "--duration-s",
                "3",
                "--sr",
                "22050",
                "-q",
            ]
        )
        == 0
    )
    sr, data = wavfile.read(out)
    case = dataclasses.replace(get_preset("mr-mild").case, heart_rate_bpm=90, grade=3, seed=5, duration_s=3, sr=22050)
    assert sr == 22050 and np.array_equal(data, to_pcm16(synthesize(case)[0]))
    assert (tmp_path / "x.txt").exists()


def test_unwritable_output_folder(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["export", "normal", "-o", str(blocker / "x.wav")]) == 2
    assert "but it is a file" in capsys.readouterr().err
    if os.geteuid() != 0:  # root writes anywhere; a read-only folder only stops others
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o555)
        assert main(["export", "normal", "-o", str(ro / "x.wav")]) == 2
        assert "not writable" in capsys.readouterr().err and os.listdir(ro) == []


def test_help_and_version_and_cases():
    assert run("--help").returncode == 0
    assert "murmur" in run("--version").stdout
    out = run("cases").stdout.splitlines()
    assert len(out) >= 8 and out[0].startswith("normal")


def test_long_export_shows_progress(tmp_path, capsys):
    assert main(["export", "normal", "-o", str(tmp_path / "long.wav"), "--duration-s", "120", "--sr", "8000"]) == 0
    out = capsys.readouterr()
    assert "100%" in out.err and "wrote" in out.out


def test_samples_writes_every_preset_and_the_comparison(tmp_path, monkeypatch):
    # determinism and the WAV format are tested on export itself (test_export), the figures in test_plots;
    # here: the set, and the right case (figures at a tenth of the resolution: 3 x faster, still real figures)
    import murmur.view.style

    monkeypatch.setattr(murmur.view.style, "DPI", 15)
    assert main(["samples", "-o", str(tmp_path), "-q"]) == 0
    want = {f"{name}{ext}" for name in PRESETS for ext in (".wav", ".txt", ".png")}
    want |= {f"mr-mild-clinic{ext}" for ext in (".wav", ".txt", ".png")}
    assert set(os.listdir(tmp_path)) == want | {"compare-normal-mild-severe.png"}
    assert "clinic background" in (tmp_path / "mr-mild-clinic.txt").read_text()
    _, data = wavfile.read(tmp_path / "mr-af.wav")
    y, _ = synthesize(dataclasses.replace(get_preset("mr-af").case, duration_s=SAMPLES_DURATION_S))
    assert np.array_equal(data, to_pcm16(y))


@pytest.mark.skipif(has_sound_cards(), reason="this machine has sound cards, so 'no device' cannot be staged")
def test_demo_without_audio_writes_files_and_says_where(tmp_path):
    p = run_murmur(no_device_env(tmp_path), "demo", "-o", str(tmp_path / "d"))
    assert p.returncode == 0, p.stderr
    assert str((tmp_path / "d").resolve()) in p.stdout
    assert "No sound played: no audio output device was found" in p.stdout
    assert {"normal.wav", "mr-mild.wav", "mr-severe.wav"} <= set(os.listdir(tmp_path / "d"))


def test_demo_with_audio_plays_normal_then_mild_then_severe(tmp_path):
    pytest.importorskip("sounddevice", reason="PortAudio is not installed")
    p = run_murmur(sink_env(tmp_path), "demo", "-o", str(tmp_path / "d"))
    assert p.returncode == 0, p.stderr
    order = [line.split()[3] for line in p.stdout.splitlines() if "now playing" in line]
    assert order == ["normal", "mr-mild", "mr-severe"]
    capture, rate, _ = read_capture(tmp_path)
    # each case is played whole: the capture starts with normal and holds all three
    y, _ = synthesize(get_preset("normal").case)
    heard = align(capture, y)
    assert np.max(np.abs(heard - y)) < 1e-7
    assert np.count_nonzero(capture) > 0.99 * 3 * len(y)


@pytest.mark.parametrize("command", ["export", "play", "show", "app", "compare", "lecture", "wiggers", "html"])
def test_every_case_field_is_an_option_of_every_rendering_command(command):
    options = set(re.findall(r"--[a-z0-9-]+", build_parser().commands[command].format_help()))
    assert {option_name(name) for name, _, _ in case_fields()} <= options


def _headless(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return dict(env, MPLBACKEND="Agg")


def test_show_without_a_display_writes_the_figure_and_says_where(tmp_path):
    p = subprocess.run(
        [sys.executable, "-m", "murmur", "show", "mr-severe", "--heart-rate-bpm", "90"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_headless(tmp_path),
    )
    assert p.returncode == 0, p.stderr
    out = tmp_path / "mr-severe.png"
    assert f"wrote {out.resolve()} (no display here" in p.stdout
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_show_and_compare_save_where_asked(tmp_path):
    # every format is tested on save_figure itself (test_plots); here: each command hands --save on
    assert main(["show", "mr-mild", "--save", str(tmp_path / "a.svg"), "--seconds-shown", "2"]) == 0
    assert main(["compare", "normal", "mr-severe", "--save", str(tmp_path / "b.pdf")]) == 0
    assert (tmp_path / "a.svg").read_bytes()[:5] == b"<?xml" and (tmp_path / "b.pdf").read_bytes()[:4] == b"%PDF"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.svg", "b.pdf"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["show", "mr-mild", "--save", "x.gif"], "--save file must end in .png, .svg or .pdf"),
        (["show", "mr-mild", "--save", "no/such/x.png"], "--save folder 'no/such' does not exist"),
        (["show", "mr-mild", "--save", "x.png", "--seconds-shown", "99"], "--seconds-shown must be between 0.1"),
        (["compare", "normal", "nosuch", "--save", "x.png"], "unknown case 'nosuch'"),
        (["export", "mr-mild", "--figure", "-o", "no/such/x.wav"], "--output folder 'no/such' does not exist"),
    ],
)
def test_figure_errors_are_one_line_exit_2_and_no_file(tmp_path, monkeypatch, capsys, args, needle):
    # in process (the subprocess path of one-line errors is tested in test_cli_errors)
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("murmur: error: ") and needle in err and len(err.splitlines()) == 1
    assert os.listdir(tmp_path) == []


def test_app_without_a_display_is_one_clear_line(tmp_path):
    p = subprocess.run(
        [sys.executable, "-m", "murmur", "app"], capture_output=True, text=True, cwd=tmp_path, env=_headless(tmp_path)
    )
    assert p.returncode == 1
    assert p.stderr == (
        "murmur: error: there is no display to open a window on (DISPLAY is not set); "
        "'murmur lecture' and 'murmur export --figure' write files instead.\n"
    )


def test_export_figure_writes_the_matching_png_beside_the_wav(tmp_path):
    out = tmp_path / "severe.wav"
    assert main(["export", "mr-severe", "--figure", "-q", "--duration-s", "3", "-o", str(out)]) == 0
    assert {p.name for p in tmp_path.iterdir()} == {"severe.wav", "severe.txt", "severe.png"}
    assert (tmp_path / "severe.png").read_bytes()[:4] == b"\x89PNG"
