"""The web page's HTML text: the document, each case's section, its versions, figure and handout.

Pure text from what :mod:`murmur.teach.web.page` rendered (the cases and
versions of :mod:`murmur.teach.web.model`); every user-visible text is
escaped. The figure's alt text says what it shows (the whole sound, the beats,
which sounds are labelled, the murmur's band), for a screen reader.

The style sheet and the script are the package's files ``page.css`` and
``page.js`` beside this module, inlined into the page, so it needs no file
beside it and no network. The style: one column up to 1100 px; buttons at
least 44 px (touch targets); below 700 px the figure keeps 760 px and scrolls
sideways, so its labels stay readable on a phone; on a touch screen the
keyboard hint is not shown (a screen reader still reads it: each case is
described by it). The script is plain ES2015 with no library. What it
promises, and ``tests/test_webpage_browser.py`` checks in a real browser:

- each case's Play button plays or pauses the audio of the version shown; one
  case plays at a time;
- a playhead line crosses the waveform (black) and the spectrogram (white) at
  the audio's ``currentTime``, mapped to the figure's axes by the data
  attributes the page writer takes from the matplotlib figure
  (``data-t0``/``data-t1``: the time axis, s; ``data-x0``/``data-x1``: the
  axes' left and right edges as fractions of the image width);
- tapping or clicking the figure moves the sound to that time;
- Loop sets ``loop`` on every version of the case; the version buttons switch
  the sound and figure and keep the time and the playing state;
- with the case focused (Tab), Space plays or pauses and the left and right
  arrows move one second; where the figure is wider than the screen (a
  phone) it scrolls itself to keep the playhead in view while playing.

Nothing in the script logs to the console: a refused ``play()`` is said in the
case's status line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from importlib import resources

from ..._version import __version__
from ...case import Case
from ...physio.timeline import Timeline
from ..handout import describe_murmur, handout_parts
from .model import PageCase, PageVariant, RenderedVersion

__all__ = ["section_html", "document_html", "loudness_text"]


def _asset(name: str) -> str:
    """The text of the package file ``name`` beside this module (``page.css``, ``page.js``)."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _rich(text: str) -> str:
    """Escaped text with the handout's Markdown bold as <strong>."""
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", _e(text))


def _alt_text(name: str, case: Case, timeline: Timeline) -> str:
    """What the figure shows, for a screen reader."""
    d = case.duration_s
    beats = [b for b in timeline.beats if 0.0 <= b.q_s < d]
    kinds = {e.kind for b in beats for e in b.events if e.time_s < d}
    named = [s for s, k in (("S3", "S3"), ("S4", "S4"), ("the click", "click")) if k in kinds]
    sounds = "each S1 and S2" + "".join(f", {s}" for s in named)
    text = (
        f"{name}: waveform (top) and spectrogram (bottom, 0 to 1000 Hz) of the whole {d:g} s sound, "
        f"{len(beats)} beats. Above the waveform {sounds} is labelled; systole is shaded orange and diastole blue."
    )
    spans = timeline.murmurs()
    murmurs = [m for m in spans if m.kind == "murmur" and m.start_s < d]
    if murmurs:
        m = describe_murmur(case)
        lo, hi = murmurs[0].band_hz
        text += (
            f" A bar under each systole marks the {m.timing} {m.shape} murmur; in the spectrogram it is a band of "
            f"energy at about {lo:.0f} to {hi:.0f} Hz filling {'systole' if m.timing == 'holosystolic' else 'it'}."
        )
    else:
        text += " Between the sounds the waveform is nearly flat and the spectrogram dark: no murmur."
    if any(m.kind == "rumble" and m.start_s < d for m in spans):
        text += " A second bar after S2 marks a short diastolic rumble."
    return text


def _variant_html(i: int, j: int, name: str, v: PageVariant, r: RenderedVersion, caption: str, shown: bool) -> str:
    g = r.geometry
    data = " ".join(f'data-{k.replace("_", "-")}="{g[k]:.6f}"' for k in ("t0", "t1", "x0", "x1"))

    def head(kind: str) -> str:
        top, bottom = 100 * g[f"{kind}_top"], 100 * g[f"{kind}_bottom"]
        short = "wave" if kind == "wave" else "spec"
        return (
            f'<div class="playhead {short}" aria-hidden="true" '
            f'style="top:{top:.3f}%;height:{bottom - top:.3f}%;left:{100 * g["x0"]:.3f}%"></div>'
        )

    w, h = r.png_size
    d = v.case.duration_s
    return f"""<div class="variant" id="case-{i}-v{j}"{"" if shown else " hidden"}>
<audio controls preload="auto" aria-label="{_e(name)}, {_e(v.label)}: {d:g} s" src="{r.audio_uri}"></audio>
<p class="heard">Heard {_e(v.case.listening())}.</p>
<figure>
<div class="fig-scroll"><div class="fig" {data}>
<img src="{r.png_uri}" width="{w}" height="{h}" alt="{_e(_alt_text(name, v.case, r.timeline))}">
{head("wave")}
{head("spec")}
</div></div>
<figcaption><strong>Listen for:</strong> {_e(caption)} <span class="note">The line follows the sound; tap the figure \
to move the sound there.</span> <span class="swipe">Swipe the figure sideways; while it plays it follows the \
sound.</span></figcaption>
</figure>
</div>"""


