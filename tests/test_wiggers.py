"""The Wiggers diagram: one beat of the model, the ECG and the heard beat on one axis from the Q."""

import dataclasses
import itertools
import math

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402

from murmur import ParameterError, get_preset, synthesize  # noqa: E402
from murmur import clinical as C  # noqa: E402
from murmur.cli import main  # noqa: E402
from murmur.physio.ecg import ecg_template  # noqa: E402
from murmur.teach.lecture import write_lecture  # noqa: E402
from murmur.view import wiggers_figure, write_wiggers_figure  # noqa: E402
from murmur.view.wiggersdata import wiggers_data  # noqa: E402

#: Cases covered by the model: normal, chronic MR (mild, severe) and acute MR at 100 bpm.
NAMES = ("normal", "mr-mild", "mr-severe", "mr-acute")
PANELS = ["ecg", "pressure", "volume", "flow", "pcg"]


@pytest.fixture(scope="module")
def data():
    return {name: wiggers_data(name) for name in NAMES}


@pytest.fixture(scope="module")
def figures():
    out = {name: wiggers_figure(name) for name in ("normal", "mr-severe", "mr-acute")}
    for fig in out.values():
        FigureCanvasAgg(fig).draw()
    return out


# --- the data -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_time_axis_starts_at_the_q_and_spans_one_rr(data, name):
    d = data[name]
    rr_ms = 60000.0 / get_preset(name).case.heart_rate_bpm
    assert d.t_ms[0] == 0.0 and d.t_ms[-1] == pytest.approx(rr_ms, abs=0.01)
    assert np.all(np.diff(d.t_ms) > 0) and len(d.ecg_mv) == len(d.t_ms) == len(d.cycle.p_lv_mmhg)
    # the heard beat: Q to the next Q, its own RR (breathing varies it a little), at the sound's rate
    heard_rr_ms = d.heard.beats[0].rr_s * 1000.0
    assert d.pcg_t_ms[0] == 0.0 and d.pcg_t_ms[-1] == pytest.approx(heard_rr_ms, abs=1000.0 / d.sr)
    assert abs(heard_rr_ms - rr_ms) < 0.1 * rr_ms
    assert d.heard.beats[0].q_s == 0.0


@pytest.mark.parametrize("name", NAMES)
def test_valve_events_in_order_and_isovolumic_phases_between_them(data, name):
    d = data[name]
    (n1, mc), (n2, ao), (n3, ac), (n4, mo) = d.valve_events
    assert (n1, n2, n3, n4) == ("MC", "AO", "AC", "MO")
    assert 0 < mc < ao < ac < mo < d.rr_ms
    assert d.isovolumic_ms == (("contraction", mc, ao), ("relaxation", ac, mo))
    # isovolumic contraction: the LV volume does not change between MC and AO (normal valves only)
    if d.cycle.eroa_cm2 == 0:
        v = d.cycle.v_lv_ml[(d.t_ms >= mc) & (d.t_ms <= ao)]
        assert np.ptp(v) < 1.0


def _qt_from_trace(t, ecg, rr_ms):
    """QT read off the trace as a reader would: QRS onset (of the next beat, one RR back) to T end."""
    edge = C.ECG_EDGE_MV
    after_p = np.flatnonzero((t > rr_ms - 70) & (np.abs(ecg) > edge))
    onset = t[after_p[0]] - rr_ms  # the next QRS leaves the baseline (the P wave has ended by then)
    t_wave = (t > 100) & (t < rr_ms - C.PR_MS - 20) & (ecg > edge)
    return t[np.flatnonzero(t_wave)[-1]] - onset


@pytest.mark.parametrize("name", ["normal", "mr-acute"])  # 72 and 100 bpm
def test_ecg_r_peak_at_the_q_and_qt_follows_the_rate(data, name):
    d = data[name]
    t, ecg = d.t_ms, d.ecg_mv
    first = t < d.rr_ms / 2
    assert abs(t[first][np.argmax(ecg[first])]) <= 5.0
    qt_ms = 0.41 * math.sqrt(d.rr_ms / 1000.0) * 1000.0
    assert d.qt_ms == pytest.approx(qt_ms, abs=0.5)
    assert _qt_from_trace(t, ecg, d.rr_ms) == pytest.approx(qt_ms, abs=5.0)
    # P wave centred PR - 40 ms before the next R; QRS 80-100 ms wide
    p = (t > d.rr_ms - 250) & (t < d.rr_ms - 60)
    assert t[p][np.argmax(ecg[p])] == pytest.approx(d.rr_ms - C.PR_MS + 40.0, abs=3.0)
    assert 80.0 <= 2 * abs(d.qrs_onset_ms) <= 100.0


def test_ecg_template_amplitudes_and_bad_rr():
    t = np.arange(-200.0, 600.0)
    ecg, _, _ = ecg_template(t, 1000.0)
    assert ecg.max() == pytest.approx(1.0, abs=0.02) and ecg.min() == pytest.approx(-0.25, abs=0.03)
    with pytest.raises(ParameterError, match="rr_ms must be above 0"):
        ecg_template(t, 0.0)


@pytest.mark.parametrize("name", ["normal", "mr-mild", "mr-severe"])
def test_heard_m1_and_a2_line_up_with_the_model_closures(data, name):
    d = data[name]
    assert abs(d.heard_ms["M1"] - d.cycle.m1_ms) <= 15.0
    assert abs(d.heard_ms["A2"] - d.cycle.a2_ms) <= 15.0


