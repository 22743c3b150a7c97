"""Command line: ``gkparse parse`` (batches to JSON lines, CSV, Parquet),
``gkparse check`` (findings like a linter), ``gkparse show`` (a readable
summary) and ``gkparse keys`` (the data dictionary).

Examples::

    gkparse parse reports/ -o cells.parquet --format parquet --jobs 4
    gkparse parse reports/ --shape wide --format csv -o reports.csv
    gkparse check reports/                # path:line: severity code message
    gkparse show fixtures                 # every report file under the folder
    gkparse keys                          # the data dictionary
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import time
from collections.abc import Sequence
from typing import Any

from gkparse import templates
from gkparse._extras import need
from gkparse._read import formats, limits
from gkparse._write import collected, command
from gkparse._write import inputs as _inputs
from gkparse._write import show as show_
from gkparse._write.output import FORMATS
from gkparse._write.records import WIDE_META, Failure, columns, printable
from gkparse._write.show import summarise as summarise
from gkparse.errors import GkparseError
from gkparse.model import SEVERITIES, severity_rank


def _parse_cmd(args: argparse.Namespace) -> int:
    args.paths = show_.bundled(args.paths)
    plan = command.plan(args)  # every refusal happens here, before any file is parsed
    for fmt in {plan.out.fmt, plan.findings.fmt if plan.findings else None}:
        if fmt in _EXTRA_OF:
            need(*_EXTRA_OF[fmt], purpose=f"{fmt} output")
    t0 = time.monotonic()
    result = None
    try:
        with command.sigterm_as_interrupt():
            if collected.needs_collecting(args, plan):
                result = collected.run(plan, dedupe_=args.dedupe, derived=args.derived)
                counts = result.counts
            else:
                counts = command.run(plan, quiet=args.quiet)
    except KeyboardInterrupt as e:
        signum = e.signum if isinstance(e, command.Stopped) else signal.SIGINT
        if plan.out.path is None:  # rows already went to standard output
            sys.stderr.write("gkparse: interrupted: the rows written to standard output are incomplete\n")
        else:
            sys.stderr.write("gkparse: interrupted: no output was written\n")
        return 128 + int(signum)
    walked = plan.walked
    n = len(walked.files) + len(walked.failures)
    sys.stderr.write(
        f"files {n}, parsed {counts['ok'] + counts['no_cells']} ({counts['no_cells']} without tables), "
        f"with errors {counts['with_errors']}, failed {counts['failed']}, "
        f"seconds {time.monotonic() - t0:.2f}\n"
    )
    if result is not None:
        for d in result.dropped:
            sys.stderr.write(f"duplicate: {d.source} left out, {d.reason}: kept {d.kept}\n")
        if result.added is not None:
            sys.stderr.write(f"database: {result.added} report(s) added, {result.already} already there\n")
    if not args.quiet:
        show_.notices(walked, args.pattern)
    return 1 if counts["failed"] else 0


_EXTRA_OF = {"duckdb": ("duckdb", "duckdb"), "xlsx": ("openpyxl", "excel")}


def _check(args: argparse.Namespace) -> int:
    walked = _inputs.walk(show_.bundled(args.paths), args.pattern)
    status = 0
    for item in command.outcomes(walked, args):
        path = str(item.source)
        if isinstance(item, Failure):
            sys.stdout.write(f"{printable(item.source)}: error unreadable {item.reason}\n")
            status = 1
            continue
        for f in item.findings:
            if severity_rank(f.severity) > severity_rank(args.min_severity):
                continue
            where = f"{printable(path)}:{f.line}" if f.line else printable(path)
            sys.stdout.write(f"{where}: {f.severity} {f.code} {f.message}\n")
            status = 1 if f.severity == "error" else status
    for failure in walked.failures:
        sys.stdout.write(f"{printable(failure.source)}: error unreadable {failure.reason}\n")
        status = 1
    if not args.quiet:
        show_.notices(walked, args.pattern)
    return status


def _keys(args: argparse.Namespace) -> int:
    for k in templates.all_keys():
        if args.template and args.template not in k.templates:
            continue
        sys.stdout.write(f"{k.key}\t{'/'.join(k.templates)}\t{k.row_label} · {k.col_label}\n")
    return 0


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _readable() -> str:
    """What the reader reads, from the format table: "text, PDF, Word .docx or HTML page files"."""
    titles = ["text", *(f.title for f in formats.formats())]
    return f"{', '.join(titles[:-1])} or {titles[-1]} files"


def _common(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "paths", nargs="+", metavar="PATH", help=f"report files ({_readable()}), folders or globs ('reports/**/*')"
    )
    pattern = formats.default_pattern()
    sp.add_argument(
        "--pattern",
        default=pattern,
        help=f"file names to read in folders, comma-separated (default {pattern})",
    )
    sp.add_argument(
        "--max-bytes", type=int, default=_inputs.MAX_BYTES, metavar="N", help="larger files fail (default 50 MB)"
    )
    command.add_bounds(sp)
    sp.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no notices on standard error")


_EXIT_CODES = (
    "exit status:\n"
    "  0  done (findings of any severity allowed, except error findings for check)\n"
    "  1  done, but errors found: a file failed (its failure row is written) or, for check, an error finding\n"
    "  2  usage error or unusable input/output (nothing parsed): bad option, no such path, bad -o, missing extra\n"
    "  130/143  interrupted by Ctrl-C / SIGTERM: no output written (standard output: the rows so far)\n\n"
    "limits: each file is read in a worker process within --timeout (default 120 s) and --max-memory\n"
    "  (default 2G); a file over either, or whose worker dies, fails with the reason and the batch goes on"
)


def _add_parse(sub: Any) -> None:
    pp = sub.add_parser(
        "parse",
        help="parse files and folders into JSON lines, CSV or Parquet (tidy or wide)",
        description=(
            "Parse report files (folders are walked for --pattern, globs expanded) and write one row per cell "
            "(tidy) or per report (wide). A file that cannot be read becomes a row with status 'failed' and the "
            "reason; the batch carries on. OUT is written to a temporary file and renamed when complete."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n"
            "  gkparse parse reports/ > cells.jsonl\n"
            "  gkparse parse reports/ -o cells.parquet --jobs 4 --findings findings.csv\n"
            "  gkparse parse a.txt b.txt --shape wide --format csv-excel -o reports.csv\n"
            f"\ncolumns (tidy): {' '.join(columns('tidy'))}\n"
            f"columns (wide): {' '.join(WIDE_META)} KEY...\n"
            f"columns (--findings): {' '.join(columns('findings'))}\n"
            "formats by suffix: .jsonl/.ndjson JSON lines, .json one JSON array, .csv csv (or --format csv-excel),\n"
            "  .parquet, .sqlite/.db SQLite and .duckdb DuckDB (tables reports, cells, findings; appended to),\n"
            "  .xlsx Excel (sheets reports, cells, findings)\n\n" + _EXIT_CODES
        ),
    )
    _common(pp)
    pp.add_argument("-o", "--output", metavar="OUT", help="output file; '-' or none: standard output")
    pp.add_argument("--format", choices=FORMATS, help="output format (default: from OUT's suffix, else jsonl)")
    pp.add_argument("--shape", choices=("tidy", "wide"), default="tidy", help="one row per cell or per report")
    pp.add_argument("--findings", metavar="FOUT", help="also write every finding, one row each, to FOUT")
    pp.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N", help="worker processes (default 1)")
    pp.add_argument(
        "--dedupe", action="store_true", help="keep one report per content_id / report_id; name those left out"
    )
    pp.add_argument(
        "--derived",
        action="store_true",
        help="add the values the relations determine (derived=true), e.g. blank totals",
    )
    pp.set_defaults(func=_parse_cmd, _parser=pp)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``gkparse`` command."""
    p = argparse.ArgumentParser(
        prog="gkparse",
        description=f"Read the statistical tables of 政府信息公开工作年度报告 from {_readable()}.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n  gkparse parse reports/ -o cells.parquet --jobs 4\n  gkparse check reports/\n"
            "  gkparse show fixtures\n  gkparse review fixtures -o review.html\n  gkparse keys --template 2021\n\n"
            + _EXIT_CODES
        ),
    )
    from gkparse import __version__

    p.add_argument("--version", action="version", version=f"gkparse {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    _add_parse(sub)
    c = sub.add_parser(
        "check",
        help="print findings like a linter: path:line: severity code message",
        description="Print every finding; exit 1 when any error finding or unreadable file, 2 on a usage error.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  gkparse check reports/\n  gkparse check report.txt --min-severity warning\n\n"
        + _EXIT_CODES,
    )
    _common(c)
    c.add_argument("--min-severity", choices=SEVERITIES[::-1], default="info", help="hide less severe findings")
    c.set_defaults(func=_check, _parser=c)
    s = sub.add_parser(
        "show",
        help="print a readable summary of each report: numbers and findings",
        description="Parse report files (folders are walked for --pattern) and print what was read.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  gkparse show fixtures\n  gkparse show report.txt --all-cells\n\n" + _EXIT_CODES,
    )
    _common(s)
    s.add_argument("--all-cells", action="store_true", help="list zero cells too")
    s.set_defaults(func=show_.show, _parser=s)
    r = sub.add_parser(
        "review",
        help="write one HTML page to review reports: each table as the national form, findings at their cells",
        description=(
            "Parse report files and write one self-contained HTML page (no network needed): a sortable list of "
            "reports, then each report's tables laid out as the national form. Printed 0s and blanks look "
            "different, derived values and cells placed by arithmetic are marked, and each finding is shown at "
            "the cells it names."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  gkparse review fixtures -o review.html\n  gkparse review reports/ --dedupe -o r.html\n\n"
        + _EXIT_CODES,
    )
    _common(r)
    r.add_argument("-o", "--output", metavar="OUT", required=True, help="the HTML file to write")
    r.add_argument("--dedupe", action="store_true", help="one report per content_id / report_id")
    r.add_argument("--printed-only", action="store_true", help="leave out the derived values")
    r.set_defaults(func=show_.review, _parser=r)
    k = sub.add_parser(
        "keys",
        help="print the data dictionary: key, templates, Chinese label",
        description="Print every cell key with its templates and Chinese labels.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  gkparse keys\n  gkparse keys --template 2019",
    )
    k.add_argument(
        "--template", choices=[t.name for t in templates.get_templates()], help="only the keys of one template"
    )
    k.set_defaults(func=_keys, _parser=k)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``gkparse`` console script; returns the exit status.

    Every [`GkparseError`][gkparse.GkparseError] becomes one line on standard
    error and exit status 2, never a traceback.  Usage errors (argparse) exit 2
    with the usage of the command concerned.
    """
    args, extra = build_parser().parse_known_args(argv)
    if extra:
        args._parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        with limits.using(command.caps(args)):
            return int(args.func(args))
    except GkparseError as e:
        sys.stderr.write(f"gkparse {args.command}: error: {e}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("gkparse: interrupted\n")
        return 130
    except BrokenPipeError:  # e.g. piped into head
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
