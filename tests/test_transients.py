"""Transient heart sounds: level ratios, pitch, zero DC, sub-sample placement."""

import numpy as np
import pytest

from murmur.level import heart_sound_ref_rms
from murmur.render import heard_transient
from murmur.transients import TRANSIENT_KINDS, transient
from murmur.listening import Chain

SR = 48000


def placed(parts, n=16000, chain=None):
    buf = np.zeros(n)
    for kind, t in parts:
        n0, y = transient(kind, t, SR) if chain is None else heard_transient(kind, t, SR, chain)
        buf[n0 : n0 + len(y)] += y
    return buf


def test_s1_to_a2_amplitude_is_about_1_4_at_the_apex():
    s1 = placed([("M1", 0.0), ("T1", 0.025)], chain=Chain(site="apex"))
    a2 = placed([("A2", 0.0)], chain=Chain(site="apex"))
    assert np.abs(s1).max() / np.abs(a2).max() == pytest.approx(1.4, abs=0.1)


def test_t1_is_half_to_seven_tenths_of_m1():
    ratio = np.abs(placed([("T1", 0.0)])).max() / np.abs(placed([("M1", 0.0)])).max()
    assert 0.45 <= ratio <= 0.75


@pytest.mark.parametrize("kind", TRANSIENT_KINDS)
def test_every_transient_is_zero_mean_finite_and_short(kind):
    n0, y = transient(kind, 0.0123456, SR)
    assert abs(y.sum()) < 1e-9 * np.abs(y).sum()
    assert np.isfinite(y).all()
    assert len(y) / SR <= 0.131
    assert abs(y[0]) < 0.05 * np.abs(y).max() and abs(y[-1]) < 0.01 * np.abs(y).max()  # no click at either end


def dominant_hz(y, sr=SR):
    spec = np.abs(np.fft.rfft(y, 1 << 16))
    return np.fft.rfftfreq(1 << 16, 1 / sr)[np.argmax(spec)]


def test_pitches_follow_clinical_md():
    assert 20 <= dominant_hz(transient("S3", 0, SR)[1]) <= 50
    assert 30 <= dominant_hz(transient("S4", 0, SR)[1]) <= 50
    click = dominant_hz(transient("click", 0, SR)[1])
    assert click > dominant_hz(placed([("M1", 0.0)])) and click > dominant_hz(transient("A2", 0, SR)[1])


def test_a2_is_a_chirp_of_falling_frequency():
    _, y = transient("A2", 0.0, SR)
    crossings = np.flatnonzero(np.diff(np.signbit(y)))
    periods = np.diff(crossings[:12]) * 2 / SR
    freqs = 1 / periods
    assert freqs[0] > 150 and freqs[-1] < freqs[0] * 0.7


def test_s1_energy_sits_at_low_frequency():
    s1 = placed([("M1", 0.0), ("T1", 0.025)])
    spec = np.abs(np.fft.rfft(s1)) ** 2
    f = np.fft.rfftfreq(len(s1), 1 / SR)
    assert spec[f < 200].sum() / spec.sum() > 0.85


def test_subsample_placement_is_exact():
    # An event half a sample later equals the analytic waveform sampled half a sample later.
    n0a, a = transient("A2", 0.1, SR)
    n0b, b = transient("A2", 0.1 + 0.5 / SR, SR)
    assert n0b == n0a + 1
    # Interpolating a at the half-sample points approximates b closely.
    mid = 0.5 * (a[:-1] + a[1:])
    assert np.max(np.abs(mid[: len(b) - 1] - b[: len(mid)][: len(b) - 1])) < 0.02 * np.abs(a).max()


def test_reference_rms_matches_a_direct_measurement():
    s1 = placed([("M1", 0.0), ("T1", 0.025)], chain=Chain())[: int(0.122 * SR)]
    s2 = placed([("A2", 0.0), ("P2", 0.008)], chain=Chain())[: int(0.092 * SR)]
    direct = np.sqrt((np.sum(s1**2) + np.sum(s2**2)) / (len(s1) + len(s2)))
    assert heart_sound_ref_rms() == pytest.approx(direct, rel=0.01)
