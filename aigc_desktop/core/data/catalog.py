"""The project catalog: one SQLite file (``*.aigc``) with datasets, their items and the user's edits.

Every write is one transaction: an import that fails or is cancelled leaves the project exactly as
it was. The schema version lives in ``PRAGMA user_version`` and older projects are migrated forward
on open; see :mod:`aigc_desktop.core.data.schema` for how another service adds its own tables
(append a script to ``schema.MIGRATIONS``, then write them inside ``Catalog.transaction()``).

A project that is not a catalog, is locked by another program, is read-only (on a write) or was
made by a newer version of the app raises :class:`UserError` with a one-line message.

One catalog may be used from several threads (a GUI thread and workers); calls are serialised by
a lock, and decoding during an import happens outside it.

At 200k items: ``items()`` reads the dataset's packed columns (:mod:`item_columns`, written by the
import) plus the live edits, and keeps the table until anything is written (by this connection
or another); ``summary()`` and ``counts()`` are counted by SQLite over an index; an edit looks
its ids up by key. ``benchmarks/catalog_scale.py`` has the figures.

Longer than most modules on purpose: the catalog is one connection with one lock and one item
cache, and its methods (opening and migrating, datasets, items, edits, counts) all go through them.
Versions and scans have repositories of their own (``version_records``, ``scan_records``).
"""
from __future__ import annotations

import dataclasses
import datetime
import json
import os
import sqlite3
import threading
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Sequence, Union
from urllib.parse import quote
from urllib.request import pathname2url

import numpy as np

from aigc_desktop.core.data import bounded, item_columns, schema
from aigc_desktop.core.data.info import natural_key, summary_from_counts
from aigc_desktop.core.data.db_text import PATH_ERRORS, text_from_db, text_to_db
from aigc_desktop.core.data.scan_records import ScanTable
from aigc_desktop.core.data.version_records import VersionTable, import_stats
from aigc_desktop.core.data.sources import (PROJECT_SUFFIX, DatasetSource, ImportSummary, open_source,
                                            source_for)
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.guards import display
from aigc_desktop.core.jobs import Job, JobContext, Progress

SCHEMA_VERSION = len(schema.MIGRATIONS)
SQLITE_HEADER = b"SQLite format 3\x00"
_PATH_ERRORS = PATH_ERRORS


path_to_db, path_from_db = text_to_db, text_from_db


