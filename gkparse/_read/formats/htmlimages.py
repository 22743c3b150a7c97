"""Tables published as images inside an HTML page (a screenshot of a Word table in an ``<img>``).

gkparse does not download.  An image whose ``src`` is a local file — a page
saved with its resources (``report_files/image001.png`` beside the page), or
a plain path — is read by OCR (extra ``gkparse[ocr]``) and its tables are put
in the page where the image stands; an image kept in the page as a
``data:`` URI is read the same way.  Any other image (a web address, a file
that is not there) gets an ``ocr.image_table`` finding naming its address,
so the user can fetch it.  Small images (icons, logos, spacers) are left
alone, and at most ``MAX_IMAGES`` images of a page are read.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import contextvars
import os
import urllib.parse
from collections.abc import Iterator

from gkparse._read.formats.content import DocContent, DocTable
from gkparse.errors import GkparseError

MAX_IMAGES = 20
MIN_BYTES = 2_000
"""An image file smaller than this is an icon or a spacer, not a table."""

_SOURCE: contextvars.ContextVar[str | None] = contextvars.ContextVar("gkparse_source", default=None)


@contextlib.contextmanager
def reading(source: str | None) -> Iterator[None]:
    """While reading the file at ``source`` (a path, or None): relative image addresses resolve beside it."""
    token = _SOURCE.set(source)
    try:
        yield
    finally:
        _SOURCE.reset(token)


def _local(src: str) -> tuple[str | None, bytes | None]:
    """(the path the address names, if local; the image's bytes if they can be had without a download)."""
    if src.startswith("data:"):
        head, _, body = src.partition(",")
        if ";base64" in head:
            with contextlib.suppress(binascii.Error, ValueError):
                return None, base64.b64decode(body, validate=False)
        return None, None
    parts = urllib.parse.urlsplit(src)
    if parts.scheme not in ("", "file") or (parts.netloc and parts.scheme != "file"):
        return None, None
    path = urllib.parse.unquote(parts.path)
    source = _SOURCE.get()
    if not os.path.isabs(path):
        if source is None or not os.path.isfile(source):
            return None, None
        path = os.path.join(os.path.dirname(source), path)
    try:
        with open(path, "rb") as f:
            return path, f.read(64 * 1024 * 1024)
    except OSError:
        return path, None


def read_images(
    items: list[str | DocTable], images: list[tuple[int, str]], first_index: int
) -> tuple[list[str | DocTable], list[tuple[str, str]]]:
    """The page's items with the tables of its readable images in place, and findings for the others.

    Args:
        items: the page's prose lines and tables.
        images: (position in ``items``, ``src``) of each ``<img>`` in document order.
        first_index: the number the first table read from an image gets.
    """
    from gkparse._read.formats import ocr

    findings: list[tuple[str, str]] = []
    inserts: dict[int, list[DocTable]] = {}
    index = first_index
    for n, (at, src) in enumerate(images):
        if n >= MAX_IMAGES:
            findings.append(("ocr.image_table", f"{len(images)} images: only the first {MAX_IMAGES} were looked at"))
            break
        path, data = _local(src)
        shown = src if len(src) < 200 else src[:200] + "…"
        if data is None:
            where = f"the file {path} is not there" if path else "gkparse does not download"
            findings.append(("ocr.image_table", f"the page shows the image {shown}: {where}; fetch it to read it"))
            continue
        if len(data) < MIN_BYTES:
            continue
        if not ocr.available():
            findings.append(("ocr.needed", f'the image {shown} was not read: pip install "gkparse[ocr]"'))
            continue
        try:
            content: DocContent = ocr.read_image(data)
        except GkparseError as e:
            findings.append(("ocr.image_table", f"the image {shown} cannot be read: {e}"))
            continue
        findings += content.findings
        for t in content.tables:
            inserts.setdefault(at, []).append(DocTable(index=index, rows=t.rows, page=None))
            index += 1
    out: list[str | DocTable] = []
    for k in range(len(items) + 1):
        out += inserts.get(k, [])
        if k < len(items):
            out.append(items[k])
    return _renumbered(out), findings


def _renumbered(items: list[str | DocTable]) -> list[str | DocTable]:
    """Tables numbered in document order (those read from images among the others)."""
    out: list[str | DocTable] = []
    n = 0
    for item in items:
        if isinstance(item, DocTable):
            n += 1
            item = item if item.index == n else DocTable(index=n, rows=item.rows, page=item.page)
        out.append(item)
    return out
