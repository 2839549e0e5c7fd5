"""Murmur envelopes: the shape of a murmur's loudness over its span.

Plateau, crescendo, decrescendo and diamond are drawn shapes; ``pressure``
follows the LV-LA pressure difference of a regurgitant orifice (its loudness
as the square root of the flow through it), and ``flow`` the circulation
model's own regurgitant jet.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from .. import clinical as C
from ..errors import ParameterError
from ..physio.events import MurmurSpan
from ..units import FloatArray, ms_to_s

__all__ = ["murmur_envelope", "span_envelope", "orifice_area", "pressure_difference", "SHAPES"]

SHAPES = ("pressure", "flow", "plateau", "crescendo", "decrescendo", "diamond")


def pressure_difference(
    t_s: FloatArray, a2_s: float, pressures: tuple[float, float, float] = C.PRESSURE_SHAPE_DEFAULT
) -> FloatArray:
    """LV minus LA pressure, mmHg, at ``t_s`` seconds after mitral closure (M1), A2 at ``a2_s``.

    ``pressures`` are the patient's (:func:`murmur.physio.timeline.patient_pressures`):
    where LV pressure peaks (fraction of systole), LV end-systolic pressure
    and the LA v wave, mmHg. LV rises as a quarter sine from
    ``clinical.MR_LV_MMHG['end_diastolic']`` to its peak, falls as a parabola
    to its end-systolic pressure at A2 and then linearly to the LA's over
    ``MR_IVRT_MS``; LA climbs linearly from ``MR_LA_START_MMHG`` to its v wave
    at A2. Never negative (the mitral valve opens).

    Examples
    --------
    >>> dp = pressure_difference(np.array([0.0, 0.12, 0.3, 0.37]), 0.3)
    >>> dp.round(0).tolist()  # closed at M1, 113 mmHg at the LV peak, 85 at A2, 0 after the IVRT
    [0.0, 113.0, 85.0, 0.0]
    """
    xp, es, v = pressures
    edp, peak = C.MR_LV_MMHG["end_diastolic"], C.MR_LV_MMHG["peak"]
    t = np.asarray(t_s, dtype=float)
    x = t / a2_s
    rise = edp + (peak - edp) * np.sin(0.5 * np.pi * np.clip(x / xp, 0.0, 1.0))
    fall = peak - (peak - es) * (np.clip(x - xp, 0.0, None) / (1 - xp)) ** 2
    relax = es - (es - v) * np.clip((t - a2_s) / ms_to_s(C.MR_IVRT_MS), 0.0, 1.0)
    lv = np.where(x <= xp, rise, np.where(x <= 1.0, fall, relax))
    la = C.MR_LA_START_MMHG + (v - C.MR_LA_START_MMHG) * np.clip(x, 0.0, 1.0)
    return np.maximum(lv - la, 0.0)


#: Knots of the pressure envelope's lookup table: systole in 1024 steps of
#: its fraction (linear interpolation is within 1e-5 of the peak), the
#: relaxation after A2 in 32 steps of ``MR_IVRT_MS``.
_SYSTOLE_KNOTS = np.linspace(0.0, 1.0, 1025)
_RELAX_KNOTS = np.linspace(0.0, 1.0, 33)[1:]


@lru_cache(maxsize=64)
def _pressure_table(pressures: tuple[float, float, float], orifice: tuple[float, float] = (0.0, 0.0)) -> FloatArray:
    """The pressure envelope at ``_SYSTOLE_KNOTS`` then ``_RELAX_KNOTS`` (for A2 at 1 s).

    The LV-LA difference, raised to ``MR_PRESSURE_EXPONENT``, times the
    square root of the orifice area (:func:`orifice_area`), scaled so its
    mean power over systole equals that of the pressure term alone with peak
    1 (a fixed orifice: peak 1). After A2 it depends on the time since A2 in
    units of ``MR_IVRT_MS``, so the knots are placed there per murmur.
    """
    ivrt_s = ms_to_s(C.MR_IVRT_MS)
    n = len(_SYSTOLE_KNOTS)
    dp = pressure_difference(np.concatenate((_SYSTOLE_KNOTS, 1.0 + _RELAX_KNOTS * ivrt_s)), 1.0, pressures)
    env = (dp / dp[:n].max()) ** C.MR_PRESSURE_EXPONENT
    if orifice != (0.0, 0.0):
        power = np.mean(env[:n] ** 2)
        area = orifice_area(np.minimum(np.concatenate((_SYSTOLE_KNOTS, 1.0 + _RELAX_KNOTS)), 1.0), orifice)
        env *= np.sqrt(area)
        env *= math.sqrt(power / np.mean(env[:n] ** 2))
    env.flags.writeable = False
    return env


def orifice_area(x: FloatArray, orifice: tuple[float, float]) -> FloatArray:
    """Regurgitant orifice area over systole (``x``: fraction of M1 -> A2), relative to its mean-ish 1.

    ``orifice`` is the patient's ``(tilt, dip)``
    (:func:`murmur.physio.timeline.patient_orifice`): the area is
    ``1 + tilt (2x - 1) - dip sin(pi x)``, floored at
    ``clinical.MR_ORIFICE_FLOOR``. Tilt < 0 shrinks it through systole
    (stiff leaflets, with LV volume), tilt > 0 grows it late (prolapse), dip
    sags it mid-systole (functional MR).

    Examples
    --------
    >>> orifice_area(np.array([0.0, 0.5, 1.0]), (0.3, 0.0)).round(2).tolist()
    [0.7, 1.0, 1.3]
    >>> orifice_area(np.array([0.0, 0.5, 1.0]), (0.0, 0.4)).round(2).tolist()
    [1.0, 0.6, 1.0]
    """
    tilt, dip = orifice
    x = np.asarray(x, dtype=float)
    return np.maximum(1.0 + tilt * (2 * x - 1) - dip * np.sin(np.pi * x), C.MR_ORIFICE_FLOOR)


def _pressure_envelope(
    t_s: FloatArray, a2_s: float, pressures: tuple[float, float, float], orifice: tuple[float, float] = (0.0, 0.0)
) -> FloatArray:
    """The pressure envelope at ``t_s`` s after M1, A2 at ``a2_s``: one lookup in :func:`_pressure_table`."""
    knots = np.concatenate((_SYSTOLE_KNOTS * a2_s, a2_s + _RELAX_KNOTS * ms_to_s(C.MR_IVRT_MS)))
    return np.interp(t_s, knots, _pressure_table(pressures, orifice), left=0.0, right=0.0)


def _fraction(t_s: FloatArray, length_s: float) -> FloatArray:
    """How far through the span each time is, 0-1."""
    return np.clip(t_s / length_s, 0.0, 1.0)


def murmur_envelope(
    t_s: FloatArray,
    length_s: float,
    shape: str,
    *,
    attack_s: float,
    release_s: float,
    a2_s: float = math.nan,
    pressures: tuple[float, float, float] = C.PRESSURE_SHAPE_DEFAULT,
    orifice: tuple[float, float] = (0.0, 0.0),
    table: tuple[float, ...] = (),
) -> FloatArray:
    """Amplitude envelope of a murmur, peak about 1, zero outside ``[0, length_s]``.

    Parameters
    ----------
    t_s : ndarray
        Times since the murmur's start, s.
    length_s : float
        From the start to where the envelope returns to zero, s.
    shape : {'pressure', 'flow', 'plateau', 'crescendo', 'decrescendo', 'diamond'}
        Pressure follows the LV-LA pressure difference
        (:func:`pressure_difference`, raised to ``MR_PRESSURE_EXPONENT``,
        peak 1): fast rise after M1, broad maximum, easing before A2. Flow reads table. Plateau
        holds 1; crescendo rises linearly from 0.3 to 1; decrescendo falls
        from 1 to 0.2; diamond rises to 1 at mid-span and falls back.
    attack_s, release_s : float, keyword-only
        Raised-cosine ramps at the two ends, s.
    a2_s : float, keyword-only
        For ``pressure``: A2, s after the start (M1).
    pressures : (float, float, float), keyword-only
        For ``pressure``: the patient's pressures (see :func:`pressure_difference`).
    orifice : (float, float), keyword-only
        For ``pressure``: the patient's orifice dynamics ``(tilt, dip)``
        (see :func:`orifice_area`); the envelope is the pressure term times
        the square root of the area, its mean power over systole kept.
    table : tuple of float, keyword-only
        For ``flow``: the amplitude from the start at 1 ms steps (the
        regurgitant jet of :func:`murmur.physio.circulation.beat_physiology`).

    Examples
    --------
    >>> t = np.array([0.0, 0.05, 0.1, 0.2])
    >>> murmur_envelope(t, 0.2, "plateau", attack_s=0.01, release_s=0.01).round(3).tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    if shape == "pressure":
        if not a2_s > 0:
            raise ParameterError(f"a pressure-shaped murmur needs A2 after its start; got a2_s={a2_s!r}.", param="a2_s")
        env = _pressure_envelope(t_s, a2_s, pressures, orifice)
    elif shape == "flow":
        env = np.interp(t_s, np.arange(len(table)) * 1e-3, np.asarray(table, dtype=float), left=0.0, right=0.0)
    elif shape == "plateau":
        env = np.ones(np.shape(t_s))
    elif shape == "crescendo":
        env = 0.3 + 0.7 * _fraction(t_s, length_s)
    elif shape == "decrescendo":
        env = 1.0 - 0.8 * _fraction(t_s, length_s)
    elif shape == "diamond":
        env = 1.0 - np.abs(2 * _fraction(t_s, length_s) - 1)
    else:
        raise ParameterError(f"murmur shape must be one of {', '.join(SHAPES)}; got {shape!r}.", param="shape")
    # Raised-cosine ramps, computed only where they are below 1.
    near = t_s < attack_s
    if near.any():
        env[near] *= 0.5 - 0.5 * np.cos(np.pi * np.clip(t_s[near] / attack_s, 0.0, 1.0))
    near = t_s > length_s - release_s
    if near.any():
        env[near] *= 0.5 - 0.5 * np.cos(np.pi * np.clip((length_s - t_s[near]) / release_s, 0.0, 1.0))
    env[(t_s < 0) | (t_s > length_s)] = 0.0
    return env


def span_envelope(span: MurmurSpan, t_s: FloatArray) -> FloatArray:
    """The envelope of a murmur span at times ``t_s`` after its start, s (its shape, ramps and pressures).

    Examples
    --------
    >>> from murmur import build_timeline, get_preset
    >>> span = build_timeline(get_preset("mr-moderate").case, duration_s=1).murmurs()[0]
    >>> env = span_envelope(span, np.linspace(0.0, span.end_s - span.start_s, 41))
    >>> float(env[0]), bool(env.max() > 0.9)
    (0.0, True)
    """
    return murmur_envelope(
        t_s,
        span.end_s - span.start_s,
        span.shape,
        attack_s=ms_to_s(span.attack_ms),
        release_s=ms_to_s(span.release_ms),
        a2_s=span.a2_s - span.start_s,
        pressures=span.pressures,
        orifice=span.orifice,
        table=span.envelope,
    )
