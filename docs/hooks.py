"""mkdocs hook: pages generated from the library itself, so the docs never drift.

Markers replaced in the Markdown:

* ``<!-- gkparse:data-dictionary -->`` — every key from ``gkparse.all_keys()``;
* ``<!-- gkparse:row-columns -->`` — the columns of the row formats with their dtypes;
* ``<!-- gkparse:findings -->`` — the finding catalogue, each example parsed now;
* ``<!-- gkparse:cli -->`` — the ``--help`` of every command;
* ``<!-- gkparse:changelog -->`` — CHANGELOG.md.
"""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stdout, suppress
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gkparse  # noqa: E402
from gkparse import _findings, cli, templates  # noqa: E402
from gkparse._write.records import WIDE_META, shape_columns  # noqa: E402

_TABLE_TITLES = {
    "active": "active — 二、主动公开政府信息情况",
    "requests": "requests — 三、收到和处理政府信息公开申请情况",
    "appeals": "appeals — 四、政府信息公开行政复议、行政诉讼情况",
}


def data_dictionary() -> str:
    out: list[str] = []
    keys = gkparse.all_keys()
    for table in templates.current().tables:
        out.append(f"## {_TABLE_TITLES[table]}\n")
        out.append("| key | templates | row label | column label | unit |")
        out.append("|---|---|---|---|---|")
        for k in keys:
            if k.table == table:
                unit = "yuan (Decimal)" if k.money else "count (int)"
                out.append(f"| `{k.key}` | {' '.join(k.templates)} | {k.row_label} | {k.col_label} | {unit} |")
        out.append("")
    return "\n".join(out)


def crosswalk() -> str:
    from gkparse.templates.crosswalk import crosswalk as links

    out = ["| key (2019) | template 2021 | note |", "|---|---|---|"]
    for link in links(templates.current()):
        if link.kind == "same":
            continue
        other = " + ".join(f"`{k}`" for k in link.keys) if link.kind == "sum" else "—"
        out.append(f"| `{link.key}` | {other} | {link.note} |")
    return "\n".join(out) + "\n"


_DTYPES = {
    "string": ("string", "string", "object (str)"),
    "int": ("integer", "int64", "Int64"),
    "float": ("number", "double", "float64"),
    "bool": ("boolean", "bool", "boolean"),
}


def row_columns() -> str:
    out: list[str] = []
    for shape in ("tidy", "wide", "findings"):
        cols = shape_columns(shape)
        out.append(f"### `{shape}`\n")
        out.append("| column | JSON (JSONL) | Parquet / Arrow | pandas | meaning |")
        out.append("|---|---|---|---|---|")
        for c in cols[: len(WIDE_META)] if shape == "wide" else cols:
            js, pq, pd = _DTYPES[c.kind]
            out.append(f"| `{c.name}` | {js} or null | {pq} | {pd} | {c.meaning} |")
        if shape == "wide":
            n = len(cols) - len(WIDE_META)
            out.append(f"| *one per key ({n})* | number or null | double | float64 | the value of that key |")
        out.append("")
    return "\n".join(out)


def findings_catalogue() -> str:
    out: list[str] = []
    for c in _findings.catalogue():
        out.append(f"### `{c.code}`\n")
        out.append(f"**Severity:** {c.severity}. {c.meaning}\n")
        if c.example:
            report = gkparse.parse(c.example)
            found = [f for f in report.findings if f.code == c.code]
            out.append("Input:\n")
            out.append("```text\n" + c.example.rstrip("\n") + "\n```\n")
            if found:
                f = found[0]
                where = f" (line {f.line})" if f.line else ""
                out.append(f"Finding{where}:\n")
                out.append("```text\n" + f"{f.severity} {f.code}: {f.message}" + "\n```\n")
    return "\n".join(out)


def cli_help() -> str:
    out: list[str] = []
    parser = cli.build_parser()
    for name in ("", "parse", "check", "show", "keys"):
        buf = io.StringIO()
        with redirect_stdout(buf), suppress(SystemExit):
            cli.main([name, "--help"] if name else ["--help"])
        title = f"gkparse {name}".strip()
        out.append(f"## `{title}`\n")
        out.append("```text\n" + buf.getvalue().rstrip() + "\n```\n")
    del parser
    return "\n".join(out)


def changelog() -> str:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return text.split("\n", 1)[1] if text.startswith("# ") else text


_MARKERS = {
    "<!-- gkparse:data-dictionary -->": data_dictionary,
    "<!-- gkparse:row-columns -->": row_columns,
    "<!-- gkparse:findings -->": findings_catalogue,
    "<!-- gkparse:crosswalk -->": crosswalk,
    "<!-- gkparse:cli -->": cli_help,
    "<!-- gkparse:changelog -->": changelog,
}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    for marker, make in _MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
    return markdown
