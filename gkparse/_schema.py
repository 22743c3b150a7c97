"""The data dictionary as code: tables, rows, columns, labels, per template.

Everything the parser knows about the national report formats lives here, so
that the documentation's data dictionary can be generated from it and never
drift from what the code does.  Keys are public API (see
``docs/reference/data-dictionary.md``) and never change once released.
"""

from __future__ import annotations

from typing import Final, Literal

import attrs

Template = Literal["2019", "2021"]
TEMPLATES: Final[tuple[Template, ...]] = ("2019", "2021")
TableName = Literal["active", "requests", "appeals"]
TABLES: Final[tuple[TableName, ...]] = ("active", "requests", "appeals")

TABLE_LABELS: Final[dict[str, str]] = {
    "active": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "appeals": "四、政府信息公开行政复议、行政诉讼情况",
}


@attrs.frozen
class RowSpec:
    """One row of a table in one or both templates."""

    table: str
    key: str
    label: str
    columns: tuple[str, ...]
    templates: tuple[Template, ...]


@attrs.frozen
class KeySpec:
    """One cell key of the data dictionary (see [`all_keys`][gkparse.all_keys]).

    Attributes:
        key: the stable key ``TABLE.ROW.COL``, e.g. ``"requests.new.total"``.
        table: ``"active"``, ``"requests"`` or ``"appeals"``.
        row: the row key, e.g. ``"new"``.
        col: the column key, e.g. ``"total"``.
        templates: the templates that have this cell: ``("2019",)``, ``("2021",)`` or both.
        row_label: the row's Chinese label.
        col_label: the column's Chinese label.
        money: True when the value is money (``Decimal`` yuan), False for counts (``int``).
    """

    key: str
    table: str
    row: str
    col: str
    templates: tuple[Template, ...]
    row_label: str
    col_label: str
    money: bool


COLUMN_LABELS: Final[dict[str, dict[str, str]]] = {
    "active": {
        "made": "本年新制作数量",
        "published": "本年新公开数量",
        "total_published": "对外公开总数量",
        "prior_items": "上一年项目数量",
        "items_change": "本年增/减",
        "decisions": "处理决定数量",
        "items": "采购项目数量",
        "amount": "采购总金额",
        "issued": "本年制发件数",
        "repealed": "本年废止件数",
        "in_force": "现行有效件数",
    },
    "requests": {
        "natural_person": "自然人",
        "commercial_enterprise": "法人或其他组织·商业企业",
        "research_institution": "法人或其他组织·科研机构",
        "social_welfare_org": "法人或其他组织·社会公益组织",
        "legal_service_org": "法人或其他组织·法律服务机构",
        "other_org": "法人或其他组织·其他",
        "total": "总计",
    },
    "appeals": {
        "upheld": "结果维持",
        "corrected": "结果纠正",
        "other": "其他结果",
        "pending": "尚未审结",
        "total": "总计",
    },
}

REQUEST_COLUMNS: Final = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
)
APPEAL_COLUMNS: Final = ("upheld", "corrected", "other", "pending", "total")

_BOTH: Final[tuple[Template, ...]] = ("2019", "2021")
_T19: Final[tuple[Template, ...]] = ("2019",)
_T21: Final[tuple[Template, ...]] = ("2021",)

_ITEMS3: Final = ("prior_items", "items_change", "decisions")

