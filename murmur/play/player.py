"""Playback through the computer's audio (sounddevice / PortAudio).

:class:`Player` plays a case once or loops it without end, rendering 10 ms
blocks in the audio callback from the block renderer (so a loop runs in
constant memory and has no seam: it is one endless timeline). While it plays,
:meth:`Player.set_case` and :meth:`Player.change` reach the sound at the next
beat that has not started; :meth:`Player.pause`, :meth:`Player.resume` and
:meth:`Player.stop` ramp the sound over 25 ms, so nothing clicks.

Devices and PortAudio itself are :mod:`murmur.play.devices`' job: sounddevice is
imported only there, when a sound is first played.

The callback never prints: underflows are counted and reported after
playback (:attr:`Player.underflows`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from .. import clinical as C
from ..case import Case
from ..errors import AudioUnavailableError
from ..physio.timeline import FIRST_Q_S, Beat, beats_until, continue_after, iter_beats
from ..sound.render import Renderer, levelled_blocks, n_samples
from ..units import ms_to_s
from .devices import (
    EXPORT_HINT,
    NO_DEVICE_MESSAGE,
    NO_PORTAUDIO_MESSAGE,
    load_sounddevice,
    output_devices,
    quiet_stderr,
    resolve_device,
    stream_settings,
)

__all__ = [
    "Player",
    "LiveBeats",
    "load_sounddevice",
    "output_devices",
    "resolve_device",
    "play",
    "wait_until_done",
    "fade_out_on_interrupt",
    "BLOCK_S",
    "NO_PORTAUDIO_MESSAGE",
    "NO_DEVICE_MESSAGE",
]

#: Length of one audio callback block, s (10 ms: a live change or a pause
#: reacts within a block; the callback costs well under 5 % of it).
BLOCK_S = 0.01

#: Beats a player remembers for displays (at 220 bpm, 35 s of sound).
_HISTORY_BEATS = 128


class LiveBeats:
    """An endless beat stream whose case can change between beats.

    Each beat is made from the case current when it is drawn; a change
    therefore lands on the next beat boundary not yet drawn, and the new
    beats continue the old timeline (the next Q and the beat index carry on),
    so there is no gap and no seam.

    Examples
    --------
    >>> live = LiveBeats(Case(heart_rate_bpm=60))
    >>> beats = iter(live)
    >>> a = next(beats)
    >>> live.case = Case(heart_rate_bpm=120)
    >>> b = next(beats); c = next(beats)
    >>> round(b.q_s - a.q_s, 1), round(c.q_s - b.q_s, 1), b.case.heart_rate_bpm
    (1.0, 0.5, 120.0)
    """

    def __init__(self, case: Case) -> None:
        self.case = case
        #: (first beat index, its Q time s, case) of every case used so far.
        self.switches: list[tuple[int, float, Case]] = [(0, FIRST_Q_S, case)]
        #: The latest beats drawn, oldest first (read by displays from any thread).
        self.history: deque[Beat] = deque(maxlen=_HISTORY_BEATS)

    def __iter__(self) -> Iterator[Beat]:
        last: Beat | None = None
        while True:
            case = self.case
            if case is not self.switches[-1][2]:
                start = (0, FIRST_Q_S) if last is None else (last.index + 1, last.q_s + last.rr_s)
                self.switches.append((*start, case))
            for beat in iter_beats(case) if last is None else continue_after(last, case):
                self.history.append(beat)
                yield beat
                last = beat
                if self.case is not case:
                    break


class Player:
    """Play a case through sounddevice, once or in an endless loop, with live changes.

    Parameters
    ----------
    case : Case
        What to play. One-shot playback plays ``case.duration_s`` seconds; a
        loop ignores the duration. If the device does not accept ``case.sr``
        the case is rendered at the device's own rate instead (synthesis is
        parametric, so this is exact, not a resampling).
    loop : bool, keyword-only
        Play without end until :meth:`stop`.
    device : int or str, keyword-only
        Output device index or part of its name (default: the system's).
    on_block : callable, keyword-only
        Called from the audio callback as ``on_block(player, block_index)``
        before each block is rendered (for tests and precise automation; it
        must be quick and must not print).
    sd : module, keyword-only
        The sounddevice module (default: imported on first use). Tests pass a
        fake here.

    Examples
    --------
    Play mild MR for 4 s, then severe MR from the next beat, then stop::

        p = Player(get_preset("mr-mild").case, loop=True).start()
        time.sleep(4); p.set_case(get_preset("mr-severe").case)
        time.sleep(4); p.stop(); p.wait()
    """

    def __init__(
        self,
        case: Case,
        *,
        loop: bool = False,
        device: int | str | None = None,
        on_block: Callable[[Player, int], None] | None = None,
        sd: Any = None,
    ) -> None:
        self._sd = sd or load_sounddevice()
        self.device_info = resolve_device(device, self._sd)
        rate, self.channels = stream_settings(self._sd, self.device_info, case.sr)
        self.sr = rate
        self.loop = loop
        self._on_block = on_block
        case = dataclasses.replace(case, sr=rate) if rate != case.sr else case
        self._live = LiveBeats(case)
        self._renderer = Renderer(case, beats=self._live)
        self._n_total: int | None = None if loop else n_samples(case.duration_s, rate)
        self._n_ramp = max(1, int(round(ms_to_s(C.FADE_MS) * rate)))
        self._block = max(1, int(round(BLOCK_S * rate)))
        self._pos = 0  # next sample of the sound to render
        self._gain = 1.0  # ramp gain (pause / stop)
        self._paused = False
        self._stopping = False
        self._done = False
        self._n_blocks = 0
        self._finished = threading.Event()
        self._clock: tuple[float, int] | None = None  # (DAC time of a block, its first sample)
        self.underflows = 0
        #: Seconds spent in the callback in all, and for each of the last 6000
        #: blocks (one minute); when the first block was handed over
        #: (``time.perf_counter``). For the playback benchmark.
        self.callback_s = 0.0
        self.callback_durations_s: deque[float] = deque(maxlen=6000)
        self.first_block_at: float | None = None
        self._stream: Any = None
        self._error: BaseException | None = None
        self._blocks = levelled_blocks(self._renderer, self._n_total, block=self._block)
        self._ready: np.ndarray | None = next(self._blocks)  # warm caches; the first block is ready at once

    # -- the case, live ---------------------------------------------------
    @property
    def case(self) -> Case:
        """The case new beats are made from."""
        return self._live.case

    @property
    def switches(self) -> list[tuple[int, float, Case]]:
        """Every case change that reached the sound: (first beat index, its Q time s, case)."""
        return list(self._live.switches)

    def beats_ahead(self, until_s: float) -> list[Beat]:
        """The beats played so far (the latest of them) and those to come until ``until_s``.

        Beats to come are predicted from the current case, so they are what
        will be played unless the case changes again. For displays.
        """
        known = list(self._live.history)
        case = self._live.case
        more = continue_after(known[-1], case) if known else iter_beats(case)
        return known + beats_until(more, until_s)

    @property
    def n_total(self) -> int | None:
        """Length of a one-shot sound in samples (None for a loop)."""
        return self._n_total

    def set_case(self, case: Case) -> None:
        """Play ``case`` from the next beat boundary (rendered at this player's rate)."""
        if case.sr != self.sr:
            case = dataclasses.replace(case, sr=self.sr)
        if not self.loop:
            case = dataclasses.replace(case, duration_s=self._live.case.duration_s)
        Renderer(case).sources(next(iter_beats(case)))  # fill the caches here, not in the callback
        self._live.case = case

    def change(self, **fields: Any) -> Case:
        """Change fields of the current case (validated) from the next beat; returns the new case."""
        case = dataclasses.replace(self._live.case, **fields)
        self.set_case(case)
        return case

    # -- transport ----------------------------------------------------------
    def start(self) -> Player:
        """Open the stream and start playing (returns at once)."""
        sd = self._sd
        try:
            with quiet_stderr():
                self._stream = sd.OutputStream(
                    samplerate=self.sr,
                    device=self.device_info["index"],
                    channels=self.channels,
                    dtype="float32",
                    blocksize=self._block,
                    latency="high",
                    callback=self._callback,
                    finished_callback=self._finished.set,
                )
                self._stream.start()
        except sd.PortAudioError as err:
            raise AudioUnavailableError(
                f"cannot open {self.device_info['name']!r} at {self.sr} Hz ({err}); pick another device with "
                f"--device (see 'murmur devices') or {EXPORT_HINT}."
            ) from err
        return self

    def pause(self) -> None:
        """Fade out over 25 ms and hold the place."""
        self._paused = True

    def resume(self) -> None:
        """Fade back in from where it paused."""
        self._paused = False

    @property
    def paused(self) -> bool:
        """Whether playback is paused (or pausing)."""
        return self._paused

    def stop(self) -> None:
        """Fade out over 25 ms and end (returns at once; :meth:`wait` for the end)."""
        self._stopping = True
        if self._stream is None:
            self._finished.set()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until playback has ended; True if it has. Closes the stream."""
        if not self._finished.wait(timeout_s):
            return False
        self.close()
        if self._error is not None:
            raise self._error
        return True

    def close(self) -> None:
        """Close the stream (idempotent)."""
        stream, self._stream = self._stream, None
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.close()

    @property
    def active(self) -> bool:
        """Whether sound is still being played."""
        return not self._finished.is_set()

    @property
    def blocks(self) -> int:
        """Audio blocks handed to the device so far."""
        return self._n_blocks

    @property
    def position_s(self) -> float:
        """Time in the sound of the next sample to be rendered, s."""
        return self._pos / self.sr

    def playhead_s(self) -> float | None:
        """Time in the sound now coming out of the speaker, s (None before the first block).

        Read from the stream's own clock (PortAudio's DAC time of the last
        block), so a cursor drawn from it moves in step with what is heard.
        """
        clock, stream = self._clock, self._stream
        if clock is None:
            return None
        dac_s, n0 = clock
        now = stream.time if stream is not None else dac_s
        return max(0.0, n0 / self.sr + (now - dac_s))

    # -- rendering -------------------------------------------------------------
    def _render(self, n0: int, n1: int) -> np.ndarray:
        """Samples ``[n0, n1)`` of the levelled stream; ``n0`` is where the last block ended."""
        y, self._ready = self._ready, None  # what was rendered ahead comes first
        if y is None:
            return self._blocks.send(n1 - n0)
        if len(y) < n1 - n0:
            return np.concatenate([y, self._blocks.send(n1 - n0 - len(y))])
        if len(y) > n1 - n0:
            y, self._ready = y[: n1 - n0], y[n1 - n0 :]
        return y

    def _next_block(self, frames: int) -> np.ndarray:
        """The next ``frames`` samples for the device (pause, stop and end handled)."""
        out = np.zeros(frames)
        if self._done:
            return out
        want = 0.0 if (self._paused or self._stopping) else 1.0
        if want == 0.0 and self._gain == 0.0:
            if self._stopping:
                self._done = True
            return out  # paused: hold the place
        n0 = self._pos
        n1 = n0 + frames if self._n_total is None else min(n0 + frames, self._n_total)
        y = self._render(n0, n1)
        if self._gain != want:
            direction = 1.0 if want > self._gain else -1.0
            ramp = np.clip(self._gain + direction * np.arange(1, len(y) + 1) / self._n_ramp, 0.0, 1.0)
            y = y * ramp
            self._gain = float(ramp[-1])
        out[: len(y)] = y
        self._pos = n1
        if self._n_total is not None and n1 >= self._n_total:
            self._done = True
        if self._stopping and self._gain == 0.0:
            self._done = True
        return out

    def _callback(self, outdata, frames, time_info, status) -> None:
        t0 = time.perf_counter()
        try:
            if status.output_underflow:
                self.underflows += 1
            if self._on_block is not None:
                self._on_block(self, self._n_blocks)
            n0 = self._pos
            y = self._next_block(frames)
            outdata[:] = y[:, None].astype(np.float32)
            self._clock = (time_info.outputBufferDacTime, n0)
            self._n_blocks += 1
            if self.first_block_at is None:
                self.first_block_at = time.perf_counter()
        except Exception as err:  # never let an error die silently in the audio thread
            self._error = err
            outdata.fill(0)
            raise self._sd.CallbackAbort from err
        finally:
            spent = time.perf_counter() - t0
            self.callback_s += spent
            self.callback_durations_s.append(spent)
        if self._done:
            raise self._sd.CallbackStop


@contextlib.contextmanager
def fade_out_on_interrupt(player: Player) -> Iterator[Player]:
    """On ``KeyboardInterrupt`` inside the block, fade ``player`` out (25 ms), close it, and re-raise."""
    try:
        yield player
    except KeyboardInterrupt:
        player.stop()
        player.wait(1.0)
        player.close()
        raise


def wait_until_done(player: Player) -> Player:
    """Block until ``player`` has ended (Ctrl-C fades it out, see :func:`fade_out_on_interrupt`)."""
    with fade_out_on_interrupt(player):
        while not player.wait(0.1):
            pass
    return player


def play(case: Case, *, device: int | str | None = None, sd: Any = None) -> Player:
    """Play ``case`` once and block until it has been heard; returns the finished player.

    A ``KeyboardInterrupt`` while waiting fades the sound out (25 ms), waits
    for it, and is raised again.
    """
    return wait_until_done(Player(case, device=device, sd=sd).start())
