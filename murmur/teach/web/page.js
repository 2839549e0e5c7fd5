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