ROWS: Final[tuple[RowSpec, ...]] = (
    # active, template 2019
    RowSpec("active", "rules", "第二十条第（一）项 规章", ("made", "published", "total_published"), _T19),
    RowSpec("active", "normative_documents", "规范性文件", ("made", "published", "total_published"), _T19),
    RowSpec("active", "licensing", "第二十条第（五）项 行政许可", _ITEMS3, _T19),
    RowSpec("active", "other_services", "其他对外管理服务事项", _ITEMS3, _T19),
    RowSpec("active", "penalties", "第二十条第（六）项 行政处罚", _ITEMS3, _T19),
    RowSpec("active", "coercion", "行政强制", _ITEMS3, _T19),
    RowSpec("active", "fees", "第二十条第（八）项 行政事业性收费", ("prior_items", "items_change"), _T19),
    RowSpec("active", "procurement", "第二十条第（九）项 政府集中采购", ("items", "amount"), _T19),
    # active, template 2021
    RowSpec("active", "rules", "第二十条第（一）项 规章", ("issued", "repealed", "in_force"), _T21),
    RowSpec("active", "normative_documents", "行政规范性文件", ("issued", "repealed", "in_force"), _T21),
    RowSpec("active", "licensing", "第二十条第（五）项 行政许可", ("decisions",), _T21),
    RowSpec("active", "penalties", "第二十条第（六）项 行政处罚", ("decisions",), _T21),
    RowSpec("active", "coercion", "行政强制", ("decisions",), _T21),
    RowSpec("active", "fees", "第二十条第（八）项 行政事业性收费", ("amount",), _T21),
    # requests, both templates
    RowSpec("requests", "new", "一、本年新收政府信息公开申请数量", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "carried_over", "二、上年结转政府信息公开申请数量", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "granted", "三、本年度办理结果 （一）予以公开", REQUEST_COLUMNS, _BOTH),
    RowSpec(
        "requests",
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        REQUEST_COLUMNS,
        _BOTH,
    ),
    RowSpec("requests", "denied.state_secret", "（三）不予公开 1.属于国家秘密", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "denied.prohibited_by_law", "2.其他法律行政法规禁止公开", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "denied.safety_stability", "3.危及“三安全一稳定”", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "denied.third_party_rights", "4.保护第三方合法权益", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "denied.internal_affairs", "5.属于三类内部事务信息", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "denied.process_info", "6.属于四类过程性信息", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "denied.enforcement_files", "7.属于行政执法案卷", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "denied.inquiry_matters", "8.属于行政查询事项", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "unable.not_held", "（四）无法提供 1.本机关不掌握相关政府信息", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "unable.needs_creation", "2.没有现成信息需要另行制作", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "unable.unclear", "3.补正后申请内容仍不明确", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "not_processed.complaint", "（五）不予处理 1.信访举报投诉类申请", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "not_processed.duplicate", "2.重复申请", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "not_processed.publication", "3.要求提供公开出版物", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "not_processed.excessive", "4.无正当理由大量反复申请", REQUEST_COLUMNS, _BOTH),
    RowSpec(
        "requests",
        "not_processed.confirm_or_reissue",
        "5.要求行政机关确认或重新出具已获取信息",
        REQUEST_COLUMNS,
        _BOTH,
    ),
    RowSpec("requests", "other", "（六）其他处理", REQUEST_COLUMNS, _T19),
    RowSpec(
        "requests",
        "other.overdue_correction",
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        REQUEST_COLUMNS,
        _T21,
    ),
    RowSpec(
        "requests",
        "other.overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        REQUEST_COLUMNS,
        _T21,
    ),
    RowSpec("requests", "other.other", "3.其他", REQUEST_COLUMNS, _T21),
    RowSpec("requests", "total", "（七）总计", REQUEST_COLUMNS, _BOTH),
    RowSpec("requests", "carried_forward", "四、结转下年度继续办理", REQUEST_COLUMNS, _BOTH),
    # appeals, both templates
    RowSpec("appeals", "review", "行政复议", APPEAL_COLUMNS, _BOTH),
    RowSpec("appeals", "litigation_direct", "行政诉讼 · 未经复议直接起诉", APPEAL_COLUMNS, _BOTH),
    RowSpec("appeals", "litigation_after_review", "行政诉讼 · 复议后起诉", APPEAL_COLUMNS, _BOTH),
)

_COL_LABEL_OVERRIDES: Final[dict[tuple[str, str], str]] = {
    ("fees", "amount"): "本年收费金额（单位：万元）",
}

MONEY_COLUMNS: Final[frozenset[tuple[str, str]]] = frozenset({("procurement", "amount"), ("fees", "amount")})
SIGNED_COLUMNS: Final[frozenset[str]] = frozenset({"items_change"})

_ROW_INDEX: Final[dict[tuple[str, str, str], RowSpec]] = {(r.table, r.key, t): r for r in ROWS for t in r.templates}


def row_spec(table: str, row: str, template: str | None) -> RowSpec | None:
    """The row's spec in a template; with no template, only if both agree on the columns."""
    if template is not None:
        return _ROW_INDEX.get((table, row, template))
    a = _ROW_INDEX.get((table, row, "2019"))
    b = _ROW_INDEX.get((table, row, "2021"))
    if a is not None and b is not None and a.columns == b.columns:
        return a
    return None


def rows_of(table: str, template: str | None) -> tuple[RowSpec, ...]:
    """Rows of a table in template order (for template None: the rows both templates share)."""
    out: list[RowSpec] = []
    seen: set[str] = set()
    for r in ROWS:
        if r.table != table or r.key in seen:
            continue
        spec = row_spec(table, r.key, template)
        if spec is not None:
            seen.add(r.key)
            out.append(spec)
    return tuple(out)


def is_money(row: str, col: str) -> bool:
    """True for the cells that hold an amount of money (value in yuan)."""
    return (row, col) in MONEY_COLUMNS


def all_keys() -> tuple[KeySpec, ...]:
    """Every cell key of the data dictionary, in table order, each once."""
    seen: dict[str, KeySpec] = {}
    for r in ROWS:
        for c in r.columns:
            key = f"{r.table}.{r.key}.{c}"
            if key in seen:
                old = seen[key]
                seen[key] = attrs.evolve(old, templates=tuple(sorted(set(old.templates) | set(r.templates))))
                continue
            seen[key] = KeySpec(
                key=key,
                table=r.table,
                row=r.key,
                col=c,
                templates=r.templates,
                row_label=r.label,
                col_label=_COL_LABEL_OVERRIDES.get((r.key, c), COLUMN_LABELS[r.table][c]),
                money=is_money(r.key, c),
            )
    return tuple(seen.values())
