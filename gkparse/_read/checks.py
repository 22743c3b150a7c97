"""Checks step: the arithmetic of a report (勾稽关系), its plausibility, and what its prose states.

Every relation of the report's template (see ``gkparse.templates``) is checked
on the printed cells only.  A break is a finding with the relation, both sides
and the keys involved; a relation with a blank term is *not assessable* (an
info finding, never a pass or a fail).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Final

from gkparse import _findings as F
from gkparse._read.document import Document
from gkparse.model import Finding, Report, Value
from gkparse.templates import Check, Index


def _terms(chk: Check, values: Mapping[str, Value]) -> str:
    cut = len(chk.table) + 1
    left = " + ".join(f"{k[cut:]} {values[k]}" for k in chk.left)
    right = " + ".join(f"{k[cut:]} {values[k]}" for k in chk.right)
    return f"{left} {'≤' if chk.le else '≠'} {right}"


def _sum(keys: Sequence[str], values: Mapping[str, Value]) -> tuple[int | Decimal, int, int]:
    """(sum of the printed values, how many printed, how many blank) of some keys."""
    total: int | Decimal = 0
    printed = 0
    for k in keys:
        v = values.get(k)
        if v is not None:
            printed += 1
            total += v
    return total, printed, len(keys) - printed


def check(report: Report, doc: Document) -> list[Finding]:
    """The checks stage: the report's arithmetic, plausibility and what its prose states, as findings."""
    lines: dict[str, int] = {}
    values: dict[str, Value] = {}
    for c in report.cells():
        if c.value is not None:
            values[c.key] = c.value
            lines[c.key] = c.line
    return [
        *_arithmetic(report, values, lines),
        *check_plausibility(report),
        *_narrative(report, doc, values),
    ]


def check_arithmetic(report: Report, index: Index | None = None) -> list[Finding]:
    """The relations of one report's template as findings (breaks, and relations not assessable);
    ``index``: the templates (default: those the report was read in)."""
    cells = [c for c in report.cells() if c.value is not None]
    values = {c.key: c.value for c in cells}
    return _arithmetic(report, values, {c.key: c.line for c in cells}, index)


def _arithmetic(
    report: Report, values: Mapping[str, Value], lines: Mapping[str, int], index: Index | None = None
) -> list[Finding]:
    index = index or report.index
    findings: list[Finding] = []
    unassessable: dict[str, tuple[Check, list[str]]] = {}
    present = {t.name for t in report.tables}
    for chk in index.checks(report.template):
        if chk.table not in present:
            continue
        left, p1, b1 = _sum(chk.left, values)
        right, p2, b2 = _sum(chk.right, values)
        printed, blank = p1 + p2, b1 + b2
        if not printed:
            continue
        if blank:
            unassessable.setdefault(chk.code, (chk, []))[1].append(chk.where)
            continue
        if not (left > right if chk.le else left != right):
            continue
        keys = chk.left + chk.right
        code = F.relation_code(chk.code, chk.severity, chk.text)
        findings.append(
            code.make(
                keys,
                min(lines[k] for k in keys),
                relation=chk.text,
                left=left,
                right=right,
                table=chk.table,
                where=chk.where,
                text=chk.text,
                diff=left - right,
                terms=_terms(chk, values),
            )
        )
    for name, (chk, wheres) in unassessable.items():
        twin = F.not_assessable_code(name, chk.text)
        instances = "instance" if len(wheres) == 1 else "instances"
        findings.append(
            twin.make(relation=chk.text, text=chk.text, n=len(wheres), instances=instances, wheres=", ".join(wheres))
        )
    return findings


def check_plausibility(report: Report) -> list[Finding]:
    """Oddities no relation catches: the same number pasted across a whole table."""
    findings: list[Finding] = []
    for table in report.tables:
        vals = [c.value for c in table.cells if c.value is not None]
        if len(vals) >= 8 and len(set(vals)) == 1 and vals[0] != 0:
            findings.append(
                F.SAME_VALUE.make(
                    (f"{table.name}.*",), table.cells[0].line, n=len(vals), table=table.name, value=vals[0]
                )
            )
    return findings


_NARRATIVE_RES: Final = (
    re.compile(
        r"共(?:收到|受理|接收|接到)(?:各类)?(?:政府信息公开|依申请公开|信息公开)(?:政府信息)?(?:的)?申请"
        r"(?:共计|总计|合计)?(?P<n>\d{1,15})(?:件|份|个|条|宗)"
    ),
    re.compile(r"共(?:收到|受理|接收|接到)(?P<n>\d{1,15})(?:件|份|个|条|宗)(?:政府信息公开|依申请公开|信息公开)申请"),
    re.compile(r"共(?:收到|受理)依申请公开政府信息(?:申请)?(?P<n>\d{1,15})(?:件|份)"),
    re.compile(r"本年度?新收(?:政府信息公开|依申请公开)?申请(?P<n>\d{1,15})件"),
)
_SPACES: Final = re.compile(r"\s+")
_STARTS: Final = re.compile(r"共\s*(?:收|受|接)|本\s*年\s*(?:度\s*)?新\s*收")


def check_narrative(report: Report, doc: Document) -> list[Finding]:
    """Compare the count the prose states with the template's narrative cell (``requests.new.total``;
    only reliable phrasings), the prose's count being that cell or that cell plus the others named."""
    return _narrative(report, doc, {c.key: c.value for c in report.cells()})


def _narrative(report: Report, doc: Document, values: Mapping[str, Value]) -> list[Finding]:
    keys = report.index.narrative(report.template)
    if not keys:
        return []
    key, *more = keys
    new = values.get(key)
    if new is None:
        return []
    carried = sum(v for k in more if (v := values.get(k)) is not None) if more else None
    text = doc.normalised
    # the phrases start only where 共收/共受/共接 or 本年(度)新收 stand (white space may sit inside them)
    windows = [_SPACES.sub("", text[m.start() : m.start() + 400]) for m in _STARTS.finditer(text)]
    for rx in _NARRATIVE_RES:
        for m in filter(None, map(rx.match, windows)):
            stated = int(m.group("n"))
            if stated == new or (carried is not None and stated == new + carried):
                continue
            line = doc.text.count("\n", 0, _locate(doc.text, m.group("n"), m.group())) + 1
            return [
                F.NARRATIVE.make(
                    (key,),
                    line,
                    relation=f"stated = {key.split('.', 1)[1]}",
                    left=stated,
                    right=new,
                    phrase=m.group(),
                    new=new,
                )
            ]
    return []


def _locate(text: str, number: str, phrase: str) -> int:
    """Offset in the raw text of the stated number (white space may sit inside the phrase there)."""
    i = text.find(phrase[:4])
    j = text.find(number, i if i >= 0 else 0)
    return max(j, 0)
