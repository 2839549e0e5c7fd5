"""Figures as files: PNG, SVG or PDF, written atomically and reproducibly; and where the figures are.

:func:`save_figure` writes any figure; :func:`write_case_figure` and
:func:`write_wiggers_figure` build one, write it and let it go (the hooks of
:func:`murmur.teach.lecture.write_lecture` and of figure exports). The figures
themselves are drawn in :mod:`murmur.view.figures` (:func:`case_figure`,
:func:`compare_figure`) and :mod:`murmur.view.wiggers` (:func:`wiggers_figure`);
they are named here too, so one import gives a figure and its file.
"""

from __future__ import annotations

import os
from pathlib import Path

from matplotlib import rc_context
from matplotlib.figure import Figure

from ..case import Case
from ..errors import ParameterError, shorten
from ..files.safety import atomic_paths, check_output_path
from ..physio.timeline import Timeline
from ..units import FloatArray
from . import style
from .figures import case_figure, compare_figure
from .wiggers import wiggers_figure

__all__ = [
    "save_figure",
    "check_figure_path",
    "write_case_figure",
    "write_wiggers_figure",
    "case_figure",
    "compare_figure",
    "wiggers_figure",
    "FIGURE_FORMATS",
]

#: File formats :func:`save_figure` writes, by suffix.
FIGURE_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}


def save_figure(fig: Figure, path: str | os.PathLike[str], *, dpi: float | None = None) -> Path:
    """Write a figure as PNG, SVG or PDF (from the suffix), atomically, at 150 dpi.

    The file is written under a temporary name in the destination folder and
    renamed into place, so a half-written figure never appears under its
    name. No dates are written, so the same figure gives the same bytes. The
    figure is not closed.

    Parameters
    ----------
    fig : Figure
    path : path-like
        Ends in .png, .svg or .pdf; its folder must exist and be writable.
    dpi : float, keyword-only
        Dots per inch of a PNG and of the images in an SVG or PDF (default 150).

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> save_figure(Figure(), "figure.gif")
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: figure file must end in .png, .svg or .pdf; got '.gif' in 'figure.gif'.
    """
    p = check_figure_path(path)
    fmt = FIGURE_FORMATS[p.suffix.lower()]
    # murmur is named as the software, so a later export knows it may replace the file.
    metadata = {
        "pdf": {"CreationDate": None, "Creator": "murmur"},
        "svg": {"Date": None, "Creator": "murmur"},
        "png": {"Software": "murmur"},
    }[fmt]
    # A fixed salt makes the SVG element ids, and so the file, reproducible.
    with atomic_paths(p, param="figure") as (tmp,), rc_context({"svg.hashsalt": "murmur"}):
        fig.savefig(tmp, format=fmt, dpi=style.DPI if dpi is None else dpi, metadata=metadata, facecolor="white")
    return p


def check_figure_path(path: str | os.PathLike[str], *, param: str = "figure") -> Path:
    """Check a figure destination (suffix, folder); errors name ``param`` (the CLI's option)."""
    raw = os.fspath(path)  # as given: Path("x.png/") would drop the slash and write x.png
    p = Path(raw)
    if raw and not raw.endswith(("/", os.sep)) and p.suffix.lower() not in FIGURE_FORMATS:
        got = repr(p.suffix) if p.suffix else "no suffix"
        raise ParameterError(
            f"{param} file must end in .png, .svg or .pdf; got {got} in {shorten(raw)!r}.", param=param
        )
    return check_output_path(raw, suffix=p.suffix.lower() or ".png", param=param)


def write_case_figure(
    case: Case,
    path: str | os.PathLike[str],
    *,
    seconds_shown: float | None = None,
    y: FloatArray | None = None,
    timeline: Timeline | None = None,
    title: str | None = None,
) -> Path:
    """Build :func:`case_figure`, save it with :func:`save_figure`, and let it go.

    Fits the ``figure(case, png_path)`` hook of :func:`murmur.teach.lecture.write_lecture`
    and figure exports. The path is checked before anything is drawn; the
    figure is never registered with pyplot, so nothing stays open.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_case_figure(Case(duration_s=2, sr=8000), Path(d) / "normal.png").name
    'normal.png'
    """
    check_figure_path(path)
    fig = case_figure(case, seconds_shown=seconds_shown, y=y, timeline=timeline, title=title)
    try:
        return save_figure(fig, path)
    finally:
        fig.clear()


def write_wiggers_figure(case: Case, path: str | os.PathLike[str]) -> Path:
    """Build :func:`wiggers_figure`, save it with :func:`save_figure`, and let it go.

    The path is checked before anything is computed. Fits the ``wiggers``
    hook of :func:`murmur.teach.lecture.write_lecture`.
    """
    check_figure_path(path)
    fig = wiggers_figure(case)
    try:
        return save_figure(fig, path)
    finally:
        fig.clear()
