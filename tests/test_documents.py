"""Document readers (HTML, PDF, Word): generated round trips and the particulars of each format."""

from __future__ import annotations

import random

import pytest

from gkparse._read.formats import DocContent, DocTable, read_document
from gkparse._read.formats.content import clean_cell_text
from gkparse._read.formats.html import read_html
from gkparse.errors import DocumentError
from tests import docgen as g
from tests import docgen_pdf as gp

pytest.importorskip("lxml")
pytest.importorskip("pypdfium2")
pytest.importorskip("docx")
pytest.importorskip("reportlab")

from hypothesis import given
from hypothesis import strategies as st


def grid_of(table: DocTable) -> g.Grid:
    """A read table as ``(text, spanned)`` rows."""
    return [[(c.text, c.spanned) for c in row] for row in table.rows]


def assert_positions(table: DocTable) -> None:
    """Every cell knows its own row and column."""
    for r, row in enumerate(table.rows):
        assert [c.col for c in row] == list(range(table.width))
        assert all(c.row == r for c in row)


def three_tables(rng: random.Random) -> list[list[g.Spec]]:
    return [g.active_table(rng), g.requests_table(rng, rng.choice(["2019", "2021"])), g.appeals_table(rng)]


def assert_round_trip(content: DocContent, tables: list[list[g.Spec]]) -> None:
    assert len(content.tables) == len(tables)
    for k, (table, specs) in enumerate(zip(content.tables, tables, strict=True), start=1):
        assert table.index == k
        assert_positions(table)
        assert grid_of(table) == g.expected_grid(specs)


# ---------------------------------------------------------------- generated round trips


@given(seed=st.integers(0, 2**32 - 1))
def test_html_round_trip(seed: int) -> None:
    rng = random.Random(seed)
    tables = three_tables(rng)
    content = read_document(g.html_page(tables, rng).encode(rng.choice(["utf-8", "gb18030"])), "report.html")
    assert content is not None
    assert content.format == "html"
    assert_round_trip(content, tables)
    assert content.lines[0] == "政府信息公开工作年度报告"
    assert "五、存在的主要问题及改进情况" in content.lines


@given(seed=st.integers(0, 2**32 - 1))
def test_docx_round_trip(seed: int) -> None:
    rng = random.Random(seed)
    tables = three_tables(rng)
    content = read_document(g.docx_bytes(tables, rng), "report.docx")
    assert content is not None
    assert content.format == "docx"
    assert_round_trip(content, tables)
    assert content.items[0] == "政府信息公开工作年度报告"
    assert isinstance(content.items[2], DocTable)  # heading, section line, then the table: body order


@pytest.mark.parametrize("seed", range(6))
def test_pdf_round_trip(seed: int) -> None:
    rng = random.Random(seed)
    tables = three_tables(rng)
    flow = [gp.pdf_paragraph("二、主动公开政府信息情况"), gp.pdf_table(tables[0], 80)]
    flow += [
        gp.pdf_paragraph("三、收到和处理政府信息公开申请情况"),
        gp.pdf_table(tables[1], 52),
        gp.pdf_table(tables[2], 36),
    ]
    content = read_document(gp.pdf_bytes(flow))
    assert content is not None
    assert content.format == "pdf"
    assert_round_trip(content, tables)
    assert content.lines == ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况")
    assert all(c.page is not None for t in content.tables for row in t.rows for c in row)


@pytest.mark.parametrize(
    ("seed", "running"), [(0, ""), (1, ""), (2, "某某区人民政府办公室 2020年政府信息公开工作年度报告")]
)
def test_pdf_long_table_with_repeated_header(seed: int, running: str) -> None:
    """A table over several pages comes back as one table; each page's repeated header rows stay in order.

    Running header and footer lines (and page numbers) drawn on every page do not break the table.
    """
    rng = random.Random(seed)
    specs, header = g.long_table(rng, groups=40)
    flow = [gp.pdf_paragraph("标题"), gp.pdf_table(specs, 70, font_size=9, repeat=header)]
    content = read_document(gp.pdf_bytes(flow, header=running))
    assert content is not None
    (table,) = content.tables
    assert_positions(table)
    expected = g.expected_grid(specs)
    rows, body, pages = grid_of(table), [], [row[0].page for row in table.rows]
    assert pages[-1] is not None
    assert pages[-1] >= 2
    i = 0
    while i < len(rows):
        if i > 0 and pages[i] != pages[i - 1]:
            assert rows[i : i + header] == expected[:header]  # the header printed again on the new page
            i += header
            continue
        body.append(rows[i])
        i += 1
    assert body == expected


