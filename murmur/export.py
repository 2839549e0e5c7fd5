"""Export a case as a WAV file plus an Audacity label file, streamed.

The sound is rendered and written block by block, so an export of any length
runs in constant memory; both files are written under temporary names in the
destination folder and renamed into place only when complete.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .case import Case
from .labels import Label, beat_labels, format_labels, sort_labels
from .level import apply_level
from .render import Renderer, n_samples
from .wav import WavWriter, atomic_paths, check_output_path

__all__ = ["export", "ExportResult", "labels_path_for"]

#: Block length of the streamed render, s.
BLOCK_S = 2.0


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    wav_path: Path
    labels_path: Path | None
    n_samples: int
    peak: float


def labels_path_for(wav_path: str | os.PathLike[str]) -> Path:
    """The label file beside a WAV: same name, ``.txt``."""
    return Path(wav_path).with_suffix(".txt")


def export(
    case: Case,
    path: str | os.PathLike[str],
    *,
    labels: bool = True,
    sample_format: str = "pcm16",
    title: str = "",
    comment: str = "",
    progress: Callable[[float], None] | None = None,
) -> ExportResult:
    """Write ``case`` to ``path`` (WAV) and its labels to ``path`` with ``.txt``.

    Parameters
    ----------
    case : Case
        What to render; ``duration_s`` and ``sr`` set the file's length and rate.
    path : path-like
        Destination ``.wav``; its folder must exist and be writable.
    labels : bool, keyword-only
        Also write the Audacity label track.
    sample_format : {'pcm16', 'float32'}, keyword-only
        16-bit PCM (default) or 32-bit float samples.
    title, comment : str, keyword-only
        WAV metadata (RIFF INFO INAM / ICMT).
    progress : callable, keyword-only
        Called with the fraction done (0-1] after each block.

    Raises
    ------
    ParameterError
        The path cannot be written (nothing is left behind).

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> r = export(Case(duration_s=1, sr=8000), os.path.join(d, "n.wav"))
    >>> r.n_samples, r.labels_path.name
    (8000, 'n.txt')
    """
    wav_path = check_output_path(path, suffix=".wav")
    targets = [wav_path] + ([labels_path_for(wav_path)] if labels else [])
    sr = case.sr
    n_total = n_samples(case.duration_s, sr)
    block = int(BLOCK_S * sr)
    renderer = Renderer(case)
    label_rows = []
    seen = -1
    peak = 0.0
    with atomic_paths(*targets) as temps:
        with open(temps[0], "wb") as fh:
            writer = WavWriter(fh, sr, sample_format=sample_format, title=title, comment=comment)
            for n0 in range(0, n_total, block):
                n1 = min(n0 + block, n_total)
                y = apply_level(renderer.render(n0, n1), n0, n_total, sr)
                writer.write(y)
                peak = max(peak, float(abs(y).max()))
                new = [b for b in renderer.beats if b.index > seen and b.start_s < n1 / sr]
                if new:
                    label_rows += beat_labels(new, n_total / sr)
                    seen = new[-1].index
                renderer.forget_before(n1 / sr)
                if progress is not None:
                    progress(n1 / n_total)
            writer.close()
        if labels:
            # A first point label states how the sound is heard (site, chest
            # piece, speaker mode, background), so the file never misleads.
            heading = [Label(0.0, 0.0, f"{case.describe()} | {case.listening()}")]
            Path(temps[1]).write_text(format_labels(heading + sort_labels(label_rows)), encoding="utf-8")
    return ExportResult(wav_path, targets[1] if labels else None, n_total, peak)
