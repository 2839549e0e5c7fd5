"""The spectrogram of a sound, computed without matplotlib.

:func:`spectrogram_db` is what :func:`murmur.view.figures.case_figure` draws
under the waveform: a short-time magnitude spectrum in dB re a full-scale sine,
with a window that keeps S1 and S2 apart in time and the murmur band's edges
sharp in frequency.
"""

from __future__ import annotations

import math
from typing import cast

import numpy as np

from ..errors import ParameterError
from ..units import FloatArray

__all__ = ["spectrogram_db", "SPEC_WINDOW_S", "MIN_HOP_S"]


#: Hann window of 46.4 ms (2048 samples at 44.1 kHz). Bins 21.5 Hz apart keep
#: S3 (20-50 Hz) apart from the murmur band and draw the 150-600 Hz band edges
#: sharply, while a transient smears over only about 25 ms (the window's -6 dB
#: width), so S1 and S2, 300 ms apart, stay separate stripes. The S2 split
#: (10-60 ms) is read from the waveform panel, where it is exact.
SPEC_WINDOW_S = 0.0464
#: Shortest frame hop, s: over 95 % overlap with the 46 ms window.
MIN_HOP_S = 0.002


def spectrogram_db(
    y: FloatArray, sr: int, *, fmax_hz: float = 1000.0, window_s: float = SPEC_WINDOW_S, hop_s: float = MIN_HOP_S
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Short-time magnitude spectrum in dB re a full-scale sine.

    Parameters
    ----------
    y : ndarray, shape (n,)
        Signal, full scale 1.0.
    sr : int
        Sample rate, Hz.
    fmax_hz : float, keyword-only
        Highest frequency kept, Hz (0 < fmax_hz <= sr / 2).
    window_s : float, keyword-only
        Length of the Hann window, s (default 46.4 ms); the FFT is zero-padded
        to the next power of two.
    hop_s : float, keyword-only
        Time between frames, s (default 2 ms).

    Returns
    -------
    t_s : ndarray, shape (n_frames,)
        Frame centres, s: 0, hop, ... up to the last before ``n / sr``.
    f_hz : ndarray, shape (n_freqs,)
        Bin frequencies, 0 to ``fmax_hz``.
    s_db : ndarray, shape (n_freqs, n_frames)
        ``20 log10 |X|`` with one-sided magnitude scaling (as
        :class:`scipy.signal.ShortTimeFFT` with ``scale_to='magnitude'``), so
        a sine of amplitude 1 centred on a bin reads 0 dB; floored at -300 dB.

    Examples
    --------
    >>> sr = 8000
    >>> y = 0.5 * np.sin(2 * np.pi * 250 * np.arange(sr) / sr)
    >>> t_s, f_hz, s_db = spectrogram_db(y, sr)
    >>> float(f_hz[np.argmax(s_db[:, 250])]), round(float(s_db[:, 250].max()))
    (250.0, -6)
    """
    from numpy.lib.stride_tricks import sliding_window_view
    from scipy.fft import rfft

    if not 0 < fmax_hz <= sr / 2:
        raise ParameterError(f"fmax_hz must be between 0 and sr/2 = {sr / 2:g} Hz; got {fmax_hz:g}.", param="fmax_hz")
    n_win = max(8, int(round(window_s * sr)))
    hop = max(1, int(round(hop_s * sr)))
    mfft = 2 ** math.ceil(math.log2(n_win))
    f = cast(FloatArray, np.fft.rfftfreq(mfft, 1.0 / sr))  # float64 (numpy's stub says any floating)
    n_keep = int(np.count_nonzero(f <= fmax_hz))
    # Periodic Hann window scaled so a bin-centred sine of amplitude 1 reads
    # 1: one-sided, so every bin but DC and Nyquist counts twice.
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_win) / n_win)
    window /= window.sum()
    double = np.full(n_keep, 2.0)
    double[0] = 1.0
    if mfft % 2 == 0 and n_keep == mfft // 2 + 1:
        double[-1] = 1.0
    y = np.asarray(y, dtype=float)
    n_frames = max(1, math.ceil(len(y) / hop))
    # Frame p is centred on sample p * hop (zeros outside the signal).
    mid = n_win // 2
    padded = np.zeros(mid + n_frames * hop + n_win)
    padded[mid : mid + len(y)] = y
    frames = sliding_window_view(padded, n_win)[: n_frames * hop : hop]
    # In chunks of 256 frames, keeping only the bins below fmax_hz: memory
    # stays small even for a long sound at full rate, and each chunk fits in cache.
    mag = np.empty((n_keep, n_frames))
    for p0 in range(0, n_frames, 256):
        spec = rfft(frames[p0 : p0 + 256] * window, n=mfft, axis=1)[:, :n_keep]
        mag[:, p0 : p0 + 256] = (np.abs(spec) * double).T
    return np.arange(n_frames, dtype=float) * (hop / sr), f[:n_keep], 20.0 * np.log10(np.maximum(mag, 1e-15))
