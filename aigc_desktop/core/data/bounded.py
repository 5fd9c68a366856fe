"""The one way files are read: regular files only, and never more bytes than a limit.

Every source reads through here, so a FIFO, a device (``/dev/zero``), a file that grows without
end or a small compressed file that inflates to gigabytes is refused with a reason instead of
hanging the app or exhausting its memory:

- :func:`open_regular` opens without blocking and refuses anything but a regular file (opening a
  FIFO for reading would wait forever for a writer);
- :func:`read_limited` reads a whole file only when it is within a limit;
- :func:`read_exactly` reads a declared number of bytes from a (maybe compressed) stream, after
  the caller has checked the declared size against :data:`MAX_ARRAY_BYTES` *before* inflating;
- :func:`array_bytes` multiplies a declared shape in Python integers (``np.prod`` wraps around
  for headers such as 65536⁴ and would let a huge array through).
"""
from __future__ import annotations

import math
import os
import stat
from typing import BinaryIO, Iterable

MAX_FILE_BYTES = 1024**3          # one image or manifest file
MAX_ARRAY_BYTES = 2 * 1024**3     # one decoded IDX or .npz array
MAX_TEXT_BYTES = 512 * 1024**2    # a JSON report or a run file


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a folder, not a file to read."""


class TooLarge(ValueError):
    """A file, or the array it declares, is beyond the limit."""


def kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path) -> BinaryIO:
    """Open ``path`` for reading in binary mode; NotRegularFile for anything but a regular file.

    The open itself never blocks (``O_NONBLOCK``, which a regular file ignores), and the type is
    checked on the open descriptor, so a path swapped for a FIFO in between is caught too.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(f"{kind_of(st.st_mode)}, not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (TooLarge beyond it)."""
    with open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise TooLarge(f"the file holds {size:,} bytes, more than the limit of {limit:,}")
        data = fh.read(limit + 1)
    if len(data) > limit:  # it grew while being read
        raise TooLarge(f"the file holds more than the limit of {limit:,} bytes")
    return data


def read_for_user(path, limit: int, shown: str, what: str) -> bytes:
    """:func:`read_limited` with each way it can fail as one UserError naming the file as the user
    knows it (``shown``) and what it was expected to be (``what``: "a scan report")."""
    from aigc_desktop.core.errors import UserError

    try:
        return read_limited(path, limit)
    except FileNotFoundError:
        raise UserError(f"{shown} is missing") from None
    except NotRegularFile as exc:
        raise UserError(f"{shown} cannot be read as {what}: it is {exc}") from None
    except TooLarge as exc:
        raise UserError(f"{shown} is too large for {what}: {exc}") from None
    except OSError as exc:
        raise UserError(f"{shown} cannot be read: {exc.strerror or exc}") from None


def array_bytes(shape: Iterable[int], itemsize: int) -> int:
    """Bytes of an array of ``shape``, in Python integers (no overflow)."""
    return math.prod(int(n) for n in shape) * int(itemsize)


def check_array_size(shape: Iterable[int], itemsize: int, what: str, limit: int = MAX_ARRAY_BYTES) -> int:
    """The declared size of an array, or TooLarge naming ``what`` before anything is inflated."""
    shape = tuple(int(n) for n in shape)
    size = array_bytes(shape, itemsize)
    if size > limit:
        raise TooLarge(f"{what} declares an array of shape {shape} ({_gib(size)}), more than the limit of "
                       f"{_gib(limit)}")
    return size


def read_exactly(stream: BinaryIO, n: int) -> bytes:
    """Exactly ``n`` bytes of ``stream`` (fewer only at its end), read in bounded chunks."""
    chunks, left = [], n
    while left > 0:
        chunk = stream.read(min(left, 64 * 1024**2))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _gib(n: int) -> str:
    return f"{n / 1024**3:.2f} GiB" if n >= 1024**3 / 100 else f"{n / 1024**2:.1f} MiB"
