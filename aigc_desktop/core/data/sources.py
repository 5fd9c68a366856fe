"""Dataset sources: every format the app reads, detected automatically, read-only.

A source lists its items in a stable order and decodes them in parallel: in worker processes for
big datasets when cores are idle (for small images the per-file work is Python holding the GIL,
so threads do not help; see :mod:`~aigc_desktop.core.data.processes`), else in threads (PIL and
zlib release the GIL while decoding big images). Either way the records are the same. IDX and
``.npz`` items need no file decoding: their pixels are slices of one array. A source never
writes to, moves or deletes anything under its root.

Longer than most modules on purpose: every format is a small subclass of one DatasetSource, and
they read best side by side.
"""
from __future__ import annotations

import csv
import functools
import io
import os
import posixpath
import stat
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

import numpy as np

from aigc_desktop.core.data import arrays, bounded, processes
from aigc_desktop.core.data.decode import (IMAGE_EXTENSIONS, Decoded, corrupt, decode_file, decode_summaries,
                                           pixel_hash, summary_of)
from aigc_desktop.core.data.walk import Listing, RootResolver, list_images
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.guards import display, given_path, stat_of
from aigc_desktop.core.jobs import CancelToken, Job, JobContext, Progress, Throttle

FORMATS_ACCEPTED = ("a folder of images, an ImageFolder tree (one sub-folder per class), a CSV manifest "
                    "(path,label), an IDX image file (MNIST format, optionally gzip), an .npz with arrays "
                    "x and optional y, or a project file (.aigc)")
PROJECT_SUFFIX = ".aigc"
_BATCH = 64  # files per decoding task: big enough to amortise the pool, small enough to cancel fast
_PROCESS_BATCH = 128  # files per task sent to a worker process (a few ms of work for small images)

PATH_COLUMNS = ("path", "file", "filename", "file_name", "image", "filepath")
LABEL_COLUMNS = ("label", "class", "y", "target", "category")


@dataclass
class ItemRecord:
    path: str
    label: Optional[str]
    width: int
    height: int
    mode: str
    nbytes: int
    pixel_hash: str
    status: str
    reason: str
    detail: str
    extra: dict = field(default_factory=dict)
    outside_root: bool = False  # the file resolves outside the dataset's root (a symlink, a CSV row)


@dataclass
class ImportSummary:
    n_items: int = 0
    n_ok: int = 0
    n_corrupt: int = 0
    corrupt_by_reason: dict[str, int] = field(default_factory=dict)
    skipped_non_image: dict[str, int] = field(default_factory=dict)
    skipped_hidden: int = 0
    skipped_symlink_loops: int = 0
    errors: list[str] = field(default_factory=list)

    def count(self, record: ItemRecord) -> None:
        self.n_items += 1
        if record.status == "ok":
            self.n_ok += 1
        else:
            self.n_corrupt += 1
            self.corrupt_by_reason[record.reason] = self.corrupt_by_reason.get(record.reason, 0) + 1


class DatasetSource:
    """Base of every format. ``records()`` is a job returning every item; it fills in ``summary``."""

    kind = ""

    def __init__(self, path: os.PathLike | str) -> None:
        self.source_path = Path(path)  # what the user gave: the folder, the CSV or the array file
        self.root = self.source_path
        self.name = self.source_path.stem if self.source_path.is_file() else self.source_path.name
        self.summary = ImportSummary()

    def records(self, ctx: JobContext) -> Job[list[ItemRecord]]:
        raise NotImplementedError

    def read(self, path: str) -> Decoded:
        """Decode one item (by its relative path); a bad item comes back corrupt, never raises."""
        raise NotImplementedError

    def file_of(self, path: str) -> Path:
        """The file on disk that holds the item ``path`` (what "Reveal in folder" shows)."""
        return self.root / path

    def load(self, path: str) -> np.ndarray:
        """The pixels of one item; UserError when it cannot be read."""
        decoded = self.read(path)
        if decoded.pixels is None:
            raise UserError(f"{path} cannot be read ({decoded.reason.replace('_', ' ')}: {decoded.detail})")
        return decoded.pixels


