"""Scans made from real report documents: pages rendered at 200 dpi, turned by under 1°, blurred, noised.

Sources: ``fixtures/documents/shanghai_2019.pdf`` and, in ``tests/scans/sources/``, the
duizhen (HTML) and shitai (Word) fixtures converted to PDF by LibreOffice
(``soffice --headless --convert-to pdf``).  Each scan is compared with the
fixture's label ``fixtures/documents/NAME.json``.  Needs the ``ocr`` extra (and,
for shanghai_2019.pdf, whose font is not embedded, a CJK font such as Debian's
``fonts-wqy-zenhei``).
"""

from __future__ import annotations

import io
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {
    "shanghai_2019": ROOT / "fixtures" / "documents" / "shanghai_2019.pdf",
    "duizhen_2020_gbk": ROOT / "tests" / "scans" / "sources" / "duizhen_2020_gbk.pdf",
    "shitai_2020": ROOT / "tests" / "scans" / "sources" / "shitai_2020.pdf",
}


def render(pdf: bytes) -> list:  # type: ignore[type-arg]
    """The pages of a PDF rendered grey at 200 dpi (Pillow images)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    pages = [doc[i].render(scale=200 / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))]
    doc.close()
    return pages


def degrade(pages: list, seed: int = 0, noise: float = 12.0, blur: float = 0.8) -> list:  # type: ignore[type-arg]
    """Pages as a scanner gives them: each turned by under 1°, blurred, noised."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    out = []
    for img in pages:
        img = img.rotate(float(rng.uniform(-0.9, 0.9)), resample=Image.BILINEAR, fillcolor=255)
        img = img.filter(ImageFilter.GaussianBlur(blur))
        grain = rng.normal(0, noise, (img.size[1], img.size[0]))
        out.append(Image.fromarray(np.clip(np.asarray(img) + grain, 0, 255).astype(np.uint8)))
    return out


def scan_pages(pdf: bytes, seed: int = 0) -> list:  # type: ignore[type-arg]
    """The pages of a PDF as a scanner gives them: grey, 200 dpi, turned by under 1°, blurred, noised."""
    return degrade(render(pdf), seed)


def image_pdf(pages: list) -> bytes:  # type: ignore[type-arg]
    """An image-only PDF of the pages (no text layer), as a scanner writes it."""
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=200)
    return out.getvalue()


def scanned(name: str, seed: int = 0) -> bytes:
    """The image-only PDF scan of one source document."""
    return image_pdf(scan_pages(SOURCES[name].read_bytes(), seed))
