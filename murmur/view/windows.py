"""On screen: the labelled figure in a window, with a playhead that moves with the sound.

The figure shows one *page* of the sound at a time (three cardiac cycles by
default, like a monitor sweep). While a :class:`~murmur.play.player.Player` plays,
a vertical cursor crosses both panels at the time now coming out of the
speaker, read from the audio stream's own clock; when it reaches the right
edge the next page is drawn. Pages are rendered from the very beats the
player plays (its recent beats, then those the current case will make), so
the picture is the sound, even after a live change.

The cursor is blitted (only the two cursor lines are redrawn over a saved
background and only the two panels are copied to the screen), so it moves at
close to the timer's rate of 50 frames per second.

Tk is the window toolkit (it ships with Python); matplotlib is imported only
here and in the modules that draw (:mod:`murmur.view.figures`,
:mod:`murmur.view.wiggers`, :mod:`murmur.view.plots`). Without a display
:func:`has_display` is False, a window raises
:class:`~murmur.errors.DisplayUnavailableError`, and the CLI writes files
instead.
"""

from __future__ import annotations

import math
import os
import sys
import time
from typing import Any

from ..case import Case
from ..errors import AudioUnavailableError, DisplayUnavailableError
from ..physio.timeline import Beat, Timeline, beats_until, iter_beats
from ..sound.render import Renderer, levelled_blocks

__all__ = [
    "has_display",
    "page_view",
    "PlayheadView",
    "WiggersView",
    "show_window",
    "show_figure_window",
    "fit_widget",
    "tk_root",
    "FRAME_MS",
    "NO_DISPLAY_MESSAGE",
]

#: Timer period of the cursor, ms (at most 50 frames per second; Tk's own
#: event handling stretches it a little).
FRAME_MS = 20
#: Page length: this many cardiac cycles, but 1.5 to 6 s.
PAGE_CYCLES = 3
_PAGE_MIN_S, _PAGE_MAX_S = 1.5, 6.0
#: Cursor colour: black on the waveform, white on the spectrogram.
_CURSOR = {"waveform": "black", "spectrogram": "white"}

NO_DISPLAY_MESSAGE = "there is no display to open a window on (DISPLAY is not set)"
#: What to do instead of a figure window.
_SAVE_HINT = "use --save FILE.png to write the figure instead"