class _FileSource(DatasetSource):
    """Items are image files under ``root``, decoded in threads or worker processes."""

    def _items(self, cancel: Optional[CancelToken]) -> list[tuple[str, Optional[str], dict]]:
        """(relative path, label, extra columns) of every item, in import order."""
        raise NotImplementedError

    def _known_unreadable(self) -> dict[str, str]:
        return {}

    def _outside_root(self) -> set[str]:
        """Relative paths of the items that resolve outside the root."""
        return set()

    def read(self, path: str) -> Decoded:
        return decode_file(os.path.join(self.root, path))

    def records(self, ctx: JobContext) -> Job[list[ItemRecord]]:
        self.summary = ImportSummary()
        items = self._items(ctx.cancel)
        unreadable = self._known_unreadable()
        outside = self._outside_root()
        report = Throttle()
        total = len(items)
        message = f"decoding {display(self.name)}"
        to_decode = [rel for rel, _, _ in items if rel not in unreadable]
        summaries = self._summaries(to_decode, ctx.workers, ctx.cancel)
        records = []
        yield from report(Progress("import", 0, total, message))
        try:
            for done, (rel, label, extra) in enumerate(items, 1):
                why = unreadable.get(rel)
                if why:
                    record = ItemRecord(rel, label, 0, 0, "", 0, "", "corrupt", "unreadable_path", why,
                                        extra or {})
                else:
                    record = ItemRecord(rel, label, *next(summaries), extra or {})
                record.outside_root = rel in outside
                self.summary.count(record)
                records.append(record)
                if done % _BATCH == 0 or done == total:
                    yield from report(Progress("import", done, total, message))
        finally:
            summaries.close()  # stops worker threads or processes now, also on an error or a cancel
        return records

    def _summaries(self, paths: list[str], workers: int, cancel: Optional[CancelToken]) -> Iterator[tuple]:
        """:func:`~aigc_desktop.core.data.decode.summary_of` every path, in order.

        Worker processes read ``root/path`` as :meth:`read` does; what ``read`` adds for some
        paths (a CSV row without a path) comes from :meth:`_known_unreadable` instead.
        """
        extra_processes = processes.processes_for(len(paths), workers)
        if extra_processes:
            tasks = [paths[i:i + _PROCESS_BATCH] for i in range(0, len(paths), _PROCESS_BATCH)]
            chunks = processes.process_map(functools.partial(decode_summaries, os.fspath(self.root)),
                                           tasks, extra_processes, cancel)
        else:
            def summarise(batch: list[str]) -> list[tuple]:
                return [summary_of(self.read(rel)) for rel in batch]

            tasks = [paths[i:i + _BATCH] for i in range(0, len(paths), _BATCH)]
            chunks = parallel_map(summarise, tasks, workers, cancel)
        for chunk in chunks:
            yield from chunk


def parallel_map(fn: Callable, tasks: list, workers: int, cancel: Optional[CancelToken]) -> Iterator:
    """``map(fn, tasks)`` on a thread pool, in order, with a bounded queue and prompt cancel."""
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            if cancel is not None:
                cancel.raise_if_cancelled()
            yield fn(task)
        return
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="aigc-decode") as pool:
        pending = []
        it = iter(tasks)
        try:
            for task in it:
                pending.append(pool.submit(fn, task))
                if len(pending) >= 2 * workers:
                    break
            while pending:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                result = pending.pop(0).result()
                task = next(it, None)
                if task is not None:
                    pending.append(pool.submit(fn, task))
                yield result
        finally:
            for future in pending:
                future.cancel()


class FolderSource(_FileSource):
    """A folder of images; everything under it, unlabelled."""

    kind = "folder"

    def __init__(self, path, listing: Optional[Listing] = None) -> None:
        super().__init__(path)
        self._listing = listing

    def listing(self, cancel: Optional[CancelToken] = None) -> Listing:
        if self._listing is None:
            self._listing = list_images(self.root, cancel)
        return self._listing

    def _label(self, rel: str) -> Optional[str]:
        return None

    def _items(self, cancel):
        listing = self.listing(cancel)
        return [(rel, self._label(rel), {}) for rel in listing.all_items]

    def _known_unreadable(self) -> dict[str, str]:
        return self.listing().unreadable

    def _outside_root(self) -> set[str]:
        return self.listing().outside

    def records(self, ctx: JobContext) -> Job[list[ItemRecord]]:
        records = yield from super().records(ctx)
        listing = self.listing()
        self.summary.skipped_non_image = dict(sorted(listing.skipped_non_image.items()))
        self.summary.skipped_hidden = listing.skipped_hidden
        self.summary.skipped_symlink_loops = listing.skipped_symlink_loops
        self.summary.errors = list(listing.errors)
        return records


