"""Streaming WAV writer with title/comment metadata (RF64 for files over 4 GiB).

Python's ``wave`` module cannot write metadata and scipy's writer needs the
whole signal in memory, so this small writer streams blocks of 16-bit PCM
(default; plays in every slide program) or 32-bit float samples, then patches
the sizes. A RIFF ``LIST/INFO`` chunk before the data carries the title
(``INAM``), comment (``ICMT``) and software (``ISFT``). Nothing time-dependent
is written, so the same sound always gives the same bytes.

A RIFF WAV stores its sizes in 32 bits, so it cannot exceed 4 GiB (a day at
192 kHz in float32 is 66 GB, which the Case allows). For such files the
writer produces RF64 (EBU Tech 3306), the format Audacity, ffmpeg, sox,
libsndfile, scipy and broadcast tools read: ``RF64`` instead of ``RIFF``, the
32-bit sizes set to 0xFFFFFFFF, and a ``ds64`` chunk holding the 64-bit
sizes. :func:`wav_file_bytes` predicts the size, so the choice (and any
check of free space) is made before anything is rendered. Files that fit
are plain RIFF, byte for byte as before.

References
----------
.. [EBU3306] EBU Tech 3306, MBWF / RF64: an extended file format for audio (2009).
"""

from __future__ import annotations

import struct
from typing import BinaryIO

import numpy as np

from ..errors import ParameterError

__all__ = ["WavWriter", "to_pcm16", "wav_file_bytes", "needs_rf64", "SAMPLE_FORMATS", "RIFF_MAX_BYTES"]

SAMPLE_FORMATS = ("pcm16", "float32")
#: Largest RIFF size field, bytes (the file is 8 bytes more): the 4 GiB limit of 32-bit sizes.
RIFF_MAX_BYTES = 0xFFFFFFFF
_WIDTH = {"pcm16": 2, "float32": 4}
#: ds64 chunk body: RIFF size, data size, sample count (64 bits each), table length (32 bits).
_DS64_BODY = 28


def to_pcm16(y: np.ndarray) -> np.ndarray:
    """Float samples in [-1, 1] -> int16, rounded to nearest, clipped.

    Examples
    --------
    >>> to_pcm16(np.array([0.0, 0.5, -1.0, 2.0])).tolist()
    [0, 16384, -32767, 32767]
    """
    return np.clip(np.rint(y * 32767.0), -32767, 32767).astype("<i2")


def _info_chunk(title: str, comment: str) -> bytes:
    body = b"INFO"
    for key, text in ((b"INAM", title), (b"ICMT", comment), (b"ISFT", "murmur")):
        if not text:
            continue
        data = text.encode("utf-8") + b"\0"
        body += key + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")
    return b"LIST" + struct.pack("<I", len(body)) + body


