"""Sound and pictures as bytes and ``data:`` URIs, for pages and notebooks.

A page a lecturer mails to students, or a notebook cell's output, must carry
its audio and figures inside itself: no network, no files beside it. These
helpers turn samples into WAV bytes (16-bit PCM, the format every browser
plays) and any bytes into a ``data:`` URI. Figures are encoded by
:func:`figure_png`, or drawn to pixels by :func:`figure_rgb`; both import
matplotlib only when called.

Examples
--------
>>> import numpy as np
>>> uri = wav_data_uri(np.zeros(8), 8000)
>>> uri[:22]
'data:audio/wav;base64,'
>>> len(wav_bytes(np.zeros(8), 8000))
88
"""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING

import numpy as np

from .wav import WavWriter

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["wav_bytes", "data_uri", "wav_data_uri", "figure_png", "figure_rgb", "png_data_uri"]


def wav_bytes(y: np.ndarray, sr: int, *, title: str = "", comment: str = "") -> bytes:
    """A whole mono WAV file (16-bit PCM) in memory.

    Parameters
    ----------
    y : ndarray, shape (n,)
        Samples, full scale 1.0 (values beyond it are clipped by the PCM conversion).
    sr : int
        Sample rate, Hz.
    title, comment : str, keyword-only
        RIFF INFO ``INAM`` and ``ICMT``.
    """
    buf = io.BytesIO()
    writer = WavWriter(buf, sr, title=title, comment=comment)
    writer.write(np.asarray(y, dtype=float))
    writer.close()
    return buf.getvalue()


def data_uri(data: bytes, mime: str) -> str:
    """``data:MIME;base64,...`` for ``data`` (RFC 2397).

    Examples
    --------
    >>> data_uri(b"hi", "text/plain")
    'data:text/plain;base64,aGk='
    """
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def wav_data_uri(y: np.ndarray, sr: int, *, title: str = "", comment: str = "") -> str:
    """The samples as a ``data:audio/wav`` URI, for an ``<audio src=...>``."""
    return data_uri(wav_bytes(y, sr, title=title, comment=comment), "audio/wav")


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
