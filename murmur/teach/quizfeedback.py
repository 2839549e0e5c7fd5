"""What the quiz tells the student: the menus, right or wrong per part, what to listen for, the weakest topic.

Pure text, read from a round's case and its timeline (:mod:`murmur.teach.quiz`);
the console flow and the quiz page say it.

Examples
--------
>>> from murmur.teach.quiz import draw_rounds
>>> rnd = draw_rounds(1, seed=2, cases=["mr-mild"], changes={"duration_s": 3.0})[0]
>>> feedback(rnd, Answer("mr", "holosystolic", rnd.grade))
['finding: right: chronic mitral regurgitation (MR)', 'timing: right: holosystolic', 'grade: right: 1/6']
"""

from __future__ import annotations

from .. import clinical as C
from ..finding import get_finding
from .quiz import TIMINGS, Answer, Round, Tally, finding_names, mark

__all__ = ["feedback", "listen_for", "weakest_text", "menu_lines"]


def _grade_text(grade: int) -> str:
    return "0 (no murmur)" if grade == 0 else f"{grade}/6"


def feedback(rnd: Round, answer: Answer) -> list[str]:
    """One line per part: right or wrong, and the right answer.

    Examples
    --------
    >>> from murmur import Case
    >>> r = Round(1, "mr-mild", Case(finding="mr", mr_severity="mild", grade=2), "mr", "holosystolic", 2)
    >>> feedback(r, Answer("mr", "early systolic", 3))[1:]
    ['timing: wrong: you said early systolic; it is holosystolic', 'grade: right: 2/6 (you said 3; within one counts)']
    """
    m = mark(rnd, answer)
    names = finding_names()
    f_true, f_said = names[rnd.finding], names[answer.finding]
    g_true = _grade_text(rnd.grade)
    lines = [
        f"finding: right: {f_true}" if m.finding else f"finding: wrong: you said {f_said}; it is {f_true}",
        f"timing: right: {rnd.timing}" if m.timing else f"timing: wrong: you said {answer.timing}; it is {rnd.timing}",
    ]
    if not m.grade:
        lines.append(f"grade: wrong: you said {_grade_text(answer.grade)}; it is {g_true}")
    elif answer.grade == rnd.grade:
        lines.append(f"grade: right: {g_true}")
    else:
        lines.append(f"grade: right: {g_true} (you said {answer.grade}; within one counts)")
    return lines


_WHERE = {
    "holosystolic": "it starts with S1 and runs through S2, leaving no quiet gap in systole",
    "early systolic": "it starts with S1 and fades well before S2, so late systole is quiet",
    "mid systolic": "it starts after S1 and ends before S2",
    "late systolic": "early systole is quiet; it starts part-way through and runs up to S2",
    "diastolic": "it comes after S2, in diastole",
}


def listen_for(rnd: Round) -> str:
    """What to listen for in this round's case, from its fields and its timeline.

    Examples
    --------
    >>> from murmur.teach.quiz import draw_rounds
    >>> r = draw_rounds(1, seed=3, cases=["mvp"], changes={"duration_s": 3.0})[0]
    >>> listen_for(r).split(":")[0]
    'A mid-systolic click, then a soft late systolic murmur'
    """
    case = rnd.case
    if rnd.timing == "none":
        split_ms = C.SPLIT_PEAK_INSPIRATION_MS[case.split_mode]
        out = [
            "No murmur: systole (S1 to S2) and diastole (S2 to the next S1) are quiet; "
            f"S2 splits on inspiration (A2 then P2, up to {split_ms:g} ms)"
        ]
    else:
        d = get_finding(case.finding).murmur_description(case)
        loud = "soft" if rnd.grade <= 2 else "loud" if rnd.grade >= 4 else "clear"
        lead = "A mid-systolic click, then a" if "click" in rnd.sounds else "A"
        out = [
            f"{lead} {loud} {rnd.timing} murmur: {_WHERE[rnd.timing]}; {d.pitch}-pitched, {d.quality}, {d.shape}, "
            f"grade {rnd.grade}/6, loudest at the {d.location}"
        ]
    out += get_finding(case.finding).quiz_notes(case)
    if "S3" in rnd.sounds:
        out.append("a low thud (S3) follows S2")
    if "rumble" in rnd.sounds:
        out.append("then a brief low diastolic rumble")
    if case.rhythm == "af":
        out.append(
            f"an irregularly irregular rhythm at about {case.heart_rate_bpm:g} bpm (atrial fibrillation), "
            "S1's loudness changing from beat to beat"
        )
    else:
        out.append(f"a regular rhythm at {case.heart_rate_bpm:g} bpm")
    return "; ".join(out) + "."


def weakest_text(t: Tally) -> str:
    """The weakest topic (part of the answer) and the hardest kind of case, in one line.

    Examples
    --------
    >>> weakest_text(Tally(1, 3, {"finding": 0, "timing": 2, "grade": 1}, {"mr": (1, 2), "mvp": (0, 1)}))
    'weakest topic: timing (2 of 3 rounds wrong); hardest kind of case: mitral valve prolapse (MVP) (0 of 1 right)'
    """
    worst = max(t.wrong_parts.values())
    if worst == 0:
        return "weakest topic: none: every answer was right"
    parts = " and ".join(p for p, n in t.wrong_parts.items() if n == worst)
    name = min(t.by_finding, key=lambda f: (t.by_finding[f][0] / t.by_finding[f][1], -t.by_finding[f][1]))
    right, seen = t.by_finding[name]
    return (
        f"weakest topic: {parts} ({worst} of {t.rounds} rounds wrong); "
        f"hardest kind of case: {finding_names()[name]} ({right} of {seen} right)"
    )


def menu_lines() -> list[str]:
    """The three menus, one line each.

    Examples
    --------
    >>> menu_lines()[2]
    'grade:   0-6, the Levine grade (0: no murmur)'
    """
    return [
        "finding: " + "  ".join(f"{i} {text}" for i, text in enumerate(finding_names().values(), 1)),
        "timing:  " + "  ".join(f"{i} {t}" for i, t in enumerate(TIMINGS, 1)),
        "grade:   0-6, the Levine grade (0: no murmur)",
    ]
