"""Where a batch writes: the output checked before anything runs, written whole or not at all.

* ``-`` or no output: standard output (not for Parquet).
* A format comes from ``--format`` or the suffix; they must agree, and an
  unknown suffix is an error listing the formats.
* An output that is one of the inputs, or lies inside a folder being walked,
  is refused; a symbolic link is written through (the file it names is
  replaced); a device other than standard output (or ``/dev/null``) is refused.
* Rows go to ``.NAME.PID.RANDOM.part`` beside the target, renamed into place
  only when complete.  Each run holds a lock (``flock``) on its ``.part`` from
  before the name appears until after the rename; ``.part`` files no run holds
  a lock on (left by a run that died) are removed first.  A lock, not the PID:
  a run in another container (PID namespace) has a PID that looks dead here.
  Files are created with the user's umask, like any other file.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final

import attrs

from gkparse.errors import OutputError

FORMATS: Final = ("jsonl", "json", "csv", "csv-excel", "parquet", "sqlite", "duckdb", "xlsx")
SUFFIXES: Final = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".parquet": "parquet",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".db": "sqlite",
    ".duckdb": "duckdb",
    ".xlsx": "xlsx",
}
FILE_ONLY: Final = ("parquet", "sqlite", "duckdb", "xlsx")
"""Formats written to a file only (binary, or a database appended to): never standard output."""
COLLECTED: Final = ("sqlite", "duckdb", "xlsx")
"""Formats written from every outcome at once, not streamed row by row."""
_COMPATIBLE: Final = {"csv-excel": "csv"}


@attrs.frozen
class Target:
    """A checked output: a real path to write (None: standard output) and its format."""

    path: str | None
    fmt: str


def choose_format(out: str | None, fmt: str | None) -> str:
    """The format from ``--format`` and the output's suffix, which must agree.

    Raises:
        OutputError: unknown format or suffix, or the two disagree.
    """
    if fmt is not None and fmt not in FORMATS:
        raise OutputError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if out is None or out == "-":
        return fmt or "jsonl"
    suffix = Path(out).suffix.lower()
    by_suffix = SUFFIXES.get(suffix)
    if by_suffix is None:
        if fmt is not None and not suffix:
            return fmt
        known = ", ".join(f"{s} ({f})" for s, f in SUFFIXES.items())
        raise OutputError(f"unknown output suffix {suffix or '(none)'!r} of {out}: use one of {known}")
    if fmt is not None and _COMPATIBLE.get(fmt, fmt) != by_suffix:
        raise OutputError(f"--format {fmt} does not match the suffix {suffix} of {out}")
    return fmt or by_suffix


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _is_stdout(info: os.stat_result) -> bool:
    try:
        return _same_file(info, os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError, AttributeError):
        return False


def check_output(out: str | None, fmt: str | None, inputs: Sequence[str], folders: Sequence[str]) -> Target:
    """Check where the rows will go, before any file is parsed.

    Args:
        out: the ``-o`` value (None or ``-``: standard output).
        fmt: the ``--format`` value, if given.
        inputs: the files that will be read.
        folders: the folders walked.

    Raises:
        OutputError: the output cannot or must not be written (see the module notes).
    """
    if out is None or out == "-":
        return _stdout(fmt)
    real = os.path.realpath(out)
    try:
        info: os.stat_result | None = os.stat(out)  # through links: /dev/stdout may name a pipe
    except OSError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"-o {out} is a folder: name a file in it")
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            if _is_stdout(info):
                return _stdout(fmt)
            if real == os.devnull:
                return Target(real, choose_format(None, fmt))
            raise OutputError(f"-o {out} is a device or special file, not a file gkparse can replace")
        for f in inputs:
            with contextlib.suppress(OSError):
                if _same_file(info, os.stat(f)):
                    raise OutputError(f"-o {out} is one of the inputs: it would be overwritten")
    chosen = choose_format(out, fmt)
    for d in folders:
        root = os.path.realpath(d)
        if os.path.commonpath([root, real]) == root:
            raise OutputError(f"-o {out} is inside the input folder {d}: write it elsewhere")
    parent = os.path.dirname(real) or "."
    try:
        os.makedirs(parent, exist_ok=True)
    except OSError as e:
        raise OutputError(f"cannot create the folder of -o {out}: {e.strerror or e}") from None
    if not os.access(parent, os.W_OK):
        raise OutputError(f"cannot write in the folder of -o {out}: permission denied")
    return Target(real, chosen)


def _stdout(fmt: str | None) -> Target:
    chosen = choose_format(None, fmt)
    if chosen in FILE_ONLY:
        raise OutputError(f"{chosen} output needs a file: give -o OUT.{chosen}")
    return Target(None, chosen)


_PART: Final = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)(?P<token>\.[0-9a-f]{8,})?\.part$")

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the PID decides
    fcntl = None  # type: ignore[assignment]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _lock(fd: int) -> bool:
    """Take the lock of a ``.part`` without waiting: True when taken (no live run holds it)."""
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def remove_stale_parts(target: str) -> list[str]:
    """Remove the ``.part`` files of ``target`` no live run holds; return their names.

    A ``.part`` of this version is removed when its lock can be taken (the run
    that held it is gone, whatever its PID namespace); one of an older version
    (``.NAME.PID.part``, no lock) when its PID is dead.
    """
    folder, name = os.path.split(target)
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder or "."):
            m = _PART.match(entry.name)
            if not m or m["name"] != name:
                continue
            if m["token"] is None or fcntl is None:
                gone = not _alive(int(m["pid"])) and _unlink(entry.path)
            else:
                gone = _unlink_if_unlocked(entry.path)
            if gone:
                removed.append(entry.path)
    return removed


def _unlink(path: str) -> bool:
    try:
        os.unlink(path)
    except OSError:
        return False
    return True


def _unlink_if_unlocked(path: str) -> bool:
    """Unlink ``path`` while holding its lock, if no one else holds it; True when it is gone."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        return _lock(fd) and _unlink(path)
    finally:
        os.close(fd)


