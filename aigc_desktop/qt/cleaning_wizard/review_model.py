"""The review list of one issue type: flagged items (one per row), or groups with their members side by side.

Per-item overrides live in the wizard's plan: the check box of an item row exempts it from its
type's rule; clicking a member of a group toggles whether it is kept.
"""
from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QStyledItemDelegate

from aigc_desktop.qt.issue_text import detail_text, is_yes_no, reason_name, reason_sentence

THUMB = 48
GAP = 10
MAX_MEMBERS = 12
MembersRole = Qt.UserRole + 1
# types whose flagged items carry the classifier's suggested label and its confidence
SUGGESTING_TYPES = ("suspected_label_error", "missing_label", "label_conflict")


class ReviewModel(QAbstractTableModel):
    overridesChanged = Signal()
    lastKeptRefused = Signal()  # a click would have dropped every member of a group

    def __init__(self, wizard, thumbnails, parent=None) -> None:
        super().__init__(parent)
        self.wizard = wizard
        self.thumbnails = thumbnails
        self.issue_type = ""
        self.grouped = False
        self.rows = np.zeros(0, np.int64)       # item mode: scan rows; group mode: group ids
        self.members: dict[int, np.ndarray] = {}
        self.sort_order: Optional[tuple[int, Qt.SortOrder]] = None  # a column header the user clicked
        thumbnails.ready.connect(self._on_thumbnails)

    # ---- content --------------------------------------------------------------------------
    def show_type(self, issue_type: str) -> None:
        self.beginResetModel()
        scan = self.wizard.scan
        self.issue_type = issue_type
        flagged = np.flatnonzero(scan.flagged(issue_type, scan.threshold(issue_type, self.wizard.plan.thresholds)))
        self.grouped = issue_type in scan.groups and self.wizard.plan.action(issue_type) != "exclude"
        self.members = {}
        if self.grouped:
            groups = scan.groups[issue_type][flagged]
            keepers = scan.keepers[issue_type]
            for g in np.unique(groups[groups >= 0]):
                members = flagged[groups == g]
                self.members[int(g)] = members[np.argsort(~keepers[members], kind="stable")]  # keeper first
            self.rows = np.array([g for g, m in self.members.items() if len(m) > 1], np.int64)
        else:
            order = np.argsort(-self.rank_values()[flagged], kind="stable")  # most flagged or most certain first
            self.rows = self._sorted(flagged[order])
        self.endResetModel()

    # ---- sorting by a column (a click on its header); a new type keeps the order chosen -----------
    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        self.sort_order = (column, order)
        if self.grouped or not len(self.rows):
            return
        self.layoutAboutToBeChanged.emit()
        self.rows = self._sorted(self.rows)
        self.layoutChanged.emit()

    def _sorted(self, rows: np.ndarray) -> np.ndarray:
        """``rows`` (scan rows) in the order of the column clicked: whether the rule acts, the path, the
        label, the score (or the classifier's confidence), the note; ties keep their order."""
        if self.sort_order is None or not len(rows):
            return rows
        column, order = self.sort_order
        scan = self.wizard.scan
        if column == 0:
            exempt = self.wizard.plan.exempt.get(self.issue_type, set())
            keys = [int(i) not in exempt for i in scan.item_ids[rows]]
        elif column in (2, 3):
            keys = [str(v) for v in (scan.paths if column == 2 else scan.labels)[rows]]
        elif column == 4:
            keys = self.rank_values()[rows].tolist()
        elif column == 5:
            keys = [self.note(int(r)) for r in rows]
        else:
            return rows
        ranked = sorted(range(len(rows)), key=keys.__getitem__, reverse=order == Qt.DescendingOrder)
        return rows[np.asarray(ranked, np.int64)]

    def shows_confidence(self) -> bool:
        """The type suggests labels: its rows show (and sort by) the classifier's confidence in the
        suggestion; their scores only say "flagged" and would read 1.00 on every row."""
        scan = self.wizard.scan
        return self.issue_type in SUGGESTING_TYPES and bool((scan.suggested_label != "").any())

    def shows_score(self) -> bool:
        """The Score column says something: the confidence of a label suggestion, or a graded score;
        not a yes/no check's, which is 1.00 on every flagged row."""
        return self.shows_confidence() or not is_yes_no(self.issue_type, self.wizard.scan.scores[self.issue_type])

    def rank_values(self) -> np.ndarray:
        scan = self.wizard.scan
        if self.shows_confidence():
            return np.asarray(scan.suggested_confidence, np.float64)
        return np.asarray(scan.scores[self.issue_type], np.float64)

    def to_drop(self) -> int:
        """Members of the shown groups that the plan drops (the rest of each group stays)."""
        if not self.grouped:
            return 0
        return sum(len(members) - len(self.kept(group) & self._ids(members)) for group, members in self.members.items()
                   if len(members) > 1)

    def _ids(self, members: np.ndarray) -> set[int]:
        return {int(i) for i in self.wizard.scan.item_ids[members]}

    def kept(self, group: int) -> set[int]:
        """Item ids of the group that stay: the user's choice, else the scan's keeper."""
        scan = self.wizard.scan
        chosen = self.wizard.plan.keep.get(self.issue_type, {}).get(group)
        if chosen is not None:
            return set(chosen)
        members = self.members[group]
        keepers = members[scan.keepers[self.issue_type][members]]
        return {int(scan.item_ids[keepers[0] if len(keepers) else members[0]])}

    def toggle_member(self, group: int, position: int, only: bool = False) -> bool:
        """``only``: keep this member alone (a plain click); else add it to, or take it from, the kept
        members (Ctrl+click). A group always keeps one member: False when a click would drop them all."""
        members = self.members.get(group)
        if members is None or position >= len(members):
            return False
        item_id = int(self.wizard.scan.item_ids[members[position]])
        if only:
            kept = {item_id}
        else:
            kept = self.kept(group) & self._ids(members)
            kept.symmetric_difference_update({item_id})
            if not kept:
                return False
        self.wizard.plan.set_group_keep(self.issue_type, group, kept)
        row = int(np.flatnonzero(self.rows == group)[0])
        self.dataChanged.emit(self.index(row, 1), self.index(row, 1))
        self.overridesChanged.emit()
        return True

    def file_of(self, row: int, position: int = 0) -> Optional[str]:
        """The file of row ``row``'s item (in a group, of its ``position``-th member; an IDX or NPZ
        item's is its array file); None when the dataset's files cannot be reached."""
        scan, source = self.wizard.scan, self.wizard.source()
        if source is None or not 0 <= row < len(self.rows):
            return None
        scan_row = int(self.rows[row])
        if self.grouped:
            members = self.members[scan_row]
            scan_row = int(members[min(max(position, 0), len(members) - 1)])
        return str(source.file_of(str(scan.paths[scan_row])))

    # ---- keyboard review: accept (the rule acts) or reject (leave alone) one row -------------
    def decide(self, row: int, accept: bool) -> None:
        """Accept row ``row`` (its type's rule acts on it) or reject it (the rule leaves it alone).

        For a group, rejecting keeps every member; accepting a group whose members are all kept
        goes back to the scan's keeper, and keeps a choice made by clicking pictures otherwise."""
        if row < 0 or row >= len(self.rows):
            return
        if not self.grouped:
            self.setData(self.index(row, 0), Qt.Checked if accept else Qt.Unchecked, Qt.CheckStateRole)
            return
        group = int(self.rows[row])
        members = {int(i) for i in self.wizard.scan.item_ids[self.members[group]]}
        if not accept:
            self.wizard.plan.set_group_keep(self.issue_type, group, members)
        elif self.kept(group) == members:
            self.wizard.plan.keep.get(self.issue_type, {}).pop(group, None)
        self.dataChanged.emit(self.index(row, 1), self.index(row, 1))
        self.overridesChanged.emit()

    def accepted(self, row: int) -> bool:
        """Whether the rule acts on the row (a group: it drops at least one member)."""
        if self.grouped:
            group = int(self.rows[row])
            return len(self.kept(group)) < len(self.members[group])
        item_id = int(self.wizard.scan.item_ids[int(self.rows[row])])
        return item_id not in self.wizard.plan.exempt.get(self.issue_type, set())

    def _on_thumbnails(self, _ids) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 1), self.index(self.rowCount() - 1, 1), [Qt.DecorationRole, MembersRole])

    # ---- Qt model -------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 3 if self.grouped else 6

    def members_hint(self) -> str:
        """What a click on a group's copy does (the header's tooltip and the cells' tooltips)."""
        return self.tr("Click a copy to keep only that one; Ctrl+click adds it or drops it "
                       "(a group keeps at least one)")

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole and self.grouped and section == 1:
            return self.members_hint()
        if orientation != Qt.Horizontal or role != Qt.DisplayRole:
            return None
        if self.grouped:
            return (self.tr("Group"),
                    self.tr("Members (green = kept)"),  # what a click does: the tooltip, the page's hint
                    self.tr("Labels"))[section]
        score = self.tr("Confidence") if self.shows_confidence() else self.tr("Score")
        return (self.tr("Act"), self.tr("Image"), self.tr("Path"), self.tr("Label"), score,
                self.tr("Why / suggestion"))[section]

    def thumbnail(self, scan_row: int):
        scan = self.wizard.scan
        return self.thumbnails.get(int(scan.item_ids[scan_row]), self.wizard.source(), str(scan.paths[scan_row]))

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        scan = self.wizard.scan
        col = index.column()
        if self.grouped:
            group = int(self.rows[index.row()])
            members = self.members[group]
            if role == Qt.DisplayRole and col == 0:
                return f"#{group} ({len(members)})"
            if role == Qt.DisplayRole and col == 2:
                return ", ".join(sorted({str(scan.labels[m]) or "—" for m in members}))
            if role == MembersRole and col == 1:
                kept = self.kept(group)
                return [(self.thumbnail(m), str(scan.labels[m]) or "—", int(scan.item_ids[m]) in kept,
                         str(scan.paths[m])) for m in members[:MAX_MEMBERS]]
            if role == Qt.ToolTipRole and col == 1:
                return "\n".join([self.members_hint(), ""] + [str(scan.paths[m]) for m in members])
            return None
        r = int(self.rows[index.row()])
        item_id = int(scan.item_ids[r])
        if col == 0 and role == Qt.CheckStateRole:
            exempt = item_id in self.wizard.plan.exempt.get(self.issue_type, set())
            return Qt.Unchecked if exempt else Qt.Checked
        if col == 1 and role == Qt.DecorationRole:
            return self.thumbnail(r)
        if role == Qt.DisplayRole:
            if col == 2:
                return str(scan.paths[r])
            if col == 3:
                return str(scan.labels[r]) or "—"
            if col == 4:
                if self.shows_confidence():
                    return f"{float(scan.suggested_confidence[r]):.0%}" if scan.suggested_label[r] else "–"
                return f"{float(scan.scores[self.issue_type][r]):.2f}" if self.shows_score() else "–"
            if col == 5:
                return self.note(r)
        if role == Qt.ToolTipRole and col == 0:
            return self.tr("Unchecked: the rule of this issue type leaves this item alone")
        if role == Qt.ToolTipRole and col == 5 and not self.grouped:
            return self.note_tip(int(self.rows[index.row()]))
        if role == Qt.ToolTipRole and col == 4 and self.shows_confidence():
            return self.tr("How sure the classifier is of the suggested label")
        return None

    def note(self, r: int) -> str:
        scan = self.wizard.scan
        if self.issue_type in SUGGESTING_TYPES and scan.suggested_label[r]:
            return self.tr("suggested %1 (%2)").replace("%1", str(scan.suggested_label[r])).replace(
                "%2", f"{float(scan.suggested_confidence[r]):.0%}")
        detail = scan.details.get(self.issue_type)
        text = detail_text(str(detail[r])) if detail is not None else ""
        if self.issue_type == "corrupt" and self.wizard.items is not None and r < len(self.wizard.items):
            # the reason in the user's language; the decoder's own words (English, from the image
            # library) are in the tooltip, after what the reason means
            return reason_name(str(self.wizard.items.reason[r])) or text
        return text

    def note_tip(self, r: int) -> Optional[str]:
        """A corrupt file's reason in a sentence, then the decoder's own words."""
        if self.issue_type != "corrupt" or self.wizard.items is None or r >= len(self.wizard.items):
            return None
        reason, decoder = str(self.wizard.items.reason[r]), str(self.wizard.items.detail[r])
        return "\n".join(t for t in (reason_sentence(reason) if reason else "", decoder) if t) or None

    def flags(self, index):
        base = super().flags(index)
        if not self.grouped and index.column() == 0:
            return base | Qt.ItemIsUserCheckable
        return base

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        if self.grouped or index.column() != 0 or role != Qt.CheckStateRole:
            return False
        item_id = int(self.wizard.scan.item_ids[int(self.rows[index.row()])])
        checked = Qt.CheckState(value) == Qt.Checked if not isinstance(value, bool) else value
        self.wizard.plan.set_exempt(self.issue_type, item_id, not checked)
        self.dataChanged.emit(index, index)
        self.overridesChanged.emit()
        return True


