"""Lecture bundles: per case, the sound (faithful and laptop), labels, figure and handout.

``murmur lecture CASE [CASE ...] -o FOLDER`` writes ``FOLDER/CASE/`` with

- ``CASE.wav`` + ``CASE.txt``: the faithful sound and its label track;
- ``CASE-laptop.wav`` + ``CASE-laptop.txt``: the laptop-speaker version;
- ``CASE.png``: the labelled waveform and spectrogram (when matplotlib is
  available);
- ``CASE-wiggers.png``: the Wiggers diagram (ECG, pressures, LV volume,
  mitral flows and the heard beat on one time axis), for the cases the
  circulation model covers (normal and MR hearts at 40-150 bpm, in sinus
  rhythm or atrial fibrillation); for the others (mitral valve prolapse,
  rates outside 40-150 bpm) the handout says why there is none;
- ``README.md``: a handout saying what to listen for.

With ``loudness_lufs`` the bundle is loudness-normalised as one set: the
faithful and the laptop version of every case in it are measured (ITU-R
BS.1770-4) and all amplified by one gain, chosen so that the loudest file
reaches the target and no file's peak passes -1 dBFS. One gain for the whole
bundle keeps every comparison honest: mild MR stays softer than severe MR,
and a laptop version keeps its level against the faithful one. The gain is
stated in every label track's first label, in each handout and by ``say``.

Every file is written atomically, so a lecturer never finds half a bundle
file under its final name; the faithful WAV, its labels and the figure are
renamed into place together. Nothing is printed unless ``say`` is given.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from pathlib import Path

from ..case import Case
from ..errors import ParameterError
from ..files.export import ExportResult, export
from ..files.normalise import SetGain, check_target_lufs, normalise_cases
from ..files.safety import atomic_paths, make_folder
from ..physio.circulation import case_model
from ..physio.timeline import build_timeline
from ..presets import get_preset
from ..units import gain_to_db
from .handout import handout_markdown, loudness_lines

__all__ = ["write_lecture"]


def write_lecture(
    names: Sequence[str],
    folder: str | Path,
    *,
    changes: dict | None = None,
    figure: Callable[[Case, Path], object] | None = None,
    wiggers: Callable[[Case, Path], object] | None = None,
    say: Callable[[str], object] | None = None,
    loudness_lufs: float | None = None,
    page: Callable[[SetGain | None], object] | None = None,
) -> list[Path]:
    """Write a lecture bundle for each named case; returns the case folders.

    Parameters
    ----------
    names : sequence of str
        Preset names.
    folder : path-like
        Where to write (created if missing).
    changes : dict, keyword-only
        Case fields to change in every case (the CLI's options).
    figure : callable, keyword-only
        ``figure(case, png_path)`` writes the figure; None leaves it out.
    wiggers : callable, keyword-only
        ``wiggers(case, png_path)`` writes the Wiggers diagram
        (:func:`murmur.view.plots.write_wiggers_figure`), for each case the
        circulation model covers; None leaves it out.
    say : callable, keyword-only
        Called with a line per case written (the CLI prints it), and with
        the loudness normalisation; None says nothing.
    loudness_lufs : float, keyword-only
        Normalise the bundle to this loudness, -40 to -10 LUFS: one gain for
        every file (faithful and laptop versions of every case), the loudest
        at the target unless a peak would pass -1 dBFS. None (default): the
        files keep murmur's calibrated level.
    page : callable, keyword-only
        ``page(gain)`` writes the bundle's web page once every case is
        written, with the bundle's loudness gain (None when not normalised),
        so the page plays what the files hold; None writes no page.

    Raises
    ------
    ParameterError
        A name is no preset, an option is out of range, or ``folder`` cannot
        be made (it is a file, is read-only, ...); checked before writing.
    """
    target = None if loudness_lufs is None else check_target_lufs(loudness_lufs)
    cases = []
    for name in names:
        case = dataclasses.replace(get_preset(name).case, **(changes or {}))
        cases.append((name, dataclasses.replace(case, speaker="headphones")))
    root = make_folder(folder)
    shared: SetGain | None = None
    loudest_file = ""
    if target is not None:
        versions = [v for _, c in cases for v in (c, dataclasses.replace(c, speaker="laptop"))]
        shared, measured = normalise_cases(versions, target_lufs=target)
        loudest = max(range(len(versions)), key=lambda i: measured[i].loudness_lufs)
        top = cases[loudest // 2][0]
        loudest_file = f"{top}/{top}{'-laptop' if loudest % 2 else ''}.wav"
    out = []
    for name, case in cases:
        where = make_folder(root / name)
        files = {
            "wav": f"{name}.wav",
            "labels": f"{name}.txt",
            "laptop": f"{name}-laptop.wav",
            "laptop_labels": f"{name}-laptop.txt",
        }
        title = f"murmur: {name}"
        if figure is not None:
            files["figure"] = f"{name}.png"
        notes = []
        if wiggers is not None:
            try:
                case_model(case)
            except ParameterError as err:  # a valid case the model does not cover: the handout says so
                notes.append(f"No Wiggers diagram for this case: {err}")
            else:
                files["wiggers"] = f"{name}-wiggers.png"
        # A bundle holds murmur's own fixed names, so a new bundle replaces an old one's files.
        about = f"{case.describe()}; {case.listening()}"
        laptop = dataclasses.replace(case, speaker="laptop")
        written: list[ExportResult] = [
            export(
                case, where / files["wav"], figure=figure, title=title, comment=about, force=True, shared_gain=shared
            ),
            export(
                laptop,
                where / files["laptop"],
                title=f"{title} (laptop)",
                comment=laptop.listening(),
                force=True,
                shared_gain=shared,
            ),
        ]
        loudness: list[str] = []
        if shared is not None:
            heard = [
                (r.wav_path.name, -math.inf if r.loudness_lufs is None else r.loudness_lufs, gain_to_db(r.peak))
                for r in written
            ]
            loudness = loudness_lines(shared, cases=[n for n, _ in cases], loudest=loudest_file, files=heard)
        if wiggers is not None and "wiggers" in files:
            wiggers(case, where / files["wiggers"])
        readme = where / "README.md"
        with atomic_paths(readme) as (tmp,):
            text = handout_markdown(case, name, build_timeline(case), files, notes=notes, loudness=loudness)
            tmp.write_text(text, encoding="utf-8")
        if say is not None:
            say(f"wrote {where}/ ({', '.join(sorted(files.values()))}, README.md)")
        out.append(where)
    if shared is not None and say is not None:
        say(shared.summary(loudest=loudest_file))
    if page is not None:
        page(shared)
    return out
