"""Streaming WAV writer with title/comment metadata, and atomic file writes.

Python's ``wave`` module cannot write metadata and scipy's writer needs the
whole signal in memory, so this ~100-line writer streams blocks of 16-bit PCM
(default; plays in every slide program) or 32-bit float samples, then patches
the sizes. A RIFF ``LIST/INFO`` chunk before the data carries the title
(``INAM``), comment (``ICMT``) and software (``ISFT``). Nothing time-dependent
is written, so the same sound always gives the same bytes.
"""

from __future__ import annotations

import contextlib
import os
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

from .errors import ParameterError

__all__ = ["WavWriter", "to_pcm16", "atomic_paths", "check_output_path", "SAMPLE_FORMATS"]

SAMPLE_FORMATS = ("pcm16", "float32")


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
        self, fh: BinaryIO, sr: int, *, sample_format: str = "pcm16", title: str = "", comment: str = ""
    ) -> None:
        if sample_format not in SAMPLE_FORMATS:
            raise ParameterError(
                f"sample_format must be one of {', '.join(SAMPLE_FORMATS)}; got {sample_format!r}.",
                param="sample_format",
            )
        self._fh = fh
        self._float = sample_format == "float32"
        self._n = 0
        width = 4 if self._float else 2
        if self._float:
            fmt = struct.pack("<HHIIHHH", 3, 1, sr, sr * width, width, 32, 0)
        else:
            fmt = struct.pack("<HHIIHH", 1, 1, sr, sr * width, width, 16)
        head = b"fmt " + struct.pack("<I", len(fmt)) + fmt
        if self._float:
            self._fact_at = 12 + len(head) + 8
            head += b"fact" + struct.pack("<I", 4) + struct.pack("<I", 0)
        head += _info_chunk(title, comment)
        fh.write(b"RIFF" + struct.pack("<I", 0) + b"WAVE" + head + b"data" + struct.pack("<I", 0))
        self._data_at = 12 + len(head) + 4
        self._width = width

    def write(self, y: np.ndarray) -> None:
        """Append float samples (full scale 1.0)."""
        data = y.astype("<f4") if self._float else to_pcm16(y)
        self._fh.write(data.tobytes())
        self._n += len(data)

    def close(self) -> None:
        """Patch the chunk sizes (pads the data to an even length)."""
        n_bytes = self._n * self._width
        if n_bytes % 2:
            self._fh.write(b"\0")
        end = self._fh.tell()
        self._fh.seek(4)
        self._fh.write(struct.pack("<I", end - 8))
        self._fh.seek(self._data_at)
        self._fh.write(struct.pack("<I", n_bytes))
        if self._float:
            self._fh.seek(self._fact_at)
            self._fh.write(struct.pack("<I", self._n))
        self._fh.seek(end)


def check_output_path(path: str | os.PathLike[str], *, suffix: str, param: str = "output") -> Path:
    """Check that ``path`` can be written: right suffix, existing writable folder.

    Examples
    --------
    >>> check_output_path("/nonexistent-folder/x.wav", suffix=".wav")
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: output folder '/nonexistent-folder' does not exist; create it or choose another path.
    """
    p = Path(path)
    if p.suffix.lower() != suffix:
        raise ParameterError(f"{param} must be a {suffix} file name; got {str(p)!r}.", param=param)
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise ParameterError(
            f"{param} folder {str(folder)!r} does not exist; create it or choose another path.", param=param
        )
    if not os.access(folder, os.W_OK):
        raise ParameterError(f"{param} folder {str(folder)!r} is not writable; choose another path.", param=param)
    if p.is_dir():
        raise ParameterError(f"{param} {str(p)!r} is a folder; give a file name ending in {suffix}.", param=param)
    return p


@contextlib.contextmanager
def atomic_paths(*paths: Path, param: str = "output") -> Iterator[list[Path]]:
    """Yield temporary paths beside ``paths``; rename them into place on success.

    On any error every temporary file is removed, so nothing half-written is
    ever left under the final names.
    """
    temps: list[Path] = []
    try:
        for p in paths:
            try:
                fd, name = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=p.parent)
            except OSError as err:
                raise ParameterError(
                    f"cannot write to folder {str(p.parent)!r} ({err.strerror}); choose another path.", param=param
                ) from None
            os.close(fd)
            temps.append(Path(name))
        yield temps
        for tmp, p in zip(temps, paths, strict=True):
            os.chmod(tmp, 0o644)
            os.replace(tmp, p)
        temps = []
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
