"""The finding codes of the document readers and of the text as read: cut short, lines too long (see
`gkparse._findings` for the catalogue)."""

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
CUT_VALUE: Final = Code(
    "text.cut_value",
    "info",
    "The text ends right after a number, which may be cut short ('42' of '422'): it is not read.",
    "the text ends in the middle of a table: the last number '{raw}' may be cut short and was not read",
    "第二十条第(五)项 | |||\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n| 行政许可 | 30 | -2 | 42",
)
CUT_VALUE_CHECKED: Final = Code(
    "text.cut_value_checked",
    "info",
    "The text ends right after a number, which may have been cut short; it is read because a relation of "
    "the template holds as printed with it (a row's parts sum to it) and none with it breaks.",
    "the text ends right after '{raw}': read, because {relations} holds with it",
    "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1",
)
LONG_LINE: Final = Code(
    "text.long_line",
    "warning",
    "A line longer than any table row can be (100,000 characters): prose or junk, skipped unread.",
    "line of {length} characters is longer than any table row ({limit}): skipped",
)
CODES: Final = (
    CUT_VALUE,
    CUT_VALUE_CHECKED,
    LONG_LINE,
    DOC_NO_TEXT,
    DOC_NO_TABLE,
    DOC_UNRULED,
    DOC_UNALIGNED,
    DOC_CHARSET,
)


def document_code(code: str) -> Code:
    """The catalogue entry of a finding a document reader reports."""
    from gkparse._findings_ocr import DOCUMENT_CODES

    for c in (*CODES, *DOCUMENT_CODES):
        if c.code == code:
            return c
    raise KeyError(f"no document finding code {code!r}")
