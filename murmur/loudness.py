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
:func:`set_gain` is the common gain of a set of sounds (the loudest brought
to a target, lowered if a peak would pass the ceiling); it reads numbers
only, so a WAV export, a lecture bundle and a web page share it.

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
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import clinical as C
from .errors import ParameterError
from .units import FloatArray, db_to_gain, gain_to_db

__all__ = [
    "k_weighting_sos",
    "integrated_loudness",
    "LoudnessMeter",
    "Measurement",
    "SetGain",
    "set_gain",
    "check_target_lufs",
    "LOUDNESS_RANGE_LUFS",
    "PCM16_CEILING",
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

#: The targets murmur normalises to, LUFS: -40 (quieter than broadcast's -23) to -10 (louder than music
#: streaming's -14; heart sounds are peaky, so a ceiling of -1 dBFS stops most cases before that).
LOUDNESS_RANGE_LUFS = (-40.0, -10.0)
#: The largest 16-bit sample value at or below the peak ceiling of -1 dBFS (29203/32767, -1.0002 dBFS):
#: a set gain that keeps peaks below it cannot be carried over -1 dBFS by rounding to 16 bits.
PCM16_CEILING = math.floor(db_to_gain(C.PEAK_CEILING_DBFS) * 32767) / 32767


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
        k = np.arange(len(energy))
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
    with np.errstate(divide="ignore"):
        return LOUDNESS_OFFSET_DB + 10.0 * np.log10(mean_square)


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


def check_target_lufs(value: object, *, typed: str | None = None) -> float:
    """A loudness target, checked: a number from -40 to -10 LUFS.

    ``typed`` is the text the user typed, quoted back in the message.

    Examples
    --------
    >>> check_target_lufs(-20)
    -20.0
    >>> check_target_lufs(0)
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: loudness must be a number between -40 and -10 (LUFS); got 0.
    """
    low, high = LOUDNESS_RANGE_LUFS
    shown = typed.strip() if typed is not None else f"{value!r}" if isinstance(value, str) else f"{value}"
    rule = f"loudness must be a number between {low:g} and {high:g} (LUFS)"
    bad = ParameterError(f"{rule}; got {shown}.", param="loudness")
    if isinstance(value, bool):
        raise bad
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise bad from None
    if not (math.isfinite(number) and low <= number <= high):
        raise bad
    return number


@dataclass(frozen=True)
class SetGain:
    """One gain for a set of sounds, and what it reaches.

    Attributes
    ----------
    gain : float
        The linear factor applied to every sound of the set.
    target_lufs : float
        The loudness asked for the set's loudest sound, LUFS.
    loudest_lufs : float
        The loudest sound's integrated loudness before the gain, LUFS.
    reached_lufs : float
        Its loudness after the gain, LUFS (the target, unless ``limited``).
    peak_dbfs : float
        The highest sample peak of the set after the gain, dBFS.
    ceiling_dbfs : float
        The peak ceiling the gain respected, dBFS.
    limited : bool
        True when the ceiling lowered the gain, so the target was not reached.
    n_sounds : int
        How many sounds share the gain.
    """

    gain: float
    target_lufs: float
    loudest_lufs: float
    reached_lufs: float
    peak_dbfs: float
    ceiling_dbfs: float
    limited: bool
    n_sounds: int

    @property
    def gain_db(self) -> float:
        """The gain in dB."""
        return gain_to_db(self.gain)

    def summary(self, *, loudest: str = "") -> str:
        """One line for a label track, a terminal or a page; ``loudest`` names the loudest sound of a set.

        Examples
        --------
        >>> set_gain([Measurement(-32.0, 0.1)], target_lufs=-20).summary()
        'loudness normalised (ITU-R BS.1770-4): gain +12.0 dB, -20.0 LUFS, peak -8.0 dBFS'
        >>> set_gain([Measurement(-32.0, 0.1), Measurement(-26.0, 0.5)], target_lufs=-14).summary()
        'loudness normalised (ITU-R BS.1770-4): gain +5.0 dB for 2 sounds, the loudest -21.0 LUFS, \
highest peak -1.0 dBFS; target -14 LUFS not reached (peak ceiling -1 dBFS)'
        """
        if self.n_sounds == 1:
            what = f", {self.reached_lufs:.1f} LUFS, peak {self.peak_dbfs:.1f} dBFS"
        else:
            what = (
                f" for {self.n_sounds} sounds, the loudest{f' ({loudest})' if loudest else ''} "
                f"{self.reached_lufs:.1f} LUFS, "
                f"highest peak {self.peak_dbfs:.1f} dBFS"
            )
        text = f"loudness normalised (ITU-R BS.1770-4): gain {self.gain_db:+.1f} dB{what}"
        if self.limited:
            text += f"; target {self.target_lufs:g} LUFS not reached (peak ceiling {self.ceiling_dbfs:g} dBFS)"
        return text


def set_gain(
    measurements: Sequence[Measurement], *, target_lufs: float, ceiling: float = PCM16_CEILING
) -> SetGain:
    """The one gain that brings the loudest of a set of sounds to ``target_lufs``, peaks kept under ``ceiling``.

    Every sound of the set gets the same gain, so their level differences
    (a grade 2 murmur against a grade 4) are kept. The gain that would
    bring the loudest sound to the target is lowered, if needed, so that no
    sound's sample peak exceeds ``ceiling``; the result says so.

    Parameters
    ----------
    measurements : sequence of Measurement
        Each sound's integrated loudness and sample peak (from
        :class:`LoudnessMeter`), before the gain.
    target_lufs : float, keyword-only
        Loudness for the loudest sound, -40 to -10 LUFS.
    ceiling : float, keyword-only
        Highest sample peak allowed after the gain, full scale 1.0, in
        (0, 1]; default :data:`PCM16_CEILING` (-1 dBFS, kept after rounding
        to 16 bits).

    Raises
    ------
    ParameterError
        ``target_lufs`` out of range, no measurements, or every sound below
        the -70 LUFS gate (nothing to bring to the target).

    Examples
    --------
    >>> g = set_gain([Measurement(-30.0, 0.05), Measurement(-26.0, 0.1)], target_lufs=-20)
    >>> round(g.gain_db, 2), g.reached_lufs, g.limited
    (6.0, -20.0, False)
    >>> g = set_gain([Measurement(-26.0, 0.5)], target_lufs=-14)  # +12 dB would lift the peak to +6 dBFS
    >>> round(g.reached_lufs, 2), round(g.peak_dbfs, 2), g.limited
    (-20.98, -1.0, True)
    """
    target_lufs = check_target_lufs(target_lufs)
    if not 0.0 < ceiling <= 1.0:
        raise ParameterError(f"ceiling must be in (0, 1] (full scale); got {ceiling:g}.", param="ceiling")
    if not measurements:
        raise ParameterError("measurements is empty; give the loudness and peak of at least one sound.")
    loudest = max(m.loudness_lufs for m in measurements)
    peak = max(m.peak for m in measurements)
    if not math.isfinite(loudest):
        raise ParameterError(
            f"every sound is below the {ABSOLUTE_GATE_LUFS:g} LUFS gate (silent), so no gain can bring it to "
            f"{target_lufs:g} LUFS.",
            param="loudness",
        )
    wanted = db_to_gain(target_lufs - loudest)
    allowed = ceiling / peak if peak > 0 else math.inf
    gain = min(wanted, allowed)
    return SetGain(
        gain=gain,
        target_lufs=target_lufs,
        loudest_lufs=loudest,
        reached_lufs=loudest + gain_to_db(gain),
        peak_dbfs=gain_to_db(peak * gain),
        ceiling_dbfs=C.PEAK_CEILING_DBFS if ceiling == PCM16_CEILING else gain_to_db(ceiling),
        limited=wanted > allowed,
        n_sounds=len(measurements),
    )
