"""List the image files under a folder: iterative (no recursion limit), loop-safe, read-only.

Dot-folders and dot-files are skipped but counted; files without an image extension are counted
by extension; a symlink to a folder already walked (a loop, or a second way to the same folder)
is followed once only. Names that are not valid UTF-8 keep Python's surrogate escapes, so a
relative path from here opens the file again with ``root / path``.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from aigc_desktop.core.data.decode import IMAGE_EXTENSIONS
from aigc_desktop.core.jobs import CancelToken

_HIDDEN_ATTRIBUTE = stat.FILE_ATTRIBUTE_HIDDEN if os.name == "nt" else 0
try:
    _PATH_MAX = os.pathconf("/", "PC_PATH_MAX")
except (OSError, ValueError, AttributeError):
    _PATH_MAX = 4096


@dataclass
class Listing:
    files: list[str] = field(default_factory=list)        # relative POSIX paths, sorted
    outside: set[str] = field(default_factory=set)        # files reached through a link out of the root
    unreadable: dict[str, str] = field(default_factory=dict)  # image-named entries not to open -> why
    skipped_non_image: dict[str, int] = field(default_factory=dict)
    skipped_hidden: int = 0
    skipped_symlink_loops: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def all_items(self) -> list[str]:
        return sorted([*self.files, *self.unreadable])


def _is_hidden(entry: os.DirEntry) -> bool:
    if entry.name.startswith("."):
        return True
    if _HIDDEN_ATTRIBUTE:  # Windows' hidden attribute
        try:
            return bool(entry.stat(follow_symlinks=False).st_file_attributes & _HIDDEN_ATTRIBUTE)
        except OSError:
            return False
    return False


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower() or "(none)"


class RootResolver:
    """Tells whether a path resolves outside a root folder (through a symlink or ``..``), with one
    ``realpath`` per folder and one ``lstat`` per file."""

    def __init__(self, root) -> None:
        self.root = os.path.realpath(os.fspath(root))
        self._prefix = self.root.rstrip(os.sep) + os.sep
        self._folders: dict[str, str] = {}

    def outside(self, path) -> bool:
        folder, name = os.path.split(os.path.abspath(os.fspath(path)))
        real_folder = self._folders.get(folder)
        if real_folder is None:
            real_folder = self._folders[folder] = os.path.realpath(folder)
        full = os.path.join(real_folder, name)
        if os.path.islink(full):
            full = os.path.realpath(full)
        return not (full == self.root or full.startswith(self._prefix))


_TOO_LONG = ("the path is {} bytes long, beyond what the system can open ({} bytes); move or rename a folder "
             "above it to read it")


def _open_nested(root: str, prefix: str) -> int:
    """A descriptor of ``root/prefix`` opened name by name (each open relative to the last)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    fd = os.open(root, flags)
    try:
        for part in prefix.strip("/").split("/"):
            inner = os.open(part, flags, dir_fd=fd)
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def _sort_entries(out: Listing, entries, folder: str, prefix: str, via_link: bool, too_deep: bool, seen: set,
                  stack: list, resolver: "RootResolver") -> None:
    """File the entries of one folder into ``out``; push its sub-folders onto ``stack``."""
    for entry in entries:
        rel = prefix + entry.name
        if _is_hidden(entry):
            out.skipped_hidden += 1
            continue
        is_image = _extension(entry.name) in IMAGE_EXTENSIONS
        try:
            st = entry.stat()  # follows symlinks
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                out.skipped_symlink_loops += 1
            elif is_image:
                out.unreadable[rel] = f"broken link or unreadable entry: {exc.strerror or exc}"
            else:
                out.skipped_non_image[_extension(entry.name)] = out.skipped_non_image.get(_extension(entry.name), 0) + 1
            continue
        linked = via_link or entry.is_symlink()
        path = os.path.join(folder, entry.name)
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen:
                out.skipped_symlink_loops += 1
                continue
            seen.add(key)
            stack.append((path, rel + "/", linked))
        elif not is_image:
            ext = _extension(entry.name)
            out.skipped_non_image[ext] = out.skipped_non_image.get(ext, 0) + 1
        elif len(os.fsencode(path)) >= _PATH_MAX:
            out.unreadable[rel] = _TOO_LONG.format(len(os.fsencode(path)), _PATH_MAX)
        elif stat.S_ISREG(st.st_mode):
            out.files.append(rel)
            if linked and resolver.outside(path):
                out.outside.add(rel)
        else:  # a FIFO or device named like an image: opening it could block forever
            out.unreadable[rel] = "not a regular file"


def list_images(root: Path, cancel: Optional[CancelToken] = None) -> Listing:
    """Walk ``root`` and sort what is under it into image files and counted skips."""
    out = Listing()
    root_str = os.fspath(root)
    try:
        root_stat = os.stat(root_str)
    except OSError as exc:
        out.errors.append(f"cannot read folder {root_str}: {exc.strerror or exc}")
        return out
    seen = {(root_stat.st_dev, root_stat.st_ino)}
    resolver = RootResolver(root_str)
    stack: list[tuple[str, str, bool]] = [(root_str, "", False)]
    while stack:
        if cancel is not None:
            cancel.raise_if_cancelled()
        folder, prefix, via_link = stack.pop()
        fd = None
        try:
            if len(os.fsencode(folder)) + 256 < _PATH_MAX:
                with os.scandir(folder) as found:
                    entries = list(found)
            else:
                # near or beyond the system's path limit: reach the folder one name at a time, so its
                # files are listed (as unreadable, with the reason) instead of silently missing
                fd = _open_nested(root_str, prefix)
                with os.scandir(fd) as found:
                    entries = list(found)
        except OSError as exc:
            if fd is not None:
                os.close(fd)
            out.errors.append(f"cannot read folder {prefix or '.'}: {exc.strerror or exc}")
            continue
        try:
            _sort_entries(out, entries, folder, prefix, via_link, fd is not None, seen, stack, resolver)
        finally:
            if fd is not None:
                os.close(fd)
    out.files.sort()
    return out
