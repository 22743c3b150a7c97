"""Document readers: HTML, PDF and Word files into a grid model.

`read_document` sniffs the bytes and calls the matching reader, each
imported lazily so that the core install (lark, attrs, cattrs) never needs
lxml, pdfplumber or python-docx.  Every reader returns a
`gkparse._read.documents.model.DocContent`; nothing but a
`gkparse.errors.GkparseError` subclass leaves `read_document`.
"""

from __future__ import annotations

from gkparse._read.documents.model import DocCell, DocContent, DocTable
from gkparse._read.documents.sniff import sniff
from gkparse.errors import DocumentError, GkparseError

__all__ = ["DocCell", "DocContent", "DocTable", "read_document", "sniff"]


def read_document(data: bytes, name: str | None = None) -> DocContent | None:
    """Read an HTML, PDF or Word document into prose lines and tables.

    Args:
        data: the file's bytes.
        name: the file name, if known (an ``.html``/``.htm`` suffix marks HTML).

    Returns:
        The document's content, or None when the bytes are plain text (for
        the text reader).

    Raises:
        MissingExtraError: the reader's optional dependency is not installed.
        DocumentError: the document cannot be read (truncated or encrypted
            PDF, a zip that is not a .docx, a page too large).
    """
    kind = sniff(data, name)
    try:
        if kind == "html":
            from gkparse._read.documents.html import read_html

            return read_html(data)
        if kind == "pdf":
            from gkparse._read.documents.pdf import read_pdf

            return read_pdf(data)
        if kind == "docx":
            from gkparse._read.documents.docx import read_docx

            return read_docx(data)
    except GkparseError:
        raise
    except RecursionError:
        raise DocumentError(f"the {kind} document is nested too deeply to read") from None
    except Exception as exc:  # last guard: no library exception leaves read_document
        raise DocumentError(f"the {kind} document cannot be read ({type(exc).__name__}: {exc})") from None
    return None
