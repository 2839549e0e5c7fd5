"""The ``murmur`` command line.

Every Case field is an option of the commands that render (``--heart-rate-bpm``
for ``heart_rate_bpm``); the options are generated from the Case's own field
metadata so they cannot drift apart. Errors are one line on stderr and an exit
code: 2 bad usage or input, 3 audio unavailable, 1 other failures, 130
interrupted (128 + the signal's number for SIGTERM, SIGHUP and SIGQUIT, which
clean up like Ctrl-C). Printing never fails a command: a closed or full
stdout/stderr or a terminal that cannot show a character only loses text.
This module imports numpy only when a command needs it, so ``murmur --help``
starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..case import Case, case_fields, check_field, field_spec
from ..errors import AudioUnavailableError, MurmurError, OutputError, ParameterError
from ..presets import PRESETS, get_preset

__all__ = ["main", "build_parser", "case_from_args", "option_name"]

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_AUDIO, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

#: Length of the files ``murmur samples`` writes, s ("a few seconds each").
SAMPLES_DURATION_S = 6.0
#: Cases the demo plays or writes, in teaching order.
DEMO_CASES = ("normal", "mr-mild", "mr-severe")
#: Most cases ``murmur compare`` stacks (more would be unreadably thin rows).
MAX_COMPARED = 6
#: The comparison figure ``murmur samples`` writes.
COMPARE_SAMPLE = ("normal", "mr-mild", "mr-severe")
#: The case ``murmur samples`` also writes as patients are recorded (``--background clinic``).
CLINIC_SAMPLE = "mr-mild"


class _UsageError(Exception):
    pass


class _Stopped(KeyboardInterrupt):
    """SIGTERM, SIGHUP or SIGQUIT, raised where the program is so that cleanup runs as for Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


#: Signals that stop murmur cleanly (temporary files removed), with exit code 128 + number.
_STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, n))


@contextlib.contextmanager
def _stop_signals_interrupt():
    """Turn the stop signals into :class:`_Stopped` while a command runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        for sig in _STOP_SIGNALS:  # a second signal must not interrupt the cleanup
            signal.signal(sig, signal.SIG_IGN)
        raise _Stopped(signum)

    saved = {sig: signal.signal(sig, stop) for sig in _STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _say(text: str = "", *, err: bool = False, end: str = "\n", flush: bool = False) -> bool:
    """Print ``text``; a closed, full or narrow-charset stream never fails the command.

    Returns False when the stream could not take it (the caller may stop trying).
    """
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return False
    try:
        try:
            stream.write(text + end)
        except UnicodeEncodeError:
            enc = getattr(stream, "encoding", None) or "ascii"
            stream.write((text + end).encode(enc, "backslashreplace").decode(enc))
        if flush:
            stream.flush()
    except (OSError, ValueError):
        return False
    return True


def _settle_stdout() -> None:
    """Flush stdout now; if it is closed or full, send what is left nowhere so exit stays quiet."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
                os.close(devnull)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line (no usage dump)."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        raise _UsageError(f"{message} (see '{self.prog} --help')")


def option_name(field_name: str) -> str:
    """CLI option of a Case field.

    Examples
    --------
    >>> option_name("heart_rate_bpm")
    '--heart-rate-bpm'
    """
    return "--" + field_name.replace("_", "-")


def _add_case_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("case options (default: the preset's value)")
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


def _add_device_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--device",
        metavar="NAME_OR_INDEX",
        default=None,
        help="output device: index or part of its name from 'murmur devices' (default: the system's)",
    )


def _add_figure_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--save", metavar="FILE", help="write the figure (.png, .svg or .pdf) instead of opening a window")
    p.add_argument(  # read as text: _seconds_shown checks it with the range sentence
        "--seconds-shown",
        metavar="S",
        default=None,
        help="seconds shown, 0.1 to the case's duration (default: three cardiac cycles)",
    )


def _numeric_options() -> set[str]:
    opts = {option_name(n) for n, _, spec in case_fields() if spec.low is not None}
    return opts | {"--seconds-shown", "--loudness"}


