"""Command line: ``gkparse parse`` (batches to JSON lines, CSV, Parquet),
``gkparse check`` (findings like a linter), ``gkparse show`` (a readable
summary) and ``gkparse keys`` (the data dictionary).

Examples::

    gkparse parse reports/ -o cells.parquet --format parquet --jobs 4
    gkparse parse reports/ --shape wide --format csv -o reports.csv
    gkparse check reports/                # path:line: severity code message
    gkparse show fixtures                 # every .txt under the folder
    gkparse keys                          # the data dictionary
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from gkparse import _schema
from gkparse._parse import parse_file
from gkparse._write import batch as _batch
from gkparse._write.records import Failure
from gkparse.errors import GkparseError
from gkparse.model import Report

_TABLE_TITLES = {"active": "主动公开", "requests": "依申请", "appeals": "复议诉讼"}


class Progress:
    """A one-line progress bar on standard error, drawn only on a terminal."""

    def __init__(self, total: int, *, enabled: bool | None = None) -> None:
        self.total, self.done, self.t0 = total, 0, time.monotonic()
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = 0.0

    def step(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.done == self.total):
            self._last = now
            rate = self.done / max(now - self.t0, 1e-9)
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            bar = "#" * filled + "." * (width - filled)
            sys.stderr.write(f"\r[{bar}] {self.done}/{self.total} files {rate:,.0f}/s")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def _parse_cmd(args: argparse.Namespace) -> int:
    fmt = args.format or _guess_format(args.output)
    walked = _batch.walk(args.paths, args.pattern)
    t0 = time.monotonic()
    counts: Counter[str] = Counter()
    with_errors = 0
    progress = Progress(len(walked.files), enabled=False if args.quiet else None)
    try:
        with _batch.atomic_output(args.output, binary=fmt == "parquet") as fh:
            writer = _batch.Writer(fh, fmt, args.shape)
            for done in _batch.run_jobs(walked.files, args.shape, args.jobs):
                writer.write(done.rows)
                counts[done.status] += 1
                with_errors += done.errors > 0
                progress.step()
            writer.close()
    except KeyboardInterrupt:
        progress.close()
        sys.stderr.write("interrupted: no output was written\n")
        return 130
    progress.close()
    secs = time.monotonic() - t0
    n = len(walked.files)
    skipped = f", {walked.skipped} skipped (not {args.pattern})" if walked.skipped else ""
    sys.stderr.write(
        f"files {n}, parsed {counts['ok'] + counts['no_cells']} ({counts['no_cells']} without tables), "
        f"with errors {with_errors}, failed {counts['failed']}, seconds {secs:.2f}{skipped}\n"
    )
    return 0


def _guess_format(output: str | None) -> str:
    if output is None:
        return "jsonl"
    ext = os.path.splitext(output)[1].lower()
    return {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}.get(ext, "jsonl")


def _check(args: argparse.Namespace) -> int:
    walked = _batch.walk(args.paths, args.pattern)
    status = 0
    for path in walked.files:
        item = _batch.read_one(path)
        if isinstance(item, Failure):
            sys.stdout.write(f"{path}: error unreadable {item.reason}\n")
            status = 2
            continue
        for f in item.findings:
            if _SEVERITY_RANK[f.severity] < _SEVERITY_RANK[args.min_severity]:
                continue
            where = f"{path}:{f.line}" if f.line else path
            sys.stdout.write(f"{where}: {f.severity} {f.code} {f.message}\n")
            if f.severity == "error" and status == 0:
                status = 1
    return status


_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def _fmt(v: object) -> str:
    return "?" if v is None else str(v)


def summarise(report: Report, out: TextIO, *, all_cells: bool = False) -> None:
    """Write a short human-readable account of one report."""
    head = " · ".join(
        [
            report.organ or "organ not named",
            f"year {_fmt(report.year)}",
            f"template {_fmt(report.template)}",
            f"layout {report.layout}",
            f"{sum(1 for _ in report.cells())} cells",
        ]
    )
    out.write(f"== {report.source}\n   {head}\n")
    for table in report.tables():
        shown = [c for c in table.cells if all_cells or c.value != 0]
        zeros = len(table.cells) - len(shown)
        title = f"{_TABLE_TITLES[table.name]} ({table.name}, {table.layout})"
        parts = [f"{c.row}.{c.col}={_fmt(c.value)}" for c in shown]
        tail = f" (+{zeros} zero)" if zeros else ""
        if not parts:
            out.write(f"   {title}: all {len(table.cells)} cells are 0\n")
        else:
            out.write(f"   {title}: " + ", ".join(parts) + tail + "\n")
    for f in report.findings:
        where = f" line {f.line}" if f.line else ""
        out.write(f"   {f.severity:<7} {f.code}{where}: {f.message}\n")


def _show(args: argparse.Namespace) -> int:
    out = sys.stdout
    counts: Counter[str] = Counter()
    n = failed = cells = with_tables = 0
    for path in _batch.walk(args.paths).files:
        n += 1
        try:
            report = parse_file(path)
        except GkparseError as e:
            failed += 1
            out.write(f"== {path}\n   failed: {e.message}\n")
            continue
        summarise(report, out, all_cells=args.all_cells)
        cells += sum(1 for _ in report.cells())
        with_tables += bool(report.tables())
        counts.update(f.severity for f in report.findings)
    out.write(
        f"\n{n} file(s): {with_tables} with tables, {failed} unreadable, {cells} cells; findings: "
        f"{counts['error']} error, {counts['warning']} warning, {counts['info']} info\n"
    )
    return 2 if failed else 0


def _keys(args: argparse.Namespace) -> int:
    for k in _schema.all_keys():
        if args.template and args.template not in k.templates:
            continue
        sys.stdout.write(f"{k.key}\t{'/'.join(k.templates)}\t{k.row_label} · {k.col_label}\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``gkparse`` command."""
    p = argparse.ArgumentParser(
        prog="gkparse",
        description="Read the statistical tables of 政府信息公开工作年度报告 from text files.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n  gkparse parse reports/ -o cells.parquet --jobs 4\n  gkparse check reports/\n"
            "  gkparse show fixtures\n  gkparse keys --template 2021"
        ),
    )
    sub = p.add_subparsers(dest="command", required=True)
    pp = sub.add_parser(
        "parse",
        help="parse files and folders into JSON lines, CSV or Parquet (tidy or wide)",
        description=(
            "Parse report files (folders are walked for --pattern) and write one row per cell (tidy) or per "
            "report (wide). A file that cannot be read becomes a row with status 'failed' and the reason; the "
            "batch carries on. OUT is written to a temporary file and renamed when complete."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n"
            "  gkparse parse reports/ > cells.jsonl\n"
            "  gkparse parse reports/ -o cells.parquet --jobs 4\n"
            "  gkparse parse a.txt b.txt --shape wide --format csv -o reports.csv\n"
            "\ncolumns (tidy): source status error template year organ key table row col value raw line\n"
            "columns (wide): source status error template year organ layout ok findings errors warnings KEY..."
        ),
    )
    pp.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    pp.add_argument("-o", "--output", metavar="OUT", help="output file (default: standard output)")
    pp.add_argument("--format", choices=_batch.FORMATS, help="output format (default: from OUT's suffix, else jsonl)")
    pp.add_argument("--shape", choices=("tidy", "wide"), default="tidy", help="one row per cell or per report")
    pp.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="worker processes (default 1)")
    pp.add_argument("--pattern", default="*.txt", help="file names to read in folders (default *.txt)")
    pp.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    pp.set_defaults(func=_parse_cmd)
    c = sub.add_parser(
        "check",
        help="print findings like a linter: path:line: severity code message",
        description="Print every finding; exit 1 when any error finding, 2 when an input cannot be read.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  gkparse check reports/\n  gkparse check report.txt --min-severity warning",
    )
    c.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    c.add_argument("--pattern", default="*.txt", help="file names to read in folders (default *.txt)")
    c.add_argument(
        "--min-severity", choices=("info", "warning", "error"), default="info", help="hide less severe findings"
    )
    c.set_defaults(func=_check)
    s = sub.add_parser(
        "show",
        help="print a readable summary of each report: numbers and findings",
        description="Parse report files (or every .txt under folders) and print what was read.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  gkparse show fixtures\n  gkparse show report.txt --all-cells",
    )
    s.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    s.add_argument("--all-cells", action="store_true", help="list zero cells too")
    s.set_defaults(func=_show)
    k = sub.add_parser(
        "keys",
        help="print the data dictionary: key, templates, Chinese label",
        description="Print every cell key with its templates and Chinese labels.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  gkparse keys\n  gkparse keys --template 2019",
    )
    k.add_argument("--template", choices=_schema.TEMPLATES, help="only the keys of one template")
    k.set_defaults(func=_keys)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``gkparse`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # e.g. piped into head
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
