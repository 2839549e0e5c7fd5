"""Unit conversions, in one place (house style rule 4), and the array type of a signal."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

__all__ = [
    "FloatArray",
    "db_to_gain",
    "gain_to_db",
    "power_to_db",
    "db_per_octave_to_exponent",
    "ms_to_s",
    "s_to_ms",
    "rms",
    "rms_db",
]

#: A 1-D float64 signal (``y``) or any float64 array of physical values; the one
#: alias every module uses in its type hints.
FloatArray = npt.NDArray[np.float64]


def db_to_gain(gain_db: float) -> float:
    """Convert a level in dB to a linear amplitude factor.

    Examples
    --------
    >>> round(db_to_gain(-6.0206), 4)
    0.5
    """
    return 10.0 ** (gain_db / 20.0)


def gain_to_db(gain: float) -> float:
    """Convert a linear amplitude factor to dB (``-inf`` for 0).

    Examples
    --------
    >>> gain_to_db(10.0)
    20.0
    """
    return 20.0 * math.log10(gain) if gain > 0 else -math.inf


def power_to_db(power: FloatArray | float) -> FloatArray | float:
    """Convert a power ratio (a mean square re full scale 1.0) to dB, element-wise (``-inf`` for 0).

    Examples
    --------
    >>> float(power_to_db(0.01))
    -20.0
    >>> power_to_db(np.array([1.0, 100.0, 0.0])).tolist()
    [0.0, 20.0, -inf]
    """
    with np.errstate(divide="ignore"):
        return 10.0 * np.log10(power)


def db_per_octave_to_exponent(slope_db_oct: float) -> float:
    """Convert a magnitude slope in dB per octave to the exponent ``p`` of ``|H(f)| ~ f ** p``.

    A power density falling ``slope_db_oct`` dB per octave has a magnitude
    ``f ** p`` with ``p = slope_db_oct / (20 log10 2)``: about -1 for -6.02 dB
    per octave (the magnitude halves), -2 for -12.04.

    Examples
    --------
    >>> round(db_per_octave_to_exponent(-6.0206), 4)
    -1.0
    """
    return slope_db_oct / (20.0 * math.log10(2.0))


def ms_to_s(value_ms: float) -> float:
    """Milliseconds to seconds.

    Examples
    --------
    >>> ms_to_s(250.0)
    0.25
    """
    return value_ms / 1000.0


def s_to_ms(value_s: float) -> float:
    """Seconds to milliseconds.

    Examples
    --------
    >>> s_to_ms(0.25)
    250.0
    """
    return value_s * 1000.0


def rms(y: FloatArray) -> float:
    """Root-mean-square of a signal (0 for an empty one).

    Examples
    --------
    >>> rms(np.array([1.0, -1.0]))
    1.0
    """
    return float(np.sqrt(np.mean(np.square(y)))) if len(y) else 0.0


def rms_db(y: FloatArray) -> float:
    """RMS of a signal in dB re full scale 1.0 (``-inf`` for silence).

    Examples
    --------
    >>> rms_db(np.array([0.5, -0.5]))  # doctest: +ELLIPSIS
    -6.0205...
    """
    return gain_to_db(rms(y))
