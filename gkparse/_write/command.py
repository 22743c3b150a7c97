"""The ``gkparse parse`` run: inputs and outputs checked first, then the batch, written whole.

Everything that can be refused (missing inputs, an output that is a folder,
an input, a device; a missing optional dependency) is refused before the
first file is parsed.  SIGTERM is handled like Ctrl-C: the temporary files
are removed and nothing that looks finished is left behind.  Every command
that reads files (``parse``, ``check``, ``show``) reads each one within
``--timeout`` seconds and ``--max-memory`` bytes, in a worker process.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from types import FrameType
from typing import Any, Final

import attrs

from gkparse import templates
from gkparse._extras import need
from gkparse._read import limits, plugins
from gkparse._write import batch, output, pool
from gkparse._write.inputs import Walk, walk
from gkparse._write.records import Outcome, tidy_rows, wide_row
from gkparse._write.writer import Writer, encode
from gkparse.errors import OutputError

TIMEOUT: Final = 120.0
"""The command line's time limit per file, in seconds (``--timeout``)."""
MAX_MEMORY: Final = 2 * 1024**3
"""The command line's memory limit per worker process, in bytes (``--max-memory``: 2 GB)."""
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?", re.IGNORECASE)


def size(text: str) -> int:
    """``--max-memory``: bytes, or a number with K, M, G or T (``2G``, ``512M``, ``1.5g``); 0 means no limit."""
    m = _SIZE.fullmatch(text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (bytes, or a number with K, M or G: 2G, 512M)")
    n = int(float(m.group(1)) * 1024 ** " kmgt".index(m.group(2).lower() or " "))
    if 0 < n < pool.MIN_MEMORY:
        raise argparse.ArgumentTypeError(f"at least {pool.MIN_MEMORY // 2**20}M, or 0 for no limit, not {text!r}")
    return n


def seconds(text: str) -> float:
    """``--timeout``: seconds above 0, or 0 for no limit."""
    try:
        n = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not n >= 0 or n == float("inf"):
        raise argparse.ArgumentTypeError(f"a number of seconds, or 0 for no limit, not {text!r}")
    return n


def cap(text: str) -> tuple[str, int]:
    """``--limit NAME=N``: a cap of [`Limits`][gkparse.Limits] by name, a whole number of at least 1."""
    name, _, value = text.partition("=")
    if name.strip() not in limits.NAMES or not value.strip().isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not NAME=N with NAME one of {', '.join(limits.NAMES)}: {text!r}")
    return name.strip(), int(value)


def add_bounds(sp: argparse.ArgumentParser) -> None:
    """The options bounding each file: ``--timeout``, ``--max-memory``, ``--limit``."""
    sp.add_argument(
        "--timeout",
        type=seconds,
        default=TIMEOUT,
        metavar="SECONDS",
        help=f"a file read for longer fails 'timed out' (default {TIMEOUT:g}; 0: no limit)",
    )
    sp.add_argument(
        "--max-memory",
        type=size,
        default=MAX_MEMORY,
        metavar="SIZE",
        help="memory of each worker process; a file that needs more fails (default 2G; 0: no limit)",
    )
    sp.add_argument(
        "--limit",
        type=cap,
        action="append",
        default=[],
        metavar="NAME=N",
        help=f"raise a cap on what one document may expand to ({', '.join(limits.NAMES)}); repeatable",
    )


def bounds(args: Any) -> pool.Bounds:
    """The per-file limits the options ask for (0: none)."""
    return pool.check_bounds(args.timeout or None, args.max_memory or None)


def caps(args: Any) -> limits.Limits:
    """The caps in force with the ``--limit`` options applied."""
    return limits.changed(limits.current(), dict(getattr(args, "limit", [])))


def outcomes(walked: Walk, args: Any) -> Iterator[Outcome]:
    """The outcome of each file walked, in order, each file within the limits (``check`` and ``show``)."""
    for chunk in batch.run_chunks(
        batch.read_chunk,
        walked.files,
        1,
        (args.max_bytes, templates.get_templates(), plugins.snapshot()),
        bounds=bounds(args),
        fail=batch.failed,
    ):
        yield from chunk


class Stopped(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped the run."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class Progress:
    """A one-line progress bar with rate and ETA on standard error, drawn only on a terminal."""

    def __init__(self, total: int, *, enabled: bool | None = None) -> None:
        self.total, self.done, self.t0 = total, 0, time.monotonic()
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = 0.0

    def step(self, n: int = 1) -> None:
        """Count ``n`` more files done; redraw at most ten times a second."""
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.done >= self.total):
            self._last = now
            sys.stderr.write("\r" + self.line(now))
            sys.stderr.flush()

    def line(self, now: float) -> str:
        """The bar: ``[####....] 120/400 files 250/s ETA 0:01``."""
        rate = self.done / max(now - self.t0, 1e-9)
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        filled = int(30 * self.done / max(self.total, 1))
        eta = f"{int(left) // 60}:{int(left) % 60:02d}"
        speed = f"{rate:,.0f}/s" if rate >= 1 or not self.done else f"{1 / rate:,.1f} s/file"  # OCR: seconds a file
        return f"[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} files {speed} ETA {eta}"

    def close(self) -> None:
        """End the bar's line."""
        if self.enabled:
            sys.stderr.write("\n")


@attrs.frozen
class Plan:
    """A checked run: the files, where rows and findings go, and how."""

    walked: Walk
    out: output.Target
    findings: output.Target | None
    job: batch.Job
    jobs: int
    bounds: pool.Bounds


def plan(args: Any) -> Plan:
    """Check every argument, input and output; nothing is parsed or written yet.

    Raises:
        GkparseError: a usage problem, reported as one line with exit status 2.
    """
    jobs = batch.check_jobs(args.jobs)
    if args.max_bytes < 1:
        raise OutputError("--max-bytes must be at least 1")
    walked = walk(args.paths, args.pattern)
    out = output.check_output(args.output, args.format, walked.files, walked.folders)
    found = None
    if args.findings is not None:
        found = output.check_output(args.findings, None, walked.files, walked.folders)
        if found.path is not None and found.path == out.path:
            raise OutputError("--findings and -o name the same file")
        if found.path is None and out.path is None:
            raise OutputError("--findings and the rows cannot both go to standard output")
    if "parquet" in (out.fmt, found.fmt if found else None):
        need("pyarrow", "arrow", purpose="Parquet output")
    job = batch.Job(args.shape, out.fmt, found.fmt if found else None, args.max_bytes)
    return Plan(walked, out, found, job, jobs, bounds(args))


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises [`Stopped`][gkparse._write.command.Stopped] like Ctrl-C."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Stopped(signum)

    try:
        old = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def run(p: Plan, *, quiet: bool) -> Counter[str]:
    """Run a checked plan; return the counts of ok, no_cells, failed and with_errors."""
    counts: Counter[str] = Counter()
    progress = Progress(len(p.walked.files), enabled=False if quiet else None)
    with contextlib.ExitStack() as stack:
        fh = stack.enter_context(output.atomic_output(p.out.path, binary=p.out.fmt == "parquet"))
        writer = Writer(fh, p.out.fmt, p.job.shape, keys=p.job.keys)
        fwriter = None
        if p.findings is not None:
            ffh = stack.enter_context(output.atomic_output(p.findings.path, binary=p.findings.fmt == "parquet"))
            fwriter = Writer(ffh, p.findings.fmt, "findings")
        try:
            chunks = batch.run_chunks(
                batch.cli_chunk, p.walked.files, p.jobs, p.job, bounds=p.bounds, fail=batch.cli_failed(p.job)
            )
            for chunk in chunks:
                writer.write(chunk.rows)
                if fwriter is not None:
                    fwriter.write(chunk.findings)
                for d in chunk.dones:
                    counts[d.status] += 1
                    counts["with_errors"] += d.errors > 0
                progress.step(len(chunk.dones))
            for failure in p.walked.failures:
                rows = tidy_rows(failure) if p.job.shape == "tidy" else [wide_row(failure, p.job.keys)]
                writer.write(encode(rows, p.out.fmt, p.job.shape, p.job.keys))
                counts["failed"] += 1
            writer.close()
            if fwriter is not None:
                fwriter.close()
        finally:
            progress.close()
    return counts
