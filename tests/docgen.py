"""Generated documents for the document readers: random report tables as HTML, .docx and PDF.

A table is a list of :class:`Spec` (one printed cell: its top-left position,
rowspan, colspan and text; a line break in the text is a ``\\n``).
:func:`expected_grid` is what a reader must give back for it: the text at
the top-left position with line breaks joined, ``""`` and ``spanned`` at the
other covered positions, ``""`` at positions no cell covers.  The renderers
draw the same specs as an HTML page, a Word file or (tests/docgen_pdf.py) a ruled PDF table, with
random noise (blank styles, attributes, paragraph splits).
"""

from __future__ import annotations

import dataclasses
import io
import random
from collections.abc import Sequence

Grid = list[list[tuple[str, bool]]]

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
RESULT_GROUPS = (
    ("（三）不予公开", ("1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                     "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项")),
    ("（四）无法提供", ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")),
    ("（五）不予处理", ("1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                     "5.要求行政机关确认或重新出具已获取信息")),
    ("（六）其他处理", ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他")),
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Spec:
    """One printed cell: top-left row/col, spans and text (``\\n`` = a line break in the cell)."""

    row: int
    col: int
    text: str
    rs: int = 1
    cs: int = 1


def size(specs: Sequence[Spec]) -> tuple[int, int]:
    """Rows and columns of the grid the specs cover."""
    return max(s.row + s.rs for s in specs), max(s.col + s.cs for s in specs)


def expected_grid(specs: Sequence[Spec]) -> Grid:
    """The grid a reader must return: ``(text, spanned)`` at every position."""
    height, width = size(specs)
    grid: Grid = [[("", False)] * width for _ in range(height)]
    for s in specs:
        for r in range(s.row, s.row + s.rs):
            for c in range(s.col, s.col + s.cs):
                grid[r][c] = ("", True)
        grid[s.row][s.col] = (s.text.replace("\n", ""), False)
    return grid


def _value(rng: random.Random) -> str:
    """A printed number, or a blank cell."""
    roll = rng.random()
    if roll < 0.2:
        return ""
    if roll < 0.45:
        return "0"
    return str(rng.choice([rng.randint(1, 9), rng.randint(10, 999), rng.randint(1000, 99999)]))


def _vertical(text: str, rng: random.Random) -> str:
    """A group label written one character per line, or on one line."""
    return "\n".join(text) if rng.random() < 0.5 else text


def requests_table(rng: random.Random, template: str = "2021") -> list[Spec]:
    """The 三、收到和处理政府信息公开申请情况 table with random numbers and blanks (10 columns)."""
    specs = [
        Spec(0, 0, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=3),
        Spec(0, 3, "申请人情况", cs=7),
        Spec(1, 3, "自然人", rs=2),
        Spec(1, 4, "法人或其他组织", cs=5),
        Spec(1, 9, "总计", rs=2),
    ]
    specs += [Spec(2, 4 + i, name) for i, name in enumerate(APPLICANTS[1:6])]
    groups = RESULT_GROUPS if template == "2021" else RESULT_GROUPS[:3]
    body: list[tuple[str, str | None, str | None, int]] = []  # (row label, group, item, group size)
    body += [("一、本年新收政府信息公开申请数量", None, None, 0), ("二、上年结转政府信息公开申请数量", None, None, 0)]
    results = [("（一）予以公开", None), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None)]
    results += [(g, item) for g, items in groups for item in items]
    if template == "2019":
        results.append(("（六）其他处理", None))
    results.append(("（七）总计", None))
    row = 3
    for label, *_ in body:
        specs.append(Spec(row, 0, label, cs=3))
        row += 1
    specs.append(Spec(row, 0, _vertical("三、本年度办理结果", rng), rs=len(results)))
    seen: set[str] = set()
    for k, (label, item) in enumerate(results):
        if item is None:
            specs.append(Spec(row + k, 1, label, cs=2))
        else:
            if label not in seen:
                seen.add(label)
                size_ = sum(1 for lb, _ in results if lb == label)
                specs.append(Spec(row + k, 1, _vertical(label, rng) if size_ > 4 else label, rs=size_))
            specs.append(Spec(row + k, 2, item))
    last = row + len(results)
    specs.append(Spec(last, 0, "四、结转下年度继续办理", cs=3))
    for r in range(3, last + 1):
        specs += [Spec(r, 3 + c, v) for c in range(7) if (v := _value(rng))]
    return specs


def active_table(rng: random.Random) -> list[Spec]:
    """A template-2019 二、主动公开 table: headers with ``本年新<br>制作数量`` and group labels."""
    specs = [Spec(0, 0, "第二十条第（一）项", cs=4), Spec(1, 0, "信息内容")]
    specs += [Spec(1, 1, "本年新\n制作数量"), Spec(1, 2, "本年新\n公开数量"), Spec(1, 3, "对外公开总数量")]
    for r, label in ((2, "规章"), (3, "规范性文件")):
        specs.append(Spec(r, 0, label))
        specs += [Spec(r, 1 + c, v) for c in range(3) if (v := _value(rng))]
    specs += [Spec(4, 0, "第二十条第（五）项", cs=4), Spec(5, 0, "信息内容")]
    specs += [Spec(5, 1, "上一年项目数量"), Spec(5, 2, "本年增/减"), Spec(5, 3, "处理决定数量")]
    for r, label in ((6, "行政许可"), (7, "其他对外管理服务事项")):
        specs.append(Spec(r, 0, label))
        specs += [Spec(r, 1 + c, v) for c in range(3) if (v := _value(rng))]
    specs += [Spec(8, 0, "第二十条第（九）项", cs=4), Spec(9, 0, "信息内容"), Spec(9, 1, "采购项目数量")]
    specs += [Spec(9, 2, "采购总金额", cs=2), Spec(10, 0, "政府集中采购")]
    specs += [Spec(10, 1, _value(rng)), Spec(10, 2, rng.choice(["", "12.5万元", "4168558元", "0"]), cs=2)]
    return [s for s in specs if s.text or s.rs > 1 or s.cs > 1]


def active_table_2021(rng: random.Random) -> list[Spec]:
    """A template-2021 二、主动公开 table: four sections, three value columns, then one (spanning three)."""
    specs = [Spec(0, 0, "第二十条第（一）项", cs=4), Spec(1, 0, "信息内容")]
    specs += [Spec(1, 1, "本年制发件数"), Spec(1, 2, "本年废止件数"), Spec(1, 3, "现行有效件数")]
    for r, label in ((2, "规章"), (3, "行政规范性文件")):
        specs.append(Spec(r, 0, label))
        specs += [Spec(r, 1 + c, v) for c in range(3) if (v := _value(rng))]
    row = 4
    for item, header, labels in (
        ("（五）", "本年处理决定数量", ("行政许可",)),
        ("（六）", "本年处理决定数量", ("行政处罚", "行政强制")),
        ("（八）", "本年收费金额（单位：万元）", ("行政事业性收费",)),
    ):
        specs += [Spec(row, 0, f"第二十条第{item}项", cs=4), Spec(row + 1, 0, "信息内容")]
        specs.append(Spec(row + 1, 1, header, cs=3))
        row += 2
        for label in labels:
            specs += [Spec(row, 0, label), Spec(row, 1, _value(rng), cs=3)]
            row += 1
    return [s for s in specs if s.text or s.rs > 1 or s.cs > 1]


def appeals_table(rng: random.Random) -> list[Spec]:
    """The 四、行政复议/行政诉讼 table (15 number columns)."""
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    specs = [Spec(0, 0, "行政复议", cs=5), Spec(0, 5, "行政诉讼", cs=10)]
    specs += [Spec(1, c, name, rs=2) for c, name in enumerate(results)]
    specs += [Spec(1, 5, "未经复议直接起诉", cs=5), Spec(1, 10, "复议后起诉", cs=5)]
    specs += [Spec(2, 5 + c, results[c % 5]) for c in range(10)]
    specs += [Spec(3, c, v) for c in range(15) if (v := _value(rng))]
    return specs


def long_table(rng: random.Random, groups: int = 12) -> tuple[list[Spec], int]:
    """A long table (two header rows, group labels spanning rows) that a PDF page cannot hold.

    Returns:
        The specs and the number of header rows (repeated on every page of a PDF).
    """
    specs = [Spec(0, 0, "项目", rs=2, cs=2), Spec(0, 2, "申请人情况", cs=4), Spec(1, 2, "自然人")]
    specs += [Spec(1, 3, "商业企业"), Spec(1, 4, "科研机构"), Spec(1, 5, "总计")]
    row = 2
    for g in range(groups):
        n = rng.randint(1, 3)
        specs.append(Spec(row, 0, f"第{g + 1}组", rs=n))
        for k in range(n):
            specs.append(Spec(row + k, 1, f"{k + 1}.事项{g + 1}-{k + 1}"))
            specs += [Spec(row + k, 2 + c, v) for c in range(4) if (v := _value(rng))]
        row += n
    return specs, 2


# ---------------------------------------------------------------- HTML

_BLANKS = ("", "&nbsp;", "<p>&nbsp;</p>", " ", "<p></p>", "<span>&nbsp;</span>", "\u3000")
_NOISE = ('style="width:60px"', 'class="xl65"', 'align="center"', 'valign="middle" nowrap', 'width="12%"')


def html_table(specs: Sequence[Spec], rng: random.Random) -> str:
    """One ``<table>`` with random blank styles, attribute noise and ``<br>``/``<p>`` line breaks."""
    height, _ = size(specs)
    by_row: dict[int, list[Spec]] = {}
    for s in specs:
        by_row.setdefault(s.row, []).append(s)
    covered = {(r, c) for s in specs for r in range(s.row, s.row + s.rs) for c in range(s.col, s.col + s.cs)}
    out = ['<table border="1" cellspacing="0">']
    width = size(specs)[1]
    for r in range(height):
        cells = {s.col: s for s in by_row.get(r, [])}
        out.append("<tr>")
        for c in range(width):
            if c in cells:
                s = cells[c]
                attrs = (f' rowspan="{s.rs}"' if s.rs > 1 else "") + (f' colspan="{s.cs}"' if s.cs > 1 else "")
                if rng.random() < 0.4:
                    attrs += " " + rng.choice(_NOISE)
                join = rng.choice(["<br>", "<br/>", "</p><p>"])
                body = s.text.replace("\n", join)
                body = f"<p>{body}</p>" if join == "</p><p>" else body
                out.append(f"<td{attrs}>{body or rng.choice(_BLANKS)}</td>")
            elif (r, c) not in covered:
                out.append(f"<td>{rng.choice(_BLANKS)}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def html_page(tables: Sequence[Sequence[Spec]], rng: random.Random, title: str = "政府信息公开工作年度报告") -> str:
    """A page: title, prose paragraphs and the tables."""
    parts = [f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"]
    for k, specs in enumerate(tables):
        parts.append(f"<p>{'一二三四五六'[k]}、第{k + 1}部分</p>")
        parts.append(html_table(specs, rng))
    parts.append("<p>五、存在的主要问题及改进情况</p></body></html>")
    return "\n".join(parts)


# ---------------------------------------------------------------- Word


def _docx_text(cell: object, text: str, rng: random.Random) -> None:
    """Write a cell's text: line breaks as separate paragraphs or as ``<w:br/>`` within one run."""
    parts = text.split("\n")
    first = cell.paragraphs[0]  # type: ignore[attr-defined]
    if len(parts) > 1 and rng.random() < 0.5:
        first.add_run(text)  # python-docx writes "\n" as <w:br/>
        return
    first.add_run(parts[0])
    for part in parts[1:]:
        cell.add_paragraph(part)  # type: ignore[attr-defined]


def docx_bytes(tables: Sequence[Sequence[Spec]], rng: random.Random) -> bytes:
    """A Word document with a heading, prose and the tables (merged cells via ``a.merge(b)``)."""
    import docx

    document = docx.Document()
    document.add_paragraph("政府信息公开工作年度报告")
    for k, specs in enumerate(tables):
        document.add_paragraph(f"{'一二三四五六'[k]}、第{k + 1}部分")
        height, width = size(specs)
        table = document.add_table(rows=height, cols=width)
        table.style = "Table Grid"
        cells = table._cells  # taken once before merging (table.cell() recomputes the grid each call)
        for s in specs:
            cell = cells[s.row * width + s.col]
            if s.rs > 1 or s.cs > 1:
                cell = cell.merge(cells[(s.row + s.rs - 1) * width + s.col + s.cs - 1])
            _docx_text(cell, s.text, rng)
    document.add_paragraph("五、存在的主要问题及改进情况")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
