"""Case -> Timeline: when every event of every beat happens.

The timeline is the single source of truth for timing: the renderer places
sounds from it, the label files and the figures read it. It is pure and
seeded: beat ``n`` of a case always has the same times, whatever window of
the sound is asked for, because each beat draws from its own random stream
(``SeedSequence(seed, spawn_key=(TIMELINE_STREAM, n))``).

Timing follows ``shared/docs/clinical.md``: a virtual ECG Q time per beat,
M1 50 ms after Q, A2 at QS2 after Q (Weissler regressions), the respiratory
S2 split, mild respiratory sinus arrhythmia, seeded jitter, and an irregularly
irregular RR in atrial fibrillation whose short cycles never cut into the
previous beat (the ventricle is refractory until its S2).

What each finding adds to a beat is one rule (:data:`FINDING_RULES`). The
helpers :func:`continue_after`, :func:`beats_until` and :meth:`Timeline.shifted`
serve the players and displays, so they never re-implement timing.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from .. import clinical as C
from ..case import Case
from ..errors import ParameterError
from ..presets import Preset, as_case
from ..units import ms_to_s
from .circulation import circulation_beat
from .intervals import af_min_rr_s, instant_rate_bpm, qs2_ms, respiration
from .streams import PATIENT_STREAM, SOURCE_STREAM, TIMELINE_STREAM, beat_rng

__all__ = [
    "Event",
    "MurmurSpan",
    "Beat",
    "Timeline",
    "build_timeline",
    "iter_beats",
    "continue_after",
    "beats_until",
    "FINDING_RULES",
    "FIRST_Q_S",
]

#: Q time of the first beat, s: leaves room for an S4 and the fade-in.
FIRST_Q_S = 0.15


@dataclass(frozen=True)
class Event:
    """A transient heart sound: ``kind`` is one of M1 T1 A2 P2 S3 S4 click."""

    kind: str
    time_s: float
    gain: float = 1.0


@dataclass(frozen=True)
class MurmurSpan:
    """A span of turbulent flow noise.

    ``start_s`` and ``end_s`` are where the envelope leaves and returns to
    zero; ``level_db`` is the plateau RMS relative to the S1/S2 reference RMS.
    """

    kind: str  # "murmur" (systolic) or "rumble" (diastolic flow)
    start_s: float
    end_s: float
    shape: str  # pressure | plateau | crescendo | decrescendo | diamond
    level_db: float
    band_hz: tuple[float, float]
    attack_ms: float = C.MR_ATTACK_MS
    release_ms: float = C.MR_RELEASE_MS
    #: Extra mid-span swell as a fraction of the plateau (the loudest
    #: systolic murmurs, ``clinical.MURMUR_BULGE``), 0-0.3.
    bulge: float = 0.0
    #: blowing | harsh | musical (``Case.quality``).
    quality: str = "blowing"
    #: A musical murmur's fundamental, Hz (the patient's: :func:`patient_tone_hz`); 0 for none.
    tone_hz: float = 0.0
    #: For the ``pressure`` shape: A2's time, s, where systole ends (the LV-LA
    #: pressure difference is drawn over M1 = ``start_s`` -> A2), and the
    #: patient's pressures (:func:`patient_pressures`).
    a2_s: float = math.nan
    pressures: tuple[float, float, float] = (0.4, 100.0, 15.0)
    #: For the ``pressure`` shape: the patient's orifice dynamics ``(tilt, dip)``
    #: (:func:`patient_orifice`); (0, 0) is a fixed orifice.
    orifice: tuple[float, float] = (0.0, 0.0)
    #: For the ``flow`` shape: the regurgitant jet's amplitude from ``start_s``
    #: at 1 ms steps, peak 1 (:func:`murmur.physio.circulation.beat_physiology`).
    envelope: tuple[float, ...] = ()


@dataclass(frozen=True)
class Beat:
    """One cardiac cycle, from its ECG Q time to the next beat's.

    ``case`` is the Case the beat was made from: a live player can change
    case at a beat boundary, and each beat's sources follow its own case.
    """

    index: int
    q_s: float
    rr_s: float
    heart_rate_bpm: float
    resp_phase: float
    inspiration: bool
    split_ms: float
    events: tuple[Event, ...]
    murmurs: tuple[MurmurSpan, ...]
    case: Case = field(repr=False, compare=False)
    #: On the physiological model, after a live change: the case before it
    #: and the index of the first beat after it (the circulation is still
    #: settling); None otherwise.
    change: tuple[Case, int] | None = field(default=None, repr=False, compare=False)

    def event(self, kind: str) -> Event | None:
        """The event of that kind in this beat, or None."""
        for e in self.events:
            if e.kind == kind:
                return e
        return None

    @property
    def start_s(self) -> float:
        """Earliest time any sound of this beat starts."""
        times = [e.time_s for e in self.events] + [m.start_s for m in self.murmurs]
        return min(times)

    def shifted(self, dt_s: float) -> Beat:
        """The same beat ``dt_s`` seconds later (negative: earlier).

        Examples
        --------
        >>> b = next(iter_beats(Case()))
        >>> round(b.shifted(1.0).event("A2").time_s - b.event("A2").time_s, 9)
        1.0
        """
        return dataclasses.replace(
            self,
            q_s=self.q_s + dt_s,
            events=tuple(dataclasses.replace(e, time_s=e.time_s + dt_s) for e in self.events),
            murmurs=tuple(
                dataclasses.replace(m, start_s=m.start_s + dt_s, end_s=m.end_s + dt_s, a2_s=m.a2_s + dt_s)
                for m in self.murmurs
            ),
        )


@dataclass(frozen=True)
class Timeline:
    """All beats of a case that sound inside ``[0, duration_s)``."""

    case: Case
    beats: tuple[Beat, ...]
    duration_s: float

    def events(self, kind: str | None = None) -> list[Event]:
        """Every event (of one kind, if given), in time order."""
        out = [e for b in self.beats for e in b.events if kind is None or e.kind == kind]
        return sorted(out, key=lambda e: e.time_s)

    def murmurs(self, kind: str | None = None) -> list[MurmurSpan]:
        """Every murmur span (of one kind, if given), in time order."""
        return [m for b in self.beats for m in b.murmurs if kind is None or m.kind == kind]

    def shifted(self, dt_s: float) -> Timeline:
        """The same timeline ``dt_s`` seconds later, its end too (a page of a sound starts at 0 with ``-t0_s``).

        Examples
        --------
        >>> tl = build_timeline(Case(heart_rate_bpm=60, duration_s=5))
        >>> page = tl.shifted(-2.0)
        >>> page.duration_s, round(page.beats[2].q_s - tl.beats[2].q_s, 9)
        (3.0, -2.0)
        """
        beats = tuple(b.shifted(dt_s) for b in self.beats)
        return Timeline(case=self.case, beats=beats, duration_s=self.duration_s + dt_s)


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
class _Cycle:
    """One beat in the making: its times so far and its random draws.

    The finding rules read it and add events and murmur spans. Every draw
    comes from the beat's own stream in a fixed order, so adding a rule for
    a new finding never changes the beats of the others.
    """

    case: Case
    q: float
    rr: float
    rng: np.random.Generator
    drive: float = 0.0
    m1: float = 0.0
    a2: float = 0.0
    p2: float = 0.0
    level_db: float = 0.0
    events: list[Event] = field(default_factory=list)
    murmurs: list[MurmurSpan] = field(default_factory=list)
    #: The circulation model's beat (``case.model == 'physiological'``), else None.
    phys: Any = None
    _normals: list[float] = field(default_factory=list)

    def normal(self, sd: float) -> float:
        """The stream's next normal draw, SD ``sd``.

        Every draw of a cycle is a normal one, so they are taken 16 at a
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
        return 10 ** (_clip(self.normal(sd_db), -3 * sd_db, 3 * sd_db) / 20)

    def jit_gain(self) -> float:
        """Gain jitter, a factor near 1."""
        return 1.0 + _clip(self.normal(C.JITTER_GAIN_SD), -C.JITTER_GAIN_CLIP, C.JITTER_GAIN_CLIP)

    @property
    def next_m1_earliest(self) -> float:
        """The earliest the next beat's M1 can come (its Q is known, its jitter not yet)."""
        return self.q + self.rr + ms_to_s(C.Q_TO_M1_MS - C.JITTER_CLIP_SD * C.JITTER_TIMING_SD_MS)


