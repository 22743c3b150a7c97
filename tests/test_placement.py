"""Where numbers go: only where the text decides it, never shifted, blank never zero."""

from __future__ import annotations

from decimal import Decimal

import pytest

import gkparse

H19 = "第二十条第(一)项\n信息内容\n本年新制作数量\n本年新公开数量\n对外公开总数量\n"
REQ_HEAD = "三、收到和处理政府信息公开申请情况\n申请人情况\n自然人\n法人或其他组织\n总计\n"


def cells(text: str) -> dict[str, object]:
    return {c.key: c.value for c in gkparse.parse(text).cells()}


def unplaced_by_arithmetic(text: str) -> dict[str, object]:
    """The cells placed by count, position, a layout's convention or a lone total (not by arithmetic)."""
    return {c.key: c.value for c in gkparse.parse(text).cells() if c.placed != "arithmetic"}


def codes(text: str) -> list[str]:
    return [f.code for f in gkparse.parse(text).findings]


def test_full_row_in_lines_layout_is_read_in_order() -> None:
    """As many numbers as columns: read in column order."""
    got = cells(H19 + "规章\n1\n2\n3\n")
    assert got == {"active.rules.made": 1, "active.rules.published": 2, "active.rules.total_published": 3}


def test_short_row_in_lines_layout_is_ambiguous() -> None:
    """Lines layout dropped a blank: 2 numbers for 3 columns are not placed, and the finding keeps them."""
    report = gkparse.parse(H19 + "规章\n1\n2\n规范性文件\n4\n5\n6\n")
    got = {c.key: c.value for c in report.cells()}
    assert "active.rules.made" not in got
    assert got["active.normative_documents.total_published"] == 6
    (f,) = [f for f in report.findings if f.code == "row.ambiguous"]
    assert "1, 2" in f.message
    assert f.keys == ("active.rules.*",)
    assert f.line == 7


def test_too_many_numbers_is_not_guessed() -> None:
    """More numbers than columns: nothing read from the row."""
    assert cells(H19 + "规章\n1\n2\n3\n4\n") == {}
    assert "row.too_many_values" in codes(H19 + "规章\n1\n2\n3\n4\n")


def test_tabs_row_with_blank_in_place_is_read_by_position() -> None:
    """Tabs keep empty cells: a row exactly as wide as the table is read by position."""
    got = cells(H19.replace("\n", "\t", 0) + "规章\t1\t\t3\n")
    assert got == {"active.rules.made": 1, "active.rules.total_published": 3}


def test_tabs_row_of_other_width_is_ambiguous() -> None:
    """A tab row wider than the table (merged cells) with missing values is not placed."""
    assert cells(H19 + "规章\t1\t\t\t3\n") == {}


def test_lone_number_after_blanks_is_the_total() -> None:
    """Seed 001's shape: only the 总计 column filled, label cut over cells, the number far right."""
    text = REQ_HEAD + "一、\t本年\t新收政府信息公开申请数量\t\t\t\t\t\t5\t\t\n"
    assert cells(text) == {"requests.new.total": 5}


def test_lone_number_at_the_left_is_not_the_total() -> None:
    """A lone number right after a split label is not assumed to be anything."""
    text = REQ_HEAD + "一、\t本年\t新收政府信息公开申请数量\t5\t\t\t\t\t\t\t\n"
    assert cells(text) == {}


def test_pipe_fragments_with_collected_empties_are_ambiguous() -> None:
    """'3 |', '3 |', '|||||||': positions decide nothing, and neither does the row's relation — a blank is a
    count the report did not print, so '3 under a part, 3 under 总计' and 'two parts of 3, 总计 left blank'
    both fit: nothing is read, and the finding names the readings."""
    text = REQ_HEAD.replace("\n", " |\n") + "一、本年新收政府信息公开申请数量 |\n3 |\n3 |\n|||||||\n"
    assert cells(text) == {}
    (f,) = [f for f in gkparse.parse(text).findings if f.code == "row.ambiguous"]
    assert f.keys == ("requests.new.*",)
    assert "3 3" in f.message


def test_pipe_fragments_opening_rows_keep_empty_cells() -> None:
    """Rows opened by a bare '|': an empty cell is a bare '|' in place (dev21_02's 规章 row)."""
    text = "|\n第二十条第(一)项 | |||\n|\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n"
    text += "|\n规章 |\n0 |\n0 |\n|\n|\n行政规范性文件 |\n5 |\n12 |\n8 |\n"
    assert cells(text) == {
        "active.rules.issued": 0,
        "active.rules.repealed": 0,
        "active.normative_documents.issued": 5,
        "active.normative_documents.repealed": 12,
        "active.normative_documents.in_force": 8,
    }


