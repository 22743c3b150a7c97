"""The catalogue of finding codes, as code: each code defined once, and findings made from it.

Each `Code` carries its severity, its meaning, its message (a format
string filled in where the finding is made) and, where one exists, a report
text that raises it.  The documentation's catalogue is generated from
`catalogue` (the relation codes come from the templates), and a test
parses every example.
"""

from __future__ import annotations

import functools
from typing import Any, Final

import attrs

from gkparse.model import Finding, Severity


@attrs.frozen
class Code:
    """One stable finding code.

    Attributes:
        code: the dotted code, e.g. ``"row.ambiguous"``.
        severity: the severity of its findings.
        meaning: what it means, for the documentation.
        message: the message, a ``str.format`` template of the fields given to :meth:`make`.
        example: a report text that raises it (None: see the meaning).
    """

    code: str
    severity: Severity
    meaning: str
    message: str = ""
    example: str | None = None

    def make(
        self,
        keys: tuple[str, ...] = (),
        line: int | None = None,
        *,
        relation: str | None = None,
        left: Any = None,
        right: Any = None,
        source: str | None = None,
        **fields: Any,
    ) -> Finding:
        """A finding of this code, its message filled in with ``fields``."""
        message = self.message.format(left=left, right=right, **fields)
        return Finding(self.severity, self.code, message, keys, line, relation, left, right, source)


_H19: Final = "第二十条第(一)项 | |||\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
_REQ: Final = "三、收到和处理政府信息公开申请情况\n"
_ROW: Final = "row '{label}' has {n} value(s) ({values}) for {ncols} columns and the text does not say which column "
_ROW_END: Final = "each belongs to: no cell was read"

