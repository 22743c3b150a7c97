"""Hypothesis strategies: valid annual-report models and their text in every layout gkparse reads.

A *model* (:class:`ReportModel`) is what a careful reader takes from a report:
the template, the year, and the value of every printed cell, whose numbers
satisfy every invariant of ``invariants.md``.  Blank cells are absent from
``values`` and listed in ``blanks``; they occur only where real reports leave
them (see :data:`BLANK_KINDS`).

:func:`render` writes a model as report text in one layout (see
:data:`LAYOUTS`) with realistic noise drawn by hypothesis (:func:`noises`).
:func:`expected_cells` and :func:`ambiguous_rows` say what the parser must
read from that text under its placement rules: numbers go where the text
decides it, and a partially blank row that the layout cannot place is a
``row.ambiguous`` finding with no cell.

Labels and columns come from ``gkparse._schema`` (the library's own data
dictionary), so these tests follow the label tables the parser documents.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Final

from hypothesis import strategies as st

from tests import schema as _schema

Value = int | Decimal

LAYOUTS: Final = ("lines", "tabs", "pipes_cells", "pipes_rows", "pipes_open")
"""lines: one cell per line (seed 000); tabs: one row per line, cells split by tabs (seeds 001, 003);
pipes_cells: one cell per line ended by ' |', empties collected as bare runs after the row (seed 004);
pipes_rows: a whole row per line, 'label | 0 | 0 |', empties as '| |' (dev19_06, dev21_03);
pipes_open: one cell per line, every row opened by a bare '|', an empty cell a bare '|' in place (dev21_02)."""

POSITIONAL: Final = frozenset({"tabs", "pipes_rows", "pipes_open"})
"""Layouts that keep empty cells in place, so positions can decide a partially blank row."""

BLANK_KINDS: Final = ("carried_forward", "carried_over", "only_total", "review", "fees", "active_cell")
"""Where real reports leave cells blank:

* carried_forward / carried_over: that requests row left wholly blank;
* only_total: the requests table gives only the 总计 column (seed 001);
* review: the appeals 行政复议 row left blank (seed 003: the first five of the 15 cells);
* fees: the active 行政事业性收费 row left blank;
* active_cell: one cell of a multi-column active row left blank (dev21_02's 规章 现行有效件数).
"""

MONEY_KEYS: Final = frozenset(k.key for k in _schema.all_keys() if k.money)
APPEAL_ROWS: Final = ("review", "litigation_direct", "litigation_after_review")
APPLICANTS: Final = _schema.REQUEST_COLUMNS[:-1]
FLAT_KEYS: Final = tuple(f"appeals.{r}.*" for r in APPEAL_ROWS)

_KEYSPECS: Final = {k.key: k for k in _schema.all_keys()}
_SIGNED: Final = _schema.SIGNED_COLUMNS


# ====================================================================== the model


@dataclasses.dataclass(frozen=True)
class ReportModel:
    """What a careful reader takes from one report."""

    template: str
    year: int
    organ: str
    values: Mapping[str, Value]
    """Every printed cell: ``TABLE.ROW.COL`` → int (counts) or Decimal yuan (money)."""
    blanks: frozenset[str]
    """The cells of the template left blank (absent, not zero)."""
    blank_kinds: tuple[str, ...] = ()

    def keys(self) -> tuple[str, ...]:
        """Every cell key of the template, in table order."""
        return tuple(
            f"{t}.{r.key}.{c}" for t in _schema.TABLES for r in _schema.rows_of(t, self.template) for c in r.columns
        )

    def __repr__(self) -> str:
        """Compact, for hypothesis' falsifying examples: cells not named are 0, blank rows end in '.*'."""
        nonzero = {k: x for k, x in self.values.items() if x != 0}
        rows: dict[str, list[str]] = {}
        for k in sorted(self.blanks):
            rows.setdefault(k.rsplit(".", 1)[0], []).append(k)
        blank: list[str] = []
        for row, keys in rows.items():
            table, name = row.split(".", 1)
            spec = _schema.row_spec(table, name, self.template)
            whole = spec is not None and len(keys) == len(spec.columns)
            blank += [f"{row}.*"] if whole else keys
        return (
            f"ReportModel(template={self.template!r}, year={self.year}, organ={self.organ!r}, "
            f"blank_kinds={self.blank_kinds!r}, blank={blank!r}, nonzero={nonzero!r})"
        )

    def with_value(self, key: str, value: Value) -> ReportModel:
        """The same model with one printed cell changed (for mutation tests)."""
        assert key in self.values
        return dataclasses.replace(self, values={**self.values, key: value})


ORGANS: Final = (
    "莲花镇人民政府",
    "金城镇人民政府",
    "两城镇人民政府",
    "兑镇镇人民政府",
    "石台县人民政府办公室",
    "汉阳区政府办公室",
    "某某县商务局",
    "某某市生态环境局",
    "某某街道办事处",
)


def _count(zeros: int = 4) -> st.SearchStrategy[int]:
    """A count as reports print them: mostly 0 or small (0..50), now and then large (1234)."""

    def tier(t: int) -> st.SearchStrategy[int]:
        if t < zeros:
            return st.just(0)
        if t < zeros + 6:
            return st.integers(0, 9)
        if t < zeros + 9:
            return st.integers(0, 50)
        return st.sampled_from((120, 138, 314, 1234, 1517))

    return st.integers(0, zeros + 9).flatmap(tier)


def _money() -> st.SearchStrategy[Decimal]:
    """An amount in yuan: 0, whole 万元 with cents of 万元, or any whole yuan."""
    return st.one_of(
        st.just(Decimal(0)),
        st.integers(1, 50_000).map(lambda k: Decimal(k * 100)),
        st.integers(1, 99_999_999).map(Decimal),
    )


@st.composite
def reports(
    draw: st.DrawFn,
    template: str | None = None,
    *,
    full: bool = False,
    kinds: tuple[str, ...] | None = None,
    scattered: bool = False,
) -> ReportModel:
    """A valid report model: every invariant of invariants.md holds on its numbers.

    Args:
        template: "2019" or "2021"; None draws one.
        full: no blank cell at all (for mutation tests).
        kinds: the blank kinds to draw from (default :data:`BLANK_KINDS`).
        scattered: also leave up to 30 cells anywhere blank (a blank where a 0 belongs).  Such rows are
            only for the never-wrong property: :func:`expected_cells` does not judge them.  A requests
            row never keeps a lone value other than its 总计, which the parser reads as the 总计 by rule.
    """
    tpl = template or draw(st.sampled_from(_schema.TEMPLATES))
    year = draw(st.sampled_from((2019, 2020) if tpl == "2019" else (2021, 2022, 2023, 2024, 2025)))
    organ = draw(st.sampled_from(ORGANS))
    v: dict[str, Value] = {}

    # ---- active
    for spec in _schema.rows_of("active", tpl):
        base = f"active.{spec.key}"
        cols = spec.columns
        if "total_published" in cols:  # template 2019: published <= total_published
            total = draw(_count())
            v[f"{base}.made"] = draw(_count())
            v[f"{base}.published"] = draw(st.integers(0, total))
            v[f"{base}.total_published"] = total
            continue
        for c in cols:
            key = f"{base}.{c}"
            if _schema.is_money(spec.key, c):
                v[key] = draw(_money())
            elif c in _SIGNED:
                prior = int(v.get(f"{base}.prior_items", 0))
                v[key] = draw(st.integers(-prior, 20))
            else:
                v[key] = draw(_count())

    # ---- requests: per applicant column, results sum to total; flow holds
    result_rows = [
        r.key
        for r in _schema.rows_of("requests", tpl)
        if r.key not in ("new", "carried_over", "total", "carried_forward")
    ]
    for c in APPLICANTS:
        total = 0
        for r in result_rows:
            n = draw(_count(zeros=12))
            v[f"requests.{r}.{c}"] = n
            total += n
        cf = draw(_count(zeros=8))
        co = draw(st.integers(0, total + cf))
        v[f"requests.total.{c}"] = total
        v[f"requests.carried_forward.{c}"] = cf
        v[f"requests.carried_over.{c}"] = co
        v[f"requests.new.{c}"] = total + cf - co
    for spec in _schema.rows_of("requests", tpl):
        v[f"requests.{spec.key}.total"] = sum(int(v[f"requests.{spec.key}.{c}"]) for c in APPLICANTS)

    # ---- appeals: total = upheld + corrected + other + pending
    for r in APPEAL_ROWS:
        parts = [draw(st.one_of(st.just(0), st.integers(0, 9))) for _ in range(4)]
        for c, n in zip(_schema.APPEAL_COLUMNS[:4], parts, strict=True):
            v[f"appeals.{r}.{c}"] = n
        v[f"appeals.{r}.total"] = sum(parts)

    # ---- blanks, only where real reports have them
    blanks: set[str] = set()
    chosen: tuple[str, ...] = ()
    if not full:
        pool = BLANK_KINDS if kinds is None else kinds
        chosen = tuple(sorted(draw(st.sets(st.sampled_from(pool), max_size=len(pool))))) if pool else ()
        for kind in chosen:
            if kind in ("carried_forward", "carried_over"):
                blanks |= {f"requests.{kind}.{c}" for c in _schema.REQUEST_COLUMNS}
            elif kind == "only_total":
                blanks |= {f"requests.{r.key}.{c}" for r in _schema.rows_of("requests", tpl) for c in APPLICANTS}
            elif kind == "review":
                blanks |= {f"appeals.review.{c}" for c in _schema.APPEAL_COLUMNS}
            elif kind == "fees":
                spec = _schema.row_spec("active", "fees", tpl)
                assert spec is not None
                blanks |= {f"active.fees.{c}" for c in spec.columns}
            elif kind == "active_cell":
                multi = [r for r in _schema.rows_of("active", tpl) if len(r.columns) > 1]
                spec = draw(st.sampled_from(multi))
                col = draw(st.sampled_from(spec.columns))
                blanks.add(f"active.{spec.key}.{col}")
        if scattered:
            every = [k for k in v if k not in blanks]
            blanks |= draw(st.sets(st.sampled_from(every), max_size=30))
            for spec in _schema.rows_of("requests", tpl):
                printed = [c for c in _schema.REQUEST_COLUMNS if f"requests.{spec.key}.{c}" not in blanks]
                if len(printed) == 1 and printed[0] != "total":
                    blanks.discard(f"requests.{spec.key}.total")
            chosen += ("scattered",)
    values = {k: x for k, x in v.items() if k not in blanks}
    return ReportModel(tpl, year, organ, values, frozenset(blanks), chosen)


def full_reports(template: str | None = None) -> st.SearchStrategy[ReportModel]:
    """Valid models with every cell printed (no blank anywhere)."""
    return reports(template, full=True)


# ====================================================================== what the parser must read


def _table_rows(template: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(t, r.key, r.columns) for t in ("active", "requests") for r in _schema.rows_of(t, template)]


def _placement(model: ReportModel, layout: str) -> tuple[dict[str, Value], set[str]]:
    """(cells the parser must return, row keys it must call ambiguous) for a layout."""
    cells: dict[str, Value] = {}
    ambiguous: set[str] = set()
    for table, row, cols in _table_rows(model.template):
        keys = [f"{table}.{row}.{c}" for c in cols]
        printed = [k for k in keys if k in model.values]
        if not printed:
            continue  # a wholly blank row: no cell, no finding
        if len(printed) == len(keys):
            cells.update({k: model.values[k] for k in keys})
            continue
        # partially blank: only in-place layouts decide, by position or as a lone 总计
        if table == "requests" and printed != [f"requests.{row}.total"]:
            raise AssertionError(f"the generator made a partial requests row it does not know how to judge: {row}")
        if layout in POSITIONAL:
            cells.update({k: model.values[k] for k in printed})
        else:
            ambiguous.add(f"{table}.{row}.*")
    # appeals: the 15 values in one row after the headers
    keys = [f"appeals.{r}.{c}" for r in APPEAL_ROWS for c in _schema.APPEAL_COLUMNS]
    printed = [k for k in keys if k in model.values]
    if len(printed) == len(keys):
        cells.update({k: model.values[k] for k in keys})
    elif printed:
        assert all(k.startswith("appeals.review.") for k in keys if k not in model.values)
        if layout == "tabs":  # a 15-cell tab row whose first five cells are empty: read by position
            cells.update({k: model.values[k] for k in printed})
        else:
            ambiguous.update(FLAT_KEYS)
    return cells, ambiguous


def expected_cells(model: ReportModel, layout: str) -> dict[str, Value]:
    """The cells gkparse must return for ``render(model, layout, …)``: key → value."""
    return _placement(model, layout)[0]


def ambiguous_rows(model: ReportModel, layout: str) -> set[str]:
    """The row keys (``TABLE.ROW.*``) that must get a ``row.ambiguous`` finding in that layout."""
    return _placement(model, layout)[1]


# ====================================================================== noise


@dataclasses.dataclass(frozen=True)
class Noise:
    """How a report's text departs from the plain template (each switch drawn by hypothesis)."""

    title: str  # "plain" | "spaced" | "markdown" | "intro" (no title line; the year in the opening sentence)
    prose: bool  # paragraphs before, between and after the tables
    narrative: bool  # a sentence stating the number of new requests (the right one)
    note: bool  # the 勾稽 note in the requests header
    brackets: str  # "full" （一） | "half" (一) | "mixed"
    spaced: bool  # spaces inside some labels: "结 果 维 持", "(一) 予以公开"
    heji: bool  # 合计 for 总计 in the column headers
    page_break: int | None  # requests row index after which a page break repeats the header
    money_header: str  # unit in the money column header: "none" | "wan" | "yuan"
    money_cell: str  # unit in the money cell: "never" (unless needed) | "sometimes" | "always"
    split_headers: bool  # header cells broken: "本年新\n制作数量" (lines), "本年新 制作数量" (cells)
    blank_lines: bool  # blank lines between cells (lines layout)
    indent: bool  # leading / trailing spaces, a no-break space after numbers
    trailing: bool  # trailing empty cells / filler pipes after complete rows; seed 001's shifted lone 总计 (tabs)
    inline: bool  # lines layout: some rows as PDF text, label and values on one line ("规章 0 0 0")
    md_rows: bool  # pipes_rows: markdown rows "| 行政许可 | 30 | -2 | 422 |" and "|---|---|" rules
    split_labels: str  # group heading and row label: "join" in one cell | "split" in two | "mixed"
    thousands: bool  # 1,234
    plus_sign: bool  # +2 in 本年增/减
    markdown: bool  # markdown headings around the tables (## 二、…, **…**)
    signature: bool  # organ and date at the end
    footnotes: bool  # footnote marks after some counts: "5²", "3①" (never digits of the count)
    rnd: random.Random

    def __repr__(self) -> str:  # keep hypothesis' falsifying-example output readable
        fields = [f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(self) if f.name != "rnd"]
        return f"Noise({', '.join(fields)})"


def noises(*, plain: bool = False) -> st.SearchStrategy[Noise]:
    """Noise switches; ``plain=True`` gives the template's own wording with no noise."""
    if plain:
        return st.builds(
            Noise,
            title=st.just("plain"),
            prose=st.just(False),
            narrative=st.just(False),
            note=st.just(False),
            brackets=st.just("full"),
            spaced=st.just(False),
            heji=st.just(False),
            page_break=st.none(),
            money_header=st.just("wan"),
            money_cell=st.just("never"),
            split_headers=st.just(False),
            blank_lines=st.just(False),
            indent=st.just(False),
            trailing=st.just(False),
            inline=st.just(False),
            md_rows=st.just(False),
            split_labels=st.just("join"),
            thousands=st.just(False),
            plus_sign=st.just(False),
            markdown=st.just(False),
            signature=st.just(False),
            footnotes=st.just(False),
            rnd=st.randoms(use_true_random=False),
        )
    return st.builds(
        Noise,
        title=st.sampled_from(("plain", "spaced", "markdown", "intro")),
        prose=st.booleans(),
        narrative=st.booleans(),
        note=st.booleans(),
        brackets=st.sampled_from(("full", "half", "mixed")),
        spaced=st.booleans(),
        heji=st.booleans(),
        page_break=st.none() | st.integers(1, 24),
        money_header=st.sampled_from(("none", "wan", "yuan")),
        money_cell=st.sampled_from(("never", "sometimes", "always")),
        split_headers=st.booleans(),
        blank_lines=st.booleans(),
        indent=st.booleans(),
        trailing=st.booleans(),
        inline=st.booleans(),
        md_rows=st.booleans(),
        split_labels=st.sampled_from(("join", "split", "mixed")),
        thousands=st.booleans(),
        plus_sign=st.booleans(),
        markdown=st.booleans(),
        signature=st.booleans(),
        footnotes=st.booleans(),
        rnd=st.randoms(use_true_random=False),
    )


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
        self.out.append(
            _Text(f"根据《中华人民共和国政府信息公开条例》的规定，现将{m.year}年度政府信息公开工作情况报告如下：")
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
                text = _KEYSPECS[f"active.{rows[0][0].key}.{c}"].col_label
                if tpl == "2021" and c == "decisions":
                    text = "本年" + text  # the 2021 template prints 本年处理决定数量
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
        return base + ("（单位：万元）" if unit == "万元" else "（单位：元）")

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


# ====================================================================== layouts


_SPLITTABLE: Final = re.compile(r"^(本年新|本年|上一年|对外公开|采购|现行|法律服|社会公|尚未|结果|未经复议)(.+)$")


class _Writer:
    """Serialises the document in one layout."""

    def __init__(self, layout: str, noise: Noise) -> None:
        self.layout = layout
        self.n = noise
        self.rnd = noise.rnd
        self.out: list[str] = []

    def chance(self, on: bool, p: float = 0.3) -> bool:
        return on and self.rnd.random() < p

    def emit(self, line: str) -> None:
        self.out.append(line)
        if self.layout == "lines" and self.chance(self.n.blank_lines, 0.5):
            self.out.append(self.rnd.choice(("", "  ")))

    def pad(self, cell: str, *, number: bool = False) -> str:
        """Leading/trailing white space around one cell (one-cell-per-line layouts)."""
        if not self.n.indent:
            return cell
        lead = self.rnd.choice(("", "    ", "      "))
        trail = self.rnd.choice(("", " ", "\u00a0")) if number else self.rnd.choice(("", " "))
        return lead + cell + trail

    def split_header(self, cell: str) -> list[str]:
        m = _SPLITTABLE.match(cell)
        if m is None or not self.chance(self.n.split_headers, 0.5):
            return [cell]
        if self.layout == "lines":
            return [m.group(1), m.group(2)]
        return [f"{m.group(1)} {m.group(2)}"]

    def write(self, doc: list[_Elem]) -> str:
        table = {
            "lines": self.lines,
            "tabs": self.tabs,
            "pipes_cells": self.pipes_cells,
            "pipes_rows": self.pipes_rows,
            "pipes_open": self.pipes_open,
        }[self.layout]
        for e in doc:
            if isinstance(e, _Text):
                self.emit(e.text)
            else:
                table(e)
        return "\n".join(self.out) + "\n"

    # ------------------------------------------------------------ lines

    def lines(self, e: _Header | _Data | _Flat) -> None:
        if isinstance(e, _Header):
            for c in e.cells:
                if c is not None:
                    for part in self.split_header(c):
                        self.emit(self.pad(part))
            return
        labels = [c for c in e.labels if c is not None] if isinstance(e, _Data) else []
        values = [x for x in e.values if x is not None]
        if self.chance(self.n.inline, 0.3):  # text from a PDF viewer: the row on one line
            self.emit(self.pad(" ".join(labels + values), number=True))
            return
        for c in labels:
            self.emit(self.pad(c))
        for x in values:
            self.emit(self.pad(x, number=True))

    # ------------------------------------------------------------ tabs

    def tabs(self, e: _Header | _Data | _Flat) -> None:
        if isinstance(e, _Header):
            cells = ["" if c is None else " ".join(self.split_header(c)) for c in e.cells]
            self.emit("\t".join(cells))
            return
        values = ["" if x is None else x for x in e.values]
        if isinstance(e, _Flat):
            self.emit("\t".join(values))
            return
        labels = ["" if c is None else c for c in e.labels]
        line = "\t".join(labels + values)
        if all(x is not None for x in e.values) and self.chance(self.n.trailing, 0.5):
            line += "\t"  # seed 003: complete rows end in an empty cell
        elif self.only_total(e) and self.chance(self.n.trailing, 0.5):
            # seed 001: the lone 总计 after the empties, then empty cells; with a label in several cells,
            # merged cells leave one empty fewer before it ("一、\t本年\t新收…\t\t\t\t\t\t0\t\t")
            before = self.rnd.choice((5, 6)) if sum(1 for c in e.labels if c) >= 2 else 6
            after = self.rnd.choice((1, 2)) if before == 6 else 2
            line = "\t".join(labels + [""] * before + values[-1:] + [""] * after)
        self.emit(line)

    @staticmethod
    def only_total(e: _Data) -> bool:
        return (
            len(e.values) == len(_schema.REQUEST_COLUMNS)
            and all(x is None for x in e.values[:-1])
            and bool(e.values[-1])
        )

    # ------------------------------------------------------------ pipes, one cell per line, empties after

    def pipes_cells(self, e: _Header | _Data | _Flat) -> None:
        if isinstance(e, _Header):
            for c in e.cells:
                if c is not None:
                    for part in self.split_header(c):
                        self.emit(self.pad(part) + " |")
            if e.filler >= 2:
                self.emit("|" * e.filler)
            return
        if isinstance(e, _Data):
            for c in e.labels:
                if c is not None:
                    self.emit(self.pad(c) + " |")
        for x in e.values:
            if x is not None:
                self.emit(self.pad(x, number=True) + " |")
        blank = sum(1 for x in e.values if x is None)
        if blank:
            self.emit("|" * blank)  # the row's empty cells, collected after it
        elif self.chance(self.n.trailing, 0.5):
            self.emit("||")

    # ------------------------------------------------------------ pipes, whole row per line

    def pipes_rows(self, e: _Header | _Data | _Flat) -> None:
        md = "| " if self.n.md_rows else ""
        if isinstance(e, _Header):
            cells = [" ".join(self.split_header(c)) for c in e.cells if c is not None]
            self.emit(md + " | ".join(cells) + " |" + (" " + "|" * e.filler if e.filler else ""))
            if md and not e.filler:
                self.emit("|" + "---|" * len(cells))
            return
        labels = [c for c in e.labels if c is not None] if isinstance(e, _Data) else []
        values = ["" if x is None else x for x in e.values]
        line = md + " | ".join(labels + values) + " |"
        if all(x is not None for x in e.values) and self.chance(self.n.trailing, 0.5):
            line += " ||"
        self.emit(line)

    # ------------------------------------------------------------ pipes, rows opened by a bare pipe

    def pipes_open(self, e: _Header | _Data | _Flat) -> None:
        self.emit("|")
        if isinstance(e, _Header):
            cells = [c for c in e.cells if c is not None]
            for i, c in enumerate(cells):
                for part in self.split_header(c):
                    suffix = " | " + "|" * e.filler if (i == 0 and e.filler) else " |"
                    self.emit(part + suffix)
            return
        if isinstance(e, _Data):
            for c in e.labels:
                if c is not None:
                    self.emit(c + " |")
        for x in e.values:
            self.emit("|" if x is None else x + " |")


def render(model: ReportModel, layout: str, noise: Noise) -> str:
    """The report text of a model in one layout, with noise; it ends with the closing prose and a newline."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    return _Writer(layout, noise).write(_Doc(model, noise).build())


@st.composite
def rendered(
    draw: st.DrawFn,
    models: st.SearchStrategy[ReportModel] | None = None,
    layouts: tuple[str, ...] = LAYOUTS,
    noise: st.SearchStrategy[Noise] | None = None,
) -> tuple[ReportModel, str, str]:
    """(model, layout, text) for a drawn model, layout and noise."""
    model = draw(reports() if models is None else models)
    layout = draw(st.sampled_from(layouts))
    text = render(model, layout, draw(noises() if noise is None else noise))
    return model, layout, text
