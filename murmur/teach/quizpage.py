"""The quiz as one self-contained web page a lecturer can send to a class.

:func:`quiz_page` renders every round's sound into the page (a 16-bit WAV
``data:`` URI, :func:`murmur.files.embed.wav_data_uri`) with the three questions as
radio buttons; pressing "Check" marks the round with the rule of
:data:`murmur.teach.quiz.SCORING_RULE`, then shows right or wrong per part, what to
listen for and the labelled figure (a PNG ``data:`` URI,
:func:`murmur.view.pictures.png_data_uri`); when every round is checked, the score and
the weakest topic. The page needs no network and no files beside it: nothing
in it refers to ``http://`` or ``https://``.

The answers and figures (whose titles name the case) are in the page, but
encoded: each is base64 with every character moved along base64's alphabet by
a key (a Vigenere cipher), so reading the page's source does not give them
away. It is a veil, not a lock: a student with the browser's developer tools
and some patience can decode them.
"""

from __future__ import annotations

import base64
import html
import json
import os
import string
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ..files.safety import atomic_paths, check_output_path
from ..physio.streams import QUIZ_KEY_STREAM
from .quiz import SCORING_RULE, TIMINGS, Round, finding_menu, finding_names
from .quizfeedback import listen_for

__all__ = ["quiz_page", "write_quiz_page", "scramble", "FIGURE_DPI"]

#: Resolution of the figures in the page, dots per inch (the figure is 12 in
#: wide: 840 px, sharp on a laptop, and a phone scales it down).
FIGURE_DPI = 70.0
_ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
_KEY_LENGTH = 16


def scramble(b64: str, key: Sequence[int]) -> str:
    """Move each base64 character along the alphabet by the key (padding '=' kept); the page's JS undoes it.

    Examples
    --------
    >>> scramble("QUJD", [1, 2])
    'RWKF'
    >>> scramble(scramble("QUJD", [1, 2]), [63, 62])
    'QUJD'
    """
    body = b64.rstrip("=")
    chars = list(body)
    for k, shift in enumerate(key):
        table = str.maketrans(_ALPHABET, _ALPHABET[shift % 64 :] + _ALPHABET[: shift % 64])
        chars[k :: len(key)] = body[k :: len(key)].translate(table)
    return "".join(chars) + b64[len(body) :]


def _key(seed: int) -> list[int]:
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(QUIZ_KEY_STREAM,)))
    return [int(k) for k in rng.integers(1, 64, _KEY_LENGTH)]


def _radios(name: str, choices: Sequence[tuple[int, str]]) -> str:
    return "".join(
        f'<label><input type="radio" name="{name}" value="{v}"> {html.escape(text)}</label>' for v, text in choices
    )


def _section(rnd: Round, n: int, key: list[int]) -> str:
    from ..files.embed import wav_data_uri
    from ..sound.synth import synthesize
    from ..view.figures import case_figure
    from ..view.pictures import png_data_uri

    y, timeline = synthesize(rnd.case)
    audio = wav_data_uri(y, rnd.case.sr)  # no title or comment: they would name the case
    fig = case_figure(rnd.case, y=y, timeline=timeline, title=f"round {rnd.number}: {rnd.name}")
    try:
        png = png_data_uri(fig, dpi=FIGURE_DPI)
    finally:
        fig.clear()
    answer = {
        "f": finding_menu().index(rnd.finding) + 1,
        "t": TIMINGS.index(rnd.timing) + 1,
        "g": rnd.grade,
        "fn": finding_names()[rnd.finding],
        "what": f"It was {rnd.name}: {rnd.case.describe()}.",
        "listen": f"Listen for: {listen_for(rnd)}",
        "alt": f"Round {rnd.number}, {rnd.name}: labelled waveform and spectrogram of {rnd.case.describe()}.",
    }
    coded = scramble(base64.b64encode(json.dumps(answer).encode()).decode("ascii"), key)
    fig_coded = scramble(png.split(",", 1)[1], key)
    i = rnd.number
    findings = _radios("f", [(k, text) for k, text in enumerate(finding_names().values(), 1)])
    timings = _radios("t", list(enumerate(TIMINGS, 1)))
    grades = _radios("g", [(0, "0 (none)")] + [(g, str(g)) for g in range(1, 7)])
    return f"""<section id="round-{i}" data-n="{i}" data-a="{coded}" data-fig="{fig_coded}" aria-labelledby="h{i}">
<h2 id="h{i}">Round {i} of {n}</h2>
<audio controls preload="metadata" src="{audio}" aria-label="Round {i}: the heart sound ({rnd.case.duration_s:g} s)">
</audio>
<form class="round">
<fieldset><legend>Finding</legend>{findings}</fieldset>
<fieldset><legend>Timing of the murmur</legend>{timings}</fieldset>
<fieldset><legend>Levine grade (0: no murmur)</legend>{grades}</fieldset>
<button type="submit">Check round {i}</button>
<p class="msg" role="status" aria-live="polite"></p>
</form>
<div class="reveal" tabindex="-1" hidden>
<h3>Round {i}: <span class="verdict"></span></h3>
<ul class="marks"></ul><p class="what"></p><p class="listen"></p>
<figure><img alt=""><figcaption>Every event labelled: play the sound again while you look.</figcaption></figure>
</div>
</section>
"""


