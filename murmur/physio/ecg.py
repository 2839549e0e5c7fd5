"""The ECG of a beat: a P-QRS-T trace on the beat's own time axis, from its Q.

Physiology made from the beats, not drawing: the Wiggers diagram
(:func:`murmur.view.wiggersdata.wiggers_data`) draws it over one beat of the
circulation model, on that beat's RR. The numbers are in :mod:`murmur.clinical`
(``ECG_*``, ``PR_MS``).
"""

from __future__ import annotations

import math

import numpy as np

from .. import clinical as C
from ..errors import ParameterError
from ..units import FloatArray

__all__ = ["ecg_template", "t_wave_peak_ms"]


def _edge_ms(sigma_ms: float, amplitude_mv: float) -> float:
    """Distance from a Gaussian wave's centre to where it is ``ECG_EDGE_MV`` high, ms."""
    return sigma_ms * math.sqrt(2.0 * math.log(abs(amplitude_mv) / C.ECG_EDGE_MV))


def t_wave_peak_ms(qrs_onset_ms: float, qt_ms: float) -> float:
    """Where the T wave peaks, ms after the Q: it ends ``qt_ms`` after the QRS onset.

    ``qrs_onset_ms`` and ``qt_ms`` are as :func:`ecg_template` returns them.

    Examples
    --------
    >>> t = np.arange(100.0, 500.0)
    >>> ecg, onset, qt = ecg_template(t, 1000.0)
    >>> float(t[np.argmax(ecg)]), round(t_wave_peak_ms(onset, qt))
    (264.0, 264)
    """
    return qrs_onset_ms + qt_ms - _edge_ms(*C.ECG_T)


def ecg_template(t_ms: FloatArray, rr_ms: float, *, p_wave: bool = True) -> tuple[FloatArray, float, float]:
    """A P-QRS-T ECG (mV) at times ``t_ms`` after a beat's Q, for a regular rhythm of RR ``rr_ms``.

    A sum of Gaussian waves ([1]_; numbers in :mod:`murmur.clinical`,
    ``ECG_*``): the R peak at 0, the P wave centred at ``-PR + 40`` ms with
    PR 160 ms, and the T wave ending QT = 0.41 sqrt(RR / 1 s) s after the
    QRS onset. The beats before and after (RR apart) are added, so the trace
    is periodic: the next P wave and the start of the next QRS show at the
    end of one beat.

    Parameters
    ----------
    t_ms : ndarray, shape (n,)
        Times after the Q, ms.
    rr_ms : float
        RR interval, ms (> 0).
    p_wave : bool, keyword-only
        False in atrial fibrillation: no P wave (the atria do not contract).

    Returns
    -------
    ecg_mv : ndarray, shape (n,)
        The trace, mV.
    qrs_onset_ms : float
        Where the QRS leaves the baseline (``ECG_EDGE_MV``), ms (negative).
    qt_ms : float
        The QT interval, ms.

    Raises
    ------
    ParameterError
        ``rr_ms`` is not above 0.

    References
    ----------
    .. [1] McSharry PE et al. IEEE Trans Biomed Eng 50:289 (2003).

    Examples
    --------
    >>> t = np.arange(0.0, 834.0)
    >>> ecg, onset, qt = ecg_template(t, 833.0)
    >>> float(t[np.argmax(ecg)]), round(qt), round(onset)
    (0.0, 374, -41)
    """
    if not rr_ms > 0:
        raise ParameterError(f"rr_ms must be above 0 ms; got {rr_ms!r}.", param="rr_ms")
    qt_ms = C.ECG_QT_COEFF * math.sqrt(rr_ms / 1000.0) * 1000.0
    qrs_onset_ms = min(c - _edge_ms(s, a) for c, s, a in C.ECG_QRS)
    p_sigma, p_mv = C.ECG_P
    t_sigma, t_mv = C.ECG_T
    waves = [(-C.PR_MS + C.ECG_P_AFTER_PR_START_MS, p_sigma, p_mv)] if p_wave else []
    waves += C.ECG_QRS
    waves.append((t_wave_peak_ms(qrs_onset_ms, qt_ms), t_sigma, t_mv))
    t = np.asarray(t_ms, dtype=float)
    ecg = np.zeros_like(t)
    for shift in (-rr_ms, 0.0, rr_ms):
        for centre, sigma, amp in waves:
            ecg += amp * np.exp(-0.5 * ((t - shift - centre) / sigma) ** 2)
    return ecg, qrs_onset_ms, qt_ms
