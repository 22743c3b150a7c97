"""Layout step: text → cells with their source line and column.

Each line is typed by what separates its cells (tab → ``tabs``, pipe →
``pipes``, neither → ``lines``); runs of lines of one type are parsed with
that layout's Lark grammar (``grammars/*.lark``, LALR, built once per
process).  A report may mix layouts, so the choice is made per run of lines,
not per report.

The result is a flat list of :class:`RawCell`.  A cell carries a *physical
row* id when the layout kept empty cells in place (tabs, whole-row pipes,
pipe fragments that open every row with a bare ``|``): then the cell's index
in that row is meaningful.  Cells of layouts that dropped the empty cells
(one value per line; pipe fragments that collect the empties after the row)
have no physical row, and a row's values there can only be taken in order.
"""

from __future__ import annotations

import functools
import html
import importlib.resources
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final, Literal, NamedTuple

from lark import Lark, Token
from lark.exceptions import LarkError

from gkparse._normalize import MONEY_UNITS, is_label_like, is_page_furniture, norm_label, read_number
from gkparse.errors import GkparseError

Layout = Literal["lines", "tabs", "pipes"]
Kind = Literal["text", "empty", "filler"]
LAYOUTS: Final[tuple[Layout, ...]] = ("lines", "tabs", "pipes")


class RawCell(NamedTuple):
    """One cell as the layout grammar delimited it."""

    text: str
    line: int
    col: int
    layout: Layout
    kind: Kind = "text"
    prow: int | None = None
    cidx: int = 0


# ------------------------------------------------------------- grammars


def _grammar_dir() -> Path:
    """The folder of the .lark files: inside the installed package, else the source tree's."""
    try:
        packaged = importlib.resources.files("gkparse") / "grammars"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, OSError):  # pragma: no cover - defensive
        pass
    here = Path(__file__).resolve().parent.parent / "grammars"
    if here.is_dir():
        return here
    raise GkparseError("the layout grammars are missing from this installation of gkparse")


@functools.cache
def parser(layout: Layout) -> Lark:
    """The LALR parser of one layout, built once per process."""
    path = _grammar_dir() / f"{layout}.lark"
    return Lark.open(str(path), parser="lalr", lexer="contextual", maybe_placeholders=False)


_SEPARATORS: Final[dict[Layout, str]] = {"lines": "", "tabs": "\t", "pipes": "|"}
_RUNS: Final[dict[Layout, re.Pattern[str]]] = {
    "lines": re.compile(r".+"),
    "tabs": re.compile(r"[^\t]+"),
    "pipes": re.compile(r"[^|]+"),
}

# A token of a line: (terminal name, the cell's text without its closing separator, 1-based column)
LineToken = tuple[str, str, int]


@functools.lru_cache(maxsize=4096)
def _shape_tokens(layout: Layout, shape: str) -> tuple[tuple[str, int, int], ...]:
    """Lark's tokens of a line *shape*: (terminal, start, end) offsets in the shape."""
    try:
        tree = parser(layout).parse(shape + "\n")
    except LarkError as e:  # the grammars accept any text; this is a bug guard
        raise GkparseError(f"the {layout} grammar could not read a line: {e}") from None
    out: list[tuple[str, int, int]] = []
    for tok in tree.scan_values(lambda v: isinstance(v, Token)):
        assert tok.start_pos is not None
        assert tok.end_pos is not None
        out.append((tok.type, tok.start_pos, tok.end_pos))
    return tuple(out)


def line_tokens(layout: Layout, line: str) -> list[LineToken]:
    """The grammar's tokens of one line, as (terminal, text, column).

    The layout grammars delimit cells by separators only (tab, pipe, end of
    line), so a line is parsed through its *shape*: every run of other
    characters is written as one ``x``.  Lark parses each distinct shape once
    per process; the cells are then cut from the line itself.  A property
    test checks this equals a direct parse of the line.
    """
    if len(line) <= 256:
        return _line_tokens_cached(layout, line)
    return _line_tokens(layout, line)


def _line_tokens(layout: Layout, line: str) -> list[LineToken]:
    rx = _RUNS[layout]
    runs = [(m.start(), m.end()) for m in rx.finditer(line)]
    shape = rx.sub("x", line)
    seen = shape + "\n"  # what the grammar reads
    out: list[LineToken] = []
    pos = 0  # offset in the line
    k = 0  # next run
    for name, a, b in _shape_tokens(layout, shape):
        lo = pos
        run = seen[a] == "x"
        if run:
            start, end = runs[k]
            k += 1
            text = line[start:end]
            pos = end
        else:
            text = ""
        if b - a > run:
            pos += 1  # the closing separator (the newline lies past the end)
        out.append((name, text, lo + 1))
    return out


