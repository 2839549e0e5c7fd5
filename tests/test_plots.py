"""Figures: panels and title, labels from the Timeline, systole to the pixel, the murmur band, scales, files."""

import dataclasses
import itertools
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402

from murmur import Case, ParameterError, build_timeline, get_preset, synthesize  # noqa: E402
from murmur.teach.lecture import write_lecture  # noqa: E402
from murmur.view import case_figure, compare_figure, save_figure, write_case_figure  # noqa: E402
from murmur.view.figures import SPEC_RANGE_DB, SPEC_TOP_DB  # noqa: E402
from murmur.view.labels import stagger  # noqa: E402
from murmur.view.plotdata import band_brackets, phase_spans  # noqa: E402
from murmur.view.spectrogram import spectrogram_db  # noqa: E402

#: Cases whose figures must label everything legibly: the presets a lecture
#: uses, plus the crowded ones (S4 50-70 ms before S1 with a 60 ms split, AF,
#: 150 bpm).
CROWDED = {
    "s4-teaching": Case(finding="mr", mr_severity="severe", grade=4, s3=True, s4=True, split_mode="teaching"),
    "fast": Case(finding="mr", mr_severity="severe", grade=4, s3=True, heart_rate_bpm=150),
}
CASES = {name: get_preset(name).case for name in ("mr-moderate", "mr-severe", "mvp", "normal", "mr-af")} | CROWDED
#: The circulation model's sound (issue 11): its figure keeps every promise too.
CASES["mr-severe-physiological"] = dataclasses.replace(get_preset("mr-severe").case, model="physiological")


@pytest.fixture(scope="module")
def figures():
    """One default figure per case, with its signal and timeline (built once)."""
    out = {}
    for name, case in CASES.items():
        y, tl = synthesize(dataclasses.replace(case, duration_s=5.0))
        out[name] = (case_figure(case, y=y, timeline=tl, title=name), y, tl)
    return out


def shown_s(fig):
    return fig.axes[0].get_xlim()[1]


def events_in(tl, t1_s):
    return [e for b in tl.beats for e in b.events if 0 <= e.time_s <= t1_s]


# --- panels and title -------------------------------------------------------------------------------------------


def test_two_panels_share_time_with_a_colour_bar_and_a_full_title(figures):
    fig, _, tl = figures["mr-moderate"]
    case = CASES["mr-moderate"]
    wave, spec, cbar = fig.axes
    assert [ax.get_gid() for ax in fig.axes] == ["waveform", "spectrogram", "colorbar"]
    assert spec.get_shared_x_axes().joined(wave, spec)
    assert [im.get_gid() for im in spec.images] == ["spectrogram"]
    assert cbar.get_ylim() == (SPEC_TOP_DB - SPEC_RANGE_DB, SPEC_TOP_DB)
    assert spec.get_ylim() == (0.0, 1000.0) and spec.get_ylabel() == "frequency (Hz)"
    title = fig.get_suptitle()
    assert case.describe() in title and case.listening() in title and title.startswith("mr-moderate: ")
    for piece in ("moderate mitral regurgitation", "grade 3/6", "72 bpm", "realistic S2 split", "apex", "headphones"):
        assert piece in title
    # Readable when projected: about 12 x 7 in at 150 dpi, ticks >= 12 pt, axis labels >= 14 pt.
    w_in, h_in = fig.get_size_inches()
    assert w_in == 12 and 6 <= h_in <= 8 and fig.dpi == 150
    for ax in (wave, spec):
        assert min(t.get_fontsize() for t in ax.get_xticklabels() + ax.get_yticklabels()) >= 12
        assert ax.yaxis.label.get_fontsize() >= 14
    assert spec.xaxis.label.get_fontsize() >= 14


def test_default_window_is_three_cardiac_cycles(figures):
    for name in ("mr-moderate", "mr-af", "fast"):
        fig, y, tl = figures[name]
        assert shown_s(fig) == pytest.approx(tl.beats[3].q_s)
        line = fig.axes[0].get_lines()[0]
        assert len(line.get_ydata()) == round(tl.beats[3].q_s * 44100)
        assert np.array_equal(line.get_ydata(), y[: len(line.get_ydata())])


