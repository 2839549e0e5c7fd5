"""The listening chain: chest wall, listening site, chest piece, speaker mode.

What a stethoscope picks up is not the sound at the heart. Each source (one
M1, one murmur span, ...) passes, on its own, through

1. the **chest wall**, a low-pass per source kind (above 100 Hz about
   -12 dB/octave for S1, -6 dB/octave for S2 and the murmur; clinical.md);
2. the **listening site**, a gain per source kind (:data:`SITE_GAIN_DB`);
3. the **chest piece**, bell or diaphragm (:data:`CHEST_PIECE`);
4. the **speaker mode**: ``laptop`` moves each source's content below
   150 Hz up by 200 Hz (single-sideband shift, Aumann & Emanetoglu 2019) so a
   small speaker can play it; ``headphones`` is faithful.

Every step is linear and applied to a finite waveform (with its filter tail),
so the chain commutes with mixing and a render in blocks still equals the
render in one piece. Filters are causal Butterworth sections, as tissue and a
chest piece are, designed here in closed form (bilinear transform, orders 1
and 2) and applied by multiplying spectra, which equals ``sosfilt`` on the
zero-padded waveform to rounding; so the render path never imports
``scipy.signal`` (50 MB of memory, 0.3 s of start-up). The speaker shift is
zero-phase (it moves no event).

References
----------
.. [Aumann2019] Aumann HM, Emanetoglu NW. The radio-frequency stethoscope:
   frequency shifting heart sounds for small speakers. (2019).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.fft import irfft, next_fast_len, rfft

from .errors import ParameterError
from .units import FloatArray

__all__ = [
    "Chain",
    "chain_for",
    "chest_wall",
    "ChestWall",
    "chest_wall_sos",
    "chest_piece_sos",
    "butter_sos",
    "sosfilt_padded",
    "laptop_speaker_sos",
    "site_gain",
    "process",
    "SITE_GAIN_DB",
    "CHEST_PIECE",
    "SITES",
]


#: Chest-wall transmission per source kind: (order, corner Hz) of a Butterworth
#: low-pass. Above 100 Hz roughly -12 dB/octave for M1 and -6 dB/octave for A2
#: (clinical.md, after Sakai 1971 and Yoganathan 1976); T1 and the low
#: sounds (S3, S4, rumble) go the way of M1; P2, the click and the murmurs the
#: way of A2. *proposal* for all but M1 and A2.
CHEST_WALL = {
    "M1": (2, 100.0),
    "T1": (2, 100.0),
    "S3": (2, 100.0),
    "S4": (2, 100.0),
    "rumble": (2, 100.0),
    "A2": (1, 100.0),
    "P2": (1, 100.0),
    "click": (1, 100.0),
    "murmur": (1, 100.0),
}

SITES = ("apex", "axilla", "llsb", "lusb", "rusb")
#: Gain of each source kind at each site relative to the apex, dB (*proposal*
#: after clinical.md "Sites"): MR loudest at the apex, radiating to the left
#: axilla, softer at the base; T1 loudest at the left lower sternal border;
#: A2 loudest at the base; P2 heard mainly at the left upper sternal border
#: (there P2 = 0.7 A2, within the 0.5-0.8 of clinical.md, so the split is
#: heard best there); S3, S4 and the rumble at the apex.
SITE_GAIN_DB = {
    #          apex  axilla  llsb  lusb  rusb
    "M1": (0.0, -6.0, -3.0, -8.0, -8.0),
    "T1": (0.0, -8.0, 4.0, 0.0, -2.0),
    "A2": (0.0, -6.0, 2.0, 4.0, 4.0),
    "P2": (0.0, -8.0, 4.0, 7.0, -2.0),
    "S3": (0.0, -6.0, -6.0, -12.0, -14.0),
    "S4": (0.0, -6.0, -6.0, -12.0, -14.0),
    "click": (0.0, -6.0, -4.0, -8.0, -10.0),
    "murmur": (0.0, -3.0, -6.0, -9.0, -12.0),
    "rumble": (0.0, -6.0, -8.0, -14.0, -16.0),
    "background": (0.0, 0.0, 0.0, 0.0, 0.0),
}

#: Chest pieces as Butterworth sections: (kind, order, corner Hz) each.
#: Bell (light pressure) passes about 20-200 Hz: S3, S4, rumbles. Diaphragm
#: (firm pressure) attenuates below 100-200 Hz: the MR murmur and the S2
#: split stand out. (clinical.md "Listening"; corners are *proposal*.)
#: Documented responses (tested with ``freqz_sos``): bell -1.0 dB at 40 Hz,
#: -3.0 dB at 200 Hz, -12.3 dB at 400 Hz, -24.1 dB at 800 Hz; diaphragm
#: -23.0 dB at 40 Hz, -12.3 dB at 75 Hz, -3.0 dB at 150 Hz, -0.3 dB at 300 Hz.
CHEST_PIECE = {
    "none": (),
    "bell": (("highpass", 1, 20.0), ("lowpass", 2, 200.0)),
    "diaphragm": (("highpass", 2, 150.0),),
}

#: Model of a laptop speaker, for measuring speaker mode: 4th-order
#: Butterworth high-pass at 250 Hz (issue 5; clinical.md: small speakers
#: reproduce little below 150-200 Hz).
LAPTOP_SPEAKER = ("highpass", 4, 250.0)

#: Speaker mode: content below the crossover moves up by the shift
#: (single-sideband, Aumann & Emanetoglu 2019: below ~50 Hz up to ~200 Hz).
#: Chosen by measurement (moderate MR, grade 3, through the model speaker
#: below; tests/test_listening.py repeats it): faithful through headphones
#: S1 is -2.8 dB re the murmur; faithful through the laptop speaker -32.2 dB
#: (S1 loses 29 dB more than the murmur); shifted by 200 Hz with no extra
#: gain -4.0 dB (1.2 dB from faithful; S2 also within 1.2 dB). A 150 Hz shift
#: lost 6.1 dB, 250 Hz kept S1 but pushed it near the murmur's band.
LAPTOP_CROSSOVER_HZ = 150.0
LAPTOP_SHIFT_HZ = 200.0
#: Gain of the shifted band, dB (+6 dB overshot S1 by 3.4 dB).
LAPTOP_SHIFT_GAIN_DB = 0.0

#: Filter tails are kept for this many time constants of the slowest pole
#: (e^-14 < 1e-6 of the peak), and at least 50 ms.
_TAIL_TIME_CONSTANTS = 14.0
_MIN_TAIL_S = 0.05


@dataclass(frozen=True)
class ChestWall:
    """Magnitude of a chest-wall low-pass, as a weight on a spectrum.

    The analog Butterworth magnitude ``1 / sqrt(1 + (f / corner_hz)^(2 order))``
    (at heart-sound frequencies within 0.1 dB of the digital filter that
    :func:`process` applies). Noise sources take it as a weight on their
    spectrum, so they are made as heard at the skin (see
    :func:`murmur.murmurs.murmur_noise`); hashable, so their gains can be
    cached by it.

    Examples
    --------
    >>> chest_wall("M1")(np.array([100.0, 400.0])).round(4).tolist()
    [0.7071, 0.0624]
    """

    order: int
    corner_hz: float

    def __call__(self, f_hz: FloatArray) -> FloatArray:
        return 1.0 / np.sqrt(1.0 + (f_hz / self.corner_hz) ** (2 * self.order))


def chest_wall(kind: str) -> ChestWall:
    """The chest-wall magnitude of a source kind (see :data:`CHEST_WALL`)."""
    order, corner = CHEST_WALL[kind]
    return ChestWall(order, corner)


@dataclass(frozen=True)
class Chain:
    """The listening settings one source passes through."""

    site: str = "apex"
    chest_piece: str = "none"
    speaker: str = "headphones"


def chain_for(case) -> Chain:
    """The listening chain of a Case."""
    return Chain(site=case.site, chest_piece=case.chest_piece, speaker=case.speaker)


def _check_nyquist(freq_hz: float, sr: int, what: str) -> None:
    if not 0 < freq_hz < sr / 2:
        raise ParameterError(
            f"{what} at {freq_hz:g} Hz must lie below the Nyquist frequency {sr / 2:g} Hz; raise the sample rate sr.",
            param="sr",
        )


def butter_sos(btype: str, order: int, corner_hz: float, sr: int) -> np.ndarray:
    """Butterworth low- or high-pass of order 1 or 2 as second-order sections.

    The bilinear transform with the corner pre-warped, in closed form: the
    same coefficients as ``scipy.signal.butter(order, corner_hz, btype,
    fs=sr, output="sos")`` (tests/test_listening.py checks).

    Examples
    --------
    >>> butter_sos("lowpass", 1, 100.0, 44100).shape
    (1, 6)
    """
    _check_nyquist(corner_hz, sr, f"a {btype} corner")
    k = math.tan(math.pi * corner_hz / sr)
    if order == 1:
        norm = 1.0 / (1.0 + k)
        b = [k * norm, k * norm, 0.0] if btype == "lowpass" else [norm, -norm, 0.0]
        a = [1.0, (k - 1.0) * norm, 0.0]
    elif order == 2:
        q = math.sqrt(2.0)
        norm = 1.0 / (1.0 + q * k + k * k)
        if btype == "lowpass":
            b = [k * k * norm, 2 * k * k * norm, k * k * norm]
        else:
            b = [norm, -2 * norm, norm]
        a = [1.0, 2 * (k * k - 1) * norm, (1 - q * k + k * k) * norm]
    else:
        raise ParameterError(f"butter_sos designs orders 1 and 2; got {order}.", param="order")
    return np.array([b + a])


@lru_cache(maxsize=64)
def chest_wall_sos(kind: str, sr: int) -> np.ndarray:
    """Second-order sections of the chest-wall low-pass for a source kind.

    Examples
    --------
    >>> from scipy.signal import freqz_sos
    >>> w, h = freqz_sos(chest_wall_sos("M1", 44100), worN=[400.0, 800.0], fs=44100)
    >>> float(np.round(20 * np.log10(abs(h[1]) / abs(h[0])), 1))  # -12 dB per octave
    -12.0
    """
    order, corner = CHEST_WALL[kind]
    return butter_sos("lowpass", order, corner, sr)


@lru_cache(maxsize=16)
def chest_piece_sos(chest_piece: str, sr: int) -> np.ndarray | None:
    """Second-order sections of a chest piece (None for ``none``).

    Examples
    --------
    >>> from scipy.signal import freqz_sos
    >>> w, h = freqz_sos(chest_piece_sos("diaphragm", 44100), worN=[150.0], fs=44100)
    >>> float(np.round(20 * np.log10(abs(h[0])), 1))
    -3.0
    """
    parts = CHEST_PIECE[chest_piece]
    if not parts:
        return None
    return np.concatenate([butter_sos(btype, order, corner, sr) for btype, order, corner in parts])


@lru_cache(maxsize=8)
def laptop_speaker_sos(sr: int) -> np.ndarray:
    """The model laptop speaker (4th-order high-pass at 250 Hz), for measurement."""
    from scipy import signal

    btype, order, corner = LAPTOP_SPEAKER
    return signal.butter(order, corner, btype=btype, fs=sr, output="sos")


def site_gain(kind: str, site: str) -> float:
    """Linear gain of a source kind at a listening site, relative to the apex.

    Examples
    --------
    >>> site_gain("P2", "lusb") > site_gain("P2", "apex")
    True
    """
    return 10 ** (SITE_GAIN_DB[kind][SITES.index(site)] / 20)


def _pole_radius(a1: float, a2: float) -> float:
    """Largest magnitude of the roots of ``z**2 + a1*z + a2`` (one section's poles).

    In closed form rather than ``np.roots``, whose eigenvalue solver is LAPACK:
    no BLAS or LAPACK call on the render path (the tails are the same to the
    sample for every chain at every rate).
    """
    d = a1 * a1 - 4.0 * a2
    return math.sqrt(a2) if d < 0 else (abs(a1) + math.sqrt(d)) / 2


def _tail(sos: np.ndarray, sr: int) -> int:
    """Samples until the slowest pole of ``sos`` has decayed below 1e-6."""
    radius = max(_pole_radius(float(a1), float(a2)) for *_, a1, a2 in sos)
    if radius <= 0:
        return int(_MIN_TAIL_S * sr)
    return max(int(_MIN_TAIL_S * sr), int(_TAIL_TIME_CONSTANTS / -math.log(radius)))


@lru_cache(maxsize=16)
def _response(sos_key: bytes, n_fft: int) -> np.ndarray:
    """Frequency response of cascaded sections on the rfft bins of ``n_fft``."""
    sos = np.frombuffer(sos_key).reshape(-1, 6)
    z1 = np.exp(-2j * np.pi * np.arange(n_fft // 2 + 1) / n_fft)
    z2 = z1 * z1
    h = np.ones(len(z1), dtype=complex)
    for b0, b1, b2, a0, a1, a2 in sos:
        h *= (b0 + b1 * z1 + b2 * z2) / (a0 + a1 * z1 + a2 * z2)
    h.flags.writeable = False
    return h


def sosfilt_padded(sos: np.ndarray, y: FloatArray, sr: int) -> FloatArray:
    """``sosfilt`` of ``y`` followed by its tail, computed by spectra.

    Equals ``scipy.signal.sosfilt(sos, [y, zeros(tail)])`` to rounding (the
    FFT is long enough that the wrapped-around tail is below 1e-6 of the
    peak), where ``tail`` is :func:`_tail`.

    Examples
    --------
    >>> from scipy import signal
    >>> y = np.random.default_rng(0).standard_normal(1000)
    >>> sos = butter_sos("highpass", 2, 150.0, 8000)
    >>> out = sosfilt_padded(sos, y, 8000)
    >>> ref = signal.sosfilt(sos, np.concatenate([y, np.zeros(len(out) - len(y))]))
    >>> bool(np.max(np.abs(out - ref)) < 1e-6)
    True
    """
    n = len(y) + _tail(sos, sr)
    n_fft = next_fast_len(n + n // 4)
    return irfft(rfft(y, n_fft) * _response(np.ascontiguousarray(sos, float).tobytes(), n_fft), n_fft)[:n]


def _laptop_shift(y: FloatArray, sr: int) -> FloatArray:
    """Move the band below the crossover up by the shift; keep the rest.

    Zero-phase, in the frequency domain: the low band (a smooth 8th-power
    crossover) becomes an analytic signal, is multiplied by a carrier that
    starts at the source's onset, and its real part replaces the original low
    band. Events keep their times.
    """
    n = len(y)
    n_fft = next_fast_len(n + int(0.02 * sr))
    spec = rfft(y, n_fft)
    f = np.fft.rfftfreq(n_fft, 1.0 / sr)
    low_w = 1.0 / (1.0 + (f / LAPTOP_CROSSOVER_HZ) ** 8)
    high = irfft(spec * (1.0 - low_w), n_fft)[:n]
    full = np.zeros(n_fft, dtype=complex)
    full[: len(f)] = 2.0 * spec * low_w
    full[0] /= 2.0
    analytic = np.fft.ifft(full)[:n]
    carrier = np.exp(2j * np.pi * LAPTOP_SHIFT_HZ * np.arange(n) / sr)
    shifted = (analytic * carrier).real
    return high + 10 ** (LAPTOP_SHIFT_GAIN_DB / 20) * shifted


def process(kind: str, y: FloatArray, chain: Chain, sr: int, *, chest_wall: bool = True) -> FloatArray:
    """Pass one source waveform through the listening chain.

    The result is longer than ``y`` by the filters' tails (it starts at the
    same sample). ``chest_wall=False`` skips the chest wall (for sources that
    already are heard at the skin, such as the background).

    Examples
    --------
    >>> y = np.zeros(100); y[0] = 1.0
    >>> out = process("A2", y, Chain(), 8000)
    >>> len(out) > len(y)
    True
    """
    sections = []
    if chest_wall:
        sections.append(chest_wall_sos(kind, sr))
    piece = chest_piece_sos(chain.chest_piece, sr)
    if piece is not None:
        sections.append(piece)
    out = y
    if sections:
        out = sosfilt_padded(np.concatenate(sections), y, sr)
    gain = site_gain(kind, chain.site)
    if gain != 1.0:
        out = out * gain
    if chain.speaker == "laptop":
        out = _laptop_shift(out, sr)
    return out
