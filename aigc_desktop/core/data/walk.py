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


@dataclass
class Listing:
    files: list[str] = field(default_factory=list)        # relative POSIX paths, sorted
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
    stack: list[tuple[str, str]] = [(root_str, "")]
    while stack:
        if cancel is not None:
            cancel.raise_if_cancelled()
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as entries:
                entries = list(entries)
        except OSError as exc:
            out.errors.append(f"cannot read folder {prefix or '.'}: {exc.strerror or exc}")
            continue
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
                    out.skipped_non_image[_extension(entry.name)] = \
                        out.skipped_non_image.get(_extension(entry.name), 0) + 1
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in seen:
                    out.skipped_symlink_loops += 1
                    continue
                seen.add(key)
                stack.append((entry.path, rel + "/"))
            elif not is_image:
                ext = _extension(entry.name)
                out.skipped_non_image[ext] = out.skipped_non_image.get(ext, 0) + 1
            elif stat.S_ISREG(st.st_mode):
                out.files.append(rel)
            else:  # a FIFO or device named like an image: opening it could block forever
                out.unreadable[rel] = "not a regular file"
    out.files.sort()
    return out