def test_synthesizing_only_the_shown_part_gives_the_same_samples():
    case = get_preset("mr-mild").case
    y, _ = synthesize(case)
    line = case_figure(case, seconds_shown=2.0).axes[0].get_lines()[0]
    assert np.allclose(line.get_ydata(), y[: 2 * 44100], atol=1e-12)


# --- labels -----------------------------------------------------------------------------------------------------


GROUPS = {"S1": ("M1", "T1"), "S2": ("A2", "P2"), "S3": ("S3",), "S4": ("S4",), "click": ("click",)}


@pytest.mark.parametrize("name", list(CASES))
def test_every_event_in_the_window_has_a_label_at_its_time(figures, name):
    fig, _, tl = figures[name]
    t1 = shown_s(fig)
    texts = [(t.get_text(), t.xy[0]) for t in fig.axes[0].texts if hasattr(t, "xy")]
    n_events = 0
    for beat in tl.beats:
        for big, kinds in GROUPS.items():
            times = [beat.event(k).time_s for k in kinds if beat.event(k) is not None]
            if not any(0 <= t <= t1 for t in times):
                continue
            n_events += len(times)
            # the big label sits between the group's first and last event (M1..T1, A2..P2), or on the event
            lo, hi = max(min(times), 0) - 1e-3, min(max(times), t1) + 1e-3
            assert [text for text, x in texts if text == big and lo <= x <= hi] == [big], (beat.index, big, texts)
            if big in ("S1", "S2") and name not in ("mr-af", "fast"):  # only crowded figures drop small labels
                small = [text for text, x in texts if text.split()[:2] == list(kinds) and lo <= x <= hi]
                split = f"\n{round(beat.split_ms)} ms" if big == "S2" else ""
                assert small == [" ".join(kinds) + split], (beat.index, big, small)
    assert n_events >= 12


@pytest.mark.parametrize("name", ["mr-moderate", "mr-severe", "mvp", "s4-teaching"])
def test_every_murmur_span_has_a_bar_and_a_label(figures, name):
    fig, _, tl = figures[name]
    ax, t1 = fig.axes[0], shown_s(fig)
    spans = [m for m in tl.murmurs() if m.start_s < t1]
    bars = [p for p in ax.patches if (p.get_gid() or "").startswith("span:")]
    labels = [t for t in ax.texts if (t.get_gid() or "").startswith("spanlabel:")]
    assert len(spans) == len(bars) == len(labels) >= 3
    for m, bar, label in zip(spans, bars, labels, strict=True):
        assert bar.get_gid() == f"span:{m.kind}" and label.get_text() == m.kind
        x = bar.get_xy()[:, 0]
        assert x.min() == pytest.approx(m.start_s) and x.max() == pytest.approx(min(m.end_s, t1))
        assert m.start_s <= label.get_position()[0] <= m.end_s
    assert {t.get_text() for t in fig.axes[0].get_legend().get_texts()} >= {m.kind for m in spans}


@pytest.mark.parametrize("name", list(CASES) + ["10 s"])
def test_labels_never_overlap_and_stay_inside_the_figure(figures, name):
    if name == "10 s":
        fig = case_figure(CASES["mr-severe"], seconds_shown=10.0)
    else:
        fig = figures[name][0]
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    page = fig.bbox
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts if t.get_text()]
    assert len(boxes) >= 6
    for a, b in itertools.combinations(boxes, 2):
        assert not a.shrunk(0.98, 0.98).overlaps(b.shrunk(0.98, 0.98)), (a, b)
    title = next(t for t in fig.texts if t.get_text() == fig.get_suptitle())
    extras = [title, fig.axes[0].get_legend(), *fig.axes[0].texts]
    extras += [ax.yaxis.label for ax in fig.axes] + [fig.axes[1].xaxis.label]
    for artist in extras:
        box = artist.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, artist
    assert all(not title.get_window_extent(renderer).overlaps(b) for b in boxes)
    # event labels sit above the waveform panel, never on the trace
    panel = fig.axes[0].get_window_extent(renderer)
    for t in fig.axes[0].texts:
        if (t.get_gid() or "").startswith(("label:", "sub:")):
            assert t.get_window_extent(renderer).y0 >= panel.y1


