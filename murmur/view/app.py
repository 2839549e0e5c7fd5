"""The teaching window (``murmur app``): one figure, the controls a lecturer needs, and sound.

A case selector, sliders for heart rate and murmur grade, the S2 split mode,
chest piece and site, play/stop and loop. Every change re-draws the figure
and, while sound plays, reaches it at the next beat through the
:class:`~murmur.play.player.Player`; a cursor on the figure follows what is heard
(:class:`~murmur.view.windows.PlayheadView`).

The window is plain Tk (ships with Python) around matplotlib's TkAgg canvas.
:class:`App` builds the window without entering the main loop, so tests and
scripts can drive its widgets (``app.heart_rate.set(90)``,
``app.play_button.invoke()``) and pump events with ``app.root.update()``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..case import Case, field_spec
from ..errors import AudioUnavailableError, ParameterError
from ..presets import PRESETS
from .windows import FRAME_MS, PlayheadView, WiggersView, fit_widget, tk_root

__all__ = ["App", "run_app"]

#: Wait this long after the last slider move before re-drawing, ms.
_DEBOUNCE_MS = 150


class App:
    """The teaching window.

    Parameters
    ----------
    name : str, keyword-only
        The preset shown first.
    device : int or str, keyword-only
        Output device for play (default: the system's).
    changes : dict, keyword-only
        Case fields applied on top of every preset (the CLI's options).

    Attributes
    ----------
    root : tkinter.Tk
    case_name, heart_rate, grade, split_mode, chest_piece, site, loop : tkinter variables
        The controls' values; set them and call :meth:`apply` (the widgets
        do so themselves).
    play_button : ttk.Button
    view : PlayheadView
    player : Player or None
        The player while sound plays.

    Raises
    ------
    DisplayUnavailableError
        No display, or Tk cannot open a window.
    """

    def __init__(self, *, name: str = "mr-moderate", device: int | str | None = None, changes: dict | None = None):
        self.root = tk_root("'murmur lecture' and 'murmur export --figure' write files instead")
        import tkinter as tk
        from tkinter import ttk

        from matplotlib.backends.backend_tkagg import FigureCanvasTkAgg
        from matplotlib.figure import Figure

        self.root.title("murmur: heart sounds and the mitral-regurgitation murmur")
        self.device = device
        self.changes = dict(changes or {})
        self.player: Any = None
        self._pending: str | None = None
        self._shown_case: Case | None = None
        self._shown_name = name

        first = self._preset_case(name)
        self.case_name = tk.StringVar(self.root, name)
        self.heart_rate = tk.DoubleVar(self.root, first.heart_rate_bpm)
        self.grade = tk.IntVar(self.root, first.grade)
        self.split_mode = tk.StringVar(self.root, first.split_mode)
        self.chest_piece = tk.StringVar(self.root, first.chest_piece)
        self.site = tk.StringVar(self.root, first.site)
        self.loop = tk.BooleanVar(self.root, True)
        self.status = tk.StringVar(self.root, "")

        bar = ttk.Frame(self.root, padding=6)
        bar.pack(side="top", fill="x")
        ttk.Label(bar, text="Case").pack(side="left")
        picker = ttk.Combobox(bar, textvariable=self.case_name, values=list(PRESETS), state="readonly", width=22)
        picker.pack(side="left", padx=(4, 12))
        picker.bind("<<ComboboxSelected>>", lambda e: self._new_preset())
        self.case_picker = picker

        def slider(label: str, var: Any, low: float, high: float, length: int) -> Any:
            ttk.Label(bar, text=label).pack(side="left")
            scale = tk.Scale(
                bar,
                variable=var,
                from_=low,
                to=high,
                resolution=1,
                orient="horizontal",
                length=length,
                command=lambda v: self._later(),
            )
            scale.pack(side="left", padx=(4, 12))
            return scale

        rate, grade = field_spec("heart_rate_bpm"), field_spec("grade")  # limits from the Case, never copied
        assert rate.low is not None and rate.high is not None and grade.low is not None and grade.high is not None
        self.heart_rate_scale = slider(f"Heart rate ({rate.unit})", self.heart_rate, rate.low, rate.high, 180)
        self.grade_scale = slider(f"Grade ({grade.range_text()})", self.grade, grade.low, grade.high, 110)

        ttk.Label(bar, text="S2 split").pack(side="left")
        for mode in field_spec("split_mode").choices:
            ttk.Radiobutton(bar, text=mode, value=mode, variable=self.split_mode, command=self.apply).pack(side="left")

        bar2 = ttk.Frame(self.root, padding=(6, 0, 6, 6))
        bar2.pack(side="top", fill="x")
        for label, var, values in (
            ("Chest piece", self.chest_piece, field_spec("chest_piece").choices),
            ("Site", self.site, field_spec("site").choices),
        ):
            ttk.Label(bar2, text=label).pack(side="left")
            box = ttk.Combobox(bar2, textvariable=var, values=values, state="readonly", width=10)
            box.pack(side="left", padx=(4, 12))
            box.bind("<<ComboboxSelected>>", lambda e: self.apply())
        self.play_button = ttk.Button(bar2, text="Play", command=self.toggle_play, width=8)
        self.play_button.pack(side="left", padx=(12, 4))
        ttk.Checkbutton(bar2, text="Loop", variable=self.loop).pack(side="left")
        self.wiggers = tk.BooleanVar(self.root, False)
        ttk.Checkbutton(bar2, text="Wiggers diagram", variable=self.wiggers, command=self.toggle_wiggers).pack(
            side="left", padx=(12, 0)
        )
        self.wiggers_window: Any = None
        self.wiggers_view: WiggersView | None = None

        self.fig = Figure(dpi=96)
        self.canvas = FigureCanvasTkAgg(self.fig, master=self.root)
        # the figure is laid out in inches: keep the canvas its size (no stretching)
        self.canvas.get_tk_widget().pack(side="top", anchor="w")
        ttk.Label(self.root, textvariable=self.status, padding=6).pack(side="bottom", fill="x")
        self.view = PlayheadView(self.fig, first, heading=name)
        self.root.protocol("WM_DELETE_WINDOW", self.close)
        self.root.bind("<space>", lambda e: self.toggle_play())
        self.apply()
        fit_widget(self.fig)
        self.root.after(FRAME_MS, self._tick)

    # -- the case -----------------------------------------------------------------
    def _preset_case(self, name: str) -> Case:
        return dataclasses.replace(PRESETS[name].case, **self.changes)

    def current_case(self) -> Case:
        """The case the controls describe (the preset with the controls' values)."""
        case = self._preset_case(self.case_name.get())
        fields: dict[str, Any] = dict(
            heart_rate_bpm=float(self.heart_rate.get()),
            split_mode=self.split_mode.get(),
            chest_piece=self.chest_piece.get(),
            site=self.site.get(),
        )
        if case.has_murmur:
            fields["grade"] = int(self.grade.get())
        return dataclasses.replace(case, **fields)

    def _new_preset(self) -> None:
        try:
            case = self._preset_case(self.case_name.get())
        except ParameterError as err:  # e.g. --model physiological and a preset the model does not cover
            self.status.set(str(err))
            self.case_name.set(self._shown_name)
            return
        self.heart_rate.set(case.heart_rate_bpm)
        self.grade.set(case.grade)
        self.split_mode.set(case.split_mode)
        self.apply()

    def _later(self) -> None:
        if self._pending is not None:
            self.root.after_cancel(self._pending)
        self._pending = self.root.after(_DEBOUNCE_MS, self.apply)

    def apply(self) -> None:
        """Show (and, while playing, play from the next beat) what the controls say."""
        self._pending = None
        try:
            case = self.current_case()
        except ParameterError as err:  # a setting the case cannot take (the circulation model's 40-150 bpm)
            self.status.set(str(err))
            return
        self._shown_name = self.case_name.get()
        self.grade_scale.configure(state="normal" if case.has_murmur else "disabled")
        if case == self._shown_case:
            return
        self._shown_case = case
        if self.player is not None:
            self.player.set_case(case)
            self.view.case = case
            self.view.draw_page()
        else:
            self.view.show_case(case, heading=self.case_name.get())
        self.view.heading = self.case_name.get()
        self.status.set(f"{case.describe()}; heard {case.listening()}")
        if self.wiggers_view is not None:
            self._draw_wiggers(case)

    # -- the Wiggers diagram -----------------------------------------------------------
    def toggle_wiggers(self) -> None:
        """Open (or close) a window with the case's Wiggers diagram; a cursor follows the heard beat."""
        import tkinter as tk

        from matplotlib.backends.backend_tkagg import FigureCanvasTkAgg
        from matplotlib.figure import Figure

        if not self.wiggers.get():
            self._close_wiggers()
            return
        self.wiggers_window = tk.Toplevel(self.root)
        self.wiggers_window.title("murmur: Wiggers diagram")

        def on_close() -> None:
            self.wiggers.set(False)
            self._close_wiggers()

        self.wiggers_window.protocol("WM_DELETE_WINDOW", on_close)
        fig = Figure(dpi=72)
        canvas = FigureCanvasTkAgg(fig, master=self.wiggers_window)
        canvas.get_tk_widget().pack(side="top", anchor="w")
        self.wiggers_canvas = canvas
        self.wiggers_view = None
        self._draw_wiggers(self.current_case(), fig=fig)

    def _draw_wiggers(self, case: Case, fig: Any = None) -> None:
        if self.wiggers_view is None:
            self.wiggers_view = WiggersView(fig, case, max_height_px=int(0.85 * self.root.winfo_screenheight()))
            why = self.wiggers_view.reason
        else:
            why = self.wiggers_view.show_case(case)
        if why:
            self.status.set(f"No Wiggers diagram: {why}")

    def _close_wiggers(self) -> None:
        if self.wiggers_window is not None:
            self.wiggers_window.destroy()
        self.wiggers_window, self.wiggers_view = None, None

    # -- sound ------------------------------------------------------------------------
    def toggle_play(self) -> None:
        """Play (once or looping, per the Loop box) or stop."""
        if self.player is not None:
            self.stop()
            return
        from ..play.player import Player

        try:
            self.player = Player(self.current_case(), loop=bool(self.loop.get()), device=self.device)
            self.view.attach(self.player)
            self.player.start()
        except AudioUnavailableError as err:
            self.player = None
            self.view.attach(None)
            self.status.set(f"No sound: {err}")
            return
        self.play_button.configure(text="Stop")

    def stop(self) -> None:
        """Stop the sound (25 ms fade) and show the case from its start."""
        player, self.player = self.player, None
        if player is not None:
            player.stop()
            player.wait(1.0)
            player.close()
            if player.underflows:
                self.status.set(f"{player.underflows} gap(s) in the sound (audio underflows)")
        self.view.attach(None)
        self.play_button.configure(text="Play")

    def _tick(self) -> None:
        if self.player is not None and not self.view.tick():
            self.stop()
        if self.wiggers_view is not None:
            self.wiggers_view.tick(self.player)
        self.root.after(FRAME_MS, self._tick)

    def close(self) -> None:
        """Stop the sound and close the window."""
        self.stop()
        self.root.quit()
        self.root.destroy()


def run_app(*, name: str = "mr-moderate", device: int | str | None = None, changes: dict | None = None) -> None:
    """Open the teaching window and return when it is closed."""
    app = App(name=name, device=device, changes=changes)
    try:
        app.root.mainloop()
    except KeyboardInterrupt:
        app.close()
        raise