_STYLE = """body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:.75rem;color:#111;background:#fff}
main{max-width:60rem;margin:auto}section{border-top:2px solid #bbb;padding:.25rem 0 1rem}
audio{width:100%;max-width:32rem}fieldset{border:1px solid #bbb;border-radius:6px;margin:.5rem 0;padding:.2rem .5rem}
legend{font-weight:bold}label{display:inline-block;padding:.4rem .6rem;margin:.15rem;border:1px solid #ccc;
border-radius:6px;cursor:pointer}label:has(input:checked){background:#dbeeff;border-color:#0072B2}
input[type=radio]{margin-right:.35rem}button{font:inherit;padding:.55rem 1.3rem;border-radius:6px;border:0;
background:#0072B2;color:#fff;cursor:pointer}button:disabled{background:#888}.right{color:#00703c}
.wrong{color:#b00020}img{max-width:100%;height:auto}figure{margin:.5rem 0}
:focus-visible{outline:3px solid #E69F00;outline-offset:2px}#score{font-size:1.2rem;font-weight:bold}"""

# Marks a round as murmur.teach.quiz.mark does, and the end as murmur.teach.quiz.weakest_text.
_SCRIPT = """"use strict";
const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const K = JSON.parse(document.body.dataset.k), N = document.querySelectorAll("section[data-n]").length, done = [];
function un(s) {  // undo murmur.teach.quizpage.scramble
  const o = new Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = A.indexOf(s[i]); o[i] = c < 0 ? s[i] : A[(c - K[i % K.length] + 64) % 64];
  }
  return o.join("");
}
function unpack(s) {
  const b = atob(un(s));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(b, c => c.charCodeAt(0))));
}
function gradeRight(t, g) { return t === 0 || g === 0 ? t === g : Math.abs(t - g) <= 1; }
function gradeText(g) { return g === 0 ? "0 (no murmur)" : g + "/6"; }
function label(form, name, v) {
  return form.querySelector(`input[name=${name}][value="${v}"]`).parentElement.textContent.trim();
}
function li(ul, ok, text) {
  const e = document.createElement("li"); e.className = ok ? "right" : "wrong"; e.textContent = text; ul.append(e);
}
function finish() {
  const right = done.filter(d => d.ok).length, weak = document.getElementById("weakest");
  document.getElementById("score").textContent =
    done.length < N ? `Checked ${done.length} of ${N}; right so far: ${right}.` : `score: ${right}/${N}`;
  if (done.length < N) return;
  const wrong = {finding: 0, timing: 0, grade: 0}, kinds = new Map();
  for (const d of done) { wrong.finding += !d.parts[0]; wrong.timing += !d.parts[1]; wrong.grade += !d.parts[2]; }
  for (const d of done.slice().sort((a, b) => a.f - b.f)) {
    const k = kinds.get(d.fn) || [0, 0]; kinds.set(d.fn, [k[0] + d.ok, k[1] + 1]);
  }
  const worst = Math.max(...Object.values(wrong));
  if (worst === 0) { weak.textContent = "weakest topic: none: every answer was right."; return; }
  let h = null;
  for (const [fn, [r, s]] of kinds) {
    if (!h || r / s < h[1] / h[2] || (r / s === h[1] / h[2] && s > h[2])) h = [fn, r, s];
  }
  const parts = Object.keys(wrong).filter(p => wrong[p] === worst).join(" and ");
  weak.textContent = `weakest topic: ${parts} (${worst} of ${N} rounds wrong); ` +
    `hardest kind of case: ${h[0]} (${h[1]} of ${h[2]} right).`;
}
for (const form of document.querySelectorAll("form.round")) form.addEventListener("submit", ev => {
  ev.preventDefault();
  const sec = form.closest("section"), msg = form.querySelector(".msg");
  const get = n => { const x = form.querySelector(`input[name=${n}]:checked`); return x ? +x.value : null; };
  const f = get("f"), t = get("t"), g = get("g");
  if (f === null || t === null || g === null) {
    msg.textContent = "Choose a finding, a timing and a grade first."; return;
  }
  const a = unpack(sec.dataset.a), parts = [f === a.f, t === a.t, gradeRight(a.g, g)], ok = parts.every(Boolean);
  for (const e of form.querySelectorAll("input,button")) e.disabled = true;
  msg.textContent = "";
  const rev = sec.querySelector(".reveal"), ul = rev.querySelector(".marks"), v = rev.querySelector(".verdict");
  v.textContent = ok ? "right" : "wrong"; v.className = "verdict " + v.textContent;
  li(ul, parts[0], parts[0] ? `finding: right: ${a.fn}`
    : `finding: wrong: you said ${label(form, "f", f)}; it is ${a.fn}`);
  const tt = label(form, "t", a.t);
  li(ul, parts[1], parts[1] ? `timing: right: ${tt}` : `timing: wrong: you said ${label(form, "t", t)}; it is ${tt}`);
  li(ul, parts[2], !parts[2] ? `grade: wrong: you said ${gradeText(g)}; it is ${gradeText(a.g)}`
    : g === a.g ? `grade: right: ${gradeText(a.g)}`
    : `grade: right: ${gradeText(a.g)} (you said ${g}; within one counts)`);
  rev.querySelector(".what").textContent = a.what;
  rev.querySelector(".listen").textContent = a.listen;
  const img = rev.querySelector("img");
  img.alt = a.alt; img.src = "data:image/png;base64," + un(sec.dataset.fig);
  rev.hidden = false; rev.focus();
  done.push({ok, parts, f: a.f, fn: a.fn});
  finish();
});"""


