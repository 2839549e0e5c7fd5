"""The circulation model's speed, and a physiological export's: simulated or rendered seconds per second of compute.

Run from the repository root (after ``scripts/test.sh`` has made ``.venv``):

    .venv/bin/python benchmarks/bench_model.py [--seconds 600]

- **model alone**: :func:`murmur.physio.circulation.steady_beat` run afresh (no
  cache) to its periodic steady state for each preset's heart; the seconds
  of circulation simulated (every beat to the steady state, and the recorded
  one) per second of compute. Target (issue 11): >= 500x.
- **physiological render**: each covered preset with ``model='physiological'``
  rendered for ``--seconds`` of audio in a fresh interpreter pinned to one
  core, as ``murmur export`` renders it (steady states for every beat rate in
  use, noise tables, sources, level), timed from the first beat; the same
  with the timing model beside it. Target: >= 500x.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from murmur.physio.circulation import Heart, case_model, steady_beat  # noqa: E402

PRESETS = ("normal", "mr-mild", "mr-moderate", "mr-severe", "mr-acute")
TARGET = 500.0

_RENDER = """
import dataclasses, os, sys, time
os.sched_setaffinity(0, {{{core}}})
sys.path.insert(0, {bench!r})
from murmur import PRESETS
from bench_synthesis import render_all
case = dataclasses.replace(PRESETS[{name!r}].case, duration_s={seconds}, model={model!r})
t0 = time.perf_counter()
render_all(case)
print(time.perf_counter() - t0)
"""


def model_alone(name: str) -> float:
    """Seconds of circulation simulated per second of compute for a preset's heart, from a cold cache.

    For MR this includes the same heart without MR, which sets the A2 limit.
    """
    heart = case_model(name)
    steady_beat.cache_clear()
    t0 = time.perf_counter()
    c = steady_beat(heart)
    elapsed = time.perf_counter() - t0
    beats = c.n_beats + 1
    if heart.eroa_cm2 > 0:
        normal = steady_beat(Heart(heart_rate_bpm=heart.heart_rate_bpm, sex=heart.sex))  # cached by the call above
        beats += normal.n_beats + 1
    return beats * 60.0 / heart.heart_rate_bpm / elapsed


def render_s(name: str, model: str, seconds: float, core: int) -> float:
    code = _RENDER.format(core=core, bench=str(ROOT / "benchmarks"), name=name, seconds=seconds, model=model)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    return float(out.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=600.0, help="audio rendered per preset (default 600)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_synthesis import _idlest

    core = _idlest(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {core})
    print(f"model alone (fresh steady states, one core), target >= {TARGET:g}x:")
    worst = float("inf")
    model_alone("mr-mild")  # warm up (first numpy calls, the activation's peak)
    for name in PRESETS:
        x = max(model_alone(name) for _ in range(5))
        worst = min(worst, x)
        print(f"  {name:<14}{x:8.0f}x")
    print(
        f"\n{args.seconds:g} s rendered in a fresh process on core {core} (from the first beat), target >= {TARGET:g}x:"
    )
    print(f"  {'preset':<14}{'physiological':>14}{'timing':>10}")
    for name in PRESETS:
        phys = min(render_s(name, "physiological", args.seconds, core) for _ in range(2))
        timing = min(render_s(name, "timing", args.seconds, core) for _ in range(2))
        worst = min(worst, args.seconds / phys)
        print(f"  {name:<14}{args.seconds / phys:13.0f}x{args.seconds / timing:9.0f}x")
    print(f"\nslowest: {worst:.0f}x -> {'meets' if worst >= TARGET else 'MISSES'} the target (>= {TARGET:g}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
