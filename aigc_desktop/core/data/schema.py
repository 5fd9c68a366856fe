"""The project file's schema, as an ordered list of migrations.

``MIGRATIONS[i]`` is the SQL script that takes a project from schema version ``i`` to ``i + 1``;
the version lives in ``PRAGMA user_version``. Opening an older project applies the missing
scripts in one transaction, so a project is never left half-migrated.

To add tables for another service (dataset versions, scans, training runs): append one new
script at the end of ``MIGRATIONS``. Never edit or reorder a script that has shipped: projects
on users' disks were built by it. Write to your tables inside ``Catalog.transaction()``.
"""
from __future__ import annotations

# "AIGC" in ASCII, stored in the SQLite header so any other SQLite file is told apart from a project
APPLICATION_ID = 0x41494743

MIGRATIONS: list[str] = [
    # 0 -> 1: datasets and their items, as imported
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        root TEXT NOT NULL,            -- the folder (for CSV, the manifest's folder; for IDX/NPZ, the file)
        source_path TEXT NOT NULL,     -- what was imported: the folder, the CSV, the IDX or .npz file
        n_items INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '{}'   -- the ImportSummary as JSON
    );
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        path,                          -- TEXT, or BLOB for a name that is not valid UTF-8
        label TEXT,                    -- NULL: no label
        width INTEGER NOT NULL, height INTEGER NOT NULL, mode TEXT NOT NULL, nbytes INTEGER NOT NULL,
        pixel_hash TEXT NOT NULL,      -- '' when corrupt
        status TEXT NOT NULL,          -- 'ok' | 'corrupt'
        reason TEXT NOT NULL, detail TEXT NOT NULL,
        extra TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX items_by_dataset ON items(dataset_id, id);
    """,
    # 1 -> 2: the user's edits, kept apart from what was imported so the original stays visible
    """
    CREATE TABLE item_edits (
        item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        label TEXT,                    -- NULL: label not edited; '': label removed
        included INTEGER NOT NULL DEFAULT 1,
        edited TEXT NOT NULL
    );
    """,
    # 2 -> 3: scans (aigc_desktop.core.quality.store): one row per scan, its per-item arrays as
    # np.save blobs (numbers) or JSON (strings), one row per (scan, array name)
    """
    CREATE TABLE scans (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        created TEXT NOT NULL,
        checks TEXT NOT NULL,          -- JSON list of the issue types checked
        thresholds TEXT NOT NULL,      -- JSON {type: threshold}
        summary TEXT NOT NULL,         -- JSON {type: count at the thresholds}
        n_items INTEGER NOT NULL,
        seconds REAL NOT NULL DEFAULT 0
    );
    CREATE INDEX scans_by_dataset ON scans(dataset_id, id);
    CREATE TABLE scan_arrays (
        scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
        name TEXT NOT NULL,            -- 'item_ids', 'score/<type>', 'group/<type>', 'keeper/<type>', ...
        data BLOB NOT NULL,
        PRIMARY KEY (scan_id, name)
    );
    """,
    # 3 -> 4: dataset versions (aigc_desktop.core.cleaning.versions); version 0 is the import
    """
    CREATE TABLE dataset_versions (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,       -- 0 = the import as it was, then 1, 2, ... per dataset
        parent_id INTEGER REFERENCES dataset_versions(id) ON DELETE SET NULL,
        kind TEXT NOT NULL,            -- 'import' | 'clean' | 'revert' | 'edits'
        summary TEXT NOT NULL,         -- one line for the versions list
        plan TEXT NOT NULL DEFAULT '{}',   -- the cleaning plan as JSON ('{}' when none)
        stats TEXT NOT NULL DEFAULT '{}',  -- counts of the version as JSON
        created TEXT NOT NULL,
        UNIQUE (dataset_id, number)
    );
    -- only the items whose state differs from the import (included, label '' = none, transform)
    CREATE TABLE version_items (
        version_id INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        included INTEGER NOT NULL,
        label TEXT NOT NULL,
        transform TEXT NOT NULL DEFAULT '',   -- JSON such as {"mode": "L"}, {"resize": [28, 28]}
        reason TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (version_id, item_id)
    ) WITHOUT ROWID;
    CREATE TABLE current_versions (
        dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
        version_id INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE
    );
    """,
    # 4 -> 5: a covering index for the counts (``Catalog.summary`` / ``counts``): grouped in index
    # order, 200k items are counted without reading the table or sorting (column order = GROUP BY)
    """
    CREATE INDEX items_counts ON items(dataset_id, status, label, width, height, mode, reason);
    """,
    # 5 -> 6: the imported columns of each dataset as one npz blob (Catalog.items reads it instead
    # of 13 SQLite values per item). Items are never changed after an import; should anything
    # write to them, the triggers drop the blob and it is rebuilt from the rows.
    """
    CREATE TABLE item_columns (
        dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
        n_items INTEGER NOT NULL,
        data BLOB NOT NULL
    );
    CREATE TRIGGER item_columns_after_insert AFTER INSERT ON items
    BEGIN DELETE FROM item_columns WHERE dataset_id = NEW.dataset_id; END;
    CREATE TRIGGER item_columns_after_update AFTER UPDATE ON items
    BEGIN DELETE FROM item_columns WHERE dataset_id IN (OLD.dataset_id, NEW.dataset_id); END;
    CREATE TRIGGER item_columns_after_delete AFTER DELETE ON items
    BEGIN DELETE FROM item_columns WHERE dataset_id = OLD.dataset_id; END;
    """,
    # 6 -> 7: items that resolve outside the dataset's root (a CSV row such as ../other/x.png, a
    # symlink out of the folder): kept, since that is legitimate, and shown as such
    """
    ALTER TABLE items ADD COLUMN outside_root INTEGER NOT NULL DEFAULT 0;
    """,
]