class ImageFolderSource(FolderSource):
    """One sub-folder per class; images directly under the root have no label."""

    kind = "imagefolder"

    def _label(self, rel: str) -> Optional[str]:
        head, sep, _ = rel.partition("/")
        return head if sep else None


class CsvSource(_FileSource):
    """A CSV manifest: a path column (relative to the CSV's folder), an optional label column and
    any further columns, kept as ``extra``. Items keep the manifest's row order.

    The columns are found by their header's names (``path``, ``label`` and their synonyms); a
    header with other names (``image_path,cls``) is recognised by its content: the column whose
    cells are image files below it is the path, a label-like name or the next column the label."""

    kind = "csv"

    def __init__(self, path) -> None:
        super().__init__(path)
        self.root = self.source_path.parent
        self._outside: set[str] = set()

    def _rows(self) -> list[list[str]]:
        name = display(self.source_path.name)
        data = bounded.read_for_user(self.source_path, bounded.MAX_FILE_BYTES, name, "a manifest")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserError(f"{name} is not UTF-8 text; save the manifest as UTF-8 CSV") from None
        try:
            return [row for row in csv.reader(io.StringIO(text, newline=""))
                    if any(cell.strip() for cell in row)]
        except csv.Error as exc:
            raise UserError(f"{name} is not a valid CSV file: {exc}") from None

    def _items(self, cancel):
        rows = self._rows()
        if not rows:
            raise UserError(f"{display(self.source_path.name)} is empty; expected rows of path,label")
        path_col, label_col, has_header = detect_columns(rows, self.root)
        if has_header:
            names, rows = [cell.strip() for cell in rows[0]], rows[1:]
            if not rows:
                raise UserError(f"{display(self.source_path.name)} has a header but no rows; expected rows of "
                                "path,label below it")
        else:
            names = ["path", "label"] + [f"column{i}" for i in range(2, max(len(r) for r in rows))]
        resolver = RootResolver(self.root)
        items, self._outside = [], set()
        for row in rows:
            rel = _manifest_path(row[path_col] if path_col < len(row) else "")
            label = row[label_col].strip() if label_col is not None and label_col < len(row) else ""
            extra = {names[i] if i < len(names) and names[i] else f"column{i}": value
                     for i, value in enumerate(row) if i not in (path_col, label_col)}
            items.append((rel, label or None, extra))
            if rel and rel not in self._outside:  # every row: links are common on shared drives
                try:
                    if resolver.outside(os.path.join(self.root, rel)):
                        self._outside.add(rel)
                except (OSError, ValueError):
                    pass  # an unreadable path is reported as such when it is read
        return items

    def _outside_root(self) -> set[str]:
        return self._outside

    def _known_unreadable(self) -> dict[str, str]:
        return {"": _EMPTY_MANIFEST_PATH}

    def read(self, path: str) -> Decoded:
        if not path:
            return corrupt("unreadable_path", _EMPTY_MANIFEST_PATH)
        return decode_file(os.path.join(self.root, path))


_EMPTY_MANIFEST_PATH = "the manifest row has an empty path"
_PATH_WORDS = ("path", "file", "image", "img", "location", "src", "uri")
_LABEL_WORDS = ("label", "class", "cls", "target", "categor", "tag")


def _looks_like_image_path(cell: str) -> bool:
    return os.path.splitext(cell.strip())[1].lower() in IMAGE_EXTENSIONS


