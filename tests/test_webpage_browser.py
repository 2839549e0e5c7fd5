"""The web page in a real headless Chromium, at a phone's width (390 px, touch) and a laptop's (1280 px).

One browser session per width (``webdriver.Browser``: chromedriver's W3C API
through the standard library). The page of the issue's command (two 3 s
cases) is opened from a file:// URL: no console errors, the page's own Play
button of mr-severe pressed with a real click, the audio's ``currentTime`` advancing at
the rate of the wall clock, the playhead standing where that time falls on
the figure, and a screenshot that is not blank. A second page carries two
versions of each case: Tab order, Space and the arrows on a focused case,
switching version while playing, Loop, one case at a time, tap to seek.

Headless Chromium here has no sound card: it plays into its own fake output,
paced in real time (see ``webdriver``), so the sound's clock is real.

Set ``MURMUR_SCREENSHOTS=FOLDER`` to keep the screenshots there as 256-colour
PNGs (``page-phone.png``, ``page-laptop.png``): ``MURMUR_SCREENSHOTS=samples``
makes the README's pictures.
"""

import dataclasses
import io
import os
import time
from pathlib import Path

import numpy as np
import pytest
from webdriver import LEFT, RIGHT, SPACE, TAB, Browser, available

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.image import imread  # noqa: E402

from murmur import get_preset  # noqa: E402
from murmur.cli import main  # noqa: E402
from murmur.teach.web.page import page_case, write_page  # noqa: E402

pytestmark = pytest.mark.skipif(available() is not None, reason=str(available()))

#: CSS width, height and whether it is a phone (touch, mobile viewport).
SCREENS = {"phone": (390, 844, True), "laptop": (1280, 1000, False)}

#: The state of a case as the page shows it: its audio, its playhead lines, the figure and the controls.
STATE = """
const sec = document.getElementById(arguments[0]);
const v = Array.prototype.find.call(sec.querySelectorAll('.variant'), x => !x.hidden);
const a = v.querySelector('audio'), f = v.querySelector('.fig'), play = sec.querySelector('button.play');
const box = el => { const r = el.getBoundingClientRect();
  return {x: r.left + r.width / 2, left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; };
return {t: a.currentTime, paused: a.paused, duration: a.duration, ready: a.readyState, variant: v.id,
        loops: Array.prototype.map.call(sec.querySelectorAll('audio'), x => x.loop),
        playing: Array.prototype.filter.call(document.querySelectorAll('audio'), x => !x.paused).length,
        wave: box(f.querySelector('.playhead.wave')), spec: box(f.querySelector('.playhead.spec')),
        img: box(f.querySelector('img')), view: box(f.parentNode),
        t0: +f.dataset.t0, t1: +f.dataset.t1, x0: +f.dataset.x0, x1: +f.dataset.x1,
        button: play.textContent.trim(), label: play.getAttribute('aria-label'),
        pressed: Array.prototype.map.call(sec.querySelectorAll('.variants button'),
                                          b => b.getAttribute('aria-pressed'))};
"""
FOCUSED = "const e = document.activeElement; return e.id || e.getAttribute('aria-controls') || e.className;"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    assert main(["html", "normal", "mr-severe", "--duration-s", "3", "-q", "-o", str(folder / "page.html")]) == 0
    both = [
        page_case(n, dataclasses.replace(get_preset(n).case, duration_s=3, sr=8000), speakers=True)
        for n in ("normal", "mr-mild")
    ]
    write_page(both, folder / "versions.html")
    return folder / "page.html", folder / "versions.html"


@pytest.fixture(scope="module", params=list(SCREENS))
def browser(request):
    width, height, phone = SCREENS[request.param]
    with Browser(width, height, phone=phone) as b:
        b.name = request.param
        yield b


def _until(check, timeout_s: float = 8.0, step_s: float = 0.05):
    end = time.monotonic() + timeout_s
    while True:
        value = check()
        if value or time.monotonic() > end:
            return value
        time.sleep(step_s)


