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
render in one piece. Filters are causal second-order sections, as tissue and a
chest piece are; the speaker shift is zero-phase (it moves no event).

References
----------
.. [Aumann2019] Aumann HM, Emanetoglu NW. The radio-frequency stethoscope:
   frequency shifting heart sounds for small speakers. (2019).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import signal
from scipy.fft import irfft, next_fast_len, rfft

from .errors import ParameterError

__all__ = [
    "Chain",
    "chain_for",
    "chest_wall_sos",
    "chest_piece_sos",
    "laptop_speaker_sos",
    "site_gain",
    "process",
    "SITE_GAIN_DB",
    "CHEST_PIECE",
    "SITES",
]

FloatArray = np.ndarray

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

#: Filter tails are kept until they fall below this fraction of the peak.
_TAIL_S = 0.05


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


@lru_cache(maxsize=64)
def chest_wall_sos(kind: str, sr: int) -> np.ndarray:
    """Second-order sections of the chest-wall low-pass for a source kind.

    Examples
    --------
    >>> w, h = signal.freqz_sos(chest_wall_sos("M1", 44100), worN=[400.0, 800.0], fs=44100)
    >>> float(np.round(20 * np.log10(abs(h[1]) / abs(h[0])), 1))  # -12 dB per octave
    -12.0
    """
    order, corner = CHEST_WALL[kind]
    _check_nyquist(corner, sr, "the chest-wall corner")
    return signal.butter(order, corner, btype="lowpass", fs=sr, output="sos")


@lru_cache(maxsize=16)
def chest_piece_sos(chest_piece: str, sr: int) -> np.ndarray | None:
    """Second-order sections of a chest piece (None for ``none``).

    Examples
    --------
    >>> w, h = signal.freqz_sos(chest_piece_sos("diaphragm", 44100), worN=[150.0], fs=44100)
    >>> float(np.round(20 * np.log10(abs(h[0])), 1))
    -3.0
    """
    parts = CHEST_PIECE[chest_piece]
    if not parts:
        return None
    sections = []
    for btype, order, corner in parts:
        _check_nyquist(corner, sr, f"the {chest_piece} corner")
        sections.append(signal.butter(order, corner, btype=btype, fs=sr, output="sos"))
    return np.concatenate(sections)


@lru_cache(maxsize=8)
def laptop_speaker_sos(sr: int) -> np.ndarray:
    """The model laptop speaker (4th-order high-pass at 250 Hz)."""
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


def _tail(sos: np.ndarray, sr: int) -> int:
    return int(_TAIL_S * sr) if sos is not None else 0


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
        sos = np.concatenate(sections)
        out = signal.sosfilt(sos, np.concatenate([y, np.zeros(_tail(sos, sr))]))
    gain = site_gain(kind, chain.site)
    if gain != 1.0:
        out = out * gain
    if chain.speaker == "laptop":
        out = _laptop_shift(out, sr)
    return out
