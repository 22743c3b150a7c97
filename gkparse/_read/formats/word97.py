"""Word 97 (.doc) and WPS (.wps) reports: converted to .docx by LibreOffice, then read as a .docx.

Both are OLE compound files (``D0 CF 11 E0 A1 B1 1A E1``) holding a ``WordDocument``
stream (WPS Office writes its .wps so; Microsoft Works' .wps holds ``CONTENTS``).
An OLE file without either — an Excel .xls, a PowerPoint .ppt — is no Word file and
is refused by the format table.

No Python library reads Word 97 tables with their cells in place, so LibreOffice
converts the file (``soffice --headless --convert-to docx``), a system program no
pip extra can bring: without it, `MissingExtraError` names the command that installs
it.  Each conversion runs in a temporary directory of its own with a private
LibreOffice profile (parallel batch workers never share one), in a process group of
its own that is killed whole on a timeout, an error or SIGTERM; the directory is
removed afterwards in every case.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

from gkparse._read.formats.content import DocContent, Format
from gkparse.errors import DocumentError, MissingExtraError

OLE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TIMEOUT: Final = 120.0
"""Seconds a conversion may take before LibreOffice is stopped."""
INSTALL: Final = "apt-get install libreoffice-writer-nogui (or install LibreOffice)"
_END: Final = 0xFFFFFFFA  # sector numbers from here on mark chain ends and free sectors


def ole_names(data: bytes, limit: int = 4096) -> set[str]:
    """The names in an OLE compound file's directory (empty when it cannot be read): a minimal reader that
    follows the directory's sector chain through the FAT, bounded by ``limit`` sectors."""
    if len(data) < 512 or not data.startswith(OLE):
        return set()
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12):
        return set()
    size = 1 << shift

    def sector(n: int) -> bytes:
        return data[(n + 1) * size : (n + 2) * size]

    fat_sectors = list(struct.unpack_from("<109I", data, 76))
    fat: list[int] = []
    for n in fat_sectors[:limit]:
        if n >= _END:
            continue
        chunk = sector(n)
        fat += struct.unpack_from(f"<{len(chunk) // 4}I", chunk)
    names: set[str] = set()
    n = struct.unpack_from("<I", data, 48)[0]
    for _ in range(limit):
        if n >= _END or n >= len(fat):
            break
        chunk = sector(n)
        for k in range(0, len(chunk) - 127, 128):
            length = struct.unpack_from("<H", chunk, k + 64)[0]
            if 2 <= length <= 64:
                names.add(chunk[k : k + length - 2].decode("utf-16-le", "replace"))
        n = fat[n] if n < len(fat) else _END
    return names


def _suffix(name: str | None) -> str:
    return Path(name).suffix.lower() if name else ""


def is_doc(head: bytes, data: bytes, name: str | None) -> bool:
    """An OLE file with a ``WordDocument`` stream that is not named ``.wps``."""
    return data.startswith(OLE) and _suffix(name) != ".wps" and "WordDocument" in ole_names(data)


def is_wps(head: bytes, data: bytes, name: str | None) -> bool:
    """An OLE file named ``.wps`` with a ``WordDocument`` (WPS Office) or ``CONTENTS`` (Works) stream."""
    return data.startswith(OLE) and _suffix(name) == ".wps" and bool({"WordDocument", "CONTENTS"} & ole_names(data))


def soffice() -> str:
    """The LibreOffice program, or raise the error naming the command that installs it.

    Raises:
        MissingExtraError: LibreOffice is not installed.
    """
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise MissingExtraError("docx", "LibreOffice", purpose="reading a Word 97 or WPS file", install=INSTALL)
    return found


@contextlib.contextmanager
def _on_sigterm(cleanup: Callable[[], None]) -> Iterator[None]:
    """Within the block, SIGTERM first runs ``cleanup`` when the process would otherwise just die (the default
    action); a handler the program installed itself (the CLI's raises an exception) is left alone."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        cleanup()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _alive(group: int) -> bool:
    """True while a process of the group is alive (not a zombie); False where /proc cannot tell."""
    proc = Path("/proc")
    if not proc.is_dir():
        return False
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if len(fields) > 2 and fields[2] == str(group) and fields[0] != "Z":
                return True
    return False


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice's whole process group (soffice starts oosplash and soffice.bin), reap it, and wait
    until none of the group is alive (a process busy in the kernel dies a moment later)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while _alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def convert(data: bytes, suffix: str, *, timeout: float = TIMEOUT) -> bytes:
    """A Word 97 or WPS file converted to .docx by LibreOffice.

    Args:
        data: the file's bytes.
        suffix: the suffix the file is given for LibreOffice (``.doc`` or ``.wps``).
        timeout: seconds the conversion may take.

    Raises:
        MissingExtraError: LibreOffice is not installed.
        DocumentError: the conversion took too long or gave no .docx (a damaged file).
    """
    program = soffice()
    tmp = tempfile.mkdtemp(prefix="gkparse-lo-")
    proc: subprocess.Popen[bytes] | None = None

    def cleanup() -> None:
        if proc is not None and (proc.poll() is None or _alive(proc.pid)):
            _kill(proc)
        shutil.rmtree(tmp, ignore_errors=True)

    with _on_sigterm(cleanup):
        try:
            folder = Path(tmp)
            source = folder / f"report{suffix}"
            source.write_bytes(data)
            profile = (folder / "profile").as_uri()
            cmd = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo"]
            cmd += ["--convert-to", "docx", "--outdir", str(folder / "out"), str(source)]
            env = {**os.environ, "HOME": tmp, "TMPDIR": tmp}
            proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                env=env, start_new_session=True,
            )  # fmt: skip
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                raise DocumentError(f"LibreOffice took more than {timeout:g} s to convert the file: stopped") from None
            result = folder / "out" / "report.docx"
            if not result.is_file():
                raise DocumentError("LibreOffice could not convert the file to .docx (damaged, or not a Word file)")
            return result.read_bytes()
        finally:
            cleanup()


def _reader(kind: str, suffix: str) -> Callable[[bytes], DocContent]:
    def read(data: bytes) -> DocContent:
        from gkparse._read.formats.docx import read_docx

        content = read_docx(convert(data, suffix))
        return DocContent(kind, content.items, content.findings, layout="docx")

    read.__doc__ = f"Read a {suffix} report: LibreOffice converts it to .docx, read as a .docx."
    return read


DOC = Format(
    kind="doc",
    title="Word 97 .doc",
    suffixes=(".doc",),
    extra="docx",
    requires=("python-docx", "LibreOffice"),
    sniff=is_doc,
    read=_reader("doc", ".doc"),
    order=15,
)
WPS = Format(
    kind="wps",
    title="WPS .wps",
    suffixes=(".wps",),
    extra="docx",
    requires=("python-docx", "LibreOffice"),
    sniff=is_wps,
    read=_reader("wps", ".wps"),
    order=16,
)
FORMAT = DOC
FORMATS = (DOC, WPS)
"""The formats this module reads (the format table takes ``FORMATS`` where a module defines it)."""