def test_blank_is_not_zero_and_placeholder_is_blank() -> None:
    """A placeholder holds a column but gives no cell; a finding says so."""
    text = "第二十条第(五)项 | |||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政强制 | 4 | 4 | - |\n"
    report = gkparse.parse(text)
    assert {c.key: c.value for c in report.cells()} == {
        "active.coercion.prior_items": 4,
        "active.coercion.items_change": 4,
    }
    assert any(f.code == "cell.placeholder" and f.keys == ("active.coercion.decisions",) for f in report.findings)


def test_money_units_from_cell_and_header() -> None:
    """元 and 万元 in the cell or the column header give yuan; a printed 0 is 0 whatever the unit."""
    base = "第二十条第(九)项 | |||\n信息内容 | 采购项目数量 | {h} |\n政府集中采购 | 2 | {v} |\n"
    assert cells(base.format(h="采购总金额", v="6.02 万元"))["active.procurement.amount"] == Decimal(60200)
    assert cells(base.format(h="采购总金额", v="4168558 元"))["active.procurement.amount"] == Decimal(4168558)
    got = cells(base.format(h="采购总金额(单位:万元)", v="134,691"))
    assert got["active.procurement.amount"] == Decimal(1346910000)
    assert cells(base.format(h="采购总金额", v="0"))["active.procurement.amount"] == Decimal(0)
    report = gkparse.parse(base.format(h="采购总金额", v="125565.17"))
    assert report.value("active.procurement.amount") is None
    assert "money.unit_unknown" in [f.code for f in report.findings]


def test_items_change_may_be_negative_other_counts_are_flagged() -> None:
    """本年增/减 is signed; a negative count elsewhere is kept as printed and flagged."""
    text = "第二十条第(五)项 | |||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政许可 | 5 | -2 | -1 |\n"
    report = gkparse.parse(text)
    assert report.value("active.licensing.items_change") == -2
    assert report.value("active.licensing.decisions") == -1
    assert [f.keys for f in report.findings if f.code == "count.negative"] == [("active.licensing.decisions",)]


def test_fractional_count_is_not_read() -> None:
    """A count printed with decimals is not rounded: no cell, a finding."""
    text = H19 + "规章 | 1 | 2.5 | 3 |\n"
    report = gkparse.parse(text)
    assert report.value("active.rules.published") is None
    assert "count.not_whole" in [f.code for f in report.findings]


def test_number_cut_by_the_end_of_the_text_is_dropped() -> None:
    """A text cut mid-table may end in half a number ('42' of '422'): it is not read."""
    text = "第二十条第(五)项 | |||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n| 行政许可 | 30 | -2 | 42"
    report = gkparse.parse(text)
    assert report.value("active.licensing.decisions") is None
    # the cells before it stand in place in a whole-row line: still read
    assert report.value("active.licensing.prior_items") == 30
    assert report.value("active.licensing.items_change") == -2
    assert "text.cut_value" in [f.code for f in report.findings]


def test_prose_numbers_are_not_cells() -> None:
    """Numbers in narrative sentences never become cells."""
    text = "2020年，我镇共收到政府信息公开申请2件，予以公开2件。\n规章\n"
    assert cells(text) == {}


def test_row_label_inside_a_sentence_is_not_a_row() -> None:
    """A short line that merely ends with a row's words is not that row."""
    assert cells(H19 + "一是加强行政许可\n1\n2\n3\n") == {}


def test_same_key_twice_with_different_values_keeps_neither() -> None:
    """A table repeated with different numbers: a cell.conflict finding and no cell."""
    text = H19 + "规章\n1\n2\n3\n" + H19 + "规章\n1\n2\n4\n"
    report = gkparse.parse(text)
    assert report.value("active.rules.total_published") is None
    assert report.value("active.rules.made") == 1
    assert "cell.conflict" in [f.code for f in report.findings]


def test_template_2021_rows_and_the_other_rows() -> None:
    """Template 2021: 其他处理 is a group; its three sub-rows are read; 3.其他 is other.other."""
    row = "\n0\n0\n0\n0\n0\n0\n{n}\n"
    text = (
        "第二十条第(一)项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n"
        + REQ_HEAD
        + "(六)其他处理\n1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        + row.format(n=1)
        + "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        + row.format(n=2)
        + "3.其他"
        + row.format(n=3)
        + "(七)总计"
        + row.format(n=6)
    )
    report = gkparse.parse(text)
    assert report.template == "2021"
    assert report.value("requests.other.overdue_correction.total") == 1
    assert report.value("requests.other.overdue_fee.total") == 2
    assert report.value("requests.other.other.total") == 3
    assert report.value("requests.total.total") == 6
    assert report.value("requests.total.other_org") == 0


