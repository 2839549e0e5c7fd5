"""Export a case as a WAV file plus an Audacity label file, streamed.

The sound is rendered and written block by block, so an export of any length
runs in constant memory. With a loudness target it is rendered twice: once
to measure it (:func:`murmur.files.normalise.measure_case`, streamed too), once to
write it with the one gain that brings it to the target (rendering is
deterministic, so both passes give the same samples). Every path is checked, and the size predicted
(RF64 beyond 4 GiB, free space, file-size limit), before anything is
rendered; the WAV, its labels and its figure are written under temporary names
in the destination folder and renamed into place together, under a folder
lock, only when all are complete: two exports to the same name leave one
consistent set, and an interrupted export leaves nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..case import Case
from ..errors import ParameterError
from ..presets import Preset, as_case
from ..sound.render import Renderer, levelled_blocks, n_samples
from .labels import Label, beat_labels, format_labels, sort_labels
from .loudness import LoudnessMeter
from .normalise import SetGain, check_target_lufs, measure_case, set_gain
from .safety import atomic_paths, check_output_path, check_replaceable, check_room, write_error
from .wav import WavWriter, needs_rf64, wav_file_bytes

__all__ = ["export", "ExportResult", "labels_path_for", "figure_path_for"]

#: Block length of the streamed render, s.
BLOCK_S = 2.0


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    wav_path: Path
    labels_path: Path | None
    n_samples: int
    peak: float
    figure_path: Path | None = None
    rf64: bool = False
    #: The loudness normalisation applied (None: the sound at murmur's calibrated level).
    gain: SetGain | None = None
    #: The written sound's integrated loudness, LUFS (measured while writing; None without normalisation).
    loudness_lufs: float | None = None


def labels_path_for(wav_path: str | os.PathLike[str]) -> Path:
    """The label file beside a WAV: same name, ``.txt``."""
    return Path(wav_path).with_suffix(".txt")


def figure_path_for(wav_path: str | os.PathLike[str]) -> Path:
    """The figure beside a WAV: same name, ``.png``."""
    return Path(wav_path).with_suffix(".png")


def export(
    case: Case | Preset | str,
    path: str | os.PathLike[str],
    *,
    labels: bool = True,
    figure: Callable[[Case, Path], Any] | None = None,
    sample_format: str = "pcm16",
    title: str = "",
    comment: str = "",
    progress: Callable[[float], None] | None = None,
    force: bool = False,
    loudness_lufs: float | None = None,
    shared_gain: SetGain | None = None,
) -> ExportResult:
    """Write ``case`` to ``path`` (WAV), its labels to ``path`` with ``.txt``, its figure with ``.png``.

    Parameters
    ----------
    case : Case, Preset or str
        What to render (a preset name is read as that preset's Case);
        ``duration_s`` and ``sr`` set the file's length and rate.
    path : path-like
        Destination ``.wav``; its folder must exist and be writable. Files
        over 4 GiB are written as RF64.
    labels : bool, keyword-only
        Also write the Audacity label track. Without it, a label file murmur
        wrote beside ``path`` for an earlier sound is removed.
    figure : callable, keyword-only
        ``figure(case, png_path)`` writes the figure (for example
        :func:`murmur.view.plots.write_case_figure`); None writes none, and
        removes a figure murmur wrote beside ``path`` for an earlier sound.
    sample_format : {'pcm16', 'float32'}, keyword-only
        16-bit PCM (default) or 32-bit float samples.
    title, comment : str, keyword-only
        WAV metadata (RIFF INFO INAM / ICMT).
    progress : callable, keyword-only
        Called with the fraction done (0-1] after each block.
    force : bool, keyword-only
        Replace a label file or figure beside ``path`` that murmur did not
        write (by default that is refused, so a user's ``notes.txt`` survives
        ``-o notes.wav``).
    loudness_lufs : float, keyword-only
        Normalise the sound alone to this integrated loudness, -40 to -10
        LUFS (ITU-R BS.1770-4): it is measured in a first streamed pass and
        written with one gain, lowered if needed so that its peak stays at or
        below -1 dBFS (``result.gain.limited`` then says the target was not
        reached). None (default) writes murmur's calibrated level.
    shared_gain : SetGain, keyword-only
        Apply a gain computed for a set of sounds
        (:func:`murmur.files.normalise.normalise_cases`) instead, so the set keeps
        its level differences. Not with ``loudness_lufs``.

    The gain is applied after the level stage as one scalar, and stated in
    the label track's first label.

    Raises
    ------
    ParameterError
        A path cannot be written or would replace a file murmur did not
        write (checked before rendering; nothing is left behind).
    OutputError
        The disk or the file-size limit cannot hold the file (checked before
        rendering), or writing failed.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> r = export(Case(duration_s=1, sr=8000), os.path.join(d, "n.wav"))
    >>> r.n_samples, r.labels_path.name
    (8000, 'n.txt')
    """
    case = as_case(case)
    if loudness_lufs is not None and shared_gain is not None:
        raise ParameterError(
            "give loudness_lufs (normalise this sound alone) or shared_gain (a set's gain), not both.",
            param="loudness",
        )
    target = None if loudness_lufs is None else check_target_lufs(loudness_lufs)
    wav_path = check_output_path(path, suffix=".wav")
    labels_path = check_output_path(labels_path_for(wav_path), suffix=".txt", role="label file") if labels else None
    fig_path = check_output_path(figure_path_for(wav_path), suffix=".png", role="figure") if figure else None
    beside = tuple(p for p in (labels_path, fig_path) if p is not None)
    for p in beside:
        check_replaceable(p, force=force)
    sr = case.sr
    n_total = n_samples(case.duration_s, sr)
    meta = {"sample_format": sample_format, "title": title, "comment": comment}
    rf64 = needs_rf64(n_total, sr, **meta)
    check_room(wav_path, wav_file_bytes(n_total, sr, **meta))
    block = int(BLOCK_S * sr)
    norm, done = shared_gain, 0.0
    if target is not None:

        def half(fraction: float) -> None:
            if progress is not None:
                progress(fraction / 2)

        norm, done = set_gain([measure_case(case, progress=half)], target_lufs=target), 0.5
    meter = LoudnessMeter(sr) if norm is not None else None
    gain = 1.0 if norm is None else norm.gain
    renderer = Renderer(case)
    label_rows = []
    seen = -1
    peak = 0.0
    # an earlier export's labels or figure left beside this sound would describe another one
    left_out = ((labels_path_for(wav_path), labels), (figure_path_for(wav_path), figure))
    stale = tuple(p for p, made in left_out if not made)
    with atomic_paths(wav_path, *beside, keep=beside, force=force, drop=stale) as temps:
        try:
            with open(temps[0], "wb") as fh:
                writer = WavWriter(fh, sr, rf64=rf64, **meta)
                n1 = 0
                for y in levelled_blocks(renderer, n_total, block=block):
                    if meter is not None:
                        y = y * gain
                        meter.update(y)
                    n1 += len(y)
                    writer.write(y)
                    peak = max(peak, float(abs(y).max()))
                    new = [b for b in renderer.beats if b.index > seen and b.start_s < n1 / sr]
                    if new:
                        label_rows += beat_labels(new, n_total / sr)
                        seen = new[-1].index
                    if progress is not None:
                        progress(done + (1 - done) * n1 / n_total)
                writer.close()
        except OSError as err:
            raise write_error(err, wav_path) from None
        if labels_path is not None:
            # A first point label states how the sound is heard (site, chest
            # piece, speaker mode, background), so the file never misleads.
            # With normalisation it also states the gain and this sound's loudness.
            head = f"{case.describe()} | {case.listening()}"
            if norm is not None and meter is not None:
                head += f" | {norm.summary()}"
                head += f"; this sound {meter.integrated_lufs():.1f} LUFS" if norm.n_sounds > 1 else ""
            heading = [Label(0.0, 0.0, head)]
            try:
                temps[1].write_text(format_labels(heading + sort_labels(label_rows)), encoding="utf-8")
            except OSError as err:
                raise write_error(err, labels_path) from None
        if figure is not None:
            figure(case, temps[-1])
    loudness = None if meter is None else meter.integrated_lufs()
    return ExportResult(wav_path, labels_path, n_total, peak, fig_path, rf64, norm, loudness)
