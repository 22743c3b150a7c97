"""Template 2019 — 国办公开办函〔2019〕60号, the 2019 and 2020 reports."""

from __future__ import annotations

from typing import Final

from gkparse.templates._common import (
    ACTIVE_HEADERS,
    ACTIVE_HEADINGS,
    ACTIVE_TITLE,
    APPEALS,
    NARRATIVE,
    relations,
    request_row,
    requests_table,
)
from gkparse.templates._spec import Column, Relation, Row, TableSpec, Template

_DOCS: Final = ("made", "published", "total_published")
_ITEMS: Final = ("prior_items", "items_change", "decisions")

ACTIVE: Final = TableSpec(
    name="active",
    title=ACTIVE_TITLE,
    headings=ACTIVE_HEADINGS,
    columns=(
        Column("made", "本年新制作数量"),
        Column("published", "本年新公开数量"),
        Column("total_published", "对外公开总数量"),
        Column("prior_items", "上一年项目数量"),
        Column("items_change", "本年增/减", signed=True),
        Column("decisions", "处理决定数量"),
        Column("items", "采购项目数量"),
        Column("amount", "采购总金额", money=True),
    ),
    rows=(
        Row("rules", "第二十条第（一）项 规章", _DOCS, ("规章",)),
        Row("normative_documents", "规范性文件", _DOCS, ("行政规范性文件", "规范性文件")),
        Row("licensing", "第二十条第（五）项 行政许可", _ITEMS, ("行政许可",)),
        Row("other_services", "其他对外管理服务事项", _ITEMS, ("其他对外管理服务事项",)),
        Row("penalties", "第二十条第（六）项 行政处罚", _ITEMS, ("行政处罚",)),
        Row("coercion", "行政强制", _ITEMS, ("行政强制",)),
        Row("fees", "第二十条第（八）项 行政事业性收费", ("prior_items", "items_change"), ("行政事业性收费",)),
        Row("procurement", "第二十条第（九）项 政府集中采购", ("items", "amount"), ("政府集中采购",)),
    ),
    headers=(
        *ACTIVE_HEADERS,
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "处理决定数量",
        "采购项目数量",
        "采购总金额",
        "本年新",
        "本年增/?",
    ),
)

TEMPLATE: Final = Template(
    name="2019",
    document="国办公开办函〔2019〕60号",
    years=(2019, 2020),
    markers=(
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "采购项目数量",
        "采购总金额",
        "其他对外管理服务事项",
        "政府集中采购",
    ),
    tables=(
        ACTIVE,
        requests_table((request_row("other", "（六）其他处理", "其他处理"),)),
        APPEALS,
    ),
    relations=(
        *relations(("other",), "other"),
        Relation(
            "active.published_le_total",
            "published <= total_published",
            "active",
            "rows",
            ("published",),
            ("total_published",),
            where=("rules", "normative_documents"),
            severity="warning",
            le=True,
        ),
    ),
    narrative=NARRATIVE,
)
