"""Handouts: what to listen for, in the vocabulary of annotated recordings.

Murmurs are described with the fields of the CirCor DigiScope dataset
(timing, shape, pitch, quality, grade, location, radiation), so a student can
compare what murmur plays with real annotated recordings. Everything here is
read from the Case and its timeline; nothing is measured again.

References
----------
.. [CirCor2022] Oliveira J et al. The CirCor DigiScope dataset: from murmur
   detection to murmur classification. IEEE J Biomed Health Inform 26 (2022).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..case import Case
from ..finding import MurmurDescription, get_finding
from ..physio.timeline import Timeline
from ..units import s_to_ms

if TYPE_CHECKING:
    from ..files.normalise import SetGain

__all__ = ["MurmurDescription", "describe_murmur", "handout_markdown", "loudness_lines", "Handout", "handout_parts"]


#: What the listener hears between the sounds, per ``Case.background``.
_BACKGROUND_TEXT = {
    "none": "Between the heart sounds there is digital silence: no real chest is this quiet.",
    "quiet": (
        "Recorded as in a quiet room (the teaching default): between the heart sounds a faint floor of body "
        "rumble and breath sounds, swelling with each breath in, and now and then a soft contact noise."
    ),
    "clinic": (
        "Recorded as patients really are: the floor of body rumble, breathing and stethoscope noise sits about "
        "11 dB below S1, wanders in level, and is broken by bursts of contact and friction noise. Listen through "
        "them: a grade 1-2 murmur is only a little louder than the floor."
    ),
    "noisy": (
        "Recorded on a busy ward: a loud floor with voices through the tubing. Soft murmurs (grades 1-2) drown "
        "here, as they do on a ward; press the chest piece firmly and ask for quiet."
    ),
}


def describe_murmur(case: Case) -> MurmurDescription:
    """The CirCor description of the case's murmur, as its finding gives it.

    Examples
    --------
    >>> describe_murmur(Case(finding="mr", mr_severity="mild", grade=2)).timing
    'holosystolic'
    >>> describe_murmur(Case()).timing is None
    True
    """
    return get_finding(case.finding).murmur_description(case)


def _listen_for(case: Case, timeline: Timeline) -> list[str]:
    beats = timeline.beats
    m1_a2 = [(b.event("M1"), b.event("A2")) for b in beats]
    s1_a2 = np.mean([s_to_ms(a2.time_s - m1.time_s) for m1, a2 in m1_a2 if m1 is not None and a2 is not None])
    insp = [b.split_ms for b in beats if b.inspiration]
    exp = [b.split_ms for b in beats if not b.inspiration]
    out = [
        f"**Rhythm**: {'irregularly irregular (atrial fibrillation)' if case.rhythm == 'af' else 'regular'}, "
        f"about {case.heart_rate_bpm:g} beats per minute; systole (S1 to A2) lasts about {s1_a2:.0f} ms.",
    ]
    finding = get_finding(case.finding)
    s1 = f"S1 is {finding.s1_note(case)}"
    if case.rhythm == "af":
        s1 += " and its loudness changes from beat to beat"
    out.append(f"**S1**: {s1}; it is loudest at the apex.")
    parts = [f"{np.mean(ms):.0f} ms on {phase}" for ms, phase in ((exp, "expiration"), (insp, "inspiration")) if ms]
    split = "**S2 split**: A2 then P2, about " + " and ".join(parts).replace(" ms on", " ms apart on", 1)
    out.append(split + "; P2 is heard best at the left upper sternal border.")
    if case.s3:
        out.append("**S3**: a low, dull thud about 150 ms after A2 (rapid filling); listen with the bell at the apex.")
    if case.s4:
        out.append("**S4**: a low sound just before S1 (atrial contraction into a stiff ventricle).")
    out += finding.listen_for(case)
    return out


def loudness_lines(
    gain: SetGain, *, cases: Sequence[str], loudest: str, files: Sequence[tuple[str, float, float]]
) -> list[str]:
    """The "Loudness" section of a normalised bundle's handout, as Markdown lines.

    Parameters
    ----------
    gain : SetGain
        The bundle's one gain (:func:`murmur.files.normalise.normalise_cases`).
    cases : sequence of str
        The names of the bundle's cases.
    loudest : str
        The loudest file of the bundle (``CASE/CASE-laptop.wav``).
    files : sequence of (str, float, float)
        This case's files after the gain: name, integrated loudness (LUFS)
        and sample peak (dBFS).

    Examples
    --------
    >>> from murmur.files.loudness import Measurement
    >>> from murmur.files.normalise import set_gain
    >>> g = set_gain([Measurement(-30.0, 0.2), Measurement(-35.0, 0.1)], target_lufs=-20)
    >>> loudness_lines(g, cases=["a", "b"], loudest="a/a.wav", files=[("b.wav", -25.0, -10.0)])[-3]
    '- `b.wav`: -25.0 LUFS, peak -10.0 dBFS'
    """
    listed = ", ".join(cases[:-1]) + (f" and {cases[-1]}" if len(cases) > 1 else cases[0])
    out = [
        f"Loudness-normalised for a lecture hall: every file of this bundle (the faithful and laptop versions "
        f"of {listed}) is amplified by the same {gain.gain_db:+.1f} dB, so the loudest, `{loudest}`, measures "
        f"{gain.reached_lufs:.1f} LUFS (ITU-R BS.1770-4 integrated loudness) and the cases keep their true "
        "differences in level: a louder murmur is still louder, a softer S1 still softer. Peaks stay at or below "
        f"{gain.ceiling_dbfs:g} dBFS (the highest: {gain.peak_dbfs:.1f} dBFS).",
    ]
    if gain.limited:
        out.append(
            f"The target of {gain.target_lufs:g} LUFS was not reached: heart sounds are short and peaky, and a "
            f"larger gain would push the highest peak past {gain.ceiling_dbfs:g} dBFS. Raise the room's volume instead."
        )
    out += ["", *[f"- `{fname}`: {lufs:.1f} LUFS, peak {peak:.1f} dBFS" for fname, lufs, peak in files], ""]
    out.append("The figures show the waveform at murmur's calibrated level, before this gain.")
    return out


def handout_markdown(
    case: Case,
    name: str,
    timeline: Timeline,
    files: dict[str, str],
    *,
    notes: Sequence[str] = (),
    loudness: Sequence[str] = (),
) -> str:
    """A short Markdown handout for one case of a lecture bundle.

    Parameters
    ----------
    case : Case
        The case as exported.
    name : str
        Its preset name.
    timeline : Timeline
        Its timeline (for the measured intervals quoted).
    files : dict
        Role -> file name of the files beside the handout (``wav``,
        ``laptop``, ``labels``, ``figure``, ``wiggers``).
    notes : sequence of str, keyword-only
        Sentences added under the file list (e.g. why a file is missing).
    loudness : sequence of str, keyword-only
        Lines of a "Loudness" section (:func:`loudness_lines`) after the file
        list, for a loudness-normalised bundle; empty: no such section.
    """
    m = describe_murmur(case)
    finding = get_finding(case.finding)
    lines = [f"# {name}: {case.describe()}", "", finding.about, "", "## What to listen for", ""]
    lines += [f"- {item}" for item in _listen_for(case, timeline)]
    lines += ["", "## The murmur (CirCor DigiScope vocabulary)", ""]
    if m.timing is None:
        lines.append("No murmur: the pauses between S1 and S2 (systole) and after S2 (diastole) are quiet.")
    else:
        lines += [
            "| timing | shape | pitch | quality | grade | location | radiation |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            f"| {m.timing} | {m.shape} | {m.pitch} | {m.quality} | {m.grade} | {m.location} | {m.radiation or '-'} |",
            "",
            finding.listen_where(case),
        ]
    lines += ["", "## How this recording is heard", "", f"{case.listening()[0].upper()}{case.listening()[1:]}."]
    lines.append(_BACKGROUND_TEXT[case.background])
    lines += ["", "## Files", ""]
    roles = {
        "wav": "faithful sound (headphones)",
        "laptop": "laptop-speaker version (sound below 150 Hz moved up 200 Hz so small speakers play S1 and S2)",
        "labels": "Audacity label track (File > Import > Labels): every M1, T1, A2, P2, S3, S4, click and murmur span",
        "laptop_labels": "label track of the laptop version",
        "figure": "waveform and spectrogram with every event labelled",
        "wiggers": (
            "Wiggers diagram: ECG, aortic, LV and LA pressure, LV volume and mitral flow of one beat of the "
            "circulation model over the heard beat, valve closures and openings (MC, AO, AC, MO) marked"
        ),
    }
    lines += [f"- `{fname}`: {roles[role]}" for role, fname in files.items()]
    lines += ["", *notes] if notes else []
    lines += ["", "## Loudness", "", *loudness] if loudness else []
    if finding.patient:
        lines += ["", "## For the patient", "", finding.patient]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Handout:
    """The parts of a case's handout, for outputs that lay them out themselves (the web page).

    ``listen_for`` items mark their topic in Markdown bold (``**S1**: ...``).
    """

    finding: str
    listen_for: tuple[str, ...]
    murmur: MurmurDescription
    listening: str
    background: str
    patient: str | None
    #: Where and how to listen for the murmur, one sentence (empty without a murmur).
    listen_where: str = ""


def handout_parts(case: Case, timeline: Timeline) -> Handout:
    """What :func:`handout_markdown` says about a case, part by part.

    Examples
    --------
    >>> from murmur.physio.timeline import build_timeline
    >>> case = Case(finding="mr", mr_severity="severe", grade=4, s3=True, duration_s=3)
    >>> parts = handout_parts(case, build_timeline(case))
    >>> parts.murmur.timing, parts.listen_for[1]
    ('holosystolic', '**S1**: S1 is soft (severe MR); it is loudest at the apex.')
    """
    return Handout(
        finding=get_finding(case.finding).about,
        listen_for=tuple(_listen_for(case, timeline)),
        murmur=describe_murmur(case),
        listening=case.listening(),
        background=_BACKGROUND_TEXT[case.background],
        listen_where=get_finding(case.finding).listen_where(case),
        patient=get_finding(case.finding).patient,
    )
