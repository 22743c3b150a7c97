"""Batches: many files → outcomes (reports or failures), in order, in parallel, each file bounded.

A file that cannot be read or parsed becomes a [`Failure`][gkparse.Failure]
with the reason; the batch always carries on.  With ``jobs > 1``, or a time
or memory limit, the files are read in worker processes (``gkparse._write.pool``):
paths go out in chunks, compact results come back, in the order given; a file
over its time or memory limit, or whose worker dies, is a failure and the
worker is replaced.  A script that starts workers without the
``if __name__ == "__main__":`` guard gets an [`UnguardedMainError`][gkparse.UnguardedMainError]
at once instead of hanging.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing import process
from typing import Any, Final, TypeVar

import attrs

from gkparse import templates as templates_
from gkparse._extras import need
from gkparse._read import plugins as plugins_
from gkparse._write import pool
from gkparse._write.inputs import MAX_BYTES, read_one, walk
from gkparse._write.records import Failure, Outcome, finding_rows, tidy_rows, wide_keys, wide_row
from gkparse._write.writer import Encoded, encode
from gkparse.errors import GkparseError, UnguardedMainError
from gkparse.templates import Template

T = TypeVar("T")
_GUARD: Final = re.compile(r"""__name__\s*==\s*['"]__main__['"]|['"]__main__['"]\s*==\s*__name__""")
_GUARD_HELP: Final = (
    'put the code that runs the batch under  if __name__ == "__main__":  — worker processes '
    "import your script again, and without the guard each of them would start the batch anew"
)
_STARTUP_HELP: Final = (
    f"if this is a script, {_GUARD_HELP}; or the memory limit is too low for a worker to start "
    f"(at least {pool.MIN_MEMORY // 2**20} MB)"
)


def check_jobs(jobs: int) -> int:
    """``jobs`` checked: a whole number of worker processes, at least 1.

    Raises:
        GkparseError: jobs is not an int of at least 1.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise GkparseError(f"jobs must be a whole number of at least 1, not {jobs!r}")
    return jobs


def parse_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int = 1,
    pattern: str | None = None,
    progress: bool = False,
    max_bytes: int = MAX_BYTES,
    templates: Iterable[Template] | None = None,
    timeout: float | None = None,
    max_memory: int | None = None,
) -> Iterator[Outcome]:
    """Parse files, folders (walked) and globs into reports, failures included, in path order.

    Args:
        paths: files, folders whose files matching ``pattern`` are read, or
            globs such as ``"reports/**/*.txt"``.
        jobs: worker processes (1: in this process, unless a limit below is set).
            In a script, start workers only under ``if __name__ == "__main__":``.
        pattern: file-name patterns for folders, comma-separated (None: ``*.txt`` and
            every document format gkparse reads).
        progress: show a progress bar with an ETA (needs ``gkparse[progress]``:
            tqdm; it draws in notebooks and terminals).
        max_bytes: files larger than this are failures "too large".
        templates: the templates to read in (default: the registered ones, taken when
            the call is made: worker processes read in them too).
        timeout: seconds one file may take; a file that takes longer is a failure
            "timed out" and its worker is replaced (None: no limit).
        max_memory: bytes of memory (address space) each worker may use, at least
            256 MB; a file that needs more is a failure "out of memory" (None: no
            limit; enforced on Linux).  With either limit the files are read in
            worker processes even with ``jobs=1``; with workers, one that dies
            (killed, out of memory) costs only the file it was reading.

    Yields:
        One [`Report`][gkparse.Report] or [`Failure`][gkparse.Failure] per
        file, in order; then a failure per folder that could not be read.

    Raises:
        InputError: a path does not exist, a glob matches nothing, or nothing is selected.
        UnguardedMainError: workers started in a script without the ``__main__`` guard.
        GkparseError: ``jobs`` below 1, a limit out of range, or tqdm missing for ``progress=True``.
    """
    check_jobs(jobs)
    bounds = pool.check_bounds(timeout, max_memory)
    walked = walk(paths, pattern)
    bar = _progress_bar(len(walked.files)) if progress else None
    try:
        snapshot = templates_.get_templates() if templates is None else tuple(templates)
        how = (max_bytes, snapshot, plugins_.snapshot())
        for chunk in run_chunks(read_chunk, walked.files, jobs, how, bounds=bounds, fail=failed):
            yield from chunk
            if bar is not None:
                bar.update(len(chunk))
        yield from walked.failures
    finally:
        if bar is not None:
            bar.close()


def _progress_bar(total: int) -> Any:
    need("tqdm", "progress", purpose="a progress bar")
    import importlib.util

    if importlib.util.find_spec("ipywidgets") is not None:
        from tqdm.auto import tqdm  # a widget in a notebook, text in a terminal
    else:
        from tqdm.std import tqdm  # text: tqdm.auto would warn in a notebook without ipywidgets
    return tqdm(total=total, unit="file", desc="gkparse")


def read_chunk(paths: Iterable[str], how: tuple[int, tuple[Template, ...], plugins_.Plugins]) -> list[Outcome]:
    """Worker: a chunk of files → their outcomes, read in the templates and plug-ins of the caller."""
    max_bytes, templates, added = how
    plugins_.install(added)
    return [read_one(p, max_bytes, templates) for p in paths]


def failed(path: str, reason: str) -> list[Outcome]:
    """The outcome of one file that failed in a pool (timed out, or its worker died)."""
    return [Failure(path, reason)]


def chunk_size(n: int, jobs: int) -> int:
    """Files per task: a few tasks per worker, at most 32 files each."""
    return pool.chunk_size(n, jobs)


def run_chunks(
    fn: Callable[[Iterable[str], Any], T],
    files: Sequence[str],
    jobs: int,
    arg: Any,
    *,
    bounds: pool.Bounds | None = None,
    fail: Callable[[str, str], T] | None = None,
) -> Iterator[T]:
    """``fn(chunk, arg)`` for consecutive chunks of ``files``, in order.

    ``fn`` must read the files in the order it iterates them.  In this process
    when ``jobs`` is 1 and no limit is set; else on a pool of ``jobs`` workers,
    where a file over its limits, or whose worker dies, gives ``fail(path, reason)``.
    """
    bounds = bounds or pool.Bounds()
    if not bounds.bounded and (jobs <= 1 or len(files) <= 1):
        for i in range(0, len(files), 32):
            yield fn(files[i : i + 32], arg)
        return
    if not files:
        return
    _refuse_reentry()
    if fail is None:
        raise GkparseError("internal error in gkparse: a batch in worker processes needs a failure maker")
    yield from pool.Pool(fn, files, jobs, arg, bounds, fail, pool.context(), _STARTUP_HELP).results()


def _refuse_reentry() -> None:
    """Fail fast where worker processes would re-run an unguarded script instead of hanging."""
    if getattr(process.current_process(), "_inheriting", False):
        raise UnguardedMainError("a worker process is importing the main script and reached the batch; " + _GUARD_HELP)
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if not path or getattr(main, "__spec__", None) is not None or not str(path).endswith(".py"):
        return  # a notebook, python -c, or python -m: workers do not re-run the caller's script
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            source = fh.read()
    except OSError:
        return
    if not _GUARD.search(source):
        raise UnguardedMainError(
            f"{os.path.basename(path)} runs a batch in worker processes at import time; " + _GUARD_HELP
        )


# ---------------------------------------------------------------- workers for the CLI


@attrs.frozen
class Job:
    """What a CLI worker makes of each file: the row shape and the encodings to return, and the
    templates to read in with the wide shape's key columns (taken once, in the parent: a worker
    process does not see templates the parent registered)."""

    shape: str
    fmt: str
    findings_fmt: str | None = None
    max_bytes: int = MAX_BYTES
    templates: tuple[Template, ...] = attrs.field(factory=lambda: templates_.get_templates())
    plugins: plugins_.Plugins = attrs.field(factory=lambda: plugins_.snapshot())

    @property
    def keys(self) -> tuple[str, ...]:
        """The wide shape's key columns: every key of the job's templates."""
        return wide_keys(templates=self.templates)


@attrs.frozen
class Done:
    """One file's summary for the CLI: its status and number of error findings."""

    source: str
    status: str  # ok | no_cells | failed
    errors: int