def _refractory(c: _Cycle) -> None:
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


def _severe_mr(case: Case) -> bool:
    return case.finding == "mr" and case.mr_severity == "severe"


def _systolic_bulge(case: Case) -> float:
    """Mid-systolic swell of the loudest murmurs (clinical.md)."""
    return C.MURMUR_BULGE if case.grade >= C.MURMUR_BULGE_MIN_GRADE else 0.0


def _heart_sounds(c: _Cycle, rate_bpm: float, prev_rr: float) -> None:
    """S1 (M1, T1) and S2 (A2, P2): every beat has them."""
    case = c.case
    severe = _severe_mr(case)
    ph = c.phys
    s1_gain = 10 ** (C.MR_S1_DB[case.mr_severity] / 20) if case.finding == "mr" else 1.0
    if case.rhythm == "af":
        s1_gain *= _clip((prev_rr / case.rr_s) ** -C.AF_S1_RR_EXPONENT, 0.7, 1.4)
    # Each beat's S1 and S2 are louder or softer as a whole (contraction,
    # the heart's distance from the chest wall); their components jitter on top.
    s1_gain *= c.beat_gain(C.HEART_SOUND_BEAT_SD_DB)
    s2_gain = c.beat_gain(C.HEART_SOUND_BEAT_SD_DB)
    # The timing model takes M1 and A2 from regressions; the physiological
    # one from the model's valves (its A2 already carries MR's advance), and
    # S1 and A2 loudness from LV dP/dt at closure and aortic pressure.
    q_to_m1_ms = C.Q_TO_M1_MS if ph is None else ph.m1_ms
    q_to_a2_ms = qs2_ms(rate_bpm, sex=case.sex) if ph is None else ph.a2_ms
    a2_early_ms = C.SEVERE_A2_EARLY_MS if severe and ph is None else 0.0
    a2_gain = 1.0 if ph is None else ph.a2_gain
    if ph is not None:
        s1_gain *= ph.s1_gain
    c.m1 = c.q + ms_to_s(q_to_m1_ms + c.jit_ms())
    t1 = c.m1 + ms_to_s(C.M1_TO_T1_MS + c.jit_ms())
    a2_base = c.q + ms_to_s(q_to_a2_ms + c.jit_ms())
    widening_ms = (C.SPLIT_PEAK_INSPIRATION_MS[case.split_mode] - C.SPLIT_EXPIRATION_MS) * c.drive
    c.a2 = a2_base - ms_to_s(C.SPLIT_A2_SHARE * widening_ms + a2_early_ms)
    # P2 follows A2's time in the timing model; in the physiological one the
    # right side's own closure (which MR does not move), plus the expiratory
    # split the model's pulmonary bed (no inertance, no hangout) lacks.
    p2_base = a2_base if ph is None else a2_base + ms_to_s(ph.p2_ms - ph.a2_ms)
    p2 = p2_base + ms_to_s(C.SPLIT_EXPIRATION_MS + (1 - C.SPLIT_A2_SHARE) * widening_ms + c.jit_ms())
    c.p2 = max(p2, c.a2 + ms_to_s(C.MIN_SPLIT_MS))
    c.events += [
        Event("M1", c.m1, s1_gain * c.jit_gain()),
        Event("T1", t1, s1_gain * c.jit_gain()),
        Event("A2", c.a2, s2_gain * a2_gain * c.jit_gain()),
        Event("P2", c.p2, s2_gain * c.jit_gain()),
    ]


