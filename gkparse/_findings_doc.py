"""The finding codes of the document readers (see `gkparse._findings` for the catalogue)."""

from __future__ import annotations

from typing import Final

from gkparse._findings import Code

DOC_NO_TEXT: Final = Code(
    "document.no_text",
    "warning",
    "A document with no text to read: a scanned PDF without a text layer (OCR it first), or an empty page.",
    "{message}",
)
DOC_NO_TABLE: Final = Code(
    "document.no_table",
    "info",
    "An HTML page or Word file holds no table: only its prose is read.",
    "{message}",
)
DOC_UNRULED: Final = Code(
    "document.unruled_table",
    "info",
    "A PDF table without ruling lines: its values are placed under the header cells they stand under; "
    "when its header does not name its columns it is read as text lines (cells separated by spaces), "
    "where the positions of blank cells are not known.",
    "{message}",
)
DOC_UNALIGNED: Final = Code(
    "document.unaligned_row",
    "warning",
    "A row of a PDF table without ruling lines has a value that stands under no header cell or under two, "
    "or two values under one: none of the row's values is read.",
    "{message}",
)
DOC_CHARSET: Final = Code(
    "document.charset_mismatch",
    "warning",
    "An HTML page's declared charset does not fit it (a UTF-8 page labelled iso-8859-1 decodes to no Chinese "
    "at all; hex, base64 or UTF-16 cannot label an ASCII-readable page): the page is read as UTF-8 or GB18030.",
    "{message}",
)
CODES: Final = (DOC_NO_TEXT, DOC_NO_TABLE, DOC_UNRULED, DOC_UNALIGNED, DOC_CHARSET)


def document_code(code: str) -> Code:
    """The catalogue entry of a finding a document reader reports."""
    from gkparse._findings_ocr import DOCUMENT_CODES

    for c in (*CODES, *DOCUMENT_CODES):
        if c.code == code:
            return c
    raise KeyError(f"no document finding code {code!r}")
