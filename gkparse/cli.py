"""Command line: ``gkparse show`` (a readable summary) and ``gkparse keys``.

Examples::

    gkparse show fixtures                 # every .txt under the folder
    gkparse show report.txt --all-cells   # every cell, not only the non-zero ones
    gkparse keys                          # the data dictionary
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from gkparse import _schema
from gkparse._parse import parse_file
from gkparse.errors import GkparseError
from gkparse.model import Report

_TABLE_TITLES = {"active": "主动公开", "requests": "依申请", "appeals": "复议诉讼"}


def iter_paths(paths: Sequence[str]) -> Iterator[Path]:
    """Files named, and the .txt files under folders named, in sorted order."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(q for q in path.rglob("*.txt") if q.is_file())
        else:
            yield path


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
    for path in iter_paths(args.paths):
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
            "examples:\n  gkparse show fixtures\n  gkparse show a.txt b.txt --all-cells\n  gkparse keys --template 2021"
        ),
    )
    sub = p.add_subparsers(dest="command", required=True)
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