def has_display() -> bool:
    """Whether a window can be opened here (an X or Wayland display on Linux/BSD)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def tk_root(hint: str) -> Any:
    """A new Tk root window, or :class:`~murmur.errors.DisplayUnavailableError` saying why none can open.

    ``hint`` says what to do instead (e.g. "use --save FILE.png to write the
    figure instead"); it ends the message.
    """
    if not has_display():
        raise DisplayUnavailableError(f"{NO_DISPLAY_MESSAGE}; {hint}.")
    try:
        import tkinter
    except ImportError as err:
        raise DisplayUnavailableError(f"this Python has no Tk (tkinter), so no window can open; {hint}.") from err
    try:
        return tkinter.Tk()
    except tkinter.TclError as err:
        raise DisplayUnavailableError(f"cannot open a window ({err}); {hint}.") from err


def page_length_s(case: Case) -> float:
    """Seconds shown per page: three nominal cardiac cycles within 1.5-6 s.

    Examples
    --------
    >>> page_length_s(Case(heart_rate_bpm=60)), page_length_s(Case(heart_rate_bpm=180))
    (3.0, 1.5)
    """
    return min(_PAGE_MAX_S, max(_PAGE_MIN_S, PAGE_CYCLES * case.rr_s))


def page_view(beats: list[Beat], case: Case, t0_s: float, length_s: float, n_total: int | None):
    """The sound and timeline of the page ``[t0_s, t0_s + length_s)``, with times from the page start.

    ``beats`` must hold every beat sounding in the page, in time order (as
    :meth:`~murmur.play.player.Player.beats_ahead` gives). The samples equal those
    the player plays there (same beats, same sources, same level stage).

    Returns
    -------
    y : ndarray
        The page's samples.
    timeline : Timeline
        Its beats, shifted so the page starts at 0.
    """
    sr = case.sr
    n0 = int(round(t0_s * sr))
    n1 = n0 + int(round(length_s * sr))
    if n_total is not None:
        n1 = min(n1, n_total)
    renderer = Renderer(case, beats=beats)
    y = next(levelled_blocks(renderer, n_total, block=n1 - n0, start=n0)) if n1 > n0 else renderer.render(n0, n0)
    t1_s = n1 / sr
    shown = [b for b in beats if b.start_s < t1_s and b.q_s + b.rr_s + 1.0 > t0_s]
    page_case = shown[-1].case if shown else case
    return y, Timeline(case=page_case, beats=tuple(shown), duration_s=t1_s).shifted(-t0_s)


class _BlittedLines:
    """Animated cursor lines over a figure: the figure is drawn once, the lines blitted on a saved background.

    A subclass sets ``fig``, ``_lines`` and ``_background`` (None until the
    figure has been drawn) and says which region changes (:meth:`_changed`).
    """

    fig: Any
    _lines: list[Any]
    _background: Any

    def _changed(self) -> Any:
        return self.fig.bbox

    def _grab_background(self, event: Any = None) -> None:
        canvas = self.fig.canvas
        if hasattr(canvas, "copy_from_bbox"):
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        self._blit_lines()

    def _blit_lines(self) -> None:
        canvas = self.fig.canvas
        if self._background is None or not self._lines:
            return
        canvas.restore_region(self._background)
        for line in self._lines:
            line.axes.draw_artist(line)
        canvas.blit(self._changed())


class PlayheadView(_BlittedLines):
    """Draw pages of a case into a figure and keep a cursor on what is heard.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        An empty figure attached to a canvas that can blit (TkAgg; Agg for
        tests, where blitting draws nothing on screen).
    case : Case
        What is shown while nothing plays.
    heading : str, keyword-only
        Put before the case description in the title (e.g. the preset name).
    seconds_shown : float, keyword-only
        Page length, s (default: three cardiac cycles, 1.5-6 s).

    Attributes
    ----------
    frames : int
        Cursor frames drawn (for the frame-rate benchmark).
    """

    def __init__(self, fig: Any, case: Case, *, heading: str | None = None, seconds_shown: float | None = None) -> None:
        self.fig = fig
        self.case = case
        self.heading = heading
        self.seconds_shown = seconds_shown
        self.player: Any = None
        self.t0_s = 0.0
        self.length_s = seconds_shown or page_length_s(case)
        self.frames = 0
        self.pages = 0
        self._lines: list[Any] = []
        self._background: Any = None
        self._last_x: float | None = None
        self._cid = fig.canvas.mpl_connect("draw_event", self._grab_background)

    # -- pages ------------------------------------------------------------------
    def show_case(self, case: Case, *, heading: str | None = None) -> None:
        """Show ``case`` from its start (nothing playing) or, while playing, the current page anew."""
        self.case = case
        if heading is not None:
            self.heading = heading
        if self.player is None:
            self.t0_s = 0.0
        self.draw_page()

    def attach(self, player: Any) -> None:
        """Follow ``player`` (None: stop following; the cursor goes)."""
        self.player = player
        self.t0_s = 0.0
        self.draw_page()

    def draw_page(self) -> None:
        """Render and draw the current page in full (a second or less)."""
        from .figures import case_figure

        case = self.player.case if self.player is not None else self.case
        self.length_s = self.seconds_shown or page_length_s(case)
        t1 = self.t0_s + self.length_s
        if self.player is not None:
            beats = self.player.beats_ahead(t1 + 1.0)
            n_total = self.player.n_total
            if n_total is not None and self.t0_s >= n_total / case.sr:
                return
        else:
            beats = beats_until(iter_beats(case), t1 + 1.0)
            n_total = None
        y, timeline = page_view(beats, case, self.t0_s, self.length_s, n_total)
        if len(y) < 0.1 * case.sr:
            return
        self.fig.clear()
        case_figure(
            timeline.case, y=y, timeline=timeline, seconds_shown=len(y) / case.sr, title=self.heading, fig=self.fig
        )
        if self.t0_s:
            from matplotlib.ticker import FuncFormatter

            t0 = self.t0_s
            self.fig.axes[1].xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x + t0:g}"))
        self._lines = [
            ax.axvline(0.0, color=_CURSOR.get(ax.get_gid(), "black"), lw=2.0, animated=True, gid="playhead")
            for ax in self.fig.axes[:2]
        ]
        for line in self._lines:
            line.set_visible(self.player is not None)
        self._background = None
        self.pages += 1
        fit_widget(self.fig)
        self.fig.canvas.draw_idle()

    # -- the cursor ---------------------------------------------------------------
    def _changed(self) -> Any:
        from matplotlib.transforms import Bbox

        # only the two panels change: copying them, not the whole figure, to the screen halves a frame's cost
        return Bbox.union([line.axes.bbox for line in self._lines])

    def tick(self) -> bool:
        """Move the cursor to the sound now heard, turning the page if needed; False once playback has ended."""
        player = self.player
        if player is None:
            return True
        x = player.playhead_s()
        if x is not None:
            if x >= self.t0_s + self.length_s or x < self.t0_s:
                self.t0_s = self.t0_s + self.length_s * math.floor((x - self.t0_s) / self.length_s)
                self.draw_page()
                self.fig.canvas.draw()
            local = x - self.t0_s
            if local != self._last_x:
                for line in self._lines:
                    line.set_xdata([local, local])
                self._blit_lines()
                self._last_x = local
                self.frames += 1
        return player.active


def fit_widget(fig: Any) -> None:
    """Size a Tk canvas to the figure the layout asked for (it is laid out in inches)."""
    get_widget = getattr(fig.canvas, "get_tk_widget", None)
    if get_widget is None:
        return
    w_in, h_in = fig.get_size_inches()
    w, h = int(round(w_in * fig.dpi)), int(round(h_in * fig.dpi))
    widget = get_widget()
    if (int(widget.cget("width")), int(widget.cget("height"))) != (w, h):
        widget.configure(width=w, height=h)


def show_window(
    case: Case,
    *,
    heading: str | None = None,
    play: bool = False,
    loop: bool = False,
    device: int | str | None = None,
    seconds_shown: float | None = None,
    say=print,
) -> dict:
    """Open a window with the case's figure; with ``play``, play it with a moving cursor.

    Blocks until the window is closed (or, playing once, until the sound
    ends and the window is closed). Returns ``{"frames": ..., "seconds": ...}``
    of the cursor, for the benchmark.

    Raises
    ------
    DisplayUnavailableError
        No display, or Tk cannot open a window.
    AudioUnavailableError
        ``play`` and no audio.
    """
    if not has_display():  # said before a sound device is opened
        raise DisplayUnavailableError(f"{NO_DISPLAY_MESSAGE}; {_SAVE_HINT}.")
    player = None
    if play:
        from ..play.player import Player

        player = Player(case, loop=loop, device=device)
    try:
        root = tk_root(_SAVE_HINT)
    except DisplayUnavailableError:
        if player is not None:
            player.close()
        raise
    import tkinter

    from matplotlib.backends.backend_tkagg import FigureCanvasTkAgg
    from matplotlib.figure import Figure

    root.title(f"murmur: {heading or case.describe()}")
    fig = Figure(dpi=96)
    canvas = FigureCanvasTkAgg(fig, master=root)
    view = PlayheadView(fig, case, heading=heading, seconds_shown=seconds_shown)
    view.show_case(case)
    canvas.get_tk_widget().pack(side="top", anchor="w")  # laid out in inches: no stretching
    fit_widget(fig)
    started = time.perf_counter()

    def close() -> None:
        if player is not None:
            player.stop()
            player.wait(1.0)
            player.close()
        root.quit()

    def tick() -> None:
        try:
            view.tick()
        except Exception:  # a drawing error must not leave the sound playing
            close()
            raise
        root.after(FRAME_MS, tick)

    root.protocol("WM_DELETE_WINDOW", close)
    root.bind("<Escape>", lambda e: close())
    root.bind("q", lambda e: close())
    if player is not None:
        view.attach(player)
        canvas.draw()
        try:
            player.start()
        except AudioUnavailableError:
            root.destroy()
            raise
        say(f"playing {heading or ''} in the window; close it (or press q) to stop")
        started = time.perf_counter()
        root.after(FRAME_MS, tick)
    try:
        root.mainloop()
    except KeyboardInterrupt:
        close()
        raise
    finally:
        cursor = {"frames": view.frames, "seconds": time.perf_counter() - started}
        try:
            root.destroy()
        except tkinter.TclError:
            pass
    return cursor


def show_figure_window(fig: Any, *, title: str = "murmur") -> None:
    """Show a finished figure in a window until it is closed (``q`` or Esc close it too).

    Raises
    ------
    DisplayUnavailableError
        No display, or Tk cannot open a window.
    """
    root = tk_root(_SAVE_HINT)
    from matplotlib.backends.backend_tkagg import FigureCanvasTkAgg

    root.title(title)
    fig.set_dpi(96)
    canvas = FigureCanvasTkAgg(fig, master=root)
    canvas.get_tk_widget().pack(side="top", anchor="w")
    fit_widget(fig)
    canvas.draw()
    for key in ("<Escape>", "q"):
        root.bind(key, lambda e: root.quit())
    root.protocol("WM_DELETE_WINDOW", root.quit)
    try:
        root.mainloop()
    finally:
        root.destroy()


class WiggersView(_BlittedLines):
    """The Wiggers diagram of a case in its own figure, with a cursor on the heard beat's moment.

    The diagram is one steady beat of the circulation model
    (:func:`murmur.view.wiggers.wiggers_figure`); while a player plays, the cursor
    sits at the time since the Q of the beat now heard, so it sweeps the
    diagram once a beat.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        An empty figure attached to a canvas that can blit.
    case : Case
        The case drawn (for one the circulation model does not cover, the
        figure says why).
    max_height_px : int, keyword-only
        Lower the figure's dpi so that it is at most this tall on screen.

    Attributes
    ----------
    frames : int
        Cursor frames drawn.
    reason : str
        Why the first case has no diagram ("" when it has one).
    """

    def __init__(self, fig: Any, case: Case, *, max_height_px: int | None = None) -> None:
        self.fig = fig
        self.max_height_px = max_height_px
        self.frames = 0
        self._lines: list[Any] = []
        self._background: Any = None
        self._last_x: float | None = None
        self._rr_ms = 0.0
        fig.canvas.mpl_connect("draw_event", self._grab_background)
        self.reason = self.show_case(case)

    def show_case(self, case: Case) -> str:
        """Draw the diagram of ``case``; for a case the model does not cover, say why in the figure.

        Returns "" or that reason.
        """
        from ..errors import ParameterError
        from .wiggers import wiggers_figure

        self.fig.clear()
        self._lines, self._background, self._last_x = [], None, None
        try:
            wiggers_figure(case, fig=self.fig)
        except ParameterError as err:
            self.fig.clear()
            self.fig.set_size_inches(8, 2)
            self.fig.text(0.03, 0.5, f"No Wiggers diagram: {err}", va="center", fontsize=11, wrap=True)
            fit_widget(self.fig)
            self.fig.canvas.draw_idle()
            return str(err)
        if self.max_height_px:  # the diagram is tall: fit it to the screen
            self.fig.set_dpi(min(self.fig.dpi, self.max_height_px / self.fig.get_size_inches()[1]))
        axes = [ax for ax in self.fig.axes if ax.get_visible()]
        self._rr_ms = float(axes[0].get_xlim()[1])
        self._lines = [ax.axvline(0.0, color="black", lw=2.0, animated=True, gid="playhead") for ax in axes]
        fit_widget(self.fig)
        self.fig.canvas.draw_idle()
        return ""

    def tick(self, player: Any) -> None:
        """Move the cursor to the heard moment of the current beat (hidden past the diagram's beat or when idle)."""
        x = player.playhead_s() if player is not None else None
        local = None
        if x is not None:
            before = [b for b in player.beats_ahead(x) if b.q_s <= x]
            if before:
                local = (x - before[-1].q_s) * 1000.0
        visible = local is not None and local <= self._rr_ms
        if (local if visible else None) == self._last_x:
            return
        for line in self._lines:
            line.set_visible(visible)
            if visible:
                line.set_xdata([local, local])
        self._blit_lines()
        self._last_x = local if visible else None
        self.frames += visible
