"""The MR murmur: confined to systole, high-pitched, a plateau, graded in level."""

import dataclasses

import numpy as np
import pytest
from measure import band_fraction, centroid_hz
from scipy import signal

from murmur import Case, build_timeline, get_preset
from murmur import clinical as C
from murmur.clinical import LEVINE_DB
from murmur.sound.envelopes import murmur_envelope, orifice_area, pressure_difference
from murmur.sound.level import heart_sound_ref_rms
from murmur.sound.synth import render_sources
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
def test_murmur_is_a_plateau_to_the_ear_but_not_a_flat_line(grade):
    """Every beat's 20 ms envelope stays within 6 dB of its median over 20-80 % of systole (a plateau to
    the ear), while the mean over beats of the systole's five parts varies as the pressure does (CV >= 0.1,
    the realism profile's measure; a flat plateau measured 0.02)."""
    case = mr(grade=grade, breath="hold-expiration")
    y = render_sources(case, {"murmur"})
    env = envelope_db(y, SR)
    parts = []
    for b in build_timeline(case).beats[:-1]:
        m1, a2 = b.event("M1").time_s, b.event("A2").time_s
        a, z = m1 + 0.2 * (a2 - m1), m1 + 0.8 * (a2 - m1)
        seg = env[int(a * SR) : int(z * SR)]
        mid = np.median(seg)
        assert np.all(np.abs(seg - mid) <= 6.0), f"beat {b.index}: {seg.min() - mid:.1f} .. {seg.max() - mid:.1f} dB"
        edges = np.linspace(m1 + 0.122, a2, 6)  # as the realism profile cuts systole
        pairs = zip(edges[:-1], edges[1:], strict=True)
        parts.append([np.mean(y[int(e0 * SR) : int(e1 * SR)] ** 2) for e0, e1 in pairs])
    p = np.mean(parts, axis=0)
    assert np.std(p) / np.mean(p) >= 0.1


def test_pressure_envelope_rises_fast_peaks_early_and_eases_before_a2():
    """Amplitude follows LV - LA pressure (physiology.md section 6): 40 ms after M1 about -6 dB, the
    maximum at the LV peak (40 % of systole here), 1.5-4 dB down at A2, zero once the mitral valve opens."""
    a2 = 0.33
    t = np.linspace(0.0, a2 + 0.1, 4301)
    env = murmur_envelope(t, a2 + 0.1, "pressure", attack_s=0.001, release_s=0.001, a2_s=a2)
    db = 20 * np.log10(np.maximum(env, 1e-12))
    at = lambda s: db[int(round(s / t[1]))]  # noqa: E731
    assert -8.0 <= at(0.040) <= -4.0
    assert 0.3 * a2 <= t[np.argmax(env)] <= 0.5 * a2
    assert -4.0 <= at(a2) <= -1.5
    assert np.all(env[t > a2 + C.MR_IVRT_MS / 1000] == 0)
    assert pressure_difference(np.array([0.0]), a2)[0] == 0.0  # mitral closure: no gradient yet


def test_patients_differ_but_every_beat_of_one_patient_shares_its_pressures_and_orifice():
    spans = [(b.murmurs[0].pressures, b.murmurs[0].orifice) for b in build_timeline(mr(seed=4)).beats]
    assert len(set(spans)) == 1
    others = [build_timeline(mr(seed=s, duration_s=2)).beats[0].murmurs[0] for s in range(8)]
    assert len({m.pressures for m in others}) == 8 and len({m.orifice for m in others}) == 8


def test_the_orifice_shapes_the_murmur_but_keeps_its_power():
    """A leak that grows late (prolapse) leans the murmur crescendo, one that shrinks decrescendo, a mid-systolic
    dip (functional MR) sags it; the mean power over systole, which the Levine calibration sets, is unchanged."""
    a2 = 0.3
    t = np.linspace(0.0, a2, 3001)
    kw = dict(attack_s=0.001, release_s=0.001, a2_s=a2, pressures=(0.4, 100.0, 15.0))
    fixed = murmur_envelope(t, a2 + 0.1, "pressure", **kw)
    orifices = ((0.6, 0), (-0.3, 0), (0, 0.6))
    late, early, dip = (murmur_envelope(t, a2 + 0.1, "pressure", **kw, orifice=o) for o in orifices)
    for env in (late, early, dip):
        assert np.mean(env**2) == pytest.approx(np.mean(fixed**2), rel=1e-3)
    # amplitude goes as the square root of the area (power as the area)
    x = t / a2
    ratio = lambda env: env[(x > 0.05) & (x < 0.95)] / fixed[(x > 0.05) & (x < 0.95)]  # noqa: E731
    area = orifice_area(x[(x > 0.05) & (x < 0.95)], (0.6, 0))
    assert np.allclose(ratio(late) / ratio(late)[0], np.sqrt(area / area[0]), rtol=1e-3)
    last, first = (x > 0.8) & (x < 0.95), (x > 0.1) & (x < 0.25)
    gain_db = lambda env: 10 * np.log10(np.mean(env[last] ** 2) / np.mean(env[first] ** 2))  # noqa: E731
    assert gain_db(late) > gain_db(fixed) + 3 and gain_db(early) < gain_db(fixed) - 1.5
    mid = (x > 0.4) & (x < 0.6)
    assert np.mean(dip[mid] ** 2) / np.mean(dip**2) < 0.8 * np.mean(fixed[mid] ** 2) / np.mean(fixed**2)


def test_murmur_level_varies_from_beat_to_beat():
    """Per-beat level SD as clinical.MURMUR_BEAT_SD_DB (1.5 dB) plus the turbulence: measured 1.6 dB over
    120 beats; a murmur frozen from beat to beat (the former jitter) measured 0.3 dB."""
    case = mr(breath="hold-expiration", duration_s=100)
    y = render_sources(case, {"murmur"})
    levels = []
    for b in build_timeline(case).beats[:-1]:
        m1, a2 = b.event("M1").time_s, b.event("A2").time_s
        levels.append(20 * np.log10(rms(y[int((m1 + 0.2 * (a2 - m1)) * SR) : int((m1 + 0.8 * (a2 - m1)) * SR)])))
    assert 1.2 <= np.std(levels) <= 2.2


def test_harsh_murmur_is_rough_and_lower_and_musical_has_a_tone():
    def murmur_of(quality):
        return render_sources(mr(quality=quality, breath="hold-expiration", duration_s=10), {"murmur"})

    blowing, harsh, musical = (murmur_of(q) for q in ("blowing", "harsh", "musical"))
    assert centroid_hz(harsh, SR) < centroid_hz(blowing, SR) - 30

    def roughness(y):
        # share of the squared envelope's fluctuation at 30-70 Hz (roughness) against 5-20 Hz (turbulence)
        env = np.abs(signal.hilbert(y)) ** 2
        f, p = signal.welch(env - env.mean(), fs=SR, nperseg=8192)
        return p[(f >= 30) & (f <= 70)].sum() / p[(f >= 5) & (f <= 20)].sum()

    assert roughness(harsh) > 3 * roughness(blowing)
    f, p = signal.welch(musical, fs=SR, nperseg=16384)
    f2, p2 = signal.welch(blowing, fs=SR, nperseg=16384)
    band = (f > 80) & (f < 600)
    # a tone's harmonics stand far above its neighbourhood; flow noise does not
    assert p[band].max() / np.median(p[band]) > 10 * p2[band].max() / np.median(p2[band])


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
