"""A fake sounddevice for unit tests: the same surface murmur uses, no audio.

``OutputStream.start()`` runs the callback block by block on a thread, as
PortAudio would, and keeps what it was given in ``FakeSd.played``.
"""

from __future__ import annotations

import threading
from types import SimpleNamespace

import numpy as np


class PortAudioError(Exception):
    pass


class CallbackStop(Exception):
    pass


class CallbackAbort(Exception):
    pass


class FakeSd:
    PortAudioError = PortAudioError
    CallbackStop = CallbackStop
    CallbackAbort = CallbackAbort

    def __init__(self, *, rates=(44100,), default_rate=44100, max_blocks=100000, underflow_blocks=(), devices=None):
        self.rates = set(rates)
        self.devices = devices or [
            {"name": "Fake Speakers", "index": 0, "max_output_channels": 2, "default_samplerate": float(default_rate)}
        ]
        self.default = SimpleNamespace(device=[None, 0])
        self.max_blocks = max_blocks
        self.underflow_blocks = set(underflow_blocks)
        self.played: list[np.ndarray] = []
        self.streams: list[OutputStream] = []

    def query_devices(self, device=None, kind=None):
        if device is None and kind is None:
            return list(self.devices)
        if device is None:
            return dict(self.devices[self.default.device[1]])
        for d in self.devices:
            if device == d["index"] or (isinstance(device, str) and device.lower() in d["name"].lower()):
                return dict(d)
        raise ValueError(f"No {kind} device matching {device!r}")

    def check_output_settings(self, device=None, channels=None, dtype=None, samplerate=None):
        if samplerate not in self.rates:
            raise PortAudioError("Invalid sample rate [PaErrorCode -9997]")

    def OutputStream(self, **kw):  # noqa: N802 (sounddevice's name)
        s = OutputStream(self, **kw)
        self.streams.append(s)
        return s

    @property
    def signal(self) -> np.ndarray:
        """Everything played, first channel."""
        return np.concatenate([b[:, 0] for b in self.played]).astype(float) if self.played else np.zeros(0)


class OutputStream:
    def __init__(self, sd, *, samplerate, device, channels, dtype, blocksize, latency, callback, finished_callback):
        self.sd, self.samplerate, self.channels = sd, samplerate, channels
        self.blocksize, self.callback, self.finished_callback = blocksize, callback, finished_callback
        self.time = 0.0
        self._thread = None
        self.closed = False

    def start(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        try:
            for k in range(self.sd.max_blocks):
                out = np.zeros((self.blocksize, self.channels), dtype=np.float32)
                status = SimpleNamespace(output_underflow=k in self.sd.underflow_blocks)
                info = SimpleNamespace(outputBufferDacTime=self.time + 0.05)
                try:
                    self.callback(out, self.blocksize, info, status)
                except CallbackStop:
                    self.sd.played.append(out)
                    break
                except CallbackAbort:
                    break
                self.sd.played.append(out)
                self.time += self.blocksize / self.samplerate
        finally:
            self.finished_callback()

    def close(self):
        self.closed = True
