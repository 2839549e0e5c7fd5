"""Shared fixtures."""

import os

import pytest


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