# --- systole and diastole ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mr-moderate", "mr-af", "fast"])
def test_systole_spans_match_the_timeline_to_one_pixel_column(figures, name):
    fig, _, tl = figures[name]
    ax, t1 = fig.axes[0], shown_s(fig)
    spans = [p for p in ax.patches if p.get_gid() == "systole"]
    beats = [b for b in tl.beats if b.event("M1").time_s < t1]
    assert len(spans) == len(beats) >= 3

    def px(t_s):
        return ax.transData.transform((t_s, 0.0))[0]

    for patch, beat in zip(spans, beats, strict=True):
        x = patch.get_transform().transform(patch.get_path().vertices)[:, 0]
        assert abs(x.min() - px(beat.event("M1").time_s)) <= 1.0
        assert abs(x.max() - px(min(beat.event("A2").time_s, t1))) <= 1.0
    # T1 is 20-30 ms (13+ px) after M1 and P2 after A2: one pixel tells them apart.
    assert px(beats[0].event("T1").time_s) - px(beats[0].event("M1").time_s) > 5
    diastole = [p for p in ax.patches if p.get_gid() == "diastole"]
    assert len(diastole) in (len(spans), len(spans) + 1)
    assert spans[0].get_facecolor()[:3] != diastole[0].get_facecolor()[:3]


def test_phase_spans_tile_the_window_and_alternate():
    tl = synthesize(Case(duration_s=4, sr=8000))[1]
    spans = phase_spans(tl, 0.0, 3.0)
    assert spans[0][1] == 0.0 and spans[-1][2] == 3.0
    assert all(a[2] == b[1] and a[0] != b[0] for a, b in itertools.pairwise(spans))
    systole = [(a, b) for p, a, b in spans if p == "systole"]
    assert systole[0] == (tl.beats[0].event("M1").time_s, tl.beats[0].event("A2").time_s)


# --- spectrogram ------------------------------------------------------------------------------------------------