def quiz_page(rounds: Sequence[Round], *, seed: int, progress: Callable[[float], object] | None = None) -> str:
    """The quiz page's HTML: every round's sound and questions, answers encoded.

    Parameters
    ----------
    rounds : sequence of Round
        From :func:`murmur.teach.quiz.draw_rounds`.
    seed : int, keyword-only
        The quiz seed (shown, and it draws the key that encodes the answers:
        the same quiz gives the same page, byte for byte).
    progress : callable, keyword-only
        Called with the fraction of rounds rendered (0-1) after each round.

    Examples
    --------
    >>> from murmur.teach.quiz import draw_rounds
    >>> page = quiz_page(draw_rounds(1, seed=5, cases=["normal"], changes={"duration_s": 2.0, "sr": 8000}), seed=5)
    >>> page.count("<audio"), "http://" in page or "https://" in page
    (1, False)
    """
    key = _key(seed)
    n = len(rounds)
    rounds_text = "1 round" if n == 1 else f"{n} rounds"
    sections = []
    for i, rnd in enumerate(rounds, 1):
        sections.append(_section(rnd, n, key))
        if progress is not None:
            progress(i / n)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="murmur">
<title>Auscultation quiz: {rounds_text}</title>
<style>{_STYLE}</style>
</head>
<body data-k="{json.dumps(key)}">
<main>
<h1>Auscultation quiz</h1>
<p>{rounds_text}. Listen to each sound (headphones help), choose the finding, the timing of the murmur and its
Levine grade, then press Check: you will see what was right, what to listen for and the sound's labelled
figure. {html.escape(SCORING_RULE)}</p>
<p>Quiz seed {seed}: the same seed gives the same quiz.</p>
{"".join(sections)}<p id="score" role="status" aria-live="polite">Checked 0 of {n}.</p>
<p id="weakest"></p>
</main>
<script>
{_SCRIPT}
</script>
</body>
</html>
"""


def write_quiz_page(
    rounds: Sequence[Round],
    path: str | os.PathLike[str],
    *,
    seed: int,
    progress: Callable[[float], object] | None = None,
    param: str = "html",
) -> Path:
    """Write :func:`quiz_page` to ``path`` (``.html``), under a temporary name first; returns the path."""
    p = check_output_path(path, suffix=".html", param=param)
    text = quiz_page(rounds, seed=seed, progress=progress)
    with atomic_paths(p, param=param) as (tmp,):
        tmp.write_text(text, encoding="utf-8")
    return p
