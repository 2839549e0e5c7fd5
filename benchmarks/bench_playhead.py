"""Playhead frame rate during playback, in a real Tk window (target >= 20 frames per second).

Run from the repository root (after ``scripts/test.sh`` has made ``.venv``):

    .venv/bin/python benchmarks/bench_playhead.py [--seconds 12] [--case mr-moderate]

Opens the window of ``murmur show CASE --play --loop`` (TkAgg canvas,
blitted cursor) on the current display, or on an Xvfb display it starts when
there is none. Sound goes to a stand-in stream that paces itself in real
time (a sound card's pace, with no sound card), so the cursor moves as it
would while a student listens. Reported: cursor frames per second over the
run, the longest gap between frames (a page turn redraws the whole figure),
and the time a page turn takes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

TARGET_FPS = 20.0


class PacedSd:
    """Just enough of sounddevice: a stream that calls back once per block, in real time."""

    class PortAudioError(Exception):
        pass

    class CallbackStop(Exception):
        pass

    class CallbackAbort(Exception):
        pass

    default = SimpleNamespace(device=[None, 0])
    _dev = {"name": "paced stand-in", "index": 0, "max_output_channels": 2, "default_samplerate": 44100.0}

    def query_devices(self, device=None, kind=None):
        return [self._dev] if device is None and kind is None else dict(self._dev)

    def check_output_settings(self, **kw):
        return None

    def OutputStream(self, **kw):  # noqa: N802
        return _PacedStream(self, **kw)


class _PacedStream:
    def __init__(self, sd, *, samplerate, blocksize, channels, callback, finished_callback, **kw):
        self.sd, self.sr, self.block, self.channels = sd, samplerate, blocksize, channels
        self.callback, self.finished = callback, finished_callback
        self._stop = False

    @property
    def time(self):
        return time.perf_counter()

    def start(self):
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        t0, k = time.perf_counter(), 0
        while not self._stop:
            out = np.zeros((self.block, self.channels), np.float32)
            info = SimpleNamespace(outputBufferDacTime=t0 + k * self.block / self.sr)
            try:
                self.callback(out, self.block, info, SimpleNamespace(output_underflow=False))
            except (PacedSd.CallbackStop, PacedSd.CallbackAbort):
                break
            k += 1
            time.sleep(max(0.0, t0 + k * self.block / self.sr - time.perf_counter()))
        self.finished()

    def close(self):
        self._stop = True


def _ensure_display() -> subprocess.Popen | None:
    if os.environ.get("DISPLAY"):
        return None
    exe = shutil.which("Xvfb")
    if exe is None:
        raise SystemExit("no display and no Xvfb (apt-get install xvfb)")
    number = next(n for n in range(90, 120) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    proc = subprocess.Popen([exe, f":{number}", "-screen", "0", "1400x950x24"], stderr=subprocess.DEVNULL)
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        time.sleep(0.05)
    os.environ["DISPLAY"] = f":{number}"
    return proc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=12.0, help="seconds of playback (default 12)")
    ap.add_argument("--case", default="mr-moderate", help="preset (default mr-moderate)")
    args = ap.parse_args()
    xvfb = _ensure_display()
    try:
        import tkinter

        from matplotlib.backends.backend_tkagg import FigureCanvasTkAgg
        from matplotlib.figure import Figure

        from murmur import get_preset
        from murmur.play.player import Player
        from murmur.view.windows import FRAME_MS, PlayheadView, fit_widget

        case = get_preset(args.case).case
        root = tkinter.Tk()
        fig = Figure(dpi=96)
        canvas = FigureCanvasTkAgg(fig, master=root)
        canvas.get_tk_widget().pack(side="top", anchor="w")
        view = PlayheadView(fig, case, heading=args.case)
        player = Player(case, loop=True, sd=PacedSd())
        view.attach(player)
        fit_widget(fig)
        canvas.draw()
        stamps, turns = [], []

        def tick():
            before_pages, t = view.pages, time.perf_counter()
            frames = view.frames
            view.tick()
            if view.frames > frames:
                stamps.append(time.perf_counter())
            if view.pages > before_pages:
                turns.append(time.perf_counter() - t)
            root.after(FRAME_MS, tick)

        player.start()
        start = time.perf_counter()
        root.after(FRAME_MS, tick)
        root.after(int(args.seconds * 1000), root.quit)
        root.mainloop()
        elapsed = time.perf_counter() - start
        player.stop()
        player.wait(2)
        root.destroy()
    finally:
        if xvfb is not None:
            xvfb.terminate()
    gaps = np.diff(stamps) if len(stamps) > 1 else np.array([np.nan])
    fps = len(stamps) / elapsed
    print(
        f"{args.case}: {len(stamps)} cursor frames in {elapsed:.1f} s = {fps:.1f} frames/s "
        f"(timer {1000 / FRAME_MS:.0f}/s) -> {'meets' if fps >= TARGET_FPS else 'MISSES'} the {TARGET_FPS:g} fps target"
    )
    print(
        f"median gap {1000 * np.median(gaps):.0f} ms, longest {1000 * np.max(gaps):.0f} ms; "
        f"{len(turns)} page turns, {1000 * np.mean(turns) if turns else float('nan'):.0f} ms each on average"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