class MembersDelegate(QStyledItemDelegate):
    """Paints a group's members side by side (kept ones framed green, dropped ones crossed out);
    a click on a member toggles it."""

    def __init__(self, model: ReviewModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model

    def sizeHint(self, option, index) -> QSize:
        members = index.data(MembersRole) or []
        return QSize(len(members) * (THUMB + GAP) + GAP, THUMB + 22)

    def paint(self, painter, option, index) -> None:
        members = index.data(MembersRole)
        if not members:
            return super().paint(painter, option, index)
        painter.save()
        painter.setClipRect(option.rect)
        x = option.rect.x() + GAP // 2
        top = option.rect.y() + 2
        total = len(self.model.members.get(int(self.model.rows[index.row()]), members))
        fit = max(1, (option.rect.width() - GAP) // (THUMB + GAP))
        shown = members if total <= fit else members[:fit - 1]
        for pixmap, label, kept, _ in shown:
            target = QRect(x, top, THUMB, THUMB)
            painter.drawPixmap(target, pixmap)
            painter.setPen(QPen(QColor("#16a34a" if kept else "#dc2626"), 3 if kept else 1))
            painter.drawRect(target.adjusted(-1, -1, 1, 1))
            if not kept:
                painter.setPen(QPen(QColor(220, 38, 38, 170), 2))
                painter.drawLine(target.topLeft(), target.bottomRight())
                painter.drawLine(target.topRight(), target.bottomLeft())
            painter.setPen(option.palette.text().color())
            painter.drawText(QRect(x - 4, top + THUMB + 2, THUMB + 8, 16), Qt.AlignCenter, label)
            x += THUMB + GAP
        if len(shown) < total:
            painter.setPen(option.palette.text().color())
            painter.drawText(QRect(x, top, THUMB + GAP, THUMB), Qt.AlignCenter,
                             self.tr("+%1").replace("%1", str(total - len(shown))))
        painter.restore()

    @staticmethod
    def position_at(cell_left: int, x: float) -> int:
        """The member drawn at ``x`` in a cell starting at ``cell_left`` (-1 left of the first)."""
        return int((x - cell_left - GAP // 2) // (THUMB + GAP))

    def editorEvent(self, event, model, option, index) -> bool:
        if event.type() == QEvent.MouseButtonRelease:
            position = self.position_at(option.rect.x(), event.position().x())
            if position >= 0:
                only = not event.modifiers() & (Qt.ControlModifier | Qt.MetaModifier)
                if not self.model.toggle_member(int(self.model.rows[index.row()]), position, only=only):
                    self.model.lastKeptRefused.emit()
                return True
        return False
