"""Shared fixtures."""

import pytest


@pytest.fixture
def tmp_out(tmp_path):
    """A fresh folder for output files."""
    return tmp_path