def _uri_path(path: str) -> str:
    """``path`` for a ``file:`` URI: its bytes percent-encoded, so any name the disk holds opens."""
    if os.name == "nt":
        return pathname2url(path)
    return quote(os.fsencode(path), safe="/")


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of a script one by one (a trigger's body stays in one piece)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                yield pending
            pending = ""
    if pending.strip():
        yield pending


def _json_text(value) -> str:
    """JSON for a TEXT column: readable where it can be, escaped where a name is not valid UTF-8."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return json.dumps(value)


def _now() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class DatasetInfo:
    id: int
    name: str
    root: str
    kind: str
    n_items: int
    created: str
    source_path: str = ""


@dataclass
class ItemTable:
    """Columnar items of one dataset, row order = item id order; ``label`` is the current label."""

    ids: np.ndarray
    path: np.ndarray
    label: np.ndarray
    original_label: np.ndarray
    width: np.ndarray
    height: np.ndarray
    mode: np.ndarray
    nbytes: np.ndarray
    pixel_hash: np.ndarray
    status: np.ndarray
    reason: np.ndarray
    detail: np.ndarray
    included: np.ndarray
    dataset_id: int = -1
    outside_root: Optional[np.ndarray] = None  # bool: the item resolves outside the dataset's root

    def __post_init__(self) -> None:
        if self.outside_root is None:
            self.outside_root = np.zeros(len(self.ids), bool)

    def __len__(self) -> int:
        return len(self.ids)

    def copy(self) -> "ItemTable":
        """A table whose arrays may be changed without changing this one (the values are shared)."""
        return dataclasses.replace(self, **{f.name: getattr(self, f.name).copy() for f in dataclasses.fields(self)
                                            if isinstance(getattr(self, f.name), np.ndarray)})

    def subset(self, rows: np.ndarray) -> "ItemTable":
        """The rows selected by a boolean mask or an index array, same dataset."""
        return dataclasses.replace(self, **{f.name: getattr(self, f.name)[rows] for f in dataclasses.fields(self)
                                            if isinstance(getattr(self, f.name), np.ndarray)})


_ITEMS_QUERY = """
SELECT i.id, i.path, COALESCE(e.label, i.label, ''), COALESCE(i.label, ''), i.width, i.height, i.mode,
       i.nbytes, i.pixel_hash, i.status, i.reason, i.detail, COALESCE(e.included, 1)
FROM items i LEFT JOIN item_edits e ON e.item_id = i.id
WHERE i.dataset_id = ? ORDER BY i.id
"""


# Grouped in the order of the items_counts index, so SQLite neither reads the table nor sorts.
_GROUPS_QUERY = """
SELECT status, label, width, height, mode, reason, count(*) FROM items WHERE dataset_id = ?
GROUP BY status, label, width, height, mode, reason
"""
# CROSS JOIN keeps item_edits the outer loop: the cost follows the number of edits, not of items.
_EDITS_QUERY = """
SELECT COALESCE(i.label, ''), e.label, e.included, count(*) FROM item_edits e CROSS JOIN items i ON i.id = e.item_id
WHERE i.dataset_id = ? GROUP BY 1, 2, 3
"""
_CHECK_CHUNK = 500  # ids per "IN (...)" query, under SQLite's oldest limit of 999 parameters
_CACHED_TABLES = 2


def _obj(values) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _user_error(exc: sqlite3.Error, where: str) -> UserError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return UserError(f"{where} is locked by another program (is it open in another window?); "
                         "close it there and try again")
    if "readonly" in text or "read-only" in text:
        return UserError(f"{where} is read-only; changes cannot be saved (copy the project somewhere writable)")
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return UserError(f"{where} is not an AIGC Desktop project or is damaged ({exc})")
    if "unable to open" in text:
        return UserError(f"{where} cannot be opened ({exc})")
    return UserError(f"{where}: {exc}")


class Catalog:
    """A project: datasets, items and edits in one SQLite file (or in memory), with the repositories
    of its dataset versions (``catalog.versions``) and scans (``catalog.scans``). No SQL lives
    outside ``core/data``: other services read and write through these methods."""

    BUSY_TIMEOUT_S = 2.0

    def __init__(self, connection: sqlite3.Connection, path: Optional[Path], read_only: bool = False) -> None:
        self._conn = connection
        self.path = path
        self.read_only = read_only
        self._lock = threading.RLock()
        self._depth = 0
        self._sources: dict[int, DatasetSource] = {}
        self._tables: dict[int, tuple[tuple, ItemTable]] = {}  # dataset id -> (catalog state, items)
        self._writes = 0  # transactions ended on this connection, a part of the state
        self.versions = VersionTable(self)
        self.scans = ScanTable(self)

    # ---- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path, create: bool = False, read_only: bool = False) -> "Catalog":
        p = Path(path)
        shown = display(p)
        if p.is_dir():
            raise UserError(f"{shown} is a folder, not a project file ({PROJECT_SUFFIX})")
        exists = p.exists()
        if not exists and (not create or read_only):
            raise UserError(f"project {shown} does not exist")
        if exists:
            try:
                with bounded.open_regular(p) as f:
                    header = f.read(len(SQLITE_HEADER))
            except bounded.NotRegularFile as exc:
                raise UserError(f"{shown} is not a project file: it is {exc}") from None
            except OSError as exc:
                raise UserError(f"project {shown} cannot be read: {exc.strerror or exc}") from None
            if header and header != SQLITE_HEADER:
                raise UserError(f"{shown} is not an AIGC Desktop project (it is not a catalog file)")
            read_only = read_only or not os.access(p, os.W_OK)
        elif not p.parent.exists():
            raise UserError(f"cannot create project {shown}: folder {display(p.parent)} does not exist")
        mode = "ro" if read_only else "rwc"
        try:
            conn = sqlite3.connect(f"file:{_uri_path(os.path.abspath(p))}?mode={mode}", uri=True,
                                   timeout=cls.BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise _user_error(exc, f"project {p}") from None
        catalog = cls(conn, p, read_only)
        try:
            catalog._prepare(create)
        except BaseException:
            conn.close()
            raise
        return catalog

    @classmethod
    def in_memory(cls) -> "Catalog":
        catalog = cls(sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False), None)
        catalog._prepare(create=True)
        return catalog

    def _where(self) -> str:
        return f"project {self.path}" if self.path else "the in-memory catalog"

    def _prepare(self, create: bool) -> None:
        with self._errors():
            self._conn.execute("PRAGMA foreign_keys = ON")
            version = self._check_header(create)
        if version < SCHEMA_VERSION:
            self._migrate(create)

    def _check_header(self, create: bool) -> int:
        """The project's schema version, after checking it is a project this version can read."""
        # one statement, so one snapshot: read one by one, another process creating the same project
        # could commit in between, and an empty header with tables would look like another program's
        app_id, version, n_objects = self._conn.execute(
            "SELECT (SELECT application_id FROM pragma_application_id), "
            "(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)").fetchone()
        if app_id == 0 and version == 0 and n_objects == 0:
            if not create:
                raise UserError(f"{self.path} is an empty file, not an AIGC Desktop project")
        elif app_id != schema.APPLICATION_ID:
            raise UserError(f"{self.path} is a SQLite database of another program, not an AIGC Desktop project")
        if version > SCHEMA_VERSION:
            raise UserError(f"{self.path} was made by a newer version of AIGC Desktop (project format "
                            f"{version}, this version reads up to {SCHEMA_VERSION}); please update the app")
        return version

    def _migrate(self, create: bool) -> None:
        """Create or upgrade the schema in one transaction. The header is read again inside it:
        several processes creating the same new project at once take turns, and all but the first
        find it made already."""
        if self.read_only:
            raise UserError(f"{self._where()} uses an older format and must be upgraded, but it is "
                            "read-only; make it writable and open it again")
        with self._lock, self._immediate() as conn:
            version = self._check_header(create)
            for statement in _statements("\n".join(schema.MIGRATIONS[version:])):
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('created', ?)", (_now(),))

    @property
    def schema_version(self) -> int:
        with self._lock, self._errors():
            return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._sources.clear()
            self._tables.clear()
            self._conn.close()

    def __enter__(self) -> "Catalog":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- transactions ----------------------------------------------------------------------
    @property
    def connection(self) -> sqlite3.Connection:
        """The SQLite connection (autocommit); write only inside :meth:`transaction`."""
        return self._conn

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise _user_error(exc, self._where()) from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (nested calls join the outer one); any exception rolls it back."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            if self.read_only:
                raise UserError(f"{self._where()} is read-only; changes cannot be saved")
            with self._immediate() as conn:
                self._depth = 1
                try:
                    yield conn
                finally:
                    self._depth = 0
                    self._writes += 1

    @contextmanager
    def _immediate(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception; SQLite's errors become one line."""
        with self._errors():
            self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
            with self._errors():
                self._conn.execute("COMMIT")
        except BaseException as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise _user_error(exc, self._where()) from exc
            raise

    def _query(self, sql: str, args: Sequence = ()) -> list[tuple]:
        with self._lock, self._errors():
            return self._conn.execute(sql, args).fetchall()

    # ---- datasets --------------------------------------------------------------------------
    def import_dataset(self, source_path, ctx: JobContext) -> Job[int]:
        """Import a dataset of any supported format; a job returning its id. A cancel raises
        Cancelled and leaves the catalog as it was (decoding happens first, then one transaction,
        which a cancel can still stop before it commits; once committed, the import stands)."""
        if self.read_only:
            raise UserError(f"{self._where()} is read-only; cannot import into it")
        source = open_source(source_path, ctx.cancel)
        records = yield from source.records(ctx)
        rows = [(text_to_db(r.path), text_to_db(r.label), r.width, r.height, r.mode, r.nbytes, r.pixel_hash,
                 r.status, r.reason, text_to_db(r.detail), _json_text(r.extra) if r.extra else "{}",
                 int(r.outside_root))
                for r in records]
        yield Progress("import", len(rows), len(rows), f"saving {len(rows)} items")
        with self.transaction() as conn:
            name = self._unique_name(source.name)
            dataset_id = conn.execute(
                "INSERT INTO datasets(name, kind, root, source_path, n_items, created, summary) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (text_to_db(name), source.kind, text_to_db(os.path.abspath(source.root)),
                 text_to_db(os.path.abspath(source.source_path)), len(rows), _now(),
                 _json_text(dataclasses.asdict(source.summary)))).lastrowid
            conn.executemany(
                "INSERT INTO items(dataset_id, path, label, width, height, mode, nbytes, pixel_hash, status, "
                "reason, detail, extra, outside_root) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((dataset_id, *row) for row in rows))
            self.versions.write_version_zero(conn, dataset_id, import_stats(r.label or "" for r in records))
            ctx.cancel.raise_if_cancelled()
            if self.path is not None:
                self._save_columns(self._items_by_rows(dataset_id))
        self._sources[dataset_id] = source
        return dataset_id

    def _unique_name(self, name: str) -> str:
        taken = {text_from_db(row[0]) for row in self._query("SELECT name FROM datasets")}
        candidate, n = name, 2
        while candidate in taken:
            candidate, n = f"{name} ({n})", n + 1
        return candidate

    def remove_dataset(self, dataset_id: int) -> None:
        """Forget a dataset and its items (its files are not touched)."""
        self.dataset(dataset_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM datasets WHERE id = ?", (dataset_id,))
        self._sources.pop(dataset_id, None)

    def datasets(self) -> list[DatasetInfo]:
        rows = self._query("SELECT id, name, root, kind, n_items, created, source_path FROM datasets ORDER BY id")
        return [DatasetInfo(r[0], text_from_db(r[1]), text_from_db(r[2]), r[3], r[4], r[5], text_from_db(r[6]))
                for r in rows]

    def dataset(self, dataset_id: int) -> DatasetInfo:
        for info in self.datasets():
            if info.id == dataset_id:
                return info
        raise UserError(f"{self._where()} has no dataset with id {dataset_id}")

    def source(self, dataset_id: int) -> DatasetSource:
        """The dataset's source, reopened without walking it again (for reading pixels)."""
        with self._lock:
            if dataset_id not in self._sources:
                info = self.dataset(dataset_id)
                self._sources[dataset_id] = source_for(info.kind, info.source_path)
            return self._sources[dataset_id]

    def import_summary(self, dataset_id: int) -> ImportSummary:
        rows = self._query("SELECT summary FROM datasets WHERE id = ?", (dataset_id,))
        if not rows:
            raise UserError(f"{self._where()} has no dataset with id {dataset_id}")
        return ImportSummary(**json.loads(rows[0][0]))

    # ---- items -----------------------------------------------------------------------------
    def items(self, dataset_id: int) -> ItemTable:
        """Every item of the dataset, in id order, with the current edits. The table is the
        caller's to change: a cached one is handed out as a copy."""
        with self._lock, self._errors():
            state = self._state()
            cached = self._tables.get(dataset_id)
            if cached is not None and cached[0] == state:
                return cached[1].copy()
            table = self._read_items(dataset_id)
            if self._conn.in_transaction:  # rows that may yet be rolled back are never cached
                return table
            state = self._state()  # reading may have packed the columns: a write of its own
            self._tables = {k: v for k, v in self._tables.items() if v[0] == state and k != dataset_id}
            while len(self._tables) >= _CACHED_TABLES:
                del self._tables[next(iter(self._tables))]
            self._tables[dataset_id] = (state, table)
            return table.copy()

    def _state(self) -> tuple:
        """Changes whenever the items or edits may have changed: rows written by this connection
        (total_changes), commits by any other connection (data_version), transactions ended here."""
        return (self._conn.total_changes, self._conn.execute("PRAGMA data_version").fetchone()[0], self._writes)

    def _read_items(self, dataset_id: int) -> ItemTable:
        row = self._conn.execute("SELECT n_items, data FROM item_columns WHERE dataset_id = ?",
                                 (dataset_id,)).fetchone()
        if row is None:
            table = self._items_by_rows(dataset_id)
            if not self.read_only and not self._conn.in_transaction:
                self._save_columns(table)
            return table
        columns = self._unpack_columns(dataset_id, row[0], row[1])
        if columns is None:  # a damaged blob: it is only a cache, the rows are the truth
            table = self._items_by_rows(dataset_id)
            if not self.read_only and not self._conn.in_transaction:
                self._save_columns(table)
            return table
        label, included = columns["original_label"].copy(), np.ones(row[0], dtype=bool)
        edits = self._conn.execute(
            "SELECT e.item_id, e.label, e.included FROM item_edits e CROSS JOIN items i ON i.id = e.item_id "
            "WHERE i.dataset_id = ? ORDER BY e.item_id", (dataset_id,)).fetchall()
        if edits:
            edited_ids, labels, flags = zip(*edits)
            rows = np.searchsorted(columns["ids"], np.asarray(edited_ids, dtype=np.int64))
            included[rows] = np.asarray(flags, dtype=bool)
            relabelled = np.fromiter((v is not None for v in labels), bool, len(labels))
            label[rows[relabelled]] = _obj([text_from_db(v) for v in labels if v is not None])
        return ItemTable(label=label, included=included, dataset_id=dataset_id,
                         outside_root=self._outside_mask(dataset_id, columns["ids"]), **columns)

    def _outside_mask(self, dataset_id: int, ids: np.ndarray) -> np.ndarray:
        outside = np.zeros(len(ids), bool)
        found = [r[0] for r in self._conn.execute(
            "SELECT id FROM items WHERE dataset_id = ? AND outside_root != 0", (dataset_id,))]
        if found:
            outside[np.searchsorted(ids, np.asarray(found, dtype=np.int64))] = True
        return outside

    def outside_root_paths(self, dataset_id: int) -> list[str]:
        """Relative paths of the items that resolve outside the dataset's root (CSV rows such as
        ``../other/x.png``, symlinks out of the folder): kept, and shown as such."""
        return [text_from_db(r[0]) for r in self._query(
            "SELECT path FROM items WHERE dataset_id = ? AND outside_root != 0 ORDER BY id", (dataset_id,))]

    def _unpack_columns(self, dataset_id: int, n_items: int, data) -> Optional[dict]:
        """The packed columns, or None when the blob is damaged or does not describe the rows."""
        try:
            columns = item_columns.unpack(data, _PATH_ERRORS)
            ids = columns["ids"]
            if any(len(column) != n_items for column in columns.values()) or ids.ndim != 1:
                return None
            count, low, high = self._conn.execute(
                "SELECT count(*), min(id), max(id) FROM items WHERE dataset_id = ?", (dataset_id,)).fetchone()
            if count != n_items or (n_items and (int(ids[0]) != low or int(ids[-1]) != high
                                                 or not bool(np.all(ids[1:] > ids[:-1])))):
                return None
            return columns
        except (ValueError, IndexError, KeyError, TypeError, EOFError, OSError, UnicodeDecodeError,
                zipfile.BadZipFile):
            return None

    def _save_columns(self, table: ItemTable) -> None:
        """Pack the imported columns for the next read; a read never fails because this did. An
        in-memory catalog (a CLI command on a dataset path) is read once or cached: not packed."""
        if not len(table) or self.path is None:
            return
        data = item_columns.pack({name: getattr(table, name) for name in
                                  (*item_columns.TEXT_COLUMNS, *item_columns.NUMBER_COLUMNS)}, _PATH_ERRORS)
        if data is None:
            return
        try:
            with self.transaction() as conn:
                conn.execute("INSERT OR REPLACE INTO item_columns(dataset_id, n_items, data) VALUES (?, ?, ?)",
                             (table.dataset_id, len(table), data))
        except (UserError, sqlite3.Error):  # locked by another program, say: the rows are read next time
            pass

    def _items_by_rows(self, dataset_id: int) -> ItemTable:
        """Row by row (13 Python objects per item, about a second at 200k): for a dataset whose
        columns are not packed (yet), or hold a value that cannot be."""
        rows = self._conn.execute(_ITEMS_QUERY, (dataset_id,)).fetchall()
        cols = list(zip(*rows)) if rows else [()] * 13
        ids = np.asarray(cols[0], dtype=np.int64)
        return ItemTable(
            ids=ids,
            path=_obj([text_from_db(v) for v in cols[1]]),
            label=_obj([text_from_db(v) for v in cols[2]]), original_label=_obj([text_from_db(v) for v in cols[3]]),
            width=np.asarray(cols[4], dtype=np.int32), height=np.asarray(cols[5], dtype=np.int32),
            mode=_obj(cols[6]), nbytes=np.asarray(cols[7], dtype=np.int64), pixel_hash=_obj(cols[8]),
            status=_obj(cols[9]), reason=_obj(cols[10]), detail=_obj([text_from_db(v) for v in cols[11]]),
            included=np.asarray(cols[12], dtype=bool), dataset_id=dataset_id,
            outside_root=self._outside_mask(dataset_id, ids))

    def load_pixels(self, dataset_id: int, item_id: int) -> np.ndarray:
        rows = self._query("SELECT path FROM items WHERE id = ? AND dataset_id = ?", (item_id, dataset_id))
        if not rows:
            raise UserError(f"dataset {dataset_id} has no item {item_id}")
        return self.source(dataset_id).load(path_from_db(rows[0][0]))

    def _check_items(self, dataset_id: int, item_ids: Sequence[int]) -> list[int]:
        """``item_ids`` as ints; a UserError naming a few if any is not an item of the dataset.
        A few ids are looked up by key; many are compared with the dataset's ids at once."""
        ids = [int(i) for i in item_ids]
        wanted = np.asarray(sorted(set(ids)), dtype=np.int64)
        with self._lock, self._errors():
            if len(wanted) > 20 * _CHECK_CHUNK:
                joined = self._conn.execute("SELECT group_concat(id) FROM items WHERE dataset_id = ?",
                                            (dataset_id,)).fetchone()[0]
                known = np.array(joined.split(","), dtype=np.int64) if joined else np.empty(0, np.int64)
                unknown = wanted[~np.isin(wanted, known)]
            else:
                found = 0
                for start in range(0, len(wanted), _CHECK_CHUNK):
                    chunk = wanted[start:start + _CHECK_CHUNK].tolist()
                    found += self._conn.execute(
                        f"SELECT count(*) FROM items WHERE dataset_id = ? AND id IN ({','.join('?' * len(chunk))})",
                        (dataset_id, *chunk)).fetchone()[0]
                unknown = np.empty(0, np.int64)
                if found != len(wanted):
                    known = [r[0] for r in self._conn.execute("SELECT id FROM items WHERE dataset_id = ?",
                                                              (dataset_id,))]
                    unknown = wanted[~np.isin(wanted, np.asarray(known, dtype=np.int64))]
        if len(unknown):
            raise UserError(f"dataset {dataset_id} has no items with ids {unknown[:5].tolist()}"
                            + (" …" if len(unknown) > 5 else ""))
        return ids

    def _edit_values(self, dataset_id: int, item_ids: Sequence[int], values: list, what: str) -> list[tuple]:
        """(item id, value, now) per item, once every id is an item of the dataset and each has a value."""
        ids = self._check_items(dataset_id, item_ids)
        if len(values) != len(ids):
            raise UserError(f"{len(ids)} items but {len(values)} {what}")
        now = _now()
        return [(i, value, now) for i, value in zip(ids, values)]

    def set_labels(self, dataset_id: int, item_ids: Sequence[int], labels: Sequence[Optional[str]]) -> None:
        """Record the user's labels ("" removes the label) in one transaction."""
        rows = self._edit_values(dataset_id, item_ids, ["" if v is None else text_to_db(str(v)) for v in labels],
                                 "labels")
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO item_edits(item_id, label, included, edited) VALUES (?, ?, 1, ?) "
                "ON CONFLICT(item_id) DO UPDATE SET label = excluded.label, edited = excluded.edited", rows)

    def set_included(self, dataset_id: int, item_ids: Sequence[int], included: Union[bool, Sequence[bool]]) -> None:
        """Include or exclude items (one flag for all, or one per item) in one transaction."""
        flags = [bool(included)] * len(item_ids) if isinstance(included, (bool, np.bool_)) \
            else [bool(v) for v in included]
        rows = self._edit_values(dataset_id, item_ids, flags, "include flags")
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO item_edits(item_id, label, included, edited) VALUES (?, NULL, ?, ?) "
                "ON CONFLICT(item_id) DO UPDATE SET included = excluded.included, edited = excluded.edited",
                [(i, int(flag), now) for i, flag, now in rows])
            # an included item without a label edit is as imported: no row, so that "include all"
            # on 200k items leaves the edits (read by items(), counts(), versions) as small as before
            conn.executemany("DELETE FROM item_edits WHERE item_id = ? AND label IS NULL AND included = 1",
                             [(i,) for i, flag, _ in rows if flag])

    # ---- counts ----------------------------------------------------------------------------
    def summary(self, dataset_id: int) -> dict:
        """The ``aigc info`` counts of one dataset (labels as currently edited), counted by SQLite
        in the order of an index: no item is read into Python."""
        info = self.dataset(dataset_id)
        with self._lock, self._errors():
            groups = [(status, text_from_db(label), *rest) for status, label, *rest
                      in self._conn.execute(_GROUPS_QUERY, (dataset_id,)).fetchall()]
            edits = [(text_from_db(original), text_from_db(edited), *rest) for original, edited, *rest
                     in self._conn.execute(_EDITS_QUERY, (dataset_id,)).fetchall()]
            outside = self._conn.execute("SELECT count(*) FROM items WHERE dataset_id = ? AND outside_root != 0",
                                         (dataset_id,)).fetchone()[0]
        return summary_from_counts(info, groups, edits, self.import_summary(dataset_id), outside)

    def labels(self, dataset_id: int, limit: Optional[int] = None) -> list[str]:
        """The dataset's distinct current labels (unlabelled left out), in natural order; with
        ``limit``, at most that many, found without reading on once they are (``limit=2``
        answers "is it labelled?" in a blink even at 200k items)."""
        found: set[str] = set()
        with self._lock, self._errors():
            for query in ("SELECT DISTINCT e.label FROM item_edits e CROSS JOIN items i ON i.id = e.item_id "
                          "WHERE i.dataset_id = ? AND e.label != ''",
                          # the imported labels of the items whose label was not edited
                          "SELECT DISTINCT i.label FROM items i WHERE i.dataset_id = ? AND i.label != '' AND NOT "
                          "EXISTS (SELECT 1 FROM item_edits e WHERE e.item_id = i.id AND e.label IS NOT NULL)"):
                for (label,) in self._conn.execute(query, (dataset_id,)):
                    found.add(text_from_db(label))
                    if limit is not None and len(found) >= limit:
                        break
                if limit is not None and len(found) >= limit:
                    break
        return sorted(found, key=natural_key)[:limit]

    def counts(self, dataset_id: int) -> dict[str, int]:
        """``items``, ``corrupt``, ``included``, ``excluded`` and ``usable`` (included and not
        corrupt) of one dataset: cheap enough for
        a status bar after every edit (it reads the corrupt items and the edits, not every item)."""
        def one(sql: str) -> int:
            return self._conn.execute(sql, (dataset_id,)).fetchone()[0]

        with self._lock, self._errors():
            packed = self._conn.execute("SELECT n_items FROM item_columns WHERE dataset_id = ?",
                                        (dataset_id,)).fetchone()
            n = packed[0] if packed else one("SELECT count(*) FROM items WHERE dataset_id = ?")
            # two ranges of the items_counts index around 'ok': as many steps as corrupt items
            corrupt = (one("SELECT count(*) FROM items WHERE dataset_id = ? AND status < 'ok'")
                       + one("SELECT count(*) FROM items WHERE dataset_id = ? AND status > 'ok'"))
            excluded, corrupt_excluded = self._conn.execute(
                "SELECT count(*), coalesce(sum(i.status != 'ok'), 0) FROM item_edits e "
                "CROSS JOIN items i ON i.id = e.item_id "
                "WHERE i.dataset_id = ? AND e.included = 0", (dataset_id,)).fetchone()
        # "usable": what training reads, included and decodable (a corrupt item is never trained on)
        return {"items": n, "corrupt": corrupt, "included": n - excluded, "excluded": excluded,
                "usable": n - excluded - (corrupt - corrupt_excluded)}
