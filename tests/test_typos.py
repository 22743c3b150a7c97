"""Row labels with typos (issue 17, form 4): read only when enumerator, place and wording agree on one row."""

from __future__ import annotations

import gkparse

_HEAD = "三、收到和处理政府信息公开申请情况\n（三）不予公开 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"


def _read(label: str, head: str = _HEAD) -> gkparse.Report:
    return gkparse.parse(head + f"{label} | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n")


def _row_read(report: gkparse.Report) -> set[str]:
    return {c.key.rsplit(".", 1)[0] for c in report.cells() if c.value == 1}


def test_three_lost_characters_are_read_with_a_finding() -> None:
    report = _read("2.其他法律行政止公开")
    assert _row_read(report) == {"requests.denied.prohibited_by_law"}
    typo = [f for f in report.findings if f.code == "label.typo"]
    assert len(typo) == 1
    assert "2.其他法律行政法规禁止公开" in typo[0].message


def test_a_changed_and_an_added_character_are_read() -> None:
    assert _row_read(_read("2.其他法律行政法规禁止公布")) == {"requests.denied.prohibited_by_law"}
    assert _row_read(_read("2.其他法律和行政法规禁止公开")) == {"requests.denied.prohibited_by_law"}


def test_four_edits_are_too_many() -> None:
    report = _read("2.其他法律行止公开")
    assert _row_read(report) == set()
    assert "values.unlabelled" in {f.code for f in report.findings}


def test_another_enumerator_is_not_read() -> None:
    assert _row_read(_read("3.其他法律行政止公开")) == set()


def test_a_row_not_after_its_sibling_is_not_read() -> None:
    """The row before is 1.属于国家秘密 only when it was read just before: after 3.危及… it is not."""
    head = _HEAD + "3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    assert _row_read(_read("2.其他法律行政止公开", head)) == set()
