"""Template 2021 — 国办公开办函〔2021〕30号, the 2021 reports onward."""

from __future__ import annotations

from typing import Final

from gkparse.templates._common import (
    ACTIVE_HEADERS,
    ACTIVE_HEADINGS,
    ACTIVE_TITLE,
    APPEALS,
    NARRATIVE,
    P,
    relations,
    request_row,
    requests_table,
)
from gkparse.templates._spec import Column, Crosswalk, Row, RowSum, TableSpec, Template

_DOCS: Final = ("issued", "repealed", "in_force")
_NOT_HANDLED: Final = P + "行政机关不再处理其政府信息公开申请"

ACTIVE: Final = TableSpec(
    name="active",
    title=ACTIVE_TITLE,
    headings=ACTIVE_HEADINGS,
    columns=(
        Column("issued", "本年制发件数"),
        Column("repealed", "本年废止件数"),
        Column("in_force", "现行有效件数"),
        Column("decisions", "本年处理决定数量"),
        Column("amount", "本年收费金额（单位：万元）", money=True),
    ),
    rows=(
        Row("rules", "第二十条第（一）项 规章", _DOCS, ("规章",)),
        Row("normative_documents", "行政规范性文件", _DOCS, ("行政规范性文件", "规范性文件")),
        Row("licensing", "第二十条第（五）项 行政许可", ("decisions",), ("行政许可",)),
        Row("penalties", "第二十条第（六）项 行政处罚", ("decisions",), ("行政处罚",)),
        Row("coercion", "行政强制", ("decisions",), ("行政强制",)),
        Row("fees", "第二十条第（八）项 行政事业性收费", ("amount",), ("行政事业性收费",)),
    ),
    headers=(*ACTIVE_HEADERS, "本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"),
)

_OTHER: Final = (
    request_row(
        "other.overdue_correction",
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人无正当理由逾期不补正(?:" + _NOT_HANDLED + ")?",
    ),
    request_row(
        "other.overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用(?:" + _NOT_HANDLED + ")?",
    ),
    request_row("other.other", "3.其他", r"(?:3[.、]|\(3\))其他(?!处理|结果|对外)"),
)

TEMPLATE: Final = Template(
    name="2021",
    document="国办公开办函〔2021〕30号",
    years=(2021, None),
    markers=(
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额",
        "行政规范性文件",
        "申请人无正当理由逾期不补正",
        "申请人逾期未按收费通知要求缴纳费用",
    ),
    tables=(ACTIVE, requests_table(_OTHER, groups=("其他处理",)), APPEALS),
    relations=relations(("other.*",), "Σ other.*"),
    narrative=NARRATIVE,
    crosswalk=Crosswalk(
        follows="2019",
        sums=(
            RowSum(
                "requests",
                "other",
                tuple(r.key for r in _OTHER),
                "2021 split （六）其他处理 into three rows",
            ),
        ),
        notes=(
            (
                "active",
                "the active table's columns changed meaning in 2021 (documents made/issued, items/decisions, "
                "procurement dropped, fees in money): no counterpart",
            ),
        ),
    ),
)