def test_spectrogram_db_reads_a_sine_at_its_level_and_frequency():
    sr = 44100
    y = 0.25 * np.sin(2 * np.pi * 301.5 * np.arange(sr) / sr)
    t_s, f_hz, s_db = spectrogram_db(y, sr, hop_s=0.01)
    assert f_hz[-1] <= 1000 and np.allclose(np.diff(t_s), 441 / sr) and t_s[0] == 0
    mid = s_db[:, len(t_s) // 2]
    assert f_hz[np.argmax(mid)] == pytest.approx(301.5, abs=sr / 2048 / 2)
    # 20 log10(0.25) = -12.04 dB, less up to 1.42 dB of Hann scalloping between bins.
    assert -12.04 - 1.5 <= mid.max() <= -12.04 + 0.01
    with pytest.raises(ParameterError, match="fmax_hz must be between 0 and sr/2 = 4000 Hz; got 5000"):
        spectrogram_db(y, 8000, fmax_hz=5000)


def mid_systole_power(name):
    """Mean power spectrum (linear) over the middle 40 % of every systole of a preset."""
    y, tl = synthesize(get_preset(name).case)
    t_s, f_hz, s_db = spectrogram_db(y, 44100)
    keep = np.zeros(len(t_s), bool)
    for b in tl.beats:
        m1, a2 = b.event("M1").time_s, b.event("A2").time_s
        keep |= (t_s >= m1 + 0.3 * (a2 - m1)) & (t_s <= m1 + 0.7 * (a2 - m1))
    return f_hz, (10 ** (s_db / 10))[:, keep].mean(axis=1)


def test_mr_fills_mid_systole_with_a_150_to_600_hz_band():
    f_hz, mr = mid_systole_power("mr-moderate")
    _, normal = mid_systole_power("normal")
    band = (f_hz >= 150) & (f_hz <= 600)
    gain_db = 10 * np.log10(mr[band].mean() / normal[band].mean())
    # Measured 36 dB (grade 3 plateau against the quiet floor); 20 dB is a factor 100 in power.
    assert gain_db >= 20
    # The strongest mid-systolic bin, over all of 0-1000 Hz, lies in the band (measured 195 Hz) ...
    assert 150 <= f_hz[np.argmax(mr)] <= 600
    # ... and the band holds most of the 0-1000 Hz power (measured 0.8).
    assert mr[band].sum() / mr.sum() > 0.6


def test_spectrogram_image_spans_the_window_on_the_fixed_scale(figures):
    fig, _, _ = figures["mr-moderate"]
    image = fig.axes[1].images[0]
    left, right, bottom, top = image.get_extent()
    assert left <= 0.0 and right >= shown_s(fig) - 0.01 and bottom <= 0 and top >= 990
    assert image.get_clim() == (SPEC_TOP_DB - SPEC_RANGE_DB, SPEC_TOP_DB)


def band_marks(ax):
    """The band brackets beside a spectrogram panel and their labels."""
    lines = [line for line in ax.lines if (line.get_gid() or "").startswith("band:")]
    texts = [t for t in ax.texts if (t.get_gid() or "").startswith("band-label:")]
    return lines, texts


def test_a_normal_figure_has_no_band_bracket(figures):
    fig, _, tl = figures["normal"]
    assert tl.murmurs() == []
    assert band_marks(fig.axes[1]) == ([], [])


@pytest.mark.parametrize("name", ["mr-moderate", "mr-severe", "mr-severe-physiological", "mvp"])
def test_each_murmur_band_shown_has_one_bracket_at_the_spans_own_band(figures, name):
    fig, _, tl = figures[name]
    ax = fig.axes[1]
    spans = [m for m in tl.murmurs() if m.start_s < shown_s(fig)]
    want = {(getattr(m, "label", "") or m.kind, m.band_hz) for m in spans}
    lines, texts = band_marks(ax)
    # one bracket per band, though each of the three beats shown has its spans
    assert len(lines) == len(texts) == len(want) < len(spans)
    got = {(line.get_gid().removeprefix("band:"), (min(line.get_ydata()), max(line.get_ydata()))) for line in lines}
    assert got == want  # the span's own band: the circulation model's (134-308 Hz) is not clinical's (150-390 Hz)
    bars = {p.get_gid().removeprefix("span:"): p.get_facecolor()[:3] for p in fig.axes[0].patches
            if (p.get_gid() or "").startswith("span:")}  # fmt: skip
    for line, text in zip(lines, texts, strict=True):
        label = line.get_gid().removeprefix("band:")
        assert text.get_gid() == f"band-label:{label}" and text.get_text().startswith(label)
        kind = next(m.kind for m in spans if (getattr(m, "label", "") or m.kind) == label)
        assert matplotlib.colors.to_rgb(line.get_color()) == pytest.approx(bars[kind])  # the colour of its bars
    # the labels sit beside the panel, inside its height, clear of each other and of the colour bar
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    panel, cbar = ax.get_window_extent(renderer), fig.axes[2].get_window_extent(renderer)
    boxes = [t.get_window_extent(renderer) for t in texts]
    for box in boxes:
        assert panel.x1 < box.x0 and box.x1 < cbar.x0 and panel.y0 - 1 <= box.y0 and box.y1 <= panel.y1 + 1
    assert not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))


def test_band_brackets_are_for_the_spans_in_the_window_and_below_the_top():
    tl = build_timeline(get_preset("mr-severe").case)
    murmur = tl.murmurs("murmur")[0]
    assert band_brackets(tl, 0.0, murmur.start_s, fmax_hz=1000.0) == []  # before the first murmur
    # to the end of the first systolic murmur: its band only (the rumble comes after A2)
    only = band_brackets(tl, 0.0, murmur.end_s, fmax_hz=1000.0)
    assert [(b.kind, b.lo_hz, b.hi_hz) for b in only] == [("murmur", *murmur.band_hz)]
    # a band starting at or above the top of the spectrogram has none
    assert [b.kind for b in band_brackets(tl, 0.0, 3.0, fmax_hz=murmur.band_hz[0])] == ["rumble"]


