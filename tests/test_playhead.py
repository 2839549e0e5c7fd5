"""The playhead view: pages are the sound the player plays; the cursor follows the stream clock."""

import dataclasses
import sys

import matplotlib
import numpy as np
import pytest
from fake_sd import FakeSd

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from murmur import DisplayUnavailableError, MurmurError, get_preset  # noqa: E402
from murmur.play.player import Player  # noqa: E402
from murmur.view import show_figure_window, show_window  # noqa: E402
from murmur.view.app import App  # noqa: E402
from murmur.view.windows import PlayheadView, WiggersView, page_length_s, page_view  # noqa: E402


def test_a_page_is_exactly_what_the_player_played_even_after_a_live_change():
    sd = FakeSd(max_blocks=800)
    case = get_preset("mr-mild").case

    def on_block(p, k):
        if k == 150:
            p.change(heart_rate_bpm=100, grade=4)
        if k == 700:
            p.stop()

    player = Player(case, loop=True, on_block=on_block, sd=sd).start()
    assert player.wait(10)
    heard = sd.signal
    t0, length = 2.0, 3.0  # spans the change (it lands near 1.5-2.5 s)
    y, tl = page_view(player.beats_ahead(t0 + length + 1), player.case, t0, length, None)
    n0 = int(t0 * case.sr)
    assert np.max(np.abs(y - heard[n0 : n0 + len(y)])) < 1e-7
    # the page's timeline starts at the page: events at their played times minus t0
    first_new = player.switches[1][0]
    beat = next(b for b in tl.beats if b.index == first_new + 1)
    assert beat.case.heart_rate_bpm == 100 and beat.case.grade == 4
    played = next(b for b in player.beats_ahead(0) if b.index == first_new + 1)
    assert beat.event("M1").time_s == pytest.approx(played.event("M1").time_s - t0, abs=1e-12)


class StubPlayer:
    """Stands in for a Player: a clock we set, and the beats of one case."""

    def __init__(self, case):
        self.case = case
        self.n_total = None
        self.active = True
        self.now_s = None
        from murmur import iter_beats

        self._beats = iter_beats(case)
        self._known = []

    def playhead_s(self):
        return self.now_s

    def beats_ahead(self, until_s):
        while not self._known or self._known[-1].q_s < until_s:
            self._known.append(next(self._beats))
        return list(self._known)


def test_the_cursor_follows_the_clock_and_turns_the_page():
    fig = Figure()
    FigureCanvasAgg(fig)
    case = get_preset("mr-moderate").case
    view = PlayheadView(fig, case, heading="mr-moderate")
    player = StubPlayer(case)
    view.attach(player)
    fig.canvas.draw()
    length = page_length_s(case)
    assert view.tick() and view.frames == 0  # nothing heard yet
    player.now_s = 0.8
    view.tick()
    lines = [ln for ax in fig.axes[:2] for ln in ax.lines if ln.get_gid() == "playhead"]
    assert len(lines) == 2 and all(ln.get_xdata()[0] == pytest.approx(0.8) for ln in lines)
    assert view.frames == 1 and view.t0_s == 0
    pages = view.pages
    player.now_s = length + 0.3  # past the right edge: the next page
    view.tick()
    assert view.pages == pages + 1 and view.t0_s == pytest.approx(length)
    lines = [ln for ax in fig.axes[:2] for ln in ax.lines if ln.get_gid() == "playhead"]
    assert all(ln.get_xdata()[0] == pytest.approx(0.3) for ln in lines)
    # the time axis reads the time in the sound, not in the page
    fig.canvas.draw()
    labels = [fig.axes[1].xaxis.get_major_formatter()(x, 0) for x in (0.0, 0.5)]
    assert labels == [f"{length:g}", f"{0.5 + length:g}"]
    player.active = False
    assert view.tick() is False


def test_the_page_shows_the_case_as_changed():
    fig = Figure()
    FigureCanvasAgg(fig)
    case = get_preset("mr-mild").case
    view = PlayheadView(fig, case, heading="mr-mild")
    view.show_case(dataclasses.replace(case, heart_rate_bpm=120))
    assert "120 bpm" in fig.texts[0].get_text() or any("120 bpm" in t.get_text() for t in fig.texts)


def test_seconds_shown_sets_the_page_length():
    fig = Figure()
    FigureCanvasAgg(fig)
    case = get_preset("mr-moderate").case
    view = PlayheadView(fig, case, seconds_shown=5.0)
    view.show_case(case)
    assert fig.axes[0].get_xlim()[1] == pytest.approx(5.0, abs=0.01)


def test_the_wiggers_cursor_sweeps_each_heard_beat_from_its_q():
    """issue 11: a Wiggers panel with the playhead crossing it: the cursor sits at the time since the heard beat's Q."""
    fig = Figure()
    FigureCanvasAgg(fig)
    case = dataclasses.replace(get_preset("mr-severe").case, model="physiological")
    view = WiggersView(fig, case)
    assert view.reason == ""
    fig.canvas.draw()
    player = StubPlayer(case)
    beats = player.beats_ahead(5.0)
    view.tick(player)
    assert view.frames == 0  # nothing heard yet
    lines = [ln for ax in fig.axes for ln in ax.lines if ln.get_gid() == "playhead"]
    assert len(lines) == 5  # every panel
    for beat, into_s in ((beats[1], 0.2), (beats[3], 0.45)):
        player.now_s = beat.q_s + into_s
        view.tick(player)
        assert all(ln.get_visible() and ln.get_xdata()[0] == pytest.approx(1000 * into_s) for ln in lines)
    assert view.frames == 2
    view.tick(None)  # stopped: the cursor goes
    assert not any(ln.get_visible() for ln in lines)
    # a case the circulation model does not cover: the figure says why
    assert "not finding 'mvp'" in WiggersView(Figure(), get_preset("mvp").case).reason


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="a display is assumed there")
def test_every_window_without_a_display_raises_one_error_type(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    save = r"there is no display to open a window on \(DISPLAY is not set\); use --save FILE.png"
    with pytest.raises(DisplayUnavailableError, match=save):
        show_window(get_preset("normal").case, play=True)  # said before any sound device is opened
    with pytest.raises(DisplayUnavailableError, match=save):
        show_figure_window(Figure())
    with pytest.raises(DisplayUnavailableError, match="no display .*'murmur lecture' and 'murmur export --figure'"):
        App()
    # the CLI's `except MurmurError` and a caller's `except RuntimeError` both catch it
    assert issubclass(DisplayUnavailableError, MurmurError) and issubclass(DisplayUnavailableError, RuntimeError)


def test_a_display_that_refuses_is_the_same_error(monkeypatch):
    pytest.importorskip("tkinter", reason="this Python has no Tk")
    monkeypatch.setenv("DISPLAY", ":4719")  # no X server there: Tk cannot connect
    with pytest.raises(DisplayUnavailableError, match=r"cannot open a window \(.*\); use --save FILE.png"):
        show_figure_window(Figure())
