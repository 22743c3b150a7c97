"""Placement by arithmetic never places a wrong number (issue 17).

Reports rendered as a crawler's run-together text (every row's numbers glued
into one digit string), with valid arithmetic and with arithmetic broken after
the fact, as real reports' often is: whatever gkparse reads equals what is
printed.  A reading is accepted only when it is the only one under which two
distinct relations hold as printed; a broken report's true reading fails them,
and a wrong cut that fits one by chance fails the other.
"""

from __future__ import annotations

from hypothesis import given, note, settings

import gkparse
from tests import strategies as S
from tests.strategies.runon import broken_reports, run_together
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
