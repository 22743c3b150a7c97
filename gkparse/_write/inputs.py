"""The inputs of a batch: paths and globs → files, and one file → an outcome.

Every input is accounted for: a path that does not exist is an error before
anything runs; a folder that cannot be read becomes a failure row; a folder
reached through a symbolic link is not followed and is named in the notices;
only regular files are read, up to a size cap.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Iterable
from typing import Final

import attrs

from gkparse._read.files import read_file
from gkparse._read.formats import default_pattern
from gkparse._read.pipeline import parse_bytes
from gkparse._write.records import Failure, Outcome, printable
from gkparse.errors import GkparseError, InputError
from gkparse.templates import Template

MAX_BYTES: Final = 50 * 1024 * 1024
"""The default size cap of one file (50 MB); a larger file is a failure row "too large"."""


@attrs.frozen
class Walk:
    """What a list of paths selects.

    Attributes:
        files: the files to read, in order.
        skipped: files in walked folders that the pattern left out.
        failures: folders that could not be read, as failure rows.
        notices: things not followed, to say in the summary (symlinked folders).
        folders: the folders walked (for refusing an output inside one).
    """

    files: tuple[str, ...]
    skipped: int = 0
    failures: tuple[Failure, ...] = ()
    notices: tuple[str, ...] = ()
    folders: tuple[str, ...] = ()


def _is_glob(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Paths with globs expanded (``**`` included), checked to exist.

    Raises:
        InputError: a path does not exist or a glob matches nothing.
    """
    out: list[str] = []
    for p in paths:
        text = os.fspath(p)
        if os.path.lexists(text):
            out.append(text)
        elif _is_glob(text):
            found = sorted(glob.glob(text, recursive=True))
            if not found:
                raise InputError(f"no file matches {printable(text)!r}")
            out.extend(found)
        else:
            raise InputError(f"no such file or folder: {printable(text)}")
    return out


def walk(paths: Iterable[str | os.PathLike[str]], pattern: str | None = None) -> Walk:
    """Files named, plus files matching ``pattern`` under folders named (sorted, hidden ones left out).

    ``pattern`` is one file-name pattern or several separated by commas (``"*.txt,*.pdf"``);
    the suffix is matched in any case (``REPORT.PDF``).  None: report texts and every document
    format gkparse reads (``gkparse._read.formats.default_pattern``).

    Raises:
        InputError: a path does not exist, a glob matches nothing, or nothing at all is selected.
    """
    given = expand(paths)
    missing = _missing_formats() if pattern is None else {}
    pattern = pattern or default_pattern()
    files: list[str] = []
    failures: list[Failure] = []
    notices: list[str] = []
    folders: list[str] = []
    skipped = 0
    missed: dict[str, int] = {}
    for path in given:
        if not os.path.isdir(path):
            files.append(path)
            continue
        folders.append(path)
        skipped += _walk_folder(path, pattern, files, failures, notices, (missing, missed))
    for extra, n in missed.items():
        what = ", ".join(sorted(k for k, v in missing.items() if v[1] == extra))
        notices.append(
            f'{n} {what} file(s) not read: the {extra} extra is not installed (pip install "gkparse[{extra}]")'
        )
    if given and not files and not failures:
        where = ", ".join(printable(p) for p in given)
        raise InputError(f"nothing to read: no file matching {pattern} in {where}")
    return Walk(tuple(files), skipped, tuple(failures), tuple(notices), tuple(folders))


def matches(name: str, pattern: str) -> bool:
    """True when a file name matches one of the comma-separated patterns (any case)."""
    low = name.lower()
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(low, p.lower()) for p in pattern.split(",") if p)


def _missing_formats() -> dict[str, tuple[tuple[str, ...], str]]:
    """The formats whose extra is not installed: kind → (suffixes, extra)."""
    from gkparse._read.formats import formats

    return {f.kind: (f.suffixes, f.extra) for f in formats() if not f.available()}


def _walk_folder(
    top: str,
    pattern: str,
    files: list[str],
    failures: list[Failure],
    notices: list[str],
    missing: tuple[dict[str, tuple[tuple[str, ...], str]], dict[str, int]] = ({}, {}),
) -> int:
    """Add the files of a folder that match the pattern; count those of formats whose extra is missing."""
    skipped = 0
    unavailable, missed = missing

    def onerror(e: OSError) -> None:
        where = e.filename if isinstance(e.filename, str) else top
        failures.append(Failure(where, f"cannot read the folder: {e.strerror or e}"))

    for root, dirs, names in os.walk(top, onerror=onerror):
        keep = []
        for d in sorted(dirs):
            if d.startswith("."):
                continue
            if os.path.islink(os.path.join(root, d)):
                notices.append(f"symlinked folder not followed: {printable(os.path.join(root, d))}")
                continue
            keep.append(d)
        dirs[:] = keep
        for name in sorted(names):
            if name.startswith("."):
                continue
            if matches(name, pattern):
                files.append(os.path.join(root, name))
                continue
            skipped += 1
            for suffixes, extra in unavailable.values():
                if name.lower().endswith(suffixes):
                    missed[extra] = missed.get(extra, 0) + 1
    return skipped


def read_bytes(path: str, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, at most ``max_bytes``; never blocks on a FIFO or device.

    Raises:
        InputError: not a regular file, too large, or cannot be read.
    """
    return read_file(path, max_bytes)


_memory: dict[str, int | bool | None] = {"limit": None, "exceeded": False}


def set_memory_limit(limit: int | None) -> None:
    """Say that this process (a batch worker) runs under a memory limit of ``limit`` bytes."""
    _memory["limit"] = limit


def ran_out_of_memory() -> bool:
    """True once a file read in this process ran out of memory (a worker then hands over to a fresh one)."""
    return bool(_memory["exceeded"])


def _out_of_memory() -> str:
    _memory["exceeded"] = True
    limit = _memory["limit"]
    if isinstance(limit, int) and not isinstance(limit, bool):
        return (
            f"out of memory: reading it needs more than {limit // 2**20} MB, the memory limit per worker (--max-memory)"
        )
    return "out of memory: reading it needs more memory than there is"


def _caused_by_memory(exc: BaseException) -> bool:
    """True when a reader's error stands for a MemoryError (raised while it handled one)."""
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            return False
        if isinstance(seen, MemoryError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def read_one(path: str, max_bytes: int = MAX_BYTES, templates: Iterable[Template] | None = None) -> Outcome:
    """Parse one file; never raises: what goes wrong is a Failure with the reason.

    The one reading policy of every command: regular files only, up to
    ``max_bytes``; an empty (or blank) file is a failure "empty file"; text is
    decoded by [`decode`][gkparse.decode], HTML, PDF and Word files are read by
    their readers (see [`parse_bytes`][gkparse.parse_bytes]).  ``source`` keeps the path
    as given (a non-UTF-8 name keeps its bytes); rows write it with
    [`printable`][gkparse._write.records.printable].
    """
    try:
        data = read_bytes(path, max_bytes)
        if not data.strip():
            return Failure(path, "empty file")
        return parse_bytes(data, name=os.path.basename(path), source=path, max_bytes=max_bytes, templates=templates)
    except GkparseError as e:
        return Failure(path, _out_of_memory() if _caused_by_memory(e) else e.message)
    except MemoryError:
        return Failure(path, _out_of_memory())
    except Exception as e:  # a bug in gkparse must not lose the rest of the batch
        return Failure(path, f"internal error in gkparse: {type(e).__name__}: {e}")
