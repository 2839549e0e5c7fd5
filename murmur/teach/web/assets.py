"""The style sheet and script of the web page (:mod:`murmur.teach.web.page`), as text.

Both are inlined into the page, so it needs no file beside it and no network.
The script is plain ES2015 with no library. What it promises, and
``tests/test_webpage.py`` checks in a real browser:

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

Nothing here logs to the console: a refused ``play()`` is said in the case's
status line.
"""

from __future__ import annotations

__all__ = ["PAGE_CSS", "PAGE_JS"]

#: Layout: one column up to 1100 px; buttons at least 44 px (touch targets);
#: below 700 px the figure keeps 760 px and scrolls sideways, so its labels
#: stay readable on a phone. On a touch screen the keyboard hint is not shown
#: (a screen reader still reads it: each case is described by it).
PAGE_CSS = """
:root { --accent: #0072B2; --ink: #1b1b1b; --muted: #555; --focus: #D55E00; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: #f3f3ef; color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 12px; }
h1 { font-size: 1.45rem; line-height: 1.25; margin: 8px 0 6px; }
h2 { font-size: 1.3rem; margin: 0; }
h3 { font-size: 1.05rem; margin: 14px 0 4px; }
p { margin: 6px 0; }
.intro, .note { color: var(--muted); }
.loudness { font-weight: 600; }
kbd { font: 0.9em ui-monospace, monospace; border: 1px solid #bbb; border-bottom-width: 2px;
  border-radius: 4px; padding: 0 4px; background: #fff; }
.case { background: #fff; border: 1px solid #d8d8d2; border-radius: 12px; margin: 16px 0;
  padding: 12px 16px 16px; }
.case:focus-visible { outline: 3px solid var(--focus); outline-offset: 3px; }
.describe { color: var(--muted); margin-top: 2px; }
.controls, .variants { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 10px 0 4px; }
.variants-label { color: var(--muted); margin-right: 4px; }
button { font: inherit; min-height: 44px; min-width: 44px; padding: 8px 16px; border-radius: 8px;
  border: 2px solid var(--accent); background: #fff; color: var(--accent); cursor: pointer;
  touch-action: manipulation; }
button.play { background: var(--accent); color: #fff; font-weight: 600; min-width: 112px; }
button[aria-pressed="true"] { background: var(--accent); color: #fff; }
button:focus-visible, audio:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; }
.time { font-variant-numeric: tabular-nums; color: var(--muted); min-width: 7.5em; }
.status { color: #a33; min-height: 0; }
.status:empty { display: none; }
audio { display: block; width: 100%; margin: 8px 0 4px; }
.heard { color: var(--muted); font-size: 0.92rem; }
figure { margin: 8px 0 0; }
.fig-scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border-radius: 6px; }
.fig { position: relative; cursor: pointer; }
.fig img { display: block; width: 100%; height: auto; }
.playhead { position: absolute; width: 2px; margin-left: -1px; pointer-events: none; }
.playhead.wave { background: #000; }
.playhead.spec { background: #fff; box-shadow: 0 0 0 1px rgba(0, 0, 0, 0.35); }
figcaption { margin-top: 6px; }
.swipe { display: none; color: var(--muted); font-size: 0.92rem; }
ul { margin: 4px 0; padding-left: 1.3em; }
li { margin: 3px 0; }
details { margin-top: 10px; }
summary { cursor: pointer; padding: 10px 0; font-weight: 600; color: var(--accent); }
table { border-collapse: collapse; margin: 6px 0; font-size: 0.95rem; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
.table-scroll { overflow-x: auto; }
footer { color: var(--muted); font-size: 0.9rem; padding-bottom: 24px; }
@media (max-width: 700px) {
  header, main, footer { padding: 0 8px; }
  header { padding-top: 8px; }
  h1 { font-size: 1.25rem; }
  .case { padding: 10px 10px 12px; margin: 12px 0; border-radius: 10px; }
  .fig { width: 760px; }
  .swipe { display: block; }
}
@media (hover: none) and (pointer: coarse) { .keys { display: none; } }  /* a touch screen: no keyboard hint */
"""

