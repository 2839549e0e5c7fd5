"""The Wiggers diagram of a case: one beat of the circulation model over the beat that is heard.

Five panels on one time axis from the ECG Q: the ECG, the aortic, LV and LA
pressures, the LV volume, the mitral flows, and the heard beat with its sounds
named; the valve events cross every panel. What is drawn is computed, without
matplotlib, by :func:`murmur.view.wiggersdata.wiggers_data`.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from .. import clinical as C
from ..case import Case
from ..errors import ParameterError
from .labels import event_labels, place_labels, stagger, wrap_title
from .style import AXLABEL_PT, DIASTOLE_COLOUR, DPI, MAIN_PT, SUB_PT, SYSTOLE_COLOUR, TICK_PT, TITLE_LINE_IN, TITLE_PT
from .wiggersdata import WiggersData, wiggers_data

__all__ = ["wiggers_figure"]

#: Panels top to bottom: (gid, height in, y label).
_WIGGERS_PANELS = (
    ("ecg", 1.05, "ECG\n(mV)"),
    ("pressure", 2.7, "pressure\n(mmHg)"),
    ("volume", 1.35, "LV volume\n(mL)"),
    ("flow", 1.6, "mitral flow\n(mL/s)"),
    ("pcg", 1.7, "heard\nsound"),
)
_W_WIDTH_IN, _W_LEFT_IN, _W_RIGHT_IN, _W_GAP_IN = 12.0, 1.35, 2.75, 0.12
_W_TITLE_IN, _W_BAND_IN, _W_BOTTOM_IN, _W_NOTE_IN = 0.8, 0.9, 0.62, 0.26
_W_TITLE_CHARS = 104  # characters of title that fit the Wiggers figure
# Okabe & Ito colours: aorta vermillion, LV black, LA and mitral inflow blue, regurgitation orange.
_W_COLOUR = {"ao": "#D55E00", "lv": "0.1", "la": "#0072B2", "mitral": "#0072B2", "mr": "#E69F00"}
_ISOVOLUMIC_COLOUR = "0.6"
#: A heard S2 further than this from the model's AC gets a note under the figure, ms.
_W_AGREE_MS = 15.0


def _above(ax, pts: float):
    """x in data, y ``pts`` points above the top of ``ax``."""
    up = ax.transAxes + ScaledTranslation(0, pts / 72.0, ax.figure.dpi_scale_trans)
    return blended_transform_factory(ax.transData, up)


def _wiggers_top_band(ax, data: WiggersData) -> None:
    """Valve events above the top panel (in two rows when close), systole and diastole above them."""
    events = data.valve_events
    pt_per_ms = (_W_WIDTH_IN - _W_LEFT_IN - _W_RIGHT_IN) * 72.0 / data.rr_ms
    widths = [0.8 * len(n) * MAIN_PT for n, _ in events]  # bold capitals
    rows = stagger([t * pt_per_ms for _, t in events], widths, gap=4.0, max_levels=2)
    for (name, t), row in zip(events, rows, strict=True):
        ax.text(t, 1.0, name, transform=_above(ax, 3 + row * 1.15 * MAIN_PT), ha="center", va="bottom",
                fontsize=MAIN_PT, weight="bold", gid=f"valve-label:{name}")  # fmt: skip
    c, y_pt = data.cycle, 8 + (max(rows) + 1) * 1.15 * MAIN_PT
    for name, a, b, colour in (
        ("diastole", 0.0, c.m1_ms, DIASTOLE_COLOUR),
        ("systole", c.m1_ms, c.a2_ms, SYSTOLE_COLOUR),
        ("diastole", c.a2_ms, data.rr_ms, DIASTOLE_COLOUR),
    ):
        ax.plot([a + 2, b - 2], [1.0, 1.0], transform=_above(ax, y_pt), color=colour, lw=4, solid_capstyle="butt",
                clip_on=False, gid=f"phase:{name}")  # fmt: skip
        if (b - a) * pt_per_ms > 0.62 * len(name) * (SUB_PT + 1) + 8:
            ax.text((a + b) / 2, 1.0, name, transform=_above(ax, y_pt + 4), ha="center", va="bottom",
                    fontsize=SUB_PT + 1, weight="bold", color="0.2", gid=f"phase-label:{name}")  # fmt: skip


def _wiggers_pcg(ax, data: WiggersData) -> None:
    """The heard beat, its sounds named at the top of the panel (rows when crowded)."""
    y = data.pcg_y
    peak = float(np.max(np.abs(y))) or 1.0
    ax.plot(data.pcg_t_ms, y, color="0.1", lw=0.6, gid="pcg", zorder=2)
    ax.set_ylim(-1.1 * peak, 2.4 * peak)  # the top holds the labels
    ax.set_yticks([])
    pt_per_s = (_W_WIDTH_IN - _W_LEFT_IN - _W_RIGHT_IN) * 72.0 / (data.rr_ms / 1000.0)
    rr_s = data.heard.beats[0].rr_s
    labels, rows = place_labels(event_labels(data.heard, 0.0, rr_s), pt_per_s, main_pt=MAIN_PT, sub_pt=SUB_PT)
    for e in data.heard.beats[0].events:
        ax.axvline(e.time_s * 1000.0, color="0.35", lw=0.8, ls=(0, (2, 2)), zorder=1, gid=f"heard-line:{e.kind}")
    xa = blended_transform_factory(ax.transData, ax.transAxes)
    bbox = dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.85)
    # rows hang down from the top, each as tall as its big label and its longest small one
    heights = [
        max((1.2 * MAIN_PT + 1.18 * SUB_PT * lb.n_sub_lines for lb, r in zip(labels, rows, strict=True) if r == k),
            default=0.0)
        for k in range(max(rows, default=0) + 1)
    ]  # fmt: skip
    for lb, row in zip(labels, rows, strict=True):
        at = dict(xy=(lb.time_s * 1000.0, 1.0), xycoords=xa, textcoords="offset points", ha=lb.ha, va="top")
        y_pt = -4 - sum(heights[:row])
        ax.annotate(lb.text, xytext=(0, y_pt), fontsize=MAIN_PT, weight="bold", bbox=bbox, gid=f"label:{lb.text}",
                    **at)  # fmt: skip
        if lb.sub:
            ax.annotate(lb.sub, xytext=(0, y_pt - 1.2 * MAIN_PT), fontsize=SUB_PT, linespacing=1.0, color="0.25",
                        bbox=bbox, gid=f"sub:{lb.text}", **at)  # fmt: skip


def _wiggers_notes(data: WiggersData) -> list[str]:
    """Where the figure does not agree with itself, one sentence each (shown under it)."""
    c, notes = data.cycle, []
    if c.a2_ms - c.aortic_closure_ms > 5.0:
        notes.append(
            "AC is drawn at the clinical A2 (the model's, held back by the QS2 clamp of docs/circulation.md); "
            f"the model's LV pressure already falls below the aortic {c.a2_ms - c.aortic_closure_ms:.0f} ms earlier."
        )
    heard_a2 = data.heard_ms.get("A2")
    if heard_a2 is not None and abs(heard_a2 - c.a2_ms) > _W_AGREE_MS:
        notes.append(
            f"The heard A2 is {abs(heard_a2 - c.a2_ms):.0f} ms {'after' if heard_a2 > c.a2_ms else 'before'} "
            "AC: the sound's timing does not yet follow the circulation model in this case."
        )
    return notes


def wiggers_figure(case: Case | str, *, fig: Figure | None = None) -> Figure:
    """The Wiggers diagram of a case: one beat of the circulation model over the beat that is heard.

    Five panels share one time axis in ms after the ECG Q (``fig.axes``,
    gids ``'ecg'``, ``'pressure'``, ``'volume'``, ``'flow'``, ``'pcg'``): the
    ECG; aortic, LV and LA pressure (mmHg); LV volume (mL); flow through the
    mitral valve and, in MR only, through the regurgitant orifice (mL/s,
    positive LV to LA); and the heard beat with its sounds named (S1 "M1 T1",
    S2 "A2 P2", S3, S4, click). Thin lines across every panel mark the valve
    events MC (mitral closure, M1), AO (aortic opening), AC (aortic closure,
    A2) and MO (mitral opening), named above the top panel with systole and
    diastole; the isovolumic phases (MC to AO, AC to MO) are shaded grey.
    The title is the case's description, with EROA, RVol and RF in MR. What
    is drawn is computed by :func:`murmur.view.wiggersdata.wiggers_data`.

    Parameters
    ----------
    case : Case or str
        The case, or a preset name.
    fig : Figure, keyword-only
        An empty figure to draw into (default: a new Figure without pyplot,
        12 in wide, 150 dpi).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ParameterError
        The circulation model does not cover the case (mitral valve prolapse,
        a rate outside 40-150 bpm), from
        :func:`murmur.physio.circulation.case_model`; or ``fig`` is not empty.

    Examples
    --------
    >>> fig = wiggers_figure("mr-severe")
    >>> [ax.get_gid() for ax in fig.axes]
    ['ecg', 'pressure', 'volume', 'flow', 'pcg']
    >>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_gid().startswith("valve-label"))
    ['AC', 'AO', 'MC', 'MO']
    """
    data = wiggers_data(case)
    case, c = data.case, data.cycle
    fig = fig if fig is not None else Figure(dpi=DPI)
    if fig.axes:
        raise ParameterError("fig must be an empty figure; got one that already has axes.", param="fig")
    notes = [line for note in _wiggers_notes(data) for line in textwrap.wrap(note, 120)]
    panels_in = sum(h for _, h, _ in _WIGGERS_PANELS) + _W_GAP_IN * (len(_WIGGERS_PANELS) - 1)
    title = f"{case.describe()}\nWiggers diagram: one beat of the circulation model over the heard beat"
    if c.eroa_cm2 > 0:
        title = (
            f"{case.describe()}\nWiggers diagram; EROA {c.eroa_cm2:.2f} cm\u00b2, regurgitant volume "
            f"{c.regurgitant_volume_ml:.0f} mL, regurgitant fraction {100 * c.regurgitant_fraction:.0f} %"
        )
    title_lines = wrap_title(title.split("\n"), width=_W_TITLE_CHARS)
    title = "\n".join(title_lines)
    title_in = _W_TITLE_IN + TITLE_LINE_IN * max(len(title_lines) - 2, 0)
    height = title_in + _W_BAND_IN + panels_in + _W_BOTTOM_IN + _W_NOTE_IN * len(notes)
    fig.set_size_inches(_W_WIDTH_IN, height)
    x0, w = _W_LEFT_IN / _W_WIDTH_IN, (_W_WIDTH_IN - _W_LEFT_IN - _W_RIGHT_IN) / _W_WIDTH_IN
    top = height - title_in - _W_BAND_IN
    axes: dict[str, Axes] = {}
    for gid, h, ylabel in _WIGGERS_PANELS:
        top -= h
        ax = fig.add_axes((x0, top / height, w, h / height), sharex=axes.get("ecg"))
        top -= _W_GAP_IN
        ax.set_gid(gid)
        ax.set_ylabel(ylabel, fontsize=AXLABEL_PT)
        ax.tick_params(labelsize=TICK_PT, labelbottom=gid == "pcg")
        for _, a, b in data.isovolumic_ms:
            ax.axvspan(a, b, color=_ISOVOLUMIC_COLOUR, alpha=0.22, lw=0, zorder=0, gid="isovolumic")
        for name, t_ms in data.valve_events:
            ax.axvline(t_ms, color="0.3", lw=0.9, zorder=1, gid=f"valve:{name}")
        axes[gid] = ax
    t = data.t_ms
    ax = axes["ecg"]
    ax.plot(t, data.ecg_mv, color="0.1", lw=1.4, gid="ecg")
    ax.set_ylim(-0.45, 1.25)
    ax.set_yticks([0, 1])
    rr = data.rr_ms
    waves = [("T", data.t_peak_ms), ("P", rr - C.PR_MS + C.ECG_P_AFTER_PR_START_MS), ("R", rr)]
    for name, at_ms in [w for w in waves if w[0] != "P" or data.case.rhythm == "sinus"]:  # no P wave in AF
        i = int(np.argmin(np.abs(t - at_ms)))
        right = name == "R"  # the next beat's R, at the right edge
        ax.annotate(name, xy=(t[i], data.ecg_mv[i]), xytext=(-6 if right else 0, -2 if right else 4),
                    textcoords="offset points", ha="right" if right else "center", va="top" if right else "bottom",
                    fontsize=SUB_PT, color="0.3", gid=f"ecg-label:{name}")  # fmt: skip
    ax = axes["pressure"]
    for key, trace, label in (
        ("ao", c.p_ao_mmhg, "aorta"), ("lv", c.p_lv_mmhg, "left ventricle"), ("la", c.p_la_mmhg, "left atrium"),
    ):  # fmt: skip
        ax.plot(t, trace, color=_W_COLOUR[key], lw=2.0, label=label, gid=f"p_{key}")
    ax.set_ylim(0, max(140.0, 1.08 * float(c.p_lv_mmhg.max())))
    if c.eroa_cm2 > 0:  # the v wave: the LA filled from the LV as well as the veins
        i = int(np.argmax(np.where((t > c.m1_ms) & (t < c.mitral_opening_ms), c.p_la_mmhg, -np.inf)))
        ax.annotate(f"v wave {c.p_la_mmhg[i]:.0f} mmHg", xy=(t[i], c.p_la_mmhg[i]), xytext=(18, 22),
                    textcoords="offset points", fontsize=SUB_PT, color=_W_COLOUR["la"], gid="v-wave",
                    bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.85),
                    arrowprops=dict(arrowstyle="-", color=_W_COLOUR["la"], lw=0.8))  # fmt: skip
    ax = axes["volume"]
    ax.plot(t, c.v_lv_ml, color=_W_COLOUR["lv"], lw=2.0, gid="v_lv")
    lo, hi = float(c.v_lv_ml.min()), float(c.v_lv_ml.max())
    ax.set_ylim(lo - 0.15 * (hi - lo), hi + 0.2 * (hi - lo))
    ax.set_yticks([round(lo), round(hi)])
    ax = axes["flow"]
    ax.axhline(0, color="0.5", lw=0.6, zorder=1)
    ax.plot(t, c.q_mitral_ml_s, color=_W_COLOUR["mitral"], lw=2.0, label="mitral valve (LA to LV)", gid="q_mitral")
    if c.eroa_cm2 > 0:
        ax.plot(t, c.q_regurgitant_ml_s, color=_W_COLOUR["mr"], lw=2.0, label="regurgitant (LV to LA)",
                gid="q_regurgitant")  # fmt: skip
    ax.yaxis.set_major_locator(MaxNLocator(3))
    _wiggers_pcg(axes["pcg"], data)
    axes["pcg"].set_xlabel("time after the ECG Q (ms)", fontsize=AXLABEL_PT)
    axes["ecg"].set_xlim(0.0, data.rr_ms)
    _wiggers_top_band(axes["ecg"], data)
    legend: dict[str, Any] = dict(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=SUB_PT + 1,
                                  handlelength=1.4, borderaxespad=0.0)  # fmt: skip
    iso = "isovolumic\ncontraction (MC-AO)\nand relaxation\n(AC-MO)"
    handles = [Patch(color=_ISOVOLUMIC_COLOUR, alpha=0.4, label=iso)]
    axes["ecg"].legend(handles=handles, **legend)
    axes["pressure"].legend(**legend)
    axes["flow"].legend(**legend)
    x_text = 0.25 / _W_WIDTH_IN  # title and notes start near the left edge: they are long lines
    fig.suptitle(title, x=x_text, y=1 - 0.12 / height, ha="left", va="top", fontsize=TITLE_PT, linespacing=1.3)
    for i, note in enumerate(notes):
        y_note = (_W_NOTE_IN * (len(notes) - i) - 0.06) / height
        fig.text(x_text, y_note, note, fontsize=SUB_PT - 1, color="0.25", va="top", gid="note")
    return fig
