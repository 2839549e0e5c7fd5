"""The live console: keys, the status line, and a console that cannot read single keys."""

import io
import os
import sys

import pytest
from fake_sd import FakeSd

from murmur import PRESETS, get_preset
from murmur.play import console
from murmur.play.console import KEYS, LiveState, apply_key, key_help, run_live, status_line
from murmur.play.player import Player


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
        ("mr-mild", "background", "background", "clinic"),
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
    assert apply_key(state("normal"), "previous").name == list(PRESETS)[-1]
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


def test_play_loop_without_termios_says_one_line_and_plays(monkeypatch, capsys):
    """``murmur play --loop`` in a terminal with no termios (Windows): one line, then the sound until it ends."""
    from murmur.cli import main
    from murmur.play import player

    sd = FakeSd(max_blocks=30)  # the fake device stops after 30 blocks, as Ctrl-C would
    monkeypatch.setattr(player, "load_sounddevice", lambda: sd)
    monkeypatch.setitem(sys.modules, "termios", None)  # as on Windows: import termios fails
    master, slave = os.openpty()  # a terminal, so the live keys are tried
    with os.fdopen(slave, "r") as tty:
        monkeypatch.setattr(sys, "stdin", tty)
        code = main(["play", "normal", "--loop"])
    os.close(master)
    out, err = capsys.readouterr()
    assert code == 0 and err == "", err
    assert out.splitlines()[1] == console.NO_KEYS_NOTE and "Traceback" not in out
    assert len(sd.signal) >= 30 * sd.streams[0].blocksize and sd.signal.any()