def _s4(c: _Cycle) -> None:
    if c.case.s4:
        c.events.insert(0, Event("S4", c.m1 - ms_to_s(C.S4_TO_M1_MS), c.jit_gain()))


def _s3(c: _Cycle) -> None:
    """S3 at the end of rapid filling; earlier, or fused with the next S1, when diastole is short."""
    if not c.case.s3:
        return
    if c.phys is None:
        s3 = c.a2 + ms_to_s(C.A2_TO_S3_MS + c.jit_ms())
    else:  # the E wave's deceleration in the model
        s3 = c.q + ms_to_s(c.phys.s3_ms + c.jit_ms())
    gain = c.jit_gain()
    latest = c.next_m1_earliest - ms_to_s(C.S3_LENGTH_MS)
    if s3 > latest:
        s3 = max(latest, c.a2 + ms_to_s(C.A2_TO_S3_MIN_MS))
    if s3 <= latest:
        c.events.append(Event("S3", s3, gain))


def _mr_spans(c: _Cycle) -> None:
    """Mitral regurgitation: a holosystolic plateau (or an acute decrescendo), and in severe MR a rumble."""
    case = c.case
    level_db = c.level_db + C.MR_INSPIRATION_DB * c.drive
    band = C.MR_BAND_HZ[case.mr_severity]
    bulge = _systolic_bulge(case)
    if c.phys is not None:
        # The regurgitant jet of the model: from M1 until after mitral
        # opening, its level moving with the leak from the grade's own.
        env = c.phys.envelope
        span = MurmurSpan(
            "murmur", c.m1, c.m1 + ms_to_s(len(env) - 1), "flow", level_db + c.phys.level_offset_db,
            c.phys.band_hz, bulge=bulge, quality=case.quality, tone_hz=patient_tone_hz(case), envelope=env,
        )  # fmt: skip
        c.murmurs.append(span)
    elif case.mr_acute:
        end = c.m1 + C.ACUTE_END_FRACTION * (c.a2 - c.m1)
        span = MurmurSpan("murmur", c.m1, end, "decrescendo", level_db, band, bulge=bulge, quality=case.quality)
        span = dataclasses.replace(span, tone_hz=patient_tone_hz(case))
        c.murmurs.append(span)
    else:
        end = c.a2 + ms_to_s(C.MR_TAIL_AFTER_A2_MS[case.mr_severity] + C.MR_RELEASE_MS)
        c.murmurs.append(
            MurmurSpan(
                "murmur", c.m1, end, "pressure", level_db, band,
                bulge=bulge, quality=case.quality, tone_hz=patient_tone_hz(case),
                a2_s=c.a2, pressures=patient_pressures(case), orifice=patient_orifice(case),
            )
        )
    if _severe_mr(case):
        start = c.a2 + ms_to_s(C.RUMBLE_AFTER_A2_MS)
        end = min(start + ms_to_s(C.RUMBLE_LENGTH_MS), c.q + c.rr)
        if end - start > 0.05:
            rumble_db = level_db + C.RUMBLE_REL_DB
            band = C.RUMBLE_BAND_HZ
            rumble = MurmurSpan("rumble", start, end, "decrescendo", rumble_db, band, attack_ms=20.0, release_ms=40.0)
            c.murmurs.append(rumble)


