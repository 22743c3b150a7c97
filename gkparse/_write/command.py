"""The ``gkparse parse`` run: inputs and outputs checked first, then the batch, written whole.

Everything that can be refused (missing inputs, an output that is a folder,
an input, a device; a missing optional dependency) is refused before the
first file is parsed.  SIGTERM is handled like Ctrl-C: the temporary files
are removed and nothing that looks finished is left behind.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from types import FrameType
from typing import Any

import attrs

from gkparse._extras import need
from gkparse._write import batch, output
from gkparse._write.inputs import Walk, walk
from gkparse._write.records import tidy_rows, wide_row
from gkparse._write.writer import Writer, encode
from gkparse.errors import OutputError


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
    return Plan(walked, out, found, job, jobs)


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
        writer = Writer(fh, p.out.fmt, p.job.shape)
        fwriter = None
        if p.findings is not None:
            ffh = stack.enter_context(output.atomic_output(p.findings.path, binary=p.findings.fmt == "parquet"))
            fwriter = Writer(ffh, p.findings.fmt, "findings")
        try:
            for chunk in batch.run_chunks(batch.cli_chunk, p.walked.files, p.jobs, p.job):
                writer.write(chunk.rows)
                if fwriter is not None:
                    fwriter.write(chunk.findings)
                for d in chunk.dones:
                    counts[d.status] += 1
                    counts["with_errors"] += d.errors > 0
                progress.step(len(chunk.dones))
            for failure in p.walked.failures:
                rows = tidy_rows(failure) if p.job.shape == "tidy" else [wide_row(failure)]
                writer.write(encode(rows, p.out.fmt, p.job.shape))
                counts["failed"] += 1
            writer.close()
            if fwriter is not None:
                fwriter.close()
        finally:
            progress.close()
    return counts
