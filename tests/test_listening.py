"""The listening chain: documented filter responses, sites, chest pieces, speaker mode, noise floor."""

import dataclasses

import numpy as np
import pytest
from scipy import signal

from murmur import Case, build_timeline, get_preset, synthesize
from murmur.sound.listening import chest_piece_sos, chest_wall_sos, laptop_speaker_sos
from murmur.sound.render import Renderer

SR = 44100


def response_db(sos, freqs):
    _, h = signal.freqz_sos(sos, worN=np.asarray(freqs, float), fs=SR)
    return 20 * np.log10(np.abs(h))


@pytest.mark.parametrize(
    ("sos", "freqs", "documented_db"),
    [
        (lambda: chest_piece_sos("bell", SR), [40, 200, 400, 800], [-1.0, -3.0, -12.3, -24.1]),
        (lambda: chest_piece_sos("diaphragm", SR), [40, 75, 150, 300], [-23.0, -12.3, -3.0, -0.3]),
        (lambda: laptop_speaker_sos(SR), [125, 250, 500], [-24.1, -3.0, 0.0]),
        (lambda: chest_wall_sos("S3", SR), [50, 100, 200, 400], [-0.3, -3.0, -12.3, -24.1]),
        (lambda: chest_wall_sos("M1", SR), [50, 100, 200, 400], [-1.0, -3.0, -7.0, -12.3]),
        (lambda: chest_wall_sos("A2", SR), [50, 100, 200, 400], [-1.0, -3.0, -7.0, -12.3]),
    ],
)
def test_filter_responses_match_the_documentation(sos, freqs, documented_db):
    # documented to 0.1 dB (the design's worst deviation is 0.054 dB); a corner off by 2 % already misses
    assert response_db(sos(), freqs) == pytest.approx(documented_db, abs=0.1)


def test_chest_wall_is_steeper_for_the_low_sounds_than_s1_and_s2_above_100_hz():
    s3 = np.diff(response_db(chest_wall_sos("S3", SR), [200, 400, 800]))
    for kind in ("M1", "A2"):
        assert np.diff(response_db(chest_wall_sos(kind, SR), [200, 400, 800])) == pytest.approx([-6, -6], abs=1.5)
    assert s3 == pytest.approx([-12, -12], abs=1.5)


def case_of(**kw):
    base = dict(
        finding="mr",
        mr_severity="severe",
        grade=3,
        s3=True,
        background="none",
        breath="hold-expiration",
        duration_s=8,
        heart_rate_bpm=70,
    )
    base.update(kw)
    return Case(**base)


def level_db(case, only, window):
    """RMS (dB) of the chosen sources inside each beat's window, as heard."""
    y = Renderer(case, only=only).render(0, int(case.duration_s * SR))
    parts = [y[int(a * SR) : int(b * SR)] for a, b in (window(b) for b in build_timeline(case).beats[1:-1])]
    return 10 * np.log10(np.mean(np.concatenate(parts) ** 2))


def s3_window(b):
    return b.event("S3").time_s, b.event("S3").time_s + 0.055


def systole(b):
    m1, a2 = b.event("M1").time_s, b.event("A2").time_s
    return m1 + 0.2 * (a2 - m1), m1 + 0.8 * (a2 - m1)


def test_bell_brings_out_s3_diaphragm_the_murmur_by_10_db_or_more():
    ratio = {}
    for piece in ("bell", "diaphragm"):
        case = case_of(chest_piece=piece)
        ratio[piece] = level_db(case, {"S3"}, s3_window) - level_db(case, {"murmur"}, systole)
    assert ratio["bell"] - ratio["diaphragm"] >= 10, ratio


def test_mr_murmur_is_loudest_at_the_apex_and_radiates_to_the_axilla():
    lv = {site: level_db(case_of(site=site), {"murmur"}, systole) for site in ("apex", "axilla", "rusb")}
    assert lv["apex"] > lv["axilla"] > lv["rusb"]


