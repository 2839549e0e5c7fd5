"""Event timing against the published physiology (clinical.md)."""

import dataclasses

import numpy as np
import pytest

from murmur import Case, build_timeline, get_preset, qs2_ms
from murmur.timeline import iter_beats, respiration


def weissler_men_ms(hr):
    return 546 - 2.1 * hr


def s1_a2_ms(beat):
    return (beat.event("A2").time_s - beat.event("M1").time_s) * 1000


@pytest.mark.parametrize("hr", [50, 75, 100, 150])
def test_s1_to_a2_follows_weissler_at_each_rate(hr):
    # Held expiration: no respiratory shift of A2 and no sinus arrhythmia.
    held = build_timeline(Case(heart_rate_bpm=hr, breath="hold-expiration", duration_s=30))
    expected = weissler_men_ms(hr) - 50
    for beat in held.beats:
        assert s1_a2_ms(beat) == pytest.approx(expected, abs=10)
    # Normal breathing: A2 moves with respiration and the rate with RSA, the mean stays.
    free = build_timeline(Case(heart_rate_bpm=hr, duration_s=60))
    assert np.mean([s1_a2_ms(b) for b in free.beats]) == pytest.approx(expected, abs=10)


def test_qs2_uses_the_womens_regression_too():
    assert qs2_ms(80, sex="female") == pytest.approx(549 - 2.0 * 80)
    b = next(iter_beats(Case(heart_rate_bpm=80, sex="female", breath="hold-expiration")))
    assert s1_a2_ms(b) == pytest.approx(549 - 160 - 50, abs=6)


def test_qs2_is_continuous_and_sane_up_to_220_bpm():
    rates = np.arange(30, 220.5, 0.5)
    q = np.array([qs2_ms(r) for r in rates])
    assert np.all(np.diff(q) <= 0) and np.max(np.abs(np.diff(q))) < 2.0
    rr = 60000 / rates
    assert np.all(q < rr) and np.all(q - 50 > 60)  # systole fits the beat; S1->A2 stays audible


def mean_split(case, inspiration):
    tl = build_timeline(dataclasses.replace(case, duration_s=120))
    return np.mean([b.split_ms for b in tl.beats if b.inspiration == inspiration])


def test_split_widens_on_inspiration_teaching():
    case = get_preset("normal-teaching-split").case
    assert mean_split(case, True) - mean_split(case, False) >= 25


def test_split_widens_on_inspiration_realistic():
    case = get_preset("normal").case
    insp, exp = mean_split(case, True), mean_split(case, False)
    assert insp - exp >= 20
    assert 0 <= exp <= 15 and 25 <= insp <= 40  # clinical.md: 0-15 ms expiration, 30-40 ms inspiration


def test_split_peak_is_60_ms_in_teaching_and_a2_takes_a_third():
    held = build_timeline(Case(split_mode="teaching", breath="hold-inspiration", duration_s=20))
    exp = build_timeline(Case(split_mode="teaching", breath="hold-expiration", duration_s=20))
    assert np.mean([b.split_ms for b in held.beats]) == pytest.approx(60, abs=3)
    a2_shift = np.mean([s1_a2_ms(b) for b in exp.beats]) - np.mean([s1_a2_ms(b) for b in held.beats])
    assert a2_shift == pytest.approx((60 - 8) / 3, abs=3)


def test_respiratory_sinus_arrhythmia_is_faster_on_inspiration():
    tl = build_timeline(Case(heart_rate_bpm=72, duration_s=300))
    insp = np.mean([b.heart_rate_bpm for b in tl.beats if b.inspiration])
    exp = np.mean([b.heart_rate_bpm for b in tl.beats if not b.inspiration])
    assert 2 <= insp - exp <= 10
    assert np.mean([60 / b.rr_s for b in tl.beats]) == pytest.approx(72, abs=1.5)


def test_respiration_phases():
    case = Case(respiration_rate_per_min=15)  # 4 s breaths, 1.6 s inspiration
    assert respiration(0.8, case)[1] and not respiration(2.0, case)[1]
    assert respiration(0.8, case)[2] == pytest.approx(1.0)


