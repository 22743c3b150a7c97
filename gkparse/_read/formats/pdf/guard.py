"""The cap on what a PDF's compressed streams may expand to, checked before PDFium reads the file.

PDFium inflates a page's content stream whole when it loads the page, with no
limit: a 1 MB file of deflated blanks or drawing operators becomes gigabytes of
memory.  Before the file is opened, every stream whose filters include Flate is
bounded here:

* Deflate expands at most 1032-fold, ASCII85 and ASCIIHex shrink, so a stream's
  largest possible output follows from its length and its filters.  A stream whose
  bound is within its cap costs nothing more;
* any other is decoded in bounded chunks (output counted and discarded, a Flate
  after a Flate decoded in turn, at most one cap held): a stream expanding past
  `PdfSettings.max_stream` (fonts and images: `PdfSettings.max_font_stream`)
  refuses the file;
* when the bounds of all streams together pass `PdfSettings.max_expanded`, the
  streams are measured, largest bound first, until the sum is known to be within
  it; past it the file is refused.

Streams this check cannot decode (LZW, run-length, encrypted files) are left to PDFium.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterator
from typing import Final, NamedTuple

from gkparse._read.formats.pdf.settings import MB, PdfSettings
from gkparse.errors import DocumentError

_STREAM: Final = re.compile(rb"(?<![a-zA-Z])stream(?:\r\n|\n|\r)")
_FILTER: Final = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME: Final = re.compile(rb"/([A-Za-z0-9]+)")
_BIG: Final = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)\b")
_CHUNK: Final = 1 * MB
_DICT_BACK: Final = 4096
_FLATE: Final = frozenset({b"FlateDecode", b"Fl"})
_RATIO: Final = {
    b"FlateDecode": 1032.0,
    b"Fl": 1032.0,
    b"ASCII85Decode": 0.8,
    b"A85": 0.8,
    b"ASCIIHexDecode": 0.5,
    b"AHx": 0.5,
}


class _Stream(NamedTuple):
    start: int
    end: int
    filters: tuple[bytes, ...]
    cap: int
    bound: float
    """The most the stream can expand to through the filters this check decodes."""


def _dictionary(data: bytes, start: int) -> bytes:
    """The text of the stream's dictionary: back from ``stream`` to the ``obj`` that opens it."""
    head = data[max(0, start - _DICT_BACK) : start]
    k = head.rfind(b"obj")
    return head[k + 3 :] if k >= 0 else head


def _filters(dictionary: bytes) -> tuple[bytes, ...]:
    """The filters a stream's dictionary names, up to the first this check cannot decode."""
    m = _FILTER.search(dictionary)
    if m is None:
        return ()
    out = []
    for name in _NAME.findall(m.group(1)):
        if name not in _RATIO:
            break
        out.append(name)
    return tuple(out) if _FLATE & set(out) else ()


def _streams(data: bytes, settings: PdfSettings) -> Iterator[_Stream]:
    """The file's streams with a Flate filter, each with its cap and the bound of its output."""
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
        if filters:
            bound = float(end - start)
            for name in filters:
                bound *= _RATIO[name]
            cap = settings.max_font_stream if _BIG.search(dictionary) else settings.max_stream
            yield _Stream(start, end, filters, cap, bound)


def _decode(raw: bytes, name: bytes) -> bytes:
    """ASCII85 or ASCIIHex decoded (damaged data: what decodes, else nothing)."""
    try:
        if name in (b"ASCII85Decode", b"A85"):
            body = raw.split(b"~>", 1)[0].strip()
            return base64.a85decode(body.removeprefix(b"<~") + b"~>", adobe=True, ignorechars=b" \t\r\n\f\x00")
        hexdigits = bytes(c for c in raw.split(b">", 1)[0] if c not in b" \t\r\n\f\x00")
        return binascii.unhexlify(hexdigits + b"0" * (len(hexdigits) % 2))
    except (ValueError, binascii.Error):
        return b""


def _inflate(raw: bytes, cap: int, keep: bool) -> tuple[int, bytes]:
    """How many bytes deflated data expands to, counting at most ``cap`` + 1, and the output when ``keep``
    (damaged data: what came out)."""
    inflater = zlib.decompressobj()
    total = 0
    kept: list[bytes] = []
    data = raw
    try:
        while data and total <= cap:
            out = inflater.decompress(data, _CHUNK)
            total += len(out)
            if keep:
                kept.append(out)
            if not out and inflater.unconsumed_tail == data:
                break
            data = inflater.unconsumed_tail
        if total <= cap and not inflater.eof:
            out = inflater.flush(_CHUNK)
            total += len(out)
            if keep:
                kept.append(out)
    except zlib.error:
        pass
    return total, b"".join(kept)


def _measure(data: bytes, s: _Stream, cap: int) -> int:
    """What the stream expands to through its filters, counting at most ``cap`` + 1."""
    raw = data[s.start : s.end]
    size = len(raw)
    last = max(k for k, name in enumerate(s.filters) if name in _FLATE)
    for k, name in enumerate(s.filters):
        if name in _FLATE:
            size, raw = _inflate(raw, cap, keep=k < last)
        else:
            raw = _decode(raw, name)
            size = len(raw)
        if size > cap or k >= last:
            return size
    return size


def check_streams(data: bytes, settings: PdfSettings) -> None:
    """Refuse a PDF whose compressed streams expand past the caps of ``settings``.

    Raises:
        DocumentError: a stream, or all of them together, would expand past the cap.
    """
    known = 0  # bytes measured
    unmeasured: list[_Stream] = []
    for s in _streams(data, settings):
        if s.bound <= s.cap:
            unmeasured.append(s)
            continue
        size = _measure(data, s, s.cap)
        if size > s.cap:
            raise DocumentError(
                f"a compressed stream of the PDF expands to more than {s.cap // MB} MB (a decompression bomb?): refused"
            )
        known += size
    limit = settings.max_expanded
    unknown = sum(s.bound for s in unmeasured)
    unmeasured.sort(key=lambda s: -s.bound)  # the largest bounds first, until the sum is known to be within the cap
    for s in unmeasured:
        if known > limit or known + unknown <= limit:
            break
        known += _measure(data, s, s.cap)
        unknown -= s.bound
    if known > limit or known + unknown > limit:
        raise DocumentError(
            f"the PDF's compressed streams together expand to more than {limit // MB} MB (a decompression bomb?): "
            "refused"
        )
