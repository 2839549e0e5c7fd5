"""A finding: everything about one lesion, in one object that the rest of murmur reads.

A finding (normal heart, mitral regurgitation, mitral valve prolapse, ...)
is one module under :mod:`murmur.physio.findings` holding one
:class:`Finding` subclass. It supplies:

- its **parameters**: Case fields of its own (``mr_severity``), added to
  :class:`~murmur.case.Case` when it is registered, so the command line stays
  flat (``--mr-severity``) and every option is still checked in one place;
- its **presets**, listed by ``murmur cases``;
- its **hooks on a beat being built**: how it changes S1 and S2
  (:meth:`Finding.s1_db`, :meth:`Finding.a2_early_ms`) and the events and
  murmur spans it adds (:meth:`Finding.add_to_beat`), each span carrying its
  own band, radiation across the five sites and label;
- whether the circulation model covers it (:attr:`Finding.circulation`);
- its **teaching text**: what it is, what to listen for, its murmur in the
  CirCor vocabulary (timing, shape, pitch, quality, grade, site, radiation),
  and its answer in the quiz.

The handout, quiz, page, figures, labels and command line read these and name
no lesion themselves. ``docs/adding-a-finding.md`` walks through adding one.

Examples
--------
>>> from murmur.finding import get_finding
>>> mr = get_finding("mr")
>>> mr.short, mr.circulation, "mr_severity" in [name for name, _, _ in mr.parameters]
('MR', True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from . import case as _case
from . import clinical as C
from .case import Case, FieldSpec
from .errors import ParameterError
from .presets import PRESETS, Preset, add_presets, remove_presets

__all__ = [
    "Finding",
    "Leak",
    "MurmurDescription",
    "NO_MURMUR",
    "register",
    "unregister",
    "get_finding",
    "findings",
    "site_table",
]


@dataclass(frozen=True)
class MurmurDescription:
    """A murmur in the words of annotated recordings (CirCor DigiScope's fields; all None for no murmur).

    ``timing`` is one of the quiz's timings (``holosystolic``, ``early-systolic``,
    ``mid-systolic``, ``late-systolic``); ``location`` and ``radiation`` name
    where it is loudest and where it carries (None: nowhere).
    """

    timing: str | None
    shape: str | None
    pitch: str | None
    quality: str | None
    grade: str | None
    location: str | None
    radiation: str | None


#: The description of a heart with no murmur.
NO_MURMUR = MurmurDescription(None, None, None, None, None, None, None)


def site_table(apex: float, axilla: float, llsb: float, lusb: float, rusb: float) -> tuple[tuple[str, float], ...]:
    """A radiation pattern as a span carries it: ``((site, dB), ...)`` over the five listening sites.

    Levels are relative to the apex's in the timing of the sound that
    carries it (0 dB: as loud as at the apex).

    Examples
    --------
    >>> dict(site_table(0, -3, -6, -9, -12))["axilla"]
    -3
    """
    return (("apex", apex), ("axilla", axilla), ("llsb", llsb), ("lusb", lusb), ("rusb", rusb))


@dataclass(frozen=True)
class Leak:
    """A regurgitant orifice as the circulation model takes it from a finding.

    ``eroa_cm2`` is the effective regurgitant orifice area (0: none),
    ``remodeling`` the chambers' (``'none'``, ``'chronic'``: dilated and
    compliant, ``'acute'``: small and stiff), ``reference_eroa_cm2`` the area
    at which the jet's murmur sounds at the case's Levine grade (0: no murmur
    from the model).
    """

    eroa_cm2: float = 0.0
    remodeling: str = "none"
    reference_eroa_cm2: float = 0.0


class Finding:
    """One lesion: its parameters, presets, beat hooks and teaching text.

    Subclass it, set the class attributes, override the hooks that differ
    from a normal heart's, and :func:`register` an instance. Every hook has
    the normal heart's behaviour by default.

    Attributes
    ----------
    key : str
        The value of ``Case.finding`` (``"mr"``); lower case, no spaces.
    name : str
        What it is called in full (``"mitral regurgitation"``).
    short : str
        Its abbreviation on figures and in labels (``"MR"``).
    has_murmur : bool
        Whether it adds a murmur (then ``--grade`` and ``--quality`` apply).
    circulation : bool
        Whether the circulation model (``--model physiological``) covers it.
    reads : tuple of str
        Case fields other than its own parameters that change its sound
        (MVP reads ``posture``): the command line refuses such an option for a
        finding that does not read it.
    parameters : tuple of (name, default, FieldSpec)
        Its own Case fields; names should start with the key (``mr_severity``).
    about : str
        A paragraph for the handout: what the lesion is and why it sounds so.
    patient : str or None
        A paragraph for the patient (symptoms, tests, treatment); None: none.
    quiz_answers : dict of str to str
        The quiz's answers this finding can be (menu key -> menu text); the
        default is one answer, ``{key: name}``.
    """

    key: ClassVar[str] = ""
    name: ClassVar[str] = ""
    short: ClassVar[str] = ""
    has_murmur: ClassVar[bool] = True
    circulation: ClassVar[bool] = False
    reads: ClassVar[tuple[str, ...]] = ()
    parameters: ClassVar[tuple[tuple[str, Any, FieldSpec], ...]] = ()
    about: ClassVar[str] = ""
    patient: ClassVar[str | None] = None
    quiz_answers: ClassVar[dict[str, str]] = {}

    # --- presets and the case -------------------------------------------------

    def presets(self) -> Sequence[Preset]:
        """The named cases of this finding (built after its parameters are Case fields)."""
        return ()

    def check(self, case: Case) -> None:
        """Refuse combinations of fields this finding cannot sound (raise ParameterError)."""

    def describe(self, case: Case) -> str:
        """What the case is, for titles and the terminal (``"mild mitral regurgitation, murmur grade 2/6"``)."""
        grade = f", murmur grade {case.grade}/6" if self.has_murmur else ""
        return f"{self.name}{grade}"

    def model_note(self, case: Case) -> str:
        """Words added after "circulation model" in :meth:`Case.describe` (``", EROA 0.3 cm^2"``)."""
        return ""

    def circulation_leak(self, case: Case) -> Leak:
        """What the circulation model takes from this finding (only asked where :attr:`circulation` is true)."""
        return Leak()

    # --- hooks on a beat being built (physio) --------------------------------

    def s1_db(self, case: Case) -> float:
        """S1's level against a normal heart's, dB (severe MR: soft S1)."""
        return 0.0

    def a2_early_ms(self, case: Case) -> float:
        """How much earlier A2 comes than QS2 says, ms, with the timing model (severe MR: 10-20 ms)."""
        return 0.0

    def add_to_beat(self, draft: Any) -> None:
        """Add this finding's events and murmur spans to a beat being built.

        ``draft`` is a :class:`murmur.physio.timeline.BeatDraft`: its times so
        far (``q``, ``m1``, ``a2``, ``p2``, ``rr``), the breath's drive, the
        murmur level of this beat (``level_db``) and its random draws. Add
        with ``draft.events.append(Event(...))`` and
        ``draft.murmurs.append(MurmurSpan(...))``.
        """

    # --- teaching -------------------------------------------------------------

    def murmur_description(self, case: Case) -> MurmurDescription:
        """Its murmur in CirCor's words (:data:`NO_MURMUR` when there is none)."""
        return NO_MURMUR

    def s1_note(self, case: Case) -> str:
        """How S1 sounds in this case, completing "S1 is ..." (``"soft (severe MR)"``)."""
        return "crisp"

    def listen_for(self, case: Case) -> list[str]:
        """Items of "What to listen for" of this finding's own, beyond rhythm, S1, S2 and the murmur.

        Each marks its topic in bold: ``"**Click**: ..."``.
        """
        return []

    def listen_where(self, case: Case) -> str:
        """Where and how to listen for its murmur, one sentence (empty without a murmur)."""
        return ""

    def quiz_answer(self, case: Case) -> str:
        """The quiz's answer for this case: a key of :attr:`quiz_answers`."""
        return self.key

    def quiz_notes(self, case: Case) -> list[str]:
        """Short clauses the quiz's feedback adds about this case (``"S1 is soft"``)."""
        return []

    def quiz_rate_bpm(self, case: Case) -> tuple[float, float]:
        """The heart rates a quiz draws this case's patients from, bpm (``clinical.QUIZ_RATE_BPM``)."""
        return C.QUIZ_RATE_BPM[case.rhythm]

    def quiz_grades(self, case: Case) -> tuple[int, int]:
        """The Levine grades a quiz draws this case's murmur from (lowest, highest)."""
        return (case.grade, case.grade)

    def answers(self) -> dict[str, str]:
        """The quiz answers of this finding, menu key -> text (default: ``{key: name}``)."""
        return dict(self.quiz_answers) or {self.key: self.name}


