"""Level: one calibration, a limiter that presets never reach, fades, no DC."""

import dataclasses

import numpy as np
import pytest

from murmur import PRESETS, Case, get_preset, synthesize
from murmur.sound.level import CEILING, KNEE, apply_level, fade_gain, limit
from murmur.sound.render import Renderer


@pytest.mark.parametrize("name", list(PRESETS))
def test_limiter_is_a_no_op_on_every_preset(name):
    case = dataclasses.replace(PRESETS[name].case, duration_s=120)
    raw = Renderer(case).render(0, 120 * case.sr)
    from murmur.clinical import MASTER_GAIN

    assert np.abs(raw * MASTER_GAIN).max() < KNEE


def test_peak_never_exceeds_minus_1_dbfs_even_at_grade_6():
    case = dataclasses.replace(get_preset("mr-severe").case, grade=6, duration_s=30)
    y, _ = synthesize(case)
    assert np.abs(y).max() <= CEILING
    assert 20 * np.log10(np.abs(y).max()) <= -1.0


def test_limiter_is_identity_below_knee_and_continuous():
    x = np.linspace(-3, 3, 200001)
    y = limit(x)
    small = np.abs(x) <= KNEE
    assert np.array_equal(y[small], x[small])
    assert np.all(np.abs(y) < CEILING + 1e-15)
    assert np.max(np.abs(np.diff(y))) <= np.max(np.abs(np.diff(x))) + 1e-12  # slope never above 1
    assert np.all(np.diff(y) >= 0)


def test_fades_are_at_least_20_ms_and_smooth():
    sr = 44100
    g = fade_gain(0, sr, sr, sr)
    n20 = int(0.020 * sr)
    assert g[0] == 0 and g[-1] == 0
    assert np.all(g[:n20] < 1) and np.all(g[-n20:] < 1)
    assert np.all(np.diff(g[: n20 + 1]) >= 0)


def test_grades_are_not_normalised_away():
    rms = []
    for grade in (1, 3, 5):
        y, _ = synthesize(Case(finding="mr", grade=grade, duration_s=10))
        rms.append(np.sqrt(np.mean(y**2)))
    assert rms[0] < rms[1] < rms[2]
    s1_peak = []
    for grade in (1, 4):
        case = Case(finding="mr", grade=grade, duration_s=5, breath="hold-expiration")
        y = Renderer(case, only={"M1", "T1"}).render(0, 5 * case.sr)
        s1_peak.append(np.abs(apply_level(y, 0, None, case.sr)).max())
    assert s1_peak[0] == pytest.approx(s1_peak[1], rel=1e-9)  # heart sounds held constant


def test_no_dc():
    y, _ = synthesize(dataclasses.replace(get_preset("mr-severe").case, duration_s=20))
    assert abs(y.mean()) < 0.01 * np.sqrt(np.mean(y**2))