def detect_columns(rows: list[list[str]], root) -> tuple[int, Optional[int], bool]:
    """(path column, label column or None, whether the first row is a header) of a manifest."""
    header = [cell.strip().lower() for cell in rows[0]]
    path_col = next((header.index(c) for c in PATH_COLUMNS if c in header), None)
    if path_col is not None:
        label_col = next((header.index(c) for c in LABEL_COLUMNS if c in header), None)
        return path_col, label_col, True
    width = max(len(r) for r in rows)
    body = rows[1:101]
    share = [sum(1 for r in body if i < len(r) and _looks_like_image_path(r[i])) / max(len(body), 1)
             for i in range(width)]
    best = max(range(width), key=lambda i: share[i])

    def names_a_file(i: int) -> bool:
        cell = rows[0][i] if i < len(rows[0]) else ""
        return _looks_like_image_path(cell) or _is_file(os.path.join(root, _manifest_path(cell) or "."))

    def label_beside(path_col: int) -> Optional[int]:
        named = [i for i, h in enumerate(header) if i != path_col and any(w in h for w in _LABEL_WORDS)]
        others = [i for i in range(width) if i != path_col]
        return named[0] if named else (others[0] if others else None)

    if share[best] >= 0.5:  # the rows below show which column holds the paths
        if not names_a_file(best):  # then the first row is a header with names we do not know
            return best, label_beside(best), True
        return best, (label_beside(best) if best else (1 if width > 1 else None)), False
    wordy = [i for i, h in enumerate(header) if any(w in h for w in _PATH_WORDS)]
    if wordy and not any(names_a_file(i) for i in range(len(rows[0]))):  # "image_path,cls" over odd rows
        return wordy[0], label_beside(wordy[0]), True
    return 0, (1 if len(rows[0]) > 1 else None), False


def _is_file(path: str) -> bool:
    try:
        return os.path.isfile(path)
    except (OSError, ValueError):  # a NUL in the cell, say
        return False


def _manifest_path(text: str) -> str:
    text = text.strip().replace("\\", "/")
    return posixpath.normpath(text) if text else ""


class ArraySource(DatasetSource):
    """Items are slices of one (N, H, W[, C]) uint8 array; keys are ``"{name}#{index:06d}"`` (only the
    index after ``#`` addresses the item, so keys written under an older naming still read)."""

    def __init__(self, path) -> None:
        super().__init__(path)
        self.name = arrays.readable_stem(self.source_path)  # "mnist-t10k", not "mnist-t10k-images-idx3-ubyte.gz"
        self._images: Optional[np.ndarray] = None
        self._labels: Optional[list[Optional[str]]] = None

    def _read_arrays(self) -> tuple[np.ndarray, Optional[list[Optional[str]]]]:
        raise NotImplementedError

    def arrays(self) -> tuple[np.ndarray, Optional[list[Optional[str]]]]:
        if self._images is None:
            self._images, self._labels = self._read_arrays()
        return self._images, self._labels

    def key(self, index: int) -> str:
        return f"{self.name}#{index:06d}"

    def file_of(self, path: str) -> Path:
        return self.source_path  # every item lives inside the one array file

    def index(self, path: str) -> int:
        _, sep, number = path.rpartition("#")
        images, _ = self.arrays()
        if not sep or not number.isdigit() or int(number) >= len(images):
            raise UserError(f"{path} is not an item of {self.source_path.name}")
        return int(number)

    def read(self, path: str) -> Decoded:
        pixels = self.arrays()[0][self.index(path)]
        if not pixels.size:
            return corrupt("not_an_image", _NO_PIXELS.format(*pixels.shape[:2]), 0, pixels.shape[1],
                           pixels.shape[0], _array_mode(pixels))
        return Decoded(pixels, pixels.shape[1], pixels.shape[0], _array_mode(pixels), pixels.nbytes,
                       "ok", "", "")

    def records(self, ctx: JobContext) -> Job[list[ItemRecord]]:
        self.summary = ImportSummary()
        images, labels = self.arrays()
        n = len(images)
        report = Throttle()
        mode = _array_mode(images[0]) if n else "L"
        h, w = images.shape[1:3]
        nbytes = images[0].nbytes if n else 0
        empty = h * w == 0  # (N, 0, 0): no image has a pixel
        records = []
        for i in range(n):
            if i % 1024 == 0:
                ctx.cancel.raise_if_cancelled()
                yield from report(Progress("import", i, n, f"reading {display(self.name)}"))
            label = labels[i] if labels is not None else None
            if empty:
                record = ItemRecord(self.key(i), label, w, h, mode, 0, "", "corrupt", "not_an_image",
                                    _NO_PIXELS.format(h, w), {})
            else:
                record = ItemRecord(self.key(i), label, w, h, mode, nbytes, pixel_hash(images[i]), "ok", "", "", {})
            self.summary.count(record)
            records.append(record)
        yield from report(Progress("import", n, n, f"reading {display(self.name)}"))
        return records


