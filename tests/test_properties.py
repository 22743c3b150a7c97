"""Property-based tests: valid reports rendered in every layout, read back exactly.

The models and renderers live in ``tests/strategies.py``.  Settings come from
the hypothesis profile loaded in ``tests/conftest.py`` ("ci" by default,
``GKPARSE_HYPOTHESIS_PROFILE=thorough`` for a long run).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import gkparse
from tests import schema as _schema
from tests import strategies as S

ARITHMETIC_CODES = frozenset({"requests.flow", "requests.results", "requests.row_total", "appeals.row_total"})
SEVERITIES = frozenset({"error", "warning", "info"})
ALL_KEYS = frozenset(k.key for k in gkparse.all_keys())


def read(text: str) -> gkparse.Report:
    """Parse, keeping the text on hypothesis' report of a failing example."""
    note(f"text:\n{text}")
    report = gkparse.parse(text)
    note("findings:\n" + "\n".join(f"  {f.severity} {f.code} {f.keys} line {f.line}" for f in report.findings))
    return report


def cells_of(report: gkparse.Report) -> dict[str, object]:
    return {c.key: c.value for c in report.cells()}


def ambiguous_keys(report: gkparse.Report) -> set[str]:
    return {k for f in report.findings if f.code == "row.ambiguous" for k in f.keys}


def wrong_cells(report: gkparse.Report, model: S.ReportModel) -> dict[str, tuple[object, object]]:
    """Cells whose value is not the model's (a blank read as a value counts too): key → (got, model)."""
    return {
        c.key: (c.value, model.values.get(c.key))
        for c in report.cells()
        if c.key not in model.values or c.value != model.values[c.key] or type(c.value) is not _type(c.key)
    }


def _type(key: str) -> type:
    return Decimal if key in S.MONEY_KEYS else int


def parse_or_gkparse_error(text: str) -> gkparse.Report | None:
    """gkparse.parse on any text: a Report, or GkparseError (None here); any other exception fails the test."""
    try:
        report = gkparse.parse(text)
    except gkparse.GkparseError:
        return None
    assert isinstance(report, gkparse.Report)
    for c in report.cells():
        assert c.key in ALL_KEYS
        assert c.value is None or type(c.value) is _type(c.key)
    assert all(f.severity in SEVERITIES for f in report.findings)
    return report


# ====================================================================== round trip


@pytest.mark.parametrize("layout", S.LAYOUTS)
@given(model=S.reports(), noise=S.noises())
def test_round_trip(layout: str, model: S.ReportModel, noise: S.Noise) -> None:
    """A valid report rendered in a layout reads back exactly as the placement rules say.

    Every cell the text decides comes back with its value and type; a partially blank
    row the layout cannot place gives no cell and a row.ambiguous finding naming it;
    a blank is never a cell; the arithmetic holds, so no finding is an error; the
    template and the year are the rendered ones.
    """
    note(f"blank kinds: {model.blank_kinds}; noise: {noise!r}")
    report = read(S.render(model, layout, noise))
    assert report.template == model.template
    assert report.year == model.year
    assert cells_of(report) == S.expected_cells(model, layout)
    assert wrong_cells(report, model) == {}
    assert ambiguous_keys(report) == S.ambiguous_rows(model, layout)
    assert [f for f in report.findings if f.severity == "error"] == []


# ====================================================================== never wrong


@given(model=S.reports(scattered=True), layout=st.sampled_from(S.LAYOUTS), noise=S.noises())
def test_never_a_wrong_value(model: S.ReportModel, layout: str, noise: S.Noise) -> None:
    """Whatever the blanks and the layout, every cell gkparse returns has exactly the printed value.

    Blanks here also fall anywhere (a blank where a 0 belongs): the parser may decline to
    place a row, but a number under the wrong column, or a blank read as a value, is the
    worst possible bug.
    """
    note(f"blank kinds: {model.blank_kinds}; blanks: {sorted(model.blanks)}")
    report = read(S.render(model, layout, noise))
    assert wrong_cells(report, model) == {}


@given(model=S.reports(), layout=st.sampled_from(S.LAYOUTS), noise=S.noises(), data=st.data())
def test_truncated_text_never_gives_a_wrong_count(
    model: S.ReportModel, layout: str, noise: S.Noise, data: st.DataObject
) -> None:
    """A report cut off anywhere (a truncated page) never yields a wrong count.

    The cells before the cut are read as printed or not at all; a number cut short at the
    end of the text is not read.  (Money is left out: cutting '4168558 元' to '4168558 '
    under a 万元 header changes what a human reads too.)
    """
    text = S.render(model, layout, noise)
    cut = data.draw(st.integers(0, len(text)), label="cut")
    report = read(text[:cut])
    wrong = {k: v for k, v in wrong_cells(report, model).items() if k not in S.MONEY_KEYS}
    assert wrong == {}


# ====================================================================== mutation


