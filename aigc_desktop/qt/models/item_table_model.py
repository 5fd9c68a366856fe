"""The Data panel's table: a QAbstractTableModel over the catalog's columnar :class:`ItemTable`.

Sorting and filtering never compare rows one by one in Python and never go through a proxy
model: the model keeps one index permutation, ``visible`` (table rows in view order), computed
with numpy — integer sort keys (ranks for strings, computed once and cached) with a stable
argsort, boolean masks for the filters (Orange's ``TableModel`` does the same). Row ``i`` of the
view is table row ``visible[i]``. At 200k rows a sort or a filter takes milliseconds (see
``benchmarks/table_model.py``).

Edits do not write anything here: ``setData`` emits ``labelsEdited`` / ``includedEdited`` and
the panel turns them into undoable commands, which call :meth:`update_labels` /
:meth:`update_included` once the catalog holds the change.

Longer than most modules on purpose: data(), sorting, filtering and the issue columns all read the
same arrays and the one ``visible`` permutation.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from aigc_desktop.core.guards import display
from aigc_desktop.qt.issue_text import issue_name, reason_name, reason_sentence

INCLUDED, THUMBNAIL, PATH, LABEL, SIZE, MODE, BYTES, ISSUES = range(8)
N_COLUMNS = 8
ItemIdRole = Qt.UserRole + 1     # the catalog id of the row's item
TableRowRole = Qt.UserRole + 2   # the row's index in the ItemTable

# PySide6 6.12 looks enum members up anew on every ``Qt.X`` (~20 µs): data() runs thousands of
# times per repaint, so it compares against members bound once here.
_DISPLAY, _EDIT, _TOOLTIP, _DECORATION = Qt.DisplayRole, Qt.EditRole, Qt.ToolTipRole, Qt.DecorationRole
_CHECK, _FOREGROUND, _FONT, _ALIGN = Qt.CheckStateRole, Qt.ForegroundRole, Qt.FontRole, Qt.TextAlignmentRole
_CHECKED, _UNCHECKED = Qt.Checked, Qt.Unchecked
_CHECKED_INT, _UNCHECKED_INT = int(_CHECKED.value), int(_UNCHECKED.value)  # a plain int converts fastest
_RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)
_BASE_FLAGS = Qt.ItemIsSelectable | Qt.ItemIsEnabled
_LABEL_FLAGS = _BASE_FLAGS | Qt.ItemIsEditable
_CHECK_FLAGS = _BASE_FLAGS | Qt.ItemIsUserCheckable
_ITALIC = QFont()
_ITALIC.setItalic(True)

_GREY = QBrush(QColor("#94a3b8"))
_RED = QBrush(QColor("#b91c1c"))
_AMBER = QBrush(QColor("#b45309"))
_BLUE = QBrush(QColor("#1d4ed8"))


def natural_rank_key(text: str) -> tuple:
    """Numeric labels in numeric order ("2" before "10"); "" (no label) first, then the rest by text."""
    if text == "":
        return (0, 0, "")
    return (1, int(text), "") if text.lstrip("-").isdigit() else (2, 0, text.lower())


def factorize(values: np.ndarray, key=None) -> tuple[np.ndarray, list]:
    """``codes`` (int32 per row) and ``uniques`` sorted by ``key``: ``uniques[codes[i]] == values[i]``.

    One dict pass in C for the distinct values; only the few distinct values are sorted in Python.
    """
    seen = dict.fromkeys(values.tolist())
    uniques = sorted(seen, key=key) if key is not None else sorted(seen)
    position = {v: i for i, v in enumerate(uniques)}
    codes = np.fromiter((position[v] for v in values.tolist()), np.int32, len(values))
    return codes, uniques


def human_bytes(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    for unit in ("KB", "MB", "GB"):
        n /= 1024.0
        if n < 1024 or unit == "GB":
            return f"{n:.1f} {unit}"
    return f"{n:.1f} GB"  # pragma: no cover


class ScanIssues:
    """A quality scan's verdicts aligned to the rows of one ItemTable (matched by item id)."""

    def __init__(self, result, item_ids: np.ndarray) -> None:
        self.result = result
        n = len(item_ids)
        order = np.argsort(result.item_ids)
        sorted_ids = np.asarray(result.item_ids)[order]
        where = np.searchsorted(sorted_ids, item_ids)
        where = np.clip(where, 0, max(len(sorted_ids) - 1, 0))
        found = (sorted_ids[where] == item_ids) if len(sorted_ids) else np.zeros(n, bool)
        self.scan_row = np.where(found, order[where] if len(order) else -1, -1)  # result index per row
        self.masks: dict[str, np.ndarray] = {}
        for issue_type in result.checked:
            flagged = np.asarray(result.flagged(issue_type))
            mask = np.zeros(n, bool)
            mask[found] = flagged[self.scan_row[found]]
            if mask.any():
                self.masks[issue_type] = mask

    @property
    def types(self) -> list[str]:
        return list(self.masks)

    def any(self) -> np.ndarray:
        out = np.zeros(len(self.scan_row), bool)
        for mask in self.masks.values():
            out |= mask
        return out

    def item_issues(self, row: int) -> list[dict]:
        """The scan's issues of one table row (type, score, group, detail, suggested label)."""
        i = int(self.scan_row[row])
        return self.result.item_issues(i) if i >= 0 else []


