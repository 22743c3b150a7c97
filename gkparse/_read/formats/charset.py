"""The encoding of an HTML page: a byte-order mark, the ``<meta>`` charset when it fits, else UTF-8 or GB18030.

A page's declared charset is often wrong: a UTF-8 page labelled
``iso-8859-1`` decodes without error into Latin letters and loses every
Chinese cell.  `decode_html` checks the declaration against the page and
says so (``document.charset_mismatch``) when it reads the page another way.
"""

from __future__ import annotations

import codecs
import re

_META = re.compile(rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_HAN = re.compile("[\u4e00-\u9fff]")
_GB = frozenset({"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"})
_WIDE = re.compile(r"(?:utf|ucs)-?(?:16|32|2|4)(?:-?[lb]e)?", re.IGNORECASE)
CHARSET_MISMATCH = "document.charset_mismatch"


def _declared(data: bytes) -> tuple[str, str] | None:
    """The charset a ``<meta>`` of the page's first 8 KB declares, lower case, and its codec (GB labels: gb18030)."""
    m = _META.search(data[:8192])
    if not m:
        return None
    label = m.group(1).decode("ascii", "replace").lower()
    return label, "gb18030" if label in _GB else label


def _text_codec(label: str) -> bool:
    """True when ``label`` names a codec that turns bytes into text (not hex, base64, rot13 or zlib)."""
    try:
        return bool(getattr(codecs.lookup(label), "_is_text_encoding", True))
    except LookupError:
        return False


def _strict(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(data: bytes) -> tuple[str, tuple[str, str] | None]:
    """Decode an HTML page: BOM, then ``<meta charset>``, then UTF-8, then GB18030.

    A declared charset that is no text encoding (``hex``, ``base64``) or that
    an ASCII-readable page cannot be in (UTF-16, UTF-32: a page in those has a
    BOM) is not used.  When the declared charset decodes the page without a
    single Chinese character while UTF-8 or GB18030 gives Chinese text (a
    UTF-8 page labelled ``iso-8859-1``), the page is read that way.  Either
    case gives a ``document.charset_mismatch`` finding.

    Args:
        data: the page's bytes.

    Returns:
        The page as text, and the charset finding as ``(code, message)`` or None.
    """
    boms = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
    for bom, enc in boms:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace"), None
    label, codec = _declared(data) or ("", "")
    text = _strict(data, codec) if codec and _text_codec(codec) and not _WIDE.fullmatch(codec) else None
    if text is not None and (_HAN.search(text) or codec in ("utf-8", "utf8", "gb18030")):
        return text, None
    for enc in ("utf-8", "gb18030"):
        other = _strict(data, enc)
        if other is None or (text is not None and not _HAN.search(other)):
            continue
        if not codec or codec in (enc, "utf8"):
            return other, None
        why = "cannot be the charset of this page" if text is None else "gives no Chinese text"
        return other, (CHARSET_MISMATCH, f"the page declares charset {label!r}, which {why}: read as {enc}")
    if text is not None:
        return text, None
    return data.decode("utf-8", errors="replace"), None
