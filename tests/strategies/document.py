"""The document, layout-free: a model and its noise as a sequence of headings, headers, data rows and prose."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import Final

from tests import schema as _schema
from tests.strategies.models import _KEYSPECS, APPEAL_ROWS, MONEY_KEYS, ReportModel
from tests.strategies.noise import Noise

# ====================================================================== the document, layout-free

FOOTNOTE_MARKS: Final = ("²", "³", "¹", "①", "⑩", "⑴", "₂")
SECTION_ACTIVE: Final = _schema.TABLE_LABELS["active"]
SECTION_REQUESTS: Final = _schema.TABLE_LABELS["requests"]
SECTION_APPEALS: Final = _schema.TABLE_LABELS["appeals"]
CLOSING: Final = "五、存在的主要问题及改进情况"
NOTE: Final = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclasses.dataclass(frozen=True)
class _Text:
    """A line that is not a table cell: prose, a heading, page furniture."""

    text: str


@dataclasses.dataclass(frozen=True)
class _Header:
    """A row of header cells; None is an empty (merged) cell."""

    cells: tuple[str | None, ...]
    filler: int = 0  # bare pipes after the row (pipes layouts: colspan remnants)


@dataclasses.dataclass(frozen=True)
class _Data:
    """A table row: label cells (None: an empty leading cell) and value cells (None: blank)."""

    labels: tuple[str | None, ...]
    values: tuple[str | None, ...]


@dataclasses.dataclass(frozen=True)
class _Flat:
    """The appeals row: all 15 values after the header cells."""

    values: tuple[str | None, ...]


_Elem = _Text | _Header | _Data | _Flat

PROSE: Final = (
    "{year}年，{organ}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，全面推进政务公开工作。",
    "本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止，如对本报告有任何疑问，请与办公室联系。",
    "一是强化工作落实，明确责任岗位和人员；二是规范信息发布，严格落实“三审”制度；三是加强平台建设，及时更新栏目内容。",
    "通过政府网站、政务微博和微信公众号等渠道，及时发布社会广泛关注、事关群众切身利益的政府信息，共发布各类信息42条。",
    "严格规范依申请公开工作流程，按照法定时限答复申请人，做到件件有回音、事事有着落。",
    "加强政策解读和回应关切，围绕重点领域信息公开，丰富解读形式，提升解读质量。",
    "（地址：某某镇府前路1号；邮编：272199；电话：0537-8451001）如有疑问，欢迎来电咨询。",
)
PROSE_HEADINGS: Final = (
    "一、总体情况",
    "（一）主动公开情况",
    "（二）依申请公开情况",
    "（三）政府信息管理",
    "（四）监督保障",
)
CLOSING_PROSE: Final = (
    "一是政务公开工作人员业务水平有待提高，二是信息公开的及时性和全面性还需加强。",
    "下一步，我们将进一步完善工作机制，加强业务培训，不断提高政府信息公开工作质量。",
)

_HALF: Final = str.maketrans({"（": "(", "）": ")", "：": ":"})
_ENUM_RE: Final = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)(.+)$")


class _Doc:
    """Builds the layout-free document of a model under some noise."""

    def __init__(self, model: ReportModel, noise: Noise) -> None:
        self.m = model
        self.n = noise
        self.rnd = noise.rnd
        self.out: list[_Elem] = []

    # ------------------------------------------------------------ wording

    def chance(self, on: bool, p: float = 0.3) -> bool:
        """A per-item coin, only tossed (and drawn) when the switch is on."""
        return on and self.rnd.random() < p

    def label(self, text: str, *, space_ok: bool = True) -> str:
        """A label with bracket style and spacing noise."""
        half = self.n.brackets == "half" or (self.n.brackets == "mixed" and self.rnd.random() < 0.5)
        if half:
            text = text.translate(_HALF)
        if space_ok and not any(ch.isdigit() for ch in text) and self.chance(self.n.spaced, 0.25):
            m = _ENUM_RE.match(text)
            enum_only = m is not None and self.rnd.random() < 0.5
            # "(一) 予以公开" or "结 果 维 持"
            text = f"{m.group(1)} {m.group(2)}" if m is not None and enum_only else " ".join(text)
        return text

    def header(self, text: str) -> str:
        """A column header cell, with 合计 for 总计 when the report prints so."""
        if text == "总计" and self.n.heji:
            text = "合计"
        return self.label(text)

    def heading(self, text: str) -> str:
        if self.chance(self.n.markdown, 0.5):
            return self.rnd.choice(("## {}", "#### {}", "**{}**", "## **{}**")).format(text)
        return text

    def prose(self, k: int = 1) -> None:
        if not self.n.prose:
            return
        for _ in range(k):
            if self.rnd.random() < 0.3:
                self.out.append(_Text(self.rnd.choice(PROSE_HEADINGS)))
            self.out.append(_Text(self.rnd.choice(PROSE).format(year=self.m.year, organ=self.m.organ)))

    # ------------------------------------------------------------ numbers

    def count(self, key: str) -> str | None:
        if key not in self.m.values:
            return None
        x = int(self.m.values[key])
        if x >= 1000 and self.chance(self.n.thousands, 0.5):
            return f"{x:,}"
        if key.endswith(".items_change") and x > 0 and self.chance(self.n.plus_sign, 0.5):
            return f"+{x}"
        if self.chance(self.n.footnotes, 0.15):
            return f"{x}{self.rnd.choice(FOOTNOTE_MARKS)}"
        return str(x)

    def money_header_unit(self) -> str | None:
        return {"none": None, "wan": "万元", "yuan": "元"}[self.n.money_header]

    def money(self, key: str) -> str | None:
        if key not in self.m.values:
            return None
        yuan = Decimal(self.m.values[key])
        if yuan == 0:
            return "0"
        head = self.money_header_unit()
        show = head is None or self.n.money_cell == "always" or self.chance(self.n.money_cell == "sometimes", 0.5)
        unit = self.rnd.choice(("元", "万元")) if show else head
        assert unit is not None
        if unit == "万元":
            num = format((yuan / 10000).normalize(), "f")
        else:
            num = f"{int(yuan):,}" if self.chance(self.n.thousands, 0.5) else str(int(yuan))
        if not show:
            return num
        return num + (" " if self.rnd.random() < 0.5 else "") + unit

    def value(self, key: str) -> str | None:
        return self.money(key) if key in MONEY_KEYS else self.count(key)

    # ------------------------------------------------------------ the parts

    def build(self) -> list[_Elem]:
        self.opening()
        self.active()
        self.prose()
        self.requests()
        self.prose()
        self.appeals()
        self.closing()
        return self.out

    def opening(self) -> None:
        m, n = self.m, self.n
        if n.title == "plain":
            self.out.append(_Text(f"{m.organ}{m.year}年政府信息公开工作年度报告"))
        elif n.title == "spaced":
            self.out.append(_Text(f"{m.organ} {m.year} 年政府信息公开工作年度报告"))
        elif n.title == "markdown":
            self.out.append(_Text(f"# {m.organ}"))
            self.out.append(_Text(f"## {m.year} 年政府信息公开工作年度报告"))
        year = str(m.year)
        if n.title == "chinese":  # 二〇二〇年, the year in Chinese numerals
            year = year.translate(str.maketrans("0123456789", "〇一二三四五六七八九"))
            self.out.append(_Text(f"{m.organ}{year}年政府信息公开工作年度报告"))
        self.out.append(
            _Text(f"根据《中华人民共和国政府信息公开条例》的规定，现将{year}年度政府信息公开工作情况报告如下：")
        )
        self.prose(2)

    def active(self) -> None:
        tpl = self.m.template
        self.out.append(_Text(self.heading(SECTION_ACTIVE)))
        groups: list[tuple[str, list[tuple[_schema.RowSpec, str]]]] = []
        for spec in _schema.rows_of("active", tpl):
            if spec.label.startswith("第二十条"):
                art, name = spec.label.split(" ", 1)
                groups.append((art, [(spec, name)]))
            else:
                groups[-1][1].append((spec, spec.label))
        for art, rows in groups:
            cols = rows[0][0].columns
            assert all(spec.columns == cols for spec, _ in rows)
            heads = []
            for c in cols:
                text = _schema.column_label(tpl, "active", c)
                if _schema.is_money(rows[0][0].key, c):
                    text = self.money_column(text)
                heads.append(text)
            self.out.append(_Header((self.label(art), *([None] * len(cols))), filler=len(cols)))
            self.out.append(_Header((self.label("信息内容"), *(self.header(h) for h in heads))))
            for spec, name in rows:
                values = tuple(self.value(f"active.{spec.key}.{c}") for c in cols)
                self.out.append(_Data((self.label(name),), values))

    def money_column(self, text: str) -> str:
        """The money column header with the unit the noise asks for (none, 万元 or 元)."""
        base = re.sub(r"（单位：.*?）", "", text)
        unit = self.money_header_unit()
        if unit is None:
            return base
        form = self.rnd.choice(("（单位：{}）", "（{}）", "({})"))  # the unit with or without 单位
        return base + form.format(unit)

    def requests_header(self) -> None:
        cols = [_KEYSPECS[f"requests.new.{c}"].col_label for c in _schema.REQUEST_COLUMNS]
        group = cols[1].split("·")[0]
        subs = [c.split("·")[1] for c in cols[1:-1]]
        note = self.label(NOTE, space_ok=False) if self.n.note else None
        self.out.append(_Header((note, None, self.header("申请人情况"), *[None] * 5, self.header(cols[-1]), None), 8))
        self.out.append(_Header((None, None, self.header(cols[0]), self.header(group), *[None] * 6)))
        self.out.append(_Header((None, None, None, *(self.header(s) for s in subs), None, None), 2))

    def requests(self) -> None:
        tpl = self.m.template
        self.out.append(_Text(self.heading(SECTION_REQUESTS)))
        if self.n.narrative and "requests.new.total" in self.m.values:
            n_new = self.m.values["requests.new.total"]
            self.out.append(_Text(f"{self.m.year}年，共收到政府信息公开申请{n_new}件，均已按时答复。"))
        self.requests_header()
        for i, spec in enumerate(_schema.rows_of("requests", tpl)):
            if self.n.page_break is not None and i == self.n.page_break:
                self.out.append(_Text(self.rnd.choice((f"- {i // 6 + 2} -", f"第 {i // 6 + 2} 页"))))
                self.requests_header()
            values = tuple(self.value(f"requests.{spec.key}.{c}") for c in _schema.REQUEST_COLUMNS)
            self.out.append(_Data(self.request_label(spec.label), values))

    def request_label(self, label: str) -> tuple[str | None, ...]:
        """Label cells of a requests row: group heading and row label joined or split; a leading empty cell."""
        split = self.n.split_labels == "split" or (self.n.split_labels == "mixed" and self.rnd.random() < 0.5)
        if " " in label:  # first row of a group: "（三）不予公开 1.属于国家秘密"
            group, name = label.split(" ", 1)
            if split:
                return (self.label(group), self.label(name))
            return (self.label(group) + self.rnd.choice(("", " ")) + self.label(name),)
        m = _ENUM_RE.match(label)
        if m is not None and split and label[0] in "一二四":  # seed 001: "一、\t本年新收…"
            return (m.group(1), self.label(m.group(2)))
        if label[0].isdigit() and split:  # a sub-row under a merged group cell
            return (None, self.label(label))
        return (self.label(label),)

    def appeals(self) -> None:
        self.out.append(_Text(self.heading(SECTION_APPEALS)))
        cols = [self.header(_schema.COLUMN_LABELS["appeals"][c]) for c in _schema.APPEAL_COLUMNS]
        review = _KEYSPECS["appeals.review.total"].row_label
        lit, direct = _KEYSPECS["appeals.litigation_direct.total"].row_label.split(" · ")
        after = _KEYSPECS["appeals.litigation_after_review.total"].row_label.split(" · ")[1]
        self.out.append(_Header((self.label(review), None, None, None, None, self.label(lit), *[None] * 9), 13))
        self.out.append(
            _Header((*cols, self.label(direct), None, None, None, None, self.label(after), None, None, None))
        )
        cols2 = [self.header(_schema.COLUMN_LABELS["appeals"][c]) for c in _schema.APPEAL_COLUMNS]
        self.out.append(_Header((None, None, None, None, None, *cols2, *cols2), 5))
        values = tuple(self.count(f"appeals.{r}.{c}") for r in APPEAL_ROWS for c in _schema.APPEAL_COLUMNS)
        self.out.append(_Flat(values))

    def closing(self) -> None:
        self.out.append(_Text(self.heading(CLOSING)))
        self.out.append(_Text(self.rnd.choice(CLOSING_PROSE) if self.n.prose else CLOSING_PROSE[0]))
        self.out.append(_Text("六、其他需要报告的事项"))
        self.out.append(_Text("本机关无其他需要报告的事项。"))
        if self.n.signature:
            self.out.append(_Text(self.m.organ))
            self.out.append(_Text(f"{self.m.year + 1}年1月{self.rnd.randint(5, 28)}日"))