def _handout_html(case: Case, timeline: Timeline, loudness: str) -> str:
    h = handout_parts(case, timeline)
    out = ["<h3>What to listen for</h3>", "<ul>", *[f"<li>{_rich(item)}</li>" for item in h.listen_for], "</ul>"]
    out += ["<details>", "<summary>More about this case</summary>", f"<p>{_e(h.finding)}</p>"]
    m = h.murmur
    if m.timing is None:
        out.append("<p>No murmur: the pauses between S1 and S2 (systole) and after S2 (diastole) are quiet.</p>")
    else:
        cols = ("timing", "shape", "pitch", "quality", "grade", "location", "radiation")
        cells = [getattr(m, c) or "-" for c in cols]
        out += [
            "<h3>The murmur (CirCor DigiScope vocabulary)</h3>",
            '<div class="table-scroll"><table>',
            "<tr>" + "".join(f'<th scope="col">{c}</th>' for c in cols) + "</tr>",
            "<tr>" + "".join(f"<td>{_e(x)}</td>" for x in cells) + "</tr>",
            "</table></div>",
            f"<p>{_e(h.listen_where)}</p>",
        ]
    out += ["<h3>How this recording is heard</h3>", f"<p>{_e(h.background)}</p>"]
    if loudness:
        out.append(f"<p>{_e(loudness)}</p>")
    if h.patient:
        out += ["<h3>For the patient</h3>", f"<p>{_e(h.patient)}</p>"]
    out.append("</details>")
    return "\n".join(out)


def loudness_text(gain_db: float, target_lufs: float | None) -> str:
    """The page's sentence on its loudness gain (dB) and target (LUFS); empty when there is neither.

    Examples
    --------
    >>> loudness_text(12.04, -20)[:36]
    'Loudness: +12.0 dB, set to -20 LUFS.'
    >>> loudness_text(0.0, None)
    ''
    """
    if not gain_db and target_lufs is None:
        return ""
    text = f"Loudness: {gain_db:+.1f} dB" + (f", set to {target_lufs:g} LUFS" if target_lufs is not None else "")
    return text + (
        ". Every case on this page has the same gain, so their levels still compare; the figures show the sound at "
        "murmur's fixed calibration, before this gain."
    )


def section_html(i: int, pc: PageCase, rendered: list[RenderedVersion], loudness: str) -> str:
    """The ``<section>`` of the ``i``-th case (from 1): heading, controls, versions, figures, handout.

    Ids are ``case-I`` for the section and ``case-I-vJ`` for its versions
    (from 0); the script (``page.js``) relies on
    the classes ``play``, ``loop``, ``variants``, ``variant``, ``fig``,
    ``playhead``, ``time`` and ``status``.
    """
    first = pc.variants[0].case
    caption = pc.summary or f"{first.describe()}."
    buttons = ""
    if len(pc.variants) > 1:
        items = "\n".join(
            f'<button type="button" aria-pressed="{"true" if j == 0 else "false"}" aria-controls="case-{i}-v{j}">'
            f"{_e(v.label)}</button>"
            for j, v in enumerate(pc.variants)
        )
        buttons = (
            f'<div class="variants" role="group" aria-labelledby="case-{i}-vl">'
            f'<span class="variants-label" id="case-{i}-vl">Version of {_e(pc.name)}:</span>\n{items}\n</div>'
        )
    variants = "\n".join(
        _variant_html(i, j, pc.name, v, r, caption, j == 0)
        for j, (v, r) in enumerate(zip(pc.variants, rendered, strict=True))
    )
    name = _e(pc.name)
    d = first.duration_s
    return f"""<section class="case" id="case-{i}" data-name="{name}" tabindex="0" aria-labelledby="case-{i}-h" \
aria-describedby="keys">
<h2 id="case-{i}-h">{name}</h2>
<p class="describe">{_e(first.describe())}</p>
<div class="controls">
<button type="button" class="play" aria-label="Play {name}"><span class="icon" aria-hidden="true">\u25b6</span> \
<span class="label">Play</span></button>
<button type="button" class="loop" aria-pressed="false">Loop</button>
<span class="time" aria-hidden="true">0.0 / {d:.1f} s</span>
</div>
<p class="status" role="status"></p>
{buttons}
{variants}
{_handout_html(first, rendered[0].timeline, loudness)}
</section>"""


def document_html(title: str, sections: Sequence[str], loudness: str, rates: Sequence[int]) -> str:
    """The whole page around the cases' sections: head with the style, header, footer, script.

    Examples
    --------
    >>> page = document_html("Week 3", [], "", [16000])
    >>> page.startswith("<!DOCTYPE html>"), "<h1>Week 3</h1>" in page, "16000 Hz" in page
    (True, True, True)
    """
    rate_text = " and ".join(f"{sr} Hz" for sr in rates)
    loud = f'\n<p class="loudness">{_e(loudness)}</p>' if loudness else ""
    body = "\n".join(sections)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="murmur {__version__}">
<link rel="icon" href="data:,">
<title>{_e(title)}</title>
<style>
{_asset("page.css")}</style>
</head>
<body>
<header>
<h1>{_e(title)}</h1>
<p class="intro">Synthesized heart sounds for learning auscultation. Press Play: the line on the figure follows \
the sound; tap the figure to move the sound there. Headphones bring out the low sounds best.</p>
<p class="intro keys" id="keys">Keyboard: <kbd>Tab</kbd> to a case, then <kbd>Space</kbd> plays or pauses and \
<kbd>\u2190</kbd> <kbd>\u2192</kbd> move one second.</p>{loud}
</header>
<main>
{body}
</main>
<footer>
<p>Made with murmur {__version__}. The sounds are synthesized from published physiology, not recorded from \
patients. Everything is inside this file (sound: 16-bit WAV at {rate_text}), so it works offline.</p>
</footer>
<script>
{_asset("page.js")}</script>
</body>
</html>
"""
    return page
