"""Loudness normalisation through the real CLI: what a lecturer is promised about the files written.

Every WAV is read back from disk and measured with the BS.1770-4 meter (itself tested against the
standard's references in test_loudness.py); the levels before normalisation come from
``murmur.synthesize``, the un-normalised render, not from the normalisation code.
"""

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest
from measure import hour_export_in_a_child
from scipy.io import wavfile

import murmur.view.plots
from murmur import get_preset, synthesize
from murmur.cli import main
from murmur.files.labels import parse_labels
from murmur.files.loudness import integrated_loudness
from murmur.files.safety import written_by_murmur

CEILING_DBFS = -1.0


def _read(path):
    """(loudness LUFS, peak dBFS) of a 16-bit WAV as written."""
    sr, x = wavfile.read(path)
    assert x.dtype == np.int16
    y = x / 32767.0
    return integrated_loudness(y, sr), 20 * math.log10(np.abs(y).max())


def _no_drawing(monkeypatch):
    """The figures are test_lecture's and test_plots' business; here only the sound and its texts (and 3 s less)."""

    def blank(case, path, **kw):
        Path(path).write_bytes(b"")
        return Path(path)

    monkeypatch.setattr(murmur.view.plots, "write_case_figure", blank)
    monkeypatch.setattr(murmur.view.plots, "write_wiggers_figure", blank)


def test_lecture_loudness_brings_the_loudest_file_to_the_target_and_keeps_every_difference(
    tmp_path, capsys, monkeypatch
):
    _no_drawing(monkeypatch)
    names = ("normal", "mr-mild", "mr-severe")
    out = tmp_path / "dir"
    argv = ["lecture", *names, "--loudness", "-20", "-o", str(out), "--duration-s", "4"]
    assert main(argv) == 0
    said = capsys.readouterr().out
    files = {(n, v): out / n / f"{n}{v}.wav" for n in names for v in ("", "-laptop")}
    written = {key: _read(path) for key, path in files.items()}
    before = {}
    for n, v in files:
        case = dataclasses.replace(get_preset(n).case, duration_s=4, speaker="laptop" if v else "headphones")
        y, _ = synthesize(case)
        before[n, v] = integrated_loudness(y, case.sr)
    loudest = max(written, key=lambda k: written[k][0])
    assert written[loudest][0] == pytest.approx(-20.0, abs=0.1)  # the acceptance line allows 0.5
    assert loudest == max(before, key=before.get)  # the same file is the loudest before and after
    gains = [written[k][0] - before[k] for k in files]
    assert max(gains) - min(gains) < 0.02  # one gain: every level difference kept (acceptance: 0.2 dB)
    assert all(peak <= CEILING_DBFS for _, peak in written.values())
    gain_db = float(np.mean(gains))
    shown = f"gain {gain_db:+.1f} dB"
    assert shown in said and "for 6 sounds" in said and f"{loudest[0]}/{loudest[0]}{loudest[1]}.wav" in said
    for (n, v), path in files.items():
        txt = path.with_suffix(".txt")
        head = parse_labels(txt.read_text())[0]
        assert (head.start_s, head.end_s) == (0.0, 0.0) and shown in head.text
        assert f"this sound {written[n, v][0]:.1f} LUFS" in head.text
        assert written_by_murmur(txt)  # a later bundle may still replace it
    for n in names:
        handout = (out / n / "README.md").read_text()
        section = handout.split("## Loudness", 1)[1]
        assert shown.replace("gain ", "") in section and "normal, mr-mild and mr-severe" in section
        for v in ("", "-laptop"):
            assert f"`{n}{v}.wav`: {written[n, v][0]:.1f} LUFS, peak {written[n, v][1]:.1f} dBFS" in section
        assert "not reached" not in section


