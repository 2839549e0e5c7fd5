"""The quiz that teaches: blinded rounds, the answer model, scoring and feedback.

Pure: nothing here prints, plays or writes (what the student is told is
:mod:`murmur.teach.quizfeedback`, the console flow :mod:`murmur.teach.quizconsole`, the
quiz page :mod:`murmur.teach.quizpage`).

A quiz is a list of :class:`Round`: a preset varied within what is clinically
sensible (``clinical.QUIZ_GRADES``, ``clinical.QUIZ_RATE_BPM``) with a case
seed of its own, so two rounds of the same finding never sound alike. The
rounds are drawn from the quiz seed alone: the same seed gives the same
rounds, and round ``k`` is the same whatever the number of rounds, so a
lecturer can hand the same quiz to a class.

Per round the student answers three questions, by the numbers of the menus
(:func:`finding_menu`, :data:`TIMINGS`, grade 0-6). The right answers are read
from the case and its timeline, never from a table: the finding from the
case's fields, the timing from where the murmur spans sit between M1 and A2
(:func:`murmur_timing`), the grade from the case (0 for no murmur).
:data:`SCORING_RULE` says what makes a round right.

Examples
--------
>>> rounds = draw_rounds(2, seed=1, cases=["normal", "mvp"], changes={"duration_s": 3.0})
>>> sorted(r.name for r in rounds)
['mvp', 'normal']
>>> r = next(r for r in rounds if r.name == "mvp")
>>> r.finding, r.timing, 1 <= r.grade <= 3
('mvp', 'late systolic', True)
>>> mark(r, Answer("mvp", "late systolic", r.grade + 1)).right
True
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..case import Case, check_field
from ..errors import ParameterError
from ..finding import findings, get_finding
from ..physio.streams import QUIZ_DECK_STREAM, QUIZ_ROUND_STREAM
from ..presets import PRESETS, get_preset

if TYPE_CHECKING:  # numpy and the timeline load when rounds are drawn, so 'murmur --help' stays light
    import numpy as np

    from ..physio.timeline import MurmurSpan, Timeline

__all__ = [
    "finding_menu",
    "finding_names",
    "TIMINGS",
    "GRADES",
    "SCORING_RULE",
    "MAX_ROUNDS",
    "DURATION_RANGE_S",
    "DEFAULT_CHANGES",
    "Round",
    "Answer",
    "Marking",
    "Tally",
    "draw_rounds",
    "check_rounds",
    "finding_of",
    "murmur_timing",
    "parse_choice",
    "split_answer",
    "mark",
    "grade_right",
    "tally",
]


def finding_names() -> dict[str, str]:
    """The finding menu: each answer's key and how the menu and the feedback say it, in menu order.

    Read from the registered findings (:meth:`murmur.finding.Finding.answers`), in their teaching order.

    Examples
    --------
    >>> list(finding_names())[:2]
    ['normal', 'mr']
    """
    return {key: text for f in findings() for key, text in f.answers().items()}


def finding_menu() -> tuple[str, ...]:
    """The finding menu's keys, in the order of its numbers (1, 2, ...)."""
    return tuple(finding_names())


#: The timing menu, in the order of its numbers (1-6).
TIMINGS = ("none", "holosystolic", "early systolic", "mid systolic", "late systolic", "diastolic")
#: Levine grades a student may answer; 0 is no murmur.
GRADES = (0, 1, 2, 3, 4, 5, 6)
SCORING_RULE = (
    "A round is right when the finding and the timing are right and the grade is within one of the true "
    "Levine grade (0, no murmur, is right only for a heart with no murmur, and such a heart needs 0)."
)
MAX_ROUNDS = 50
#: Length of a quiz case, s: two beats at least, and a page that stays small.
DURATION_RANGE_S = (2.0, 30.0)
#: How a quiz case is rendered unless told otherwise: 8 s (eight to sixteen
#: beats), 22050 Hz (everything heard lies below 2 kHz; half the size of a
#: quiz page's audio at 44.1 kHz).
DEFAULT_CHANGES = {"duration_s": 8.0, "sr": 22050}

#: A murmur "starts with S1" when it starts within this fraction of S1-A2 after M1,
#: and "reaches S2" when it ends within this fraction before A2 (or later).
_WITH_S1 = 0.1
_TO_S2 = 0.05


@dataclass(frozen=True)
class Round:
    """One blinded round: the case played and the three right answers.

    ``sounds`` holds the kinds of event and span in its timeline (``S3``,
    ``click``, ``rumble``...), for what to listen for.
    """

    number: int
    name: str
    case: Case
    finding: str
    timing: str
    grade: int
    sounds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Answer:
    """A student's answer: a key of :func:`finding_menu`, one of :data:`TIMINGS`, a grade 0-6."""

    finding: str
    timing: str
    grade: int