def test_overlapping_bands_of_one_label_make_one_bracket_over_their_union():
    case = dataclasses.replace(get_preset("mr-af").case, model="physiological", duration_s=8.0)
    tl = build_timeline(case)
    bands = {m.band_hz for m in tl.murmurs("murmur")}
    assert len(bands) >= 2  # in AF the model's jet band follows each beat's RR ...
    assert max(lo for lo, _ in bands) < min(hi for _, hi in bands)  # ... and the bands overlap
    (bracket,) = [b for b in band_brackets(tl, 0.0, 8.0, fmax_hz=1000.0) if b.kind == "murmur"]
    assert (bracket.lo_hz, bracket.hi_hz) == (min(lo for lo, _ in bands), max(hi for _, hi in bands))


# --- compare ----------------------------------------------------------------------------------------------------


def test_compare_figure_uses_one_time_amplitude_and_colour_scale():
    names = ["normal", "mr-mild", "mr-severe"]
    fig = compare_figure([get_preset(n).case for n in names], names=names)
    waves = [ax for ax in fig.axes if ax.get_gid() == "waveform"]
    specs = [ax for ax in fig.axes if ax.get_gid() == "spectrogram"]
    assert len(waves) == len(specs) == 3 and len(fig.axes) == 9
    assert len({ax.get_ylim() for ax in waves}) == 1
    assert len({ax.get_xlim() for ax in waves + specs}) == 1
    assert len({ax.images[0].get_clim() for ax in specs}) == 1
    assert [ax.get_title(loc="left") for ax in waves] == names
    assert [len(band_marks(ax)[0]) for ax in specs] == [0, 1, 2]  # normal none; mild its murmur; severe the rumble too
    # the severe case is the loudest, and the shared scale shows all of it
    peak = max(np.abs(ax.get_lines()[0].get_ydata()).max() for ax in waves)
    assert waves[0].get_ylim()[1] == pytest.approx(1.05 * peak)


def test_compare_figure_refuses_bad_input():
    with pytest.raises(ParameterError, match="1 to 6 cases; got 0"):
        compare_figure([])
    with pytest.raises(ParameterError, match="one entry per case"):
        compare_figure([Case()], names=["a", "b"])


def test_figure_options_are_checked():
    with pytest.raises(ParameterError, match=r"seconds_shown must be between 0.1 and 2 s .*got 3"):
        case_figure(Case(duration_s=2), seconds_shown=3)
    with pytest.raises(ParameterError, match=r"between 0.1 and 60 s .*got 61"):
        case_figure(Case(duration_s=100), seconds_shown=61)
    with pytest.raises(ParameterError, match="seconds_shown"):
        case_figure(Case(), seconds_shown=True)
    from matplotlib.figure import Figure

    used = Figure()
    used.add_subplot()
    with pytest.raises(ParameterError, match="empty figure"):
        case_figure(Case(duration_s=1), fig=used)


# --- files ------------------------------------------------------------------------------------------------------

MAGIC = {".png": (b"\x89PNG\r\n\x1a\n",), ".svg": (b"<?xml", b"<svg"), ".pdf": (b"%PDF-",)}


@pytest.fixture(scope="module")
def small_figure():
    return case_figure(Case(duration_s=2, sr=8000))


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf", ".PNG"])
def test_save_figure_writes_each_format_atomically_and_reproducibly(tmp_path, small_figure, suffix):
    dpi = 30  # the format and the atomic write, not the resolution
    path = save_figure(small_figure, tmp_path / f"fig{suffix}", dpi=dpi)
    data = path.read_bytes()
    assert path == tmp_path / f"fig{suffix}" and data.startswith(MAGIC[suffix.lower()])
    assert len(data) > 10_000
    assert [p.name for p in tmp_path.iterdir()] == [f"fig{suffix}"]  # no temporary file left
    assert save_figure(small_figure, tmp_path / f"again{suffix}", dpi=dpi).read_bytes() == data
    assert small_figure.axes  # not closed or cleared


