"""The catalogue of finding codes: what each means, and an input that raises it.

The documentation's catalogue is generated from this table (each example is
parsed when the docs are built), and a test checks that every example raises
its code and that every code the library emits is listed here.
"""

from __future__ import annotations

from typing import Final

import attrs


@attrs.frozen
class FindingCode:
    """One stable finding code."""

    code: str
    severity: str
    meaning: str
    example: str | None = None  # a report text that raises it (None: see the meaning)


_H19 = "第二十条第(一)项 | |||\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
_REQ = "三、收到和处理政府信息公开申请情况\n"

CODES: Final[tuple[FindingCode, ...]] = (
    FindingCode(
        "report.no_tables",
        "warning",
        "No statistical table was found: a narrative report, or not a report at all.",
        "大成镇2020年政府信息公开工作年度报告\n一、公开工作基本情况\n本年度我镇认真做好政府信息公开工作。\n",
    ),
    FindingCode(
        "report.incomplete",
        "warning",
        "Some of the three tables are missing; when the text ends inside a table the report was probably cut.",
        _H19 + "规章 | 0 | 0 | 0 |\n",
    ),
    FindingCode(
        "text.cut_value",
        "info",
        "The text ends right after a number, which may be cut short ('42' of '422'): it is not read.",
        "第二十条第(五)项 | |||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n| 行政许可 | 30 | -2 | 42",
    ),
    FindingCode(
        "row.ambiguous",
        "warning",
        "A row prints fewer numbers than it has columns and the layout does not say which columns are blank: "
        "the numbers are kept in the message and no cell is made.",
        "第二十条第(一)项\n信息内容\n本年新制作数量\n本年新公开数量\n对外公开总数量\n规章\n1\n2\n",
    ),
    FindingCode(
        "row.too_many_values",
        "warning",
        "A row prints more numbers than it has columns: nothing is read from it.",
        _H19 + "规章 | 1 | 2 | 3 | 4 |\n",
    ),
    FindingCode(
        "values.unlabelled",
        "warning",
        "Numbers follow a label that is no row of the data dictionary (a local extra row, an unknown wording).",
        _H19 + "其他主动公开文件 | 186 | 86 | 255 |\n",
    ),
    FindingCode(
        "row.other_template",
        "warning",
        "A row of the other template (e.g. 政府集中采购 in a 2021 report): its numbers are not read.",
        "第二十条第(一)项 | |||\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
        "第二十条第(九)项 | |||\n政府集中采购 | 3 | 12.5万元 |\n",
    ),
    FindingCode(
        "template.unknown_row",
        "warning",
        "The template is unknown and the row's columns differ between the two templates: not read.",
        "行政许可 | 5 | ||\n",
    ),
    FindingCode(
        "template.mixed",
        "warning",
        "The tables use wording of both templates; the majority decides.",
        "第二十条第(一)项 | |||\n信息内容 | 本年制发件数 | 本年废止件数 | 对外公开总数量 |\n规章 | 0 | 0 | 0 |\n"
        "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n",
    ),
    FindingCode(
        "template.from_year",
        "info",
        "No wording particular to one template was found; the template follows from the year.",
        "某镇2022年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 0 | 0 | 0 | 0 | 0 |\n",
    ),
    FindingCode(
        "year.template_mismatch",
        "warning",
        "The year and the template disagree (template 2021 is for 2021 on).",
        "某镇2020年政府信息公开工作年度报告\n第二十条第(一)项 | |||\n"
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 | 0 | 0 |\n",
    ),
    FindingCode(
        "cell.placeholder",
        "info",
        "A cell printed as —, -, / or 无: read as blank.",
        "第二十条第(五)项 | |||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政强制 | 4 | 4 | - |\n",
    ),
    FindingCode(
        "cell.conflict",
        "warning",
        "The same cell is printed twice with different values: neither is kept.",
        _H19 + "规章 | 1 | 2 | 3 |\n" + _H19 + "规章 | 1 | 2 | 4 |\n",
    ),
    FindingCode(
        "money.unit_unknown",
        "warning",
        "A money amount with no unit (元, 万元) in the cell or its header: the cell keeps its text, value None.",
        "第二十条第(九)项 | |||\n信息内容 | 采购项目数量 | 采购总金额 |\n政府集中采购 | 46 | 125565.17 |\n",
    ),
    FindingCode(
        "money.negative",
        "warning",
        "A negative amount of money.",
        "第二十条第(九)项 | |||\n信息内容 | 采购项目数量 | 采购总金额 |\n政府集中采购 | 1 | -5元 |\n",
    ),
    FindingCode(
        "count.negative",
        "warning",
        "A negative count (only 本年增/减 may be negative): kept as printed.",
        "第二十条第(五)项 | |||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政许可 | 5 | -2 | -1 |\n",
    ),
    FindingCode(
        "count.not_whole",
        "warning",
        "A count printed with decimals: not read (never rounded).",
        _H19 + "规章 | 1 | 2.5 | 3 |\n",
    ),
    FindingCode(
        "count.money_unit",
        "warning",
        "A count printed with a money unit: not read.",
        _H19 + "规章 | 1 | 2元 | 3 |\n",
    ),
    FindingCode(
        "requests.flow",
        "error",
        "Per column: new + carried_over = total + carried_forward does not hold.",
        _REQ + "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
        "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "(七)总计 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n",
    ),
    FindingCode(
        "requests.results",
        "error",
        "Per column: the total is not the sum of the outcomes (予以公开 … 其他处理).",
        None,
    ),
    FindingCode(
        "requests.row_total",
        "error",
        "Per row: 总计 is not the sum of the six applicant columns.",
        _REQ + "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 1 | 3 |\n",
    ),
    FindingCode(
        "appeals.row_total",
        "error",
        "Per row of the appeals table: 总计 is not upheld + corrected + other + pending.",
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 1 | 0 | 0 | 0 | 2 |\n",
    ),
    FindingCode(
        "active.published_le_total",
        "warning",
        "Template 2019: 本年新公开数量 exceeds 对外公开总数量 (soft: agencies read these columns differently).",
        _H19 + "规范性文件 | 1 | 5 | 3 |\n",
    ),
    FindingCode(
        "requests.flow.not_assessable",
        "info",
        "A flow relation has a blank term: neither a pass nor a fail. Each relation code has its "
        "`.not_assessable` twin (requests.results, requests.row_total, appeals.row_total, "
        "active.published_le_total).",
        _REQ + "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
        "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        "(七)总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n",
    ),
    FindingCode("requests.results.not_assessable", "info", "See requests.flow.not_assessable."),
    FindingCode("requests.row_total.not_assessable", "info", "See requests.flow.not_assessable."),
    FindingCode("appeals.row_total.not_assessable", "info", "See requests.flow.not_assessable."),
    FindingCode("active.published_le_total.not_assessable", "info", "See requests.flow.not_assessable."),
    FindingCode(
        "table.same_value",
        "warning",
        "Every cell of a table holds the same non-zero number: probably pasted, not counted.",
        None,
    ),
    FindingCode(
        "narrative.requests_new",
        "warning",
        "The prose states a number of applications (共收到…申请N件) that differs from requests.new.total.",
        "本年度共收到政府信息公开申请2件。\n"
        + _REQ
        + "一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n",
    ),
    FindingCode(
        "series.carry",
        "error",
        "check_series: carried_forward of year N differs from carried_over of year N+1 in a column.",
    ),
    FindingCode("series.gap", "info", "check_series: a year is missing between two reports."),
    FindingCode("series.duplicate_year", "warning", "check_series: two reports for one year; the first is used."),
    FindingCode("series.organ", "warning", "check_series: the reports name different organs."),
    FindingCode("series.skipped", "info", "check_series: a report without a year or a requests table is left out."),
)
