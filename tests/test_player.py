"""Player logic with a fake sounddevice: device rate, pause/resume, underflows, live keys."""

import dataclasses
import io
import subprocess
import sys

import numpy as np
import pytest
from fake_sd import FakeSd

from murmur import AudioUnavailableError, Case, get_preset, synthesize
from murmur.player import Player, play
from murmur.console import KEYS, LiveState, apply_key, key_help, run_live, status_line


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
    block = player._block
    n_ramp = round(0.025 * case.sr)
    # silent while paused (after the 25 ms ramp), and the sound resumes where it stopped
    ramp_blocks = -(-n_ramp // block)
    assert not heard[(50 + ramp_blocks) * block : 120 * block].any()
    paused_for = 120 - 50 - ramp_blocks
    from murmur import Renderer
    from murmur.level import apply_level

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
    import murmur.devices
    from murmur import cli

    monkeypatch.setattr(murmur.devices, "_sounddevice", FakeSd(underflow_blocks={1}))
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


# -- keys --------------------------------------------------------------------


def state(name):
    return LiveState(name, get_preset(name).case)


@pytest.mark.parametrize(
    ("name", "action", "field", "expected"),
    [
        ("mr-mild", "faster", "heart_rate_bpm", 77.0),
        ("mr-mild", "slower", "heart_rate_bpm", 67.0),
        ("mr-mild", "louder", "grade", 3),
        ("mr-mild", "softer", "grade", 1),
        ("mr-mild", "inspiration", "breath", "hold-inspiration"),
        ("mr-mild", "expiration", "breath", "hold-expiration"),
        ("mr-mild", "chest_piece", "chest_piece", "bell"),
        ("mr-mild", "site", "site", "axilla"),
        ("mr-mild", "speaker", "speaker", "laptop"),
    ],
)
def test_each_key_changes_what_it_says(name, action, field, expected):
    assert getattr(apply_key(state(name), action).case, field) == expected


def test_keys_stay_in_range_and_switching_case_keeps_how_it_is_heard():
    s = state("mr-mild")
    for _ in range(60):
        s = apply_key(s, "faster")
    assert s.case.heart_rate_bpm == 220 and "30-220" in s.note
    for _ in range(9):
        s = apply_key(s, "louder")
    assert s.case.grade == 6
    s = apply_key(apply_key(s, "site"), "chest_piece")
    s2 = apply_key(s, "next")
    assert s2.name == "mr-moderate" and s2.case.grade == 3 and s2.case.heart_rate_bpm == 72
    assert (s2.case.site, s2.case.chest_piece) == ("axilla", "bell")
    assert apply_key(state("normal"), "previous").name == "mr-af"
    assert apply_key(apply_key(state("mr-mild"), "inspiration"), "inspiration").case.breath == "normal"


def test_every_key_maps_to_a_known_action():
    s = state("mr-severe")
    for key, (action, _) in KEYS.items():
        if action != "quit":
            assert apply_key(s, action) != s or action == "pause", key


def test_run_live_drives_the_player_and_shows_one_status_line():
    sd = FakeSd(max_blocks=10**6)
    player = Player(get_preset("mr-mild").case, loop=True, sd=sd).start()
    keys = iter(["\x1b[A", "]", " ", " ", "n", "q"])
    out = io.StringIO()
    final = run_live(player, state("mr-mild"), keys=lambda: next(keys, "q"), out=out)
    player.stop()
    player.wait(5)
    # the case switch brings the preset's own rate and grade; pause was pressed twice
    assert final.name == "mr-moderate" and final.case.heart_rate_bpm == 72 and not final.paused
    assert player.case.finding == "mr" and player.case.mr_severity == "moderate" and player.case.grade == 3
    text = out.getvalue()
    assert text.startswith(key_help() + "\n")
    status = text[len(key_help()) + 1 :]
    assert status_line(final) in status and "\n" not in status.rstrip("\n")  # one line, rewritten in place


def test_import_murmur_help_and_export_do_not_load_sounddevice_or_matplotlib(tmp_path):
    code = (
        "import sys\n"
        "import murmur\n"
        "from murmur.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"main(['export', 'normal', '-q', '--duration-s', '1', '-o', {str(tmp_path / 'n.wav')!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'sounddevice')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