@st.composite
def mutated(draw: st.DrawFn) -> tuple[S.ReportModel, str]:
    """A full valid model with one requests or appeals count changed by a nonzero delta (staying >= 0)."""
    model = draw(S.full_reports())
    keys = sorted(k for k in model.values if k.startswith(("requests.", "appeals.")))
    key = draw(st.sampled_from(keys))
    old = int(model.values[key])
    delta = draw(st.integers(1, 60))
    new = old - delta if draw(st.booleans()) and old >= delta else old + delta
    return model.with_value(key, new), key


@given(case=mutated(), layout=st.sampled_from(S.LAYOUTS), noise=S.noises())
def test_a_changed_count_breaks_a_relation(case: tuple[S.ReportModel, str], layout: str, noise: S.Noise) -> None:
    """One requests or appeals number off in an otherwise consistent, fully printed table is caught.

    There is an error finding (requests.flow, requests.results, requests.row_total or
    appeals.row_total) whose keys include the changed cell.
    """
    model, key = case
    note(f"changed {key} to {model.values[key]}")
    report = read(S.render(model, layout, noise))
    assert report.value(key) == model.values[key]
    hits = [f for f in report.findings if f.severity == "error" and f.code in ARITHMETIC_CODES and key in f.keys]
    assert hits, f"no arithmetic error names {key}"


# ====================================================================== robustness


@given(text=st.text())
def test_any_text_gives_a_report(text: str) -> None:
    """Any string: gkparse.parse returns a Report or raises GkparseError, nothing else."""
    parse_or_gkparse_error(text)


@given(data=st.binary())
def test_any_bytes_decoded_give_a_report(data: bytes) -> None:
    """Random bytes decoded with errors='replace' (U+FFFD, NULs, controls): a Report or GkparseError."""
    parse_or_gkparse_error(data.decode("utf-8", errors="replace"))


TABLE_SOUP = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "\n",
                "\t",
                "|",
                " |",
                "||",
                " ",
                "0",
                "12",
                "-3",
                "+2",
                "1,234",
                "6.02 万元",
                "4168558 元",
                "—",
                "无",
                "- 3 -",
                "&nbsp;",
                "|---|",
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                "申请人情况",
                "总计",
                "合计",
                "其他",
                "采购总金额（单位：万元）",
                "2020年政府信息公开工作年度报告",
                "。",
                "，",
            ]
        ),
        st.sampled_from(sorted({k.row_label for k in gkparse.all_keys()} | {k.col_label for k in gkparse.all_keys()})),
        st.sampled_from(sorted(_schema.TABLE_LABELS.values())),
    ),
    max_size=200,
).map("".join)


@given(text=TABLE_SOUP)
def test_table_fragment_soup_gives_a_report(text: str) -> None:
    """Labels, numbers, tabs and pipes in any order (text that reaches deep into the parser): no crash."""
    parse_or_gkparse_error(text)


@given(rendering=S.rendered(), data=st.data())
def test_truncated_render_gives_a_report(rendering: tuple[S.ReportModel, str, str], data: st.DataObject) -> None:
    """A valid report cut at any character: a Report or GkparseError."""
    _, _, text = rendering
    cut = data.draw(st.integers(0, len(text)), label="cut")
    parse_or_gkparse_error(text[:cut])


@given(rendering=S.rendered(), data=st.data())
def test_shuffled_and_deleted_lines_give_a_report(
    rendering: tuple[S.ReportModel, str, str], data: st.DataObject
) -> None:
    """A valid report with lines deleted and the rest shuffled: a Report or GkparseError."""
    _, _, text = rendering
    lines = text.split("\n")
    gone = data.draw(st.sets(st.integers(0, len(lines) - 1), max_size=len(lines) // 2), label="deleted")
    kept = [x for i, x in enumerate(lines) if i not in gone]
    if data.draw(st.booleans(), label="shuffle"):
        kept = data.draw(st.permutations(kept), label="order")
    parse_or_gkparse_error("\n".join(kept))


# ====================================================================== the generator itself


@given(model=S.full_reports())
def test_models_satisfy_every_invariant(model: S.ReportModel) -> None:
    """The generator's own contract: a full model prints every cell and every invariant of invariants.md holds."""
    v = {**model.values}
    assert set(v) == set(model.keys())
    req_rows = [r.key for r in _schema.rows_of("requests", model.template)]
    others = [r for r in req_rows if r not in ("new", "carried_over", "total", "carried_forward")]
    for c in _schema.REQUEST_COLUMNS:
        assert v[f"requests.new.{c}"] + v[f"requests.carried_over.{c}"] == (
            v[f"requests.total.{c}"] + v[f"requests.carried_forward.{c}"]
        )
        assert v[f"requests.total.{c}"] == sum(v[f"requests.{r}.{c}"] for r in others)
    for r in req_rows:
        assert v[f"requests.{r}.total"] == sum(v[f"requests.{r}.{c}"] for c in S.APPLICANTS)
    for r in S.APPEAL_ROWS:
        assert v[f"appeals.{r}.total"] == sum(v[f"appeals.{r}.{c}"] for c in _schema.APPEAL_COLUMNS[:4])
    if model.template == "2019":
        for r in ("rules", "normative_documents"):
            assert v[f"active.{r}.published"] <= v[f"active.{r}.total_published"]
    for k, x in v.items():
        assert x >= 0 or k.endswith(".items_change")