PAGE_JS = r"""
(function () {
  "use strict";
  var all = Array.prototype.slice.call(document.querySelectorAll("audio"));
  all.forEach(function (a) {
    a.addEventListener("play", function () {
      all.forEach(function (b) { if (b !== a && !b.paused) { b.pause(); } });
    });
  });
  function fmt(t) { return (isFinite(t) ? t : 0).toFixed(1); }

  Array.prototype.slice.call(document.querySelectorAll(".case")).forEach(function (sec) {
    var variants = Array.prototype.slice.call(sec.querySelectorAll(".variant"));
    var vbuttons = Array.prototype.slice.call(sec.querySelectorAll(".variants button"));
    var playBtn = sec.querySelector("button.play");
    var loopBtn = sec.querySelector("button.loop");
    var timeEl = sec.querySelector(".time");
    var statusEl = sec.querySelector(".status");
    var name = sec.getAttribute("data-name");
    var active = 0;
    var frame = 0;

    function audio(i) { return variants[i === undefined ? active : i].querySelector("audio"); }
    function fig(i) { return variants[i === undefined ? active : i].querySelector(".fig"); }
    function axes(f) {
      var d = f.dataset;
      return { t0: +d.t0, t1: +d.t1, x0: +d.x0, x1: +d.x1 };
    }

    function place(follow) {
      var a = audio(), f = fig(), g = axes(f);
      var t = Math.min(Math.max(a.currentTime || 0, g.t0), g.t1);
      var x = g.x0 + (t - g.t0) / (g.t1 - g.t0) * (g.x1 - g.x0);
      Array.prototype.forEach.call(f.querySelectorAll(".playhead"), function (p) {
        p.style.left = (100 * x).toFixed(3) + "%";
      });
      timeEl.textContent = fmt(a.currentTime) + " / " + fmt(a.duration || g.t1) + " s";
      if (follow) { keepInView(f, x); }
    }

    function keepInView(f, x) {
      var box = f.parentNode;
      if (box.scrollWidth <= box.clientWidth + 1) { return; }
      var px = x * f.offsetWidth, w = box.clientWidth;
      if (px < box.scrollLeft + 0.1 * w || px > box.scrollLeft + 0.85 * w) {
        box.scrollLeft = Math.max(0, px - 0.25 * w);
      }
    }

    function tick() {
      place(true);
      frame = audio().paused ? 0 : window.requestAnimationFrame(tick);
    }

    function showState() {
      var playing = !audio().paused;
      playBtn.querySelector(".label").textContent = playing ? "Pause" : "Play";
      playBtn.querySelector(".icon").textContent = playing ? "\u275A\u275A" : "\u25B6";
      playBtn.setAttribute("aria-label", (playing ? "Pause " : "Play ") + name);
    }

    function say(text) { statusEl.textContent = text; }

    function play() {
      say("");
      var p = audio().play();
      if (p && p.catch) {
        p.catch(function (err) {
          say("The browser did not start the sound (" + (err && err.name ? err.name : "refused") +
              "); press Play again or use the player's own controls.");
        });
      }
    }

    function toggle() { if (audio().paused) { play(); } else { audio().pause(); } }

    function seek(dt) {
      var a = audio(), g = axes(fig());
      var end = isFinite(a.duration) ? a.duration : g.t1;
      a.currentTime = Math.min(Math.max((a.currentTime || 0) + dt, 0), end);
      place(true);
    }

    function select(i) {
      if (i === active) { return; }
      var was = audio(), t = was.currentTime, playing = !was.paused;
      was.pause();
      variants[active].hidden = true;
      vbuttons[active].setAttribute("aria-pressed", "false");
      active = i;
      variants[active].hidden = false;
      vbuttons[active].setAttribute("aria-pressed", "true");
      var a = audio();
      var go = function () {
        a.currentTime = t;
        place(false);
        if (playing) { play(); }
      };
      if (a.readyState >= 1) { go(); } else { a.addEventListener("loadedmetadata", go, { once: true }); }
      showState();
    }

    variants.forEach(function (v, i) {
      var a = audio(i), f = fig(i);
      ["play", "pause", "ended"].forEach(function (ev) {
        a.addEventListener(ev, function () {
          if (i !== active) { return; }
          showState();
          if (ev === "play" && !frame) { frame = window.requestAnimationFrame(tick); }
          place(false);
        });
      });
      ["timeupdate", "seeked", "loadedmetadata", "durationchange"].forEach(function (ev) {
        a.addEventListener(ev, function () { if (i === active && a.paused) { place(false); } });
      });
      f.addEventListener("click", function (e) {
        var r = f.getBoundingClientRect(), g = axes(f);
        var fx = (e.clientX - r.left) / r.width;
        if (fx < g.x0 || fx > g.x1) { return; }
        a.currentTime = g.t0 + (fx - g.x0) / (g.x1 - g.x0) * (g.t1 - g.t0);
        place(false);
      });
    });
    vbuttons.forEach(function (b, i) { b.addEventListener("click", function () { select(i); }); });
    playBtn.addEventListener("click", toggle);
    loopBtn.addEventListener("click", function () {
      var on = loopBtn.getAttribute("aria-pressed") !== "true";
      loopBtn.setAttribute("aria-pressed", on ? "true" : "false");
      variants.forEach(function (v, i) { audio(i).loop = on; });
    });
    sec.addEventListener("keydown", function (e) {
      if (e.target !== sec) { return; }  // a focused button or player keeps its own keys
      if (e.key === " " || e.key === "Spacebar") { toggle(); }
      else if (e.key === "ArrowRight") { seek(1); }
      else if (e.key === "ArrowLeft") { seek(-1); }
      else { return; }
      e.preventDefault();
    });
    showState();
    place(false);
  });
})();
"""