class WavWriter:
    """Write a mono WAV file block by block.

    Parameters
    ----------
    fh : binary file
        Open for writing, seekable.
    sr : int
        Sample rate, Hz.
    sample_format : {'pcm16', 'float32'}, keyword-only
    title, comment : str, keyword-only
        Stored as RIFF INFO ``INAM`` and ``ICMT``.
    rf64 : bool, keyword-only
        Write RF64 (EBU Tech 3306) for files over 4 GiB; see :func:`needs_rf64`.

    Examples
    --------
    >>> import io
    >>> from scipy.io import wavfile
    >>> buf = io.BytesIO()
    >>> w = WavWriter(buf, 8000, title="demo")
    >>> w.write(np.array([0.0, 0.5]))
    >>> w.close()
    >>> _ = buf.seek(0)
    >>> wavfile.read(buf)[1].tolist()
    [0, 16384]
    """

    def __init__(
        self,
        fh: BinaryIO,
        sr: int,
        *,
        sample_format: str = "pcm16",
        title: str = "",
        comment: str = "",
        rf64: bool = False,
    ) -> None:
        if sample_format not in SAMPLE_FORMATS:
            raise ParameterError(
                f"sample_format must be one of {', '.join(SAMPLE_FORMATS)}; got {sample_format!r}.",
                param="sample_format",
            )
        self._fh = fh
        self._float = sample_format == "float32"
        self._rf64 = rf64
        self._n = 0
        self._width = _WIDTH[sample_format]
        head, self._fact_at = _header(sr, sample_format, title, comment, rf64)
        fh.write(head)
        self._data_at = len(head) - 4

    def write(self, y: np.ndarray) -> None:
        """Append float samples (full scale 1.0)."""
        data = y.astype("<f4") if self._float else to_pcm16(y)
        self._fh.write(data.tobytes())
        self._n += len(data)

    def close(self) -> None:
        """Patch the chunk sizes (pads the data to an even length).

        Raises
        ------
        ParameterError
            The data outgrew a RIFF file (over 4 GiB) and the writer was not
            opened with ``rf64=True``; :func:`needs_rf64` says so in advance.
        """
        n_bytes = self._n * self._width
        if n_bytes % 2:
            self._fh.write(b"\0")
        end = self._fh.tell()
        if self._rf64:
            self._fh.seek(12 + 8)  # the ds64 body
            self._fh.write(struct.pack("<QQQI", end - 8, n_bytes, self._n, 0))
        elif end - 8 > RIFF_MAX_BYTES:
            raise ParameterError(
                f"the WAV file grew to {end} bytes, over the 4 GiB a RIFF WAV holds; open the writer with rf64=True.",
                param="rf64",
            )
        else:
            self._fh.seek(4)
            self._fh.write(struct.pack("<I", end - 8))
            self._fh.seek(self._data_at)
            self._fh.write(struct.pack("<I", n_bytes))
            if self._float:
                self._fh.seek(self._fact_at)
                self._fh.write(struct.pack("<I", self._n))
        self._fh.seek(end)


def _header(sr: int, sample_format: str, title: str, comment: str, rf64: bool) -> tuple[bytes, int]:
    """Everything before the samples, sizes left 0 (RIFF) or 0xFFFFFFFF (RF64); and where ``fact`` holds its count."""
    width = _WIDTH[sample_format]
    if sample_format == "float32":
        fmt = struct.pack("<HHIIHHH", 3, 1, sr, sr * width, width, 32, 0)
    else:
        fmt = struct.pack("<HHIIHH", 1, 1, sr, sr * width, width, 16)
    size = 0xFFFFFFFF if rf64 else 0
    head = b"RF64" + struct.pack("<I", size) + b"WAVE" if rf64 else b"RIFF" + struct.pack("<I", 0) + b"WAVE"
    if rf64:
        head += b"ds64" + struct.pack("<I", _DS64_BODY) + bytes(_DS64_BODY)
    head += b"fmt " + struct.pack("<I", len(fmt)) + fmt
    fact_at = 0
    if sample_format == "float32":
        fact_at = len(head) + 8
        head += b"fact" + struct.pack("<I", 4) + struct.pack("<I", size)
    head += _info_chunk(title, comment)
    head += b"data" + struct.pack("<I", size)
    return head, fact_at


def wav_file_bytes(n_frames: int, sr: int, *, sample_format: str = "pcm16", title: str = "", comment: str = "") -> int:
    """The size of the file :class:`WavWriter` writes for ``n_frames`` mono samples, bytes.

    RF64 is chosen by :func:`needs_rf64` and adds its 36-byte ``ds64`` chunk.

    Examples
    --------
    >>> wav_file_bytes(8000, 8000)
    16072
    """
    data = n_frames * _WIDTH[sample_format]
    data += data % 2
    riff = len(_header(sr, sample_format, title, comment, False)[0]) + data
    if riff - 8 <= RIFF_MAX_BYTES:
        return riff
    return riff + 8 + _DS64_BODY


def needs_rf64(n_frames: int, sr: int, *, sample_format: str = "pcm16", title: str = "", comment: str = "") -> bool:
    """Whether ``n_frames`` samples outgrow a RIFF WAV (4 GiB), so the file must be RF64.

    Examples
    --------
    >>> needs_rf64(5600 * 192000, 192000, sample_format="float32")  # 93 min at 192 kHz, float
    True
    >>> needs_rf64(48_000 * 44100, 44100), needs_rf64(48_800 * 44100, 44100)  # 16-bit 44.1 kHz: ~48,700 s
    (False, True)
    """
    data = n_frames * _WIDTH[sample_format]
    return len(_header(sr, sample_format, title, comment, False)[0]) + data + data % 2 - 8 > RIFF_MAX_BYTES
