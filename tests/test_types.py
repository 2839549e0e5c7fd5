"""The package type-checks: ``python -m mypy murmur`` with pyproject's ``[tool.mypy]`` finds no error.

Not marked slow, so the quick run checks it too. mypy keeps its cache in
``.mypy_cache`` at the repository root (it writes its own ``.gitignore`` there),
so only the first run pays for numpy's and matplotlib's stubs: about 7 CPU-s cold
(every CI run), 0.3 s warm. A whole-suite run starts it in the background at
once (conftest.pytest_configure), so its cold start overlaps the tests that wait
on real time; this test then reads that run's result.
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mypy_run import MYPY_ENV, wait_for_result

_ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (pip install -e '.[test]')")
def test_mypy_finds_no_error():
    if os.environ.get(MYPY_ENV):
        rc, out = wait_for_result(os.environ[MYPY_ENV])
    else:
        p = subprocess.run([sys.executable, "-m", "mypy", "murmur"], cwd=_ROOT, capture_output=True, text=True)
        rc, out = p.returncode, p.stdout + p.stderr
    if rc != 0:
        pytest.fail(f"mypy exited {rc}:\n{out}", pytrace=False)
    n_files = len(list((_ROOT / "murmur").rglob("*.py")))  # it checked the whole package, not nothing
    assert f"no issues found in {n_files} source files" in out, out
