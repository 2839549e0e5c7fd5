"""The noise floor: level and spectrum, breathing, seamless chunks, and silence when there is none."""

import numpy as np
import pytest

from murmur import Case, synthesize
from murmur.render import Renderer

SR = 44100


@pytest.mark.parametrize(("level", "expected_db"), [("quiet", -30.0), ("noisy", -16.0)])
def test_background_floor_level_and_spectrum(level, expected_db):
    from murmur.level import heart_sound_ref_rms

    case = Case(background=level, duration_s=20)
    y = Renderer(case, only={"background"}).render(0, 20 * SR)
    rel = 20 * np.log10(np.sqrt(np.mean(y[SR:-SR] ** 2)) / heart_sound_ref_rms())
    assert rel == pytest.approx(expected_db, abs=1.5)
    spec = np.abs(np.fft.rfft(y)) ** 2
    f = np.fft.rfftfreq(len(y), 1 / SR)
    assert spec[f > 3000].sum() / spec.sum() < 0.05  # body sounds and hiss, no digital white noise


def test_background_follows_the_breath_and_has_no_seams():
    case = Case(background="noisy", duration_s=16, respiration_rate_per_min=15)
    y = Renderer(case, only={"background"}).render(0, 16 * SR)
    t = np.arange(len(y)) / SR
    phase = (t * 15 / 60) % 1
    insp = np.mean(y[(phase > 0.1) & (phase < 0.35)] ** 2)
    late_exp = np.mean(y[(phase > 0.75) & (phase < 0.95)] ** 2)
    assert insp > 2 * late_exp
    # chunk joins (every second) are as smooth as anywhere else
    jumps = np.abs(np.diff(y))
    at_joins = np.array([jumps[k * SR - 2 : k * SR + 2].max() for k in range(1, 15)])
    assert at_joins.max() <= 6 * np.percentile(jumps, 99)


def test_no_background_is_digital_silence_between_sounds():
    y, tl = synthesize(Case(background="none", heart_rate_bpm=50, duration_s=4))
    b = tl.beats[1]
    gap = y[int((b.event("P2").time_s + 0.15) * SR) : int((b.q_s + b.rr_s) * SR)]
    assert np.all(np.abs(gap) < 1e-9)  # far below one 16-bit step: digital silence once written
