"""The cap on what a PDF's compressed streams may expand to, checked before PDFium reads the file.

PDFium inflates a page's content stream whole when it loads the page, with no
limit: a 1 MB file of deflated blanks or drawing operators becomes gigabytes of
memory.  Before the file is opened, each stream whose filters are Flate (after
ASCII85 or ASCIIHex) is inflated here in bounded chunks, its output counted and
discarded: a stream expanding past `PdfSettings.max_stream` (fonts and images:
`PdfSettings.max_font_stream`), or all of them together past
`PdfSettings.max_expanded`, refuses the file.  Streams this check cannot
decode (other filters, encrypted files) are left to PDFium.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from typing import Final

from gkparse._read.formats.pdf.settings import MB, PdfSettings
from gkparse.errors import DocumentError

_STREAM: Final = re.compile(rb"(?<![a-zA-Z])stream(?:\r\n|\n|\r)")
_FILTER: Final = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME: Final = re.compile(rb"/([A-Za-z0-9]+)")
_BIG: Final = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)\b")
_CHUNK: Final = 1 * MB
_DICT_BACK: Final = 4096


def _dictionary(data: bytes, start: int) -> bytes:
    """The text of the stream's dictionary: back from ``stream`` to the ``obj`` that opens it."""
    head = data[max(0, start - _DICT_BACK) : start]
    k = head.rfind(b"obj")
    return head[k + 3 :] if k >= 0 else head


def _filters(dictionary: bytes) -> list[bytes]:
    m = _FILTER.search(dictionary)
    if m is None:
        return []
    return [n for n in _NAME.findall(m.group(1)) if n != b"Filter"]


def _pre_decode(raw: bytes, name: bytes) -> bytes | None:
    """ASCII85 or ASCIIHex decoded, or None for a filter this check does not decode."""
    try:
        if name in (b"ASCII85Decode", b"A85"):
            body = raw.split(b"~>", 1)[0].strip()
            return base64.a85decode(body.removeprefix(b"<~") + b"~>", adobe=True, ignorechars=b" \t\r\n\f\x00")
        if name in (b"ASCIIHexDecode", b"AHx"):
            hexdigits = bytes(c for c in raw.split(b">", 1)[0] if c not in b" \t\r\n\f\x00")
            return binascii.unhexlify(hexdigits + b"0" * (len(hexdigits) % 2))
    except (ValueError, binascii.Error):
        return b""
    return None


def _inflated_size(raw: bytes, cap: int) -> int:
    """How many bytes a deflated stream expands to, counting at most ``cap`` + 1 (damaged data: what came out)."""
    inflater = zlib.decompressobj()
    total = 0
    data = raw
    try:
        while data and total <= cap:
            out = inflater.decompress(data, _CHUNK)
            total += len(out)
            if not out and inflater.unconsumed_tail == data:
                break
            data = inflater.unconsumed_tail
        if total <= cap and not inflater.eof:
            total += len(inflater.flush(_CHUNK))
    except zlib.error:
        pass
    return total


def check_streams(data: bytes, settings: PdfSettings) -> None:
    """Refuse a PDF whose compressed streams expand past the caps of ``settings``.

    Raises:
        DocumentError: a stream, or all of them together, would expand past the cap.
    """
    total = 0
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        if m is None:
            return
        start = m.end()
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end
        pos = end
        dictionary = _dictionary(data, m.start())
        filters = _filters(dictionary)
        if not filters:
            continue
        raw: bytes | None = data[start:end]
        while raw is not None and filters and filters[0] not in (b"FlateDecode", b"Fl"):
            raw = _pre_decode(raw, filters.pop(0))
        if raw is None or not filters:
            continue
        cap = settings.max_font_stream if _BIG.search(dictionary) else settings.max_stream
        size = _inflated_size(raw, min(cap, settings.max_expanded - total))
        total += size
        if size > cap:
            raise DocumentError(
                f"the PDF holds a compressed stream that expands to more than {cap // MB} MB "
                "(a decompression bomb?): refused"
            )
        if total > settings.max_expanded:
            raise DocumentError(
                f"the PDF's compressed streams expand to more than {settings.max_expanded // MB} MB "
                "(a decompression bomb?): refused"
            )
