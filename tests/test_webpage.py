"""The web page as a file: one self-contained HTML file, the case's own sound, a figure the playhead maps onto,
the handout, its size, the loudness statement, and the CLI (``murmur html``, ``murmur lecture --html``).

What the page does in a browser is tested in ``test_webpage_browser.py``.
"""

import base64
import dataclasses
import io
import re
import wave
from html.parser import HTMLParser

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.image import imread  # noqa: E402

from murmur import ParameterError, get_preset, synthesize  # noqa: E402
from murmur.cli import main  # noqa: E402
from murmur.sound.level import limit  # noqa: E402
from murmur.teach.web.page import PAGE_SR_HZ, page_case, page_html, write_page  # noqa: E402
from murmur.units import db_to_gain  # noqa: E402

#: The issue's limit: a 10 s case adds at most 1.5 MB to the page.
MAX_BYTES_10S = 1.5e6
#: One int16 step.
LSB = 1 / 32767


class _Tags(HTMLParser):
    """Every start tag with its attributes, in document order."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def find(self, tag: str, cls: str | None = None) -> list[dict]:
        return [a for t, a in self.tags if t == tag and (cls is None or cls in a.get("class", "").split())]


def _wav(uri: str) -> tuple[np.ndarray, int]:
    assert uri.startswith("data:audio/wav;base64,")
    with wave.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        return np.frombuffer(w.readframes(w.getnframes()), "<i2") / 32767.0, w.getframerate()


def _gain_db(heard: np.ndarray, made: np.ndarray) -> float:
    return 10 * np.log10(np.sum(heard**2) / np.sum(made**2))


def _png(uri: str) -> np.ndarray:
    assert uri.startswith("data:image/png;base64,")
    return imread(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])), format="png")


def _sections(text: str) -> list[str]:
    return re.findall(r'<section class="case".*?</section>', text, flags=re.S)


@pytest.fixture(scope="module")
def acceptance_page(tmp_path_factory):
    """``murmur html normal mr-severe -o page.html``, exactly as the issue runs it (10 s cases)."""
    folder = tmp_path_factory.mktemp("page")
    assert main(["html", "normal", "mr-severe", "-o", str(folder / "page.html")]) == 0
    return folder / "page.html"


def test_the_acceptance_command_writes_one_self_contained_file(acceptance_page):
    assert [p.name for p in acceptance_page.parent.iterdir()] == ["page.html"]  # nothing beside it, no .part left
    text = acceptance_page.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text
    tags = _Tags(text)
    audio = tags.find("audio")
    assert len(audio) == 2 and all(a["src"].startswith("data:audio/wav;base64,") for a in audio)
    # nothing is fetched: every src and href in the page is a data: URI
    refs = [a[k] for _, a in tags.tags for k in ("src", "href") if k in a]
    assert refs and all(r.startswith("data:") for r in refs)
    # each audio element is that case, rendered at the page's rate (16-bit: to one step)
    for a, name in zip(audio, ("normal", "mr-severe"), strict=True):
        y_page, sr = _wav(a["src"])
        y, _ = synthesize(dataclasses.replace(get_preset(name).case, sr=PAGE_SR_HZ))
        assert sr == PAGE_SR_HZ and len(y_page) == len(y) == 10 * PAGE_SR_HZ
        assert np.max(np.abs(y_page - y)) <= LSB


def test_a_10_s_case_adds_at_most_1_5_mb(acceptance_page, tmp_path):
    sizes = [len(s.encode()) for s in _sections(acceptance_page.read_text(encoding="utf-8"))]
    assert len(sizes) == 2 and max(sizes) <= MAX_BYTES_10S / 2  # one version: well inside
    # the lecture page's case carries two versions (faithful and laptop): still inside the limit
    case = dataclasses.replace(get_preset("mr-severe").case, sr=PAGE_SR_HZ)
    result = write_page([page_case("mr-severe", case, speakers=True)], tmp_path / "two.html")
    assert case.duration_s == 10 and result.case_bytes[0] <= MAX_BYTES_10S
    assert result.n_bytes == (tmp_path / "two.html").stat().st_size


@pytest.fixture(scope="module")
def short_page():
    """Two 2 s cases, the second with its two versions, at a low rate."""
    cases = [
        page_case("normal", dataclasses.replace(get_preset("normal").case, duration_s=2, sr=8000)),
        page_case("mr-severe", dataclasses.replace(get_preset("mr-severe").case, duration_s=2, sr=8000), speakers=True),
    ]
    return page_html(cases)


def test_the_playhead_numbers_are_the_axes_in_the_image(short_page):
    # The script maps t0..t1 to x0..x1 of the image width: there, and only there, stand the axes' frame lines.
    tags = _Tags(short_page)
    figs, imgs, heads = tags.find("div", "fig"), tags.find("img"), tags.find("div", "playhead")
    assert len(figs) == len(imgs) == 3 and len(heads) == 6
    for fig, img, wave_head in zip(figs, imgs, heads[::2], strict=True):
        rgb = _png(img["src"])[..., :3]
        h, w = rgb.shape[:2]
        assert (w, h) == (int(img["width"]), int(img["height"]))
        assert (float(fig["data-t0"]), float(fig["data-t1"])) == (0.0, 2.0)
        top, height = (float(v) / 100 for v in re.findall(r"top:([\d.]+)%;height:([\d.]+)%", wave_head["style"])[0])
        rows = slice(int(h * (top + 0.05 * height)), int(h * (top + 0.95 * height)))
        cols = np.flatnonzero((rgb[rows].mean(axis=2) < 0.6).mean(axis=0) > 0.97)  # dark all down the panel
        x0, x1 = float(fig["data-x0"]) * w, float(fig["data-x1"]) * w
        for x in (x0, x1):
            assert np.min(np.abs(cols - x)) <= 1.0, (x, cols)  # a frame line within one pixel of each end
        assert not [c for c in cols if x0 + 2 < c < x1 - 2]  # and none between (a wrong mapping finds none there)


def test_each_case_has_labelled_controls_versions_figure_and_handout(short_page):
    tags = _Tags(short_page)
    sections = tags.find("section", "case")
    assert [s["data-name"] for s in sections] == ["normal", "mr-severe"]
    assert all(s["tabindex"] == "0" and s["aria-labelledby"] and s["aria-describedby"] == "keys" for s in sections)
    plays = tags.find("button", "play")
    assert [b["aria-label"] for b in plays] == ["Play normal", "Play mr-severe"]
    assert all(b["type"] == "button" for b in tags.find("button"))
    assert [b["aria-pressed"] for b in tags.find("button", "loop")] == ["false", "false"]
    # versions: only where the case carries them; the first shown, the others hidden
    assert len(tags.find("div", "variants")) == 1
    variants = tags.find("div", "variant")
    assert [v["id"] for v in variants] == ["case-1-v0", "case-2-v0", "case-2-v1"]
    assert ["hidden" in v for v in variants] == [False, False, True]
    version_buttons = [a for t, a in tags.tags if t == "button" and "aria-controls" in a]
    assert [(b["aria-controls"], b["aria-pressed"]) for b in version_buttons] == [
        ("case-2-v0", "true"),
        ("case-2-v1", "false"),
    ]
    laptop, _ = _wav(tags.find("audio")[2]["src"])
    faithful, _ = _wav(tags.find("audio")[1]["src"])
    assert not np.array_equal(laptop, faithful)
    # the figure says what it shows; the caption what to listen for
    alts = [a["alt"] for a in tags.find("img")]
    assert "waveform" in alts[0] and "spectrogram" in alts[0] and "no murmur" in alts[0]
    assert "holosystolic plateau murmur" in alts[1] and "S3" in alts[1] and "rumble" in alts[1]
    assert "150 to 390 Hz" in alts[1]  # the severe MR band the murmur is made with
    assert short_page.count("<figcaption><strong>Listen for:</strong>") == 3
    assert get_preset("mr-severe").summary in short_page
    handout = ("What to listen for", "<strong>S2 split</strong>", "CirCor", "For the patient", "laptop-speaker mode")
    assert all(words in short_page for words in handout)
    assert "Loudness" not in short_page  # no gain: nothing stated


def test_a_changed_case_drops_the_preset_summary():
    case = dataclasses.replace(get_preset("mr-mild").case, grade=5, duration_s=1, sr=8000)
    assert page_case("mr-mild", case).summary == ""  # "soft (grade 2/6)" would be wrong now
    same = dataclasses.replace(get_preset("mr-mild").case, seed=9, duration_s=1, sr=8000)
    assert page_case("mr-mild", same).summary == get_preset("mr-mild").summary


def test_a_loudness_gain_reaches_the_sound_and_is_stated():
    case = dataclasses.replace(get_preset("normal").case, duration_s=1, sr=8000)
    plain = page_html([page_case("normal", case)])
    louder = page_html([page_case("normal", case)], gain_db=12.0, target_lufs=-20)
    assert "Loudness: +12.0 dB, set to -20 LUFS" in louder
    y0, _ = _wav(_Tags(plain).find("audio")[0]["src"])
    y1, _ = _wav(_Tags(louder).find("audio")[0]["src"])
    y, _ = synthesize(case)
    assert np.max(np.abs(y1 - limit(y * db_to_gain(12.0)))) <= LSB
    assert np.max(np.abs(y1)) < db_to_gain(-1.0)  # the limiter's ceiling
    quiet = np.abs(y0) < 0.05  # below the limiter's knee after +12 dB: exactly 4x
    assert np.allclose(y1[quiet], 10 ** (12 / 20) * y0[quiet], atol=3 * LSB)
    with pytest.raises(ParameterError, match="gain_db must be a number between -60 and 60"):
        page_html([page_case("normal", case)], gain_db=float("nan"))


def test_page_errors_are_one_line_exit_2_and_leave_nothing(tmp_path, capsys):
    out = tmp_path / "page.html"
    assert main(["html", "normal", "--duration-s", "61", "-o", str(out)]) == 2
    assert "--duration-s must be at most 60 s on a page" in capsys.readouterr().err
    assert main(["html", "normal", "-o", str(tmp_path / "page.htm")]) == 2
    assert "must be a .html file name" in capsys.readouterr().err
    mine = tmp_path / "mine.html"
    mine.write_text("my own page")
    assert main(["html", "normal", "--duration-s", "1", "-o", str(mine)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "murmur did not write" in err and "--force" in err
    assert mine.read_text() == "my own page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.html"]
    # murmur's own page is replaced without --force; a user's file with it
    assert main(["html", "normal", "--duration-s", "1", "--sr", "8000", "-q", "-o", str(out)]) == 0
    week = ["--title", "Week 3: the mitral valve & its murmur"]
    assert main(["html", "normal", "--duration-s", "1", "--sr", "8000", "-q", *week, "-o", str(out)]) == 0
    assert "<h1>Week 3: the mitral valve &amp; its murmur</h1>" in out.read_text()
    assert main(["html", "normal", "--duration-s", "1", "--sr", "8000", "-q", "--force", "-o", str(mine)]) == 0
    assert "<!DOCTYPE html>" in mine.read_text()
    assert capsys.readouterr().out == ""
    _, sr = _wav(_Tags(out.read_text()).find("audio")[0]["src"])
    assert sr == 8000  # --sr is the page's rate when given


def test_lecture_html_writes_index_with_both_versions_at_the_bundles_loudness(tmp_path, capsys):
    folder = tmp_path / "lec"
    assert main(["lecture", "normal", "--duration-s", "2", "--html", "--loudness", "-20", "-o", str(folder)]) == 0
    assert "index.html" in capsys.readouterr().out
    tags = _Tags((folder / "index.html").read_text())
    assert [b["aria-controls"] for b in tags.find("button") if "aria-controls" in b] == ["case-1-v0", "case-1-v1"]
    assert len(tags.find("audio")) == 2 and (folder / "normal" / "normal.wav").exists()
    # the page carries the bundle's loudness gain, as its WAV files do
    wav = base64.b64encode((folder / "normal" / "normal.wav").read_bytes()).decode()
    case = dataclasses.replace(get_preset("normal").case, duration_s=2)
    file_gain = _gain_db(_wav("data:audio/wav;base64," + wav)[0], synthesize(case)[0])
    made = [synthesize(dataclasses.replace(case, sr=PAGE_SR_HZ, speaker=s))[0] for s in ("headphones", "laptop")]
    for a, m in zip(tags.find("audio"), made, strict=True):
        assert _gain_db(_wav(a["src"])[0], m) == pytest.approx(file_gain, abs=0.05)
    # a page someone else put there stops the bundle before anything is written
    other = tmp_path / "other"
    other.mkdir()
    (other / "index.html").write_text("the course site")
    assert main(["lecture", "normal", "--duration-s", "2", "--html", "-o", str(other)]) == 2
    assert "choose another folder" in capsys.readouterr().err
    assert sorted(p.name for p in other.iterdir()) == ["index.html"]


def test_loudness_normalises_the_page_with_one_gain(tmp_path):
    from murmur.files.loudness import integrated_loudness

    names = ["normal", "mr-severe"]
    assert main(["html", *names, "--duration-s", "2", "--loudness", "-20", "-o", str(tmp_path / "p.html")]) == 0
    text = (tmp_path / "p.html").read_text()
    heard = [_wav(a["src"])[0] for a in _Tags(text).find("audio")]
    made = [synthesize(dataclasses.replace(get_preset(n).case, duration_s=2, sr=PAGE_SR_HZ))[0] for n in names]
    gains = [_gain_db(h, m) for h, m in zip(heard, made, strict=True)]
    assert abs(gains[0] - gains[1]) <= 0.05 and gains[0] > 5  # one gain: the level difference survives
    assert max(integrated_loudness(h, PAGE_SR_HZ) for h in heard) == pytest.approx(-20, abs=0.5)
    assert f"Loudness: {gains[0]:+.1f} dB, set to -20 LUFS" in text
