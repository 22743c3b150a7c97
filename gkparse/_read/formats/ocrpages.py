"""Scanned pages as grey arrays at about 200 dpi: PDF pages rendered with PDFium, image files loaded with Pillow.

Bounded: a page is read at most at ``MAX_PIXELS`` (a larger one is scaled
down, with an ``ocr.capped`` finding); at most ``MAX_PAGES`` pages of a file
are read (the rest named in a finding); an image above ``REFUSE_PIXELS`` is
refused before it is decoded.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from typing import Any

from gkparse._extras import need
from gkparse.errors import DocumentError

DPI = 200
MAX_PIXELS = 40_000_000
REFUSE_PIXELS = 150_000_000
MAX_PAGES = 60

Page = tuple[int, Any, list[tuple[str, str]]]
"""A page: its 1-based number, its grey pixels (a numpy array), findings about reading it."""


def _numpy() -> Any:
    return need("numpy", "ocr", purpose="reading scanned pages")


def _scaled(img: Any, dpi: float | None, findings: list[tuple[str, str]], number: int) -> Any:
    """A Pillow page in grey at about 200 dpi, and at most ``MAX_PIXELS``."""
    w, h = img.size
    factor = DPI / dpi if dpi and 50 <= dpi <= 1200 else 1.0  # no resolution given: read as it is
    if w * h * factor * factor > MAX_PIXELS:
        factor = (MAX_PIXELS / (w * h)) ** 0.5
        findings.append(("ocr.capped", f"page {number}: {w}×{h} pixels, read scaled down to {MAX_PIXELS} pixels"))
        if img.format == "JPEG":
            img.draft("L", (round(w * factor), round(h * factor)))  # decode a huge JPEG at reduced size
    img = img.convert("L")
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return img.resize(size) if abs(factor - 1.0) > 0.05 or img.size != (w, h) else img


def image_pages(data: bytes) -> Iterator[Page]:
    """The pages of an image file (each frame of a multi-page TIFF) as grey arrays at about 200 dpi."""
    pil = need("PIL.Image", "ocr", purpose="reading images")
    np = _numpy()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pil.DecompressionBombWarning)
            img = pil.open(io.BytesIO(data))
        frames = getattr(img, "n_frames", 1)
    except pil.DecompressionBombError:
        raise DocumentError("the image is too large to decode safely (a decompression bomb?): it is not read") from None
    except Exception as exc:
        raise DocumentError(f"the image cannot be read ({type(exc).__name__}: {exc})") from None
    for number in range(1, min(frames, MAX_PAGES) + 1):
        findings: list[tuple[str, str]] = []
        if number == MAX_PAGES and frames > MAX_PAGES:
            findings.append(("ocr.capped", f"the image has {frames} pages: only the first {MAX_PAGES} were read"))
        try:
            img.seek(number - 1)
            w, h = img.size
            if w * h > REFUSE_PIXELS:
                raise DocumentError(f"the image is {w}×{h} pixels (limit {REFUSE_PIXELS}): it is not read")
            dpi = img.info.get("dpi", (None,))[0]
            page = _scaled(img, float(dpi) if dpi else None, findings, number)
        except DocumentError:
            raise
        except Exception as exc:
            raise DocumentError(f"the image cannot be read ({type(exc).__name__}: {exc})") from None
        yield number, np.asarray(page), findings


def pdf_pages(data: bytes, numbers: list[int]) -> Iterator[Page]:
    """Some pages of a PDF (1-based numbers) rendered grey at 200 dpi with PDFium, at most ``MAX_PIXELS`` each."""
    pdfium = need("pypdfium2", "ocr", purpose="reading scanned PDF pages")
    np = _numpy()
    from gkparse._read.formats.pdf import PDFIUM_LOCK

    try:
        with PDFIUM_LOCK:
            doc = pdfium.PdfDocument(data)
    except Exception as exc:
        raise DocumentError(f"the PDF cannot be rendered ({type(exc).__name__}: {exc})") from None
    try:
        for number in numbers[:MAX_PAGES]:
            findings: list[tuple[str, str]] = []
            if number == numbers[min(len(numbers), MAX_PAGES) - 1] and len(numbers) > MAX_PAGES:
                findings.append(("ocr.capped", f"{len(numbers)} scanned pages: only the first {MAX_PAGES} were read"))
            with PDFIUM_LOCK:
                page = doc[number - 1]
                w, h = page.get_size()
                scale = DPI / 72
                if w * h * scale * scale > MAX_PIXELS:
                    scale = (MAX_PIXELS / (w * h)) ** 0.5
                    findings.append(("ocr.capped", f"page {number} is large: rendered at {scale * 72:.0f} dpi"))
                pixels = page.render(scale=scale, grayscale=True).to_numpy()
                gray = np.array(pixels[:, :, 0] if pixels.ndim == 3 else pixels)
            yield number, gray, findings
    finally:
        with PDFIUM_LOCK:
            doc.close()
