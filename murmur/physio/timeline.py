"""Case -> Timeline: when every event of every beat happens.

The timeline is the single source of truth for timing: the renderer places
sounds from it, the label files and the figures read it. It is pure and
seeded: beat ``n`` of a case always has the same times, whatever window of
the sound is asked for, because each beat draws from its own random stream
(``SeedSequence(seed, spawn_key=(TIMELINE_STREAM, n))``).

Timing follows the published physiology (``clinical``): a virtual ECG Q time per beat,
M1 50 ms after Q, A2 at QS2 after Q (Weissler regressions), the respiratory
S2 split, mild respiratory sinus arrhythmia, seeded jitter, and an irregularly
irregular RR in atrial fibrillation whose short cycles never cut into the
previous beat (the ventricle is refractory until its S2).

Either model times a beat through one adapter (:class:`~murmur.physio.models.ModelBeat`); what
the case's finding adds to it is the finding's own hook
(:meth:`murmur.finding.Finding.add_to_beat`) on the :class:`BeatDraft`. The
helpers :func:`continue_after`, :func:`beats_until` and :meth:`Timeline.shifted`
serve the players and displays, so they never re-implement timing.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .. import clinical as C
from ..case import FINDINGS, Case
from ..errors import ParameterError
from ..presets import Preset, as_case
from ..units import db_to_gain, ms_to_s
from .events import Beat, Event, MurmurSpan, Timeline
from .intervals import af_min_rr_s, instant_rate_bpm, respiration
from .models import ModelBeat, circulation_model_beat, timing_model_beat
from .streams import PATIENT_STREAM, TIMELINE_STREAM, beat_rng

__all__ = [
    "Event",
    "MurmurSpan",
    "Beat",
    "Timeline",
    "build_timeline",
    "iter_beats",
    "continue_after",
    "beats_until",
    "BeatDraft",
    "patient_tone_hz",
    "FIRST_Q_S",
]

#: Q time of the first beat, s: leaves room for an S4 and the fade-in.
FIRST_Q_S = 0.15


def iter_beats(
    case: Case | Preset | str,
    *,
    start_s: float = FIRST_Q_S,
    first_index: int = 0,
    prev_rr_s: float | None = None,
    changed_from: Case | None = None,
    change_index: int | None = None,
) -> Iterator[Beat]:
    """Generate the beats of a case without end, from a Q at ``start_s``.

    Parameters
    ----------
    case : Case, Preset or str
        What to hear; a preset name (``"mr-af"``) means that preset's Case.
    start_s : float, keyword-only
        Q time of the first beat generated, s (finite). To continue a
        timeline after beat ``b``, use :func:`continue_after`.
    first_index : int, keyword-only
        Index of the first beat (selects its random stream); a player that
        switches case at a beat boundary passes the running index on.
    prev_rr_s : float, keyword-only
        The RR interval before the first beat, s (default: the case's mean
        RR). In atrial fibrillation it sets the first beat's filling, hence
        its systolic intervals and S1 loudness.
    changed_from : Case, keyword-only
        The case the beats before came from (a live change). On the
        physiological model the first beats then follow the circulation's
        transient from the old heart's state to the new one's
        (:func:`murmur.physio.circulation.transient`).
    change_index : int, keyword-only
        The index of the first beat after that change (default
        ``first_index``): continuing a timeline mid-transient carries on with it.

    Raises
    ------
    ParameterError
        If a time of the case (heart rate, breathing rate) or ``start_s`` is
        not a finite number in its range (a Case forced past its checks).

    Examples
    --------
    >>> beats = iter_beats(Case(heart_rate_bpm=60, breath="hold-expiration"))
    >>> b = next(beats)
    >>> s1_a2_ms = (b.event("A2").time_s - b.event("M1").time_s) * 1000
    >>> abs(s1_a2_ms - 370) < 5  # QS2(60 bpm) - 50 ms, give or take jitter
    True
    """
    case = as_case(case)
    _check_times(case, start_s=start_s, prev_rr_s=prev_rr_s)
    index = first_index
    rng = beat_rng(case.seed, TIMELINE_STREAM, index)
    # start_s is the first beat's actual Q; its nominal (unjittered) time is
    # recovered so that continuing a timeline from beat n reproduces it.
    q = start_s
    nominal_q = start_s - _q_jitter_s(case, rng)
    prev_rr = case.rr_s if prev_rr_s is None else prev_rr_s
    since = first_index if change_index is None else change_index  # beats since the change count from here
    while True:
        if case.rhythm == "af":
            # The drawn RR is where the AV node would conduct next; the beat
            # lengthens it if the ventricle is still refractory then.
            beat = _make_beat(case, index, q, _af_rr_s(case, rng), prev_rr, rng, (changed_from, index - since))
            next_nominal = next_q = q + beat.rr_s
            next_rng = beat_rng(case.seed, TIMELINE_STREAM, index + 1)
        else:
            next_nominal = nominal_q + 60.0 / instant_rate_bpm(nominal_q, case)
            next_rng = beat_rng(case.seed, TIMELINE_STREAM, index + 1)
            next_q = next_nominal + _q_jitter_s(case, next_rng)
            beat = _make_beat(case, index, q, next_q - q, prev_rr, rng, (changed_from, index - since))
        yield beat
        index, nominal_q, q, rng, prev_rr = index + 1, next_nominal, next_q, next_rng, beat.rr_s


def continue_after(beat: Beat, case: Case) -> Iterator[Beat]:
    """The beats of ``case`` that follow ``beat`` without a gap or a seam.

    The next Q, the beat index (hence the random streams) and, in atrial
    fibrillation, the preceding RR carry on from ``beat``, which may come from
    another case (a live change lands on the next beat; on the physiological
    model the circulation then moves over a few beats from the old heart's
    state to the new one's).

    Examples
    --------
    >>> beats = build_timeline(Case(rhythm="af", duration_s=10)).beats
    >>> following = continue_after(beats[2], Case(rhythm="af"))
    >>> [next(following) for _ in range(3)] == list(beats[3:6])
    True
    """
    changed_from, change_index = (beat.case, beat.index + 1) if beat.case != case else (beat.change or (None, None))
    return iter_beats(
        case, start_s=beat.q_s + beat.rr_s, first_index=beat.index + 1, prev_rr_s=beat.rr_s,
        changed_from=changed_from, change_index=change_index,
    )  # fmt: skip


def beats_until(beats: Iterable[Beat], until_s: float) -> list[Beat]:
    """The beats of a stream whose Q comes before ``until_s``, s (the stream may be endless).

    Examples
    --------
    >>> [round(b.q_s, 2) for b in beats_until(iter_beats(Case(heart_rate_bpm=60, breath="hold-expiration")), 3.0)]
    [0.15, 1.15, 2.15]
    """
    out = []
    for beat in beats:
        if beat.q_s >= until_s:
            break
        out.append(beat)
    return out


def _check_times(case: Case, *, start_s: float, prev_rr_s: float | None) -> None:
    """Refuse non-finite times: a NaN would make an endless beat stream stand still."""
    for f in dataclasses.fields(Case):
        if f.name not in ("heart_rate_bpm", "respiration_rate_per_min"):
            continue
        spec = f.metadata["spec"]
        value = getattr(case, f.name)
        if not (isinstance(value, (int, float)) and spec.low <= value <= spec.high):
            raise ParameterError(
                f"{f.name} must be a finite number between {spec.low:g} and {spec.high:g} ({spec.unit}) "
                f"to time the beats; got {value!r} (build the Case normally, or with dataclasses.replace).",
                param=f.name,
            )
    for name, value in (("start_s", start_s), ("prev_rr_s", prev_rr_s)):
        if value is not None and not math.isfinite(value):
            raise ParameterError(f"{name} must be a finite time in seconds; got {value!r}.", param=name)


def _clip(x: float, low: float, high: float) -> float:
    """``np.clip`` for one float, without numpy's per-call overhead (same value)."""
    return float(min(max(x, low), high))


def _q_jitter_s(case: Case, rng: np.random.Generator) -> float:
    if case.rhythm == "af":
        return 0.0
    return ms_to_s(_clip(rng.normal(0.0, C.JITTER_TIMING_SD_MS), -C.Q_JITTER_CLIP_MS, C.Q_JITTER_CLIP_MS))


def _af_rr_s(case: Case, rng: np.random.Generator) -> float:
    """Irregularly irregular RR: the refractory minimum plus a gamma-distributed wait (mean: the case's RR)."""
    floor = af_min_rr_s(case)
    wait = case.rr_s - floor
    if wait <= 0:
        return floor
    sd = min(C.AF_RR_CV * case.rr_s, wait)
    shape = (wait / sd) ** 2
    return floor + rng.gamma(shape, wait / shape)


@dataclass
class BeatDraft:
    """One beat in the making: its times so far and its random draws.

    A finding's :meth:`~murmur.finding.Finding.add_to_beat` reads it and adds
    events and murmur spans. Every draw comes from the beat's own stream in a
    fixed order, so a new finding never changes the beats of the others.

    Attributes
    ----------
    case : Case
        The case the beat is made from.
    q, rr : float
        The beat's ECG Q time and RR interval, s.
    m1, a2, p2 : float
        Mitral, aortic and pulmonary closure, s.
    drive : float
        The breath's inspiratory drive, 0-1 (0 on expiration).
    level_db : float
        This beat's murmur level against the S1/S2 reference, dB (the
        Levine grade's, varied beat to beat).
    model : ModelBeat
        What the chosen model says of the beat (its ``circulation`` is the
        circulation model's beat, or None).
    events, murmurs : list
        What the beat holds so far; append to them.
    """

    case: Case
    q: float
    rr: float
    rng: np.random.Generator
    model: ModelBeat
    drive: float = 0.0
    m1: float = 0.0
    a2: float = 0.0
    p2: float = 0.0
    level_db: float = 0.0
    events: list[Event] = field(default_factory=list)
    murmurs: list[MurmurSpan] = field(default_factory=list)
    _normals: list[float] = field(default_factory=list)

    def normal(self, sd: float) -> float:
        """The stream's next normal draw, SD ``sd``.

        Every draw of a beat is a normal one, so they are taken 16 at a
        time (one call instead of 16): the same values, in the same order, as
        ``rng.normal(0, sd)`` one by one.
        """
        if not self._normals:
            self._normals = self.rng.standard_normal(16).tolist()[::-1]
        return sd * self._normals.pop()

    def jit_ms(self) -> float:
        """Timing jitter, ms."""
        clip = C.JITTER_CLIP_SD * C.JITTER_TIMING_SD_MS
        return _clip(self.normal(C.JITTER_TIMING_SD_MS), -clip, clip)

    def beat_gain(self, sd_db: float) -> float:
        """A beat's level change: log-normal, SD ``sd_db`` dB, clipped at 3 SD; a gain factor."""
        return db_to_gain(_clip(self.normal(sd_db), -3 * sd_db, 3 * sd_db))

    def jit_gain(self) -> float:
        """Gain jitter, a factor near 1."""
        return 1.0 + _clip(self.normal(C.JITTER_GAIN_SD), -C.JITTER_GAIN_CLIP, C.JITTER_GAIN_CLIP)

    @property
    def next_m1_earliest(self) -> float:
        """The earliest the next beat's M1 can come (its Q is known, its jitter not yet)."""
        return self.q + self.rr + ms_to_s(C.Q_TO_M1_MS - C.JITTER_CLIP_SD * C.JITTER_TIMING_SD_MS)

    @property
    def bulge(self) -> float:
        """Mid-systolic swell of the loudest murmurs, a fraction of the plateau (``clinical.MURMUR_BULGE``)."""
        return C.MURMUR_BULGE if self.case.grade >= C.MURMUR_BULGE_MIN_GRADE else 0.0

    @property
    def tone_hz(self) -> float:
        """The fundamental of this patient's musical murmur, Hz; 0 unless the case's quality is musical."""
        return patient_tone_hz(self.case)


def _refractory(c: BeatDraft) -> None:
    """Atrial fibrillation: the next QRS waits until this beat's S2 has passed.

    An AF impulse that reaches the ventricle before it has recovered is not
    conducted; the next one is. So a short RR after a long one (a long
    systole) lengthens until the next M1 comes ``MIN_S2_TO_NEXT_M1_MS`` after
    P2, and the beats never overlap.
    """
    if c.case.rhythm != "af":
        return
    earliest_q = c.p2 + ms_to_s(C.MIN_S2_TO_NEXT_M1_MS - C.Q_TO_M1_MS + C.JITTER_CLIP_SD * C.JITTER_TIMING_SD_MS)
    c.rr = max(c.rr, earliest_q - c.q)


def _heart_sounds(c: BeatDraft, prev_rr: float) -> None:
    """S1 (M1, T1) and S2 (A2, P2): every beat has them, timed by the chosen model."""
    case, model = c.case, c.model
    s1_gain = db_to_gain(FINDINGS[case.finding].s1_db(case))
    if case.rhythm == "af":
        s1_gain *= _clip((prev_rr / case.rr_s) ** -C.AF_S1_RR_EXPONENT, 0.7, 1.4)
    # Each beat's S1 and S2 are louder or softer as a whole (contraction,
    # the heart's distance from the chest wall); their components jitter on top.
    s1_gain *= c.beat_gain(C.HEART_SOUND_BEAT_SD_DB)
    s2_gain = c.beat_gain(C.HEART_SOUND_BEAT_SD_DB)
    s1_gain *= model.s1_gain
    c.m1 = c.q + ms_to_s(model.m1_ms + c.jit_ms())
    t1 = c.m1 + ms_to_s(C.M1_TO_T1_MS + c.jit_ms())
    a2_base = c.q + ms_to_s(model.a2_ms + c.jit_ms())
    widening_ms = (C.SPLIT_PEAK_INSPIRATION_MS[case.split_mode] - C.SPLIT_EXPIRATION_MS) * c.drive
    c.a2 = a2_base - ms_to_s(C.SPLIT_A2_SHARE * widening_ms + model.a2_early_ms)
    # P2 follows A2's time, plus (circulation model) the right side's own
    # delay, plus the expiratory split the model's pulmonary bed (no
    # inertance, no hangout) lacks.
    p2_base = a2_base + ms_to_s(model.p2_after_a2_ms)
    p2 = p2_base + ms_to_s(C.SPLIT_EXPIRATION_MS + (1 - C.SPLIT_A2_SHARE) * widening_ms + c.jit_ms())
    c.p2 = max(p2, c.a2 + ms_to_s(C.MIN_SPLIT_MS))
    c.events += [
        Event("M1", c.m1, s1_gain * c.jit_gain()),
        Event("T1", t1, s1_gain * c.jit_gain()),
        Event("A2", c.a2, s2_gain * model.a2_gain * c.jit_gain()),
        Event("P2", c.p2, s2_gain * c.jit_gain()),
    ]


def _s4(c: BeatDraft) -> None:
    if c.case.s4:
        c.events.insert(0, Event("S4", c.m1 - ms_to_s(C.S4_TO_M1_MS), c.jit_gain()))


def _s3(c: BeatDraft) -> None:
    """S3 at the end of rapid filling; earlier, or fused with the next S1, when diastole is short."""
    if not c.case.s3:
        return
    if c.model.s3_ms is None:
        s3 = c.a2 + ms_to_s(C.A2_TO_S3_MS + c.jit_ms())
    else:  # the E wave's deceleration in the circulation model
        s3 = c.q + ms_to_s(c.model.s3_ms + c.jit_ms())
    gain = c.jit_gain()
    latest = c.next_m1_earliest - ms_to_s(C.S3_LENGTH_MS)
    if s3 > latest:
        s3 = max(latest, c.a2 + ms_to_s(C.A2_TO_S3_MIN_MS))
    if s3 <= latest:
        c.events.append(Event("S3", s3, gain))


def patient_tone_hz(case: Case) -> float:
    """The fundamental of this patient's musical murmur, Hz (``clinical.MUSICAL_F0_HZ``), 0 unless musical.

    A vibrating leaflet or chord sings at one pitch in a patient: drawn once
    per case from its seed.

    Examples
    --------
    >>> 110 <= patient_tone_hz(Case(finding="mr", quality="musical")) <= 180
    True
    """
    if case.quality != "musical":
        return 0.0
    return _patient_tone_hz(case.seed)


@lru_cache(maxsize=64)
def _patient_tone_hz(seed: int) -> float:
    return float(beat_rng(seed, PATIENT_STREAM, 1).uniform(*C.MUSICAL_F0_HZ))


#: Extra heart sounds, in the order their random draws are taken.
_EXTRA_SOUNDS = (_s4, _s3)


def _make_beat(
    case: Case,
    index: int,
    q: float,
    rr: float,
    prev_rr: float,
    rng: np.random.Generator,
    since_change: tuple[Case | None, int] = (None, 0),
) -> Beat:
    phase, inspiration, drive = respiration(q, case)
    # Systolic intervals follow the filling of this beat: the preceding RR in
    # AF, the instantaneous sinus rate otherwise.
    rate = 60.0 / prev_rr if case.rhythm == "af" else instant_rate_bpm(q, case)
    if case.model == "physiological":
        model = circulation_model_beat(case, rate, *since_change)
    else:
        model = timing_model_beat(case, rate)
    c = BeatDraft(case=case, q=q, rr=rr, rng=rng, drive=drive, model=model)
    _heart_sounds(c, prev_rr)
    _refractory(c)
    rr = c.rr
    for rule in _EXTRA_SOUNDS:
        rule(c)
    c.level_db = C.LEVINE_DB[case.grade] + 20 * math.log10(c.beat_gain(C.MURMUR_BEAT_SD_DB))
    if case.rhythm == "af":
        c.level_db += C.AF_MURMUR_RR_DB_PER_DOUBLING * math.log2(prev_rr / case.rr_s)
    FINDINGS[case.finding].add_to_beat(c)
    c.events.sort(key=lambda e: e.time_s)
    old, since = since_change
    change = (old, index - since) if old is not None and case.model == "physiological" else None
    return Beat(
        change=change,
        index=index,
        q_s=q,
        rr_s=rr,
        heart_rate_bpm=60.0 / rr,
        resp_phase=phase,
        inspiration=inspiration,
        split_ms=(c.p2 - c.a2) * 1000.0,
        events=tuple(c.events),
        murmurs=tuple(c.murmurs),
        case=case,
    )


def build_timeline(case: Case | Preset | str, *, duration_s: float | None = None) -> Timeline:
    """All beats whose sounds start before the end of the case (or ``duration_s``, s).

    Examples
    --------
    >>> tl = build_timeline(Case(heart_rate_bpm=60, duration_s=5))
    >>> len(tl.beats)
    5
    """
    case = as_case(case)
    duration = case.duration_s if duration_s is None else duration_s
    if not math.isfinite(duration):
        raise ParameterError(f"duration_s must be a finite number of seconds; got {duration!r}.", param="duration_s")
    beats = []
    for beat in iter_beats(case):
        if beat.start_s >= duration:
            break
        beats.append(beat)
    return Timeline(case=case, beats=tuple(beats), duration_s=duration)
