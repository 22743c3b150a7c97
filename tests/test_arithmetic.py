"""Placement by arithmetic never places a wrong number (issue 17).

Reports rendered as a crawler's run-together text (every row's numbers glued
into one digit string), with valid arithmetic and with arithmetic broken after
the fact, as real reports' often is: whatever gkparse reads equals what is
printed.  A reading is accepted only when it is the only one under which two
distinct relations hold as printed; a broken report's true reading fails them,
and a wrong cut that fits one by chance fails the other.
"""

from __future__ import annotations

import re

from hypothesis import given, note, settings
from hypothesis import strategies as st

import gkparse
from gkparse._read.arith.readings import TooMany, column_options, readings
from gkparse._read.arith.solve import agreed
from gkparse._read.grid import GridCell
from tests import strategies as S
from tests.strategies.runon import broken_reports, detached_markdown, mini_tables, run_together
from tests.test_properties import wrong_cells


def _read(text: str) -> gkparse.Report:
    note(f"text:\n{text}")
    return gkparse.parse(text)


# A whole report run together takes up to a few seconds to read (its units' bounded searches): no deadline,
# speed is measured in benchmarks/, not here.
@settings(deadline=None)
@given(model=S.full_reports(), noise=S.noises())
def test_run_together_text_never_gives_a_wrong_value(model: S.ReportModel, noise: S.Noise) -> None:
    assert wrong_cells(_read(run_together(model, noise)), model) == {}


@settings(deadline=None)
@given(model=broken_reports(full=True), noise=S.noises())
def test_run_together_text_with_wrong_arithmetic_never_gives_a_wrong_value(
    model: S.ReportModel, noise: S.Noise
) -> None:
    assert wrong_cells(_read(run_together(model, noise)), model) == {}


@settings(deadline=None)
@given(model=broken_reports(scattered=True), noise=S.noises())
def test_dropped_blanks_with_wrong_arithmetic_never_give_a_wrong_value(model: S.ReportModel, noise: S.Noise) -> None:
    """PDF text (blanks leave no trace) of a report whose arithmetic is wrong: nothing read differs."""
    assert wrong_cells(_read(S.render(model, "pdf_text", noise)), model) == {}


def test_wrong_row_total_with_a_dropped_blank_is_not_placed() -> None:
    """四、结转 row printed 0 613 479 0 6 0 under seven columns, its total not the sum: the one reading that
    leaves room for the total (blank) is not read; nothing is confirmed by a relation that merely fits."""
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
        "（七）总计 0 53 89023 0 2 9805\n"
        "四、结转下年度继续办理 0 613 479 0 6 0\n"
    )
    report = gkparse.parse(text)
    got = {c.key: c.value for c in report.cells() if c.key.startswith("requests.carried_forward")}
    assert all(v in (None, 0) for v in got.values()) or got == {}
    assert not any(c.placed == "arithmetic" for c in report.cells())


@settings(deadline=None)
@given(data=st.data(), model=S.full_reports(), noise=S.noises())
def test_labels_moved_out_of_the_table_never_give_a_wrong_value(
    data: st.DataObject, model: S.ReportModel, noise: S.Noise
) -> None:
    """PDF-to-markdown text whose labels left their rows, in the converter's order: nothing read differs."""
    assert wrong_cells(_read(data.draw(detached_markdown(model, noise))), model) == {}


