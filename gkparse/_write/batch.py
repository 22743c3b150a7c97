"""Batches: many files → outcomes (reports or failures), in order, in parallel.

A file that cannot be read or parsed becomes a :class:`Failure` with the
reason; the batch always carries on.  Outputs are written to a temporary file
beside the target and renamed into place only when complete, so an
interrupted run never leaves a half file that looks finished.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import json
import multiprocessing
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import attrs

from gkparse._parse import decode, parse
from gkparse._write.records import Failure, Outcome, columns, tidy_rows, wide_row
from gkparse.errors import GkparseError

FORMATS = ("jsonl", "csv", "parquet")


@attrs.frozen
class Walk:
    """Files found under the paths given, and what the pattern left out."""

    files: tuple[str, ...]
    skipped: int


def walk(paths: Iterable[str | os.PathLike[str]], pattern: str = "*.txt") -> Walk:
    """Files named, plus files matching ``pattern`` under folders named (sorted, hidden ones left out)."""
    files: list[str] = []
    skipped = 0
    for p in paths:
        path = Path(p)
        if not path.is_dir():
            files.append(str(path))
            continue
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.startswith("."):
                    continue
                if fnmatch.fnmatch(name, pattern):
                    files.append(os.path.join(root, name))
                else:
                    skipped += 1
    return Walk(tuple(files), skipped)


def read_one(path: str) -> Outcome:
    """Parse one file; never raises: what goes wrong is a Failure with the reason."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return Failure(path, f"cannot read the file: {e.strerror or e}")
    if not data.strip():
        return Failure(path, "empty file")
    try:
        return parse(decode(data, source=path), source=path)
    except GkparseError as e:
        return Failure(path, e.message)
    except Exception as e:  # a bug in gkparse must not lose the rest of the batch
        return Failure(path, f"internal error in gkparse: {type(e).__name__}: {e}")


def parse_paths(paths: Iterable[str | os.PathLike[str]], *, jobs: int = 1, pattern: str = "*.txt") -> Iterator[Outcome]:
    """Parse files and folders (walked) into reports, failures included, in path order.

    Args:
        paths: files, or folders whose files matching ``pattern`` are read.
        jobs: worker processes (1: in this process).
        pattern: file-name pattern for folders.
    """
    files = walk(paths, pattern).files
    yield from _map(read_one, files, jobs)


def _map(fn: Callable[[str], Any], files: Sequence[str], jobs: int) -> Iterator[Any]:
    if jobs <= 1 or len(files) <= 1:
        for f in files:
            yield fn(f)
        return
    ctx = multiprocessing.get_context("spawn" if sys.platform == "win32" else "forkserver")
    chunk = max(1, min(64, len(files) // (jobs * 8)))
    with ctx.Pool(jobs) as pool:
        yield from pool.imap(fn, files, chunksize=chunk)


# ---------------------------------------------------------------- workers for the CLI


@attrs.frozen
class Done:
    """One file's result as the CLI needs it: its rows and a summary."""

    source: str
    status: str  # ok | no_cells | failed
    errors: int
    rows: tuple[dict[str, Any], ...]


def tidy_job(path: str) -> Done:
    """Worker: one file → tidy rows."""
    return _done(read_one(path), "tidy")


def wide_job(path: str) -> Done:
    """Worker: one file → its wide row."""
    return _done(read_one(path), "wide")


def _done(item: Outcome, shape: str) -> Done:
    rows = tidy_rows(item) if shape == "tidy" else [wide_row(item)]
    if isinstance(item, Failure):
        return Done(item.source, "failed", 0, tuple(rows))
    status = "ok" if any(True for _ in item.cells()) else "no_cells"
    return Done(str(item.source), status, sum(f.severity == "error" for f in item.findings), tuple(rows))


def run_jobs(files: Sequence[str], shape: str, jobs: int) -> Iterator[Done]:
    """Every file's rows, in order, computed by ``jobs`` processes."""
    yield from _map(tidy_job if shape == "tidy" else wide_job, files, jobs)


# ---------------------------------------------------------------- writers


@contextmanager
def atomic_output(out: str | None, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write to, renamed to ``out`` only when the block ends without error.

    With ``out`` None the block writes to standard output.
    """
    if out is None:
        if binary:
            raise GkparseError("parquet output needs a file: give -o OUT")
        yield sys.stdout
        return
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        fh: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Writer:
    """Streams rows of a fixed set of columns to JSON lines, CSV or Parquet."""

    def __init__(self, fh: IO[Any], fmt: str, shape: str, batch: int = 2048) -> None:
        self.fh, self.fmt, self.shape, self.batch = fh, fmt, shape, batch
        self.cols = columns(shape)
        self._pending: list[dict[str, Any]] = []
        self._pq: Any = None
        if fmt == "csv":
            self._csv = csv.DictWriter(fh, fieldnames=list(self.cols), lineterminator="\n")
            self._csv.writeheader()
        elif fmt not in FORMATS:
            raise GkparseError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        if self.fmt == "jsonl":
            buf = io.StringIO()
            for r in rows:
                buf.write(json.dumps(r, ensure_ascii=False))
                buf.write("\n")
            self.fh.write(buf.getvalue())
        elif self.fmt == "csv":
            self._csv.writerows(rows)
        else:
            self._pending.extend(rows)
            if len(self._pending) >= self.batch:
                self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        import pyarrow.parquet as pq

        from gkparse._write.frames import arrow_schema, to_arrow_rows

        if self._pq is None:
            self._pq = pq.ParquetWriter(self.fh, arrow_schema(self.shape))
        self._pq.write_table(to_arrow_rows(self._pending, self.shape))
        self._pending = []

    def close(self) -> None:
        if self.fmt == "parquet":
            self._flush()
            if self._pq is None:
                import pyarrow.parquet as pq

                from gkparse._write.frames import arrow_schema

                self._pq = pq.ParquetWriter(self.fh, arrow_schema(self.shape))
            self._pq.close()
