"""Layouts: a layout-free document written as text in one of the layouts gkparse reads."""

from __future__ import annotations

import re
from typing import Final

from hypothesis import strategies as st

from tests import schema as _schema
from tests.strategies.document import _Data, _Doc, _Elem, _Flat, _Header, _Text
from tests.strategies.models import LAYOUTS, ReportModel, reports
from tests.strategies.noise import Noise, noises

# ====================================================================== layouts


_SPLITTABLE: Final = re.compile(r"^(本年新|本年|上一年|对外公开|采购|现行|法律服|社会公|尚未|结果|未经复议)(.+)$")


_JOINED_GROUP: Final = re.compile(r"^\s*[（(]\s*[一二三四五六七]\s*[）)].*\d\s*[.、]|^三\s*、.*[（(]")


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
        if self.layout in ("lines", "lines_blank"):
            return [m.group(1), m.group(2)]
        return [f"{m.group(1)} {m.group(2)}"]

    def write(self, doc: list[_Elem]) -> str:
        table = {
            "lines": self.lines,
            "tabs": self.tabs,
            "pipes_cells": self.pipes_cells,
            "pipes_rows": self.pipes_rows,
            "pipes_open": self.pipes_open,
            "pipes_inplace": self.pipes_inplace,
            "pdf_text": self.pdf_text,
            "lines_blank": self.lines_blank,
        }[self.layout]
        for e in doc:
            if isinstance(e, _Text):
                self.emit(e.text)
                if self.layout == "lines_blank":
                    self.out.append("")
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

    # ------------------------------------------------------------ pipes, one cell per line, empties in place

    def pipes_inplace(self, e: _Header | _Data | _Flat) -> None:
        if isinstance(e, _Header):
            self.pipes_cells(e)
            return
        if isinstance(e, _Data):
            for c in e.labels:
                if c is not None:
                    self.emit(self.pad(c) + " |")
        values = list(e.values)
        i = 0
        while i < len(values):
            x = values[i]
            if x is not None:
                self.emit(self.pad(x, number=True) + " |")
                i += 1
                continue
            j = i
            while j < len(values) and values[j] is None:
                j += 1
            if j - i > 1 and self.chance(self.n.trailing, 0.5):
                self.emit("|" * (j - i))  # consecutive empties as one run (convention 2)
            else:
                for _ in range(j - i):
                    self.emit("|")  # each empty a bare pipe in place (convention 3)
            i = j
        self.emit("||")  # the filler that closes every row (tjj2023_frag)

    # ------------------------------------------------------------ one cell per line, blank lines between

    def lines_blank(self, e: _Header | _Data | _Flat) -> None:
        """Every printed cell followed by a blank line, every empty cell one more newline (issue 10,
        convention 4: ``56⏎⏎2⏎⏎⏎⏎1⏎⏎⏎59``); a label cell left empty by a merged group cell is not printed."""
        if isinstance(e, _Header):
            cells: list[str | None] = []
            for c in e.cells:
                cells += [None] if c is None else self.split_header(c)
        else:
            labels = [c for c in e.labels if c is not None] if isinstance(e, _Data) else []
            cells = [*labels, *e.values]
        for c in cells:
            if c is None:
                self.out.append("")
            else:
                self.out += [self.pad(c, number=c[:1].isdigit()), ""]

    # ------------------------------------------------------------ text extracted from a PDF

    def pdf_text(self, e: _Header | _Data | _Flat) -> None:
        if isinstance(e, _Header):
            cells = [c for c in e.cells if c is not None]
            if len(cells) >= 5 and self.chance(self.n.split_headers, 0.5):  # narrow columns: a character a line
                for k in range(max(map(len, cells), default=0)):
                    self.emit(" ".join(c[k] for c in cells if len(c) > k))
            elif len(cells) >= 3 and self.chance(self.n.split_headers, 0.5):  # each broken over two lines
                self.emit(" ".join(c[: (len(c) + 1) // 2] for c in cells))
                self.emit(" ".join(c[(len(c) + 1) // 2 :] for c in cells if len(c) > 1))
            else:
                self.emit(" ".join(cells))
            return
        values = " ".join(x for x in e.values if x is not None)
        if isinstance(e, _Flat):
            self.emit(values)
            return
        labels = [c for c in e.labels if c is not None]
        *groups, label = labels
        glued = ""
        for g in groups:  # a group cell's label printed one character per line (narrow merged column)
            cut = g.index(")") + 1 if ")" in g[:4] else 2  # the enumerator stays on one line: "(三)", "三、"
            chars = [c for c in (g[:cut], *g[cut:]) if c.strip()]
            if self.chance(self.n.spaced, 0.5):
                glued = chars.pop() + " "  # its last character lands on the row's line
            for c in chars:
                self.emit(c)
        joined = _JOINED_GROUP.match(label) is not None  # "（三）不予公开1.属于…": two cells of the table in one
        if len(label) >= 12 and not joined and self.chance(self.n.split_labels != "join", 0.5):
            k = self.rnd.randint(6, len(label) - 3)  # a long label wraps around its numbers
            self.emit(glued + label[:k])
            self.emit(values)
            self.emit(label[k:])
            return
        self.emit(f"{glued}{label} {values}".rstrip())


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
