"""The chest wall as a low-pass magnitude: what of a sound at the heart reaches the skin, by frequency.

One formula with one owner, below both of its users: the listening chain
weighs its noise sources with it (:mod:`murmur.sound.listening`), and the
circulation model weighs its jet's sound with it to tell how loud the jet is
heard (:func:`murmur.physio.circulation.jet.heard_jet_level_db`), which the
physiology layer may do without importing the sound layer. The orders and
corners per source kind, with their sources, are
:data:`murmur.clinical.CHEST_WALL`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .clinical import CHEST_WALL
from .units import FloatArray

__all__ = ["ChestWall", "chest_wall"]


@dataclass(frozen=True)
class ChestWall:
    """Magnitude of a chest-wall low-pass, as a weight on a spectrum.

    The analog Butterworth magnitude ``1 / sqrt(1 + (f / corner_hz)^(2 order))``
    (at heart-sound frequencies within 0.1 dB of the digital filter that
    :func:`murmur.sound.listening.process` applies). Noise sources take it as
    a weight on their spectrum, so they are made as heard at the skin (see
    :func:`murmur.sound.murmurs.murmur_noise`); hashable, so their gains can be
    cached by it.

    Parameters
    ----------
    order : int
        Butterworth order, 1 (-6 dB/octave) or 2 (-12 dB/octave).
    corner_hz : float
        The -3 dB corner, Hz.

    Examples
    --------
    >>> chest_wall("S3")(np.array([100.0, 400.0])).round(4).tolist()
    [0.7071, 0.0624]
    """

    order: int
    corner_hz: float

    def __call__(self, f_hz: FloatArray) -> FloatArray:
        return 1.0 / np.sqrt(1.0 + (f_hz / self.corner_hz) ** (2 * self.order))


def chest_wall(kind: str) -> ChestWall:
    """The chest-wall magnitude of a source kind (``'M1'``, ``'murmur'``, ...; see :data:`murmur.clinical.CHEST_WALL`).

    Examples
    --------
    >>> chest_wall("murmur")
    ChestWall(order=1, corner_hz=100.0)
    """
    order, corner = CHEST_WALL[kind]
    return ChestWall(order, corner)
