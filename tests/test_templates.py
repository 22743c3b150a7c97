"""Templates are data: the registry, the derived index, and a third template built from the spec types alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

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


# ---------------------------------------------------------------- a new template, end to end (issue 16)


def _check_toy_report(report: gkparse.Report, t: Template) -> None:
    """What a reader of the toy report gets from the model: keys, lookups, rows, the report's own index."""
    assert report.template == "2030"
    assert report.index.names == (t.name,) or t.name in report.index.names
    assert report.active is not None
    assert report.active["plans.drafted"] == 7
    assert report.active.row("plans") == {"drafted": 7}
    assert report["active.budgets.budget"] == Decimal("15000")
    assert "plans.drafted" in set(report.active.keys())
    with pytest.raises(KeyError, match="did you mean"):
        report.active["plans.drafted_"]


def _check_toy_outputs(report: gkparse.Report, tmp_path: Path, templates_arg: list[Template] | None) -> None:
    """Frames tidy and wide, the JSON round trip and Parquet all carry the toy template's cells."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    tidy = gkparse.to_frame([report])
    assert dict(zip(tidy["key"], tidy["value"], strict=True))["active.plans.drafted"] == 7
    wide = gkparse.to_frame([report], shape="wide")
    assert wide.loc[0, "active.plans.drafted"] == 7
    assert wide.loc[0, "active.budgets.budget"] == 15000
    assert "active.plans.drafted" in gkparse.row_schema("wide", templates=templates_arg)["properties"]
    back = gkparse.from_dict(json.loads(json.dumps(gkparse.to_dict(report))), templates=templates_arg)
    assert back == report
    assert type(back.value("active.budgets.budget")) is Decimal
    assert back.active is not None
    assert back.active["plans.drafted"] == 7
    path = tmp_path / "wide.parquet"
    pq.write_table(gkparse.to_arrow([report], shape="wide"), path)
    read = pd.read_parquet(path)
    assert read.loc[0, "active.plans.drafted"] == 7


def test_a_registered_template_end_to_end(toy: Template, tmp_path: Path) -> None:
    """A registered template: parse → its index → frames tidy and wide → JSON → Parquet → the CLI, wide rows
    included (0.2 froze the wide key list at import and left the new keys out)."""
    from gkparse.cli import main

    report = gkparse.parse(REPORT_2030)
    _check_toy_report(report, toy)
    assert "active.plans.drafted" in gkparse.row_schema("wide")["properties"]
    _check_toy_outputs(report, tmp_path, None)
    src = tmp_path / "r2030.txt"
    src.write_text(REPORT_2030, encoding="utf-8")
    for jobs in ("1", "2"):
        out = tmp_path / f"wide{jobs}.jsonl"
        assert main(["parse", str(src), str(src), "--shape", "wide", "-o", str(out), "-q", "--jobs", jobs]) == 0
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [r["active.plans.drafted"] for r in rows] == [7, 7]
        assert [r["active.budgets.budget"] for r in rows] == [15000, 15000]


def test_templates_passed_to_parse_end_to_end(tmp_path: Path) -> None:
    """parse(templates=[toy]): the report keeps its templates, so lookups, frames, JSON and Parquet read in
    them although the registry does not know them (0.2: report.active["plans.drafted"] raised KeyError '2030')."""
    t = _toy()
    report = gkparse.parse(REPORT_2030, templates=[t])
    assert report.index.names == ("2030",)
    _check_toy_report(report, t)
    _check_toy_outputs(report, tmp_path, [t])
    assert [r.name for r in templates.get_templates()] == ["2019", "2021"]
    assert "active.plans.drafted" not in gkparse.row_schema("wide")["properties"]


def test_parse_paths_reads_in_the_given_templates_in_workers(tmp_path: Path) -> None:
    """parse_paths(templates=...) reads every file in those templates, in worker processes too."""
    for i in range(3):
        (tmp_path / f"r{i}.txt").write_text(REPORT_2030, encoding="utf-8")
    got = list(gkparse.parse_paths([tmp_path], jobs=2, templates=[_toy()]))
    assert [r.value("active.plans.drafted") for r in got if isinstance(r, gkparse.Report)] == [7, 7, 7]
