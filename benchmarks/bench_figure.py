"""Figure speed: seconds to build and save the two-panel PNG of a case, per preset.

Run from the repository root (after ``scripts/test.sh`` has made ``.venv``):

    MPLBACKEND=Agg .venv/bin/python benchmarks/bench_figure.py [--seconds 10] [--repeat 5]

For each preset, a case of ``--seconds`` of sound is synthesized once; then
:func:`murmur.view.figures.case_figure` draws all of it (``seconds_shown`` = the whole
case: waveform, spectrogram, labels) and :func:`murmur.view.plots.save_figure`
writes the 150 dpi PNG. Synthesis is left out; it has its own benchmark. The
median of ``--repeat`` runs is reported, on one CPU core where the OS allows
pinning. The issue's target is at most 1 s for a 10 s case.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from murmur import PRESETS, synthesize  # noqa: E402
from murmur.view import case_figure, save_figure  # noqa: E402

TARGET_S = 1.0


def build_and_save(case, y, timeline, path: Path, seconds: float) -> float:
    t0 = time.perf_counter()
    fig = case_figure(case, y=y, timeline=timeline, seconds_shown=seconds)
    save_figure(fig, path)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10.0, help="length of each case, all of it shown (default 10)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per preset; the median counts (default 5)")
    ap.add_argument("--presets", nargs="*", default=list(PRESETS), help="presets to time (default all)")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    print(f"{'preset':<24}{'median s':>10}{'min s':>8}   (build + save PNG, {args.seconds:g} s case, 1 core)")
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "figure.png"
        warm = dataclasses.replace(PRESETS["normal"].case, duration_s=2.0)
        build_and_save(warm, *synthesize(warm), path, 2.0)  # imports, font cache
        for name in args.presets:
            case = dataclasses.replace(PRESETS[name].case, duration_s=args.seconds)
            y, timeline = synthesize(case)
            runs = [build_and_save(case, y, timeline, path, args.seconds) for _ in range(args.repeat)]
            median = statistics.median(runs)
            worst = max(worst, median)
            print(f"{name:<24}{median:>10.3f}{min(runs):>8.3f}")
    verdict = "meets" if worst <= TARGET_S else "MISSES"
    print(f"slowest preset: {worst:.3f} s -> {verdict} the target (<= {TARGET_S:g} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
