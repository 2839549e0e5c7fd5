"""The MR murmur: confined to systole, high-pitched, a plateau, graded in level."""

import dataclasses

import numpy as np
import pytest
from measure import band_fraction, centroid_hz

from murmur import Case, build_timeline, get_preset
from murmur.clinical import LEVINE_DB
from murmur.level import heart_sound_ref_rms
from murmur.murmurs import murmur_envelope
from murmur.synth import render_sources
from murmur.units import rms

SR = 44100


def mr(severity="moderate", **kw):
    kw.setdefault("duration_s", 20)
    return Case(finding="mr", mr_severity=severity, sr=SR, **kw)


@pytest.mark.parametrize("severity", ["mild", "moderate", "severe"])
def test_murmur_band_energy_is_inside_systole(severity):
    case = mr(severity)
    y = render_sources(case, {"murmur"})
    from scipy import signal

    band = signal.sosfiltfilt(signal.butter(4, [150, 600], "bandpass", fs=SR, output="sos"), y)
    inside = np.zeros(len(y), bool)
    for b in build_timeline(case).beats:
        a = int((b.event("M1").time_s - 0.010) * SR)
        z = int((b.event("A2").time_s + 0.040) * SR)
        inside[max(a, 0) : z] = True
    assert np.sum(band[inside] ** 2) / np.sum(band**2) >= 0.99


@pytest.mark.parametrize("severity", ["mild", "moderate", "severe"])
def test_murmur_is_high_pitched_blowing(severity):
    y = render_sources(mr(severity), {"murmur"})
    assert 200 <= centroid_hz(y, SR) <= 300
    assert band_fraction(y, SR, 600, SR / 2) < 0.05  # little above 600 Hz, less still after the chest wall


def test_severe_has_more_low_frequency_energy_than_mild():
    lows = [band_fraction(render_sources(mr(s), {"murmur"}), SR, 0, 150) for s in ("mild", "moderate", "severe")]
    assert lows[0] < lows[1] < lows[2]


def envelope_db(y, sr, win_ms=20):
    n = int(sr * win_ms / 1000)
    p = np.convolve(y**2, np.ones(n) / n, mode="same")
    return 10 * np.log10(p + 1e-30)


@pytest.mark.parametrize("grade", [2, 3, 4])
def test_murmur_is_a_plateau_across_mid_systole(grade):
    case = mr(grade=grade, breath="hold-expiration")
    y = render_sources(case, {"murmur"})
    env = envelope_db(y, SR)
    for b in build_timeline(case).beats[:-1]:
        m1, a2 = b.event("M1").time_s, b.event("A2").time_s
        a, z = m1 + 0.2 * (a2 - m1), m1 + 0.8 * (a2 - m1)
        seg = env[int(a * SR) : int(z * SR)]
        mid = np.median(seg)
        assert np.all(np.abs(seg - mid) <= 3.0), f"beat {b.index}: {seg.min() - mid:.1f} .. {seg.max() - mid:.1f} dB"


def plateau_db(case):
    y = render_sources(case, {"murmur"})
    parts = []
    for b in build_timeline(case).beats[:-1]:
        m1, a2 = b.event("M1").time_s, b.event("A2").time_s
        parts.append(y[int((m1 + 0.2 * (a2 - m1)) * SR) : int((m1 + 0.8 * (a2 - m1)) * SR)])
    return 20 * np.log10(rms(np.concatenate(parts)) / heart_sound_ref_rms())


def test_levine_grades_step_as_clinical_md_proposes():
    levels = [plateau_db(mr(grade=g, breath="hold-expiration", duration_s=30)) for g in range(1, 7)]
    assert np.all(np.diff(levels) > 0)
    for g in range(2, 7):
        step = levels[g - 1] - levels[g - 2]
        assert step == pytest.approx(LEVINE_DB[g] - LEVINE_DB[g - 1], abs=2.0)
    # and the absolute level against the S1/S2 RMS, for the grades without the loud-murmur bulge
    for g in range(1, 5):
        assert levels[g - 1] == pytest.approx(LEVINE_DB[g], abs=2.0)


def test_murmur_is_louder_on_expiration():
    ins = plateau_db(mr(breath="hold-inspiration"))
    exp = plateau_db(mr(breath="hold-expiration"))
    assert 0.5 <= exp - ins <= 3


def test_acute_murmur_decrescendo_fades_before_s2():
    case = dataclasses.replace(get_preset("mr-acute").case, duration_s=10)
    y = render_sources(case, {"murmur"})
    for b in build_timeline(case).beats[:-1]:
        m1, a2 = b.event("M1").time_s, b.event("A2").time_s
        early = rms(y[int(m1 * SR) : int((m1 + 0.25 * (a2 - m1)) * SR)])
        late = rms(y[int((m1 + 0.45 * (a2 - m1)) * SR) : int((m1 + 0.65 * (a2 - m1)) * SR)])
        assert late < early
        assert np.all(y[int((a2 - 0.02) * SR) : int((a2 + 0.05) * SR)] == 0)


def test_mvp_murmur_is_late_systolic_crescendo():
    case = dataclasses.replace(get_preset("mvp").case, duration_s=10)
    y = render_sources(case, {"murmur"})
    for b in build_timeline(case).beats[:-1]:
        m1, click, a2 = (b.event(k).time_s for k in ("M1", "click", "A2"))
        assert np.all(y[int(m1 * SR) : int(click * SR)] == 0)
        first = rms(y[int(click * SR) : int((click + (a2 - click) / 2) * SR)])
        second = rms(y[int((click + (a2 - click) / 2) * SR) : int(a2 * SR)])
        assert second > first * 1.2


def test_severe_rumble_is_diastolic_and_low():
    case = mr("severe", s3=True)
    y = render_sources(case, {"rumble"})
    assert centroid_hz(y, SR) < 130
    for b in build_timeline(case).beats:
        (r,) = [m for m in b.murmurs if m.kind == "rumble"]
        assert r.start_s > b.event("A2").time_s and r.end_s <= b.q_s + b.rr_s + 1e-9


def test_envelope_shapes():
    t = np.linspace(0, 0.3, 3001)
    kw = dict(attack_s=0.015, release_s=0.015)
    cres = murmur_envelope(t, 0.3, "crescendo", **kw)
    dec = murmur_envelope(t, 0.3, "decrescendo", **kw)
    dia = murmur_envelope(t, 0.3, "diamond", **kw)
    assert cres[2500] > cres[600] and dec[600] > dec[2500] and dia[1500] > dia[500] and dia[1500] > dia[2500]
    assert cres[0] == 0 and cres[-1] == 0