def test_save_figure_refuses_bad_paths_in_one_sentence(tmp_path, small_figure):
    with pytest.raises(ParameterError, match=r"must end in \.png, \.svg or \.pdf; got '\.jpg'"):
        save_figure(small_figure, tmp_path / "fig.jpg")
    with pytest.raises(ParameterError, match="got no suffix"):
        save_figure(small_figure, tmp_path / "fig")
    with pytest.raises(ParameterError, match="folder .* does not exist; create it or choose another path"):
        save_figure(small_figure, tmp_path / "missing" / "fig.png")
    (tmp_path / "a-file").write_text("")
    with pytest.raises(ParameterError, match="needs .*a-file' to be a folder, but it is a file; choose another path"):
        save_figure(small_figure, tmp_path / "a-file" / "fig.png")


def test_save_figure_refuses_an_unwritable_folder(tmp_path, small_figure, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.geteuid() == 0:  # root may write anywhere: make the folder read-only as far as access() says
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: False if p == locked else real_access(p, mode))
    try:
        with pytest.raises(ParameterError, match="is not writable; choose another path"):
            save_figure(small_figure, locked / "fig.png")
    finally:
        locked.chmod(0o700)
    assert list(locked.iterdir()) == []


def test_save_figure_turns_a_failed_temp_file_into_parameter_error(tmp_path, small_figure, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    expect = r"figure '.*fig\.png' cannot be written \(Permission denied\); choose another path\."
    with pytest.raises(ParameterError, match=expect):
        save_figure(small_figure, tmp_path / "fig.png")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_save_leaves_nothing_behind(tmp_path, small_figure, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(small_figure, "savefig", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        save_figure(small_figure, tmp_path / "fig.png")
    assert list(tmp_path.iterdir()) == []


def test_write_case_figure_checks_the_path_first_and_fits_the_lecture_hook(tmp_path, monkeypatch):
    import murmur.sound.synth

    def no_synthesis(case):
        raise AssertionError("synthesized before checking the path")

    with monkeypatch.context() as m:
        m.setattr(murmur.sound.synth, "synthesize", no_synthesis)
        with pytest.raises(ParameterError, match="must end in"):
            write_case_figure(Case(), tmp_path / "x.bmp")
    out = write_case_figure(Case(duration_s=2, sr=8000), tmp_path / "c.svg", title="demo")
    assert out.read_bytes()[:5] == b"<?xml" and b"demo: normal heart" in out.read_bytes()
    folders = write_lecture(["mvp"], tmp_path / "lec", changes={"duration_s": 3.0}, figure=write_case_figure, say=str)
    png = folders[0] / "mvp.png"
    assert png.read_bytes().startswith(b"\x89PNG") and "mvp.png" in (folders[0] / "README.md").read_text()


# --- pure helpers -----------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 100), st.floats(0.1, 20), st.floats(0, 20), st.integers(0, 2)), min_size=1, max_size=30
    )
)
def test_stagger_never_overlaps_labels_in_one_row(items):
    centres = [c for c, _, _, _ in items]
    widths = [(w, s) for _, w, s, _ in items]
    levels = stagger(centres, widths, gap=1.0, max_levels=len(items), priority=[p for *_, p in items])
    for i, j in itertools.combinations(range(len(items)), 2):
        if levels[i] == levels[j]:
            for lane in (0, 1):
                wi, wj = widths[i][lane], widths[j][lane]
                if wi > 0 and wj > 0:
                    assert abs(centres[i] - centres[j]) >= (wi + wj) / 2 + 1.0 - 1e-9
    # labels are placed by priority, then left to right: the first placed always gets the first row
    first = min(range(len(items)), key=lambda i: (items[i][3], centres[i], i))
    assert levels[first] == 0


def test_the_longest_listening_line_wraps_inside_the_figure():
    # How a case is heard runs to 125 characters with no "; " (issue 12's page showed it cut at the right edge).
    case = Case(site="rusb", speaker="laptop", background="clinic", duration_s=1, sr=8000)
    fig = case_figure(case, seconds_shown=1, title="normal")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    title = next(t for t in fig.texts if t.get_text() == fig.get_suptitle())
    assert title.get_window_extent(canvas.get_renderer()).x1 <= fig.bbox.x1
    assert fig.get_suptitle().replace(",\n", ", ").endswith(case.listening())
