"""The Case: everything that decides what is heard.

A :class:`Case` is a frozen, keyword-only dataclass. Each field carries its
unit, range and help text in its metadata; validation, the CLI options and the
documentation are all generated from that one place, so they cannot drift.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .clinical import HEMO_HR_RANGE_BPM
from .errors import ParameterError, shorten

__all__ = [
    "Case",
    "case_fields",
    "FieldSpec",
    "field_spec",
    "check_field",
    "FINDINGS",
    "add_findings",
    "remove_findings",
    "not_covered",
]

#: The registered findings by key, in teaching order: filled by :func:`murmur.finding.register`
#: (importing :mod:`murmur` registers the built-in ones). Values are :class:`murmur.finding.Finding`.
FINDINGS: dict[str, Any] = {}


@dataclass(frozen=True)
class FieldSpec:
    """Unit, range, help and reach of one Case field (read by validation, the CLI and the app).

    ``applies_to`` lists the findings whose sound the field changes (empty:
    every case); the CLI refuses an option that changes nothing in the case
    asked for, rather than ignoring it. A field of the Case itself says its
    reach instead, and ``applies_to`` is worked out from the registered
    findings: ``reach="murmur"`` (findings with a murmur), ``"circulation"``
    (findings the circulation model covers), ``"reads"`` (findings that list
    the field in their ``reads``); a finding's own parameters apply to it.
    """

    help: str
    unit: str = ""
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    kind: type = float
    applies_to: tuple[str, ...] = ()
    reach: str = ""

    def range_text(self) -> str:
        """``low-high`` as shown in help, whole numbers written out.

        Examples
        --------
        >>> field_spec("seed").range_text()
        '0-4294967295'
        >>> field_spec("heart_rate_bpm").range_text()
        '30-220 bpm'
        """
        unit = f" {self.unit}" if self.unit else ""
        return f"{_fmt(self.low)}-{_fmt(self.high)}{unit}"


def _f(default: Any, spec: FieldSpec) -> Any:
    return field(default=default, metadata={"spec": spec})


@dataclass(frozen=True, kw_only=True)
class Case:
    """A listening case: patient, finding, rhythm, and how it is rendered.

    Parameters
    ----------
    finding : str
        The lesion: a registered finding's key (``murmur cases``; the built-in
        ones are normal, mr and mvp: a normal heart, mitral regurgitation,
        mitral valve prolapse). Each finding adds Case fields of its own
        (:mod:`murmur.physio.findings`: MR adds ``mr_severity``, ``mr_acute``
        and ``eroa_cm2``), checked like these.
    model : {'timing', 'physiological'}
        What sets the beat's timing and the MR murmur: published regressions
        and a drawn pressure-shaped envelope (``timing``), or the circulation
        model of :mod:`murmur.physio.circulation` (``physiological``: M1, A2,
        mitral opening, S3 and S4 from the model's valves and flows, the
        murmur from the regurgitant jet, S1 and A2 loudness from LV dP/dt
        and aortic pressure). Physiological covers normal and MR cases at a
        mean rate of 40-150 bpm, in sinus rhythm or atrial fibrillation (no
        atrial kick; each beat fills for its preceding RR).
    grade : int
        Levine grade of the systolic murmur, 1-6 (for findings with a murmur).
        With the physiological model it is the loudness at the severity's
        own EROA; a bigger or smaller leak is louder or softer from there.
    quality : {'blowing', 'harsh', 'musical'}
        Murmur quality: blowing (the classic MR murmur, a smooth
        high-pitched hiss), harsh (rough: the flow noise is modulated at
        30-70 Hz and lower, as in acute MR) or musical (a honking tone with
        harmonics, as from a vibrating leaflet or chord).
    heart_rate_bpm : float
        Mean heart rate, 30-220 beats per minute.
    rhythm : {'sinus', 'af'}
        Sinus rhythm or atrial fibrillation (irregular RR, no S4).
    respiration_rate_per_min : float
        Breaths per minute, 6-40.
    breath : {'normal', 'hold-inspiration', 'hold-expiration'}
        Normal breathing or a held breath.
    split_mode : {'realistic', 'teaching'}
        Peak inspiratory S2 split 40 ms (realistic) or 60 ms (teaching).
    s3, s4 : bool
        Add a third / fourth heart sound (S4 is impossible in AF).
    sex : {'male', 'female'}
        Selects the Weissler QS2 regression.
    site : {'apex', 'axilla', 'llsb', 'lusb', 'rusb'}
        Listening site: apex (mitral area), left axilla, left lower sternal
        border (tricuspid), left upper (pulmonic), right upper (aortic).
    chest_piece : {'none', 'bell', 'diaphragm'}
        Bell passes about 20-200 Hz (S3, S4, rumbles); diaphragm attenuates
        below 100-200 Hz (murmur, S2 split); none is the sound at the skin.
    speaker : {'headphones', 'laptop'}
        Headphones play faithfully; laptop moves the sound below 150 Hz up
        by 200 Hz so small speakers can play S1, S2 and S3.
    background : {'none', 'quiet', 'clinic', 'noisy'}
        Recording conditions: the noise floor of body rumble, breath sounds
        following the breath, stethoscope hiss and contact bursts. none
        (digital silence), quiet (a good recording in a quiet room, 22 dB
        below the heart sounds), clinic (as patients are really recorded:
        14 dB below, wandering, with bursts) or noisy (a busy ward, with
        voices).
    posture : {'supine', 'standing', 'squatting'}
        Standing moves the MVP click 50 ms earlier (longer murmur),
        squatting 40 ms later.
    duration_s : float
        Length of the rendered sound, 0.5-86400 s.
    sr : int
        Sample rate, 8000-192000 Hz.
    seed : int
        Seed of every random choice (jitter, noise), 0-2**32-1.

    Examples
    --------
    >>> Case(heart_rate_bpm=75).heart_rate_bpm
    75.0
    >>> Case(heart_rate_bpm=0)
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: heart_rate_bpm must be between 30 and 220 (bpm); got 0.
    """

    finding: str = _f("normal", FieldSpec("what is wrong with the heart", choices=(), kind=str))
    model: str = _f(
        "timing",
        FieldSpec(
            "what sets the timing and the murmur: published regressions and a drawn envelope (timing), or the "
            "circulation model (physiological; normal and MR hearts at 40-150 bpm)",
            choices=("timing", "physiological"),
            kind=str,
            reach="circulation",
        ),
    )
    grade: int = _f(3, FieldSpec("Levine grade of the murmur", "", 1, 6, kind=int, reach="murmur"))
    quality: str = _f(
        "blowing",
        FieldSpec(
            "murmur quality: blowing (smooth), harsh (rough, lower) or musical (a tone)",
            choices=("blowing", "harsh", "musical"),
            kind=str,
            reach="murmur",
        ),
    )
    heart_rate_bpm: float = _f(72.0, FieldSpec("mean heart rate", "bpm", 30, 220))
    rhythm: str = _f("sinus", FieldSpec("heart rhythm", choices=("sinus", "af"), kind=str))
    respiration_rate_per_min: float = _f(15.0, FieldSpec("breathing rate", "breaths/min", 6, 40))
    breath: str = _f(
        "normal", FieldSpec("breathing", choices=("normal", "hold-inspiration", "hold-expiration"), kind=str)
    )
    split_mode: str = _f(
        "realistic",
        FieldSpec("S2 split at peak inspiration: 40 ms or 60 ms", choices=("realistic", "teaching"), kind=str),
    )
    s3: bool = _f(False, FieldSpec("add a third heart sound", kind=bool))
    s4: bool = _f(False, FieldSpec("add a fourth heart sound", kind=bool))
    sex: str = _f("male", FieldSpec("patient sex (systolic-interval regression)", choices=("male", "female"), kind=str))
    site: str = _f(
        "apex", FieldSpec("where the chest piece sits", choices=("apex", "axilla", "llsb", "lusb", "rusb"), kind=str)
    )
    chest_piece: str = _f(
        "none",
        FieldSpec("stethoscope chest piece (none: at the skin)", choices=("none", "bell", "diaphragm"), kind=str),
    )
    speaker: str = _f(
        "headphones",
        FieldSpec(
            "playback: headphones (faithful) or laptop (lows moved up)", choices=("headphones", "laptop"), kind=str
        ),
    )
    background: str = _f(
        "quiet",
        FieldSpec("recording conditions (noise floor)", choices=("none", "quiet", "clinic", "noisy"), kind=str),
    )
    posture: str = _f(
        "supine",
        FieldSpec(
            "posture (moves the MVP click)",
            choices=("supine", "standing", "squatting"),
            kind=str,
            reach="reads",
        ),
    )
    duration_s: float = _f(10.0, FieldSpec("length of the sound", "s", 0.5, 86400))
    sr: int = _f(44100, FieldSpec("sample rate", "Hz", 8000, 192000, kind=int))
    seed: int = _f(0, FieldSpec("random seed (jitter and noise)", "", 0, 2**32 - 1, kind=int))

    if TYPE_CHECKING:
        # Findings add fields when they register (_rebuild remakes this class in place: MR's mr_severity,
        # mr_acute, eroa_cm2, a plug-in's own), which mypy cannot see; so it is told that a Case takes and
        # has other fields too. __post_init__ checks every value against its FieldSpec at run time.
        def __init__(self, **fields: Any) -> None: ...

        def __getattr__(self, name: str) -> Any: ...

    def __post_init__(self) -> None:
        spec = field_spec("finding")
        if self.finding not in spec.choices:  # checked first: the finding decides which other checks apply
            _check("finding", self.finding, spec)
        for f in dataclasses.fields(self):
            spec = f.metadata["spec"]
            value = getattr(self, f.name)
            object.__setattr__(self, f.name, _check(f.name, value, spec))
        finding = FINDINGS[self.finding]
        finding.check(self)
        if self.model == "physiological":
            self._check_physiological(finding)
        if self.s4 and self.rhythm == "af":
            raise ParameterError(
                "s4 cannot be heard in atrial fibrillation (there is no atrial contraction); "
                "drop s4 or use rhythm 'sinus'.",
                param="s4",
            )

    def _check_physiological(self, finding: Any) -> None:
        """What the circulation model covers: the findings that say so, at a mean rate of 40-150 bpm."""
        if not finding.circulation:
            raise ParameterError(f"{not_covered(self.finding)}; use model 'timing'.", param="model")
        lo, hi = HEMO_HR_RANGE_BPM
        if not lo <= self.heart_rate_bpm <= hi:
            raise ParameterError(
                f"the circulation model covers {lo:g}-{hi:g} bpm; got heart_rate_bpm {self.heart_rate_bpm:g}: "
                "change the rate or use model 'timing'.",
                param="model",
            )

    @property
    def rr_s(self) -> float:
        """Mean RR interval in seconds (60 / heart rate)."""
        return 60.0 / self.heart_rate_bpm

    def describe(self) -> str:
        """One line saying what this case is, for titles, labels and the terminal.

        Examples
        --------
        >>> Case(finding="mr", mr_severity="mild", grade=2).describe()
        'mild mitral regurgitation, murmur grade 2/6; 72 bpm sinus rhythm; realistic S2 split'
        """
        finding = FINDINGS[self.finding]
        what = finding.describe(self)
        rhythm = "atrial fibrillation" if self.rhythm == "af" else "sinus rhythm"
        breath = "" if self.breath == "normal" else f"; breath {self.breath.replace('-', ' ')}"
        model = "; circulation model" + finding.model_note(self) if self.model == "physiological" else ""
        return f"{what}; {self.heart_rate_bpm:g} bpm {rhythm}; {self.split_mode} S2 split{breath}{model}"

    def listening(self) -> str:
        """How the case is heard: site, chest piece, speaker mode, noise floor.

        Examples
        --------
        >>> Case().listening()
        'at the apex, no chest piece (sound at the skin), headphones (faithful), quiet background'
        """
        site = {
            "apex": "at the apex",
            "axilla": "at the left axilla",
            "llsb": "at the left lower sternal border",
            "lusb": "at the left upper sternal border",
            "rusb": "at the right upper sternal border",
        }[self.site]
        piece = {"none": "no chest piece (sound at the skin)", "bell": "bell", "diaphragm": "diaphragm"}[
            self.chest_piece
        ]
        speaker = "headphones (faithful)" if self.speaker == "headphones" else "laptop-speaker mode (lows moved up)"
        background = "no background" if self.background == "none" else f"{self.background} background"
        return f"{site}, {piece}, {speaker}, {background}"

    @property
    def has_murmur(self) -> bool:
        """Whether the case's finding has a murmur."""
        return bool(FINDINGS[self.finding].has_murmur)


