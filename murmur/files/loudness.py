"""Loudness: ITU-R BS.1770-4 integrated loudness of a mono signal, and one gain for a set of sounds.

The meter follows the standard step by step:

1. **K-weighting**: a high shelf (+4 dB above about 1.7 kHz, the head's
   acoustic effect) followed by a high-pass (the RLB curve, -3 dB near
   38 Hz). The standard publishes the two biquads at 48 kHz only; here both
   come from their analog prototypes through the bilinear transform
   pre-warped at each stage's corner, which reproduces the published 48 kHz
   coefficients to 1e-15 and gives the same curve at any rate.
2. **Gating blocks** of 400 ms overlapping by 75 % (a new block every
   100 ms); a block's loudness is ``-0.691 + 10 log10(mean square)`` (mono:
   channel weight 1, so a 0 dBFS 1 kHz sine reads -3.01 LUFS).
3. **Gates**: blocks at or below -70 LUFS are dropped (absolute gate), then
   blocks at or below the mean of the rest minus 10 LU (relative gate); the
   integrated loudness is the level of the mean square of what remains.

:class:`LoudnessMeter` does this on a stream of blocks: the filters carry
their state across blocks and only one sum of squares per 100 ms is kept
(36,000 numbers for an hour), so a 1-hour export is measured in one pass
without holding it. :func:`integrated_loudness` measures an array.
:func:`murmur.files.normalise.set_gain` turns measurements into one gain for a set
of sounds.

The filter and gating constants below are the standard's signal processing,
not acoustics of the body, so they live here rather than in ``clinical.py``.

References
----------
.. [BS1770] ITU-R BS.1770-4, Algorithms to measure audio programme loudness
   and true-peak audio level (2015). Stage 1 and 2 coefficients at 48 kHz:
   Tables 1 and 2; gating: section 2.8 and Annex 1.
.. [Tech3341] EBU Tech 3341, Loudness metering: 'EBU Mode' metering to
   supplement EBU R 128 loudness normalisation, v3.0 (2016): the test
   signals of Table 1.
.. [Kokemuller] libebur128 (J. Kokemüller, MIT licence), ``ebur128_init_filter``:
   the analog prototypes' corner, gain and Q that give the published
   coefficients, also used by pyloudnorm (Steinmetz & Reiss, 2021).

Examples
--------
>>> import numpy as np
>>> sr = 48000
>>> y = 0.1 * np.sin(2 * np.pi * 997 * np.arange(10 * sr) / sr)  # -20 dBFS peak
>>> round(integrated_loudness(y, sr), 2)
-23.01
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import ParameterError
from ..units import FloatArray, db_to_gain, gain_to_db, power_to_db

__all__ = [
    "k_weighting_sos",
    "integrated_loudness",
    "LoudnessMeter",
    "Measurement",
]

#: Stage 1 (high shelf) analog prototype: corner Hz, gain dB, Q [Kokemuller]; at 48 kHz they give [BS1770] Table 1.
SHELF_F0_HZ = 1681.974450955533
SHELF_GAIN_DB = 3.999843853973347
SHELF_Q = 0.7071752369554196
#: The shelf's mid-band gain is ``Vh ** SHELF_VB_EXP`` (a geometric mean of 1 and Vh, fitted so the 48 kHz
#: numerators match the published ones to 1e-15; with exactly 0.5 they differ by 2.6e-5) [Kokemuller].
SHELF_VB_EXP = 0.4996667741545416
#: Stage 2 (high-pass, the RLB weighting) analog prototype: corner Hz and Q; at 48 kHz [BS1770] Table 2.
HIGHPASS_F0_HZ = 38.13547087602444
HIGHPASS_Q = 0.5003270373238773
#: The rate at which the standard prints its coefficients, Hz.
_REFERENCE_SR = 48000

#: Gating block length and the step between blocks (75 % overlap), s [BS1770] 2.8.
BLOCK_S = 0.4
STEP_S = 0.1
#: Steps (100 ms segments) in a block.
_STEPS_PER_BLOCK = 4
#: Absolute gate, LUFS, and relative gate below the absolutely gated loudness, LU [BS1770] 2.8.
ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
#: Offset of the loudness formula, dB: makes a 997 Hz sine read its K-weighted level [BS1770] eq. 2.
LOUDNESS_OFFSET_DB = -0.691


def _check_sr(sr: int) -> int:
    if isinstance(sr, bool) or not isinstance(sr, (int, np.integer)) or sr < 2 * SHELF_F0_HZ * 1.5:
        raise ParameterError(
            f"sr must be a whole number of Hz of at least {math.ceil(3 * SHELF_F0_HZ)} (the K-weighting shelf at "
            f"{SHELF_F0_HZ:.0f} Hz must lie well below Nyquist); got {sr!r}.",
            param="sr",
        )
    return int(sr)


def k_weighting_sos(sr: int) -> FloatArray:
    """The K-weighting filter of BS.1770-4 at rate ``sr``, as second-order sections.

    Parameters
    ----------
    sr : int
        Sample rate, Hz, >= 5046 (the shelf's corner, 1682 Hz, must lie well below Nyquist).

    Returns
    -------
    sos : ndarray, shape (2, 6)
        Stage 1 (high shelf) then stage 2 (high-pass), each ``[b0, b1, b2, 1, a1, a2]``,
        for :func:`scipy.signal.sosfilt`.

    Notes
    -----
    Each stage is its analog prototype mapped by the bilinear transform
    with ``K = tan(pi f0 / sr)`` (pre-warped at the corner ``f0``). The
    shelf is ``(Vh s^2 + Vb s w0/Q + w0^2) / (s^2 + s w0/Q + w0^2)``, the
    high-pass ``s^2 / (s^2 + s w0/Q + w0^2)`` with its numerator left at
    ``[1, -2, 1]`` at 48 kHz as the standard prints it (its high-frequency
    gain is 1.005, +0.04 dB, part of the standard's curve) and scaled so
    every rate has that same gain. Below about 16 kHz the bilinear transform
    compresses the shelf towards Nyquist (at 8 kHz: -0.2 dB at 997 Hz,
    -0.02 dB at 500 Hz, where heart sounds have their energy).

    Examples
    --------
    >>> k_weighting_sos(48000)[0, :3].round(8).tolist()  # BS.1770-4 Table 1
    [1.53512486, -2.69169619, 1.19839281]
    >>> k_weighting_sos(48000)[1, 4:].round(8).tolist()  # Table 2
    [-1.99004745, 0.99007225]
    """
    sr = _check_sr(sr)
    k = math.tan(math.pi * SHELF_F0_HZ / sr)
    vh = db_to_gain(SHELF_GAIN_DB)
    vb = vh**SHELF_VB_EXP
    a0 = 1.0 + k / SHELF_Q + k * k
    shelf = [
        (vh + vb * k / SHELF_Q + k * k) / a0,
        2.0 * (k * k - vh) / a0,
        (vh - vb * k / SHELF_Q + k * k) / a0,
        1.0,
        2.0 * (k * k - 1.0) / a0,
        (1.0 - k / SHELF_Q + k * k) / a0,
    ]
    k = math.tan(math.pi * HIGHPASS_F0_HZ / sr)
    a0 = 1.0 + k / HIGHPASS_Q + k * k
    # The standard's numerator [1, -2, 1] is the prototype's times a0 at 48 kHz (a pass-band gain of
    # +0.043 dB); scaling by that a0 over this rate's keeps the same curve at every rate (left at
    # [1, -2, 1], it would read 0.2 dB high at 8 kHz).
    b0 = _highpass_a0(_REFERENCE_SR) / a0
    highpass = [b0, -2.0 * b0, b0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / HIGHPASS_Q + k * k) / a0]
    return np.array([shelf, highpass])


def _highpass_a0(sr: int) -> float:
    """The stage-2 bilinear transform's a0 at rate ``sr`` (before normalising)."""
    k = math.tan(math.pi * HIGHPASS_F0_HZ / sr)
    return 1.0 + k / HIGHPASS_Q + k * k


@dataclass(frozen=True)
class Measurement:
    """Integrated loudness and sample peak of one sound.

    Attributes
    ----------
    loudness_lufs : float
        BS.1770-4 integrated loudness, LUFS; ``-inf`` when no 400 ms block
        passes the gates (silence, or a sound shorter than 400 ms).
    peak : float
        Largest absolute sample value, full scale 1.0.
    """

    loudness_lufs: float
    peak: float

    @property
    def peak_dbfs(self) -> float:
        """The sample peak in dB re full scale (``-inf`` for silence)."""
        return gain_to_db(self.peak)


class LoudnessMeter:
    """Integrated loudness of a mono stream, fed block by block, in one pass.

    Parameters
    ----------
    sr : int
        Sample rate, Hz, >= 5046.

    Notes
    -----
    The K-weighting filters keep their state from block to block, and the
    weighted squares are summed per 100 ms segment (segment ``k`` is
    samples ``[round(k sr / 10), round((k + 1) sr / 10))``, so rates that
    are not a multiple of 10 Hz are handled too). A gating block is four
    consecutive segments; a final part shorter than 100 ms belongs to no
    complete block and is not counted. Feeding a sound in any blocks gives
    the same result as feeding it whole.

    Examples
    --------
    >>> sr = 8000
    >>> y = 0.5 * np.sin(2 * np.pi * 1000 * np.arange(5 * sr) / sr)
    >>> meter = LoudnessMeter(sr)
    >>> for part in np.array_split(y, 7):
    ...     meter.update(part)
    >>> bool(abs(meter.integrated_lufs() - integrated_loudness(y, sr)) < 1e-9), round(meter.peak, 3)
    (True, 0.5)
    """

    def __init__(self, sr: int) -> None:
        from scipy.signal import sosfilt_zi

        self.sr = _check_sr(sr)
        self._sos = k_weighting_sos(self.sr)
        self._zi = sosfilt_zi(self._sos) * 0.0  # the filters start at rest
        self._segments: list[float] = []
        self._acc = 0.0
        self._n = 0
        self._peak = 0.0

    @property
    def n_samples(self) -> int:
        """Samples fed so far."""
        return self._n

    @property
    def peak(self) -> float:
        """Largest absolute sample value fed so far (before weighting), full scale 1.0."""
        return self._peak

    def _boundary(self, k: int) -> int:
        """First sample of 100 ms segment ``k`` (rounded half up)."""
        return (k * self.sr + 5) // 10

    def update(self, y: FloatArray) -> None:
        """Feed the next samples of the sound (1-D, full scale 1.0)."""
        from scipy.signal import sosfilt

        y = np.asarray(y, dtype=np.float64)
        if y.ndim != 1:
            raise ParameterError(f"y must be a 1-D (mono) signal; got shape {y.shape}.", param="y")
        if not len(y):
            return
        if not np.all(np.isfinite(y)):
            raise ParameterError("y holds NaN or infinite samples; loudness is defined for finite ones.", param="y")
        self._peak = max(self._peak, float(np.max(np.abs(y))))
        weighted, self._zi = sosfilt(self._sos, y, zi=self._zi)
        sq = weighted * weighted
        n0, n1 = self._n, self._n + len(y)
        start = 0
        end = self._boundary(len(self._segments) + 1)
        while end <= n1:
            self._acc += float(np.sum(sq[start : end - n0]))
            self._segments.append(self._acc)
            self._acc = 0.0
            start = end - n0
            end = self._boundary(len(self._segments) + 1)
        self._acc += float(np.sum(sq[start:]))
        self._n = n1

    def block_mean_squares(self) -> FloatArray:
        """Mean square of each complete 400 ms gating block so far (K-weighted), in time order."""
        sums = np.asarray(self._segments)
        if len(sums) < _STEPS_PER_BLOCK:
            return np.zeros(0)
        energy = np.convolve(sums, np.ones(_STEPS_PER_BLOCK), mode="valid")
        k = range(len(energy))
        lengths = np.array([self._boundary(j + _STEPS_PER_BLOCK) - self._boundary(j) for j in k], dtype=float)
        return energy / lengths

    def integrated_lufs(self) -> float:
        """Gated integrated loudness of everything fed so far, LUFS (``-inf`` if no block passes the gates)."""
        z = self.block_mean_squares()
        return _gated_loudness(z)

    def measurement(self) -> Measurement:
        """The integrated loudness and sample peak so far."""
        return Measurement(self.integrated_lufs(), self.peak)


def _lufs(mean_square: FloatArray | float) -> FloatArray | float:
    return LOUDNESS_OFFSET_DB + power_to_db(mean_square)


def _gated_loudness(z: FloatArray) -> float:
    """[BS1770] eqs. 4-7: absolute gate, relative gate, loudness of the mean of the rest."""
    if not len(z):
        return -math.inf
    level = _lufs(z)
    kept = z[level > ABSOLUTE_GATE_LUFS]
    if not len(kept):
        return -math.inf
    relative = float(_lufs(float(np.mean(kept)))) + RELATIVE_GATE_LU
    kept = z[(level > ABSOLUTE_GATE_LUFS) & (level > relative)]
    return float(_lufs(float(np.mean(kept))))


def integrated_loudness(y: FloatArray, sr: int) -> float:
    """BS.1770-4 integrated loudness of a mono signal, LUFS.

    Parameters
    ----------
    y : ndarray, shape (n,)
        The signal, full scale 1.0.
    sr : int
        Sample rate, Hz, >= 5046.

    Returns
    -------
    float
        Integrated loudness, LUFS (= LKFS); ``-inf`` when no 400 ms block
        passes the gates (silence, or fewer than 400 ms of sound).

    Examples
    --------
    >>> integrated_loudness(np.zeros(48000), 48000)
    -inf
    """
    meter = LoudnessMeter(sr)
    meter.update(y)
    return meter.integrated_lufs()