def patient_pressures(case: Case) -> tuple[float, float, float]:
    """This patient's LV peak (fraction of systole), LV end-systolic and LA v-wave pressures, mmHg.

    Drawn once per case from its seed (``clinical.MR_LV_PEAK_FRACTION``,
    ``MR_LV_END_SYSTOLIC_MMHG``, ``MR_LA_V_WAVE_MMHG``): every beat of a
    patient shares them, and two seeds are two patients.

    Examples
    --------
    >>> peak, es, v = patient_pressures(Case(finding="mr", mr_severity="severe", seed=3))
    >>> 0.3 <= peak <= 0.5 and 90 <= es <= 110 and 15 <= v <= 28
    True
    """
    return _patient_pressures(case.seed, case.mr_severity)


@lru_cache(maxsize=64)
def _patient_pressures(seed: int, severity: str) -> tuple[float, float, float]:
    rng = beat_rng(seed, PATIENT_STREAM, 0)
    peak = rng.uniform(*C.MR_LV_PEAK_FRACTION)
    es = rng.uniform(*C.MR_LV_END_SYSTOLIC_MMHG)
    v = rng.uniform(*C.MR_LA_V_WAVE_MMHG[severity])
    return (float(peak), float(es), float(v))


def patient_orifice(case: Case) -> tuple[float, float]:
    """This patient's regurgitant-orifice dynamics ``(tilt, dip)`` (:func:`murmur.sound.murmurs.orifice_area`).

    Drawn once per case from its seed (``clinical.MR_ORIFICE_TILT``,
    ``MR_ORIFICE_DIP``): one patient's leak shrinks through systole, another's
    grows late, a third's sags mid-systole.

    Examples
    --------
    >>> tilt, dip = patient_orifice(Case(finding="mr", seed=3))
    >>> -0.4 <= tilt <= 0.7 and 0.0 <= dip <= 0.7
    True
    """
    return _patient_orifice(case.seed)


