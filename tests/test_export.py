"""Export: WAV and label round trips, determinism, atomic writes, constant memory."""

import dataclasses
import io
import os
import wave

import numpy as np
import pytest
from measure import hour_export_in_a_child
from scipy.io import wavfile

from murmur import Case, ParameterError, build_timeline, export, get_preset, synthesize
from murmur.files.labels import parse_labels
from murmur.files.wav import WavWriter, to_pcm16


def test_wav_round_trip_equals_the_synthesized_signal(tmp_path):
    case = dataclasses.replace(get_preset("mr-mild").case, duration_s=5)
    res = export(case, tmp_path / "a.wav", title="murmur: mr-mild", comment="test")
    sr, data = wavfile.read(res.wav_path)
    y, _ = synthesize(case)
    assert sr == 44100 and data.dtype == np.int16 and len(data) == len(y)
    assert np.array_equal(data, to_pcm16(y))
    assert np.max(np.abs(data / 32767 - y)) <= 0.5 / 32767 + 1e-12
    with wave.open(str(res.wav_path)) as w:  # the stdlib reader agrees (and skips the LIST chunk)
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()) == (1, 2, 44100, len(y))
    raw = res.wav_path.read_bytes()
    assert b"INAM" in raw and b"murmur: mr-mild" in raw and b"ICMT" in raw


def test_float32_export(tmp_path):
    case = Case(duration_s=1, sr=8000)
    export(case, tmp_path / "f.wav", sample_format="float32")
    sr, data = wavfile.read(tmp_path / "f.wav")
    y, _ = synthesize(case)
    assert data.dtype == np.float32 and np.allclose(data, y, atol=1e-7)


def test_labels_round_trip_against_the_timeline(tmp_path):
    case = dataclasses.replace(get_preset("mr-severe").case, duration_s=6)
    res = export(case, tmp_path / "s.wav")
    labels = parse_labels(res.labels_path.read_text())
    tl = build_timeline(case)
    for kind in ("M1", "T1", "A2", "P2", "S3"):
        got = [lab.start_s for lab in labels if lab.text == kind]
        want = [e.time_s for e in tl.events(kind) if e.time_s < 6]
        assert got == pytest.approx(want, abs=1e-6) and got
    murmurs = [t for lab in labels if lab.text == "murmur" for t in (lab.start_s, lab.end_s)]
    want = [t for m in tl.murmurs("murmur") for t in (m.start_s, min(m.end_s, 6))]
    assert murmurs == pytest.approx(want, abs=1e-6)
    assert all(lab.start_s == lab.end_s for lab in labels if lab.text != "murmur" and lab.text != "rumble")
    assert [lab.start_s for lab in labels] == sorted(lab.start_s for lab in labels)


def test_same_case_same_bytes(tmp_path):
    case = dataclasses.replace(get_preset("mr-af").case, duration_s=4)
    export(case, tmp_path / "a.wav")
    export(case, tmp_path / "b.wav")
    assert (tmp_path / "a.wav").read_bytes() == (tmp_path / "b.wav").read_bytes()
    assert (tmp_path / "a.txt").read_bytes() == (tmp_path / "b.txt").read_bytes()
    export(dataclasses.replace(case, seed=9), tmp_path / "c.wav")
    assert (tmp_path / "a.wav").read_bytes() != (tmp_path / "c.wav").read_bytes()


def test_streamed_export_equals_in_memory_render_for_long_files(tmp_path):
    case = Case(finding="mr", duration_s=7.3, sr=8000)  # several 2 s blocks plus a partial one
    export(case, tmp_path / "x.wav")
    _, data = wavfile.read(tmp_path / "x.wav")
    assert np.array_equal(data, to_pcm16(synthesize(case)[0]))


def test_failed_export_leaves_nothing_behind(tmp_path, monkeypatch):
    def boom(self, y):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(WavWriter, "write", boom)
    with pytest.raises(OSError):
        export(Case(duration_s=3), tmp_path / "x.wav")
    assert os.listdir(tmp_path) == []


def test_existing_file_survives_a_failed_export(tmp_path, monkeypatch):
    (tmp_path / "x.wav").write_bytes(b"old")
    monkeypatch.setattr(WavWriter, "write", lambda self, y: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        export(Case(duration_s=3), tmp_path / "x.wav")
    assert (tmp_path / "x.wav").read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["x.wav"]


@pytest.mark.parametrize(
    ("path", "match"),
    [
        ("missing-folder/x.wav", "does not exist"),
        ("afile/x.wav", "afile' to be a folder, but it is a file"),
        ("", "output is empty"),
        ("x.wav/", "ends in a slash"),
        ("x" * 300 + ".wav", "longer than the"),
        ("x.mp3", "must be a .wav file name"),
    ],
)
def test_unwritable_paths_are_refused_before_any_work(tmp_path, path, match):
    (tmp_path / "afile").write_text("not a folder")
    with pytest.raises(ParameterError, match=match):
        export(Case(duration_s=1), os.path.join(tmp_path, path) if path else path)
    assert sorted(os.listdir(tmp_path)) == ["afile"]


def test_wav_writer_pads_odd_data_and_patches_sizes():
    buf = io.BytesIO()
    w = WavWriter(buf, 8000, sample_format="float32", title="t")
    w.write(np.array([0.25, -0.5, 1.0]))
    w.close()
    raw = buf.getvalue()
    assert int.from_bytes(raw[4:8], "little") == len(raw) - 8
    sr, data = wavfile.read(io.BytesIO(raw))
    assert data.tolist() == [0.25, -0.5, 1.0]


@pytest.mark.slow
def test_one_hour_export_runs_in_constant_memory(tmp_path):
    """A 1-hour 44.1 kHz export keeps peak memory (peak RSS) under 150 MB.

    The peak is the child's own ``VmHWM``: ``getrusage(...).ru_maxrss`` also
    counts the parent's resident set when the child is spawned by vfork
    (Linux keeps the pre-exec high-water mark), so under pytest it reported
    the test runner's memory, not the export's.
    """
    out = hour_export_in_a_child(tmp_path / "hour.wav")
    max_rss_mb, n = int(out[0]) / 1024, int(out[1])
    assert n == 3600 * 44100
    assert (tmp_path / "hour.wav").stat().st_size > 2 * n
    assert max_rss_mb < 150, f"peak memory {max_rss_mb:.0f} MB"


def test_label_file_states_how_the_sound_is_heard(tmp_path):
    case = Case(finding="mr", site="axilla", chest_piece="bell", speaker="laptop", background="noisy", duration_s=2)
    res = export(case, tmp_path / "h.wav")
    first = parse_labels(res.labels_path.read_text())[0]
    assert first.start_s == 0.0
    for words in ("left axilla", "bell", "laptop-speaker mode", "noisy background", "mitral regurgitation"):
        assert words in first.text