def _fmt(x: float | None) -> str:
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return f"{x:g}" if isinstance(x, float) else str(x)


def _shown(value: Any) -> str:
    """A value as quoted back in a message: whole numbers exactly, short."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return shorten(repr(value), 40)
    if isinstance(value, float):
        return f"{value:g}"
    return shorten(str(value), 40)


def _check(name: str, value: Any, spec: FieldSpec, typed: str | None = None) -> Any:
    shown = _shown(value) if typed is None else repr(typed) if not typed.strip() else _shorten_typed(typed)
    if spec.choices:
        if value not in spec.choices:
            raise ParameterError(f"{name} must be one of {', '.join(spec.choices)}; got {shown}.", param=name)
        return value
    if spec.kind is bool:
        if not isinstance(value, bool):
            raise ParameterError(f"{name} must be true or false; got {shown}.", param=name)
        return value
    rng_text = f"between {_fmt(spec.low)} and {_fmt(spec.high)}" + (f" ({spec.unit})" if spec.unit else "")
    whole = "a whole number" if spec.kind is int else "a number"
    bad = ParameterError(f"{name} must be {whole} {rng_text}; got {shown}.", param=name)
    if isinstance(value, bool):
        raise bad
    if isinstance(value, int):
        number: int | float = value  # exact: no float rounding or overflow of huge integers
    else:
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise bad from None
        if not math.isfinite(number):
            raise bad
        if spec.kind is int and not number.is_integer():
            raise bad
    if (spec.low is not None and number < spec.low) or (spec.high is not None and number > spec.high):
        raise ParameterError(f"{name} must be {rng_text}; got {shown}.", param=name)
    return int(number) if spec.kind is int else float(number)


def _shorten_typed(text: str) -> str:
    return shorten(text.strip(), 40)


def field_spec(name: str) -> FieldSpec:
    """The FieldSpec of the Case field ``name`` (the one source of its range and choices).

    Examples
    --------
    >>> field_spec("site").choices
    ('apex', 'axilla', 'llsb', 'lusb', 'rusb')
    """
    for f in dataclasses.fields(Case):
        if f.name == name:
            return f.metadata["spec"]
    raise ParameterError(f"Case has no field {name!r}.", param="name")


def check_field(name: str, value: Any, *, typed: str | None = None) -> Any:
    """Check one Case field's value as :class:`Case` does; returns it normalised to its kind.

    ``typed`` is the text the user typed, quoted back in the message instead
    of the parsed value (``1e308`` rather than 309 digits).

    Examples
    --------
    >>> check_field("grade", 10**400)
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: grade must be between 1 and 6; got 10000000000000000...00000000000000000 (401 ...
    >>> check_field("duration_s", 1e308, typed="1e308")
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: duration_s must be between 0.5 and 86400 (s); got 1e308.
    """
    return _check(name, value, field_spec(name), typed)


def case_fields() -> list[tuple[str, Any, FieldSpec]]:
    """List ``(name, default, spec)`` for every Case field, in order.

    Examples
    --------
    >>> [name for name, _, _ in case_fields()][:2]
    ['finding', 'mr_severity']
    """
    return [(f.name, f.default, f.metadata["spec"]) for f in dataclasses.fields(Case)]


#: The Case's own fields as its class defines them: (name, annotation, default, spec).
_CORE = [(f.name, f.type, f.default, f.metadata["spec"]) for f in dataclasses.fields(Case)]
#: What dataclass() generates on the class: removed before it runs again.
_GENERATED = (
    "__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__match_args__",
    "__dataclass_fields__", "__dataclass_params__", "__getstate__", "__setstate__",
)  # fmt: skip


def not_covered(key: str) -> str:
    """Why the circulation model cannot take finding ``key``, as the start of a sentence.

    Examples
    --------
    >>> not_covered("mvp")
    "the circulation model covers normal heart and mitral regurgitation only, not finding 'mvp' (mitral valve prolapse)"
    """
    covered = " and ".join(f.name for f in FINDINGS.values() if f.circulation)
    return f"the circulation model covers {covered} only, not finding {key!r} ({FINDINGS[key].name})"


def add_findings(new: dict[str, Any]) -> None:
    """Make each finding of ``new`` (key -> finding) a choice of ``Case.finding``, its parameters Case fields.

    Called by :func:`murmur.finding.register`, which is what to use. The Case
    is rebuilt once for all of them.

    Raises
    ------
    ParameterError
        A parameter's name is already a Case field (or another new finding's),
        or its default fails its own check; nothing is added then.
    """
    taken = {f.name for f in dataclasses.fields(Case)}
    for key, finding in new.items():
        for name, default, spec in finding.parameters:
            if name in taken:
                raise ParameterError(f"finding {key!r} cannot add parameter {name!r}: Case has that field.", param=name)
            _check(name, default, spec)
            taken.add(name)
    FINDINGS.update(new)
    _rebuild()


def remove_findings(keys: list[str]) -> None:
    """Forget these findings and their Case fields (:func:`murmur.finding.unregister`)."""
    for key in keys:
        FINDINGS.pop(key, None)
    _rebuild()


def _reach(spec: FieldSpec, name: str) -> FieldSpec:
    """A Case field's spec with ``applies_to`` worked out from the registered findings."""
    if spec.reach == "murmur":
        keys = [k for k, f in FINDINGS.items() if f.has_murmur]
    elif spec.reach == "circulation":
        keys = [k for k, f in FINDINGS.items() if f.circulation]
    elif spec.reach == "reads":
        keys = [k for k, f in FINDINGS.items() if name in f.reads]
    else:
        return dataclasses.replace(spec, choices=tuple(FINDINGS)) if name == "finding" else spec
    return dataclasses.replace(spec, applies_to=tuple(keys))


def _rebuild() -> None:
    """Make the Case's fields its own plus each registered finding's parameters (after ``finding``).

    The one class is changed in place, so every Case made before stays a
    Case (a field added later reads as its default on it).
    """
    rows: list[tuple[str, Any, Any, FieldSpec]] = []
    for name, annotation, default, spec in _CORE:
        rows.append((name, annotation, default, _reach(spec, name)))
        if name == "finding":
            for key, finding in FINDINGS.items():
                for pname, pdefault, pspec in finding.parameters:
                    own = dataclasses.replace(pspec, applies_to=pspec.applies_to or (key,))
                    rows.append((pname, pspec.kind.__name__, pdefault, own))
    for f in dataclasses.fields(Case):
        if f.name not in {name for name, *_ in rows} and f.name in Case.__dict__:
            delattr(Case, f.name)
    for attr in _GENERATED:
        if attr in Case.__dict__:
            delattr(Case, attr)
    Case.__annotations__ = {name: annotation for name, annotation, _, _ in rows}
    for name, _, default, spec in rows:
        setattr(Case, name, field(default=default, metadata={"spec": spec}))
    dataclass(frozen=True, kw_only=True)(Case)