def test_appeals_fifteen_values_after_headers() -> None:
    """The usual appeals layout: the headers, then 15 numbers in one row."""
    head = "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n结果维持\n结果纠正\n其他结果\n尚未审结\n总计\n"
    head += "未经复议直接起诉\n复议后起诉\n" + "结果维持\n结果纠正\n其他结果\n尚未审结\n总计\n" * 2
    nums = "\n".join(str(i) for i in range(15)) + "\n"
    got = cells(head + nums)
    assert got["appeals.review.upheld"] == 0
    assert got["appeals.litigation_direct.upheld"] == 5
    assert got["appeals.litigation_after_review.total"] == 14
    assert len(got) == 15
    assert cells(head + "1\n2\n3\n") == {}


def test_markdown_rule_and_html_entities() -> None:
    """'|---|' lines carry no cell; '&nbsp;' is an empty cell in place, not text that breaks the row."""
    text = (
        "第二十条第(一)项 | | | |\n| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
        "|---|---|---|---|\n| 规章 | 0 | &nbsp; | 2 |\n"
    )
    assert cells(text) == {"active.rules.made": 0, "active.rules.total_published": 2}


def test_page_number_does_not_split_a_bare_pipe_table() -> None:
    """A page number inside rows opened by bare '|' lines keeps the table one block: the lone 总计 value is read."""
    head = "三、收到和处理政府信息公开申请情况\n|\n申请人情况 | ||||\n|\n自然人 |\n法人或其他组织 |\n总计 |\n"
    row = "|\n一、 |\n本年新收政府信息公开申请数量 |\n" + "|\n" * 6 + "0 |\n"
    text = (
        "|\n规章 |\n0 |\n0 |\n0 |\n"
        + head
        + row
        + "- 2 -\n|\n二、上年结转政府信息公开申请数量 |\n"
        + "|\n" * 6
        + "3 |\n"
    )
    got = cells(text)
    assert got["requests.new.total"] == 0
    assert got["requests.carried_over.total"] == 3


@pytest.mark.parametrize("header", ["采购总金额(万元)", "采购总金额（万元）", "采购总金额(单位:万元)"])
def test_money_unit_in_parentheses_without_danwei(header: str) -> None:
    """A header 采购总金额(万元) declares the unit as 单位 does: 9.46 reads 94600 yuan."""
    text = f"第二十条第(九)项 | |||\n信息内容 | 采购项目数量 | {header} |\n政府集中采购 | 2 | 9.46 |\n"
    assert cells(text)["active.procurement.amount"] == Decimal(94600)


def test_fee_unit_in_traditional_parentheses() -> None:
    """本年收费金额(萬元) (2021): the traditional 萬 is simplified and the unit read."""
    text = "第二十条第(八)项 | |\n信息内容 | 本年收费金额(萬元) |\n行政事业性收费 | 1.5 |\n"
    assert cells(text)["active.fees.amount"] == Decimal(15000)


def test_text_ending_inside_a_row_places_what_it_printed() -> None:
    """A text cut inside a whole pipe row (no final line end): the printed values go by position."""
    head = "三、收到和处理政府信息公开申请情况\n"
    full = "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    got = cells(head + full + "二、上年结转政府信息公开申请数量 | 2 | 0 | ")
    assert got["requests.carried_over.natural_person"] == 2
    assert got["requests.carried_over.commercial_enterprise"] == 0
    assert "requests.carried_over.total" not in got


def test_a_short_last_row_without_evidence_is_not_placed() -> None:
    """'总计 | 5 |' ending a text whose rows are all short may have dropped its blanks: not placed."""
    text = "三、收到和处理政府信息公开申请情况\n(七)总计 | 5 |"
    assert "requests.total.natural_person" not in cells(text)
    assert "requests.total.total" not in cells(text)


def test_closed_last_number_without_a_final_newline_is_read() -> None:
    """'\\n'.join(rows): the last row's last number, closed by its pipe, is read like any other."""
    rows = [
        "第二十条第(一)项 | |||",
        "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
        "规章 | 1 | 2 | 3 |",
    ]
    assert cells("\n".join(rows))["active.rules.total_published"] == 3


