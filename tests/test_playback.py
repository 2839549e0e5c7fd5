"""End-to-end playback through real sounddevice -> PortAudio -> ALSA into a file.

Nothing is mocked here: each test starts a fresh interpreter whose ALSA
default output is a ``file`` PCM over ``null`` (see ``alsa_sink``), plays
through murmur, then reads back exactly what PortAudio delivered and compares
it with the rendered signal. The sink does not pace in real time, so loops
are stopped by callback count, never by sleeping.
"""

import dataclasses
import itertools
import json

import numpy as np
import pytest
from alsa_sink import align, has_sound_cards, no_device_env, read_capture, run_murmur, run_python, sink_env

from murmur import Renderer, get_preset, iter_beats, synthesize
from murmur import clinical as C
from murmur.physio.timeline import continue_after
from murmur.play.player import BLOCK_S, NO_DEVICE_MESSAGE, NO_PORTAUDIO_MESSAGE
from murmur.sound.level import apply_level

sd = pytest.importorskip("sounddevice", reason="PortAudio is not installed (scripts/test.sh installs libportaudio2)")

# float32 on the way to the device: the capture equals the render to float32 rounding
F32_TOL = 1e-7


@pytest.mark.parametrize("model", ["timing", "physiological"])
def test_one_shot_play_equals_the_rendered_case(tmp_path, model):
    env = sink_env(tmp_path)
    p = run_murmur(env, "play", "mr-mild", "--duration-s", "3", "--seed", "4", "--model", model)
    assert p.returncode == 0, p.stderr
    assert "playing 3 s of mr-mild" in p.stdout
    case = dataclasses.replace(get_preset("mr-mild").case, duration_s=3, seed=4, model=model)
    y, _ = synthesize(case)
    capture, rate, _ = read_capture(tmp_path)
    assert rate == case.sr
    heard = align(capture, y)
    assert len(heard) == len(y)
    assert np.max(np.abs(heard - y)) < F32_TOL
    # nothing after the sound but the device's silence
    tail = capture[np.flatnonzero(capture)[0] - np.flatnonzero(y)[0] + len(y) :]
    assert not tail.any()


_LOOP = """
import dataclasses, json, sys
from murmur import get_preset
from murmur.play.player import Player
case = dataclasses.replace(get_preset(sys.argv[1]).case, model=sys.argv[4])
stop_at, change_at = int(sys.argv[2]), int(sys.argv[3])
requested = []
def on_block(player, k):
    if k == change_at:
        requested.append(player.position_s)
        player.change(heart_rate_bpm=110.0, grade=5)
    if k == stop_at:
        player.stop()
p = Player(case, loop=True, on_block=on_block).start()
assert p.wait(120), "loop did not stop"
print(json.dumps({"sr": p.sr, "blocks": p.blocks, "requested_s": requested,
                  "switches": [(i, q) for i, q, _ in p.switches], "underflows": p.underflows}))
"""


def _loop(tmp_path, name, stop_at, change_at=-1, model="timing"):
    p = run_python(_LOOP, sink_env(tmp_path), name, str(stop_at), str(change_at), model)
    assert p.returncode == 0, p.stderr
    info = json.loads(p.stdout.strip().splitlines()[-1])
    capture, rate, _ = read_capture(tmp_path)
    assert rate == info["sr"]
    return info, capture


def _render(case, beats, n):
    return apply_level(Renderer(case, beats=beats).render(0, n), 0, None, case.sr)


def test_a_loop_of_n_beats_equals_the_block_render_of_n_beats(tmp_path):
    case = get_preset("mr-moderate").case
    n_beats = 8
    beats = list(itertools.islice(iter_beats(case), n_beats + 1))
    end_s = beats[n_beats].q_s  # the end of beat n
    stop_at = int(np.ceil(end_s / BLOCK_S)) + 2
    info, capture = _loop(tmp_path, "mr-moderate", stop_at)
    n = int(round(end_s * case.sr))
    expected = _render(case, None, n)
    heard = align(capture, expected)
    assert len(heard) == n
    assert np.max(np.abs(heard - expected)) < F32_TOL
    # the loop is one endless timeline: at every beat boundary the sample-to-sample jumps are those of the
    # render in one piece (a seam, a block boundary that restarts a source, would add its step there)
    jumps, ref = np.abs(np.diff(heard)), np.abs(np.diff(expected))
    for b in beats[1:n_beats]:
        k = int(round(b.q_s * case.sr))
        assert jumps[k - 50 : k + 50].max() <= ref[k - 50 : k + 50].max() + 2 * F32_TOL