def _new_part(out: str) -> tuple[str, int, int]:
    """A new ``.part`` beside ``out``, locked before its name appears: (path, write fd, lock fd).

    Raises:
        OutputError: it cannot be created.
    """
    folder, name = os.path.split(out)
    stem = f".{name}.{os.getpid()}.{secrets.token_hex(6)}"
    early, part = os.path.join(folder, stem + ".new"), os.path.join(folder, stem + ".part")
    try:
        fd = os.open(early, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    except OSError as e:
        raise OutputError(f"cannot write {out}: {e.strerror or e}") from None
    try:
        lock = os.open(early, os.O_RDONLY)
        _lock(lock)
        os.rename(early, part)
    except OSError as e:
        os.close(fd)
        Path(early).unlink(missing_ok=True)
        raise OutputError(f"cannot write {out}: {e.strerror or e}") from None
    return part, fd, lock


@contextlib.contextmanager
def atomic_output(out: str | None, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write to, renamed to ``out`` only when the block ends without error.

    With ``out`` None the block writes to standard output; ``/dev/null`` is
    written directly.

    Raises:
        OutputError: the temporary file cannot be created (before anything is written),
            or cannot be renamed to ``out`` at the end.
    """
    if out is None:
        if binary:
            raise OutputError("parquet output needs a file: give -o OUT.parquet")
        yield sys.stdout
        return
    if out == os.devnull:
        with open(out, "wb" if binary else "w", encoding=None if binary else "utf-8") as null:
            yield null
        return
    remove_stale_parts(out)
    tmp, fd, lock = _new_part(out)
    try:
        fh: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with fh:
            yield fh
        try:
            os.replace(tmp, out)
        except OSError as e:
            raise OutputError(f"cannot write {out}: {e.strerror or e} (the output is not written)") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        os.close(lock)  # after the rename: until then the .part is this run's
