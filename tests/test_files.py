"""File safety and the WAV container: paths checked first, sets renamed together, RF64 past 4 GiB, the Python API."""

import dataclasses
import errno
import io
import os
import struct
import threading

import numpy as np
import pytest
from scipy.io import wavfile

import murmur
from murmur import Case, OutputError, ParameterError, export, get_preset
from murmur.files import safety as files_mod
from murmur.files import wav as wav_mod
from murmur.files.safety import atomic_paths, check_replaceable, make_folder, write_error, written_by_murmur
from murmur.files.wav import WavWriter, needs_rf64, wav_file_bytes

SHORT = Case(duration_s=1, sr=8000)


# --- RF64 (defect 3) -------------------------------------------------------------------------


def _chunks(raw: bytes) -> dict[bytes, tuple[int, int]]:
    """Chunk id -> (offset of its body, its 32-bit size), top level."""
    out, at = {}, 12
    while at + 8 <= len(raw):
        cid, size = raw[at : at + 4], struct.unpack("<I", raw[at + 4 : at + 8])[0]
        out[cid] = (at + 8, size)
        if size == 0xFFFFFFFF:  # RF64 data: the rest of the file
            break
        at += 8 + size + size % 2
    return out


@pytest.mark.parametrize("sample_format", ["pcm16", "float32"])
def test_rf64_header_follows_ebu_3306(sample_format):
    buf = io.BytesIO()
    w = WavWriter(buf, 8000, sample_format=sample_format, title="t", rf64=True)
    w.write(np.array([0.25, -0.5, 1.0]))
    w.close()
    raw = buf.getvalue()
    assert raw[:4] == b"RF64" and struct.unpack("<I", raw[4:8])[0] == 0xFFFFFFFF and raw[8:12] == b"WAVE"
    chunks = _chunks(raw)
    assert list(chunks)[0] == b"ds64" and chunks[b"ds64"][1] == 28
    at = chunks[b"ds64"][0]
    riff, data, count, table = struct.unpack("<QQQI", raw[at : at + 28])
    width = 2 if sample_format == "pcm16" else 4
    assert (riff, data, count, table) == (len(raw) - 8, 3 * width, 3, 0)
    assert chunks[b"data"][1] == 0xFFFFFFFF
    if sample_format == "float32":
        fact = chunks[b"fact"][0]
        assert struct.unpack("<I", raw[fact : fact + 4])[0] == 0xFFFFFFFF
    sr, y = wavfile.read(io.BytesIO(raw))  # a real RF64 reader agrees
    assert sr == 8000 and len(y) == 3


def test_size_prediction_is_exact_and_rf64_starts_past_4_gib():
    for fmt in ("pcm16", "float32"):
        buf = io.BytesIO()
        w = WavWriter(buf, 8000, sample_format=fmt, title="a", comment="bc")
        w.write(np.zeros(12345))
        w.close()
        assert wav_file_bytes(12345, 8000, sample_format=fmt, title="a", comment="bc") == len(buf.getvalue())
    header = wav_file_bytes(0, 44100)
    last_riff = (0xFFFFFFFF + 8 - header) // 2  # 16-bit frames that still fit
    assert not needs_rf64(last_riff, 44100) and needs_rf64(last_riff + 1, 44100)
    assert wav_file_bytes(last_riff + 1, 44100) - wav_file_bytes(last_riff, 44100) == 2 + 36  # + ds64
    assert needs_rf64(5600 * 192000, 192000, sample_format="float32")  # the file


def test_riff_writer_refuses_to_close_a_file_it_cannot_describe(monkeypatch):
    monkeypatch.setattr(wav_mod, "RIFF_MAX_BYTES", 100)
    w = WavWriter(io.BytesIO(), 8000)
    w.write(np.zeros(100))
    with pytest.raises(ParameterError, match="over the 4 GiB a RIFF WAV holds"):
        w.close()


def test_export_past_the_riff_limit_writes_rf64_with_the_same_samples(tmp_path, monkeypatch):
    plain = export(SHORT, tmp_path / "riff.wav")
    monkeypatch.setattr(wav_mod, "RIFF_MAX_BYTES", 1000)  # a 4 GiB file without writing one
    big = export(SHORT, tmp_path / "rf64.wav")
    assert big.rf64 and not plain.rf64
    assert (tmp_path / "rf64.wav").read_bytes()[:4] == b"RF64"
    assert np.array_equal(wavfile.read(tmp_path / "rf64.wav")[1], wavfile.read(tmp_path / "riff.wav")[1])


