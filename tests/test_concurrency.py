"""Many exports to one destination leave one consistent WAV + labels pair (issue 9, defect 1).

The renames of separate processes are microseconds apart, so this acceptance test
rarely catches a missing lock by chance; ``test_files.test_renames_wait_for_the_other_writer``
stages the collision and fails without it.
"""

import multiprocessing
import os
import re
import sys

import pytest

from murmur.cli import main

N = 20
ARGS = ["export", "mr-af", "--duration-s", "1", "--sr", "8000", "-q"]


def _export(barrier, seed, out):
    barrier.wait()  # all start together, so their renames collide
    os._exit(main([*ARGS, "--seed", str(seed), "-o", out]))


@pytest.mark.skipif(sys.platform != "linux", reason="fork start method")
def test_twenty_simultaneous_exports_leave_one_consistent_pair(tmp_path):
    ref = tmp_path / "ref"
    ref.mkdir()
    # One export here first: the forked children inherit its imports and caches, so they only render and rename.
    assert main([*ARGS, "-o", str(ref / "warm.wav")]) == 0
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(N)
    dest = tmp_path / "dest"
    dest.mkdir()
    out = str(dest / "same.wav")
    procs = [ctx.Process(target=_export, args=(barrier, seed, out)) for seed in range(N)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0] * N
    assert sorted(os.listdir(dest)) == ["same.txt", "same.wav"]  # no temporary file left
    # The WAV says which export made it (its comment ends "seed N]"); that export's labels must be beside it.
    wav, txt = (dest / "same.wav").read_bytes(), (dest / "same.txt").read_bytes()
    seed = int(re.search(rb"seed (\d+)\]", wav[:4096]).group(1))
    assert main([*ARGS, "--seed", str(seed), "-o", str(ref / "x.wav")]) == 0
    assert (ref / "x.wav").read_bytes() == wav
    assert (ref / "x.txt").read_bytes() == txt, f"WAV of seed {seed}, labels of another export"