def test_export_loudness_reaches_the_target_and_says_so(tmp_path, capsys):
    path = tmp_path / "mild.wav"
    # a target mr-mild reaches under the -1 dBFS ceiling (its S1 peak stops it at -24.1 LUFS)
    argv = ["export", "mr-mild", "--loudness", "-26", "--duration-s", "3", "--sr", "16000", "-o", str(path)]
    assert main(argv) == 0
    lufs, peak = _read(path)
    assert lufs == pytest.approx(-26.0, abs=0.1) and peak <= CEILING_DBFS
    said = capsys.readouterr().out
    assert "-26.0 LUFS" in said and "not reached" not in said
    head = parse_labels(path.with_suffix(".txt").read_text())[0].text
    y, _ = synthesize(dataclasses.replace(get_preset("mr-mild").case, duration_s=3, sr=16000))
    gain_db = -26.0 - integrated_loudness(y, 16000)
    assert f"gain {gain_db:+.1f} dB" in head and f"gain {gain_db:+.1f} dB" in said


def test_a_target_above_the_peak_ceiling_stops_at_it_and_says_so(tmp_path, capsys):
    path = tmp_path / "n.wav"
    assert main(["export", "normal", "--loudness", "-12", "--duration-s", "3", "--sr", "16000", "-o", str(path)]) == 0
    lufs, peak = _read(path)
    y, _ = synthesize(dataclasses.replace(get_preset("normal").case, duration_s=3, sr=16000))
    # heart sounds are peaky: the gain stops where the peak meets -1 dBFS, well short of -12 LUFS
    assert CEILING_DBFS - 0.01 <= peak <= CEILING_DBFS
    assert lufs == pytest.approx(integrated_loudness(y, 16000) + peak - 20 * math.log10(np.abs(y).max()), abs=0.05)
    assert lufs < -13
    said = capsys.readouterr().out
    assert "target -12 LUFS not reached (peak ceiling -1 dBFS)" in said
    assert "not reached" in parse_labels(path.with_suffix(".txt").read_text())[0].text


def test_a_bundle_the_ceiling_stops_short_says_so_in_the_handout(tmp_path, capsys, monkeypatch):
    _no_drawing(monkeypatch)
    argv = ["lecture", "normal", "--loudness", "-10", "-o", str(tmp_path), "--duration-s", "2", "--sr", "16000"]
    assert main(argv) == 0
    assert "target -10 LUFS not reached (peak ceiling -1 dBFS)" in capsys.readouterr().out
    assert "The target of -10 LUFS was not reached" in (tmp_path / "normal" / "README.md").read_text()
    peaks = [_read(tmp_path / "normal" / f"normal{v}.wav")[1] for v in ("", "-laptop")]
    assert max(peaks) == pytest.approx(CEILING_DBFS, abs=0.01) and max(peaks) <= CEILING_DBFS


@pytest.mark.parametrize("value", ["-5", "-41", "0", "loud", "nan", "-inf", "1e999", " "])
@pytest.mark.parametrize("command", ["export", "lecture"])
def test_a_bad_loudness_is_one_sentence_exit_2_and_nothing_written(tmp_path, capsys, command, value):
    out = tmp_path / ("x.wav" if command == "export" else "lec")
    assert main([command, "normal", f"--loudness={value}", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    shown = value.strip() or repr(value)
    assert err == [f"murmur: error: --loudness must be a number between -40 and -10 (LUFS); got {shown}."]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_one_hour_export_is_measured_and_normalised_in_constant_memory(tmp_path):
    """Both passes of ``--loudness`` (measure, then write) stream: peak RSS (the child's VmHWM) under 150 MB."""
    out = hour_export_in_a_child(tmp_path / "hour.wav", sr=8000, loudness_lufs=-26)
    max_rss_mb, n, written_lufs, reached_lufs = int(out[0]) / 1024, int(out[1]), float(out[2]), float(out[3])
    assert n == 3600 * 8000
    assert written_lufs == pytest.approx(reached_lufs, abs=0.01) and written_lufs == pytest.approx(-26, abs=0.1)
    assert max_rss_mb < 150, f"peak memory {max_rss_mb:.0f} MB"