@dataclass(frozen=True)
class Marking:
    """Which parts of an answer are right."""

    finding: bool
    timing: bool
    grade: bool

    @property
    def right(self) -> bool:
        """The round is right (:data:`SCORING_RULE`)."""
        return self.finding and self.timing and self.grade


def finding_of(case: Case) -> str:
    """The finding menu's key for a case: its finding's quiz answer.

    Examples
    --------
    >>> finding_of(get_preset("mr-af").case), finding_of(get_preset("mr-acute").case)
    ('mr-af', 'mr-acute')
    """
    return get_finding(case.finding).quiz_answer(case)


def _span_timing(span: MurmurSpan, m1_s: float, a2_s: float) -> str:
    systole_s = a2_s - m1_s
    start, end = (span.start_s - m1_s) / systole_s, (span.end_s - m1_s) / systole_s
    if start >= 1.0:
        return "diastolic"
    with_s1, to_s2 = start <= _WITH_S1, end >= 1.0 - _TO_S2
    if with_s1:
        return "holosystolic" if to_s2 else "early systolic"
    return "late systolic" if to_s2 else "mid systolic"


def murmur_timing(timeline: Timeline) -> str:
    """The timing of a case's murmur, read from where its spans sit between M1 and A2.

    Per beat, the first murmur span in systole is named: holosystolic (from
    S1 to S2), early systolic (from S1, ending before S2), late systolic
    (starting after S1, running to S2) or mid systolic (neither); a beat with
    only a span after A2 is diastolic, one with none ``none``. "From S1" is
    within 10 % of S1-A2 of M1, "to S2" within 5 % of A2 or later. The case's
    timing is the most common over its beats.

    Examples
    --------
    >>> from murmur.physio.timeline import build_timeline
    >>> murmur_timing(build_timeline(get_preset("mr-acute").case, duration_s=3))
    'early systolic'
    >>> murmur_timing(build_timeline(Case(), duration_s=3))
    'none'
    """
    votes: Counter[str] = Counter()
    for beat in timeline.beats:
        m1, a2 = beat.event("M1"), beat.event("A2")
        if m1 is None or a2 is None:  # no S1 or S2 to time the murmur from
            continue
        kinds = [_span_timing(s, m1.time_s, a2.time_s) for s in beat.murmurs]
        systolic = [k for k in kinds if k != "diastolic"]
        votes[systolic[0] if systolic else kinds[0] if kinds else "none"] += 1
    return votes.most_common(1)[0][0] if votes else "none"


def _round(number: int, name: str, case: Case) -> Round:
    from ..physio.timeline import build_timeline

    timeline = build_timeline(case)
    sounds = {e.kind for e in timeline.events()} | {m.kind for m in timeline.murmurs()}
    grade = case.grade if case.has_murmur else 0
    return Round(number, name, case, finding_of(case), murmur_timing(timeline), grade, frozenset(sounds))


def _vary(case: Case, rng: np.random.Generator) -> Case:
    """The case as a new patient: a rate and a grade within clinical sense, its own seed."""
    finding = get_finding(case.finding)
    low, high = finding.quiz_rate_bpm(case)
    changes: dict[str, Any] = {
        "heart_rate_bpm": float(round(rng.uniform(low, high))),
        "seed": int(rng.integers(0, 2**32)),
    }
    if case.has_murmur:
        low_g, high_g = finding.quiz_grades(case)
        changes["grade"] = int(rng.integers(low_g, high_g + 1))
    return dataclasses.replace(case, **changes)


def _deck(names: Sequence[str], n: int, rng: np.random.Generator) -> list[str]:
    """``n`` names dealt in shuffled passes through all of them (no name twice in a row)."""
    order: list[str] = []
    while len(order) < n:
        deal = [names[i] for i in rng.permutation(len(names))]
        if order and len(deal) > 1 and deal[0] == order[-1]:
            deal[0], deal[1] = deal[1], deal[0]
        order += deal
    return order[:n]


def check_rounds(value: object) -> int:
    """The number of rounds, a whole number 1-50 (typed text is read as one).

    Examples
    --------
    >>> check_rounds(" 3 ")
    3
    >>> check_rounds("x")
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: rounds must be a whole number from 1 to 50; got 'x'.
    """
    number = value
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= MAX_ROUNDS:
        shown = repr(value[:20]) if isinstance(value, str) else repr(value)
        raise ParameterError(f"rounds must be a whole number from 1 to {MAX_ROUNDS}; got {shown}.", param="rounds")
    return number