NO_TABLES: Final = Code(
    "report.no_tables",
    "warning",
    "No statistical table was found: a narrative report, or not a report at all.",
    "no statistical table (二、三、四) was found in the text",
    "大成镇2020年政府信息公开工作年度报告\n一、公开工作基本情况\n本年度我镇认真做好政府信息公开工作。\n",
)
INCOMPLETE: Final = Code(
    "report.incomplete",
    "warning",
    "Some of the three tables are missing; when the text ends inside a table the report was probably cut.",
    "tables not found: {missing}{cut}",
    _H19 + "规章 | 0 | 0 | 0 |\n",
)
AMBIGUOUS: Final = Code(
    "row.ambiguous",
    "warning",
    "A row the text does not place by count or position (fewer numbers than columns, digits run together) "
    "and whose readings the template's arithmetic does not narrow to one: several readings make the relations "
    "hold, or none does (the report's own arithmetic may be wrong). The numbers and candidate readings are "
    "named; no cell is made.",
    "row '{label}' ({values}): {why}; readings: {candidates}; not read",
    "第二十条第(一)项\n信息内容\n本年新制作数量\n本年新公开数量\n对外公开总数量\n规章\n1\n2\n",
)
PLACED_BY_ARITHMETIC: Final = Code(
    "placement.arithmetic",
    "info",
    "Cells read by the template's arithmetic: the only reading of their row (digits run together, blanks "
    "dropped) under which the relations hold. Those relations hold by construction and vouch for nothing "
    "about these cells.",
    "{n} cell(s) of {rows} read as the only reading under which the relations hold ({relations}): these "
    "relations check nothing about them",
    "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 913000094二、上年结转政府信息公开申请数量"
    " 2000002三、本年度办理结果（一）予以公开 410000041（二）部分公开 0000000（三）不予公开\n",
)
DETACHED: Final = Code(
    "row.label_detached",
    "warning",
    "Numbers printed as a table row with no label cell of its own, their label only in text lines before "
    "them: a PDF converter moved the labels out of the table, in its own order (a label may stand after its "
    "numbers, or several before one row), so which row the numbers belong to is not decided; no cell is made.",
    "numbers ({values}) stand in a table row without its label, after the text '{label}': which row they "
    "belong to is not decided; not read",
    "二、收到和处理政府信息公开申请情况\n5.属于三类内部事务信息\n1.本机关不掌握相关政府信息\n"
    "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n",
)
TOO_MANY: Final = Code(
    "row.too_many_values",
    "warning",
    "A row prints more numbers than it has columns: nothing is read from it.",
    _ROW + _ROW_END,
    _H19 + "规章 | 1 | 2 | 3 | 4 |\n",
)
UNLABELLED: Final = Code(
    "values.unlabelled",
    "warning",
    "Numbers follow a label that is no row of the data dictionary (a local extra row, an unknown wording).",
    "numbers ({values}) follow '{label}', which is not a row gkparse knows: not read",
    _H19 + "其他主动公开文件 | 186 | 86 | 255 |\n",
)
LABEL_TYPO: Final = Code(
    "label.typo",
    "warning",
    "A row label printed with a typo, identified by its enumerator, its place after the row before it and "
    "a wording at most three characters from the template's: its numbers are read in that row.",
    "'{label}' is read as '{wording}' (its enumerator, its place after the row before, its wording)",
    "三、收到和处理政府信息公开申请情况\n（三）不予公开 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    "2.其他法律行政止公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n",
)
OTHER_TEMPLATE: Final = Code(
    "row.other_template",
    "warning",
    "A row of the other template (e.g. 政府集中采购 in a 2021 report): its numbers are not read.",
    "row '{label}' belongs to the other template than {template}: its numbers ({values}) were not read",
    "第二十条第(一)项 | |||\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    "第二十条第(九)项 | |||\n政府集中采购 | 3 | 12.5万元 |\n",
)
UNKNOWN_ROW: Final = Code(
    "template.unknown_row",
    "warning",
    "The template is unknown and the row's columns differ between the templates: not read.",
    "row '{label}' has different columns in the two templates and the template is unknown: "
    "its numbers ({values}) were not read",
    "行政许可 | 5 | ||\n",
)
MIXED: Final = Code(
    "template.mixed",
    "warning",
    "The tables use wording of more than one template; the majority decides.",
    "the tables use wording of both templates ({counts}): {decision}",
    "第二十条第(一)项 | |||\n信息内容 | 本年制发件数 | 本年废止件数 | 对外公开总数量 |\n规章 | 0 | 0 | 0 |\n"
    "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n",
)
FROM_YEAR: Final = Code(
    "template.from_year",
    "info",
    "No wording particular to one template was found; the template follows from the year.",
    "no wording particular to one template was found; template {template} assumed from the year {year}",
    "某镇2022年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 0 | 0 | 0 | 0 | 0 |\n",
)
YEAR_MISMATCH: Final = Code(
    "year.template_mismatch",
    "warning",
    "The year and the template disagree (template 2021 is for 2021 on).",
    "the report is for {year} but its tables follow template {template}",
    "某镇2020年政府信息公开工作年度报告\n第二十条第(一)项 | |||\n"
    "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 | 0 | 0 |\n",
)
YEAR_UNKNOWN: Final = Code(
    "year.unknown",
    "info",
    "No year is printed in the title, the introduction or the statistical period: the year is left empty.",
    "the text names no year the report covers: year left empty",
    "某局政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
    "一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n",
)
PLACEHOLDER: Final = Code(
    "cell.placeholder",
    "info",
    "A cell printed as —, -, / or 无: read as blank.",
    "{key} is printed as '{raw}': read as blank",
    "第二十条第(五)项 | |||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政强制 | 4 | 4 | - |\n",
)
CONFLICT: Final = Code(
    "cell.conflict",
    "warning",
    "The same cell is printed twice with different values: neither is kept.",
    "{key} is printed twice with different values ('{old}' on line {old_line}, '{new}' on line {new_line}): "
    "neither was kept",
    _H19 + "规章 | 1 | 2 | 3 |\n" + _H19 + "规章 | 1 | 2 | 4 |\n",
)
FOOTNOTE: Final = Code(
    "cell.footnote",
    "info",
    "A number carries a footnote mark (5², 5①): the mark is not read as a digit; the number is read without it.",
    "{key} is printed as '{raw}': the mark '{mark}' is a footnote, read as {value}",
    _H19 + "规章 | 5² | 0 | 7 |\n",
)
TOO_LONG: Final = Code(
    "cell.too_long",
    "warning",
    "A number with more than 15 integer digits: no count or amount of a report is that long; not read.",
    "{key} is printed as '{raw}', longer than any count or amount: not read",
    _H19 + "规章 | 1 | 2 | 1234567890123456789 |\n",
)
UNIT_UNKNOWN: Final = Code(
    "money.unit_unknown",
    "warning",
    "A money amount with no unit (元, 万元) in the cell or its header: the cell keeps its text, value None.",
    "{key} is printed as '{raw}' with no unit (元 or 万元) in the cell or its header: value left empty",
    "第二十条第(九)项 | |||\n信息内容 | 采购项目数量 | 采购总金额 |\n政府集中采购 | 46 | 125565.17 |\n",
)
MONEY_NEGATIVE: Final = Code(
    "money.negative",
    "warning",
    "A negative amount of money.",
    "{key} is negative: '{raw}'",
    "第二十条第(九)项 | |||\n信息内容 | 采购项目数量 | 采购总金额 |\n政府集中采购 | 1 | -5元 |\n",
)
COUNT_NEGATIVE: Final = Code(
    "count.negative",
    "warning",
    "A negative count (only 本年增/减 may be negative): kept as printed.",
    "{key} is a negative count: '{raw}'",
    "第二十条第(五)项 | |||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政许可 | 5 | -2 | -1 |\n",
)
NOT_WHOLE: Final = Code(
    "count.not_whole",
    "warning",
    "A count printed with decimals: not read (never rounded).",
    "{key} is a count but printed as '{raw}', not a whole number: not read",
    _H19 + "规章 | 1 | 2.5 | 3 |\n",
)
MONEY_UNIT: Final = Code(
    "count.money_unit",
    "warning",
    "A count printed with a money unit: not read.",
    "{key} is a count but printed as money '{raw}'",
    _H19 + "规章 | 1 | 2元 | 3 |\n",
)
SAME_VALUE: Final = Code(
    "table.same_value",
    "warning",
    "Every cell of a table holds the same non-zero number: probably pasted, not counted.",
    "every one of the {n} printed cells of the {table} table is {value}: probably pasted, not counted",
)
NARRATIVE: Final = Code(
    "narrative.requests_new",
    "warning",
    "The prose states a number of applications (共收到…申请N件) that differs from requests.new.total.",
    "the text says '{phrase}' but the table's 本年新收 total (requests.new.total) is {new}",
    "本年度共收到政府信息公开申请2件。\n" + _REQ + "一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n",
)
_EXAMPLES: Final = {
    "requests.flow": _REQ + "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    "(七)总计 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n",
    "requests.row_total": _REQ + "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 1 | 3 |\n",
    "appeals.row_total": "四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 1 | 0 | 0 | 0 | 2 |\n",
    "active.published_le_total": _H19 + "规范性文件 | 1 | 5 | 3 |\n",
    "requests.flow.not_assessable": _REQ + "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    "(七)总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n",
}