def register(*new: Finding) -> None:
    """Make findings known: each key a choice of ``Case.finding``, its parameters Case fields, its presets listed.

    The built-in findings are registered, in teaching order, when
    :mod:`murmur` is imported (:mod:`murmur.physio.findings`); a finding
    defined elsewhere (a test, a course's own lesion) registers the same way,
    and :func:`unregister` takes it back. Several at once rebuild the Case once.

    Raises
    ------
    ParameterError
        A key is taken or malformed, or a parameter's name is already a Case
        field; nothing is registered then.
    """
    keys = [f.key for f in new]
    for key in keys:
        if not key or not key.replace("-", "").isalnum() or key != key.lower():
            raise ParameterError(f"a finding's key must be a short lower-case word; got {key!r}.", param="key")
        if key in _case.FINDINGS or keys.count(key) > 1:
            raise ParameterError(f"a finding called {key!r} is already registered; choose another key.", param="key")
    _case.add_findings({f.key: f for f in new})
    try:
        add_presets([p for f in new for p in f.presets()])
    except Exception:
        _case.remove_findings(keys)
        raise


def unregister(key: str) -> None:
    """Take back a finding :func:`register` made known (its presets and Case fields too)."""
    remove_presets([name for name, p in PRESETS.items() if p.case.finding == key])
    _case.remove_findings([key])


def get_finding(key: str) -> Finding:
    """The registered finding with this key.

    Raises
    ------
    ParameterError
        No finding has this key.
    """
    try:
        return _case.FINDINGS[key]
    except KeyError:
        known = ", ".join(_case.FINDINGS)
        raise ParameterError(f"unknown finding {key!r}; the findings are {known}.", param="finding") from None


def findings() -> list[Finding]:
    """Every registered finding, in the order they were registered (the teaching order)."""
    return list(_case.FINDINGS.values())