def _split_pdf(last: list[str], first: list[str]) -> tuple[bytes, list[list[str]]]:
    """A table whose row ``last`` ends page 1 and ``first`` opens page 2; returns the PDF and the rows above."""
    from reportlab.platypus import PageBreak

    head = [["项目", "自然人", "商业企业", "总计"], ["一、本年新收政府信息公开申请数量", "3", "", "3"]]
    rest = [["（七）总计", "1", "0", "1"]]

    def table(rows: list[list[str]]) -> object:
        return gp.pdf_table([g.Spec(r, c, t) for r, row in enumerate(rows) for c, t in enumerate(row) if t], 120)

    # keep every column present on both pages: a blank column would otherwise lose its ruling
    return gp.pdf_bytes([table([*head, last]), PageBreak(), table([first, *rest])]), head


def test_pdf_row_split_across_pages_is_joined() -> None:
    data, head = _split_pdf(["四、结转下年度继续办理", " ", " ", " "], [" ", "2", "", "2"])
    content = read_document(data)
    assert content is not None
    (table,) = content.tables
    texts = table.texts()
    assert texts[:2] == head
    assert texts[2] == ["四、结转下年度继续办理", "2", "", "2"]
    assert [c.page for c in table.rows[2]] == [1, 2, 2, 2]
    assert texts[3] == ["（七）总计", "1", "0", "1"]
    assert len(texts) == 4


def test_pdf_wrapped_label_across_pages_is_joined() -> None:
    data, _ = _split_pdf(["四、结转下年度", "2", "", "2"], ["继续办理", " ", " ", " "])
    content = read_document(data)
    assert content is not None
    texts = content.tables[0].texts()
    assert texts[2] == ["四、结转下年度继续办理", "2", "", "2"]
    assert len(texts) == 4


# ---------------------------------------------------------------- HTML particulars


def test_cell_text_joins_line_breaks() -> None:
    assert clean_cell_text("本年新\n制作数量") == "本年新制作数量"
    assert clean_cell_text("三\n、\n本\n年\n度") == "三、本年度"
    assert clean_cell_text("12\n3") == "12 3"  # never the number 123
    assert clean_cell_text("\u00a0 \u3000") == ""


def test_html_gbk_meta_http_equiv() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>莲花镇2020年政府信息公开工作年度报告</title></head>"
        "<body><table><tr><td>规章</td><td>0</td></tr></table></body></html>"
    ).encode("gbk")
    content = read_html(page)
    assert content.lines == ("莲花镇2020年政府信息公开工作年度报告",)
    assert content.tables[0].texts() == [["规章", "0"]]


def test_html_without_charset_falls_back_to_gb18030() -> None:
    content = read_html("<table><tr><td>行政许可</td><td>138</td></tr></table>".encode("gb18030"))
    assert content.tables[0].texts() == [["行政许可", "138"]]


def test_html_layout_table_holds_data_tables() -> None:
    page = (
        "<table><tr><td>站点导航</td></tr><tr><td><p>二、主动公开</p>"
        "<table><tr><td rowspan=2>规章</td><td>1</td></tr><tr><td>2</td></tr></table>"
        "<p>三、依申请</p><table><tr><td>一、本年新收</td><td>&nbsp;</td></tr></table>"
        "</td></tr></table>"
    )
    content = read_html(page)
    assert [i if isinstance(i, str) else i.index for i in content.items] == [
        "站点导航",
        "二、主动公开",
        1,
        "三、依申请",
        2,
    ]
    assert grid_of(content.tables[0]) == [[("规章", False), ("1", False)], [("", True), ("2", False)]]
    assert content.tables[1].texts() == [["一、本年新收", ""]]


def test_html_split_table_and_repeated_header_stay_in_order() -> None:
    header = "<tr><td>项目</td><td>自然人</td></tr>"
    page = (
        f"<table>{header}<tr><td>一、本年新收</td><td>5</td></tr></table>"
        "<br style='page-break-before:always'>"
        f"<table>{header}<tr><td>四、结转下年度继续办理</td><td>1</td></tr></table>"
    )
    tables = read_html(page).tables
    assert [t.texts() for t in tables] == [
        [["项目", "自然人"], ["一、本年新收", "5"]],
        [["项目", "自然人"], ["四、结转下年度继续办理", "1"]],
    ]


def test_html_table_in_javascript_string() -> None:
    page = (
        "<html><body><div id='c'></div><script>\n"
        'var content = "<p>三、收到和处理政府信息公开申请情况</p><table border=\\"1\\"><tr>'
        '<td colspan=\\"2\\" style=\\"width:217px;\\"><p>一、本年新收</p></td><td><p align=\\"center\\">&nbsp;</p></td>'
        "<td>\\u0038</td></tr></table>\" + '<p>四、结束</p>';\n"
        "document.getElementById('c').innerHTML = content;</script></body></html>"
    )
    content = read_html(page)
    assert content.lines == ("三、收到和处理政府信息公开申请情况", "四、结束")
    assert grid_of(content.tables[0]) == [[("一、本年新收", False), ("", True), ("", False), ("8", False)]]


