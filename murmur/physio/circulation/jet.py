"""The regurgitant jet's sound: amplitude ~ Q^0.5 v^1.5, centre frequency St v / d, and its heard level.

Examples
--------
>>> from murmur.physio.circulation import simulate
>>> j = jet_sound(simulate(75, 0.4))
>>> float(j.amplitude.max()) > 0, 130 < float(j.centre_hz.max()) < 300
(True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ... import clinical as C
from ...tissue import chest_wall
from ...units import FloatArray
from .model import Cycle

__all__ = ["JetSound", "jet_sound", "heard_jet_level_db"]


@dataclass(frozen=True, kw_only=True)
class JetSound:
    """What the regurgitant jet of one beat sounds like, on the cycle's time axis (ms after Q).

    ``amplitude`` is the murmur's amplitude, relative (1 for a jet of
    ``clinical.JET_REF_FLOW_ML_S`` at ``JET_REF_VELOCITY_M_S``), 0 where no
    blood leaks back; ``centre_hz`` the jet's spectral peak ``St v / d`` (Hz,
    0 where no jet); ``velocity_m_s`` the jet velocity. Each is a read-only
    array of the shape of ``t_ms``.
    """

    t_ms: FloatArray
    amplitude: FloatArray
    centre_hz: FloatArray
    velocity_m_s: FloatArray


def jet_sound(cycle: Cycle) -> JetSound:
    """The sound of a beat's regurgitant jet: amplitude ~ Q^0.5 v^1.5, centre frequency St v / d.

    Wall-pressure fluctuations scale with the jet's dynamic pressure; over
    the turbulent region the amplitude goes as ``Q ** MR_FLOW_EXPONENT *
    v ** MR_VELOCITY_EXPONENT``, with ``v`` from Bernoulli
    (``JET_K sqrt(LV - LA)``). The spectrum peaks near ``JET_STROUHAL v / d``,
    ``d`` the jet's diameter ``sqrt(4 EROA / pi)``: small leaks at high
    gradient sound high, large ones lower.

    Parameters
    ----------
    cycle : Cycle
        One beat of the model.

    Returns
    -------
    JetSound
        All zero for a heart without MR.

    Examples
    --------
    >>> from murmur.physio.circulation import simulate
    >>> j = jet_sound(simulate(75, 0.1))
    >>> 350 < float(j.centre_hz.max()) < 500
    True
    """
    dp = np.maximum(cycle.p_lv_mmhg - cycle.p_la_mmhg, 0.0)
    v = C.JET_K * np.sqrt(dp)
    q = np.maximum(cycle.q_regurgitant_ml_s, 0.0)
    amp = (q / C.JET_REF_FLOW_ML_S) ** C.MR_FLOW_EXPONENT * (v / C.JET_REF_VELOCITY_M_S) ** C.MR_VELOCITY_EXPONENT
    if cycle.eroa_cm2 > 0:
        d_m = math.sqrt(4.0 * cycle.eroa_cm2 * 1e-4 / math.pi)
        centre = np.where(q > 0, C.JET_STROUHAL * v / d_m, 0.0)
    else:
        centre = np.zeros_like(v)
    for x in (amp, centre, v):
        x.flags.writeable = False
    return JetSound(t_ms=cycle.t_ms, amplitude=amp, centre_hz=centre, velocity_m_s=v)


def heard_jet_level_db(cycle: Cycle) -> float:
    """The jet's sound energy over a beat as heard at the skin, dB (relative: only differences mean anything).

    The jet's amplitude, weighted at each instant by the chest wall's
    magnitude at the jet's centre frequency (:func:`murmur.tissue.chest_wall`,
    the murmur's), squared and summed over the beat. A big leak's lower pitch
    passes the chest wall better, so it is heard louder than its amplitude
    alone says.

    Examples
    --------
    >>> from murmur.physio.circulation import simulate
    >>> heard_jet_level_db(simulate(75, 0.4)) > heard_jet_level_db(simulate(75, 0.1)) + 6
    True
    """
    j = jet_sound(cycle)
    gain = chest_wall("murmur")(np.maximum(j.centre_hz, 1.0))
    energy = float(np.sum((j.amplitude * gain) ** 2) * (cycle.t_ms[1] - cycle.t_ms[0]))
    return float(10 * np.log10(max(energy, 1e-300)))