def test_p2_and_so_the_split_is_heard_best_at_the_left_upper_sternal_border():
    def p2_window(b):
        return b.event("P2").time_s, b.event("P2").time_s + 0.06

    lv = {
        site: level_db(case_of(site=site, finding="normal", s3=False), {"P2"}, p2_window)
        for site in ("apex", "axilla", "llsb", "lusb", "rusb")
    }
    assert max(lv, key=lv.get) == "lusb"


def s_levels(case, speaker_model):
    def lvl(only, win):
        y = Renderer(case, only=only).render(0, int(case.duration_s * SR))
        if speaker_model:
            y = signal.sosfilt(laptop_speaker_sos(SR), y)
        tl = build_timeline(case)
        return 10 * np.log10(
            np.mean(np.concatenate([y[int(a * SR) : int(b * SR)] for a, b in map(win, tl.beats[1:-1])]) ** 2)
        )

    s1 = lvl({"M1", "T1"}, lambda b: (b.event("M1").time_s, b.event("M1").time_s + 0.122))
    return s1 - lvl({"murmur"}, systole), s1


def test_laptop_mode_keeps_s1_against_the_murmur_through_a_laptop_speaker():
    base = case_of(mr_severity="moderate", s3=False)
    faithful, s1_faithful = s_levels(base, speaker_model=False)
    through_speaker, s1_speaker = s_levels(base, speaker_model=True)
    laptop, _ = s_levels(dataclasses.replace(base, speaker="laptop"), speaker_model=True)
    # the problem: S1 fades on a small speaker (measured 12.5 dB; 14.6 before S1's closure impact)
    assert faithful - through_speaker >= 12
    assert s1_faithful - s1_speaker >= 15  # measured 15.9 dB (18 before the impact)
    assert abs(laptop - faithful) <= 6  # the fix: S1 relative to the murmur is kept


def test_laptop_mode_moves_no_event_and_never_clips():
    """Each event starts at the same time in faithful and laptop: threshold onsets within 1 ms (measured up to
    0.48 ms), and the envelopes' cross-correlation peak within 2.5 ms.

    (The cross-correlation peak moves by up to 2.06 ms for A2 because the
    shifted sound's envelope has another shape: S2's low impact modes, moved
    up 200 Hz, ring for their own decay; the onset does not move.)
    """
    from measure import envelope, onset_s

    base = case_of(finding="normal", s3=False)
    y_h, tl = synthesize(base)
    y_l, _ = synthesize(dataclasses.replace(base, speaker="laptop"))
    assert np.abs(y_l).max() <= 10 ** (-1 / 20)
    env_h, env_l = envelope(y_h, SR, smooth_ms=1), envelope(y_l, SR, smooth_ms=1)
    for b in tl.beats[1:-1]:
        for kind in ("M1", "A2"):
            t = b.event(kind).time_s
            a, z = int((t - 0.02) * SR), int((t + 0.06) * SR)
            h, lap = env_h[a:z] - env_h[a:z].mean(), env_l[a:z] - env_l[a:z].mean()
            lag_ms = (np.argmax(np.correlate(lap, h, "full")) - (len(h) - 1)) / SR * 1000
            assert abs(lag_ms) <= 2.5, (kind, lag_ms)  # measured up to 2.06 ms
            moved_ms = 1000 * (onset_s(env_l, SR, t - 0.02, t + 0.06) - onset_s(env_h, SR, t - 0.02, t + 0.06))
            assert abs(moved_ms) <= 1.0, (kind, moved_ms)  # measured up to 0.48 ms


def test_laptop_mode_puts_s1_energy_where_a_small_speaker_plays():
    base = case_of(finding="normal", s3=False)
    for speaker, expect_high in (("headphones", False), ("laptop", True)):
        y = Renderer(dataclasses.replace(base, speaker=speaker), only={"M1", "T1"}).render(0, 8 * SR)
        spec = np.abs(np.fft.rfft(y)) ** 2
        f = np.fft.rfftfreq(len(y), 1 / SR)
        share = spec[f >= 200].sum() / spec.sum()
        assert (share > 0.5) == expect_high, (speaker, share)