def draw_rounds(
    n_rounds: int, *, seed: int, cases: Sequence[str] | None = None, changes: dict[str, Any] | None = None
) -> list[Round]:
    """Draw a seeded quiz.

    Parameters
    ----------
    n_rounds : int
        Number of rounds, 1-50.
    seed : int, keyword-only
        Quiz seed, 0-4294967295: the same seed (and cases) gives the same
        rounds; round ``k`` does not depend on ``n_rounds``.
    cases : sequence of str, keyword-only
        Preset names to draw from (default: every preset). Each pass through
        them visits each once, in a shuffled order.
    changes : dict, keyword-only
        Case fields set in every round (how it is heard: ``duration_s``
        2-30 s, ``sr``, ``background``, ``site``...), over
        :data:`DEFAULT_CHANGES` (8 s at 22050 Hz).

    Returns
    -------
    list of Round
    """
    n_rounds = check_rounds(n_rounds)
    seed = check_field("seed", seed)
    names = list(dict.fromkeys(cases)) if cases else list(PRESETS)
    for name in names:
        get_preset(name)  # an unknown name: one sentence, before anything is drawn
    changes = DEFAULT_CHANGES | dict(changes or {})
    low, high = DURATION_RANGE_S
    duration_s = check_field("duration_s", changes["duration_s"])
    if not low <= duration_s <= high:
        raise ParameterError(
            f"duration_s of a quiz round must be between {low:g} and {high:g} s; got {duration_s:g}.",
            param="duration_s",
        )
    import numpy as np

    deck_rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(QUIZ_DECK_STREAM,)))
    out = []
    for i, name in enumerate(_deck(names, n_rounds, deck_rng)):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(QUIZ_ROUND_STREAM, i)))
        case = _vary(dataclasses.replace(get_preset(name).case, **changes), rng)
        out.append(_round(i + 1, name, case))
    return out


def split_answer(text: str) -> list[str]:
    """The numbers typed on one line (separated by spaces or commas).

    Examples
    --------
    >>> split_answer(" 2, 3 4\\n")
    ['2', '3', '4']
    """
    return [t for t in re.split(r"[\s,;]+", text.strip()) if t]


def parse_choice(question: str, text: str, *, where: str = "") -> str | int:
    """A menu number typed for ``question`` ('finding', 'timing' or 'grade') -> its key (grade: the int).

    Examples
    --------
    >>> parse_choice("timing", "2"), parse_choice("grade", " 0 ")
    ('holosystolic', 0)
    >>> parse_choice("finding", "9", where="round 2: ")
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: round 2: finding must be a number from 1 to 5 (the menu's numbers); got '9'.
    """
    menu: Sequence[Any] = {"finding": finding_menu(), "timing": TIMINGS, "grade": GRADES}[question]
    first = 0 if question == "grade" else 1
    last = first + len(menu) - 1
    typed = text.strip()
    if typed.isdigit() and first <= int(typed) <= last:
        return menu[int(typed) - first]
    what = " (0: no murmur)" if question == "grade" else " (the menu's numbers)"
    shown = repr(typed[:20] + ("..." if len(typed) > 20 else ""))
    rule = f"{question} must be a number from {first} to {last}{what}"
    raise ParameterError(f"{where}{rule}; got {shown}.", param="answer")


def grade_right(true_grade: int, given: int) -> bool:
    """Within one of the true grade; 0 (no murmur) only against 0.

    Examples
    --------
    >>> grade_right(3, 2), grade_right(1, 0), grade_right(0, 1), grade_right(0, 0)
    (True, False, False, True)
    """
    if true_grade == 0 or given == 0:
        return true_grade == given
    return abs(true_grade - given) <= 1


def mark(rnd: Round, answer: Answer) -> Marking:
    """Mark an answer against a round's right answers (:data:`SCORING_RULE`)."""
    return Marking(answer.finding == rnd.finding, answer.timing == rnd.timing, grade_right(rnd.grade, answer.grade))


@dataclass(frozen=True)
class Tally:
    """A quiz's result: rounds right, and where the wrong answers were."""

    score: int
    rounds: int
    #: Rounds with each part ('finding', 'timing', 'grade') wrong.
    wrong_parts: dict[str, int]
    #: Per finding: (rounds right, rounds).
    by_finding: dict[str, tuple[int, int]]


def tally(rounds: Sequence[Round], answers: Sequence[Answer]) -> Tally:
    """Score a quiz: the rounds right, the wrong parts, and each finding's record."""
    marks = [mark(r, a) for r, a in zip(rounds, answers, strict=True)]
    wrong = {p: sum(not getattr(m, p) for m in marks) for p in ("finding", "timing", "grade")}
    by: dict[str, tuple[int, int]] = {}
    for r, m in zip(rounds, marks, strict=True):
        right, seen = by.get(r.finding, (0, 0))
        by[r.finding] = (right + m.right, seen + 1)
    by = {f: by[f] for f in finding_menu() if f in by}
    return Tally(sum(m.right for m in marks), len(marks), wrong, by)
