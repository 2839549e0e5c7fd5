"""Synthesis speed: seconds of audio per second of compute, per preset.

Run from the repository root (after ``scripts/test.sh`` has made ``.venv``):

    .venv/bin/python benchmarks/bench_synthesis.py [--seconds 120] [--sr 44100]

Each preset is rendered for ``--seconds`` of audio, through the whole chain
that ``murmur export`` runs (timeline, sources, block render, level), on one
CPU core (the process is pinned with ``os.sched_setaffinity`` where the OS
allows it). The best of three runs is reported as a real-time factor; the
issue's target is at least 500x real time at 44.1 kHz.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import time

from murmur import PRESETS
from murmur.level import apply_level
from murmur.render import Renderer, n_samples

TARGET = 500.0


def render_all(case, block_s: float = 2.0) -> None:
    n_total = n_samples(case.duration_s, case.sr)
    r = Renderer(case)
    block = int(block_s * case.sr)
    for n0 in range(0, n_total, block):
        n1 = min(n0 + block, n_total)
        apply_level(r.render(n0, n1), n0, n_total, case.sr)
        r.forget_before(n1 / case.sr)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=120.0, help="audio rendered per preset (default 120)")
    ap.add_argument("--sr", type=int, default=44100, help="sample rate, Hz (default 44100)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per preset; the best counts (default 3)")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    print(f"{'preset':<24}{'x real time':>12}   (target >= {TARGET:g}x, {args.sr} Hz, 1 core)")
    worst = float("inf")
    for name, preset in PRESETS.items():
        case = dataclasses.replace(preset.case, duration_s=args.seconds, sr=args.sr)
        render_all(dataclasses.replace(case, duration_s=2.0))  # warm caches
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            render_all(case)
            best = min(best, time.perf_counter() - t0)
        ratio = args.seconds / best
        worst = min(worst, ratio)
        print(f"{name:<24}{ratio:>11.0f}x")
    print(f"slowest preset: {worst:.0f}x real time -> {'meets' if worst >= TARGET else 'MISSES'} the target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
