"""The package type-checks: ``python -m mypy murmur`` with pyproject's ``[tool.mypy]`` finds no error.

Not marked slow, so the quick run checks it too. mypy keeps its cache in
``.mypy_cache`` at the repository root (it writes its own ``.gitignore`` there),
so only the first run pays for numpy's and matplotlib's stubs: about 8 CPU-s cold
(every CI run), 0.5 s warm, about 5 s after editing a module that many import.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (pip install -e '.[test]')")
def test_mypy_finds_no_error():
    p = subprocess.run([sys.executable, "-m", "mypy", "murmur"], cwd=_ROOT, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        pytest.fail(f"mypy exited {p.returncode}:\n{p.stdout}{p.stderr}", pytrace=False)
    n_files = len(list((_ROOT / "murmur").rglob("*.py")))  # it checked the whole package, not nothing
    assert f"no issues found in {n_files} source files" in p.stdout, p.stdout
