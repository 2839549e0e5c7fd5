"""What the timeline takes from the circulation model for one beat: :class:`BeatPhysiology`, via one adapter.

:func:`circulation_beat` is the one function the timeline calls (for a case
with ``model='physiological'``): a beat's valve times, S3, the gains of S1 and
A2 and the murmur's envelope, band and level, at that beat's rate, from the
model's steady beat (:func:`beat_physiology`) or, for a few beats after a live
change, from its transient (:func:`transient_physiology`).

Examples
--------
>>> from murmur.presets import get_preset
>>> b = circulation_beat(get_preset("mr-severe").case, 72.0)
>>> b.m1_ms < b.a2_ms < b.p2_ms, b.band_hz[0] < b.band_hz[1], b.level_offset_db
(True, True, 0.0)
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ... import clinical as C
from ...case import Case
from ...finding import get_finding
from .jet import heard_jet_level_db, jet_sound
from .model import Cycle, Heart, steady_beat, transient
from .summary import case_model

__all__ = ["BeatPhysiology", "beat_physiology", "transient_physiology", "circulation_beat"]


@dataclass(frozen=True, kw_only=True)
class BeatPhysiology:
    """What the timeline takes from the model for one beat (times in ms after Q).

    ``m1_ms``, ``a2_ms`` and ``mitral_opening_ms`` are the model's valve
    events (:class:`~murmur.physio.circulation.Cycle`); ``p2_ms`` is its
    pulmonary valve closure: the right side does not feel the mitral leak,
    so in MR P2 stays while A2 comes early. ``s3_ms`` is where mitral inflow
    decelerates fastest after the E wave (NaN if there is no inflow).

    ``s1_gain`` and ``a2_gain`` scale S1 and A2 against a normal heart at the
    same rate (S1 with LV dP/dt at mitral closure, A2 with aortic pressure at
    closure); ``envelope`` is the murmur's amplitude from M1 at 1 ms steps
    (peak 1, empty without MR), ``band_hz`` its noise band around the jet's
    centre frequency (Hz; ``(0, 0)`` without MR) and ``level_offset_db`` its
    heard level against the severity's own EROA (0 there).
    """

    m1_ms: float
    a2_ms: float
    p2_ms: float
    mitral_opening_ms: float
    s3_ms: float
    s1_gain: float
    a2_gain: float
    envelope: tuple[float, ...]
    band_hz: tuple[float, float]
    level_offset_db: float


def _dpdt_at(c: Cycle, t_ms: float) -> float:
    return float(np.interp(t_ms, c.t_ms, np.gradient(c.p_lv_mmhg, c.t_ms)))


def _deceleration_after_peak(c: Cycle, start_ms: float, end_ms: float) -> float:
    """Where mitral inflow decelerates fastest after its peak in ``[start_ms, end_ms]``: S3, after the E wave.

    (S4 is not taken this way: with ideal-diode valves and no inertance the
    A wave's steepest deceleration runs into the valve's closure, 4-5 ms
    before M1 at 100-130 bpm, against the 50-70 ms observed clinically; the
    timeline places S4 before the model's M1 as the timing model does.)"""
    t, q = c.t_ms, c.q_mitral_ml_s
    w = (t >= start_ms) & (t <= end_ms)
    if not np.any(w) or q[w].max() <= 0:
        return math.nan
    tw, qw = t[w], q[w]
    k = int(np.argmax(qw))
    slope = np.gradient(qw, tw)[k:]
    return float(tw[k + int(np.argmin(slope))])


@lru_cache(maxsize=256)
def beat_physiology(heart: Heart, reference_eroa_cm2: float = 0.0) -> BeatPhysiology:
    """The model's steady beat for the timeline (cached): valve times, S3, heart-sound gains, the jet's murmur.

    Parameters
    ----------
    heart : Heart
        The heart at this beat's rate.
    reference_eroa_cm2 : float
        The EROA (cm^2) at which the murmur keeps its Levine grade's level
        (the severity's own); the level moves from there with the heard jet
        level (:func:`~murmur.physio.circulation.jet.heard_jet_level_db`).

    Examples
    --------
    >>> b = beat_physiology(Heart(heart_rate_bpm=75.0, eroa_cm2=0.25), 0.25)
    >>> b.m1_ms < b.a2_ms < b.mitral_opening_ms < b.s3_ms, b.level_offset_db
    (True, 0.0)
    """
    return _physiology_of(steady_beat(heart), reference_eroa_cm2)


@lru_cache(maxsize=64)
def transient_physiology(old: Heart, new: Heart, k: int, reference_eroa_cm2: float = 0.0) -> BeatPhysiology | None:
    """Beat ``k`` (0: the first) after a live change from heart ``old`` to ``new`` (see :func:`transient`).

    None once the new heart has settled (use :func:`beat_physiology`).

    Examples
    --------
    >>> old, new = Heart(heart_rate_bpm=72.0, eroa_cm2=0.25), Heart(heart_rate_bpm=110.0, eroa_cm2=0.25)
    >>> first = transient_physiology(old, new, 0, 0.25)
    >>> first.level_offset_db != 0.0, transient_physiology(old, new, 100, 0.25) is None
    (True, True)
    """
    beats = transient(old, new)
    if k >= len(beats):
        return None
    return _physiology_of(beats[k], reference_eroa_cm2, settled=False)


def _physiology_of(c: Cycle, reference_eroa_cm2: float, *, settled: bool = True) -> BeatPhysiology:
    """What the timeline takes from one model beat (steady, or one of a transient's when not ``settled``)."""
    # S1 and A2 loudness against a normal heart at this rate in sinus rhythm.
    normal = steady_beat(Heart(heart_rate_bpm=c.heart_rate_bpm, sex=c.sex))
    s1_gain = _dpdt_at(c, c.m1_ms) / _dpdt_at(normal, normal.m1_ms)
    a2_gain = float(np.interp(c.aortic_closure_ms, c.t_ms, c.p_ao_mmhg)) / float(
        np.interp(normal.aortic_closure_ms, normal.t_ms, normal.p_ao_mmhg)
    )
    s3 = _deceleration_after_peak(c, c.mitral_opening_ms, c.mitral_opening_ms + C.S3_SEARCH_MS)
    envelope: tuple[float, ...] = ()
    band = (0.0, 0.0)
    offset = 0.0
    if c.eroa_cm2 > 0:
        j = jet_sound(c)
        from_m1 = j.t_ms >= c.m1_ms - 1.0
        amp = np.interp(np.arange(c.m1_ms, c.mitral_opening_ms + C.JET_TAIL_MS, 1.0), j.t_ms, j.amplitude)
        envelope = tuple((amp / amp.max()).tolist())
        e = j.amplitude[from_m1] ** 2
        centre = float(np.sum(j.centre_hz[from_m1] * e) / np.sum(e))
        # On a 1/6-octave grid: the beats of one patient, whose rates differ
        # by a few bpm, share a band (and so one noise table).
        centre = 2.0 ** (round(C.JET_BAND_GRID_PER_OCT * math.log2(centre)) / C.JET_BAND_GRID_PER_OCT)
        half = 2.0 ** (C.JET_BAND_OCT / 2)
        band = (centre / half, centre * half)
        if reference_eroa_cm2 > 0:
            # The level is the grade's at the same heart with the severity's own leak, at the normal afterload.
            reference = dataclasses.replace(c.heart, eroa_cm2=reference_eroa_cm2, afterload=1.0)
            if reference != c.heart or not settled:
                offset = heard_jet_level_db(c) - heard_jet_level_db(steady_beat(reference))
    return BeatPhysiology(
        m1_ms=c.m1_ms, a2_ms=c.a2_ms, p2_ms=c.pulmonary_closure_ms, mitral_opening_ms=c.mitral_opening_ms, s3_ms=s3,
        s1_gain=s1_gain, a2_gain=a2_gain, envelope=envelope, band_hz=band, level_offset_db=offset,
    )  # fmt: skip


def circulation_beat(
    case: Case, rate_bpm: float, changed_from: Case | None = None, beats_since: int = 0
) -> BeatPhysiology:
    """The circulation model's beat at this beat's rate (whole bpm, cached): the adapter the timeline calls.

    Parameters
    ----------
    case : Case
        The case (``model='physiological'``).
    rate_bpm : float
        This beat's rate, bpm: in sinus rhythm its own, rounded to whole bpm;
        in atrial fibrillation that of the preceding RR (the beat's filling
        time), rounded to ``clinical.AF_RATE_STEP_BPM``, with the atria not
        contracting. Beyond the model's 40-150 bpm the nearest end is taken.
    changed_from : Case, optional
        The case before a live change; ``beats_since`` beats after it, the
        beat is one of the circulation's transient's (:func:`transient_physiology`).
    beats_since : int
        Beats since the live change (0: the first beat of the new case).

    Returns
    -------
    BeatPhysiology

    Raises
    ------
    ParameterError
        A case the model does not cover (MVP, a mean rate outside 40-150 bpm;
        see :func:`~murmur.physio.circulation.case_model`).
    """
    heart = case_model(case)
    lo, hi = C.HEMO_HR_RANGE_BPM
    # Whole bpm (sinus arrhythmia moves the rate by a few); in AF, whose beats
    # spread over tens of bpm, every AF_RATE_STEP_BPM (each rate is a steady state to compute).
    step = 1.0 if heart.atrial else C.AF_RATE_STEP_BPM
    hr = float(min(max(step * round(rate_bpm / step), lo), hi))
    reference = get_finding(case.finding).circulation_leak(case).reference_eroa_cm2
    if changed_from is not None and changed_from.model == "physiological":
        # A live change: the new heart starts where the old one's steady beat
        # (at its mean rate) ends, and settles over a few beats.
        old = case_model(changed_from)
        old = dataclasses.replace(old, heart_rate_bpm=float(round(old.heart_rate_bpm)))
        new = dataclasses.replace(heart, heart_rate_bpm=float(round(case.heart_rate_bpm)))
        if old != new:
            moving = transient_physiology(old, new, beats_since, reference)
            if moving is not None:
                return moving
    return beat_physiology(dataclasses.replace(heart, heart_rate_bpm=hr), reference)