REQ21_FRAG = (
    "三、收到和处理政府信息公开申请情况 |\n申请人情况 |\n||||||||\n自然人 |\n法人或其他组织 |\n总计 |\n|||||||\n"
    "商业企业 |\n科研机构 |\n社会公益组织 |\n法律服务机构 |\n其他 |\n|||||\n"
)


def test_bare_pipe_lines_in_place_put_a_lone_number_under_the_total() -> None:
    """Convention 3 (tjj2023_frag): rows not opened by a bare '|', each empty cell a bare '|' line in place,
    a '||' filler after the row: six empties and one number make the seven columns, so it is 总计."""
    text = REQ21_FRAG + "一、本年新收政府信息公开申请数量 |\n" + "|\n" * 6 + "4 |\n||\n"
    text += "二、上年结转政府信息公开申请数量 |\n" + "|\n" * 6 + "0 |\n||\n"
    assert cells(text) == {"requests.new.total": 4, "requests.carried_over.total": 0}


def test_a_run_of_bare_pipes_inside_a_row_is_that_many_empty_cells() -> None:
    """Convention 2: '412 |' '17 |' '||' '3 |' '1 |' '433 |': five numbers and two empties are seven."""
    text = REQ21_FRAG + "一、本年新收政府信息公开申请数量 |\n412 |\n17 |\n||\n3 |\n1 |\n433 |\n||\n"
    assert cells(text) == {
        "requests.new.natural_person": 412,
        "requests.new.commercial_enterprise": 17,
        "requests.new.legal_service_org": 3,
        "requests.new.other_org": 1,
        "requests.new.total": 433,
    }


@pytest.mark.parametrize(
    "row",
    [
        # the pipes do not make the width: padding, not empties (czj2019_yynanhu, mzj2019_huangpi)
        "一、本年新收政府信息公开申请数量 |\n|\n|\n|\n|\n|\n4 |\n||\n",
        "一、本年新收政府信息公开申请数量 |\n" + "|\n" * 7 + "4 |\n",
        # empties collected after the row (seed 004): pipes after the last value decide nothing
        "一、本年新收政府信息公开申请数量 |\n3 |\n3 |\n|||||\n",
        # a label without its own pipe: the bare pipe after it may be the label's (xfj2021_dttz)
        "一、本年新收政府信息公开申请数量\n" + "|\n" * 6 + "4 |\n||\n",
        # pipes beside a value on its line: on which side is unknown
        "一、本年新收政府信息公开申请数量 |\n" + "|\n" * 5 + "| 4 |\n||\n",
    ],
)
def test_bare_pipes_that_do_not_decide_leave_the_row_ambiguous(row: str) -> None:
    """A run of bare pipes is read as empty cells only when the row's label is a closed fragment and the
    values and empties up to the last value make exactly the table's width; otherwise nothing is placed."""
    text = REQ21_FRAG + row
    assert not any(k.startswith("requests.new.") for k in unplaced_by_arithmetic(text))
    assert "row.ambiguous" in codes(text)


def test_bare_pipes_between_the_appeals_values_decide_nothing() -> None:
    """The appeals' fifteen values follow all the headers, whose fillers stand before them: bare pipes
    there may be header fillers or empties collected after a row, so a short flat row stays ambiguous."""
    head = "四、政府信息公开行政复议、行政诉讼情况 |\n行政复议 |\n行政诉讼 |\n||||||||||||||\n"
    head += "".join(f"{h} |\n" for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 3)
    text = head + "|||||\n" + "0 |\n" * 10
    assert not any(k.startswith("appeals.") for k in cells(text))
    assert "row.ambiguous" in codes(text)


REQ21_TABS = (
    "三、收到和处理政府信息公开申请情况\n申请人情况\t\t自然人\t法人或其他组织\t\t\t\t\t总计\n"
    "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n"
)


def test_tab_row_with_a_group_cell_and_a_row_cell_is_read_by_position() -> None:
    """Convention 1: '（三）不予公开⇥1.属于国家秘密⇥6⇥…' — two label cells, each a whole phrase, and the
    row as wide as the table after them: the values are counted from the cell after the last label."""
    text = REQ21_TABS + "（三）不予公开\t1.属于国家秘密\t6\t\t\t\t\t\t6\n"
    text += "三、本年度办理结果\t（一）予以公开\t97\t4\t\t\t2\t1\t104\n"
    assert cells(text) == {
        "requests.denied.state_secret.natural_person": 6,
        "requests.denied.state_secret.total": 6,
        "requests.granted.natural_person": 97,
        "requests.granted.commercial_enterprise": 4,
        "requests.granted.legal_service_org": 2,
        "requests.granted.other_org": 1,
        "requests.granted.total": 104,
    }


