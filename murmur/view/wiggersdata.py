"""What the Wiggers diagram draws, computed without matplotlib: one beat of a case on one time axis.

:func:`wiggers_data` puts the circulation model's steady beat
(:func:`murmur.physio.circulation.simulate`), its ECG
(:func:`murmur.physio.ecg.ecg_template`) and the beat that is heard
(:func:`murmur.synthesize`) on one axis, in ms after the ECG Q;
:func:`murmur.view.wiggers.wiggers_figure` draws it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .. import clinical as C
from ..physio.ecg import ecg_template, t_wave_peak_ms
from ..physio.timeline import Timeline, build_timeline
from ..units import FloatArray, ms_to_s

if TYPE_CHECKING:
    from ..case import Case
    from ..physio.circulation import Cycle
    from ..presets import Preset

__all__ = ["WiggersData", "wiggers_data"]


@dataclass(frozen=True, kw_only=True)
class WiggersData:
    """One beat of a case for the Wiggers diagram, every trace in ms after the ECG Q.

    ``cycle`` is the model's steady beat (:func:`murmur.physio.circulation.simulate`),
    its traces on ``cycle.t_ms`` (0 to RR); ``ecg_mv`` the ECG template on the
    same axis, with its ``qrs_onset_ms`` and ``qt_ms``. ``pcg_y`` is the heard
    sound of one beat of :func:`murmur.synthesize` (full scale 1.0, rate
    ``sr``), from its Q to the next Q, at times ``pcg_t_ms``; ``heard`` is
    that beat's one-beat Timeline shifted so its Q is at 0 s (events M1 T1 A2
    P2 S3 S4 click, murmur spans).
    """

    case: Case
    cycle: Cycle
    ecg_mv: FloatArray
    qrs_onset_ms: float
    qt_ms: float
    pcg_y: FloatArray
    pcg_t_ms: FloatArray
    sr: int
    heard: Timeline

    @property
    def t_ms(self) -> FloatArray:
        """The shared time axis of the model's traces and the ECG, ms after the Q."""
        return self.cycle.t_ms

    @property
    def rr_ms(self) -> float:
        """The model's RR interval, ms (the end of the time axis)."""
        return float(self.cycle.t_ms[-1])

    @property
    def t_peak_ms(self) -> float:
        """Where the ECG's T wave peaks, ms after the Q."""
        return t_wave_peak_ms(self.qrs_onset_ms, self.qt_ms)

    @property
    def valve_events(self) -> tuple[tuple[str, float], ...]:
        """``(name, ms)`` of mitral closure MC (= M1), aortic opening AO, aortic closure AC (= A2, clamped
        in MR as the clinical QS2 deficit is: docs/circulation.md) and mitral opening MO."""
        c = self.cycle
        return (("MC", c.m1_ms), ("AO", c.aortic_opening_ms), ("AC", c.a2_ms), ("MO", c.mitral_opening_ms))

    @property
    def isovolumic_ms(self) -> tuple[tuple[str, float, float], ...]:
        """The isovolumic phases ``(name, start ms, end ms)``: contraction MC -> AO, relaxation AC -> MO."""
        c = self.cycle
        return (("contraction", c.m1_ms, c.aortic_opening_ms), ("relaxation", c.a2_ms, c.mitral_opening_ms))

    @property
    def heard_ms(self) -> dict[str, float]:
        """Time of each heard event of the beat, ms after its Q, by kind."""
        return {e.kind: e.time_s * 1000.0 for e in self.heard.beats[0].events}


def _heard_beat(case: Case, rr_ms: float):
    """The sound of one beat after the fade-in, its RR (in AF: the RR before it) closest to the model's, Q to Q."""
    from ..sound.synth import synthesize

    # Beats 2-5, the first whole beats after the fade-in (beat 1 starts inside it or just after).
    # A case shorter than that is rendered longer: its sound is the start of the longer one, sample for sample.
    # In AF a beat's systole follows its filling, the RR before it: pick by that one, among more beats.
    af = case.rhythm == "af"
    beats = build_timeline(case, duration_s=(40.0 if af else 8.0) * case.rr_s).beats
    before = {b.index: prev.rr_s for prev, b in zip(beats, beats[1:], strict=False)}
    whole = [b for b in beats if b.q_s >= ms_to_s(C.FADE_MS) and b.index in before][: 30 if af else 4]

    def rr_of(b):
        return before[b.index] if af else b.rr_s

    beat = min(whole, key=lambda b: (abs(rr_of(b) * 1000.0 - rr_ms), b.index))
    # Render a little past the beat, so the render's fade-out is never in it.
    y, tl = synthesize(dataclasses.replace(case, duration_s=beat.q_s + beat.rr_s + 0.25))
    i0, i1 = int(round(beat.q_s * case.sr)), int(round((beat.q_s + beat.rr_s) * case.sr))
    mine = next(b for b in tl.beats if b.index == beat.index).shifted(-beat.q_s)
    return y[i0 : i1 + 1], mine


def wiggers_data(case: Case | Preset | str) -> WiggersData:
    """Everything the Wiggers diagram of a case draws: one beat on one time axis from the ECG Q.

    The model's beat comes from :func:`murmur.physio.circulation.case_model` and
    :func:`~murmur.physio.circulation.simulate`; the ECG from :func:`murmur.physio.ecg.ecg_template`
    at the model's RR; the phonocardiogram is the sound :func:`murmur.synthesize`
    plays, cut to one beat after the fade-in (of beats 2-5, the one whose RR,
    which breathing varies, is closest to the model's; a shorter case is
    rendered on, as it would sound if longer), its Q at 0, so the heard S1
    and S2 line up with the model's valve closures.

    Parameters
    ----------
    case : Case, Preset or str
        The case, or a preset name.

    Returns
    -------
    WiggersData

    Raises
    ------
    ParameterError
        The circulation model does not cover the case (mitral valve prolapse,
        a heart rate outside 40-150 bpm). In atrial fibrillation the beat is
        the model's at the mean rate without atrial contraction, and the ECG
        has no P wave.

    Examples
    --------
    >>> d = wiggers_data("normal")
    >>> [name for name, _ in d.valve_events], float(d.t_ms[0]), round(d.rr_ms)
    (['MC', 'AO', 'AC', 'MO'], 0.0, 833)
    >>> abs(d.heard_ms["M1"] - d.cycle.m1_ms) < 15
    True
    """
    from ..physio.circulation import case_model, steady_beat
    from ..presets import as_case

    case = as_case(case)
    sinus = case.rhythm == "sinus"
    cycle = steady_beat(case_model(case))
    rr_ms = float(cycle.t_ms[-1])
    ecg, onset, qt = ecg_template(cycle.t_ms, rr_ms, p_wave=sinus)
    ecg.flags.writeable = False
    y, beat = _heard_beat(case, rr_ms)
    y.flags.writeable = False
    t_pcg = np.arange(len(y), dtype=float) * (1000.0 / case.sr)
    t_pcg.flags.writeable = False
    heard = Timeline(case=case, beats=(beat,), duration_s=beat.rr_s)
    return WiggersData(
        case=case, cycle=cycle, ecg_mv=ecg, qrs_onset_ms=onset, qt_ms=qt,
        pcg_y=y, pcg_t_ms=t_pcg, sr=case.sr, heard=heard,
    )  # fmt: skip
