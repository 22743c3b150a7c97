"""Stage 3b, lines → tables without rules (placeholder: prose lines, as before)."""

from __future__ import annotations

from typing import NamedTuple

from gkparse._read.formats.content import DocTable
from gkparse._read.formats.pdf.lines import Line
from gkparse._read.formats.pdf.settings import PdfSettings
from gkparse._read.text import read_number

__all__ = ["Line", "Unruled", "read"]


class Unruled(NamedTuple):
    prose: list[Line]
    tables: list[tuple[float, DocTable]]


def read(lines: list[Line], page_no: int, settings: PdfSettings) -> tuple[Unruled, list[tuple[str, str]]]:
    numeric = sum(1 for ln in lines if sum(1 for w in ln.words if read_number(w.text) is not None) >= 3)
    findings = []
    if numeric >= 2:
        findings.append(
            ("document.unruled_table", f"page {page_no}: a table without ruling lines was read as text lines")
        )
    return Unruled(lines, []), findings