def test_posture_moves_the_mvp_click():
    def click_ms(posture):
        tl = build_timeline(dataclasses.replace(get_preset("mvp").case, posture=posture, breath="hold-expiration"))
        return np.mean([(b.event("click").time_s - b.event("M1").time_s) * 1000 for b in tl.beats])

    supine, standing, squatting = click_ms("supine"), click_ms("standing"), click_ms("squatting")
    assert 40 <= supine - standing <= 60
    assert squatting > supine


@pytest.mark.parametrize("btype", ["lowpass", "highpass"])
@pytest.mark.parametrize("order", [1, 2])
@pytest.mark.parametrize("corner", [20.0, 100.0, 150.0, 200.0])
def test_closed_form_butterworth_equals_scipy(btype, order, corner):
    from murmur.sound.listening import butter_sos

    ref = signal.butter(order, corner, btype, fs=SR, output="sos")
    assert np.max(np.abs(butter_sos(btype, order, corner, SR) - ref)) < 1e-12


@pytest.mark.parametrize("piece", ["bell", "diaphragm"])
def test_spectral_filtering_equals_sosfilt(piece):
    from murmur.sound.listening import sosfilt_padded

    sos = chest_piece_sos(piece, SR)
    y = np.random.default_rng(1).standard_normal(5000)
    out = sosfilt_padded(sos, y, SR)
    ref = signal.sosfilt(sos, np.concatenate([y, np.zeros(len(out) - len(y))]))
    assert np.max(np.abs(out - ref)) < 1e-6 * np.abs(ref).max()
    assert np.abs(out[-50:]).max() < 1e-5 * np.abs(out).max()  # the tail has died away


def test_the_mvp_click_stands_out_at_the_apex():
    """Heard click peak about 0.8 x M1 and well above the murmur starting with it."""
    case = dataclasses.replace(get_preset("mvp").case, duration_s=6, background="none")
    tl = build_timeline(case)
    sr = case.sr
    n = int(case.duration_s * sr)
    heard = {k: Renderer(case, only={k}).render(0, n) for k in ("M1", "click", "murmur")}
    ratios, over_murmur = [], []
    for b in tl.beats[:6]:
        a, z = int(b.q_s * sr), int((b.q_s + b.rr_s) * sr)
        m1 = np.abs(heard["M1"][a:z]).max()
        c = int(b.event("click").time_s * sr)
        click = np.abs(heard["click"][c : c + int(0.015 * sr)]).max()
        murmur = np.abs(heard["murmur"][c : c + int(0.015 * sr)]).max()
        ratios.append(click / m1)
        over_murmur.append(click / max(murmur, 1e-12))
    assert 0.6 <= np.mean(ratios) <= 1.0, np.mean(ratios)
    assert min(over_murmur) > 4.0


def test_site_and_chest_piece_tables_cover_exactly_the_case_choices():
    """The tables in clinical.py are keyed by name; the names are the Case's options (FieldSpec), never a copy."""
    from murmur import clinical
    from murmur.case import field_spec
    from murmur.sound.transients import TRANSIENT_KINDS

    sites = field_spec("site").choices
    sourced = set(TRANSIENT_KINDS) | {"murmur", "rumble"}
    assert set(clinical.SITE_GAIN_DB) == sourced | {"background"}
    for kind, row in clinical.SITE_GAIN_DB.items():
        assert tuple(row) == sites, kind
        assert row["apex"] == 0.0, kind  # gains are relative to the apex
    assert set(clinical.CHEST_WALL) == sourced
    assert tuple(clinical.CHEST_PIECE) == field_spec("chest_piece").choices
