"""A real window: the teaching app under Xvfb with the Tk backend, sound into the ALSA file sink.

The test starts Xvfb itself, opens ``murmur app`` in a fresh interpreter
(DISPLAY and ALSA_CONFIG_PATH set before Tk and PortAudio start), drives a
slider and the play button from code, takes screenshots of the screen and
checks that the window is not blank, that the figure changed with the slider,
and that the sound played is the case the controls describe.
"""

import json
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest
from alsa_sink import align, read_capture, run_python, sink_env

from murmur import get_preset, synthesize

pytest.importorskip("tkinter", reason="this Python has no Tk")
pytest.importorskip("sounddevice", reason="PortAudio is not installed")


@pytest.fixture
def xvfb():
    """A fresh X display from Xvfb, or a skip saying why there is none."""
    exe = shutil.which("Xvfb")
    if exe is None:
        pytest.skip("Xvfb is not installed (scripts/test.sh installs the Debian package xvfb)")
    for number in range(90, 120):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    proc = subprocess.Popen(
        [exe, f":{number}", "-screen", "0", "1400x950x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.skip(f"Xvfb could not start on :{number}")
        time.sleep(0.05)
    yield f":{number}"
    proc.terminate()
    proc.wait(5)


_DRIVE = """
import json, sys, time
from PIL import ImageGrab
from murmur.view.app import App

display = sys.argv[1]
app = App(name="mr-mild", changes={"duration_s": 2.0})  # played whole: 2 s is three beats at 110 bpm

def pump(seconds, until=lambda: False):
    end = time.monotonic() + seconds
    while time.monotonic() < end and not until():
        app.root.update()
        time.sleep(0.01)

def shot(path):
    x, y = app.canvas.get_tk_widget().winfo_rootx(), app.canvas.get_tk_widget().winfo_rooty()
    w, h = app.canvas.get_tk_widget().winfo_width(), app.canvas.get_tk_widget().winfo_height()
    ImageGrab.grab(xdisplay=display).save(path + "-screen.png")
    ImageGrab.grab(bbox=(x, y, x + w, y + h), xdisplay=display).save(path)

pump(10, until=lambda: app.canvas.get_tk_widget().winfo_viewable())
pump(0.3)
shot(sys.argv[2] + "/before.png")
app.heart_rate_scale.set(110)        # drive the slider as a user would
pump(20, until=lambda: "110 bpm" in app.status.get())   # the re-draw waits 150 ms after the last move
pump(0.3)
shot(sys.argv[2] + "/after.png")
app.wiggers.set(True)
app.toggle_wiggers()          # the Wiggers diagram in its own window; its cursor follows the heard beat
pump(10, until=lambda: app.wiggers_canvas.get_tk_widget().winfo_viewable())
pump(0.3)
w = app.wiggers_canvas.get_tk_widget()
ImageGrab.grab(bbox=(w.winfo_rootx(), w.winfo_rooty(), w.winfo_rootx() + w.winfo_width(),
                     w.winfo_rooty() + w.winfo_height()), xdisplay=display).save(sys.argv[2] + "/wiggers.png")
app.loop.set(False)
app.play_button.invoke()
label_while_playing = str(app.play_button.cget("text"))
end = time.monotonic() + 30
while app.player is not None and time.monotonic() < end:
    app.root.update()
pump(0.3)
status = app.status.get()
app.changes["model"] = "physiological"  # as `murmur app --model physiological` starts it
app.case_name.set("mvp")                 # a preset the circulation model does not cover, picked
app.case_picker.event_generate("<<ComboboxSelected>>")   # as the case selector tells the app
refused = [app.status.get(), app.case_name.get()]
print(json.dumps({
    "label_while_playing": label_while_playing,
    "label_after": str(app.play_button.cget("text")),
    "status": status,
    "pages": app.view.pages,
    "case": {"heart_rate_bpm": app.current_case().heart_rate_bpm, "grade": app.current_case().grade},
    "wiggers_reason": app.wiggers_view.reason,
    "refused": refused,
}))
app.close()
"""


def _image(path):
    from PIL import Image

    return np.asarray(Image.open(path).convert("RGB"), dtype=float)


def test_the_app_window_draws_reacts_to_a_slider_and_plays(xvfb, tmp_path):
    env = dict(sink_env(tmp_path), DISPLAY=xvfb, MPLBACKEND="TkAgg")
    p = run_python(_DRIVE, env, xvfb, str(tmp_path), timeout=120)
    assert p.returncode == 0, p.stderr
    info = json.loads(p.stdout.strip().splitlines()[-1])
    before, after = _image(tmp_path / "before.png"), _image(tmp_path / "after.png")
    # the Wiggers window opens on the case shown, a real diagram (its cursor: test_playhead)
    wiggers = _image(tmp_path / "wiggers.png")
    rgb = wiggers.astype(np.uint32)
    assert info["wiggers_reason"] == "" and wiggers.shape[0] > 400 and wiggers.std() > 20
    assert len(np.unique((rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2])) > 100
    # not blank: a figure has many distinct colours and real contrast
    for img in (before, after):
        assert img.shape[0] > 400 and img.shape[1] > 800
        assert img.std() > 30
        rgb = img.astype(np.uint32)
        assert len(np.unique((rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2])) > 200  # distinct colours
    # the slider changed the figure: at 110 bpm the beats move
    h, w = min(before.shape[0], after.shape[0]), min(before.shape[1], after.shape[1])
    before, after = before[:h, :w], after[:h, :w]
    changed = np.mean(np.any(np.abs(before - after) > 40, axis=2))
    assert changed > 0.05, f"only {changed:.1%} of the figure changed"
    assert "110 bpm" in info["status"]
    # a preset the model cannot take is one line in the status bar, and the case shown stays
    assert "not finding 'mvp'" in info["refused"][0] and info["refused"][1] == "mr-mild"
    # the play button played the case the controls describe, then came back
    assert info["label_while_playing"] == "Stop" and info["label_after"] == "Play"
    case = get_preset("mr-mild").case
    import dataclasses

    y, _ = synthesize(dataclasses.replace(case, heart_rate_bpm=110.0, duration_s=2.0))
    capture, rate, _ = read_capture(tmp_path)
    heard = align(capture, y)
    assert rate == case.sr and np.max(np.abs(heard - y)) < 1e-7
