"""Image files — PNG, JPEG, TIFF (every page of a multi-page TIFF) — read by OCR (extra ``gkparse[ocr]``).

The reader is `gkparse._read.formats.ocr.read_image`; this module is the
format table's entry.  The format is *available* only when the ``ocr``
extra is installed, so a batch walks image files by default only then.
"""

from __future__ import annotations

from gkparse._read.formats.content import DocContent, Format

_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def is_image(head: bytes, data: bytes, name: str | None) -> bool:
    """PNG, JPEG or TIFF by the file's first bytes."""
    return data.startswith(_MAGIC)


def read_image(data: bytes) -> DocContent:
    """Read an image file by OCR (see `gkparse._read.formats.ocr.read_image`)."""
    from gkparse._read.formats import ocr

    return ocr.read_image(data)


def _available() -> bool:
    from gkparse._read.formats import ocr

    return ocr.available()


FORMAT = Format(
    kind="image",
    title="scanned image",
    suffixes=(".png", ".jpg", ".jpeg", ".tif", ".tiff"),
    extra="ocr",
    requires=("rapidocr_onnxruntime", "opencv-python-headless", "pypdfium2", "Pillow"),
    sniff=is_image,
    read=read_image,
    order=12,
    available=_available,
)