def test_atrial_fibrillation_is_irregularly_irregular_without_s4():
    tl = build_timeline(dataclasses.replace(get_preset("mr-af").case, duration_s=600))
    rr = np.array([b.rr_s for b in tl.beats])
    assert 0.2 <= rr.std() / rr.mean() <= 0.3
    assert 60 / rr.mean() == pytest.approx(90, rel=0.05)
    # successive RR intervals are uncorrelated (no pattern), unlike sinus rhythm
    assert abs(np.corrcoef(rr[:-1], rr[1:])[0, 1]) < 0.1
    assert not tl.events("S4")
    # S1 is louder after a short cycle
    gains = np.array([b.event("M1").gain for b in tl.beats[1:]])
    assert np.corrcoef(rr[:-1], gains)[0, 1] < -0.5


def test_s3_and_s4_timing():
    tl = build_timeline(Case(s3=True, s4=True, heart_rate_bpm=60, duration_s=10))
    for b in tl.beats:
        assert 130 <= (b.event("S3").time_s - b.event("A2").time_s) * 1000 <= 180
        assert 50 <= (b.event("M1").time_s - b.event("S4").time_s) * 1000 <= 70


def test_severe_mr_has_an_earlier_a2_softer_s1_and_s3():
    base = dict(heart_rate_bpm=70, breath="hold-expiration", duration_s=20)
    mild = build_timeline(Case(finding="mr", mr_severity="mild", **base))
    severe = build_timeline(Case(finding="mr", mr_severity="severe", s3=True, **base))
    early = np.mean([s1_a2_ms(b) for b in mild.beats]) - np.mean([s1_a2_ms(b) for b in severe.beats])
    assert 10 <= early <= 20
    assert np.mean([b.split_ms for b in severe.beats]) - np.mean([b.split_ms for b in mild.beats]) >= 10
    db = 20 * np.log10(np.mean([e.gain for e in severe.events("M1")]) / np.mean([e.gain for e in mild.events("M1")]))
    assert -6 <= db <= -4
    assert severe.events("S3") and severe.murmurs("rumble") and not mild.murmurs("rumble")


def test_mr_murmur_spans_s1_to_past_a2():
    tl = build_timeline(Case(finding="mr", mr_severity="moderate", duration_s=20))
    for b in tl.beats:
        (m,) = b.murmurs
        assert abs(m.start_s - b.event("M1").time_s) <= 0.010
        assert 0.010 <= m.end_s - b.event("A2").time_s <= 0.040


def test_acute_mr_murmur_ends_before_s2():
    tl = build_timeline(get_preset("mr-acute").case)
    for b in tl.beats:
        m = b.murmurs[0]
        assert m.shape == "decrescendo" and m.end_s < b.event("A2").time_s - 0.03


def test_mvp_click_is_mid_systolic_and_murmur_late():
    tl = build_timeline(get_preset("mvp").case)
    for b in tl.beats:
        m1, a2, click = (b.event(k).time_s for k in ("M1", "A2", "click"))
        assert 0.5 <= (click - m1) / (a2 - m1) <= 0.6
        (m,) = b.murmurs
        assert m.shape == "crescendo" and m.start_s >= click and m.end_s > a2


def test_same_seed_same_timeline_other_seed_same_times_within_jitter():
    a = build_timeline(Case(seed=1, duration_s=20))
    b = build_timeline(Case(seed=1, duration_s=20))
    c = build_timeline(Case(seed=2, duration_s=20))
    assert a.beats == b.beats
    ta, tc = (np.array([e.time_s for e in t.events("A2")]) for t in (a, c))
    n = min(len(ta), len(tc))
    diff_ms = np.abs(ta[:n] - tc[:n]) * 1000
    assert diff_ms.max() < 12 and diff_ms.max() > 0  # jitter, not drift


def test_beats_do_not_depend_on_where_the_iteration_starts():
    beats = build_timeline(Case(duration_s=10)).beats
    # continuing after beat 2 (as a live player does) reproduces beats 3, 4, ...
    it = iter_beats(Case(), start_s=beats[2].q_s + beats[2].rr_s, first_index=3)
    assert [next(it) for _ in range(5)] == list(beats[3:8])
