"""Figures as bytes: PNG, raw pixels, a 256-colour PNG and ``data:`` URIs, for pages and notebooks.

Examples
--------
>>> from matplotlib.figure import Figure
>>> png_data_uri(Figure(figsize=(1, 1)), dpi=20)[:22]
'data:image/png;base64,'
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure

from ..files.embed import data_uri

__all__ = ["figure_png", "figure_rgb", "png_data_uri", "palette_png"]

#: Colours of a page's figure PNG: a quarter of the full-colour size, no pixel off by more than 15/255.
_PNG_COLOURS = 256


def figure_png(fig: Figure, *, dpi: float = 100.0) -> bytes:
    """A figure as PNG bytes (white background, no date, so the same figure gives the same bytes)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": "murmur"}, facecolor="white")
    return buf.getvalue()


def figure_rgb(fig: Figure, *, dpi: float = 100.0) -> np.ndarray:
    """A figure's pixels as :func:`figure_png` draws them, without encoding a PNG.

    Returns
    -------
    ndarray of uint8, shape (height, width, 3)
        Height and width in pixels: the figure's size in inches times ``dpi``,
        rounded down, as matplotlib's Agg renderer sizes its canvas.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_rgb(Figure(figsize=(2, 1)), dpi=50).shape
    (50, 100, 3)
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="rgba", dpi=dpi, facecolor="white")
    width, height = (int(v) for v in fig.get_size_inches() * dpi)
    return np.frombuffer(buf.getvalue(), dtype=np.uint8).reshape(height, width, 4)[..., :3]


def png_data_uri(fig: Figure, *, dpi: float = 100.0) -> str:
    """A figure as a ``data:image/png`` URI, for an ``<img src=...>``."""
    return data_uri(figure_png(fig, dpi=dpi), "image/png")


def palette_png(fig: Figure, *, dpi: float) -> tuple[bytes, tuple[int, int]]:
    """The figure as a 256-colour PNG and its (width, height), px.

    A quarter of the full-colour size; no pixel is off by more than 15/255 in a channel.
    """
    from PIL import Image  # matplotlib's own image library (a dependency of matplotlib)

    image = Image.fromarray(figure_rgb(fig, dpi=dpi))
    quantize = getattr(Image, "Quantize", Image)  # the enum since Pillow 9.1, module constants before
    dither = getattr(Image, "Dither", Image)
    small = image.quantize(colors=_PNG_COLOURS, method=quantize.MAXCOVERAGE, dither=dither.NONE)
    out = io.BytesIO()
    small.save(out, format="png")
    return out.getvalue(), small.size
