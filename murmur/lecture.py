"""Lecture bundles: per case, the sound (faithful and laptop), labels, figure and handout.

``murmur lecture CASE [CASE ...] -o FOLDER`` writes ``FOLDER/CASE/`` with

- ``CASE.wav`` + ``CASE.txt``: the faithful sound and its label track;
- ``CASE-laptop.wav`` + ``CASE-laptop.txt``: the laptop-speaker version;
- ``CASE.png``: the labelled waveform and spectrogram (when matplotlib is
  available);
- ``CASE-wiggers.png``: the Wiggers diagram (ECG, pressures, LV volume,
  mitral flows and the heard beat on one time axis), for the cases the
  circulation model covers; for the others (mitral valve prolapse, atrial
  fibrillation, rates outside 40-150 bpm) the handout says why there is none;
- ``README.md``: a handout saying what to listen for.

Every file is written atomically, so a lecturer never finds half a bundle
file under its final name; the faithful WAV, its labels and the figure are
renamed into place together. Nothing is printed unless ``say`` is given.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

from .case import Case
from .errors import ParameterError
from .export import export
from .files import atomic_paths, make_folder
from .handout import handout_markdown
from .hemodynamics import case_model
from .presets import get_preset
from .timeline import build_timeline

__all__ = ["write_lecture"]


def write_lecture(
    names: Sequence[str],
    folder: str | Path,
    *,
    changes: dict | None = None,
    figure: Callable[[Case, Path], None] | None = None,
    wiggers: Callable[[Case, Path], object] | None = None,
    say: Callable[[str], object] | None = None,
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
        (:func:`murmur.plots.write_wiggers_figure`), for each case the
        circulation model covers; None leaves it out.
    say : callable, keyword-only
        Called with a line per case written (the CLI prints it); None says nothing.

    Raises
    ------
    ParameterError
        A name is no preset, an option is out of range, or ``folder`` cannot
        be made (it is a file, is read-only, ...); checked before writing.
    """
    cases = []
    for name in names:
        case = dataclasses.replace(get_preset(name).case, **(changes or {}))
        cases.append((name, dataclasses.replace(case, speaker="headphones")))
    root = make_folder(folder)
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
        export(case, where / files["wav"], figure=figure, title=title, comment=about, force=True)
        laptop = dataclasses.replace(case, speaker="laptop")
        export(laptop, where / files["laptop"], title=f"{title} (laptop)", comment=laptop.listening(), force=True)
        if "wiggers" in files:
            wiggers(case, where / files["wiggers"])
        readme = where / "README.md"
        with atomic_paths(readme) as (tmp,):
            tmp.write_text(handout_markdown(case, name, build_timeline(case), files, notes=notes), encoding="utf-8")
        if say is not None:
            say(f"wrote {where}/ ({', '.join(sorted(files.values()))}, README.md)")
        out.append(where)
    return out