@pytest.mark.parametrize("model", ["timing", "physiological"])
def test_a_live_change_lands_on_a_beat_boundary_without_a_click(tmp_path, model):
    case = dataclasses.replace(get_preset("mr-moderate").case, model=model)
    change_at, stop_at = 250, 700  # blocks: change at 2.5 s, stop at 7 s
    info, capture = _loop(tmp_path, "mr-moderate", stop_at, change_at, model)
    assert len(info["switches"]) == 2
    first_new, q_new = info["switches"][1]
    old = list(itertools.islice(iter_beats(case), first_new + 1))
    # the change reached the sound at a beat boundary of the old timeline, after it was asked for
    assert q_new == pytest.approx(old[first_new].q_s, abs=1e-12)
    assert info["requested_s"][0] <= q_new <= info["requested_s"][0] + 60 / case.heart_rate_bpm + 0.2
    new_case = dataclasses.replace(case, heart_rate_bpm=110.0, grade=5)
    # the beats after the change carry on from the last old one (on the circulation model, over its transient)
    beats = itertools.chain(old[:first_new], continue_after(old[first_new - 1], new_case))
    n = int(6.5 * case.sr)
    expected = _render(case, beats, n)
    heard = align(capture, expected)
    assert np.max(np.abs(heard - expected)) < F32_TOL
    # after the change the beats come at the new rate
    new_beats = list(itertools.islice(continue_after(old[first_new - 1], new_case), 4))
    assert np.mean(np.diff([b.q_s for b in new_beats])) == pytest.approx(60 / 110, rel=0.05)
    # no click: around the boundary the sample-to-sample jumps are no larger than in the render without the
    # change (the new beat is silent at its Q). Cutting the old beats' sounds at the boundary would step by
    # 0.0012 to 0.0027 at beats 4 to 7 of this case, where the jumps within 2 ms are below 0.0008.
    unchanged = _render(case, None, n)
    k = int(round(q_new * case.sr))
    # up to 50 ms, but before the new beat's first sound (the circulation model's M1 at 110 bpm is Q + 42 ms)
    first_sound_s = min([e.time_s for e in new_beats[0].events] + [m.start_s for m in new_beats[0].murmurs]) - q_new
    c, w = int(0.002 * case.sr), int(min(0.05, first_sound_s - 0.002) * case.sr)
    assert np.abs(np.diff(heard[k - c : k + c])).max() <= 1.1 * np.abs(np.diff(unchanged[k - c : k + c])).max()
    assert np.abs(np.diff(heard[k - w : k + w])).max() <= 1.5 * np.abs(np.diff(unchanged[k - w : k + w])).max()


def test_stop_fades_out_without_a_click(tmp_path):
    """stop() ramps the sound to zero over 25 ms (the level stage's fade), then silence."""
    info, capture = _loop(tmp_path, "mr-severe", stop_at=123)
    case = get_preset("mr-severe").case
    n_stop = 123 * int(round(BLOCK_S * case.sr))
    n_ramp = int(round(C.FADE_MS / 1000 * case.sr))
    unfaded = _render(case, None, n_stop + n_ramp)
    ramp = np.concatenate([np.ones(n_stop), 1 - np.arange(1, n_ramp + 1) / n_ramp])
    expected = np.concatenate([unfaded * ramp, np.zeros(int(0.2 * case.sr))])
    heard = align(capture, expected)
    assert len(heard) > n_stop + n_ramp  # the fade was played out, then silence
    np.testing.assert_allclose(heard, expected[: len(heard)], atol=F32_TOL)
    jumps = np.abs(np.diff(heard))
    assert jumps[n_stop - 10 :].max() <= jumps[: n_stop - 10].max()


_NO_PORTAUDIO = """
import ctypes.util, sys
_find = ctypes.util.find_library
ctypes.util.find_library = lambda name: None if "portaudio" in name else _find(name)
from murmur.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def test_no_portaudio_is_one_clear_line_and_exit_3(tmp_path):
    p = run_python(_NO_PORTAUDIO, sink_env(tmp_path), "play", "normal")
    assert p.returncode == 3
    assert p.stderr == f"murmur: audio unavailable: {NO_PORTAUDIO_MESSAGE}\n"
    # export still works without PortAudio
    p = run_python(_NO_PORTAUDIO, sink_env(tmp_path), "export", "normal", "-q", "-o", str(tmp_path / "n.wav"))
    assert p.returncode == 0 and (tmp_path / "n.wav").exists()


@pytest.mark.skipif(has_sound_cards(), reason="this machine has sound cards, so 'no device' cannot be staged")
def test_no_output_device_is_one_clear_line_and_exit_3(tmp_path):
    env = no_device_env(tmp_path)
    for argv in (("play", "normal"), ("play", "mr-mild", "--loop"), ("devices",)):
        p = run_murmur(env, *argv)
        assert p.returncode == 3, argv
        assert p.stderr == f"murmur: audio unavailable: {NO_DEVICE_MESSAGE}\n"


@pytest.mark.parametrize(
    ("device", "shown"), [("no-such-speaker", "'no-such-speaker'"), ("1" + "0" * 400, "100000000000000000...")]
)
def test_unknown_device_is_one_clear_line_and_exit_3(tmp_path, device, shown):
    # issue 9 defect 8: an index too big for PortAudio's int raised OverflowError
    p = run_murmur(sink_env(tmp_path), "play", "normal", "--device", device)
    assert p.returncode == 3, p.stderr
    assert p.stderr.startswith(f"murmur: audio unavailable: there is no output device {shown}")
    assert "murmur devices" in p.stderr and len(p.stderr.splitlines()) == 1 and len(p.stderr) < 300


def test_devices_lists_the_sink(tmp_path):
    p = run_murmur(sink_env(tmp_path), "devices")
    assert p.returncode == 0
    assert "default" in p.stdout and p.stdout.splitlines()[0].startswith("*")


def test_ctrl_c_fades_out_and_exits_130(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen(
        [sys.executable, "-m", "murmur", "play", "mr-severe", "--loop"],
        env=sink_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal's foreground job has it
    )
    try:
        deadline = time.monotonic() + 30
        while sum(f.stat().st_size for f in tmp_path.glob("capture_*.raw*")) < 10**6:
            assert time.monotonic() < deadline and proc.poll() is None, "playback did not start"
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()  # an endless loop must not outlive its test
        proc.wait()
    assert proc.returncode == 130
    assert err == "murmur: interrupted.\n"
    capture, rate, _ = read_capture(tmp_path)
    end = int(np.flatnonzero(capture)[-1])
    # the last 25 ms fade to silence: no step at the end, smaller steps than in the sound
    jumps = np.abs(np.diff(capture[: end + 2]))
    n_ramp = int(0.025 * rate)
    assert jumps[-n_ramp:].max() <= jumps[:-n_ramp].max()
    assert abs(capture[end]) < 1e-3
