"""Player logic with a fake sounddevice: device rate, pause/resume, underflows, live changes."""

import dataclasses

import numpy as np
import pytest
from fake_sd import FakeSd

from murmur import AudioUnavailableError, Case, get_preset, synthesize
from murmur.play.player import Player, play


def test_one_shot_equals_the_rendered_case():
    sd = FakeSd()
    case = Case(finding="mr", duration_s=1.5)
    player = play(case, sd=sd)
    y, _ = synthesize(case)
    assert player.sr == case.sr and player.channels == 1
    assert np.max(np.abs(sd.signal[: len(y)] - y)) < 1e-7
    assert not sd.signal[len(y) :].any()
    assert sd.streams[0].closed


def test_unsupported_rate_renders_at_the_device_rate_instead():
    sd = FakeSd(rates=(48000,), default_rate=48000)
    case = Case(finding="mr", duration_s=1.0)  # 44.1 kHz
    player = play(case, sd=sd)
    assert player.sr == 48000
    y, _ = synthesize(dataclasses.replace(case, sr=48000))
    assert np.max(np.abs(sd.signal[: len(y)] - y)) < 1e-7


def test_no_rate_at_all_is_a_clear_error():
    sd = FakeSd(rates=(), default_rate=48000)
    with pytest.raises(AudioUnavailableError, match="accepts neither 44100 Hz nor its own 48000 Hz"):
        Player(Case(), sd=sd)


def test_unknown_device_names_the_fix():
    with pytest.raises(AudioUnavailableError, match="run 'murmur devices'"):
        Player(Case(), device="bluetooth", sd=FakeSd())
    assert Player(Case(), device="speak", sd=FakeSd()).device_info["name"] == "Fake Speakers"
    assert Player(Case(), device="0", sd=FakeSd()).device_info["index"] == 0


def test_pause_ramps_down_holds_the_place_and_resumes_without_a_click():
    sd = FakeSd(max_blocks=400)
    case = get_preset("mr-moderate").case
    events = {50: "pause", 120: "resume", 300: "stop"}

    def on_block(p, k):
        if k in events:
            getattr(p, events[k])()

    player = Player(case, loop=True, on_block=on_block, sd=sd).start()
    assert player.wait(10)
    heard = sd.signal
    block = sd.streams[0].blocksize  # what the player asked the device for
    n_ramp = round(0.025 * case.sr)
    # silent while paused (after the 25 ms ramp), and the sound resumes where it stopped
    ramp_blocks = -(-n_ramp // block)
    assert not heard[(50 + ramp_blocks) * block : 120 * block].any()
    paused_for = 120 - 50 - ramp_blocks
    from murmur import Renderer
    from murmur.sound.level import apply_level

    n = 300 * block
    ref = apply_level(Renderer(case).render(0, n), 0, None, case.sr)
    resumed = heard[120 * block + n_ramp : 200 * block]
    shift = paused_for * block
    np.testing.assert_allclose(resumed, ref[120 * block + n_ramp - shift : 200 * block - shift], atol=1e-7)
    jumps = np.abs(np.diff(heard))
    assert jumps[45 * block : 60 * block].max() <= np.abs(np.diff(ref)).max()
    assert jumps[115 * block : 125 * block].max() <= np.abs(np.diff(ref)).max()


def test_underflows_are_counted_and_reported_after_playback(capsys, monkeypatch):
    sd = FakeSd(underflow_blocks={3, 7, 9})
    player = play(Case(duration_s=0.5), sd=sd)
    assert player.underflows == 3
    assert capsys.readouterr().err == ""  # nothing printed from the callback
    import murmur.play.devices
    import murmur.play.player
    from murmur import cli

    fake = FakeSd(underflow_blocks={1})
    for module in (murmur.play.devices, murmur.play.player):  # where the CLI and the Player look it up
        monkeypatch.setattr(module, "load_sounddevice", lambda: fake)
    assert cli.main(["play", "normal", "--duration-s", "0.5"]) == 0
    err = capsys.readouterr().err
    assert "1 gap(s) (audio underflows)" in err and len(err.splitlines()) == 1


def test_a_callback_error_reaches_the_caller():
    def boom(p, k):
        if k == 2:
            raise RuntimeError("boom")

    player = Player(Case(duration_s=1), on_block=boom, sd=FakeSd()).start()
    with pytest.raises(RuntimeError, match="boom"):
        player.wait(5)


def test_live_change_from_python_reaches_the_next_beat():
    sd = FakeSd(max_blocks=600)
    case = get_preset("normal").case

    def on_block(p, k):
        if k == 100:
            p.change(heart_rate_bpm=120)
        if k == 500:
            p.stop()

    player = Player(case, loop=True, on_block=on_block, sd=sd).start()
    assert player.wait(10)
    (i0, q0, c0), (i1, q1, c1) = player.switches
    assert c1.heart_rate_bpm == 120 and 1.0 <= q1 <= 1.0 + 60 / 72 + 0.15
