"""``gkparse parse`` runs that need every outcome before writing: ``--dedupe``, ``--derived``,
and the SQLite, DuckDB and Excel outputs (a database is appended to, a workbook written whole).

The files are read by the same batch (worker processes with ``--jobs``), then deduplicated
and completed with derived values when asked, then written.  Row outputs are written to a
temporary file renamed into place, as in a streamed run; databases are appended to a copy.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from typing import Any

import attrs

from gkparse._write import batch, output
from gkparse._write.command import Plan
from gkparse._write.database import write_database, write_excel
from gkparse._write.frames import outcomes
from gkparse._write.identity import Duplicate, dedupe
from gkparse._write.records import Failure, Outcome, rows, wide_keys
from gkparse._write.writer import Writer


@attrs.frozen
class Collected:
    """What a collected run did: the counts, the duplicates left out, and for a database the
    reports added and those already there."""

    counts: Counter[str]
    dropped: tuple[Duplicate, ...] = ()
    added: int | None = None
    already: int | None = None


def needs_collecting(args: Any, p: Plan) -> bool:
    """True when the run must read every file before writing (see the module notes)."""
    fmts = {p.out.fmt, p.findings.fmt if p.findings else None}
    return bool(args.dedupe or args.derived or fmts & set(output.COLLECTED))


def run(p: Plan, *, dedupe_: bool, derived: bool) -> Collected:
    """Read every file of the plan, then write its outputs."""
    items: list[Outcome] = list(
        batch.parse_paths(p.walked.files, jobs=p.jobs, max_bytes=p.job.max_bytes, templates=p.job.templates)
    )
    items += list(p.walked.failures)
    dropped: tuple[Duplicate, ...] = ()
    if dedupe_:
        kept = dedupe(items)
        items, dropped = list(kept.outcomes), kept.dropped
    items = outcomes(items, derived=derived)
    counts: Counter[str] = Counter()
    for item in items:
        if isinstance(item, Failure):
            counts["failed"] += 1
            continue
        counts["ok" if any(True for _ in item.cells()) else "no_cells"] += 1
        counts["with_errors"] += not item.ok
    added, already = _write(p.out, p.job.shape, items)
    if p.findings is not None:
        _write(p.findings, "findings", items)
    return Collected(counts, dropped, added, already)


def _write(target: output.Target, shape: str, items: list[Outcome]) -> tuple[int | None, int | None]:
    if target.fmt in ("sqlite", "duckdb"):
        assert target.path is not None
        return write_database(target.path, items, target.fmt)
    if target.fmt == "xlsx":
        assert target.path is not None
        write_excel(target.path, items)
        return None, None
    keys = wide_keys(items) if shape == "wide" else None
    with contextlib.ExitStack() as stack:
        fh = stack.enter_context(output.atomic_output(target.path, binary=target.fmt == "parquet"))
        writer = Writer(fh, target.fmt, shape, keys=keys)
        writer.write(list(rows(items, shape, keys=keys)))
        writer.close()
    return None, None
