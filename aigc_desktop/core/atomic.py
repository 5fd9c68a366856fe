"""Atomic writes: a file or a folder appears whole or not at all (temp + rename).

Every service writes through these, so a crash or a cancel mid-write never leaves a half-written
report, checkpoint, cache or exported dataset behind.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator


def atomic_write(path, write: Callable[[str], Any]) -> None:
    """Call ``write(tmp_path)`` on a temporary sibling of ``path``, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path, text: str) -> None:
    atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def write_json(path, data, indent: int | None = 1, **dump_kwargs) -> None:
    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=indent, **dump_kwargs)
            fh.flush()
            os.fsync(fh.fileno())

    atomic_write(path, write)


@contextmanager
def staged_folder(out) -> Iterator[Path]:
    """Build a new folder in a temporary sibling; it takes the name ``out`` only on success.

    ``out`` must not exist or be an empty folder (the caller checks and explains that to the user).
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield tmp
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
