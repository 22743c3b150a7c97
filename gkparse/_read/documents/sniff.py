"""Decide what kind of document some bytes are: text, HTML, PDF or Word."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Literal

from gkparse.errors import DocumentError

Kind = Literal["text", "html", "pdf", "docx"]

_HTML_START = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body|table|div|p|span|title|script|style|link|center|font|h[1-6]|section|article)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_HTML_NAMES = (".html", ".htm", ".shtml", ".xhtml")
_SNIFF_BYTES = 4096
_UNSUPPORTED = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old binary Office file (.doc/.xls/.wps); save it as .docx"),
    (b"{\\rtf", "an RTF document; save it as .docx"),
    (b"\x89PNG", "a PNG image (a scan?); OCR it first"),
    (b"\xff\xd8\xff", "a JPEG image (a scan?); OCR it first"),
)


def _strip_start(data: bytes) -> bytes:
    """The first bytes without a BOM and leading white space."""
    head = data[:_SNIFF_BYTES]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if head[:2] in (b"<\x00",) or head[1:2] == b"\x00":  # UTF-16 markup: look at the ASCII bytes
        head = head.replace(b"\x00", b"")
    return head.lstrip()


def _is_docx(data: bytes) -> bool:
    """True for a zip holding ``word/document.xml``; raise for any other zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError(f"the file starts like a zip archive but cannot be opened: {exc}") from None
    if "word/document.xml" in names:
        return True
    if "OFD.xml" in names:
        raise DocumentError(
            "the file is an OFD document (a zip with OFD.xml), which gkparse does not read; export it as PDF"
        )
    raise DocumentError("the file is a zip archive but not a Word .docx (no word/document.xml)")


def sniff(data: bytes, name: str | None = None) -> Kind:
    """Tell what kind of document ``data`` is.

    ``%PDF-`` is a PDF; a zip with ``word/document.xml`` is a .docx (any other
    zip raises); an ``.html``/``.htm`` name or content that starts like markup
    (after a BOM and white space) is HTML; anything else is text.

    Args:
        data: the file's bytes.
        name: the file name, if known (only its suffix is used).

    Returns:
        ``"pdf"``, ``"docx"``, ``"html"`` or ``"text"``.

    Raises:
        DocumentError: a zip archive that is not a .docx, an old binary Office
            file, an RTF document or an image.
    """
    head = _strip_start(data)
    if head.startswith(b"%PDF-") or data[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    for magic, what in _UNSUPPORTED:
        if data.startswith(magic):
            raise DocumentError(f"the file is {what}, which gkparse does not read")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        _is_docx(data)
        return "docx"
    lower = (name or "").lower()
    if lower.endswith(_HTML_NAMES) or _HTML_START.match(head):
        return "html"
    return "text"