@lru_cache(maxsize=64)
def _patient_orifice(seed: int) -> tuple[float, float]:
    rng = beat_rng(seed, PATIENT_STREAM, 2)
    return (float(rng.uniform(*C.MR_ORIFICE_TILT)), float(rng.uniform(*C.MR_ORIFICE_DIP)))


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


def _mvp_click(c: _Cycle) -> None:
    """Mitral valve prolapse: a mid-systolic click, then a late-systolic crescendo."""
    click = c.m1 + C.CLICK_FRACTION_OF_SYSTOLE * (c.a2 - c.m1) + ms_to_s(C.POSTURE_CLICK_SHIFT_MS[c.case.posture])
    gap = ms_to_s(C.CLICK_MIN_GAP_MS)
    click = min(max(click, c.m1 + gap), c.a2 - gap)
    c.events.append(Event("click", click, c.jit_gain()))
    end = c.a2 + ms_to_s(C.MVP_TAIL_AFTER_A2_MS + C.MR_RELEASE_MS)
    start = click + ms_to_s(C.CLICK_LENGTH_MS / 2)
    band = C.MR_BAND_HZ["mild"]
    bulge = _systolic_bulge(c.case)
    span = MurmurSpan("murmur", start, end, "crescendo", c.level_db, band, attack_ms=10.0, bulge=bulge)
    c.murmurs.append(dataclasses.replace(span, quality=c.case.quality, tone_hz=patient_tone_hz(c.case)))


#: Extra heart sounds, in the order their random draws are taken.
_EXTRA_SOUNDS = (_s4, _s3)
#: One rule per finding: what the finding adds to a beat (a new finding is a
#: new rule here, never a new branch elsewhere).
FINDING_RULES = {"normal": (), "mr": (_mr_spans,), "mvp": (_mvp_click,)}


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
    phys = circulation_beat(case, rate, *since_change) if case.model == "physiological" else None
    c = _Cycle(case=case, q=q, rr=rr, rng=rng, drive=drive, phys=phys)
    _heart_sounds(c, rate, prev_rr)
    _refractory(c)
    rr = c.rr
    for rule in _EXTRA_SOUNDS:
        rule(c)
    c.level_db = C.LEVINE_DB[case.grade] + 20 * math.log10(c.beat_gain(C.MURMUR_BEAT_SD_DB))
    if case.rhythm == "af":
        c.level_db += C.AF_MURMUR_RR_DB_PER_DOUBLING * math.log2(prev_rr / case.rr_s)
    for rule in FINDING_RULES[case.finding]:
        rule(c)
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