_line_tokens_cached = functools.lru_cache(maxsize=65536)(_line_tokens)


# ------------------------------------------------------------- line typing


def line_type(line: str) -> Layout:
    """The layout a single line belongs to."""
    if "\t" in line:
        return "tabs"
    if "|" in line:
        return "pipes"
    return "lines"


_MD_RULE_RE: Final = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")
_ENTITY_RE: Final = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")


def _clean_line(raw: str) -> str:
    """A line with HTML entities resolved (&nbsp; is white space) and no carriage return."""
    line = raw.replace("\r", "")
    if "&" in line:
        line = _ENTITY_RE.sub(lambda m: html.unescape(m.group()), line)
    return line if line.strip() else ""


def _blocks(text: str) -> Iterator[tuple[Layout, list[int], list[str]]]:
    """Maximal runs of non-blank lines of one type: (layout, line numbers, lines).

    Markdown table rules ("|---|---|") and page numbers ("- 3 -") carry no
    cell and are skipped, so a table cut by a page break stays one block.
    """
    cur: Layout | None = None
    nums: list[int] = []
    lines: list[str] = []
    for i, raw in enumerate(text.split("\n"), start=1):
        if not raw or raw.isspace():
            continue
        line = _clean_line(raw) if "&" in raw or "\r" in raw else raw
        if not line or ("-" in line and _MD_RULE_RE.fullmatch(line)):
            continue
        if len(line) <= 24 and is_page_furniture(line):
            continue  # a page number between rows: no cell, and it must not split a block
        t = line_type(line)
        if t != cur and lines:
            assert cur is not None
            yield cur, nums, lines
            nums, lines = [], []
        cur = t
        nums.append(i)
        lines.append(line)
    if lines and cur is not None:
        yield cur, nums, lines


class _RowIds:
    def __init__(self) -> None:
        self.n = 0

    def new(self) -> int:
        self.n += 1
        return self.n


def cells(text: str) -> list[RawCell]:
    """Every cell of the text, in reading order."""
    ids = _RowIds()
    out: list[RawCell] = []
    for layout, nums, lines in _blocks(text):
        rows = [line_tokens(layout, line) for line in lines]
        if layout == "lines":
            out.extend(_lines_cells(rows, nums))
        elif layout == "tabs":
            out.extend(_tabs_cells(rows, nums, ids))
        else:
            out.extend(_pipes_cells(rows, nums, ids))
    return out


# ------------------------------------------------------------- lines


def _split_trailing_numbers(text: str) -> tuple[str, list[str]] | None:
    """'规章 0 0 0' → ('规章', ['0', '0', '0']); None when the line is not label + numbers."""
    parts = text.split()
    if len(parts) < 2:
        return None
    nums: list[str] = []
    while parts:
        tok = parts[-1]
        if read_number(tok) is not None:
            nums.append(parts.pop())
        elif tok in MONEY_UNITS and len(parts) >= 2 and read_number(parts[-2]) is not None:
            nums.append(parts[-2] + " " + parts[-1])
            del parts[-2:]
        else:
            break
    if not nums:
        return None
    label = " ".join(parts)
    if label and not is_label_like(norm_label(label)):
        return None
    return label, nums[::-1]


def _lines_cells(rows: list[list[LineToken]], nums: list[int]) -> Iterator[RawCell]:
    for k, toks in enumerate(rows):
        if not toks:
            continue
        text = toks[0][1]
        line = nums[k]
        stripped = text.strip()
        if not stripped:
            continue
        col = len(text) - len(text.lstrip()) + 1
        split = _split_trailing_numbers(stripped)
        if split is None:
            yield RawCell(stripped, line, col, "lines")
            continue
        label, values = split
        if label:
            yield RawCell(label, line, col, "lines")
        pos = 0
        for v in values:
            pos = stripped.find(v.split()[0], pos)
            yield RawCell(v, line, col + pos, "lines")
            pos += len(v)


# ------------------------------------------------------------- tabs


