"""The listening chain: chest wall, listening site, chest piece, speaker mode.

What a stethoscope picks up is not the sound at the heart. Each source (one
M1, one murmur span, ...) passes, on its own, through

1. the **chest wall**, a low-pass per source kind (steeper for S1 than for S2
   and the murmur; :data:`murmur.clinical.CHEST_WALL`);
2. the **listening site**, a gain per source kind
   (:data:`murmur.clinical.SITE_GAIN_DB`);
3. the **chest piece**, bell or diaphragm (:data:`murmur.clinical.CHEST_PIECE`);
4. the **speaker mode**: ``laptop`` moves each source's low content up
   (single-sideband shift, [Aumann2019]; :data:`murmur.clinical.LAPTOP_SHIFT_HZ`)
   so a small speaker can play it; ``headphones`` is faithful.

Every number of the chain, with its source, is in :mod:`murmur.clinical`;
this module only applies them.

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
See :mod:`murmur.clinical`: [Sakai1971] and [Yoganathan1976] for the heard
spectra the chest wall is checked against, [Aumann2019] for the speaker shift.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.fft import irfft, next_fast_len, rfft

from .. import clinical as C
from ..errors import ParameterError
from ..tissue import ChestWall, chest_wall  # one owner below physio and sound; re-exported here
from ..units import FloatArray, db_to_gain

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
]


#: Filter tails are kept for this many time constants of the slowest pole
#: (e^-14 < 1e-6 of the peak), and at least 50 ms.
_TAIL_TIME_CONSTANTS = 14.0
_MIN_TAIL_S = 0.05


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
    >>> w, h = freqz_sos(chest_wall_sos("S3", 44100), worN=[400.0, 800.0], fs=44100)
    >>> from murmur.units import gain_to_db
    >>> round(gain_to_db(abs(h[1]) / abs(h[0])), 1)  # -12 dB per octave
    -12.0
    """
    order, corner = C.CHEST_WALL[kind]
    return butter_sos("lowpass", order, corner, sr)


@lru_cache(maxsize=16)
def chest_piece_sos(chest_piece: str, sr: int) -> np.ndarray | None:
    """Second-order sections of a chest piece (None for ``none``).

    Examples
    --------
    >>> from scipy.signal import freqz_sos
    >>> w, h = freqz_sos(chest_piece_sos("diaphragm", 44100), worN=[150.0], fs=44100)
    >>> from murmur.units import gain_to_db
    >>> round(gain_to_db(abs(h[0])), 1)
    -3.0
    """
    parts = C.CHEST_PIECE[chest_piece]
    if not parts:
        return None
    return np.concatenate([butter_sos(btype, order, corner, sr) for btype, order, corner in parts])


@lru_cache(maxsize=8)
def laptop_speaker_sos(sr: int) -> np.ndarray:
    """The model laptop speaker (:data:`murmur.clinical.LAPTOP_SPEAKER`), for measurement."""
    from scipy import signal

    btype, order, corner = C.LAPTOP_SPEAKER
    return signal.butter(order, corner, btype=btype, fs=sr, output="sos")


def site_gain(kind: str, site: str) -> float:
    """Linear gain of a source kind at a listening site, relative to the apex.

    Examples
    --------
    >>> site_gain("P2", "lusb") > site_gain("P2", "apex")
    True
    """
    return db_to_gain(C.SITE_GAIN_DB[kind][site])


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
    low_w = 1.0 / (1.0 + (f / C.LAPTOP_CROSSOVER_HZ) ** C.LAPTOP_CROSSOVER_POWER)
    high = irfft(spec * (1.0 - low_w), n_fft)[:n]
    full = np.zeros(n_fft, dtype=complex)
    full[: len(f)] = 2.0 * spec * low_w
    full[0] /= 2.0
    analytic = np.fft.ifft(full)[:n]
    carrier = np.exp(2j * np.pi * C.LAPTOP_SHIFT_HZ * np.arange(n) / sr)
    shifted = (analytic * carrier).real
    return high + db_to_gain(C.LAPTOP_SHIFT_GAIN_DB) * shifted


def process(
    kind: str, y: FloatArray, chain: Chain, sr: int, *, chest_wall: bool = True, site_db: float | None = None
) -> FloatArray:
    """Pass one source waveform through the listening chain.

    The result is longer than ``y`` by the filters' tails (it starts at the
    same sample). ``chest_wall=False`` skips the chest wall (for sources that
    already are heard at the skin, such as the background). ``site_db`` is
    the source's level at the chain's site against the apex, dB (a murmur
    span's own radiation, :meth:`murmur.physio.MurmurSpan.site_db`); None
    takes the site table of its kind (``clinical.SITE_GAIN_DB``).

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
    gain = site_gain(kind, chain.site) if site_db is None else db_to_gain(site_db)
    if gain != 1.0:
        out = out * gain
    if chain.speaker == "laptop":
        out = _laptop_shift(out, sr)
    return out
