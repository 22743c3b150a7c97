"""The document: a report's text decoded and normalised once, split into lines and layout blocks.

Every later step reads the `Document` — the layout readers its blocks,
the metadata and narrative checks its normalised text — so nothing re-reads
or re-normalises the raw input.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Final

from gkparse._read.text import nfkc, to_simplified
from gkparse.errors import DecodeError

_MASK: Final = bytes.maketrans(b"123456789", b"000000000")
_ENTITY_RE: Final = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_RULE_PART_RE: Final = re.compile(r"\s*:?-{3,}:?\s*")


def decode(data: bytes, *, source: str | None = None) -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK).

    A few stray NUL bytes (under 1 % of the text) are kept, as [`parse`][gkparse.parse]
    keeps them; more mean binary data or UTF-16 without a BOM.

    Raises:
        DecodeError: the bytes are none of these, or are NUL-rich (not a text file).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "gb18030")
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if text.count("\x00") * 100 > len(text):  # NUL-rich: binary, or UTF-16 without a BOM
            break
        return text  # a stray NUL is kept, so parse_file(path) reads what parse(text) reads
    raise DecodeError(source=source)


def resolve_entities(raw: str) -> str:
    """A line with HTML entities resolved (&nbsp; is white space); "" when only white space is left."""
    line = raw
    if "&" in line:
        line = _ENTITY_RE.sub(lambda m: html.unescape(m.group()), line)
    return line if line.strip() else ""


def is_rule(line: str) -> bool:
    """True for a markdown table rule ("|---|:---:|"): it carries no cell (linear time)."""
    parts = line.strip().split("|")
    if len(parts) > 1 and not parts[0]:
        parts = parts[1:]
    if len(parts) > 1 and not parts[-1].strip():
        parts = parts[:-1]
    return all(_RULE_PART_RE.fullmatch(p) is not None for p in parts)


class Document:
    """A report's text, read once (see module docstring).

    Attributes:
        source: where the text came from.
        text: the text with line ends unified and no byte-order mark.
        lines: ``text`` split into lines (line ``n`` is ``lines[n - 1]``).
        cut: the text ends inside a cell: no white space or separator (| or tab) after its last character.
        open_end: the text ends without a line end, as a cut-off page does.
    """

    def __init__(self, text: str, *, source: str | None = None) -> None:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.source = source
        self.text = text.lstrip("\ufeff")
        self.lines = self.text.split("\n")
        self.cut = bool(self.text) and not self.text[-1].isspace() and self.text[-1] not in "|\t"
        self.open_end = bool(self.text) and not self.text.rstrip(" \t\u3000").endswith("\n")

    @functools.cached_property
    def normalised(self) -> str:
        """The whole text NFKC-folded and simplified, as the metadata and narrative checks read it."""
        return to_simplified(nfkc(self.text))

    @functools.cached_property
    def masked_lines(self) -> list[str]:
        """The lines with every ASCII digit written as 0: the key under which a line's *shape* is cached.

        Whether a cell is a number, a placeholder or a label, and which row
        form a line takes, never depends on which digits are printed.
        """
        return self.text.encode("utf-8", "surrogatepass").translate(_MASK).decode("utf-8", "surrogatepass").split("\n")
