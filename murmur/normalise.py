"""Loudness normalisation of cases: each measured as it is rendered, one common gain for a set.

murmur's level stage (:mod:`murmur.level`) is one fixed calibration, so a
grade 2 murmur is softer than a grade 4 in every file; but it leaves the
cases quiet (about -35 LUFS), far below the videos of a slide deck. Loudness
normalisation raises a *set* of cases by one gain, chosen so that the loudest
reaches a target (ITU-R BS.1770-4 integrated loudness, :mod:`murmur.loudness`)
while no sample peak passes -1 dBFS: every difference in level between the
cases survives, and nothing is compressed or limited.

Rendering is deterministic (every beat draws from its own seeded streams),
so a case is measured in a first streamed pass (:func:`measure_case`: no
whole-signal buffer, any length) and rendered again with the gain to be
written or embedded; both passes give the same samples. The gain is applied
after the level stage as one scalar.

A web page, an export or a lecture bundle all call :func:`normalise_cases`
and state the gain it returns (:meth:`~murmur.loudness.SetGain.summary`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .case import Case
from .loudness import LoudnessMeter, Measurement, SetGain, check_target_lufs, set_gain
from .presets import Preset, as_case
from .render import Renderer, levelled_blocks, n_samples

__all__ = ["measure_case", "normalise_cases", "MEASURE_BLOCK_S"]

#: Block length of the measuring render, s (any length gives the same samples).
MEASURE_BLOCK_S = 2.0


def measure_case(case: Case | Preset | str, *, progress: Callable[[float], None] | None = None) -> Measurement:
    """Integrated loudness and sample peak of a case as murmur renders it (after the level stage).

    The sound is rendered block by block and fed to a
    :class:`~murmur.loudness.LoudnessMeter`, so a case of any length is
    measured in constant memory.

    Parameters
    ----------
    case : Case, Preset or str
        What to measure (a preset name means that preset's Case).
    progress : callable, keyword-only
        Called with the fraction done (0-1] after each block.

    Returns
    -------
    Measurement
        ``loudness_lufs`` (LUFS) and ``peak`` (full scale 1.0).

    Examples
    --------
    >>> m = measure_case(Case(duration_s=2, sr=8000))
    >>> -45 < m.loudness_lufs < -25, m.peak < 0.5
    (True, True)
    """
    case = as_case(case)
    n_total = n_samples(case.duration_s, case.sr)
    meter = LoudnessMeter(case.sr)
    for y in levelled_blocks(Renderer(case), n_total, block=max(1, int(MEASURE_BLOCK_S * case.sr))):
        meter.update(y)
        if progress is not None:
            progress(meter.n_samples / n_total)
    return meter.measurement()


def normalise_cases(
    cases: Sequence[Case | Preset | str], *, target_lufs: float
) -> tuple[SetGain, list[Measurement]]:
    """One gain for a set of cases: the loudest to ``target_lufs``, every peak at or below -1 dBFS.

    Parameters
    ----------
    cases : sequence of Case, Preset or str
        The sounds that must stay comparable (for a lecture bundle: the
        faithful and laptop versions of every case).
    target_lufs : float, keyword-only
        Loudness of the loudest case after the gain, -40 to -10 LUFS.

    Returns
    -------
    gain : SetGain
        The gain (``gain``, ``gain_db``), the loudness reached and whether the
        peak ceiling stopped it short of the target (``limited``).
    measurements : list of Measurement
        Each case's loudness and peak before the gain, in the order given.

    Raises
    ------
    ParameterError
        ``target_lufs`` is outside -40 to -10 LUFS (checked before anything is rendered).

    Examples
    --------
    >>> g, m = normalise_cases([Case(duration_s=2, sr=8000)], target_lufs=-30)
    >>> round(g.reached_lufs, 6), g.limited, abs(g.gain_db - (-30 - m[0].loudness_lufs)) < 1e-9
    (-30.0, False, True)
    >>> normalise_cases([Case(duration_s=2, sr=8000)], target_lufs=-14)[0].limited  # heart sounds are peaky
    True
    """
    target_lufs = check_target_lufs(target_lufs)
    measured = [measure_case(c) for c in cases]
    return set_gain(measured, target_lufs=target_lufs), measured