def _open(b: Browser, page: Path) -> None:
    b.open(page.as_uri())
    assert _until(lambda: b.run("return Array.prototype.every.call(document.querySelectorAll('audio'), "
                                "a => a.readyState >= 1 && isFinite(a.duration))"))  # fmt: skip
    assert b.run("return innerWidth") == b.width


def _no_console_errors(b: Browser) -> None:
    severe = [e for e in b.log() if e.get("level") == "SEVERE"]
    assert not severe, severe


def _expected_x(s: dict) -> float:
    """Where the playhead must stand for the audio's time: the mapping of the figure's own axes."""
    frac = s["x0"] + (s["t"] - s["t0"]) / (s["t1"] - s["t0"]) * (s["x1"] - s["x0"])
    return s["img"]["left"] + frac * s["img"]["width"]


def _check_screenshot(png: bytes, width: int, out: Path, figure: dict) -> None:
    out.write_bytes(png)
    rgb = imread(io.BytesIO(png), format="png")[..., :3]
    assert rgb.shape[1] == width
    colours = np.unique((rgb * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 200 and rgb.std() > 0.1  # text, buttons, a figure: not one colour
    # the figure itself is drawn where the page says it is (a broken image would leave a flat box)
    top, bottom = int(max(figure["top"], 0)), int(min(figure["bottom"], rgb.shape[0]))
    left, right = int(max(figure["left"], 0)), int(min(figure["right"], width))
    assert bottom - top > 100 and rgb[top:bottom, left:right].std() > 0.15
    keep = os.environ.get("MURMUR_SCREENSHOTS")
    if keep:  # kept small for the README: 256 colours (matplotlib's own Pillow)
        from PIL import Image

        shot = Image.open(out).convert("RGB")
        shot.quantize(colors=256, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE).save(
            Path(keep) / out.name, optimize=True
        )


def test_play_moves_the_playhead_with_the_sound(browser, pages, tmp_path):
    b = browser
    _open(b, pages[0])
    assert b.run("return document.documentElement.scrollWidth") <= b.width  # only the figure scrolls sideways
    before = b.run(STATE, "case-2")
    assert (before["t"], before["paused"], before["label"]) == (0, True, "Play mr-severe")
    assert before["button"] == "\u25b6 Play"
    assert abs(before["duration"] - 3.0) < 0.01
    assert abs(before["wave"]["x"] - _expected_x(before)) <= 1.5
    b.click(b.find("#case-2 button.play"))
    first = _until(lambda: (s := b.run(STATE, "case-2"))["t"] > 0.2 and (s, time.monotonic()))
    assert first, "the audio's currentTime did not advance after Play"
    second = _until(lambda: (s := b.run(STATE, "case-2"))["t"] >= 1.2 and (s, time.monotonic()))
    assert second, "the audio stopped advancing"
    (s1, w1), (s2, w2) = first, second
    rate = (s2["t"] - s1["t"]) / (w2 - w1)
    assert 0.75 < rate < 1.25, rate  # the sound's clock runs with the wall clock
    assert not s2["paused"] and s2["button"].endswith("Pause") and s2["label"] == "Pause mr-severe"
    px_per_s = (s2["x1"] - s2["x0"]) * s2["img"]["width"] / (s2["t1"] - s2["t0"])
    moved = (s2["wave"]["x"] - s2["img"]["left"]) - (before["wave"]["x"] - before["img"]["left"])
    assert moved > 1.0 * px_per_s  # the playhead moved across the figure with 1.2 s of sound
    assert abs(s2["wave"]["x"] - _expected_x(s2)) <= max(2.0, 0.05 * px_per_s)  # within 50 ms of the sound (~5 ms)
    assert abs(s2["spec"]["x"] - s2["wave"]["x"]) < 0.5  # one line over both panels
    assert s2["wave"]["bottom"] <= s2["spec"]["top"] + 1
    # on a phone the figure is wider than the screen: it has scrolled to keep the playhead in sight
    assert s2["view"]["left"] <= s2["wave"]["x"] <= s2["view"]["right"]
    if b.name == "phone":
        assert s2["img"]["width"] > s2["view"]["width"] and s2["img"]["left"] < s2["view"]["left"]
    b.click(b.find("#case-2 button.play"))  # pause, before the 3 s end
    paused = _until(lambda: (s := b.run(STATE, "case-2"))["button"].endswith("Play") and s)
    assert paused and paused["paused"] and paused["t"] < 2.9 and paused["label"] == "Play mr-severe"
    time.sleep(0.3)
    assert b.run(STATE, "case-2")["t"] == paused["t"]
    b.run("document.getElementById('case-2').scrollIntoView()")
    shown = b.run(STATE, "case-2")["view"]
    _check_screenshot(b.screenshot(), b.width, tmp_path / f"page-{b.name}.png", shown)
    _no_console_errors(b)


def test_keyboard_versions_loop_and_seeking(browser, pages):
    b = browser
    _open(b, pages[1])
    # Tab order: the case, its Play, its Loop, its versions
    order = []
    for _ in range(5):
        b.press(TAB)
        order.append(b.run(FOCUSED))
    assert order == ["case-1", "play", "loop", "case-1-v0", "case-1-v1"]
    # Space on a focused case plays it; the arrows move one second
    case2 = b.find("#case-2")
    b.keys(case2, SPACE)
    assert _until(lambda: b.run(STATE, "case-2")["t"] > 0.3)
    assert b.run(FOCUSED) == "case-2"
    t0 = b.run(STATE, "case-2")["t"]
    b.press(RIGHT)
    t1 = b.run(STATE, "case-2")["t"]
    assert 0.9 < t1 - t0 < 1.3, (t0, t1)
    b.press(LEFT)
    assert -1.1 < b.run(STATE, "case-2")["t"] - t1 < -0.7
    # switching version while playing keeps the time and keeps playing
    was = b.run(STATE, "case-2")
    b.click(b.find("#case-2 .variants button:nth-of-type(2)"))
    now = _until(lambda: (s := b.run(STATE, "case-2"))["variant"] == "case-2-v1" and not s["paused"] and s)
    assert now, "the laptop version did not take over"
    assert now["pressed"] == ["false", "true"] and now["playing"] == 1
    assert abs(now["t"] - was["t"]) < 0.4
    assert abs(now["wave"]["x"] - _expected_x(now)) <= 0.15 * now["img"]["width"] * (now["x1"] - now["x0"]) / 3
    # Loop applies to every version of the case
    b.click(b.find("#case-2 button.loop"))
    assert b.run(STATE, "case-2")["loops"] == [True, True]
    assert b.run("return document.querySelector('#case-2 button.loop').getAttribute('aria-pressed')") == "true"
    # one case plays at a time
    b.click(b.find("#case-1 button.play"))
    assert _until(lambda: not b.run(STATE, "case-1")["paused"] and b.run(STATE, "case-2")["paused"])
    b.press(SPACE)  # the focused Play button pauses it (a button keeps its own keys)
    assert _until(lambda: b.run(STATE, "case-1")["paused"])
    # a tap (a finger on the phone) on the figure moves the sound to the time under it
    s = b.run(STATE, "case-1")
    x = int(s["view"]["left"] + 0.6 * s["view"]["width"])
    b.tap(x, (s["img"]["top"] + s["img"]["bottom"]) / 2, touch=b.name == "phone")
    s = b.run(STATE, "case-1")
    frac = (x - s["img"]["left"]) / s["img"]["width"]
    expected = s["t0"] + (frac - s["x0"]) / (s["x1"] - s["x0"]) * (s["t1"] - s["t0"])
    assert 0.5 < expected < 2.5 and abs(s["t"] - expected) < 0.02, (s["t"], expected)
    assert abs(s["wave"]["x"] - x) <= 1.5
    _no_console_errors(b)