def test_numbers_after_two_detached_labels_are_not_read() -> None:
    """A converter printed two rows' labels as text, then one label-less row of numbers (it belongs to the
    first label, not the last): which row is not decided by the text, so nothing is read from it."""
    text = (
        "二、收到和处理政府信息公开申请情况\n"
        "| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 |\n"
        "（三）不予公开\n5.属于三类内部事务信\n息\n1.本机关不掌握相关政\n府信息\n"
        "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n|---|---|---|---|---|---|---|\n"
        "| 6.属于四类过程性信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    )
    report = gkparse.parse(text)
    keys = {c.key.rsplit(".", 1)[0] for c in report.cells()}
    assert keys == {"requests.new", "requests.denied.process_info"}
    detached = [f for f in report.findings if f.code == "row.label_detached"]
    assert len(detached) == 1
    assert "1, 0, 0, 0, 0, 0, 1" in detached[0].message


def _cell(kind: str, text: str) -> GridCell:
    return GridCell(kind=kind, text=text, line=1, layout="lines", row=None, pos=0)  # type: ignore[arg-type]


_RUNS = st.lists(
    st.one_of(
        st.builds(lambda t: _cell("run", t), st.text("000123+-", min_size=2, max_size=7).filter(lambda t: "0" in t)),
        st.builds(lambda n: _cell("num", str(n)), st.integers(0, 30)),
    ),
    min_size=1,
    max_size=3,
)


@given(values=_RUNS, ncols=st.integers(1, 7), signed=st.frozensets(st.integers(0, 6)))
def test_the_columns_the_text_alone_decides_are_those_every_reading_agrees_on(
    values: list[GridCell], ncols: int, signed: frozenset[int]
) -> None:
    """`column_options` (reachability, polynomial) decides exactly the columns on which every reading that
    may leave blanks agrees — the listing it replaced, exponential in the row's blanks and digits."""
    keys = tuple(str(i) for i in range(ncols))
    try:
        listed = agreed(keys, readings(values, ncols, None, None, signed, blanks=True))
    except TooMany:
        return
    options = column_options(values, ncols, signed)
    assert {k for k, o in zip(keys, options, strict=True) if len(o) == 1} == listed


@settings(deadline=None)
@given(data=st.data(), model=S.full_reports(), noise=S.noises(), layout=st.sampled_from(S.LAYOUTS))
def test_a_text_cut_inside_a_number_never_gives_a_wrong_value(
    data: st.DataObject, model: S.ReportModel, noise: S.Noise, layout: str
) -> None:
    """A download cut short inside a number (``42`` of ``422``, no final line end): the cut number is read
    only when a relation holds with it, and nothing read differs from what is printed."""
    text = S.render(model, layout, noise)
    inside = [i for i in range(1, len(text)) if text[i - 1].isdigit() and text[i].isdigit()]
    if inside:
        text = text[: data.draw(st.sampled_from(inside), label="cut")]
    assert wrong_cells(_read(text), model) == {}


def test_the_last_number_of_a_text_without_a_line_end_is_read_when_its_row_adds_up() -> None:
    head = (
        "三、收到和处理政府信息公开申请情况\n"
        "申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"
    )
    whole = gkparse.parse(head + "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t2\t3")
    assert whole.requests is not None
    assert whole.requests["new.total"] == 3
    assert [f.code for f in whole.findings if f.code.startswith("text.")] == ["text.cut_value_checked"]
    for cut in ("4", "1"):  # 1+2 is not 4, and '1' may be '13' cut short: not read
        report = gkparse.parse(head + f"一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t2\t{cut}")
        assert report.requests is not None
        assert "new.total" not in {c.key.split(".", 1)[1] for c in report.requests.cells}
        assert "text.cut_value" in {f.code for f in report.findings}


@settings(deadline=None)
@given(data=st.data(), model=S.full_reports(), noise=S.noises(), layout=st.sampled_from(S.LAYOUTS))
def test_labels_with_typos_never_give_a_wrong_value(
    data: st.DataObject, model: S.ReportModel, noise: S.Noise, layout: str
) -> None:
    """Row labels that lost, gained or changed up to three characters (``2.其他法律行政止公开``): a row
    identified by its enumerator, its place and its wording is the right one, or none is read."""
    text = S.render(model, layout, noise)
    labels = list(re.finditer(r"\d[.、]([\u4e00-\u9fff“”]{4,})", text))
    chosen = data.draw(st.lists(st.sampled_from(labels), max_size=4, unique_by=lambda m: m.start())) if labels else []
    for m in sorted(chosen, key=lambda m: -m.start()):
        words = list(m.group(1))
        for _ in range(data.draw(st.integers(1, 3), label="edits")):
            if not words:
                break
            i = data.draw(st.integers(0, len(words) - 1), label="at")
            words[i : i + 1] = data.draw(st.sampled_from([[], ["的"], [words[i], "和"]]), label="edit")
        text = text[: m.start(1)] + "".join(words) + text[m.end(1) :]
    assert wrong_cells(_read(text), model) == {}


@settings(deadline=None)
@given(data=st.data(), model=S.full_reports(template="2021"), noise=S.noises())
def test_appeals_as_three_small_tables_never_give_a_wrong_value(
    data: st.DataObject, model: S.ReportModel, noise: S.Noise
) -> None:
    """The appeals table as three small tables, each under the heading of its row, in any order: each
    row's numbers go to the row its heading names, or nowhere."""
    report = _read(data.draw(mini_tables(model, noise)))
    assert wrong_cells(report, model) == {}


def test_an_appeals_header_printed_one_character_a_line_is_no_small_table() -> None:
    """Found by the thorough run: 行政复议 行政诉讼 over a lower header printed one character a line, then
    five numbers that belong to the lawsuits: 行政复议 is the only row named, but no small table's header
    follows it, so the numbers are not given to it."""
    text = (
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n结 结 其 尚 合 未 复\n果 果 他 未 计 经 议\n"
        "维 纠 结 审 复 后\n持 正 果 结 议 起\n直 诉\n接\n起\n诉\n0 0 0 0 0\n"
    )
    assert [c.key for c in gkparse.parse(text).cells() if c.key.startswith("appeals.review")] == []
