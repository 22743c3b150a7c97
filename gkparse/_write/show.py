"""The reading commands that print or write for people: ``gkparse show`` and ``gkparse review``,
and what every reading command says about its inputs (files left out, the bundled fixtures)."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from gkparse._fixtures import is_bundled
from gkparse._write import command
from gkparse._write import inputs as _inputs
from gkparse._write.records import Failure, printable
from gkparse.errors import GkparseError
from gkparse.model import Report


def bundled(paths: Sequence[str]) -> list[str]:
    """The paths, with ``fixtures`` — when no such file or folder is here — meaning the bundled fixtures."""
    out = []
    for p in paths:
        if p.rstrip("/") == "fixtures" and not os.path.lexists(p):
            from gkparse._fixtures import fixtures_path

            p = str(fixtures_path())
        out.append(p)
    return out


def notices(walked: _inputs.Walk, pattern: str) -> None:
    """The files the pattern left out (named, up to five) and what was not followed, on standard error."""
    if walked.skipped:
        names = _skipped_names(walked.folders, pattern)
        shown = ", ".join(printable(n) for n in names[:5]) + (", …" if len(names) > 5 else "")
        sys.stderr.write(f"skipped {walked.skipped} file(s) not matching {pattern}: {shown}\n")
    for notice in walked.notices:
        sys.stderr.write(f"notice: {notice}\n")


def _skipped_names(folders: Sequence[str], pattern: str) -> list[str]:
    out = []
    for top in folders:
        for root, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(root, d)))
            out += [
                os.path.join(root, n)
                for n in sorted(names)
                if not n.startswith(".") and not _inputs.matches(n, pattern)
            ]
    return out


def _fmt(v: object) -> str:
    return "?" if v is None else str(v)


def summarise(report: Report, out: TextIO, *, all_cells: bool = False) -> None:
    """Write a short human-readable account of one report.

    A value printed ``?`` is a money amount printed without a unit anywhere
    (``money.unit_unknown``): its cell is read, its yuan value is not known.
    """
    head = " · ".join(
        [
            report.organ or "organ not named",
            f"year {_fmt(report.year)}",
            f"template {_fmt(report.template)}",
            f"layout {report.layout}",
            f"{sum(1 for _ in report.cells())} cells",
        ]
    )
    out.write(f"== {printable(str(report.source))}\n   {head}\n")
    unknown = False
    for table in report.tables:
        shown = [c for c in table.cells if all_cells or c.value != 0]
        zeros = len(table.cells) - len(shown)
        title = f"{_title(report, table.name)} ({table.name}, {table.layout})"
        parts = [f"{c.row}.{c.col}={_fmt(c.value)}" for c in shown]
        unknown = unknown or any(c.value is None for c in shown)
        tail = f" (+{zeros} zero)" if zeros else ""
        if not table.cells:
            out.write(f"   {title}: found, no cell read\n")
        elif not parts:
            out.write(f"   {title}: all {len(table.cells)} cells are 0\n")
        else:
            out.write(f"   {title}: " + ", ".join(parts) + tail + "\n")
    if unknown:
        out.write("   ? = amount printed without a unit (元/万元): unit not printed, value unknown\n")
    for f in report.findings:
        where = f" line {f.line}" if f.line else ""
        out.write(f"   {f.severity:<7} {f.code}{where}: {f.message}\n")


def _title(report: Report, table: str) -> str:
    """The table's title as the report's template prints it, without its section number."""
    for t in report.index.templates:
        spec = t.table(table)
        if spec is not None and (report.template is None or t.name == report.template):
            return spec.title.split("、", 1)[-1]
    return table


def show(args: argparse.Namespace) -> int:
    out = sys.stdout
    counts: Counter[str] = Counter()
    n = failed = cells = with_tables = 0
    walked = _inputs.walk(bundled(args.paths), args.pattern)
    for item in command.outcomes(walked, args):
        n += 1
        if isinstance(item, Failure):
            failed += 1
            out.write(f"== {printable(item.source)}\n   failed: {item.reason}\n")
            continue
        summarise(item, out, all_cells=args.all_cells)
        cells += sum(1 for _ in item.cells())
        with_tables += any(True for _ in item.cells())
        counts.update(f.severity for f in item.findings)
    for failure in walked.failures:
        n += 1
        failed += 1
        out.write(f"== {printable(failure.source)}\n   failed: {failure.reason}\n")
    out.write(
        f"\n{n} file(s): {with_tables} with cells, {failed} unreadable, {cells} cells; findings: "
        f"{counts['error']} error, {counts['warning']} warning, {counts['info']} info\n"
    )
    if _is_fixtures(walked):
        out.write(_EXCERPT_NOTE)
    if not args.quiet:
        notices(walked, args.pattern)
    return 1 if failed else 0


_EXCERPT_NOTE = (
    "note: the bundled fixtures are excerpts of real reports (often only the tables), so the\n"
    "report.incomplete and narrative findings on them are expected; '?' marks an amount whose unit\n"
    "was not printed.\n"
)


def _is_fixtures(walked: _inputs.Walk) -> bool:
    return any(is_bundled(d) for d in walked.folders)


def review(args: argparse.Namespace) -> int:
    from gkparse._write import output
    from gkparse._write.batch import parse_paths
    from gkparse._write.frames import outcomes
    from gkparse._write.review import review_html

    walked = _inputs.walk(bundled(args.paths), args.pattern)
    if not args.output.lower().endswith((".html", ".htm")) or os.path.isdir(args.output):
        raise GkparseError(f"review writes one HTML file: give -o REVIEW.html, not {args.output}")
    target = os.path.realpath(args.output)
    for d in walked.folders:
        if os.path.commonpath([os.path.realpath(d), target]) == os.path.realpath(d):
            raise GkparseError(f"-o {args.output} is inside the input folder {d}: write it elsewhere")
    items = outcomes(
        [
            *parse_paths(walked.files, max_bytes=args.max_bytes, timeout=args.timeout, max_memory=args.max_memory),
            *walked.failures,
        ],
        derived=not args.printed_only,
        dedupe=args.dedupe,
    )
    reports = [x for x in items if isinstance(x, Report)]
    failures = [(printable(x.source), x.reason) for x in items if isinstance(x, Failure)]
    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    with output.atomic_output(target) as fh:
        fh.write(review_html(reports, failures))
    sys.stderr.write(f"review: {len(reports)} report(s), {len(failures)} failed: {args.output}\n")
    if not args.quiet:
        notices(walked, args.pattern)
    return 1 if failures else 0
