"""Atomic writes: a file or a folder appears whole or not at all (temp + rename).

Every service writes through these, so a crash or a cancel mid-write never leaves a half-written
report, checkpoint, cache or exported dataset behind. What appears gets the permissions any file
the user makes gets (their umask), not the private ones of a temporary file, and an error names
the user's path, not the temporary one.

JSON is written so that names from disks that are not UTF-8 survive: Python keeps such bytes as
lone surrogates, which UTF-8 cannot encode; they are written as ``\\udcXX`` escapes, which
``json.load`` turns back into the same string and ``os.fsencode`` into the same bytes.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

_SURROGATE = re.compile("[\ud800-\udfff]")


def umask() -> int:
    """The process's umask (from /proc where it can be read, so no other thread sees it change)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            return next(int(line.split()[1], 8) for line in fh if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError, IndexError):
        mask = os.umask(0o022)
        os.umask(mask)
        return mask


def _user_permissions(path: str, folder: bool = False) -> None:
    try:
        os.chmod(path, (0o777 if folder else 0o666) & ~umask())
    except OSError:
        pass  # a file system without permissions (FAT, some network shares)


def _named(exc: OSError, tmp: str, path: Path) -> OSError:
    """``exc`` about ``path`` instead of the temporary file it happened to (or about no file at all,
    as a full disk is: the user then learns which output it stopped)."""
    if exc.filename is None:
        exc.filename = os.fspath(path)
    else:
        name = os.fspath(exc.filename)
        if name == tmp or name.startswith(tmp + os.sep):
            exc.filename = os.fspath(path) + name[len(tmp):]
        elif name == os.fspath(path.parent / Path(tmp).name):
            exc.filename = os.fspath(path)
    return exc


def atomic_write(path, write: Callable[[str], Any]) -> None:
    """Call ``write(tmp_path)`` on a temporary sibling of ``path``, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        _user_permissions(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _named(exc, tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def displayable(text: str) -> str:
    """``text`` with bytes that are not UTF-8 shown as ``\\xNN`` (for Markdown, HTML, a terminal)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def write_text(path, text: str) -> None:
    """Text for people to read, as UTF-8; a name that is not valid UTF-8 shows its bytes as ``\\xNN``."""
    atomic_write(path, lambda tmp: Path(tmp).write_text(displayable(text), encoding="utf-8"))


def json_text(data, indent: int | None = 1, **dump_kwargs) -> str:
    """JSON that UTF-8 can always encode: lone surrogates (undecodable bytes of a file name) escaped."""
    text = json.dumps(data, indent=indent, **dump_kwargs)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_json(path, data, indent: int | None = 1, **dump_kwargs) -> None:
    text = json_text(data, indent=indent, **dump_kwargs)

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())

    atomic_write(path, write)


@contextmanager
def staged_folder(out) -> Iterator[Path]:
    """Build a new folder in a temporary sibling; it takes the name ``out`` only on success.

    ``out`` must not exist or be an empty folder (the caller checks and explains that to the user);
    a symlink to an empty folder is followed, the link itself stays.
    """
    out = Path(os.path.realpath(out)) if os.path.islink(out) else Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield tmp
        _user_permissions(str(tmp), folder=True)  # mkdtemp made it private
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _named(exc, str(tmp), out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