@dataclass(frozen=True)
class ItemFilter:
    """What the view shows. ``label``: None all, "" unlabelled; ``status``: all, ok, corrupt,
    included, excluded, edited; ``issue``: None all, "any", a scan issue type, or "reason:<why>";
    ``similar``: () all, else only these item ids ("find similar": the item, then the items most
    like it), in this order until a column is sorted."""

    text: str = ""
    label: Optional[str] = None
    status: str = "all"
    issue: Optional[str] = None
    similar: tuple = ()


class ItemTableModel(QAbstractTableModel):
    labelsEdited = Signal(object, str)      # item ids (int64 array), the new label ("" = none)
    includedEdited = Signal(object, bool)   # item ids (int64 array), include?

    def __init__(self, thumbnails=None, parent=None) -> None:
        super().__init__(parent)
        self.thumbnails = thumbnails  # a ThumbnailCache, or None (no thumbnails, e.g. benchmarks)
        self.source = None            # the dataset's source, read by the thumbnail loader
        self.table = None
        self.issues: Optional[ScanIssues] = None
        self.filter = ItemFilter()
        self.sort_column, self.sort_order = -1, Qt.AscendingOrder
        self.visible = np.zeros(0, np.int64)
        self._position = np.zeros(0, np.int64)   # view position of each table row, -1 hidden
        self._keys: dict[int, np.ndarray] = {}
        self._lower_paths: Optional[np.ndarray] = None
        self._lower_path_strings: Optional[list[str]] = None
        self._labels: Optional[tuple[np.ndarray, list]] = None
        self._issue_text = np.zeros(0, object)
        self._ok = np.zeros(0, bool)
        self._permutation = np.zeros(0, np.int64)  # every table row, in sort order
        if thumbnails is not None:
            thumbnails.ready.connect(self._on_thumbnails_ready)

    # ----- content --------------------------------------------------------------------------
    def set_items(self, table, issues: Optional[ScanIssues] = None, source=None) -> None:
        """Show ``table`` (keeps the current sort and filter)."""
        self.beginResetModel()
        self.table, self.issues, self.source = table, issues, source
        self._keys.clear()
        self._lower_paths = None
        self._lower_path_strings = None
        self._labels = None
        self._ok = (table.status == "ok") if table is not None else np.zeros(0, bool)
        self._ok_text = self.tr("ok")  # tr() per call would cost more than the rest of data()
        self._issue_text = self._build_issue_text() if table is not None else np.zeros(0, object)
        self._permutation = self._sorted_rows()
        self._apply_filter()
        self.endResetModel()

    def _build_issue_text(self) -> np.ndarray:
        t = self.table
        text = np.full(len(t), "", dtype=object)
        corrupt_rows = np.flatnonzero(~self._ok)
        for row in corrupt_rows.tolist():
            text[row] = issue_name("corrupt") + ": " + reason_name(str(t.reason[row]))
        if self.issues is not None:
            names: dict[int, list[str]] = {}
            for issue_type, mask in self.issues.masks.items():
                if issue_type == "corrupt":
                    continue
                for row in np.flatnonzero(mask).tolist():
                    names.setdefault(row, []).append(issue_name(issue_type))
            for row, row_names in names.items():
                text[row] = ", ".join(([text[row]] if text[row] else []) + row_names)
        outside = self.tr("outside the dataset root")
        for row in np.flatnonzero(t.outside_root).tolist():
            text[row] = ", ".join(([text[row]] if text[row] else []) + [outside])
        return text

    def labels(self) -> tuple[np.ndarray, list]:
        """Label codes per row and the distinct labels in natural order ("" first if any)."""
        if self._labels is None:
            self._labels = factorize(self.table.label, key=natural_rank_key)
        return self._labels

    def label_counts(self) -> dict[str, int]:
        codes, uniques = self.labels()
        counts = np.bincount(codes, minlength=len(uniques))
        return {label: int(c) for label, c in zip(uniques, counts)}

    def issue_counts(self) -> dict[str, int]:
        """Rows per scan issue type, then per corrupt reason as ``reason:<why>``."""
        counts = {t: int(m.sum()) for t, m in self.issues.masks.items()} if self.issues else {}
        t = self.table
        corrupt = ~self._ok
        if corrupt.any():
            codes, uniques = factorize(t.reason[corrupt])
            for reason, c in zip(uniques, np.bincount(codes, minlength=len(uniques))):
                counts[f"reason:{reason}"] = int(c)
        return counts

    # ----- sort and filter as one permutation ------------------------------------------------
    def _key(self, column: int) -> np.ndarray:
        """An int64 sort key per table row for ``column`` (ranks for text columns), cached."""
        if column in self._keys:
            return self._keys[column]
        t = self.table
        if column == PATH:
            # Timsort on the strings: as fast as numpy's argsort on shuffled paths, and near O(n)
            # on the usual import order (a folder walk is already sorted)
            paths = self._lower_path_list()
            order = np.fromiter(sorted(range(len(paths)), key=paths.__getitem__), np.int64, len(paths))
            key = np.empty(len(t), np.int64)
            key[order] = np.arange(len(t))
        elif column == LABEL:
            key = self.labels()[0].astype(np.int64)
        elif column == SIZE:
            area = t.width.astype(np.int64) * t.height.astype(np.int64)
            key = area * (1 << 20) + np.minimum(t.width, (1 << 20) - 1)
        elif column == MODE:
            key = factorize(t.mode)[0].astype(np.int64)
        elif column == BYTES:
            key = t.nbytes.astype(np.int64)
        elif column == ISSUES:
            key = factorize(self._issue_text)[0].astype(np.int64)
        elif column == INCLUDED:
            key = t.included.astype(np.int64)
        else:  # the thumbnail column and "no sort": import order
            key = np.arange(len(t), dtype=np.int64)
        self._keys[column] = key
        return key

    def _lower_path_list(self) -> list[str]:
        if self._lower_path_strings is None:
            # one str.lower over the joined paths is far faster than lowering each path
            joined = "\0".join(self.table.path.tolist()).lower()
            self._lower_path_strings = joined.split("\0") if len(self.table) else []
        return self._lower_path_strings

    def lower_paths(self) -> np.ndarray:
        """Lower-case paths as a fixed-width unicode array (np.char works on it in C)."""
        if self._lower_paths is None:
            self._lower_paths = np.array(self._lower_path_list(), dtype=str)
        return self._lower_paths

    def _sorted_rows(self) -> np.ndarray:
        if self.table is None:
            return np.zeros(0, np.int64)
        key = self._key(self.sort_column)
        if self.sort_order == Qt.DescendingOrder:
            key = -key  # stable descending: ties keep import order
        return np.argsort(key, kind="stable")

    def filter_mask(self, f: Optional[ItemFilter] = None) -> np.ndarray:
        """bool per table row: the rows the filter ``f`` (the current one by default) keeps."""
        f = f or self.filter
        t = self.table
        mask = np.ones(len(t), bool)
        if f.label is not None:
            codes, uniques = self.labels()
            mask &= codes == (uniques.index(f.label) if f.label in uniques else -1)
        if f.status == "ok":
            mask &= self._ok
        elif f.status == "corrupt":
            mask &= ~self._ok
        elif f.status == "included":
            mask &= t.included
        elif f.status == "excluded":
            mask &= ~t.included
        elif f.status == "edited":
            mask &= t.label != t.original_label
        if f.issue == "any":
            mask &= ~self._ok | (self.issues.any() if self.issues else False)
        elif f.issue and f.issue.startswith("reason:"):
            mask &= ~self._ok & (t.reason == f.issue[len("reason:"):])
        elif f.issue == "corrupt":
            mask &= ~self._ok
        elif f.issue:
            mask &= self.issues.masks[f.issue] if self.issues and f.issue in self.issues.masks else False
        if f.similar:
            mask &= np.isin(t.ids, np.asarray(f.similar, np.int64))
        text = f.text.strip().lower()
        if text:
            hit = np.char.find(self.lower_paths(), text) >= 0
            codes, uniques = self.labels()
            label_hit = np.array([text in u.lower() for u in uniques], bool)
            hit |= label_hit[codes] if len(uniques) else False
            mask &= hit
        return mask

    def _apply_filter(self) -> None:
        self.visible, self._position = self._filtered()

    def _filtered(self) -> tuple[np.ndarray, np.ndarray]:
        """``visible`` and ``_position`` for the current filter and sort."""
        if self.table is None:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        keep = self.filter_mask()
        if self.filter.similar and self.sort_column < 0 and len(self.table):  # most similar first
            ids = np.asarray(self.filter.similar, np.int64)
            rows = self.rows_of_items(ids)
            rows = rows[(rows < len(self.table)) & (self.table.ids[np.minimum(rows, len(self.table) - 1)] == ids)]
            visible = rows[keep[rows]]
        else:
            visible = self._permutation[keep[self._permutation]]
        position = np.full(len(self.table), -1, np.int64)
        position[visible] = np.arange(len(visible))
        return visible, position

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = column, Qt.SortOrder(order)
        old_visible = self.visible
        if self.table is not None:
            self._permutation = self._sorted_rows()
            self._apply_filter()
        self._remap_persistent(old_visible)
        self.layoutChanged.emit()

    def set_filter(self, f: ItemFilter) -> None:
        """Show the rows ``f`` keeps. When they are the rows already shown (one more letter typed in
        the search that hides nothing), the views keep everything and repaint nothing."""
        if f == self.filter:
            return
        self.filter = f
        visible, position = self._filtered()
        if self.table is not None and np.array_equal(visible, self.visible):
            return
        self.beginResetModel()
        self.visible, self._position = visible, position
        self.endResetModel()

    def _remap_persistent(self, old_visible: np.ndarray) -> None:
        """Keep the current item and the selection on the same items across a sort."""
        persistent = self.persistentIndexList()
        if not persistent or self.table is None:
            return
        new = []
        for index in persistent:
            pos = int(self._position[old_visible[index.row()]]) if 0 <= index.row() < len(old_visible) else -1
            new.append(self.index(pos, index.column()) if pos >= 0 else QModelIndex())
        self.changePersistentIndexList(persistent, new)

    # ----- lookups ---------------------------------------------------------------------------
    def issue_text(self, row: int) -> str:
        """What is wrong with table row ``row`` ("" when nothing)."""
        return self._issue_text[row]

    def table_row(self, position: int) -> int:
        return int(self.visible[position])

    def item_id(self, position: int) -> int:
        return int(self.table.ids[self.visible[position]])

    def rows_of_items(self, item_ids) -> np.ndarray:
        """Table rows of catalog item ids (the table is in id order)."""
        return np.searchsorted(self.table.ids, np.asarray(item_ids, np.int64))

    def position_of_item(self, item_id: int) -> int:
        """The view row showing ``item_id``, or -1 (filtered out or unknown)."""
        if self.table is None or not len(self.table):
            return -1
        row = int(self.rows_of_items([item_id])[0])
        if row >= len(self.table) or self.table.ids[row] != item_id:
            return -1
        return int(self._position[row])

    # ----- edits (after the catalog has them) ------------------------------------------------
    def update_labels(self, item_ids, labels) -> None:
        rows = self.rows_of_items(item_ids)
        self.table.label[rows] = list(labels) if not isinstance(labels, str) else labels
        self._labels = None
        self._keys.pop(LABEL, None)
        self._rows_changed(rows, LABEL, LABEL)

    def update_included(self, item_ids, included) -> None:
        rows = self.rows_of_items(item_ids)
        self.table.included[rows] = included
        self._keys.pop(INCLUDED, None)
        self._rows_changed(rows, 0, N_COLUMNS - 1)

    def _rows_changed(self, rows: np.ndarray, first: int, last: int) -> None:
        positions = self._position[rows]
        positions = positions[positions >= 0]
        if len(positions):
            self.dataChanged.emit(self.index(int(positions.min()), first), self.index(int(positions.max()), last))

    def _on_thumbnails_ready(self, keys: list) -> None:
        if self.table is None or not len(self.table):
            return
        for item_id in keys:
            pos = self.position_of_item(item_id)
            if pos >= 0:
                index = self.index(pos, THUMBNAIL)
                self.dataChanged.emit(index, index, [Qt.DecorationRole])

    # ----- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else N_COLUMNS

    def headerData(self, section: int, orientation, role=_DISPLAY):
        if orientation != Qt.Horizontal:
            return None
        if role == _DISPLAY:
            return ["", "", self.tr("Path"), self.tr("Label"), self.tr("Size"), self.tr("Mode"),
                    self.tr("Bytes"), self.tr("Status / issues")][section]
        if role == _TOOLTIP:
            return [self.tr("Included in training (Space toggles, Del excludes)"), self.tr("Thumbnail"),
                    self.tr("Path relative to the dataset folder"),
                    self.tr("Current label (double-click or F2 to edit)"), self.tr("Width × height in pixels"),
                    self.tr("Colour mode: L grey, RGB, RGBA"), self.tr("File size"),
                    self.tr("Why the item could not be read, or what the quality scan found")][section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        col = index.column()
        return _LABEL_FLAGS if col == LABEL else _CHECK_FLAGS if col == INCLUDED else _BASE_FLAGS

    def data(self, index, role=_DISPLAY):
        t = self.table
        if t is None or not index.isValid():
            return None
        col = index.column()
        row = int(self.visible[index.row()])
        if role == _DISPLAY:
            return self._display(row, col)
        if role == _DECORATION:
            if col != THUMBNAIL or self.thumbnails is None:
                return None
            if not self._ok[row]:
                return self.thumbnails.broken()
            return self.thumbnails.get(int(t.ids[row]), self.source, str(t.path[row]))
        if role == _FOREGROUND:
            if not t.included[row]:
                return _GREY
            if col == ISSUES and self._issue_text[row]:
                return _AMBER if self._ok[row] else _RED
            if col == LABEL and t.label[row] != t.original_label[row]:
                return _BLUE
            return None
        if role == _CHECK:
            return (_CHECKED_INT if t.included[row] else _UNCHECKED_INT) if col == INCLUDED else None
        if role == _EDIT:
            return str(t.label[row]) if col == LABEL else None
        if role == _FONT:
            return _ITALIC if col == LABEL and t.label[row] != t.original_label[row] else None
        if role == _ALIGN:
            return _RIGHT if col in (SIZE, BYTES) else None
        if role == _TOOLTIP:
            return self._tooltip(row, col)
        if role == ItemIdRole:
            return int(t.ids[row])
        if role == TableRowRole:
            return row
        return None

    def _display(self, row: int, col: int):
        t = self.table
        if col == PATH:
            return display(str(t.path[row]))
        if col == LABEL:
            return display(str(t.label[row]))
        if col == SIZE:
            return f"{t.width[row]}×{t.height[row]}" if t.width[row] else "—"
        if col == MODE:
            return str(t.mode[row]) or "—"
        if col == BYTES:
            return human_bytes(int(t.nbytes[row]))
        if col == ISSUES:
            return self._issue_text[row] or self._ok_text
        return None

    def _tooltip(self, row: int, col: int):
        t = self.table
        if col == INCLUDED:
            if t.status[row] != "ok":  # as the detail pane says: an unreadable file is never trained on
                return self.tr("Not in training: the file cannot be read, whatever its tick says")
            return self.tr("Included") if t.included[row] else self.tr("Excluded from training and cleaning")
        if col == LABEL and t.label[row] != t.original_label[row]:
            original = t.original_label[row] or self.tr("(none)")
            return self.tr("Edited; the imported label was %1").replace("%1", str(original))
        if col == ISSUES and t.status[row] != "ok":
            return reason_sentence(str(t.reason[row])) + (f"\n{display(t.detail[row])}" if t.detail[row] else "")
        if col in (PATH, ISSUES) and t.outside_root[row]:
            return display(str(t.path[row])) + "\n" + self.tr("Outside the dataset root: this file lives elsewhere "
                                                              "on disk (reached through a link or a manifest row). "
                                                              "It is kept, and only ever read.")
        if col == PATH:
            return display(str(t.path[row]))
        return None

    def setData(self, index, value, role=_EDIT) -> bool:
        if not index.isValid() or self.table is None:
            return False
        row = int(self.visible[index.row()])
        ids = np.array([self.table.ids[row]], np.int64)
        if index.column() == LABEL and role == _EDIT:
            label = str(value or "").strip()
            if label != self.table.label[row]:
                self.labelsEdited.emit(ids, label)
            return True
        if index.column() == INCLUDED and role == _CHECK:
            checked = (value.value if hasattr(value, "value") else int(value)) == _CHECKED.value
            if checked != bool(self.table.included[row]):
                self.includedEdited.emit(ids, checked)
            return True
        return False


__all__ = ["ItemTableModel", "ItemFilter", "ScanIssues", "ItemIdRole", "TableRowRole", "factorize",
           "INCLUDED", "THUMBNAIL", "PATH", "LABEL", "SIZE", "MODE", "BYTES", "ISSUES"]