@pytest.mark.parametrize(
    "row",
    [
        # pieces of one label cut over cells (seed 001): merged cells may shift the values
        "一、\t本年新收政府信息公开申请数量\t\t\t\t\t\t5\t\n",
        "一、\t本年\t新收政府信息公开申请数量\t3\t\t\t\t\t\t\t\n",
        # two whole phrases but a row wider than the table after them
        "（三）不予公开\t1.属于国家秘密\t6\t\t\t\t\t\t\t6\n",
    ],
)
def test_tab_row_whose_label_cells_do_not_decide_is_not_placed_by_position(row: str) -> None:
    """Label cells that are pieces of one phrase, or a row of another width, give no position."""
    got = cells(REQ21_TABS + row)
    assert not any(k.endswith(".natural_person") or k.endswith(".commercial_enterprise") for k in got)


def test_a_cut_row_without_a_label_is_not_placed_by_position() -> None:
    """Found by the truncation property test: the appeals row ' |  |  |  |  | 0 | 0' (the first five
    cells empty) cut by the end of the text gave review.upheld = 0.  A whole pipe row drops the empty
    cells before its first value, so a row the text ends inside is placed only from a label in it."""
    head = "四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 行政诉讼 | |||||||||||||\n"
    head += "结果 维持 | 结果 纠正 | 其他结果 | 尚未 审结 | 总计 | 未经复议 直接起诉 | 复议后起诉 |\n"
    head += "结果 维持 | 结果 纠正 | 其他结果 | 尚未 审结 | 总计 | " * 2 + "|||||\n"
    assert cells(head + " |  |  |  |  | 0 | 0") == {}
    assert cells(head + " |  |  |  |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n") == {}


REQ_BLANK = "三、收到和处理政府信息公开申请情况\n\n申请人情况\n\n自然人\n\n法人或其他组织\n\n总计\n\n"


def test_blank_line_cells_with_an_extra_newline_per_empty_cell_are_read_by_position() -> None:
    """Convention 4: each printed cell followed by a blank line, each empty cell one more newline
    ('56⏎⏎2⏎⏎⏎⏎1⏎⏎⏎59'): the newlines count the columns, and every row of the table adds up."""
    text = REQ_BLANK + "一、本年新收政府信息公开申请数量\n\n56\n\n2\n\n\n\n1\n\n\n59\n\n"
    text += "二、上年结转政府信息公开申请数量\n\n\n\n\n\n\n\n3\n\n"
    text += "（七）总计\n\n" + "0\n\n" * 7
    got = cells(text)
    assert {k: v for k, v in got.items() if not k.startswith("requests.total.")} == {
        "requests.new.natural_person": 56,
        "requests.new.commercial_enterprise": 2,
        "requests.new.legal_service_org": 1,
        "requests.new.total": 59,
        "requests.carried_over.total": 3,
    }


@pytest.mark.parametrize(
    "rows",
    [
        # a row of the table that does not add up: the table does not keep the convention
        "一、本年新收政府信息公开申请数量\n\n56\n\n2\n\n\n\n1\n\n\n59\n\n（七）总计\n\n"
        + "0\n\n" * 6
        + "\n0\n\n四、结转下年度继续办理\n\n"
        + "0\n\n" * 7,
        # one blank line only after some cells: not the convention (xiongxian2019_lines, hebao2020_blank)
        "一、本年新收政府信息公开申请数量\n56\n\n2\n\n\n\n1\n\n\n59\n\n",
        # empty cells leave no newline (every gap the same): the values' columns are unknown
        "一、本年新收政府信息公开申请数量\n\n56\n\n2\n\n1\n\n59\n\n二、上年结转政府信息公开申请数量\n\n3\n\n",
    ],
)
def test_blank_lines_that_do_not_count_the_columns_decide_nothing(rows: str) -> None:
    """The newline count is read only when the whole table follows the convention; else ambiguous (the row's
    own arithmetic may still put its last number under 总计: 56 + 2 + 1 = 59)."""
    got = unplaced_by_arithmetic(REQ_BLANK + rows)
    assert not any(k.startswith(("requests.new.", "requests.carried_over.")) for k in got)
    assert "row.ambiguous" in codes(REQ_BLANK + rows)
    by_arithmetic = {c.key: c.value for c in gkparse.parse(REQ_BLANK + rows).cells() if c.placed == "arithmetic"}
    assert set(by_arithmetic.items()) <= {("requests.new.total", 59)}
