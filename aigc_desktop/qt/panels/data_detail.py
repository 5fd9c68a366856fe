"""The Data panel's detail pane: the selected item large, its metadata, and what is wrong with it."""
from __future__ import annotations

import html
from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFormLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from aigc_desktop.core.guards import display
from aigc_desktop.qt.issue_text import detail_text, is_yes_no, issue_name, reason_name, reason_sentence
from aigc_desktop.qt.models.item_table_model import human_bytes

PREVIEW_SIZE = 256


class ItemDetail(QWidget):
    """Shows one item; ``show_item`` fills the text, ``show_pixmap`` the picture when it arrives."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemDetail")
        self.setMinimumWidth(280)
        self.item_id: Optional[int] = None
        self.image = QLabel()
        self.image.setObjectName("detailImage")
        self.image.setAlignment(Qt.AlignCenter)
        self.image.setFixedSize(PREVIEW_SIZE + 8, PREVIEW_SIZE + 8)
        self.image.setStyleSheet("#detailImage { background: #e2e8f0; border-radius: 6px; }")
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight)
        for key, title in [("path", self.tr("Path")), ("label", self.tr("Label")), ("size", self.tr("Size")),
                           ("mode", self.tr("Mode")), ("bytes", self.tr("Bytes")), ("status", self.tr("Status")),
                           ("included", self.tr("In training"))]:
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextSelectableByMouse)
            value.setWordWrap(True)
            value.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
            self.fields[key] = value
            form.addRow(title + ":", value)
        self.problems = QLabel()
        self.problems.setObjectName("detailProblems")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.RichText)
        self.problems.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.empty = QLabel(self.tr("Select an item to see it here."))
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.image, 0, Qt.AlignHCenter)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(self.empty)
        layout.addStretch(1)
        self.clear()

    def clear(self) -> None:
        self.item_id = None
        self.image.clear()
        for value in self.fields.values():
            value.clear()
        self.problems.clear()
        self.empty.show()

    def show_item(self, table, row: int, issues: list[dict]) -> None:
        """Metadata of table row ``row``; ``issues`` are the scan's issues of the item (may be [])."""
        t = table
        self.item_id = int(t.ids[row])
        self.empty.hide()
        self.image.clear()
        f = self.fields
        f["path"].setText(display(str(t.path[row])))
        label, original = display(str(t.label[row])), display(str(t.original_label[row]))
        none = self.tr("(none)")
        if label != original:
            f["label"].setText(self.tr("%1 (edited; imported as %2)").replace("%1", label or none)
                               .replace("%2", original or none))
        else:
            f["label"].setText(label or none)
        f["size"].setText(f"{t.width[row]} × {t.height[row]} px" if t.width[row] else "—")
        f["mode"].setText(str(t.mode[row]) or "—")
        f["bytes"].setText(f"{human_bytes(int(t.nbytes[row]))} ({int(t.nbytes[row]):,} B)")
        if t.status[row] != "ok":  # an unreadable file never reaches training, whatever its tick says
            f["included"].setText(self.tr("no — the file cannot be read"))
        else:
            f["included"].setText(self.tr("yes") if t.included[row] else self.tr("no — excluded"))
        lines = []
        # the image library's own words (English) on a file it cannot read: the tooltip, under the
        # sentence in the user's language
        self.problems.setToolTip("")
        if t.status[row] != "ok":
            f["status"].setText(self.tr("corrupt: %1").replace("%1", reason_name(str(t.reason[row]))))
            lines.append(f"<b>{html.escape(reason_sentence(str(t.reason[row])))}</b>")
            if t.detail[row]:
                self.problems.setToolTip(display(str(t.detail[row])))
        else:
            f["status"].setText(self.tr("readable") if not issues else
                                self.tr("readable; %n issue(s) found by the scan", "", len(issues)))
        if t.outside_root[row]:
            lines.append(html.escape(self.tr("Outside the dataset root: this file lives elsewhere on disk (reached "
                                             "through a link or a manifest row). It is kept, and only ever read.")))
        for issue in issues:
            if issue["type"] == "corrupt":
                continue
            text = f"<b>{html.escape(issue_name(issue['type']))}</b>"
            if not is_yes_no(issue["type"], issue.get("score", 0)):  # a yes/no check's 1.00 says nothing
                text += f" ({issue.get('score', 0):.2f})"
            if issue.get("detail"):
                text += " — " + html.escape(detail_text(str(issue["detail"])))
            if issue.get("suggested_label"):
                text += " " + html.escape(self.tr("Suggested label: %1").replace("%1", issue["suggested_label"]))
            lines.append(text)
        self.problems.setText("<br>".join(lines))
        self.problems.setStyleSheet("#detailProblems { color: #7f1d1d; }" if t.status[row] != "ok" else "")

    def show_pixmap(self, pixmap: QPixmap) -> None:
        self.image.setPixmap(pixmap)

    def show_no_picture(self, why: str) -> None:
        self.image.setText(why)
