"""The finding codes of reading scanned pages by OCR (see `gkparse._findings` for the catalogue)."""

from __future__ import annotations

from typing import Final

from gkparse._findings import Code

OCR_READ: Final = Code(
    "ocr.read",
    "info",
    "Some cells were read by OCR from scanned pages: how many, how many were accepted (checked by the "
    "template's relations, or by confidence alone where no relation covers them) and how many withheld.",
    "{n} cell(s) read by OCR: {accepted} accepted ({checked} checked by the relations, {alone} by confidence "
    "alone), {withheld} withheld",
)
OCR_WITHHELD: Final = Code(
    "ocr.withheld",
    "warning",
    "A number read by OCR was not emitted: its confidence is low, it breaks a relation the rest of the table "
    "satisfies, or a broken relation could not be blamed on one cell. The message shows what the engine saw.",
    "{key}: the engine saw {raw!r} (confidence {confidence:.2f}) on page {page}, box {box}: {reason}; not read",
)
OCR_UNCHECKED: Final = Code(
    "ocr.unchecked",
    "info",
    "Numbers read by OCR that no relation of the template covers were accepted on the engine's confidence "
    "alone (at least the stricter threshold): listed so a user who needs certainty can look at them.",
    "{n} cell(s) read by OCR are covered by no relation and were accepted on confidence alone: {cells}",
)
OCR_RELATIONS_USED: Final = Code(
    "ocr.relations_used",
    "info",
    "The template's relations were used to accept numbers read by OCR, so that they hold is no evidence "
    "that the report's own arithmetic is sound.",
    "the relations of {tables} were used to accept numbers read by OCR: that they hold does not show the "
    "report's arithmetic is sound",
)
OCR_UNREAD: Final = Code(
    "ocr.unread",
    "warning",
    "A cell of a scanned table whose text is neither a number, a placeholder nor a label: it is not read. "
    "The message shows what the engine saw, its page and box.",
    "{message}",
)
OCR_PROSE: Final = Code(
    "ocr.prose_unread",
    "info",
    "Prose of scanned pages not read: lines read with low confidence, and the pages after the first that "
    "hold no table (OCR time goes to the tables; the title and year come from the first page).",
    "{message}",
)
OCR_CAPPED: Final = Code(
    "ocr.capped",
    "warning",
    "A scan beyond the bounds of OCR: a page of more than 40 megapixels is read scaled down, and at most "
    "60 pages of a file are read.",
    "{message}",
)
OCR_IMAGE_TABLE: Final = Code(
    "ocr.image_table",
    "warning",
    "An HTML page shows an image (a screenshot of a table?) that gkparse cannot read: it is not a local "
    "file beside the page, or the ocr extra is not installed. gkparse does not download.",
    "{message}",
)
OCR_NEEDED: Final = Code(
    "ocr.needed",
    "warning",
    'Scanned pages were not read because the ocr extra is not installed: pip install "gkparse[ocr]".',
    "{message}",
)

CODES: Final = (
    OCR_READ,
    OCR_WITHHELD,
    OCR_UNCHECKED,
    OCR_RELATIONS_USED,
    OCR_UNREAD,
    OCR_PROSE,
    OCR_CAPPED,
    OCR_IMAGE_TABLE,
    OCR_NEEDED,
)
"""Every OCR finding code, in catalogue order."""
DOCUMENT_CODES: Final = (OCR_UNREAD, OCR_PROSE, OCR_CAPPED, OCR_IMAGE_TABLE, OCR_NEEDED)
"""The codes a document reader reports as ``(code, message)``."""
