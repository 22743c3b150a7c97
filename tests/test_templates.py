"""Templates are data: the registry, the derived index, and a third template built from the spec types alone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import gkparse
from gkparse import templates
from gkparse.templates import Column, Relation, Row, TableSpec, Template


def test_registry_holds_the_two_national_templates() -> None:
    """The registry lists template 2019 then 2021, each with its document and years."""
    names = [t.name for t in templates.get_templates()]
    assert names == ["2019", "2021"]
    assert templates.get_template("2021").document == "国办公开办函〔2021〕30号"
    assert templates.get_template("2019").covers(2020)
    assert not templates.get_template("2019").covers(2021)
    with pytest.raises(KeyError):
        templates.get_template("1999")


def test_keys_checks_and_schema_read_the_registry() -> None:
    """all_keys, the JSON Schema and the relations all come from the template modules."""
    keys = {k.key for k in gkparse.all_keys()}
    assert "requests.other.overdue_fee.total" in keys
    assert "active.procurement.amount" in keys
    schema_keys = set(
        gkparse.json_schema()["properties"]["requests"]["properties"]["cells"]["items"]["properties"]["key"]["enum"]
    )
    assert "requests.other.overdue_fee.total" in schema_keys
    codes = {c.code for c in templates.current().checks("2019")}
    assert codes == {
        "requests.flow",
        "requests.results",
        "requests.row_total",
        "appeals.row_total",
        "active.published_le_total",
    }


def _toy() -> Template:
    """A made-up 2030 format: an active table of two rows (one a money row) and a one-row appeals table."""
    active = TableSpec(
        name="active",
        title="二、主动公开政府信息情况",
        headings=("主动公开政府信息情况",),
        columns=(Column("drafted", "本年起草件数"), Column("budget", "本年预算金额", money=True)),
        rows=(
            Row("plans", "发展规划", ("drafted",), ("发展规划",)),
            Row("budgets", "财政预算", ("budget",), ("财政预算",)),
        ),
        headers=("本年起草件数", "本年预算金额", "信息内容"),
    )
    appeals = TableSpec(
        name="appeals",
        title="四、行政复议情况",
        headings=("行政复议情况",),
        columns=(Column("won", "胜诉"), Column("lost", "败诉"), Column("total", "总计")),
        rows=(Row("review", "行政复议", ("won", "lost", "total"), ("行政复议",)),),
        headers=("胜诉", "败诉"),
    )
    return Template(
        name="2030",
        document="某某办函〔2029〕1号",
        years=(2030, None),
        markers=("本年起草件数", "本年预算金额"),
        tables=(active, appeals),
        relations=(
            Relation("appeals.row_total", "total = won + lost", "appeals", "rows", ("total",), ("won", "lost")),
        ),
    )


@pytest.fixture
def toy() -> Iterator[Template]:
    """The toy template, registered for one test and removed after it."""
    t = _toy()
    templates.register(t)
    try:
        yield t
    finally:
        templates.unregister(t.name)


REPORT_2030 = (
    "某县2030年政府信息公开工作年度报告\n"
    "二、主动公开政府信息情况\n"
    "信息内容 | 本年起草件数 |\n"
    "发展规划 | 7 |\n"
    "信息内容 | 本年预算金额(单位:万元) |\n"
    "财政预算 | 1.5 |\n"
    "四、行政复议情况\n"
    "| 胜诉 | 败诉 | 总计 |\n"
    "行政复议 | 2 | 1 | 4 |\n"
)


def test_a_third_template_from_the_spec_types_alone(toy: Template) -> None:
    """A template built from the spec types and registered is detected, read, keyed and checked — no code change."""
    report = gkparse.parse(REPORT_2030)
    assert report.template == "2030"
    assert report.year == 2030
    assert report.value("active.plans.drafted") == 7
    assert str(report.value("active.budgets.budget")) == "15000"
    assert report.appeals is not None
    assert report.appeals["review.total"] == 4
    assert [f.code for f in report.findings if f.severity == "error"] == ["appeals.row_total"]
    assert "active.budgets.budget" in {k.key for k in gkparse.all_keys()}
    assert gkparse.from_dict(gkparse.to_dict(report)) == report


def test_templates_can_be_passed_without_registering() -> None:
    """parse(templates=...) reads in the given templates only; the registry is untouched."""
    report = gkparse.parse(REPORT_2030, templates=[_toy()])
    assert report.template == "2030"
    assert report.value("active.plans.drafted") == 7
    assert [t.name for t in templates.get_templates()] == ["2019", "2021"]


def test_built_in_templates_cannot_be_removed_or_doubled() -> None:
    """The national templates stay registered; a second template of the same name is refused."""
    with pytest.raises(ValueError, match="built in"):
        templates.unregister("2019")
    with pytest.raises(ValueError, match="registered already"):
        templates.register(templates.get_template("2021"))


def _wordings(t: Template, table: str, row: str) -> tuple[str, ...]:
    spec = t.table(table)
    assert spec is not None
    return next(r.wordings for r in spec.rows if r.key == row)


def test_with_wording_adds_a_row_variant() -> None:
    """with_wording returns a copy whose row is also named by the new wording; the original is unchanged."""
    base = templates.get_template("2021")
    t = templates.with_wording(base, "requests", "granted", "依申请公开予以公开")
    assert "依申请公开予以公开" in _wordings(t, "requests", "granted")
    assert "依申请公开予以公开" not in _wordings(base, "requests", "granted")
    with pytest.raises(KeyError):
        templates.with_wording(t, "requests", "nonsense", "x")
