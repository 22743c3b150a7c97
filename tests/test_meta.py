"""Year and organ of a report."""

from __future__ import annotations

import pytest

from gkparse._read.meta import organ_of, year_of


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("莲花镇人民政府2020年政府信息公开工作年度报告\n正文", 2020),
        ("莱州市金城镇 2020 年政府信息公开年度报告", 2020),
        ("現將我局2020年度政府信息公開情況報告如下", 2020),
        ("本报告中所列数据的统计期限为2020年1月1日至2020年12月31日", 2020),
        ("截止2023年12月31日我局共受理申请", 2023),
        ("2020年我局严格按照程序。(三)2020年信息公开情况。发布日期2021年1月28日", 2020),
        (
            "往年报告:\n2018年政府信息公开工作年度报告 2019年政府信息公开工作年度报告 链接\n"
            "某局2020年政府信息公开工作年度报告",
            2020,
        ),
        ("没有年份", None),
    ],
)
def test_year(text: str, year: int | None) -> None:
    """The year covered comes from the title, the introduction, the period, or the most named year."""
    assert year_of(text) == year


@pytest.mark.parametrize(
    ("lines", "organ"),
    [
        (["厦门市同安区莲花镇人民政府2020年政府信息公开工作年度报告"], "厦门市同安区莲花镇人民政府"),
        (["# 兑镇镇人民政府", "## 2020 年政府信息公开工作年度报告"], "兑镇镇人民政府"),
        (
            ["莱州市金城镇 2020 年政府信息公开年度报告", "正文", "莱州市金城镇人民政府", "2021年1月25日"],
            "莱州市金城镇人民政府",
        ),
        (
            [
                "根据市政务服务和大数据管理局转发的《湖北省人民政府办公厅关于做好2020年政府信息公开年度报告编制和发布工作的通知》"
            ],
            None,
        ),
        (["2020年我办认真贯彻落实新修订的《条例》"], None),
        (["现将我局2020年政府信息公开工作年度报告如下"], None),
    ],
)
def test_organ(lines: list[str], organ: str | None) -> None:
    """The organ is taken from a title, a heading above it, or a signature above the date; never from prose."""
    assert organ_of(lines) == organ


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("二〇二〇年某区人民政府政府信息公开工作年度报告", 2020),
        ("某局二〇二三年度政府信息公开工作年度报告", 2023),
        ("某县二○二一年政府信息公开工作年度报告", 2021),
    ],
)
def test_year_in_chinese_numerals(title: str, year: int) -> None:
    """A title with the year in Chinese numerals (二〇二〇年, 二〇二三年度, ○ for 〇) gives the year."""
    assert year_of(title + "\n一、总体情况\n") == year


def test_a_report_without_year_says_so() -> None:
    """No year anywhere: year None and a year.unknown finding."""
    import gkparse

    report = gkparse.parse("某局政府信息公开工作年度报告\n规章 | 0 | 0 | 0 |\n")
    assert report.year is None
    assert "year.unknown" in [f.code for f in report.findings]


@pytest.mark.parametrize(
    ("lines", "organ"),
    [
        (["2022年度螅镇政府信息公开工作年度报告", "一、总体情况"], "螅镇"),
        (["浑南区国资局", "根据《条例》要求，现公布2022年报告。"], "浑南区国资局"),
        (["根据《条例》，现将信访局2021年度政府信息公开工作情况报告如下："], "信访局"),
        (["2022年，商务局信息公开工作在县委、县政府的正确领导下全面推进。"], "商务局"),
        (["西安市閻良區機關事務服務中心", "2021年度政府信息公開工作年度報告"], "西安市閻良區機關事務服務中心"),
        (["根据《条例》规定,现公布区统计局2023年政府信息公开工作年度报告。"], "区统计局"),
        (["2019年度区民政局主动公开政府信息主要包含三个方面"], "区民政局"),
        (["2020年,杨陵区统计局以习近平新时代中国特色社会主义思想为指导"], "杨陵区统计局"),
        (["区卫健局高度重视政务信息公开工作,认真贯彻落实区委区政府决策部署"], "区卫健局"),
        (["按照区委、区政府有关要求,区政府政务服务办进一步完善公开制度"], "区政府政务服务办"),
        (["本报告是根据《条例》要求,由两城镇人民政府党政办公室编制。"], "两城镇人民政府"),
    ],
)
def test_organ_from_title_top_line_and_first_sentence(lines: list[str], organ: str) -> None:
    """The organ is read, as printed, from a title, a line of its own at the top, or the first sentence."""
    assert organ_of(lines) == organ


@pytest.mark.parametrize(
    "lines",
    [
        ["根据《某市人民政府办公厅关于做好2022年度政府信息公开工作的通知》要求，现将我局2022年度情况报告如下："],
        ["Page 9 - 2020年报_审计局"],
        ["2022年，在市人民政府的领导下，我局认真贯彻《条例》。"],
        ["根据区政务服务和大数据管理局的通知要求,结合《工作要点》的落实情况,我局高度重视"],
        ["在上级部门的指导下,各单位进一步做好政府信息公开工作"],
        ["本报告由县政府办公室编制。"],
    ],
)
def test_organ_never_from_a_mention(lines: list[str]) -> None:
    """An organ only mentioned (a notice's issuer, a page header, 我局) is not the report's organ."""
    assert organ_of(lines) is None