def _tabs_cells(rows: list[list[LineToken]], nums: list[int], ids: _RowIds) -> Iterator[RawCell]:
    for k, toks in enumerate(rows):
        prow = ids.new()
        line = nums[k]
        for idx, (_, text, col) in enumerate(toks):
            stripped = text.strip()
            lead = len(text) - len(text.lstrip())
            kind: Kind = "text" if stripped else "empty"
            yield RawCell(stripped, line, col + lead, "tabs", kind, prow, idx)


# ------------------------------------------------------------- pipes

# A pipes line as items: ("cell", text, col) / ("empty", "", col) / ("bare", "", col)
_Item = tuple[str, str, int]


def _pipe_items(toks: list[LineToken]) -> list[_Item]:
    items: list[_Item] = []
    for name, text, col in toks:
        stripped = text.strip()
        if stripped:
            items.append(("cell", stripped, col + len(text) - len(text.lstrip())))
        elif name == "TAIL":
            continue  # nothing after the line's last pipe
        elif text:
            items.append(("empty", "", col))
        else:
            items.append(("bare", "", col))
    return items


def _shape(items: list[_Item]) -> str:
    n_cells = sum(1 for k, _, _ in items if k == "cell")
    if n_cells >= 2:
        return "row"
    if n_cells == 1:
        return "single"
    if len(items) == 1 and items[0][0] == "bare":
        return "lone"
    return "run"


def _pipes_cells(rows: list[list[LineToken]], nums: list[int], ids: _RowIds) -> Iterator[RawCell]:
    parsed: list[tuple[int, list[_Item], str]] = []
    for k, toks in enumerate(rows):
        items = _pipe_items(toks)
        parsed.append((nums[k], items, _shape(items)))
    opener_style = _opener_style(parsed)
    prow: int | None = None
    cidx = 0
    for i, (line, items, shape) in enumerate(parsed):
        if shape == "row":
            prow = ids.new()
            started = False
            for kind, text, col in items:
                if kind == "cell":
                    started = True
                    yield RawCell(text, line, col, "pipes", "text", prow, cidx)
                elif not started:
                    continue  # markdown opener "| " before the first cell
                elif kind == "empty":
                    yield RawCell("", line, col, "pipes", "empty", prow, cidx)
                else:
                    yield RawCell("", line, col, "pipes", "filler", prow, cidx)
                cidx += 1
            prow = None
            cidx = 0
            continue
        if opener_style:
            if shape == "lone":
                nxt = parsed[i + 1][2] if i + 1 < len(parsed) else ""
                if (nxt in ("single", "row") and _next_is_label(parsed[i + 1][1])) or prow is None:
                    prow, cidx = ids.new(), 0
                else:
                    yield RawCell("", line, items[0][2], "pipes", "empty", prow, cidx)
                    cidx += 1
                continue
            if shape == "single":
                if prow is None:
                    prow, cidx = ids.new(), 0
                kind, text, col = next(it for it in items if it[0] == "cell")
                yield RawCell(text, line, col, "pipes", "text", prow, cidx)
                cidx += 1
                continue
            # a run of pipes in opener style: colspan filler, out of place
            yield RawCell("", line, items[0][2], "pipes", "filler", None, 0)
            continue
        # trailer style: values in order, empties collected as fillers
        if shape == "single":
            kind, text, col = next(it for it in items if it[0] == "cell")
            yield RawCell(text, line, col, "pipes")
        else:
            yield RawCell("", line, items[0][2], "pipes", "filler")


def _next_is_label(items: list[_Item]) -> bool:
    cell = next((t for k, t, _ in items if k == "cell"), None)
    return cell is not None and read_number(cell) is None


def _opener_style(parsed: list[tuple[int, list[_Item], str]]) -> bool:
    """True when one-cell-per-line rows open with a bare '|' and empties stay in place.

    That is: no line is a run of pipes, and lone '|' lines open the label
    lines: most lone pipes stand before a label, or (in tables full of empty
    cells, where most lone pipes are empties) most label lines follow one.
    """
    if any(shape == "run" for _, _, shape in parsed):
        return False
    lone = [i for i, (_, _, shape) in enumerate(parsed) if shape == "lone"]
    labels = [i for i, (_, items, shape) in enumerate(parsed) if shape == "single" and _next_is_label(items)]
    if len(lone) < 2 or len(labels) < 2:
        return False
    opened = sum(1 for i in labels if i > 0 and parsed[i - 1][2] == "lone")
    return opened * 2 >= len(labels) or opened * 2 >= len(lone)
