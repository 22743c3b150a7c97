"""Reading a file's bytes: regular files only, up to a size cap, never blocking.

One policy for [`parse_file`][gkparse.parse_file] and every command: a FIFO,
socket or device is refused before anything is read (the file is opened
non-blocking, so a FIFO without a writer cannot hang the caller), and a file
larger than the cap is refused from its size, before its bytes are read.
"""

from __future__ import annotations

import os
import stat

from gkparse.errors import InputError

_RAISE = "raise it with max_bytes=N or --max-bytes N"


def check_path(path: object, what: str = "path") -> str | bytes:
    """``path`` as a str or bytes file name.

    Raises:
        InputError: ``path`` is not a str, bytes or ``os.PathLike``, or holds a NUL character.
    """
    if not isinstance(path, str | bytes | os.PathLike):
        raise InputError(f"the {what} must be a str or a path, not {type(path).__name__}")
    name = os.fspath(path)
    if (name.find("\0") if isinstance(name, str) else name.find(b"\0")) >= 0:
        raise InputError(f"the {what} holds a NUL character: {name!r}")
    return name


def check_cap(max_bytes: object) -> int:
    """``max_bytes`` checked: a whole number of at least 1.

    Raises:
        InputError: it is not.
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise InputError(f"max_bytes must be a whole number of at least 1, not {max_bytes!r}")
    return max_bytes


def read_file(path: str | bytes | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of a regular file, at most ``max_bytes``; never blocks on a FIFO or device.

    Raises:
        InputError: not a regular file, larger than ``max_bytes``, or cannot be read.
    """
    name = check_path(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror or e}") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("not a regular file (a folder, FIFO, socket or device): not read")
        if info.st_size > max_bytes:
            raise InputError(f"too large: {info.st_size} bytes, more than the cap of {max_bytes} ({_RAISE})")
        try:
            data = fh.read(max_bytes + 1)
        except OSError as e:
            raise InputError(f"cannot read the file: {e.strerror or e}") from None
    if len(data) > max_bytes:
        raise InputError(f"too large: more than the cap of {max_bytes} bytes ({_RAISE})")
    return data
