"""The one place murmur's version is written (pyproject.toml reads it; keep it a literal)."""

__version__ = "0.1.0"
