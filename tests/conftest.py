"""Shared fixtures, the slow-test switch, and mypy started early in the background."""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from mypy_run import MYPY_ENV, RESULT_SCRIPT

_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tmp_out(tmp_path):
    """A fresh folder for output files."""
    return tmp_path


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="also run the tests marked slow (CI always does)")


def pytest_collection_modifyitems(config, items):
    """Tests marked ``slow`` run in CI (``CI`` set, as ``.ci/run`` is) or with ``--run-slow``."""
    if config.getoption("--run-slow") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="slow: runs in CI; run it here with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def pytest_configure(config):
    """Start ``mypy murmur`` at once, beside the tests, when this run includes tests/test_types.py.

    mypy's cold start (numpy's and matplotlib's stubs, every CI run) costs about 7 CPU-s; run in the
    background from the first moment it fills the time the tests spend waiting for real-time audio, a
    browser or a window, instead of adding to the end. Only the main process starts it (not xdist's
    workers); test_types waits for its result. A run that selects tests by keyword or marker, or names
    files without test_types.py, does not start it.
    """
    if hasattr(config, "workerinput") or os.environ.get(MYPY_ENV) or importlib.util.find_spec("mypy") is None:
        return
    if config.option.keyword or config.option.markexpr:
        return
    targets = [Path(a.split("::")[0]).resolve() for a in config.args] or [_ROOT / "tests"]
    types = (_ROOT / "tests" / "test_types.py").resolve()
    if not any(t == types or (t.is_dir() and types.is_relative_to(t)) for t in targets):
        return
    folder = Path(tempfile.mkdtemp(prefix="murmur-mypy-"))
    config._murmur_mypy = (
        subprocess.Popen([sys.executable, "-c", RESULT_SCRIPT, str(folder)], cwd=_ROOT),
        folder,
    )
    os.environ[MYPY_ENV] = str(folder)  # xdist's workers start after this and inherit it


def pytest_unconfigure(config):
    started = getattr(config, "_murmur_mypy", None)
    if started:
        proc, folder = started
        proc.kill()
        proc.wait()
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(MYPY_ENV, None)