def _add_loudness_option(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(  # read as text: _loudness_target checks it with the range sentence
        "--loudness",
        metavar="LUFS",
        default=None,
        help=f"normalise {what} to this integrated loudness (ITU-R BS.1770-4), -40 to -10 LUFS, e.g. -20 for a "
        "lecture hall; peaks stay at or below -1 dBFS (default: murmur's fixed calibrated level)",
    )


def _loudness_target(args: argparse.Namespace) -> float | None:
    """--loudness as a number of LUFS from -40 to -10 (None when not given); the sentence echoes what was typed."""
    from ..files.normalise import check_target_lufs

    text = getattr(args, "loudness", None)
    if text is None:
        return None
    value: object = text
    with contextlib.suppress(ValueError):
        value = float(text.strip())
    return check_target_lufs(value, typed=text if text.strip() else repr(text))


def _negative_values_attached(argv: list[str], known: set[str]) -> list[str]:
    """``--heart-rate-bpm -inf`` -> ``--heart-rate-bpm=-inf`` (argparse reads a value starting with '-' as an
    option)."""
    numeric = _numeric_options()
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


def _number(name: str, text: str) -> Any:
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


def _case_changes(args: argparse.Namespace) -> dict[str, Any]:
    """The Case fields given on the command line, numbers parsed and checked."""
    changes = {}
    for name, _, spec in case_fields():
        value = getattr(args, name, None)
        if value is None:
            continue
        changes[name] = _number(name, value) if spec.low is not None and isinstance(value, str) else value
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
    changes = _case_changes(args)
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


def _cases_from_args(args: argparse.Namespace, names: Sequence[str]) -> list[Case]:
    """Several presets with the options applied; an option is applied where it fits and refused if it fits none."""
    changes = _case_changes(args)
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


def _progress_printer(label: str, duration_s: float):
    """Progress on stderr for long exports; a closed stderr drops it and the export goes on."""
    if duration_s < 60 or not sys.stderr:
        return None
    try:
        tty = sys.stderr.isatty()
    except (OSError, ValueError):
        return None
    last = [-1]
    alive = [True]

    def show(fraction: float) -> None:
        pct = int(fraction * 100)
        if not alive[0]:
            return
        if tty:
            alive[0] = _say(f"\r{label}: {pct:3d}%", err=True, end="" if fraction < 1 else "\n", flush=True)
        elif pct // 10 != last[0]:
            last[0] = pct // 10
            alive[0] = _say(f"{label}: {pct}%", err=True, flush=True)

    return show


def _export_one(
    case: Case,
    path: str | Path,
    name: str,
    *,
    quiet: bool = False,
    sample_format: str = "pcm16",
    labels: bool = True,
    figure: bool = False,
    force: bool = False,
    loudness_lufs: float | None = None,
) -> None:
    from ..files.export import export

    def draw(c: Case, png: Path) -> None:
        from ..view.plots import write_case_figure

        write_case_figure(c, png, title=name)

    summary = PRESETS[name].summary if name in PRESETS else ""
    result = export(
        case,
        path,
        labels=labels,
        figure=draw if figure else None,
        sample_format=sample_format,
        title=f"murmur: {name}",
        comment=f"{summary} [{case.describe()}; {case.listening()}; seed {case.seed}]",
        progress=None if quiet else _progress_printer(f"exporting {path}", case.duration_s),
        force=force,
        loudness_lufs=loudness_lufs,
    )
    if not quiet:
        if result.figure_path:
            _say(f"wrote {result.figure_path} (waveform and spectrogram, every event labelled)")
        bits = "16-bit PCM" if sample_format == "pcm16" else "32-bit float"
        bits += ", RF64 (over 4 GiB)" if result.rf64 else ""
        extra = f" and labels to {result.labels_path}" if result.labels_path else ""
        _say(f"wrote {result.wav_path} ({case.duration_s:g} s, {case.sr} Hz, {bits}){extra}")
        _say(f"  {case.describe()}; heard {case.listening()}")
        if result.gain is not None:
            _say(f"  {result.gain.summary()}")


def _cmd_cases(args: argparse.Namespace) -> int:
    width = max(map(len, PRESETS))
    for name, preset in PRESETS.items():
        _say(f"{name:<{width}}  {preset.summary}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    case = case_from_args(args)
    target = _loudness_target(args)
    out = args.output if args.output is not None else f"{args.case}.wav"  # '' and 'x.wav/' are refused
    _export_one(
        case,
        out,
        args.case,
        quiet=args.quiet,
        sample_format=args.sample_format,
        labels=not args.no_labels,
        figure=args.figure,
        force=args.force,
        loudness_lufs=target,
    )
    return EXIT_OK


def _write_set(names: Sequence[str], folder: Path, duration_s: float | None, quiet: bool) -> None:
    for name in names:
        case = get_preset(name).case
        if duration_s is not None:
            case = dataclasses.replace(case, duration_s=duration_s)
        # The folder commands write murmur's own fixed names, so they replace them (--force only guards
        # the label file and figure beside a WAV name the user chose, in export).
        _export_one(case, folder / f"{name}.wav", name, quiet=quiet, figure=True, force=True)


def _cmd_samples(args: argparse.Namespace) -> int:
    from ..files.safety import make_folder

    folder = make_folder(args.output)
    _write_set(list(PRESETS), folder, SAMPLES_DURATION_S, args.quiet)
    # Every preset above is in the quiet room (the teaching default); one also as a clinic records it.
    clinic = dataclasses.replace(get_preset(CLINIC_SAMPLE).case, background="clinic", duration_s=SAMPLES_DURATION_S)
    name = f"{CLINIC_SAMPLE}-clinic"
    _export_one(clinic, folder / f"{name}.wav", name, quiet=args.quiet, figure=True, force=True)
    from ..view.plots import compare_figure, save_figure

    names = list(COMPARE_SAMPLE)
    fig = compare_figure([get_preset(n).case for n in names], names=names)
    path = save_figure(fig, folder / "compare-normal-mild-severe.png")
    if not args.quiet:
        _say(f"wrote {path} ({', '.join(names)} on the same scales)")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from ..files.safety import make_folder

    folder = make_folder(args.output)
    _say("murmur demo: normal heart, then mild and severe mitral regurgitation.")
    _write_set(DEMO_CASES, folder, None, quiet=False)
    _say(
        f"Open the WAV files in {folder.resolve()} with any audio player; the .txt files are Audacity label "
        "tracks, the .png files the labelled figures."
    )
    if args.no_play:
        return EXIT_OK
    from ..play.devices import load_sounddevice, resolve_device
    from ..play.player import play

    try:
        resolve_device(args.device, load_sounddevice())  # say so before announcing anything
        for i, name in enumerate(DEMO_CASES, 1):
            case = get_preset(name).case
            _say(f"\n[{i}/{len(DEMO_CASES)}] now playing {name} ({case.duration_s:g} s): {PRESETS[name].summary}")
            player = play(case, device=args.device)
            _report_underflows(player)
    except AudioUnavailableError as err:
        _say(f"\nNo sound played: {_one_line(err)}")
        _say(f"The demo's files are in {folder.resolve()}.")
    return EXIT_OK


def _report_underflows(player) -> None:
    if player.underflows:
        _say(
            f"note: the sound had {player.underflows} gap(s) (audio underflows); close other busy programs "
            "or choose another --device.",
            err=True,
        )


def _cmd_play(args: argparse.Namespace) -> int:
    from ..play.console import LiveState, run_live
    from ..play.player import Player, fade_out_on_interrupt, wait_until_done

    case = case_from_args(args)
    player = Player(case, loop=args.loop, device=args.device)
    rate = "" if player.sr == case.sr else f" at {player.sr} Hz (the device's rate)"
    what = "looping" if args.loop else f"playing {case.duration_s:g} s of"
    _say(f"{what} {args.case} on {player.device_info['name']}{rate}: {case.describe()}; heard {case.listening()}")
    player.start()
    try:
        if args.loop:
            with fade_out_on_interrupt(player):
                run_live(player, LiveState(args.case, player.case))
                player.stop()
        wait_until_done(player)
    finally:
        _report_underflows(player)
    return EXIT_OK


def _cmd_devices(args: argparse.Namespace) -> int:
    from ..play.devices import NO_DEVICE_MESSAGE, output_devices

    devices = output_devices()
    if not devices:
        raise AudioUnavailableError(NO_DEVICE_MESSAGE)
    for d in devices:
        mark = "*" if d["default"] else " "
        _say(f"{mark}{d['index']:>3}  {d['name']}  ({d['max_output_channels']} out, {d['default_samplerate']:g} Hz)")
    _say("* default; pick one with --device NAME_OR_INDEX")
    return EXIT_OK


def _cmd_lecture(args: argparse.Namespace) -> int:
    from ..files.safety import make_folder
    from ..teach.lecture import write_lecture

    _cases_from_args(args, args.cases)  # validate every case before writing anything
    target = _loudness_target(args)
    changes = _case_changes(args)
    changes.pop("speaker", None)  # the bundle has both versions
    page_cases = _lecture_page_cases(args.cases, changes) if args.html else None
    folder = make_folder(args.output)
    page = _lecture_page_path(folder) if args.html else None

    def write_index(shared) -> None:
        from ..teach.web.page import write_page

        result = write_page(page_cases, page, param="html", **_page_loudness(shared))
        _say(f"wrote {result.path} ({_page_summary(result)}; each case with its faithful and laptop versions)")

    folders = write_lecture(
        args.cases,
        folder,
        changes=changes,
        figure=_lecture_figure(),
        wiggers=_lecture_wiggers(),
        say=_say,
        loudness_lufs=target,
        page=write_index if page is not None else None,
    )
    _say(f"Lecture bundle for {len(folders)} case(s) in {folder.resolve()}")
    return EXIT_OK


def _lecture_page_cases(names: Sequence[str], changes: dict[str, Any]) -> list:
    """The lecture page's cases as the bundle makes them (faithful and laptop versions), sound at the page's rate."""
    from ..teach.web.page import PAGE_SR_HZ, page_case

    rate = {} if "sr" in changes else {"sr": PAGE_SR_HZ}
    return [page_case(n, dataclasses.replace(get_preset(n).case, **changes, **rate), speakers=True) for n in names]


def _lecture_page_path(folder: Path) -> Path:
    from ..teach.web.page import check_page_path

    return check_page_path(folder / "index.html", param="html", fix="move it or choose another folder (-o)")


def _page_loudness(shared) -> dict[str, Any]:
    """write_page's loudness arguments for a set gain (none when the set is not normalised)."""
    if shared is None:
        return {}
    # the loudness the set reached: the target, or less where the peak ceiling stopped the gain
    return {"gain_db": shared.gain_db, "target_lufs": round(shared.reached_lufs, 1)}


def _page_summary(result) -> str:
    sizes = ", ".join(f"{n / 1e6:.2f}" for n in result.case_bytes)
    return f"{result.n_bytes / 1e6:.2f} MB; per case {sizes} MB"


def _cmd_html(args: argparse.Namespace) -> int:
    from ..teach.web.page import PAGE_SR_HZ, check_page_path, page_case, write_page

    cases = _cases_from_args(args, args.cases)
    if "sr" not in _case_changes(args):
        cases = [dataclasses.replace(c, sr=PAGE_SR_HZ) for c in cases]
    page_cases = [page_case(n, c) for n, c in zip(args.cases, cases, strict=True)]  # refuses > 60 s
    target = _loudness_target(args)
    out = check_page_path(args.output, force=args.force)  # before any rendering
    shared = None
    if target is not None:
        from ..files.normalise import normalise_cases

        shared, _ = normalise_cases([v.case for pc in page_cases for v in pc.variants], target_lufs=target)
    result = write_page(page_cases, out, title=args.title, force=args.force, **_page_loudness(shared))
    if shared is not None and not args.quiet:
        _say(shared.summary())
    if not args.quiet:
        rates = " and ".join(f"{r} Hz" for r in sorted({c.sr for c in cases}))
        _say(f"wrote {result.path} ({len(cases)} case(s), {_page_summary(result)}; sound at {rates})")
        _say("  one file with its sound and figures inside: mail it or share it; it opens offline in any browser")
    return EXIT_OK


def _lecture_figure():
    """The figure writer for lecture bundles."""
    from ..view.plots import write_case_figure

    return write_case_figure


def _lecture_wiggers():
    """The Wiggers-diagram writer for lecture bundles."""
    from ..view.plots import write_wiggers_figure

    return write_wiggers_figure


def _figure_destination(args: argparse.Namespace, default: str) -> tuple[Path | None, str]:
    """Where a figure goes: --save, or a file in the current folder when there is no display."""
    from ..view.windows import has_display

    if args.save is not None:
        if not args.save:
            raise ParameterError("save is empty; give a file name ending in .png, .svg or .pdf.", param="save")
        from ..view.plots import check_figure_path

        return check_figure_path(args.save, param="save"), ""  # checked as typed (a final slash kept)
    if not has_display():
        return Path(default), "no display here, so the figure was written to a file"
    return None, ""


def _seconds_shown(args: argparse.Namespace, *, limit_s: float) -> float | None:
    """--seconds-shown as a number from 0.1 to ``limit_s``; the range sentence echoes what was typed."""
    from ..errors import shorten
    from ..view.plotdata import check_seconds_shown

    text = args.seconds_shown
    if text is None:
        return None
    value: object = text
    with contextlib.suppress(ValueError):
        value = float(text.strip())
    try:
        return check_seconds_shown(value, limit_s=limit_s)
    except ParameterError as err:
        rule = str(err).rsplit("; got ", 1)[0]
        raise ParameterError(f"{rule}; got {shorten(text.strip()) or repr(text)}.", param="seconds_shown") from None


def _cmd_show(args: argparse.Namespace) -> int:
    from ..view.plots import check_figure_path, write_case_figure

    case = case_from_args(args)
    path, why = _figure_destination(args, f"{args.case}.png")
    # in a window a page of the (endless) sound: up to a minute
    shown = _seconds_shown(args, limit_s=60.0 if path is None and args.loop else case.duration_s)
    if path is None:
        from ..view.windows import show_window

        show_window(case, heading=args.case, play=args.play, loop=args.loop, device=args.device, seconds_shown=shown)
        return EXIT_OK
    check_figure_path(path, param="save")
    written = write_case_figure(case, path, seconds_shown=shown, title=args.case)
    _say(f"wrote {written.resolve()}" + (f" ({why})" if why else ""))
    if args.play:
        return _cmd_play(args)
    return EXIT_OK


def _cmd_compare(args: argparse.Namespace) -> int:
    from ..view.plots import check_figure_path, compare_figure, save_figure

    if not 1 <= len(args.cases) <= MAX_COMPARED:
        raise ParameterError(f"compare shows 1 to {MAX_COMPARED} cases; got {len(args.cases)}.", param="cases")
    cases = _cases_from_args(args, args.cases)
    path, why = _figure_destination(args, "compare.png")
    shown = _seconds_shown(args, limit_s=min(c.duration_s for c in cases))
    if path is not None:
        check_figure_path(path, param="save")
    fig = compare_figure(cases, names=args.cases, seconds_shown=shown)
    if path is None:
        from ..view.windows import show_figure_window

        show_figure_window(fig, title="murmur: " + " vs ".join(args.cases))
        return EXIT_OK
    written = save_figure(fig, path)
    _say(f"wrote {written.resolve()}" + (f" ({why})" if why else ""))
    return EXIT_OK


def _cmd_wiggers(args: argparse.Namespace) -> int:
    from ..physio.circulation import case_model

    case = case_from_args(args)
    case_model(case)  # a case the model does not cover: one sentence, exit 2, before anything is drawn
    path, why = _figure_destination(args, f"{args.case}-wiggers.png")
    from ..view.plots import check_figure_path, save_figure, wiggers_figure

    if path is not None:
        check_figure_path(path, param="save")
    fig = wiggers_figure(case)
    if path is None:
        from ..view.windows import show_figure_window

        show_figure_window(fig, title=f"murmur: Wiggers diagram of {args.case}")
        return EXIT_OK
    try:
        written = save_figure(fig, path)
    finally:
        fig.clear()
    _say(f"wrote {written.resolve()}" + (f" ({why})" if why else ""))
    return EXIT_OK


#: ``murmur info``: label, unit, display scale and format of each summary number.
_INFO_ROWS = (
    ("heart_rate_bpm", "heart rate", "bpm", 1.0, "{:.0f}"),
    ("eroa_cm2", "EROA", "cm^2", 1.0, "{:.2f}"),
    ("regurgitant_volume_ml", "regurgitant volume", "mL/beat", 1.0, "{:.0f}"),
    ("regurgitant_fraction", "regurgitant fraction", "%", 100.0, "{:.0f}"),
    ("ejection_fraction", "ejection fraction (total)", "%", 100.0, "{:.0f}"),
    ("forward_cardiac_output_l_min", "forward cardiac output", "L/min", 1.0, "{:.1f}"),
    ("lv_systolic_mmhg", "LV systolic pressure", "mmHg", 1.0, "{:.0f}"),
    ("lv_end_diastolic_mmhg", "LV end-diastolic pressure", "mmHg", 1.0, "{:.0f}"),
    ("aortic_systolic_mmhg", "aortic systolic pressure", "mmHg", 1.0, "{:.0f}"),
    ("aortic_diastolic_mmhg", "aortic diastolic pressure", "mmHg", 1.0, "{:.0f}"),
    ("la_mean_mmhg", "LA mean pressure", "mmHg", 1.0, "{:.0f}"),
    ("la_v_wave_mmhg", "LA v wave", "mmHg", 1.0, "{:.0f}"),
    ("jet_velocity_m_s", "MR jet velocity (peak)", "m/s", 1.0, "{:.1f}"),
)


def _info_note(key: str, value: Any, scale: float, unit: str, *, mr: bool) -> str:
    """Where a summary number falls: its ASE MR class (``mr``: the case has MR), or against the resting reference."""
    from .. import clinical as C

    def num(x: float) -> str:
        return f"{x * scale:g}"

    bounds = {
        "eroa_cm2": C.MR_CLASS_EROA_CM2,
        "regurgitant_volume_ml": C.MR_CLASS_RVOL_ML,
        "regurgitant_fraction": C.MR_CLASS_RF,
    }.get(key)
    if bounds is not None:
        if not mr:
            return "no MR"
        low, high = bounds
        if value < low:
            return f"mild MR (< {num(low)} {unit})"
        if value < high:
            return f"moderate MR ({num(low)} to < {num(high)} {unit})"
        return f"severe MR (>= {num(high)} {unit})"
    if key in C.REST_RANGES:
        low, high = C.REST_RANGES[key]
        where = "below" if value < low else "above" if value > high else "within"
        return f"{where} the resting {num(low)}-{num(high)} {unit}"
    return ""


def _cmd_info(args: argparse.Namespace) -> int:
    from ..physio.circulation import SUMMARY_KEYS, summary

    case = case_from_args(args)  # bad input: one line, exit 2
    try:
        numbers = summary(case)
    except ParameterError as err:
        # A valid case the model does not cover (MVP, a rate outside its
        # range): say what it cannot tell, and the one number it can.
        reason = str(err).rstrip(".")
        if args.json:
            import json

            blank = {key: None for key in SUMMARY_KEYS} | {"heart_rate_bpm": case.heart_rate_bpm}
            _say(json.dumps(blank | {"not_modelled": reason}, indent=2))
            return EXIT_OK
        _say(f"{args.case}: {case.describe()}")
        _say(f"{reason}: it cannot tell this case's pressures, volumes or regurgitation.")
        return EXIT_OK
    if args.json:
        import json

        _say(json.dumps(numbers, indent=2))
        return EXIT_OK
    _say(f"{args.case}: {case.describe()}")
    _say("circulation model at its steady state (docs/circulation.md):")
    for key, label, unit, scale, fmt in _INFO_ROWS:
        value = numbers[key]
        if value is None:
            _say(f"  {label:<27} {'-':<13}  no MR")
            continue
        note = _info_note(key, value, scale, unit, mr=numbers["eroa_cm2"] > 0)
        shown = f"{fmt.format(value * scale)} {unit}"
        _say((f"  {label:<27} {shown:<13}" + (f"  {note}" if note else "")).rstrip())
    _say(f"  {'MR severity (ASE 2017)':<27} {numbers['severity']:<13}  the middle class of EROA, RVol and RF")
    return EXIT_OK


def _cmd_app(args: argparse.Namespace) -> int:
    from ..view.app import run_app

    case_from_args(args)  # validate the options before opening a window
    changes = _case_changes(args)
    run_app(name=args.case, device=args.device, changes=changes)
    return EXIT_OK


#: Case fields ``murmur quiz`` takes as options: how every round is heard (what is heard is the quiz's to draw).
QUIZ_CASE_OPTIONS = ("duration_s", "sr", "background", "site", "chest_piece", "speaker")


def _add_quiz_options(p: argparse.ArgumentParser) -> None:
    from ..teach.quiz import DEFAULT_CHANGES, DURATION_RANGE_S, MAX_ROUNDS

    p.add_argument("--rounds", default="10", metavar="N", help=f"number of rounds, 1-{MAX_ROUNDS} (default 10)")
    p.add_argument(
        "--seed",
        metavar="S",
        help="quiz seed, 0-4294967295: the same seed gives the same rounds (default: a new one, shown)",
    )
    p.add_argument("--cases", nargs="+", metavar="CASE", help="draw only from these cases (default: every case)")
    p.add_argument("--no-play", action="store_true", help="play nothing (answers from a script, or a silent run)")
    _add_device_option(p)
    p.add_argument("--figures", metavar="DIR", help="write each round's labelled figure (PNG) here after its answer")
    p.add_argument(
        "--html", metavar="QUIZ.html", help="write the quiz as one self-contained web page instead of asking"
    )
    g = p.add_argument_group("how every round is heard")
    low, high = DURATION_RANGE_S
    defaults = {name: default for name, default, _ in case_fields()} | DEFAULT_CHANGES
    for name in QUIZ_CASE_OPTIONS:
        spec = field_spec(name)
        default = defaults[name]
        if spec.choices:
            help_text = f"{spec.help} (default {default})"
            g.add_argument(option_name(name), choices=spec.choices, default=None, help=help_text)
        else:
            rule = f"{low:g}-{high:g} s" if name == "duration_s" else spec.range_text()
            help_text = f"{spec.help}, {rule} (default {default:g})"
            g.add_argument(option_name(name), default=None, metavar=spec.unit.upper(), help=help_text)


def _quiz_command(n: int, seed: int, args: argparse.Namespace, changes: dict[str, Any]) -> str:
    """The command that makes the same quiz page again (for the lecturer: the page must not name the cases)."""
    import shlex

    words = ["murmur", "quiz", "--rounds", str(n), "--seed", str(seed)]
    words += ["--cases", *args.cases] if args.cases else []
    for name, value in changes.items():
        words += [option_name(name), f"{value:g}" if isinstance(value, float) else str(value)]
    return shlex.join([*words, "--html", args.html])


def _cmd_quiz(args: argparse.Namespace) -> int:
    import secrets

    from ..files.safety import check_output_path, make_folder
    from ..teach.quiz import check_rounds, draw_rounds

    n = check_rounds(args.rounds)
    seed = _number("seed", args.seed) if args.seed is not None else secrets.randbelow(2**32)
    changes = _case_changes(argparse.Namespace(**{k: getattr(args, k) for k in QUIZ_CASE_OPTIONS}))
    if args.html is not None:
        for name in ("figures", "device"):
            if getattr(args, name) is not None:
                raise ParameterError(
                    f"{name} changes nothing with --html (the page plays and shows each round itself); drop it.",
                    param=name,
                )
        check_output_path(args.html, suffix=".html", param="html")
        from ..teach.quizpage import write_quiz_page

        rounds = draw_rounds(n, seed=seed, cases=args.cases, changes=changes)
        progress = _progress_printer(f"writing {args.html}", n * rounds[0].case.duration_s)
        path = write_quiz_page(rounds, args.html, seed=seed, progress=progress)
        _say(
            f"wrote {path.resolve()}: a {n}-round quiz (seed {seed}) in one file, every sound and figure inside; "
            "answers stay hidden until each round is checked."
        )
        _say(f"The same page again: {_quiz_command(n, seed, args, changes)}")
        return EXIT_OK
    rounds = draw_rounds(n, seed=seed, cases=args.cases, changes=changes)  # bad options: one line, before any sound
    play = None
    if args.no_play:
        if args.device is not None:
            raise ParameterError("device changes nothing with --no-play; drop one of them.", param="device")
    else:
        from ..play.devices import load_sounddevice, resolve_device

        try:
            resolve_device(args.device, load_sounddevice())
        except AudioUnavailableError as err:
            alternatives = "or take the quiz without sound (--no-play) or as a web page (--html quiz.html)"
            raise AudioUnavailableError(f"{str(err).rstrip('.')}; {alternatives}.") from None

        def play(rnd) -> None:
            from ..play.player import play as play_case

            _report_underflows(play_case(rnd.case, device=args.device))

    figure = None
    if args.figures is not None:
        folder = make_folder(args.figures, param="figures")
        figures_text = f"Each round's labelled figure is written to {folder.resolve()} after its answer."

        def figure(rnd) -> Path:
            from ..view.plots import write_case_figure

            path = folder / f"round-{rnd.number:02d}.png"
            return write_case_figure(rnd.case, path, title=f"round {rnd.number}: {rnd.name}").resolve()

    else:
        figures_text = "Add --figures DIR to get each round's labelled figure as a PNG after its answer."
    from ..teach.quizconsole import run_quiz

    try:
        interactive = bool(sys.stdin) and sys.stdin.isatty()
    except (OSError, ValueError):
        interactive = False
    run_quiz(
        rounds,
        seed=seed,
        read_line=lambda: sys.stdin.readline() if sys.stdin else "",
        say=_say,
        interactive=interactive,
        play=play,
        figure=figure,
        figures_text=figures_text,
    )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of the ``murmur`` command."""
    from .._version import __version__

    parser = _Parser(
        prog="murmur",
        description="Synthesize heart sounds and the mitral-regurgitation murmur for teaching auscultation.",
        epilog="Exit codes: 0 ok, 1 failure, 2 bad usage or input, 3 audio unavailable, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"murmur {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("cases", help="list the ready-made cases")
    p.set_defaults(func=_cmd_cases)

    p = sub.add_parser("export", help="write a case as a WAV file and an Audacity label file")
    p.add_argument("case", metavar="CASE", help="a case name from 'murmur cases'")
    p.add_argument(
        "-o", "--output", metavar="OUT.wav", help="WAV file to write (default CASE.wav); labels go to OUT.txt"
    )
    p.add_argument(
        "--sample-format", choices=("pcm16", "float32"), default="pcm16", help="sample format (default pcm16)"
    )
    p.add_argument(
        "--no-labels", action="store_true", help="do not write the label file (an old one murmur wrote is removed)"
    )
    p.add_argument(
        "--force", action="store_true", help="replace OUT.txt / OUT.png even when murmur did not write them"
    )
    p.add_argument(
        "--figure",
        action="store_true",
        help="also write OUT.png: waveform and spectrogram, every event labelled (without it an old one murmur "
        "wrote is removed)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    _add_loudness_option(p, "the sound")
    _add_case_options(p)
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("samples", help="regenerate every case's WAV and labels (the repository's samples/)")
    p.add_argument("-o", "--output", default="samples", metavar="FOLDER", help="folder to write (default samples)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    p.set_defaults(func=_cmd_samples)

    p = sub.add_parser("lecture", help="write a lecture bundle per case: WAVs (faithful, laptop), labels, handout")
    p.add_argument("cases", nargs="+", metavar="CASE", help="case names from 'murmur cases'")
    p.add_argument("-o", "--output", default="lecture", metavar="FOLDER", help="folder to write (default ./lecture)")
    _add_loudness_option(p, "the bundle with one gain for all its files (the loudest reaches the target)")
    p.add_argument(
        "--html",
        action="store_true",
        help="also write FOLDER/index.html: one self-contained page with every case, faithful and laptop versions",
    )
    _add_case_options(p)
    p.set_defaults(func=_cmd_lecture)

    p = sub.add_parser(
        "html", help="write one self-contained web page: each case's sound, labelled figure with playhead, handout"
    )
    p.add_argument("cases", nargs="+", metavar="CASE", help="case names from 'murmur cases'")
    p.add_argument(
        "-o", "--output", default="page.html", metavar="PAGE.html", help="page to write (default page.html)"
    )
    p.add_argument(
        "--title", metavar="TEXT", default=None, help="the page's title and heading (default: Heart sounds: CASE, ...)"
    )
    p.add_argument("--force", action="store_true", help="replace PAGE.html even when murmur did not write it")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    _add_loudness_option(p, "the page's sounds with one gain for all (the loudest reaches the target)")
    _add_case_options(p)
    p.set_defaults(func=_cmd_html)

    p = sub.add_parser("play", help="play a case through the computer's audio (--loop: endless, live keys)")
    p.add_argument("case", metavar="CASE", help="a case name from 'murmur cases'")
    p.add_argument(
        "--loop", action="store_true", help="play without end; keys change it live at the next beat (q quits)"
    )
    _add_device_option(p)
    _add_case_options(p)
    p.set_defaults(func=_cmd_play)

    p = sub.add_parser("show", help="see a case: labelled waveform and spectrogram (--play: with a moving cursor)")
    p.add_argument("case", metavar="CASE", help="a case name from 'murmur cases'")
    _add_figure_options(p)
    p.add_argument("--play", action="store_true", help="play it too; in a window a cursor follows the sound")
    p.add_argument("--loop", action="store_true", help="with --play: play without end")
    _add_device_option(p)
    _add_case_options(p)
    p.set_defaults(func=_cmd_show)

    p = sub.add_parser("compare", help="stack cases on the same time, amplitude and colour scales")
    p.add_argument("cases", nargs="+", metavar="CASE", help=f"1 to {MAX_COMPARED} case names from 'murmur cases'")
    _add_figure_options(p)
    _add_case_options(p)
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser(
        "wiggers", help="the Wiggers diagram: ECG, pressures, LV volume, mitral flows and the heard beat on one axis"
    )
    p.add_argument("case", metavar="CASE", help="a case name from 'murmur cases' (normal or MR, at 40-150 bpm)")
    p.add_argument("--save", metavar="FILE", help="write the figure (.png, .svg or .pdf) instead of opening a window")
    _add_case_options(p)
    p.set_defaults(func=_cmd_wiggers)

    p = sub.add_parser("app", help="the teaching window: figure, case, heart rate, grade, split, play")
    p.add_argument("case", metavar="CASE", nargs="?", default="mr-moderate", help="case shown first")
    _add_device_option(p)
    _add_case_options(p)
    p.set_defaults(func=_cmd_app)

    p = sub.add_parser(
        "quiz", help="a blinded listening quiz: name the finding, timing and grade of each case, then see the score"
    )
    _add_quiz_options(p)
    p.set_defaults(func=_cmd_quiz)

    p = sub.add_parser("info", help="a case's hemodynamics: pressures, flows, regurgitant volume and fraction")
    p.add_argument("case", metavar="CASE", help="a case name from 'murmur cases'")
    p.add_argument("--json", action="store_true", help="print the numbers as JSON")
    _add_case_options(p)
    p.set_defaults(func=_cmd_info)

    p = sub.add_parser("devices", help="list the audio output devices")
    p.set_defaults(func=_cmd_devices)

    p = sub.add_parser("demo", help="write normal, mild MR and severe MR, then play them where audio is available")
    p.add_argument(
        "-o",
        "--output",
        default="murmur-demo",
        metavar="FOLDER",
        help="where to write the files (default ./murmur-demo)",
    )
    p.add_argument("--no-play", action="store_true", help="only write the files")
    _add_device_option(p)
    p.set_defaults(func=_cmd_demo)
    return parser


def _one_line(err: BaseException) -> str:
    msg = _shown_line(str(err))
    param = getattr(err, "param", None)
    if param and msg.startswith(param + " "):
        msg = option_name(param) + msg[len(param) :]
    return msg


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (never raises on user error)."""
    try:
        with _stop_signals_interrupt():
            return _run(list(sys.argv[1:] if argv is None else argv))
    finally:
        _settle_stdout()


def _run(argv: list[str]) -> int:
    try:
        parser = build_parser()
        known = set(parser._option_string_actions)
        for action in parser._subparsers._group_actions[0].choices.values():
            known |= set(action._option_string_actions)
        args = parser.parse_args(_negative_values_attached(argv, known))
        return int(args.func(args))
    except _UsageError as err:
        _say(f"murmur: error: {_shown_line(str(err))}", err=True)
        return EXIT_USAGE
    except ParameterError as err:
        _say(f"murmur: error: {_one_line(err)}", err=True)
        return EXIT_USAGE
    except AudioUnavailableError as err:
        _say(f"murmur: audio unavailable: {_one_line(err)}", err=True)
        return EXIT_AUDIO
    except _Stopped as err:
        _say(f"murmur: stopped by {signal.Signals(err.signum).name}; nothing half-written was left.", err=True)
        return 128 + err.signum
    except KeyboardInterrupt:
        _say("murmur: interrupted.", err=True)
        return EXIT_INTERRUPTED
    except (MurmurError, OutputError) as err:
        _say(f"murmur: error: {_one_line(err)}", err=True)
        return EXIT_FAILURE
    except OSError as err:  # one the file layer did not name: still the path, and exit 2 for a bad path
        from ..files.safety import write_error

        if getattr(err, "filename", None):  # no option to name: say "file" (never a made-up --file)
            mapped = write_error(err, err.filename, param="file")
            _say(f"murmur: error: {_shown_line(str(mapped))}", err=True)
            return EXIT_USAGE if isinstance(mapped, ParameterError) else EXIT_FAILURE
        _say(f"murmur: error: {err.strerror or err}.", err=True)
        return EXIT_FAILURE


def _shown_line(text: str, limit: int = 300) -> str:
    """One line, cut if a user's text made it long."""
    text = text.strip().replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 3] + "..."