def test_html_caption_is_a_prose_line_before_its_table() -> None:
    content = read_html("<table><caption>表三：收到和处理政府信息公开申请情况</caption><tr><td>1</td></tr></table>")
    assert content.items[0] == "表三：收到和处理政府信息公开申请情况"
    assert content.tables[0].texts() == [["1"]]


def test_html_word_sizing_row_is_dropped() -> None:
    page = (
        "<table><tr><td>规章</td><td>&nbsp;</td></tr><![if !supportMisalignedColumns]>"
        "<tr height=0><td width=50 style='border:none'></td><td width=40 style='border:none'></td></tr>"
        "<![endif]></table><table><tr><td>&nbsp;</td></tr></table>"
    )
    assert [t.texts() for t in read_html(page).tables] == [[["规章", ""]]]


def test_html_rowspan_past_the_end_and_bad_spans() -> None:
    page = "<table><tr><td rowspan=9>A</td><td colspan='x'>1</td></tr><tr><td rowspan=0>2</td></tr></table>"
    assert grid_of(read_html(page).tables[0]) == [[("A", False), ("1", False)], [("", True), ("2", False)]]


def test_html_skips_scripts_styles_and_navigation() -> None:
    page = "<style>td{}</style><nav>首页 &gt; 年报</nav><script>var a = 1;</script><p>一、总体情况</p>"
    content = read_html(page)
    assert content.items == ("一、总体情况",)
    assert content.findings == (("document.no_table", "the HTML page holds no table"),)


def _prose_page(paragraphs: int) -> bytes:
    table = "<table><tr><td rowspan=2>三、本年度办理结果</td><td>1</td></tr><tr><td>2</td></tr></table>"
    filler = "<p>本机关认真贯彻落实条例要求，<span>进一步</span>加强政府信息公开工作。</p>\n" * paragraphs
    return f"<html><body>{table}{filler}</body></html>".encode()


def test_html_long_page_is_read_in_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long prose page is read, and the reader visits each element a bounded number of times: four times
    the page costs four times the element visits (absolute times of a 30 MB page: benchmarks/adversarial.py)."""
    from gkparse._read.formats import html

    visits = 0
    walk = html._Walker.walk

    def counted(self: html._Walker, node: object) -> None:
        nonlocal visits
        visits += 1
        walk(self, node)

    monkeypatch.setattr(html._Walker, "walk", counted)
    counts = []
    for n in (10_000, 40_000):
        visits = 0
        content = read_html(_prose_page(n))
        assert len(content.tables) == 1
        assert len(content.lines) == n
        counts.append(visits)
    assert counts[1] <= 4 * counts[0] + 10


def test_html_page_over_the_cell_cap_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page of a million cells is refused by the cell cap, without being parsed at all."""
    import lxml.html

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(lxml.html, "document_fromstring", never)
    cells = "<tr><td>1</td><td>&nbsp;</td></tr>" * 1_000_000
    with pytest.raises(DocumentError, match="table cells"):
        read_document(f"<html><body><table>{cells}</table></body></html>".encode())


def test_docx_layout_table_holds_data_table() -> None:
    import io

    import docx

    document = docx.Document()
    outer = document.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].add_run("二、主动公开")
    inner = cell.add_table(rows=2, cols=2)
    a = inner.cell(0, 0).merge(inner.cell(1, 0))
    a.paragraphs[0].add_run("规章")
    inner.cell(0, 1).paragraphs[0].add_run("1")
    buf = io.BytesIO()
    document.save(buf)
    content = read_document(buf.getvalue())
    assert content is not None
    assert content.lines == ("二、主动公开",)
    (table,) = content.tables
    assert grid_of(table) == [[("规章", False), ("1", False)], [("", True), ("", False)]]


@pytest.mark.parametrize("angle", [-90, 90])
def test_pdf_rotated_group_label_reads_in_order(angle: int) -> None:
    """A group label turned on its side (either way) reads in order and spans its rows."""
    items = ["（一）予以公开 3", "（二）部分公开 0", "（三）不予公开 1"]
    content = read_document(gp.pdf_rotated_label("三、本年度办理结果", angle, items))
    assert content is not None
    (table,) = content.tables
    assert grid_of(table) == [
        [("三、本年度办理结果", False), (items[0], False)],
        [("", True), (items[1], False)],
        [("", True), (items[2], False)],
    ]
