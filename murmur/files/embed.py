"""Sound and pictures as bytes and ``data:`` URIs, for pages and notebooks.

A page a lecturer mails to students, or a notebook cell's output, must carry
its audio and figures inside itself: no network, no files beside it. These
helpers turn samples into WAV bytes (16-bit PCM, the format every browser
plays) and any bytes into a ``data:`` URI. Figures are encoded in
:mod:`murmur.view.pictures`.

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

import numpy as np

from .wav import WavWriter

__all__ = ["wav_bytes", "data_uri", "wav_data_uri"]


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
