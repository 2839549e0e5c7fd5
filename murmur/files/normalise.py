"""Loudness normalisation of cases: each measured as it is rendered, one common gain for a set.

murmur's level stage (:mod:`murmur.sound.level`) is one fixed calibration, so a
grade 2 murmur is softer than a grade 4 in every file; but it leaves the
cases quiet (about -35 LUFS), far below the videos of a slide deck. Loudness
normalisation raises a *set* of cases by one gain, chosen so that the loudest
reaches a target (ITU-R BS.1770-4 integrated loudness, :mod:`murmur.files.loudness`)
while no sample peak passes -1 dBFS: every difference in level between the
cases survives, and nothing is compressed or limited.

Rendering is deterministic (every beat draws from its own seeded streams),
so a case is measured in a first streamed pass (:func:`measure_case`: no
whole-signal buffer, any length) and rendered again with the gain to be
written or embedded; both passes give the same samples. The gain is applied
after the level stage as one scalar.

:func:`set_gain` reads numbers only (each sound's loudness and peak), never
files: an export, a lecture bundle and a web page all get their gain from it
(through :func:`normalise_cases` for cases) and state it with
:meth:`SetGain.summary`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import clinical as C
from ..case import Case
from ..errors import ParameterError
from ..presets import Preset, as_case
from ..sound.render import Renderer, levelled_blocks, n_samples
from ..units import db_to_gain, gain_to_db
from .loudness import ABSOLUTE_GATE_LUFS, LoudnessMeter, Measurement

__all__ = [
    "SetGain",
    "set_gain",
    "check_target_lufs",
    "measure_case",
    "normalise_cases",
    "LOUDNESS_RANGE_LUFS",
    "PCM16_CEILING",
    "MEASURE_BLOCK_S",
]

#: The targets murmur normalises to, LUFS: -40 (quieter than broadcast's -23) to -10 (louder than music
#: streaming's -14; heart sounds are peaky, so a ceiling of -1 dBFS stops most cases before that).
LOUDNESS_RANGE_LUFS = (-40.0, -10.0)
#: The largest 16-bit sample value at or below the peak ceiling of -1 dBFS (29203/32767, -1.0002 dBFS):
#: a set gain that keeps peaks below it cannot be carried over -1 dBFS by rounding to 16 bits.
PCM16_CEILING = math.floor(db_to_gain(C.PEAK_CEILING_DBFS) * 32767) / 32767

#: Block length of the measuring render, s (any length gives the same samples).
MEASURE_BLOCK_S = 2.0


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


def set_gain(measurements: Sequence[Measurement], *, target_lufs: float, ceiling: float = PCM16_CEILING) -> SetGain:
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


def measure_case(case: Case | Preset | str, *, progress: Callable[[float], None] | None = None) -> Measurement:
    """Integrated loudness and sample peak of a case as murmur renders it (after the level stage).

    The sound is rendered block by block and fed to a
    :class:`~murmur.files.loudness.LoudnessMeter`, so a case of any length is
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


def normalise_cases(cases: Sequence[Case | Preset | str], *, target_lufs: float) -> tuple[SetGain, list[Measurement]]:
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
