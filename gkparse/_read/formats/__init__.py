"""Document formats: the format table, sniffing, and reading a file into a grid model.

Each format gkparse reads is one reader module of this package defining a
`Format` entry (``FORMAT``): its kind, suffixes, extra, ``sniff`` and
``read``.  The table below lists those modules; everything else — sniffing,
`read_document`, the batch's default file pattern, the JSON Schema's enums,
the CLI's help — derives from it.  Adding a format is one reader module, one
line in ``_MODULES`` and one extra in ``pyproject.toml``; a program can also
`register` a format of its own.

Readers import their dependencies lazily (the core install needs only lark,
attrs and cattrs) and return a `DocContent`; nothing but a
`gkparse.errors.GkparseError` subclass leaves `read_document`.
"""

from __future__ import annotations

import functools
import importlib

from gkparse._read.formats.content import SNIFF_BYTES, DocCell, DocContent, DocTable, Format
from gkparse.errors import DocumentError, GkparseError

__all__ = [
    "TEXT",
    "DocCell",
    "DocContent",
    "DocTable",
    "Format",
    "default_pattern",
    "formats",
    "get_format",
    "kinds",
    "read_document",
    "register",
    "sniff",
    "unregister",
]

TEXT = "text"
"""The kind of a file that is no document: report text, read by the text layouts (``*.txt``)."""

_MODULES = ("pdf", "word97", "docx", "html", "image")
"""The reader modules of this package, each defining ``FORMAT`` (or ``FORMATS``, a module reading several)."""

_REFUSED = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old binary Office file that is no Word document (an Excel .xls, a PowerPoint .ppt?), "
        "which gkparse does not read",
    ),
    (b"{\\rtf", "an RTF document, which gkparse does not read; save it as .docx or PDF"),
)
"""Files recognised by their first bytes that no format reads: a clear refusal, not a text decoding error."""

_added: list[Format] = []


@functools.cache
def _builtin() -> tuple[Format, ...]:
    modules = [importlib.import_module(f"{__name__}.{m}") for m in _MODULES]
    return tuple(f for m in modules for f in getattr(m, "FORMATS", (m.FORMAT,)))


def formats() -> tuple[Format, ...]:
    """Every format gkparse reads (built in, then registered), in sniffing order."""
    return tuple(sorted((*_builtin(), *_added), key=lambda f: f.order))


def added() -> tuple[Format, ...]:
    """The formats added with `register`, in the order they were."""
    return tuple(_added)


def kinds() -> tuple[str, ...]:
    """The kinds of every format, then ``"text"``: the values of ``Report.source_format``."""
    return (*(f.kind for f in formats()), TEXT)


def get_format(kind: str) -> Format:
    """The format of this kind.

    Raises:
        KeyError: no format has the kind.
    """
    for f in formats():
        if f.kind == kind:
            return f
    raise KeyError(f"no document format {kind!r}; known: {', '.join(f.kind for f in formats())}")


def register(fmt: Format) -> None:
    """Add a document format (read after the built-in ones of lower ``order``).

    Raises:
        ValueError: a format of that kind exists already, or the kind is ``"text"``.
    """
    if fmt.kind == TEXT or any(f.kind == fmt.kind for f in formats()):
        raise ValueError(f"a document format {fmt.kind!r} exists already")
    _added.append(fmt)


def unregister(kind: str) -> None:
    """Remove a format added with `register` (the built-in ones stay).

    Raises:
        ValueError: the format is built in.
        KeyError: no format has the kind.
    """
    fmt = get_format(kind)
    if fmt in _builtin():
        raise ValueError(f"document format {kind!r} is built in and cannot be removed")
    _added.remove(fmt)


def default_pattern() -> str:
    """The files a batch reads in folders by default: ``*.txt`` and the suffixes of every available format
    (comma-separated; a format whose extra is missing, such as ``image`` without ``gkparse[ocr]``, is left out)."""
    suffixes = [".txt", *(s for f in formats() if f.available() for s in f.suffixes)]
    return ",".join(f"*{s}" for s in dict.fromkeys(suffixes))


def _head(data: bytes) -> bytes:
    """The first bytes without a byte-order mark and leading white space (UTF-16 markup: its ASCII bytes)."""
    head = data[:SNIFF_BYTES]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if head[:2] in (b"<\x00",) or head[1:2] == b"\x00":
        head = head.replace(b"\x00", b"")
    return head.lstrip()


def sniff(data: bytes, name: str | None = None) -> str:
    """The kind of document ``data`` is: a format's kind, or ``"text"``.

    Each format's ``sniff`` is asked in the table's order; a file whose first
    bytes name a kind no format reads (an image, RTF, an old binary Office
    file) is refused.

    Args:
        data: the file's bytes.
        name: the file name, if known (only its suffix is used).

    Raises:
        DocumentError: a file recognised but not read (see above), or a format's
            refusal (a zip that is not a .docx).
    """
    head = _head(data)
    table = formats()
    for fmt in table:
        if fmt.order < 20 and fmt.sniff(head, data, name):  # strict magic numbers first
            return fmt.kind
    for magic, what in _REFUSED:
        if data.startswith(magic):
            raise DocumentError(f"the file is {what}")
    for fmt in table:
        if fmt.order >= 20 and fmt.sniff(head, data, name):
            return fmt.kind
    return TEXT


def read_document(data: bytes, name: str | None = None) -> DocContent | None:
    """Read a document file into prose lines and tables.

    Args:
        data: the file's bytes.
        name: the file name, if known (a suffix such as ``.html`` marks its format).

    Returns:
        The document's content, or None when the bytes are plain text (for the text reader).

    Raises:
        MissingExtraError: the reader's optional dependency is not installed.
        DocumentError: the document cannot be read (truncated or encrypted
            PDF, a zip that is not a .docx, a page too large).
    """
    kind = sniff(data, name)
    if kind == TEXT:
        return None
    try:
        return get_format(kind).read(data)
    except (GkparseError, MemoryError):  # out of memory: the caller (a batch worker) says so and is replaced
        raise
    except RecursionError:
        raise DocumentError(f"the {kind} document is nested too deeply to read") from None
    except Exception as exc:  # last guard: no library exception leaves read_document
        raise DocumentError(f"the {kind} document cannot be read ({type(exc).__name__}: {exc})") from None