def test_the_heard_beat_is_the_sound_that_plays_cut_at_its_q(data):
    d = data["mr-severe"]
    y, tl = synthesize("mr-severe")
    beat = next(b for b in tl.beats if b.index == d.heard.beats[0].index)
    assert beat.q_s >= C.FADE_MS / 1000.0 and beat.index >= 1  # after the fade-in
    i0 = int(round(beat.q_s * d.sr))
    np.testing.assert_array_equal(d.pcg_y, y[i0 : i0 + len(d.pcg_y)])
    assert d.heard_ms["A2"] == pytest.approx((beat.event("A2").time_s - beat.q_s) * 1000.0)


def test_a_short_case_still_has_a_heard_beat():
    d = wiggers_data(dataclasses.replace(get_preset("normal").case, duration_s=1.0))
    assert d.heard.beats[0].index >= 1 and len(d.pcg_y) > 0.5 * d.sr


# --- the figure -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["normal", "mr-severe", "mr-acute"])
def test_five_panels_on_one_time_axis_with_the_valve_events(figures, data, name):
    fig, d = figures[name], data[name]
    assert [ax.get_gid() for ax in fig.axes] == PANELS
    for ax in fig.axes:
        assert ax.get_xlim() == pytest.approx((0.0, d.rr_ms))
        lines = {ln.get_gid(): ln.get_xdata()[0] for ln in ax.lines if (ln.get_gid() or "").startswith("valve:")}
        assert lines == pytest.approx({f"valve:{n}": t for n, t in d.valve_events})
        spans = [p for p in ax.patches if p.get_gid() == "isovolumic"]
        assert len(spans) == 2
    labels = {t.get_text(): t.get_position()[0] for t in fig.axes[0].texts if t.get_gid().startswith("valve-label")}
    assert labels == pytest.approx(dict(d.valve_events))
    phases = sorted(t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("phase-label"))
    assert phases == ["diastole", "systole"]
    assert get_preset(name).case.describe() in fig.texts[0].get_text()


@pytest.mark.parametrize("name", ["normal", "mr-severe", "mr-acute"])
def test_regurgitant_flow_and_its_numbers_only_in_mr(figures, name):
    fig = figures[name]
    flow = fig.axes[PANELS.index("flow")]
    gids = {ln.get_gid() for ln in flow.lines}
    mr = name != "normal"
    assert "q_mitral" in gids and ("q_regurgitant" in gids) == mr
    title = fig.texts[0].get_text()
    assert ("EROA" in title and "regurgitant fraction" in title) == mr


@pytest.mark.parametrize("name", ["normal", "mr-severe", "mr-acute"])
def test_heard_sounds_named_and_no_text_overlaps(figures, name):
    fig = figures[name]
    pcg = fig.axes[PANELS.index("pcg")]
    big = [t.get_text() for t in pcg.texts if t.get_gid().startswith("label:")]
    assert big[:2] == ["S1", "S2"] and ("S3" in big) == (name != "normal")
    renderer = fig.canvas.get_renderer()
    texts = [t for ax in fig.axes for t in ax.texts] + list(fig.texts)
    boxes = [t.get_window_extent(renderer) for t in texts if t.get_text()]
    for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2):
        assert not a.overlaps(b), (texts[i].get_text(), texts[j].get_text())
    figure_box = fig.bbox
    assert all(figure_box.x0 <= b.x0 and b.x1 <= figure_box.x1 + 1 for b in boxes)


def test_a_disagreement_between_sound_and_model_is_said_under_the_figure(figures):
    notes = [t.get_text() for t in figures["mr-acute"].texts if t.get_gid() == "note"]
    assert "heard A2" in " ".join(notes)
    assert not [t for t in figures["normal"].texts if t.get_gid() == "note"]


def test_a_case_the_model_does_not_cover_is_refused_in_one_sentence():
    with pytest.raises(ParameterError, match="covers normal heart and mitral regurgitation only, not finding 'mvp'"):
        wiggers_figure("mvp")
    with pytest.raises(ParameterError, match="heart_rate_bpm must be between 40 and 150"):
        wiggers_figure(dataclasses.replace(get_preset("normal").case, heart_rate_bpm=180.0))


# --- command line and lecture ----------------------------------------------------------------------------------


def test_cli_writes_a_real_png_and_refuses_mvp_in_one_line(tmp_path, monkeypatch, capsys):
    from PIL import Image

    out = tmp_path / "x.png"
    assert main(["wiggers", "mr-severe", "--save", str(out)]) == 0
    assert f"wrote {out.resolve()}" in capsys.readouterr().out
    with Image.open(out) as im:
        assert im.width > 1000 and len(im.convert("RGB").getcolors(maxcolors=1 << 20)) > 200
    monkeypatch.chdir(tmp_path)
    assert main(["wiggers", "mvp"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("murmur: error: the circulation model covers")
    assert not list(tmp_path.glob("mvp*"))


def test_lecture_bundle_has_the_wiggers_diagram_where_the_model_covers_the_case(tmp_path):
    folders = write_lecture(["mr-mild", "mvp"], tmp_path, changes={"duration_s": 2.0}, wiggers=write_wiggers_figure)
    mild, mvp = folders
    png = mild / "mr-mild-wiggers.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "`mr-mild-wiggers.png`: Wiggers diagram" in (mild / "README.md").read_text()
    assert not list(mvp.glob("*wiggers*"))
    assert "No Wiggers diagram for this case" in (mvp / "README.md").read_text()
