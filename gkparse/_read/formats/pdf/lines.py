"""Characters → lines and words: how the PDF reader writes the text of a cell, a prose line or a row.

Characters whose tops are within `PdfSettings.line_gap` of the line's stand on one
line (chained, as pdfplumber clusters them); a line reads left to right, with a
space where the gap between two characters is wider than `PdfSettings.word_gap`
or PDFium saw a word break.  Text turned on its side (a vertical group label)
reads in its own direction: downwards, columns right to left, or upwards,
columns left to right.
"""

from __future__ import annotations

from typing import NamedTuple

from gkparse._read.formats.content import clean_cell_text
from gkparse._read.formats.pdf.extract import Char
from gkparse._read.formats.pdf.settings import PdfSettings


class Word(NamedTuple):
    """A run of characters without a space: its text and box."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


class Line(NamedTuple):
    """A line of text: its words left to right, and its box."""

    words: tuple[Word, ...]
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(w.text for w in self.words)


def cluster(chars: list[Char], settings: PdfSettings) -> list[list[Char]]:
    """The characters in lines, top to bottom, each line left to right."""
    if not chars:
        return []
    order = sorted(chars, key=lambda c: (c[1], c[0]))
    gap = settings.line_gap
    lines: list[list[Char]] = []
    line = [order[0]]
    last = order[0][1]
    for ch in order[1:]:
        top = ch[1]
        if top - last > gap:
            lines.append(line)
            line = []
        line.append(ch)
        last = top
    lines.append(line)
    for ln in lines:
        ln.sort(key=lambda c: c[0])
    return lines


def words_of(line: list[Char], settings: PdfSettings) -> tuple[Word, ...]:
    """A line's words: split at spaces and at gaps wider than `PdfSettings.word_gap`."""
    out: list[Word] = []
    gap = settings.word_gap
    run: list[Char] = []
    for ch in line:
        if ch[4].isspace():
            if run:
                out.append(_word(run))
                run = []
            continue
        if run and ch[0] - run[-1][2] > gap:
            out.append(_word(run))
            run = []
        run.append(ch)
    if run:
        out.append(_word(run))
    return tuple(out)


def _word(run: list[Char]) -> Word:
    return Word(
        "".join(c[4] for c in run),
        run[0][0],
        min(c[1] for c in run),
        max(c[2] for c in run),
        max(c[3] for c in run),
    )


def lines_of(chars: list[Char], settings: PdfSettings) -> list[Line]:
    """The characters as lines of words (lines without a word left out)."""
    out = []
    for chars_of_line in cluster(chars, settings):
        words = words_of(chars_of_line, settings)
        if words:
            out.append(Line(words, words[0].x0, min(w.top for w in words), words[-1].x1, max(w.bottom for w in words)))
    return out


def line_text(line: list[Char], settings: PdfSettings) -> str:
    """A line's characters as text, a space at each gap wider than `PdfSettings.word_gap`."""
    gap = settings.word_gap
    out: list[str] = []
    last = None
    for ch in line:
        if last is not None and ch[0] - last > gap:
            out.append(" ")
        out.append(ch[4])
        last = ch[2]
    return "".join(out)


def cell_lines(chars: list[Char], settings: PdfSettings) -> list[str]:
    """The lines of a table cell as text, top to bottom (text turned on its side: one line, in reading order)."""
    if not chars:
        return []
    if len(chars) == 1:
        return [chars[0][4]]
    turned = sum(1 for c in chars if c[5] in (1, -1))
    if turned * 2 > len(chars):
        return [_turned_text(chars)]
    tops = [c[1] for c in chars]
    if max(tops) - min(tops) <= settings.line_gap:  # one line (a number, a short label): no clustering
        return [line_text(sorted(chars, key=lambda c: c[0]), settings)]
    return [line_text(ln, settings) for ln in cluster(chars, settings)]


def cell_text(chars: list[Char], settings: PdfSettings) -> str:
    """The text of a table cell: its lines joined as `clean_cell_text` joins them."""
    return clean_cell_text("\n".join(cell_lines(chars, settings)))


def _turned_text(chars: list[Char]) -> str:
    """Text turned on its side, in reading order: downwards with columns right to left, or upwards with
    columns left to right (the direction most of its characters have)."""
    upward = sum(1 for c in chars if c[5] == -1) * 2 > len(chars)
    if upward:
        order = sorted(chars, key=lambda c: (c[0] // 4, -c[1]))
    else:
        order = sorted(chars, key=lambda c: (-(c[0] // 4), c[1]))
    return "".join(c[4] for c in order)
