"""Noise: the switches of realistic variation a rendered report is drawn with."""

from __future__ import annotations

import dataclasses
import random

from hypothesis import strategies as st

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
        title=st.sampled_from(("plain", "spaced", "markdown", "intro", "chinese")),
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
