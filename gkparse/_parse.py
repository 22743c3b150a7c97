"""The pipeline, end to end: text → cells → tokens → tables → Report."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import attrs

from gkparse import _assemble, _checks, _layout
from gkparse._labels import template_markers
from gkparse._meta import normalise_text, organ_of, year_of
from gkparse.errors import DecodeError, GkparseError, InputError
from gkparse.model import ActiveTable, AppealsTable, Finding, Report, RequestsTable

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_TABLE_CLASSES = {"active": ActiveTable, "requests": RequestsTable, "appeals": AppealsTable}


def _template_and_tables(
    toks: list[_assemble.Tok], year: int | None, prow_len: dict[int, int]
) -> tuple[str | None, list[Finding], _assemble.Assembled]:
    """Decide the template (from the tables' wording, else the year) and read the tables in it."""
    joined = "".join(t.norm for t in toks if t.kind == "text" and t.label_like)
    marks = template_markers(joined)
    findings: list[Finding] = []
    t19, t21 = marks["2019"], marks["2021"]
    if t19 or t21:
        template = "2019" if t19 > t21 else "2021" if t21 > t19 else None
        if t19 and t21:
            findings.append(
                Finding(
                    "warning",
                    "template.mixed",
                    f"the tables use wording of both templates ({t19} of 2019, {t21} of 2021): "
                    + (f"read as template {template}" if template else "template left undecided"),
                )
            )
        return template, findings, _assemble.assemble(toks, template, prow_len)
    # no wording of either template: read what both templates share, then use the year
    probe = _assemble.assemble(toks, None, prow_len)
    any_table = any(probe.cells.values()) or bool(probe.seen)
    if any_table and year is not None:
        template = "2019" if year <= 2020 else "2021"
        findings.append(
            Finding(
                "info",
                "template.from_year",
                f"no wording particular to one template was found; template {template} assumed from the year {year}",
            )
        )
        return template, findings, _assemble.assemble(toks, template, prow_len)
    return None, findings, probe


def parse(text: str, *, source: str | None = None) -> Report:
    """Read every statistical table of an annual report from its text.

    Args:
        text: the report as text, in any of the layouts gkparse reads
            (one value per line, tab-separated rows, pipe fragments), mixed or not.
        source: where the text came from, kept on the report (e.g. a path).

    Returns:
        The report: template, year, organ, the tables found and the findings.
        A text without tables gives a report with no tables and a finding.

    Raises:
        GkparseError: only when ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise InputError(f"parse() takes the report as str, not {type(text).__name__}; use parse_file() for files")
    try:
        return _parse(text, source)
    except GkparseError:
        raise
    except RecursionError as e:  # pragma: no cover - defensive
        raise GkparseError(f"the text is nested too deeply to read: {e}", source=source) from None


def _parse(text: str, source: str | None) -> Report:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    raw = _layout.cells(text)
    prow_len: Counter[int] = Counter()
    for c in raw:
        if c.prow is not None and c.kind != "filler":
            prow_len[c.prow] = max(prow_len[c.prow], c.cidx + 1)
    cut = bool(text) and not text[-1].isspace()
    toks, findings = _assemble.tokens(raw, cut_at_end=cut)
    normalised = normalise_text(text)
    year = year_of(normalised, normalised=True)
    template, tfind, done = _template_and_tables(toks, year, dict(prow_len))
    findings += tfind
    findings += done.findings
    tables = {}
    layouts: set[str] = set()
    for name, cls in _TABLE_CLASSES.items():
        if not done.cells[name] and name not in done.seen:
            continue
        lay = done.layouts[name].most_common(1)[0][0] if done.layouts[name] else "none"
        if lay != "none":
            layouts.add(lay)
        tables[name] = cls(template=template, layout=lay, cells=tuple(done.cells[name]))
    if not tables:
        findings.append(
            Finding("warning", "report.no_tables", "no statistical table (二、三、四) was found in the text")
        )
    else:
        missing = [n for n in _TABLE_CLASSES if n not in tables]
        if missing:
            findings.append(
                Finding(
                    "warning",
                    "report.incomplete",
                    "tables not found: "
                    + ", ".join(missing)
                    + (" — the text ends inside the tables and looks truncated" if cut else ""),
                )
            )
    if year is not None and template is not None and (template == "2021") != (year >= 2021):
        findings.append(
            Finding(
                "warning",
                "year.template_mismatch",
                f"the report is for {year} but its tables follow template {template}",
            )
        )
    layout = "none" if not layouts else layouts.pop() if len(layouts) == 1 else "mixed"
    report = Report(
        source=source,
        template=template,
        year=year,
        organ=organ_of(text.split("\n")),
        layout=layout,
        active=tables.get("active"),  # type: ignore[arg-type]
        requests=tables.get("requests"),  # type: ignore[arg-type]
        appeals=tables.get("appeals"),  # type: ignore[arg-type]
        findings=(),
    )
    findings += _checks.check_arithmetic(report)
    findings += _checks.check_plausibility(report)
    findings += _checks.check_narrative(report, text, normalised)
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], f.line or 0))
    return attrs.evolve(report, findings=tuple(findings))


def decode(data: bytes, *, source: str | None = None) -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK).

    A few stray NUL bytes (under 1 % of the text) are kept, as [`parse`][gkparse.parse]
    keeps them; more mean binary data or UTF-16 without a BOM: a ``DecodeError``.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "gb18030")
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if text.count("\x00") * 100 > len(text):  # NUL-rich: binary, or UTF-16 without a BOM
            break
        return text  # a stray NUL is kept, so parse_file(path) reads what parse(text) reads
    raise DecodeError(source=source)


def parse_file(path: str | os.PathLike[str]) -> Report:
    """Read a report file (UTF-8, UTF-8 with BOM, GB18030/GBK; detected) and parse it.

    Raises:
        InputError: the file cannot be read.
        DecodeError: the bytes are not text in a supported encoding.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror or e}", source=str(path)) from None
    return parse(decode(data, source=str(path)), source=str(path))
