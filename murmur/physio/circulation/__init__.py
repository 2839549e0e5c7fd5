"""A beating heart behind the sound: a lumped (0-D) closed-loop circulation model.

A time-varying-elastance LV (double-Hill activation), an LA with a
raised-cosine contraction, an RV, systemic and pulmonary Windkessels, four
ideal-diode valves and a regurgitant mitral orifice of area EROA, run to
their periodic steady state (``docs/circulation.md`` gives the equations,
the parameters and their sources). For a case with
``model='physiological'`` the model sets the timeline's valve closures, S3,
the loudness of S1 and A2 and the MR murmur's envelope, pitch and level,
in sinus rhythm and in atrial fibrillation.

- :mod:`.equations`: the chambers, vessels and valves, one beat of RK4;
- :mod:`.model`: :class:`Heart` (the model's arguments), :func:`simulate`
  and :func:`steady_beat` to a :class:`Cycle`, :func:`transient` after a
  live change;
- :mod:`.summary`: a case's heart (:func:`case_model`), its numbers
  (:func:`summary`) and the ASE class (:func:`severity_class`);
- :mod:`.jet`: the regurgitant jet's sound (:func:`jet_sound`) and heard level;
- :mod:`.beat`: what the timeline takes per beat (:class:`BeatPhysiology`)
  and the one adapter it calls, :func:`circulation_beat`.

The model imports neither the timeline nor the listening chain.

Units: volumes mL, pressures mmHg, flows mL/s, times ms from the ECG Q.
Every constant is in :mod:`murmur.clinical` with its source.

Examples
--------
>>> cycle = simulate(75)
>>> round(cycle.lv_systolic_mmhg), round(cycle.ejection_fraction, 2)
(122, 0.59)
>>> summary("mr-severe")["severity"]
'severe'
"""

from .beat import BeatPhysiology, beat_physiology, circulation_beat
from .jet import JetSound, jet_sound
from .model import Cycle, Heart, simulate, steady_beat, transient
from .summary import SUMMARY_KEYS, case_model, severity_class, summary

__all__ = [
    "Heart",
    "Cycle",
    "simulate",
    "steady_beat",
    "transient",
    "case_model",
    "summary",
    "severity_class",
    "SUMMARY_KEYS",
    "JetSound",
    "jet_sound",
    "BeatPhysiology",
    "beat_physiology",
    "circulation_beat",
]
