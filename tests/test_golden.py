"""Golden tests: every labelled report in fixtures/ read exactly through the public API."""

from __future__ import annotations

import fnmatch
import json

import pytest

import gkparse
from tests.conftest import FIXTURES, ROOT, STEMS, expected, expected_value


def test_fixtures_are_discovered() -> None:
    """The golden suite runs on the seeds and the dev corpus (17 labelled reports at least)."""
    assert len(STEMS) >= 17


@pytest.mark.parametrize("stem", STEMS)
def test_cells_match_labels_exactly(stem: str) -> None:
    """Every labelled cell is read with its exact value, and nothing else is read."""
    exp = expected(stem)
    report = gkparse.parse_file(FIXTURES / f"{stem}.txt")
    patterns = [a.split()[0].split(":")[0] for a in exp.get("ambiguous", []) if a.strip()]
    got = {c.key: c.value for c in report.cells()}
    for key in list(got):
        if any(fnmatch.fnmatchcase(key, p) for p in patterns):
            pytest.fail(f"{key} is labelled ambiguous but gkparse read {got[key]!r}")
    want = {k: expected_value(v) for k, v in exp["cells"].items()}
    assert got == want


@pytest.mark.parametrize("stem", STEMS)
def test_template_and_year(stem: str) -> None:
    """The template and year are those a careful reader sees."""
    exp = expected(stem)
    report = gkparse.parse_file(FIXTURES / f"{stem}.txt")
    assert report.template == exp["template"]
    assert report.year == exp["year"]


@pytest.mark.parametrize("stem", STEMS)
def test_organ_is_right_or_not_named(stem: str) -> None:
    """The organ is the labelled one, or None where only prose names it: never a wrong name."""
    exp = expected(stem)
    report = gkparse.parse_file(FIXTURES / f"{stem}.txt")
    assert report.organ in (exp["organ"], None)


def test_organs_found_where_title_or_signature_names_them() -> None:
    """Organs printed in a title, a heading or a signature are found; the rest name it only in prose."""
    found = {s for s in STEMS if gkparse.parse_file(FIXTURES / f"{s}.txt").organ is not None}
    assert {
        "000_e5f035dbe7594dbe",  # title
        "001_7f8cb9d4cf28011f",  # signature above the date
        "002_e0387e8ce51192b3",  # signature
        "003_651373a10ed2d74b",  # markdown heading above the title
        "dev19_05",
        "dev19_10",
        "dev21_13",
        "dev21_17",
        "dev21_02",  # the organ alone above the title
        "hunnan2022_organ",  # the organ alone on the first line
        "jgsw2021_on2019",  # the organ above the title, in traditional characters, kept as printed
        "xizhen2022_on2019",  # 2022年度螅镇…报告: the organ after the year
        "xfj2021_dttz",  # 现将信访局2021年度…
        "swj2022_wqx",  # 2022年，商务局信息公开工作…
        "sjj2020_taojiang",  # 2020年，县审计局认真贯彻…
    } <= found


@pytest.mark.parametrize("stem", STEMS)
def test_layout_family(stem: str) -> None:
    """The reported layout is the family of the labelled one (other:… variants are pipes)."""
    exp = expected(stem)
    report = gkparse.parse_file(FIXTURES / f"{stem}.txt")
    if exp["layout"].startswith("other:"):
        assert report.layout == "pipes"
    else:
        assert report.layout == exp["layout"]


@pytest.mark.parametrize("stem", STEMS)
def test_cell_lines_point_at_the_printed_text(stem: str) -> None:
    """Each cell's line holds the cell's raw text, so users can find it in the source."""
    lines = (FIXTURES / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    for cell in gkparse.parse_file(FIXTURES / f"{stem}.txt").cells():
        assert cell.raw in lines[cell.line - 1], (cell.key, cell.line)


def test_narrative_report_has_no_tables_and_says_so() -> None:
    """Seed 002 has no tables: a report without tables and a report.no_tables finding."""
    report = gkparse.parse_file(FIXTURES / "002_e0387e8ce51192b3.txt")
    assert report.tables == ()
    assert report.layout == "none"
    assert [f.code for f in report.findings] == ["report.no_tables"]


def test_money_without_unit_is_none_with_a_finding() -> None:
    """Seed 000 prints '125565.17' with no unit: the cell keeps its raw text, value None, and a finding."""
    report = gkparse.parse_file(FIXTURES / "000_e5f035dbe7594dbe.txt")
    cell = report.active.get("procurement.amount") if report.active else None
    assert cell is not None
    assert cell.value is None
    assert cell.raw == "125565.17"
    codes = [(f.code, f.keys) for f in report.findings]
    assert ("money.unit_unknown", ("active.procurement.amount",)) in codes


def test_truncated_reports_say_so() -> None:
    """A report cut inside its tables returns what was read plus a report.incomplete finding."""
    report = gkparse.parse_file(FIXTURES / "dev19_05.txt")
    codes = {f.code for f in report.findings}
    assert {"report.incomplete", "text.cut_value"} <= codes
    assert report.appeals is None
    assert report.requests is not None
    assert report.requests["denied.state_secret.total"] == 0


def test_unknown_row_is_reported_not_dropped() -> None:
    """dev19_14's row 其他主動公開檔案 (no schema key) is a values.unlabelled finding with its numbers."""
    report = gkparse.parse_file(FIXTURES / "dev19_14.txt")
    msgs = [f.message for f in report.findings if f.code == "values.unlabelled"]
    assert len(msgs) == 1
    assert "186, 86, 255" in msgs[0]


def test_complete_correct_reports_have_no_warning() -> None:
    """Complete reports whose tables read cleanly raise no warning."""
    for stem in ("001_7f8cb9d4cf28011f", "003_651373a10ed2d74b", "004_f6278f3ab9b7decc"):
        report = gkparse.parse_file(FIXTURES / f"{stem}.txt")
        assert [f for f in report.findings if f.severity != "info"] == [], stem


GOLDEN_FINDINGS = json.loads((ROOT / "tests" / "golden" / "findings.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", STEMS)
def test_findings_are_golden(stem: str) -> None:
    """Every fixture's findings (severity, code, keys, line) are exactly those reviewed into tests/golden/."""
    report = gkparse.parse_file(FIXTURES / f"{stem}.txt")
    got = [[f.severity, f.code, list(f.keys), f.line] for f in report.findings]
    assert got == GOLDEN_FINDINGS[stem]