@attrs.frozen
class Chunk:
    """A chunk of files as the CLI needs it: their summaries and their rows, already encoded.

    ``rows`` and ``findings`` are text (JSON lines, CSV) or one Arrow table
    (Parquet) for the whole chunk, so the parent process only writes them.
    """

    dones: tuple[Done, ...]
    rows: Encoded
    findings: Encoded


def summary(item: Outcome) -> Done:
    """One outcome summarised: ok, no_cells or failed, and its error findings."""
    if isinstance(item, Failure):
        return Done(item.source, "failed", 0)
    status = "ok" if any(True for _ in item.cells()) else "no_cells"
    return Done(str(item.source), status, sum(f.severity == "error" for f in item.findings))


def cli_chunk(paths: Iterable[str], job: Job) -> Chunk:
    """Worker: a chunk of files → their summaries and encoded rows."""
    plugins_.install(job.plugins)
    return _chunk_of((read_one(p, job.max_bytes, job.templates) for p in paths), job)


def cli_failed(job: Job) -> Callable[[str, str], Chunk]:
    """The chunk of one file that failed in a pool (timed out, or its worker died), made in the parent."""
    return lambda path, reason: _chunk_of([Failure(path, reason)], job)


def _chunk_of(items: Iterable[Outcome], job: Job) -> Chunk:
    rows: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = []
    dones = []
    for item in items:
        rows += tidy_rows(item) if job.shape == "tidy" else [wide_row(item, job.keys)]
        if job.findings_fmt:
            found += finding_rows(item)
        dones.append(summary(item))
    encoded_findings = encode(found, job.findings_fmt, "findings") if job.findings_fmt else ""
    return Chunk(tuple(dones), encode(rows, job.fmt, job.shape, job.keys), encoded_findings)