@functools.cache
def relation_code(code: str, severity: Severity, text: str) -> Code:
    """The code of a template relation's break."""
    return Code(
        code,
        severity,
        f"A relation of the template does not hold: {text}.",
        "{table} {where}: {text} does not hold: {left} vs {right} (difference {diff:+}); printed {terms}",
        _EXAMPLES.get(code),
    )


@functools.cache
def not_assessable_code(code: str, text: str) -> Code:
    """The twin code of a relation with a blank term: neither a pass nor a fail."""
    return Code(
        f"{code}.not_assessable",
        "info",
        f"The relation {text} has a blank term: neither a pass nor a fail.",
        "{text} is not assessable for {n} {instances} ({wheres}): a term is blank",
        _EXAMPLES.get(f"{code}.not_assessable"),
    )


STATIC: Final = tuple(v for v in list(globals().values()) if isinstance(v, Code))


def catalogue() -> tuple[Code, ...]:
    """Every finding code: the fixed ones, and each relation of the registered templates with its twin."""
    from gkparse import templates
    from gkparse._findings_corpus import CODES as CORPUS
    from gkparse._findings_doc import CODES as DOCUMENT
    from gkparse._findings_ocr import CODES as OCR

    out = [*STATIC, *DOCUMENT, *OCR, *CORPUS]
    for code, severity, text in templates.current().relation_codes():
        out += [relation_code(code, severity, text), not_assessable_code(code, text)]
    return tuple(out)
