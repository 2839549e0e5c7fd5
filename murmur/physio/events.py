"""What a beat is made of: its events (transient sounds) and murmur spans, the Beat, and the Timeline.

Plain frozen data, the vocabulary every later stage reads: the renderer places
sounds from it, the labels and figures read it. Made by
:func:`murmur.physio.iter_beats`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from .. import clinical as C
from ..case import Case

__all__ = ["Event", "MurmurSpan", "Beat", "Timeline"]


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

    kind: str  # "murmur" (systolic) or "rumble" (diastolic flow): its chest-wall filter and label row
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
    #: A musical murmur's fundamental, Hz (the patient's, drawn once per case); 0 for none.
    tone_hz: float = 0.0
    #: For the ``pressure`` shape: A2's time, s, where systole ends (the LV-LA
    #: pressure difference is drawn over M1 = ``start_s`` -> A2), and the
    #: patient's pressures (``(LV peak fraction, LV end-systolic mmHg, LA v wave mmHg)``).
    a2_s: float = math.nan
    pressures: tuple[float, float, float] = C.PRESSURE_SHAPE_DEFAULT
    #: For the ``pressure`` shape: the patient's orifice dynamics ``(tilt, dip)``
    #: (:func:`murmur.sound.envelopes.orifice_area`); (0, 0) is a fixed orifice.
    orifice: tuple[float, float] = (0.0, 0.0)
    #: For the ``flow`` shape: the regurgitant jet's amplitude from ``start_s``
    #: at 1 ms steps, peak 1 (from the circulation model).
    envelope: tuple[float, ...] = ()
    #: Its level at each listening site against the apex, dB: ``((site, dB), ...)``
    #: (:func:`murmur.finding.site_table`), set by the finding that made it; empty: the same everywhere.
    radiation: tuple[tuple[str, float], ...] = ()
    #: What it is called on figures (its band bracket: ``"MR"``, ``"rumble"``); empty: its kind.
    label: str = ""

    def site_db(self, site: str) -> float:
        """Its level at ``site`` against the apex, dB (0 where its radiation does not say)."""
        for name, db in self.radiation:
            if name == site:
                return db
        return 0.0


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
        >>> from murmur.physio import iter_beats
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
        >>> from murmur.physio import build_timeline
        >>> tl = build_timeline(Case(heart_rate_bpm=60, duration_s=5))
        >>> page = tl.shifted(-2.0)
        >>> page.duration_s, round(page.beats[2].q_s - tl.beats[2].q_s, 9)
        (3.0, -2.0)
        """
        beats = tuple(b.shifted(dt_s) for b in self.beats)
        return Timeline(case=self.case, beats=beats, duration_s=self.duration_s + dt_s)
