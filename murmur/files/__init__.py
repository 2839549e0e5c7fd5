"""What is written: WAV files, label tracks, loudness, and the safety of every write.

Every file is written under a temporary name in its folder and renamed into
place, so nothing half-written is ever left (:func:`atomic_paths`).
"""

from .export import ExportResult, export
from .labels import Label, beat_labels, format_labels, parse_labels
from .loudness import LoudnessMeter
from .normalise import SetGain, normalise_cases
from .safety import atomic_paths, check_output_path, make_folder
from .wav import WavWriter

__all__ = [
    "export",
    "ExportResult",
    "Label",
    "beat_labels",
    "format_labels",
    "parse_labels",
    "LoudnessMeter",
    "SetGain",
    "normalise_cases",
    "atomic_paths",
    "check_output_path",
    "make_folder",
    "WavWriter",
]
