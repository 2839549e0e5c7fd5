"""Options shared by the commands: every Case field as an option, the device, the loudness target.

The Case options are made from the Case's own field metadata
(:func:`murmur.case.case_fields`, each a FieldSpec), so options and fields
cannot drift apart. Numbers are read as text and checked with the Case's own
range sentence, which echoes what was typed.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..case import Case, case_fields, check_field, field_spec
from ..errors import ParameterError
from ..presets import get_preset
from .terminal import shown_line

if TYPE_CHECKING:
    from .command import CommandParser

__all__ = [
    "option_name",
    "error_line",
    "add_case_options",
    "add_device_option",
    "add_loudness_option",
    "loudness_target",
    "attach_negative_values",
    "number",
    "case_changes",
    "case_from_args",
    "cases_from_args",
]

#: Options besides the numeric Case fields whose value may start with '-' (a negative number).
_OTHER_NUMERIC_OPTIONS = ("--seconds-shown", "--loudness")


def option_name(field_name: str) -> str:
    """CLI option of a Case field.

    Examples
    --------
    >>> option_name("heart_rate_bpm")
    '--heart-rate-bpm'
    """
    return "--" + field_name.replace("_", "-")


def error_line(err: BaseException) -> str:
    """An error's sentence as one line, its parameter (``err.param``) shown as the option that sets it.

    Examples
    --------
    >>> error_line(ParameterError("grade must be between 1 and 6; got 7.", param="grade"))
    '--grade must be between 1 and 6; got 7.'
    """
    msg = shown_line(str(err))
    param = getattr(err, "param", None)
    if param and msg.startswith(param + " "):
        msg = option_name(param) + msg[len(param) :]
    return msg


def add_case_options(p: CommandParser) -> None:
    """Every Case field as an option whose default is the preset's value."""
    g = p.add_group("case options (default: the preset's value)")
    for name, _, spec in case_fields():
        opt = option_name(name)
        if spec.kind is bool:
            g.add_argument(opt, action=argparse.BooleanOptionalAction, default=None, help=spec.help)
        elif spec.choices:
            g.add_argument(opt, choices=spec.choices, default=None, help=spec.help)
        else:  # read as text: case_from_args checks it with the range sentence of the Case
            g.add_argument(
                opt,
                default=None,
                metavar=(spec.unit or name.split("_")[0]).upper().replace("/", "_PER_"),
                help=f"{spec.help}, {spec.range_text()}",
            )


def add_device_option(p: argparse.ArgumentParser) -> None:
    """``--device``: the audio output device."""
    p.add_argument(
        "--device",
        metavar="NAME_OR_INDEX",
        default=None,
        help="output device: index or part of its name from 'murmur devices' (default: the system's)",
    )


def add_loudness_option(p: argparse.ArgumentParser, what: str) -> None:
    """``--loudness``: a target for normalising ``what`` (the sound, the bundle, ...)."""
    p.add_argument(  # read as text: loudness_target checks it with the range sentence
        "--loudness",
        metavar="LUFS",
        default=None,
        help=f"normalise {what} to this integrated loudness (ITU-R BS.1770-4), -40 to -10 LUFS, e.g. -20 for a "
        "lecture hall; peaks stay at or below -1 dBFS (default: murmur's fixed calibrated level)",
    )


def loudness_target(args: argparse.Namespace) -> float | None:
    """--loudness as a number of LUFS from -40 to -10 (None when not given); the sentence echoes what was typed."""
    from ..files.normalise import check_target_lufs

    text = getattr(args, "loudness", None)
    if text is None:
        return None
    value: object = text
    with contextlib.suppress(ValueError):
        value = float(text.strip())
    return check_target_lufs(value, typed=text if text.strip() else repr(text))


def attach_negative_values(argv: Sequence[str], known: set[str]) -> list[str]:
    """``--heart-rate-bpm -inf`` -> ``--heart-rate-bpm=-inf`` (argparse reads a value starting with '-' as an
    option); ``known`` are the option strings of the parser, which stay options.

    Examples
    --------
    >>> attach_negative_values(["export", "normal", "--grade", "-1", "--sr", "-q"], {"-q"})
    ['export', 'normal', '--grade=-1', '--sr', '-q']
    """
    numeric = {option_name(n) for n, _, spec in case_fields() if spec.low is not None}
    numeric.update(_OTHER_NUMERIC_OPTIONS)
    out: list[str] = []
    i = 0
    while i < len(argv):
        tok = argv[i]
        nxt = argv[i + 1] if i + 1 < len(argv) else None
        if tok in numeric and nxt is not None and nxt.startswith("-") and nxt.split("=")[0] not in known:
            out.append(f"{tok}={nxt}")
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def number(name: str, text: str) -> Any:
    """The number typed for a Case field, checked with the Case's own sentence (echoing what was typed)."""
    kind = field_spec(name).kind
    value: Any = text
    for parse in (kind, float) if kind is int else (float,):
        try:
            value = parse(text.strip())
            break
        except (ValueError, OverflowError):
            continue
    return check_field(name, value, typed=text)


def case_changes(args: argparse.Namespace) -> dict[str, Any]:
    """The Case fields given on the command line, numbers parsed and checked."""
    changes = {}
    for name, _, spec in case_fields():
        value = getattr(args, name, None)
        if value is None:
            continue
        changes[name] = number(name, value) if spec.low is not None and isinstance(value, str) else value
    return changes


def _findings_text(findings: Sequence[str]) -> str:
    return " or ".join(repr(f) for f in findings)


def case_from_args(args: argparse.Namespace, name: str | None = None) -> Case:
    """The preset named on the command line with the given options applied.

    An option that changes nothing in this case (``--grade`` on ``normal``,
    ``--posture`` on MR: its FieldSpec's ``applies_to``) is refused, never
    silently ignored.
    """
    preset = get_preset(name or args.case)
    changes = case_changes(args)
    case = dataclasses.replace(preset.case, **changes)
    for field in changes:
        findings = field_spec(field).applies_to
        if findings and case.finding not in findings:
            raise ParameterError(
                f"{field} changes only cases with finding {_findings_text(findings)}, but case {preset.name!r} "
                f"has finding {case.finding!r}; drop it, or choose such a case (see 'murmur cases').",
                param=field,
            )
    return case


def cases_from_args(args: argparse.Namespace, names: Sequence[str]) -> list[Case]:
    """Several presets with the options applied; an option is applied where it fits and refused if it fits none."""
    changes = case_changes(args)
    presets = [get_preset(n) for n in names]
    for field in changes:
        findings = field_spec(field).applies_to
        fits = [p for p in presets if dataclasses.replace(p.case, **changes).finding in findings]
        if findings and not fits:
            raise ParameterError(
                f"{field} changes only cases with finding {_findings_text(findings)}, and none of "
                f"{', '.join(names)} has it; drop it, or add such a case (see 'murmur cases').",
                param=field,
            )
    out = []
    for p in presets:
        base = dataclasses.replace(p.case, **changes)
        own = {f: v for f, v in changes.items() if base.finding in (field_spec(f).applies_to or (base.finding,))}
        out.append(dataclasses.replace(p.case, **own))
    return out
