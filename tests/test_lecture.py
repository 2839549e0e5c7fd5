"""Lecture bundles and handouts."""

import numpy as np
from scipy.io import wavfile

from murmur import Case, get_preset
from murmur.cli import main
from murmur.files.labels import parse_labels
from murmur.teach.handout import describe_murmur


def test_lecture_bundle_has_both_versions_labels_and_a_handout(tmp_path):
    assert main(["lecture", "mr-severe", "normal", "-o", str(tmp_path / "lec"), "--duration-s", "4"]) == 0
    d = tmp_path / "lec" / "mr-severe"
    names = {p.name for p in d.iterdir()}
    assert {
        "mr-severe.wav",
        "mr-severe.txt",
        "mr-severe-laptop.wav",
        "mr-severe-laptop.txt",
        "mr-severe.png",
        "README.md",
    } <= names
    assert (d / "mr-severe.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    sr, faithful = wavfile.read(d / "mr-severe.wav")
    _, laptop = wavfile.read(d / "mr-severe-laptop.wav")
    assert len(faithful) == len(laptop) == 4 * sr and not np.array_equal(faithful, laptop)
    assert "laptop-speaker mode" in parse_labels((d / "mr-severe-laptop.txt").read_text())[0].text
    assert "headphones (faithful)" in parse_labels((d / "mr-severe.txt").read_text())[0].text
    text = (d / "README.md").read_text()
    for words in (
        "holosystolic",
        "plateau",
        "blowing",
        "4/6",
        "apex",
        "left axilla",
        "S3",
        "rumble",
        "mr-severe-laptop.wav",
        "mr-severe.png",
    ):
        assert words in text
    assert "No murmur" in (tmp_path / "lec" / "normal" / "README.md").read_text()
    assert not [p for p in (tmp_path / "lec").rglob("*.part")]


def test_lecture_refuses_bad_options_before_writing(tmp_path):
    assert main(["lecture", "normal", "-o", str(tmp_path / "lec"), "--grade", "3"]) == 2
    assert main(["lecture", "nosuch", "-o", str(tmp_path / "lec")]) == 2
    assert not (tmp_path / "lec").exists()


def test_circor_descriptions():
    assert describe_murmur(Case(finding="mvp")).timing == "late-systolic"
    acute = describe_murmur(Case(finding="mr", mr_acute=True))
    assert (acute.timing, acute.shape) == ("early-systolic", "decrescendo")
    mild = describe_murmur(Case(finding="mr", mr_severity="mild", grade=2))
    assert (mild.shape, mild.pitch, mild.quality, mild.radiation) == ("plateau", "high", "blowing", "left axilla")
    # the description says what the sound does: the quality is the case's
    harsh = describe_murmur(Case(finding="mr", quality="harsh"))
    assert (harsh.quality, harsh.pitch) == ("harsh", "medium")
    assert describe_murmur(get_preset("mr-acute").case).quality == "harsh"
