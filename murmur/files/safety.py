"""File safety: output paths checked before any work, and files that appear together or not at all.

Every file murmur writes goes through here:

- :func:`check_output_path` refuses a path that cannot be written (empty,
  ending in a slash, wrong suffix, missing folder, a file where a folder
  should be, a name too long) before anything is rendered;
- :func:`check_replaceable` refuses to replace a file beside the output that
  murmur did not write (a user's ``notes.txt``), unless forced;
- :func:`check_room` refuses a file the disk or the file-size limit cannot
  hold, before rendering;
- :func:`atomic_paths` writes every file of a set under temporary names and
  renames them all into place together, under a lock on the folder, so two
  exports to the same name never leave the WAV of one and the labels of the
  other;
- :func:`make_folder` and :func:`write_error` turn the operating system's
  errors into one sentence naming the option, the path and what to do.

Errors name ``param``, the option's field name (``output``, ``save``); the
CLI shows it as ``--output``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import OutputError, ParameterError, shorten

__all__ = [
    "check_output_path",
    "check_replaceable",
    "check_room",
    "atomic_paths",
    "make_folder",
    "write_error",
    "written_by_murmur",
]

#: Longest file name assumed when the file system does not say, bytes (ext4, APFS, NTFS).
_NAME_MAX_DEFAULT = 255
#: Errors that mean the path itself is wrong (exit 2), not the machine.
_PATH_ERRNOS = {
    errno.ENOTDIR,
    errno.EISDIR,
    errno.EEXIST,
    errno.ENOENT,
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.ENAMETOOLONG,
    errno.ELOOP,
    errno.EINVAL,
}
#: Errors that mean the disk or a limit is full.
_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _q(path: str | os.PathLike[str]) -> str:
    return repr(shorten(os.fspath(path)))


def _name_max(folder: Path) -> int:
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (AttributeError, OSError, ValueError):
        return _NAME_MAX_DEFAULT


def _exists(p: Path) -> bool:
    """Whether anything is at ``p``; a name the system cannot even look up (too long) is nothing."""
    try:
        os.lstat(p)
    except (OSError, ValueError):
        return False
    return True


def _nearest_existing(p: Path) -> Path:
    return next((q for q in (p, *p.parents) if _exists(q)), Path("."))


def _blocking_file(folder: Path) -> Path | None:
    """The nearest existing ancestor of ``folder`` when it is a file, not a folder."""
    nearest = _nearest_existing(folder)
    return None if os.path.isdir(nearest) else nearest


def _too_long_name(p: Path) -> tuple[str, int] | None:
    """The first name in ``p`` longer than its file system allows, and that limit in bytes; None if all fit.

    Checked before any folder is made or any file looked up, which would fail with
    the system's bare "File name too long".
    """
    nearest = _nearest_existing(p)
    limit = _name_max(nearest if os.path.isdir(nearest) else nearest.parent)
    for part in p.parts:
        if part != p.anchor and len(os.fsencode(part)) > limit:
            return part, limit
    return None


def check_output_path(path: str | os.PathLike[str], *, suffix: str, param: str = "output", role: str = "") -> Path:
    """Check that ``path`` can be written, before any work: it raises, or returns ``Path(path)``.

    Parameters
    ----------
    path : path-like
        The file to write.
    suffix : str
        Its required suffix (``.wav``), compared case-insensitively.
    param : str, keyword-only
        The option that chose the path, named in errors.
    role : str, keyword-only
        What the file is when it is not the path given (``label file``).

    Raises
    ------
    ParameterError
        Empty, ends in a slash, wrong suffix, folder missing or not a folder
        or not writable, the name is a folder or too long.

    Examples
    --------
    >>> check_output_path("/nonexistent-folder/x.wav", suffix=".wav")
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: output folder '/nonexistent-folder' does not exist; create it or choose another path.
    >>> check_output_path("x.wav/", suffix=".wav")
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: output 'x.wav/' ends in a slash, so it names a folder; give a file name ending ...
    """
    raw = os.fspath(path)
    what = f"{param} {role}" if role else param
    if not raw:
        raise ParameterError(f"{param} is empty; give a file name ending in {suffix}.", param=param)
    seps = (os.sep, os.altsep or os.sep, "/")
    if raw.endswith(seps):
        raise ParameterError(
            f"{what} {_q(raw)} ends in a slash, so it names a folder; give a file name ending in {suffix}.",
            param=param,
        )
    p = Path(raw)
    if p.suffix.lower() != suffix:
        raise ParameterError(f"{what} must be a {suffix} file name; got {_q(raw)}.", param=param)
    folder = p.parent if str(p.parent) else Path(".")
    too_long = _too_long_name(folder)
    if too_long is not None:
        raise ParameterError(
            f"{what} folder name {_q(too_long[0])} is longer than the {too_long[1]} bytes the file system allows; "
            "choose a shorter name.",
            param=param,
        )
    if not os.path.isdir(folder):
        blocker = _blocking_file(folder)
        if blocker is not None:
            raise ParameterError(
                f"{what} {_q(raw)} needs {_q(blocker)} to be a folder, but it is a file; choose another path.",
                param=param,
            )
        raise ParameterError(
            f"{what} folder {_q(folder)} does not exist; create it or choose another path.", param=param
        )
    if not os.access(folder, os.W_OK):
        raise ParameterError(f"{what} folder {_q(folder)} is not writable; choose another path.", param=param)
    if len(os.fsencode(p.name)) > _name_max(folder):
        raise ParameterError(
            f"{what} file name {_q(p.name)} is longer than the {_name_max(folder)} bytes the folder allows; "
            "choose a shorter name.",
            param=param,
        )
    if os.path.isdir(p):
        fix = "move it or choose another name" if role else f"give a file name ending in {suffix}"
        raise ParameterError(f"{what} {_q(raw)} is a folder; {fix}.", param=param)
    return p


def written_by_murmur(path: str | os.PathLike[str]) -> bool:
    """Whether the existing file at ``path`` is one murmur wrote (its own label, WAV or figure marks).

    A label file is murmur's when every row is a label and the first states
    how the sound is heard; a WAV carries ``ISFT murmur``; a figure carries
    murmur as its software or creator; a page names murmur as its generator.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "notes.txt"
    ...     _ = p.write_text("my notes")
    ...     written_by_murmur(p)
    False
    """
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(1 << 20)
    except OSError:
        return False
    suffix = p.suffix.lower()
    if suffix == ".txt":
        from .labels import is_murmur_label_text

        try:
            return is_murmur_label_text(head.decode("utf-8"))
        except UnicodeDecodeError:
            return False
    if suffix == ".wav":
        return b"ISFT\x07\x00\x00\x00murmur\x00" in head[:65536]
    if suffix == ".png":
        return b"tEXtSoftware\x00murmur" in head
    if suffix == ".svg":
        return re.search(rb"<dc:creator>\s*<cc:Agent>\s*<dc:title>murmur</dc:title>", head[:65536]) is not None
    if suffix == ".pdf":
        return b"/Creator (murmur)" in head
    if suffix == ".html":  # a page of murmur.teach.web.page
        return b'<meta name="generator" content="murmur ' in head[:4096]
    return False


def check_replaceable(path: Path, *, param: str = "output", force: bool = False) -> None:
    """Refuse to replace an existing file murmur did not write, unless ``force``.

    Raises
    ------
    ParameterError
        ``path`` exists and holds something else (a user's notes).
    """
    if force or not (path.exists() or path.is_symlink()) or written_by_murmur(path):
        return
    raise ParameterError(
        f"{param} would replace {_q(path)}, which murmur did not write; move it, choose another name, "
        "or overwrite it on purpose (--force).",
        param=param,
    )


def _gb(n_bytes: float) -> str:
    return f"{n_bytes / 1e9:.3g} GB" if n_bytes >= 1e8 else f"{n_bytes / 1e6:.3g} MB"


def check_room(path: Path, n_bytes: int, *, param: str = "output") -> None:
    """Refuse, before rendering, a file larger than the free disk space or the file-size limit.

    Parameters
    ----------
    path : Path
        The file to be written (its folder's disk is checked).
    n_bytes : int
        Its predicted size, bytes.

    Raises
    ------
    OutputError
        The disk or the process's file-size limit (``ulimit -f``) cannot hold it.
    """
    folder = path.parent if str(path.parent) else Path(".")
    soft = None
    with contextlib.suppress(ImportError, OSError, ValueError):  # no resource module on Windows
        import resource

        limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
        soft = None if limit == resource.RLIM_INFINITY else limit
    if soft is not None and n_bytes > soft:
        raise OutputError(
            f"{param} {_q(path)} would be {_gb(n_bytes)}, over this shell's file-size limit of {_gb(soft)} "
            "(ulimit -f); shorten --duration-s, lower --sr, or raise the limit.",
            param=param,
        )
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if n_bytes > free:
        raise OutputError(
            f"{param} {_q(path)} would be {_gb(n_bytes)}, but its disk has {_gb(free)} free; "
            "free some space, choose another folder, or shorten --duration-s.",
            param=param,
        )


def write_error(err: OSError, path: str | os.PathLike[str], *, param: str = "output") -> Exception:
    """The error to raise for an OSError met while writing ``path``: one sentence with option, path and fix.

    Path problems become :class:`ParameterError` (exit 2); a full disk or a
    file-size limit becomes :class:`OutputError` (exit 1).

    Examples
    --------
    >>> write_error(OSError(28, "No space left on device"), "x.wav")
    OutputError("output 'x.wav': the disk is full (No space left on device); free some space or choose another folder.")
    """
    reason = err.strerror or str(err)
    if err.errno in _FULL_ERRNOS:
        if err.errno == errno.EFBIG:
            what, fix = "the file-size limit (ulimit -f) was reached", "raise the limit or shorten --duration-s"
        else:
            what, fix = "the disk is full", "free some space or choose another folder"
        return OutputError(f"{param} {_q(path)}: {what} ({reason}); {fix}.", param=param)
    if err.errno in _PATH_ERRNOS:
        return ParameterError(f"{param} {_q(path)} cannot be written ({reason}); choose another path.", param=param)
    return OutputError(f"{param} {_q(path)} could not be written ({reason}).", param=param)


def make_folder(path: str | os.PathLike[str], *, param: str = "output") -> Path:
    """Create the folder ``path`` (and its parents) if missing; errors name ``param`` and say what to do.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "afile").write_text("x")
    ...     make_folder(Path(d) / "afile")
    Traceback (most recent call last):
    ...
    murmur.errors.ParameterError: output '...afile' is a file, not a folder; give a folder name.
    """
    raw = os.fspath(path)
    if not raw:
        raise ParameterError(f"{param} is empty; give a folder name.", param=param)
    p = Path(raw)
    if _exists(p) and not os.path.isdir(p):
        raise ParameterError(f"{param} {_q(raw)} is a file, not a folder; give a folder name.", param=param)
    blocker = _blocking_file(p)
    if blocker is not None:
        raise ParameterError(
            f"{param} {_q(raw)} needs {_q(blocker)} to be a folder, but it is a file; choose another path.",
            param=param,
        )
    too_long = _too_long_name(p)
    if too_long is not None:
        raise ParameterError(
            f"{param} folder name {_q(too_long[0])} is longer than the {too_long[1]} bytes the file system allows; "
            "choose a shorter name.",
            param=param,
        )
    missing = [q for q in (p, *p.parents) if not _exists(q)][::-1]  # outermost first
    made: list[Path] = []
    try:
        for q in missing:
            try:
                q.mkdir()
            except FileExistsError:
                if os.path.isdir(q):  # another murmur made it meanwhile
                    continue
                raise
            made.append(q)
    except OSError as err:
        for q in reversed(made):  # leave no empty folder behind
            with contextlib.suppress(OSError):
                q.rmdir()
        if err.errno == errno.ENAMETOOLONG:
            raise ParameterError(
                f"{param} {_q(raw)}: the path is too long for the file system; choose a shorter one.", param=param
            ) from None
        raise ParameterError(
            f"{param} folder {_q(raw)} cannot be created ({err.strerror or err}); choose a folder you can write to.",
            param=param,
        ) from None
    return p


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (one writer renames into it at a time)."""
    try:
        import fcntl
    except ImportError:  # Windows: a lock file made with O_EXCL
        yield from _lock_file(folder)
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _lock_file(folder: Path) -> Iterator[None]:
    import time

    lock = folder / ".murmur.lock"
    for _ in range(2000):  # about 20 s; a stale lock from a killed process is then ignored
        try:
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            break
        except FileExistsError:
            time.sleep(0.01)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()


def _temp_beside(p: Path, param: str) -> Path:
    # The temporary name keeps the suffix (a figure writer checks it) and
    # shows ".part"; the name is cut so it stays within the folder's limit.
    try:
        fd, name = tempfile.mkstemp(prefix=f".{p.stem[:40]}.", suffix=f".part{p.suffix}", dir=p.parent)
    except OSError as err:
        raise write_error(err, p, param=param) from None
    os.close(fd)
    return Path(name)


@contextlib.contextmanager
def atomic_paths(
    *paths: Path,
    param: str = "output",
    keep: tuple[Path, ...] = (),
    force: bool = True,
    drop: tuple[Path, ...] = (),
) -> Iterator[list[Path]]:
    """Yield temporary paths beside ``paths``; on success rename them all into place together.

    The renames happen under a lock on each folder, so files written by two
    processes to the same names always come from the same process. On any
    error (or Ctrl-C, or a signal the CLI turns into one) every temporary file
    is removed, so nothing half-written is ever left under the final names.

    Parameters
    ----------
    *paths : Path
        The final names.
    param : str, keyword-only
        The option named in errors.
    keep : tuple of Path, keyword-only
        Those of ``paths`` that must not replace a file murmur did not write
        (checked again under the lock) unless ``force``.
    force : bool, keyword-only
        Replace them anyway.
    drop : tuple of Path, keyword-only
        Files of an earlier set that this one leaves out (the labels of an
        export without labels): removed with the renames, under the lock, if
        murmur wrote them, so they never stand beside a sound they do not
        describe. Anything else there is kept.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with atomic_paths(Path(d) / "a.txt", Path(d) / "b.txt") as (ta, tb):
    ...         _ = ta.write_text("a"); _ = tb.write_text("b")
    ...     sorted(p.name for p in Path(d).iterdir())
    ['a.txt', 'b.txt']
    """
    temps: list[Path] = []
    try:
        for p in paths:
            temps.append(_temp_beside(p, param))
        yield temps
        folders = sorted({p.parent.resolve() for p in paths})
        with contextlib.ExitStack() as stack:
            for folder in folders:
                stack.enter_context(_folder_lock(folder))
            for p in keep:
                check_replaceable(p, param=param, force=force)
            for tmp, p in zip(temps, paths, strict=True):
                os.chmod(tmp, 0o644)
                try:
                    os.replace(tmp, p)
                except OSError as err:
                    raise write_error(err, p, param=param) from None
            temps = []
            for p in drop:
                if written_by_murmur(p):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(p)
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
