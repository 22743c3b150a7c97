"""Exceptions raised by gkparse.

Only input that cannot be read at all raises; anything odd but readable
becomes a [`Finding`][gkparse.Finding] on the report.  The hierarchy::

    GkparseError                 base of everything gkparse raises
    ├── DecodeError              bytes that are not text in a supported encoding
    ├── InputError               not a str / bytes / path, or a path that cannot be read
    ├── DocumentError            an HTML/PDF/Word file that cannot be read (truncated or
    │                            encrypted PDF, a zip that is not a .docx, markup too large)
    ├── MissingExtraError        the file needs an optional extra that is not installed
    ├── OutputError              an output (``-o``) that cannot or must not be written
    └── UnguardedMainError       jobs > 1 in a script without ``if __name__ == "__main__":``

No exception of the underlying libraries (lark, lxml, pypdfium2/PDFium,
python-docx, zipfile) ever escapes.
"""

from __future__ import annotations


class GkparseError(Exception):
    """Base class of every error gkparse raises.

    Attributes:
        source: where the input came from (a path), when known.
        line: 1-based line of the input the error points at, when known.
    """

    default_message = "gkparse could not read the input"

    def __init__(self, message: str | None = None, *, source: str | None = None, line: int | None = None) -> None:
        self.message = message or self.default_message
        self.source = source
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.source is not None:
            where = f"{self.source}"
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        return f"{where}{self.message}"


class DecodeError(GkparseError):
    """The bytes are not UTF-8, UTF-8 with BOM, GB18030 or GBK text."""

    default_message = "the file is not text in UTF-8, UTF-8 with BOM, GB18030 or GBK"


class InputError(GkparseError):
    """The input is not something gkparse can read (wrong type, missing file)."""

    default_message = "the input is not a report text"


class DocumentError(GkparseError):
    """An HTML, PDF or Word document that cannot be read.

    Raised for a truncated, damaged or encrypted PDF, a zip file that is not a
    .docx, or markup too large to read in bounded time.
    """

    default_message = "the document cannot be read"


class MissingExtraError(GkparseError):
    """Reading this file needs an optional extra that is not installed.

    The message names the command to run, e.g. ``pip install "gkparse[pdf]"``.

    Args:
        extra: the name of the missing extra (``html``, ``pdf``, ``pandas`` …).
        module: the module (or program) that is missing.
        purpose: what needs it, the message's subject (``"reading this file"``).
        install: the command that installs it, when not ``pip install "gkparse[EXTRA]"``
            (a system program such as LibreOffice).
        source: the input, when known.

    Attributes:
        extra: the name of the missing extra.
    """

    default_message = "an optional dependency is missing"

    def __init__(
        self,
        extra: str,
        module: str,
        *,
        purpose: str = "reading this file",
        install: str | None = None,
        source: str | None = None,
    ) -> None:
        self.extra = extra
        command = install or f'pip install "gkparse[{extra}]"'
        super().__init__(f'{purpose} needs the "{extra}" extra ({module} is not installed): {command}', source=source)


class OutputError(GkparseError):
    """The output cannot or must not be written where it was asked for.

    For example: a folder, a device, one of the inputs, a file inside a folder
    being read, a suffix that names no format, or a folder without write permission.
    """

    default_message = "the output cannot be written there"


class UnguardedMainError(GkparseError):
    """Worker processes would re-run the calling script: it lacks the ``__main__`` guard.

    With ``jobs > 1`` gkparse starts worker processes, which import the main
    script again.  Put the code that runs the batch under
    ``if __name__ == "__main__":``.
    """

    default_message = 'put the batch under  if __name__ == "__main__":'
