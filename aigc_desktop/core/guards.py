"""Guards on every path a command writes to, and on the files it reads its settings from.

One rule for every command and for the GUI's services alike:

- an output is never at or inside a dataset's root, never one of its items and never a file of
  a training run it reads (symlinks are resolved first, so a link cannot smuggle a write in);
- an output file's folder must exist (no command makes a folder tree out of a typo), an output
  file is a file name, not a folder, a FIFO or a device;
- an output folder is new or empty (nothing is replaced silently); a symlink to an empty folder
  is followed, so the work is never done in vain and then refused at the rename;
- what a failed command created is removed again (:func:`remove_on_failure`).
"""
from __future__ import annotations

import os
import shutil
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union

from aigc_desktop.core.data.bounded import kind_of
from aigc_desktop.core.errors import UserError

PathLike = Union[str, os.PathLike]


def display(path: PathLike) -> str:
    """A path as a user reads it: names that are not valid UTF-8 show their bytes as ``\\xNN``."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def real(path: PathLike) -> Path:
    """``path`` with every symlink resolved, also when its last parts do not exist (yet)."""
    return Path(os.path.realpath(os.path.abspath(os.fspath(path))))


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


@dataclass
class Protected:
    """What an output must stay clear of: dataset roots (folders or files), single files (items
    outside a root, a run's own files) and, for each, the name the user knows it by."""

    trees: list[tuple[Path, str]] = field(default_factory=list)   # (resolved root, what it is)
    files: list[tuple[Path, str]] = field(default_factory=list)   # (resolved file, what it is)

    def add_tree(self, path: PathLike, what: str) -> "Protected":
        self.trees.append((real(path), what))
        return self

    def add_file(self, path: PathLike, what: str) -> "Protected":
        self.files.append((real(path), what))
        return self

    def extend(self, other: "Protected") -> "Protected":
        self.trees += other.trees
        self.files += other.files
        return self

    def clash(self, target: Path, is_folder: bool) -> Optional[str]:
        """Why writing ``target`` (resolved) would touch something protected, or None."""
        for root, what in self.trees:
            if _inside(target, root):
                return "is " + ("" if target == root else "inside ") + what
            if is_folder and _inside(root, target):
                return f"holds {what}"
        for file, what in self.files:
            if target == file:
                return f"is {what}"
            if is_folder and _inside(file, target):
                return f"holds {what}"
        return None


def _refuse_clash(path: PathLike, target: Path, protect: Optional[Protected], is_folder: bool, what: str) -> None:
    if target == Path(target.anchor):
        raise UserError(f"cannot write the {what} to {display(path)}: it is the root of the file system; choose "
                        "a new folder")
    why = protect.clash(target, is_folder) if protect else None
    if why:
        raise UserError(f"cannot write the {what} to {display(path)}: it {why}, which is only ever read; "
                        "choose a place outside it")


def _check_parent(path: Path, given: Path, what: str) -> None:
    """The folder that will hold ``path`` (resolved) exists and is writable; messages name ``given``."""
    parent = path.parent
    shown_parent = display(given.parent if str(given.parent) not in ("", ".") else parent)
    if not parent.is_dir():
        if parent.exists():
            raise UserError(f"cannot write the {what} {display(given)}: {shown_parent} is not a folder")
        raise UserError(f"cannot write the {what} {display(given)}: folder {shown_parent} does not exist "
                        "(create it first)")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UserError(f"cannot write the {what} {display(given)}: folder {shown_parent} is not writable "
                        "(permission denied)")


def given_path(path: PathLike, what: str) -> Path:
    """``path`` as a Path; an empty argument (``--out ""``), which Path would read as the current
    folder, is refused."""
    text = os.fspath(path)
    if not text:
        raise UserError(f"no {what} given: the path is empty")
    return Path(text)


def stat_of(path: PathLike, cannot: str, missing: Optional[str] = None) -> Optional[os.stat_result]:
    """``os.stat(path)``; None when nothing is there (or UserError(``missing``) when it is given),
    and one line starting with ``cannot`` and the system's reason when it cannot be looked at."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        if missing is None:
            return None
        raise UserError(missing) from None
    except ValueError:  # a NUL byte in the name
        raise UserError(f"{display(path)} is not a valid path") from None
    except OSError as exc:
        raise UserError(f"{cannot}: {exc.strerror or exc}") from None


def check_output_file(path: PathLike, what: str = "output file", protect: Optional[Protected] = None) -> Path:
    """Check that ``path`` may be written as a new or replaced file; returns it resolved.

    An existing regular file may be replaced (atomically, by the caller); anything else that
    exists there (a folder, a FIFO, a device) is refused, as is a missing folder above it.
    """
    p = given_path(path, what)
    st = stat_of(p, f"cannot write the {what} {display(p)}")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise UserError(f"cannot write the {what} to {display(p)}: it is {kind_of(st.st_mode)}; give a file name")
    target = real(p)
    _refuse_clash(p, target, protect, False, what)
    _check_parent(target, p, what)
    if st is not None and not os.access(target, os.W_OK):
        raise UserError(f"cannot write the {what} {display(p)}: the file is read-only (permission denied)")
    return target


def check_output_folder(path: PathLike, what: str = "output", protect: Optional[Protected] = None,
                        allow: Optional[callable] = None, beside: bool = False) -> Path:
    """Check that ``path`` is a new or empty folder to write into; returns it resolved (a symlink to
    an empty folder is followed). ``allow(resolved)`` may accept an existing, non-empty folder
    (a training run that is resumed). ``beside``: the writer only adds new files next to what the
    folder holds, never replacing one, so any folder is accepted that is not at or inside something
    protected (a folder that merely holds a dataset somewhere below is fine)."""
    p = given_path(path, what)
    target = real(p)
    _refuse_clash(p, target, protect, not beside, what)
    st = stat_of(target, f"cannot write the {what} {display(p)}")
    if st is not None:
        if not stat.S_ISDIR(st.st_mode):
            raise UserError(f"cannot write the {what} to {display(p)}: it is {kind_of(st.st_mode)}, not a folder")
        try:
            empty = not any(os.scandir(target))
        except OSError as exc:
            raise UserError(f"cannot write the {what} {display(p)}: {exc.strerror or exc}") from None
        if not empty and not beside and not (allow is not None and allow(target)):
            raise UserError(f"cannot write the {what} to {display(p)}: it already exists and is not empty; choose "
                            "a new or empty folder (nothing is overwritten)")
        if not os.access(target, os.W_OK | os.X_OK):
            raise UserError(f"cannot write the {what} {display(p)}: the folder is not writable (permission denied)")
    _check_parent(target, p, what)
    return target


# ------------------------------------------------------------------------------------ inputs
def check_input_file(path: PathLike, what: str = "file") -> Path:
    """An existing regular file to read; a FIFO, a device or a folder is refused before it is opened
    (opening a FIFO blocks forever; a device never ends)."""
    p = given_path(path, what)
    st = stat_of(p, f"{display(p)} cannot be read", missing=f"{display(p)} does not exist")
    if not stat.S_ISREG(st.st_mode):
        raise UserError(f"{display(p)} is {kind_of(st.st_mode)}, not a {what}")
    return p


# ------------------------------------------------------------------------------------ datasets
def protected_dataset(path: PathLike) -> Protected:
    """What of a DATASET argument (a folder, a file, a CSV manifest or a project) outputs must
    stay clear of, known before anything is decoded: its root and, for a project, each of its
    datasets' roots and the project file. Items outside a root are added by :func:`protect_items`."""
    p = Path(os.fspath(path))
    protect = Protected()
    if not os.path.exists(p):
        return protect
    if p.is_dir():
        return protect.add_tree(p, f"the dataset {display(p)}")
    protect.add_file(p, f"the dataset file {display(p)}")
    if p.suffix.lower() == ".csv":
        protect.add_tree(p.parent, f"the folder of the manifest {display(p)}")
    elif _is_sqlite(p):
        protect.extend(_protected_project(p))
    return protect


def _is_sqlite(p: Path) -> bool:
    from aigc_desktop.core.data.dataset_ref import is_project_file

    return is_project_file(p)


def _protected_project(p: Path) -> Protected:
    from aigc_desktop.core.data.catalog import Catalog

    protect = Protected()
    try:
        catalog = Catalog.open(p, read_only=True)
    except UserError:
        return protect  # the command itself reports what is wrong with the project
    with catalog:
        for info in catalog.datasets():
            protect.extend(protected_catalog_dataset(catalog, info.id))
    return protect


def protected_catalog_dataset(catalog, dataset_id: int) -> Protected:
    """A dataset of an open catalog: its root, its source file and its items outside the root."""
    info = catalog.dataset(dataset_id)
    protect = Protected()
    if info.root:
        kind = "the dataset" if os.path.isdir(info.root) else "the dataset file"
        protect.add_tree(info.root, f"{kind} {display(info.name)} ({display(info.root)})")
    if info.source_path and info.source_path != info.root:
        protect.add_file(info.source_path, f"the dataset file {display(info.source_path)}")
    if catalog.path is not None:
        protect.add_file(catalog.path, f"the project {display(catalog.path)}")
    return protect.extend(protect_items(catalog, dataset_id))


def protect_items(catalog, dataset_id: int) -> Protected:
    """The items of a dataset that live outside its root (CSV rows, symlinks), as protected files."""
    protect = Protected()
    root = catalog.dataset(dataset_id).root
    for rel in catalog.outside_root_paths(dataset_id):
        protect.add_file(os.path.join(root, rel), f"the dataset item {display(rel)}")
    return protect


def protected_run(run_dir: PathLike) -> Protected:
    """The files of a training run a command reads (its checkpoints, config and history)."""
    run = Path(os.fspath(run_dir))
    protect = Protected()
    for name in ("checkpoints", "samples"):
        protect.add_tree(run / name, f"the run's {name} folder")
    for name in ("config.json", "run.json", "history.json"):
        protect.add_file(run / name, f"the run's {name}")
    return protect


def protected_run_and_data(run_dir: PathLike) -> Protected:
    """A run's own files and the dataset it was trained on (its root is recorded in run.json)."""
    from aigc_desktop.core.training.runs import load_run

    protect = protected_run(run_dir)
    try:
        root = load_run(run_dir).dataset_root
    except UserError:
        root = ""  # the command itself reports what is wrong with the run
    if root:
        protect.extend(protected_dataset(root))
    return protect


# ------------------------------------------------------------------------------------ clean-up
@contextmanager
def remove_on_failure(paths: Iterable[PathLike], keep_if: Optional[callable] = None) -> Iterator[None]:
    """Remove each of ``paths`` that did not exist before the block when the block fails
    (cancelled or not), so a failed command leaves nothing of its own behind. ``keep_if(path)``
    may keep one (a training run that already committed a checkpoint)."""
    fresh = [p for p in map(_new_entry, paths) if p is not None]
    try:
        yield
    except BaseException:
        for p in fresh:
            if keep_if is not None and keep_if(p):
                continue
            _remove(p)
        raise


def _new_entry(path: PathLike) -> Optional[Path]:
    """The absolute path of the entry ``path`` would create, or None when it exists already or names
    no new entry of its own: an empty path is the current folder, and ``missing/..`` or ``x/.`` name
    a folder above, which a failed command must never remove."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    name = Path(text).name if text else ""
    if name in ("", ".", "..") or text.endswith((os.sep + ".", os.sep + "..")) or os.path.lexists(text):
        return None
    return Path(os.path.realpath(Path(text).parent)) / name


def _remove(p: Path) -> None:
    try:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
    except OSError:
        pass
    for suffix in ("-journal", "-wal", "-shm"):  # a SQLite project's companions
        try:
            Path(f"{p}{suffix}").unlink(missing_ok=True)
        except OSError:
            pass


def same_file(a: PathLike, b: PathLike) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return real(a) == real(b)


def protect_all(parts: Sequence[Protected]) -> Protected:
    out = Protected()
    for part in parts:
        out.extend(part)
    return out
