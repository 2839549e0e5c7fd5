"""Playing through the computer's audio: devices, the player and the live console.

sounddevice is imported only in this sub-package, and only when a sound is
played or the devices are listed.
"""

from .console import LiveState, run_live
from .devices import output_devices, resolve_device
from .player import Player, play

__all__ = ["Player", "play", "output_devices", "resolve_device", "LiveState", "run_live"]