def test_cli_refuses_a_file_the_disk_cannot_hold_before_rendering(tmp_path, monkeypatch, capsys):
    from collections import namedtuple

    from murmur.cli import main

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(files_mod.shutil, "disk_usage", lambda p: usage(10**12, 0, 10**9))
    monkeypatch.setattr(murmur.sound.render.Renderer, "render", lambda *a: pytest.fail("rendered before the check"))
    argv = ["export", "normal", "--duration-s", "5600", "--sr", "192000", "--sample-format", "float32"]
    assert main([*argv, "--background", "none", "-o", str(tmp_path / "big.wav")]) == 1
    err = capsys.readouterr().err
    assert "would be 4.3 GB, but its disk has 1 GB free" in err and len(err.splitlines()) == 1
    assert os.listdir(tmp_path) == []


# --- paths, errors, replacement (defects 6, 9, 12; Also) ----------------------------------------


def test_every_output_path_is_checked_before_rendering(tmp_path, monkeypatch):
    (tmp_path / "lab.txt").mkdir()
    monkeypatch.setattr(murmur.sound.render.Renderer, "render", lambda *a: pytest.fail("rendered before the check"))
    with pytest.raises(ParameterError, match="label file '.*lab.txt' is a folder"):
        export(SHORT, tmp_path / "lab.wav")
    (tmp_path / "fig.png").mkdir()
    with pytest.raises(ParameterError, match="figure '.*fig.png' is a folder"):
        export(SHORT, tmp_path / "fig.wav", figure=lambda c, p: None)
    assert sorted(os.listdir(tmp_path)) == ["fig.png", "lab.txt"]


def test_files_murmur_did_not_write_are_kept_unless_forced(tmp_path):
    (tmp_path / "notes.txt").write_text("my notes")
    with pytest.raises(ParameterError, match="would replace '.*notes.txt', which murmur did not write"):
        export(SHORT, tmp_path / "notes.wav")
    assert (tmp_path / "notes.txt").read_text() == "my notes" and not (tmp_path / "notes.wav").exists()
    export(SHORT, tmp_path / "notes.wav", force=True)
    assert written_by_murmur(tmp_path / "notes.txt") and written_by_murmur(tmp_path / "notes.wav")
    export(dataclasses.replace(SHORT, seed=3), tmp_path / "notes.wav")  # murmur's own files are replaced
    (tmp_path / "user.png").write_bytes(b"\x89PNG\r\n\x1a\n user's figure")
    with pytest.raises(ParameterError, match="which murmur did not write"):
        check_replaceable(tmp_path / "user.png")


def test_labels_and_figure_of_an_earlier_export_do_not_stay_beside_a_new_wav(tmp_path):
    """Defect 1's rule without a race: --no-labels (or no --figure) must not leave the old export's files beside."""

    def draw(case, png):
        png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"tEXtSoftware\x00murmur")

    export(SHORT, tmp_path / "st.wav", figure=draw)
    assert sorted(os.listdir(tmp_path)) == ["st.png", "st.txt", "st.wav"]
    export(dataclasses.replace(SHORT, seed=5), tmp_path / "st.wav", labels=False)
    assert os.listdir(tmp_path) == ["st.wav"]  # the old labels and figure described another sound
    (tmp_path / "st.txt").write_text("my notes")  # a user's file is never removed
    export(SHORT, tmp_path / "st.wav", labels=False)
    assert sorted(os.listdir(tmp_path)) == ["st.txt", "st.wav"] and (tmp_path / "st.txt").read_text() == "my notes"


def test_a_file_appearing_during_the_render_is_not_replaced(tmp_path):
    """The replacement check is made again under the lock, just before the renames."""

    def draw(case, png):
        (tmp_path / "late.txt").write_text("written meanwhile")
        png.write_bytes(b"")

    with pytest.raises(ParameterError, match="which murmur did not write"):
        export(SHORT, tmp_path / "late.wav", figure=draw)
    assert sorted(os.listdir(tmp_path)) == ["late.txt"]


@pytest.mark.parametrize(
    ("err", "kind", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), OutputError, "the disk is full"),
        (OSError(errno.EFBIG, "File too large"), OutputError, "file-size limit"),
        (OSError(errno.EROFS, "Read-only file system"), ParameterError, "cannot be written"),
    ],
)
def test_write_errors_name_the_option_the_path_and_the_fix(tmp_path, monkeypatch, err, kind, words):
    monkeypatch.setattr(WavWriter, "write", lambda self, y: (_ for _ in ()).throw(err))
    with pytest.raises(kind, match=words) as info:
        export(SHORT, tmp_path / "x.wav")
    assert str(info.value).startswith(f"output '{tmp_path / 'x.wav'}'") and info.value.param == "output"
    assert os.listdir(tmp_path) == []
    assert isinstance(write_error(err, "x"), OSError if kind is OutputError else ValueError)