_NO_PIXELS = "the array's images are {}x{} pixels: there is nothing to read"


def _array_mode(pixels: np.ndarray) -> str:
    return {2: "L"}.get(pixels.ndim) or {3: "RGB", 4: "RGBA"}[pixels.shape[-1]]


class IdxSource(ArraySource):
    """An IDX image file (MNIST format, gzip or plain) and the label file found beside it."""

    kind = "idx"

    def __init__(self, path, labels_path: Optional[Path] = None) -> None:
        super().__init__(path)
        self.labels_path = labels_path or arrays.find_idx_labels(self.source_path)

    def _read_arrays(self):
        x = arrays.read_idx(self.source_path)
        if x.ndim == 1:
            raise UserError(f"{self.source_path.name} holds labels, not images; pass the images file "
                            "(the labels file beside it is found automatically)")
        images = arrays.as_images(x, self.source_path.name)
        labels = None
        if self.labels_path is not None:
            labels = arrays.label_strings(arrays.read_idx(self.labels_path), len(images), self.labels_path.name)
        return images, labels


class NpzSource(ArraySource):
    """An ``.npz`` with ``x`` (N, H, W[, C]) and optional ``y`` (N,)."""

    kind = "npz"

    def _read_arrays(self):
        x, y = arrays.read_npz(self.source_path)
        images = arrays.as_images(x, f"{self.source_path.name}: x")
        labels = arrays.label_strings(y, len(images), f"{self.source_path.name}: y") if y is not None else None
        return images, labels


SOURCE_KINDS = {cls.kind: cls for cls in (FolderSource, ImageFolderSource, CsvSource, IdxSource, NpzSource)}


def source_for(kind: str, path) -> DatasetSource:
    """Reopen a source of a known kind without detecting it again (used by the catalog)."""
    if kind not in SOURCE_KINDS:
        raise UserError(f"unknown dataset kind {kind!r}")
    if not os.path.exists(path):
        raise UserError(f"{path} no longer exists; the dataset's files were moved or deleted")
    return SOURCE_KINDS[kind](path)


def open_source(path, cancel: Optional[CancelToken] = None) -> DatasetSource:
    """Detect the format of ``path`` and open it. UserError when it is none of FORMATS_ACCEPTED."""
    p = given_path(path, "dataset")
    shown = display(p)
    not_dataset = f"{shown} is not a dataset this app can read: expected {FORMATS_ACCEPTED}"
    st = stat_of(p, f"{shown} cannot be read", missing=f"{shown} does not exist")
    if stat.S_ISDIR(st.st_mode):
        listing = list_images(p, cancel)
        if not listing.files and not listing.unreadable:
            if listing.errors:
                raise UserError(f"{shown} cannot be read: {listing.errors[0]}")
            raise UserError(f"{shown} holds no image files; expected {FORMATS_ACCEPTED}")
        nested = any("/" in rel for rel in listing.all_items)
        return (ImageFolderSource if nested else FolderSource)(p, listing)
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block the import forever, a device never ends
        raise UserError(f"{shown} is {bounded.kind_of(st.st_mode)}, not a dataset; expected {FORMATS_ACCEPTED}")
    suffix = p.suffix.lower()
    if suffix == PROJECT_SUFFIX:
        raise UserError(f"{shown} is a project file, not a dataset; open it as a project")
    if suffix == ".csv":
        return CsvSource(p)
    if suffix == ".npz":
        return NpzSource(p)
    if not os.access(p, os.R_OK):
        raise UserError(f"{shown} cannot be read: permission denied")
    if arrays.looks_like_idx(p):
        return IdxSource(p)
    raise UserError(not_dataset)