def test_make_folder_names_the_option_and_the_blocking_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    for path in (tmp_path / "afile", tmp_path / "afile" / "sub"):
        with pytest.raises(ParameterError, match="afile.* is a file|but it is a file") as info:
            make_folder(path, param="output")
        assert info.value.param == "output"
    if os.geteuid() != 0:
        with pytest.raises(ParameterError, match="cannot be created"):
            make_folder("/proc/murmur-lecture")


def test_atomic_paths_leave_nothing_on_interrupt(tmp_path):
    with pytest.raises(KeyboardInterrupt), atomic_paths(tmp_path / "a.wav", tmp_path / "a.txt") as temps:
        assert all(t.name.startswith(".a.") and ".part" in t.name for t in temps)
        raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []


def test_renames_wait_for_the_other_writer(tmp_path, monkeypatch):
    """Defect 1, staged: writer A pauses between its renames; B must not slip in between."""
    real_replace = os.replace
    a_paused, b_done = threading.Event(), threading.Event()

    def slow_replace(src, dst):
        real_replace(src, dst)
        if threading.current_thread().name == "A" and str(dst).endswith(".wav"):
            a_paused.set()
            b_done.wait(0.5)  # without the lock B renames both of its files here

    monkeypatch.setattr(files_mod.os, "replace", slow_replace)
    cases = {"A": dataclasses.replace(SHORT, seed=1), "B": dataclasses.replace(SHORT, seed=2)}
    a = threading.Thread(target=export, args=(cases["A"], tmp_path / "same.wav"), name="A")
    a.start()
    assert a_paused.wait(10)
    b = threading.Thread(target=lambda: (export(cases["B"], tmp_path / "same.wav"), b_done.set()), name="B")
    b.start()
    a.join()
    b.join()
    expected = export(cases["B"], tmp_path / "ref.wav")  # B finished last, so both files are B's
    assert (tmp_path / "same.wav").read_bytes() == expected.wav_path.read_bytes()
    assert (tmp_path / "same.txt").read_bytes() == expected.labels_path.read_bytes()


# --- the Python API (defect 13) and huge numbers (defect 8) -------------------------------------


def test_a_preset_name_is_accepted_where_a_case_is_expected(tmp_path):
    y, _ = murmur.synthesize(dataclasses.replace(get_preset("mr-severe").case))
    assert np.array_equal(murmur.synthesize("mr-severe")[0], y)
    r = export("mr-mild", tmp_path / "m.wav")
    assert r.n_samples == round(get_preset("mr-mild").case.duration_s * 44100)
    af = get_preset("mr-af").case
    assert murmur.build_timeline("mr-af") == murmur.build_timeline(af)
    assert next(murmur.iter_beats("mr-af")) == next(murmur.iter_beats(af))
    assert np.array_equal(murmur.Renderer("mr-af").render(0, 800), murmur.Renderer(af).render(0, 800))


@pytest.mark.parametrize(
    "call",
    [
        lambda: murmur.synthesize(None),
        lambda: export(None, "x.wav"),
        lambda: murmur.build_timeline(None),
        lambda: next(murmur.iter_beats(None)),
        lambda: murmur.Renderer(None),
    ],
)
def test_wrong_things_for_a_case_name_the_argument(call):
    with pytest.raises(ParameterError, match=r"^case must be a Case or a preset name.*got None\.$"):
        call()


def test_get_preset_of_a_non_string_and_an_unknown_name():
    with pytest.raises(ParameterError, match="case must be a preset name"):
        get_preset(None)
    with pytest.raises(ParameterError, match="unknown case 'mr-sevre'.*did you mean mr-severe"):
        murmur.synthesize("mr-sevre")


@pytest.mark.parametrize("field", ["grade", "sr", "seed", "heart_rate_bpm", "duration_s"])
def test_huge_integers_are_a_parameter_error_even_through_replace(field):
    with pytest.raises(ParameterError, match=rf"^{field} must be .*\(401 characters\)\.$") as info:
        dataclasses.replace(Case(), **{field: 10**400})
    assert info.value.param == field
    with pytest.raises(ParameterError, match=r"got 99999999999999999999999\.$"):
        Case(grade=99999999999999999999999)  # exactly what was given, not a rounded float
