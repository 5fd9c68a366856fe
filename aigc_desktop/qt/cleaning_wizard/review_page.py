"""Review each issue type: its threshold with a live count, its action (the bulk rule), its items."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QSize, Qt, Slot
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QHeaderView,
                               QLabel, QListWidget, QListWidgetItem, QMenu, QSizePolicy, QSlider, QSplitter,
                               QStyle, QTableView, QVBoxLayout, QWidget)

from aigc_desktop.core.quality.registry import get_check
from aigc_desktop.qt.cleaning_wizard.page import WizardPage
from aigc_desktop.qt.cleaning_wizard.review_model import THUMB, MembersDelegate, ReviewModel
from aigc_desktop.qt.cleaning_wizard.score_histogram import ScoreHistogram
from aigc_desktop.qt.issue_text import action_title, check_description, check_title, is_yes_no, issue_name
from aigc_desktop.qt.reveal import reveal_action
from aigc_desktop.qt.thumbnails import ThumbnailCache


class ReviewPage(WizardPage):
    fills = True

    def __init__(self, wizard) -> None:
        super().__init__(wizard)
        self.thumbnails = ThumbnailCache(wizard.session.runner, size=THUMB, parent=self)
        self._built = False  # the widgets are built when the page is first reached, not when the wizard opens

    def _build(self) -> None:
        self._built = True
        wizard = self._wizard
        self.types = QListWidget()
        self.types.setMaximumWidth(260)
        self.types.currentRowChanged.connect(self._on_type_chosen)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px")
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setRange(0, 100)
        self.slider.setToolTip(self.tr("Items scoring at least this much are flagged"))
        self.spin = QDoubleSpinBox()
        self.spin.setRange(0.0, 1.0)
        self.spin.setSingleStep(0.01)
        self.spin.setDecimals(2)
        self.count = QLabel()
        self.slider.valueChanged.connect(lambda v: self.spin.setValue(v / 100.0))
        self.spin.valueChanged.connect(self._on_threshold)
        self.action = QComboBox()
        self.action.setToolTip(self.tr("What happens to every flagged item of this type"))
        self.action.activated.connect(self._on_action)
        self.confidence = QDoubleSpinBox()
        self.confidence.setRange(0.0, 1.0)
        self.confidence.setSingleStep(0.05)
        self.confidence.setValue(wizard.plan.relabel_confidence)
        self.confidence.setToolTip(self.tr("Relabel only when the classifier is at least this sure"))
        self.confidence.valueChanged.connect(self._on_confidence)
        self.model = ReviewModel(wizard, self.thumbnails, self)
        self.model.overridesChanged.connect(self._update_counts)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setIconSize(QSize(THUMB, THUMB))
        # a click on a header sorts the list by that column; it starts most flagged (or most certain) first
        self.table.horizontalHeader().setSortIndicator(4, Qt.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setDefaultSectionSize(THUMB + 24)
        self.model.lastKeptRefused.connect(lambda: self.count.setText(
            self.tr("A group keeps at least one picture: to drop a whole group, choose the action Exclude.")))
        self.table.setWordWrap(False)
        self.members_delegate = MembersDelegate(self.model, self.table)
        self.table.installEventFilter(self)
        self._member = 0  # the group member a context menu was opened on
        self.table.setContextMenuPolicy(Qt.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.reveal_action = reveal_action(self.table, self._current_files, self.count.setText)
        self.table.addAction(self.reveal_action)
        self.table.setToolTip(self.tr("Review with the keyboard: A accepts (the action applies), R rejects (the "
                                      "item is left alone), and both move to the next row; ↑ and ↓ move; "
                                      "in a group, 1–9 keep only its n-th picture and Ctrl+1–9 add it or drop it"))
        self.keys_hint = QLabel(self.tr("Keys: A accept · R reject (leave alone) · ↑ ↓ move · "
                                        "1–9 keep a group's picture (Ctrl+1–9: several)"))
        self.keys_hint.setObjectName("reviewKeys")
        self.keys_hint.setStyleSheet("#reviewKeys { color: #64748b; }")
        self.keys_hint.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.empty = QLabel()

        self.histogram = ScoreHistogram()
        self.histogram.thresholdPicked.connect(self.set_threshold)
        # the histogram's [0, 1] spans the slider's groove: inset by half the handle
        inset = self.slider.style().pixelMetric(QStyle.PM_SliderLength, None, self.slider)
        scale = QVBoxLayout()
        scale.setSpacing(0)
        scale.setContentsMargins(0, 0, 0, 0)
        histogram_row = QHBoxLayout()
        histogram_row.setContentsMargins(inset // 2, 0, inset // 2, 0)
        histogram_row.addWidget(self.histogram)
        scale.addLayout(histogram_row)
        scale.addWidget(self.slider)
        threshold_row = QHBoxLayout()
        threshold_row.addLayout(scale, 1)
        threshold_row.addWidget(self.spin, 0, Qt.AlignBottom)
        self.threshold_label = QLabel(self.tr("Threshold:"))
        self.threshold_widget = QWidget()
        self.threshold_widget.setLayout(threshold_row)
        threshold_row.setContentsMargins(0, 0, 0, 0)
        self.yes_no_note = QLabel(self.tr("A yes/no check: every item it finds is flagged, there is no threshold."))
        self.yes_no_note.setStyleSheet("color: #64748b;")
        form = QFormLayout()
        form.addRow(self.threshold_label, self.threshold_widget)
        form.addRow("", self.yes_no_note)
        form.addRow(self.tr("Flagged:"), self.count)
        form.addRow(self.tr("Action:"), self.action)
        self.confidence_label = QLabel(self.tr("Relabel confidence:"))
        form.addRow(self.confidence_label, self.confidence)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.title)
        rl.addWidget(self.description)
        rl.addLayout(form)
        rl.addWidget(self.table, 1)
        rl.addWidget(self.keys_hint)
        split = QSplitter()
        split.addWidget(self.types)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._current = ""

    def initializePage(self) -> None:
        if not self._built:
            self._build()
        scan = self._wizard.scan
        self.types.blockSignals(True)
        self.types.clear()
        for t in scan.checked:
            item = QListWidgetItem()
            item.setData(Qt.UserRole, t)
            item.setToolTip(check_description(t))
            self.types.addItem(item)
        self.types.blockSignals(False)
        self._update_counts()
        counts = scan.counts(self._wizard.plan.thresholds)
        first = next((i for i, t in enumerate(scan.checked) if counts[t]), 0)
        self.types.setCurrentRow(first)
        self._on_type_chosen(first)

    def cleanupPage(self) -> None:
        self.thumbnails.clear()

    def issue_types(self) -> list[str]:
        return [self.types.item(i).data(Qt.UserRole) for i in range(self.types.count())]

    def select_type(self, issue_type: str) -> None:
        self.types.setCurrentRow(self.issue_types().index(issue_type))

    @Slot(int)
    def _on_type_chosen(self, row: int) -> None:
        if row < 0 or row >= self.types.count():
            return
        t = self.types.item(row).data(Qt.UserRole)
        self._current = t
        plan, scan = self._wizard.plan, self._wizard.scan
        spec = get_check(t)
        self.title.setText(check_title(t))
        self.description.setText(check_description(t))
        value = scan.threshold(t, plan.thresholds)
        scores = scan.scores[t]
        self.histogram.set_scores(scores)
        self.histogram.set_threshold(value)
        # a yes/no check (corrupt, exact duplicate) has nothing to spread out
        self.histogram.setVisible(bool(np.any((scores > 0) & (scores < 1))))
        self.spin.blockSignals(True)
        self.slider.blockSignals(True)
        self.spin.setValue(value)
        self.slider.setValue(round(value * 100))
        self.spin.blockSignals(False)
        self.slider.blockSignals(False)
        self.action.clear()
        for a in spec.actions:
            self.action.addItem(action_title(a), a)
        self.action.setCurrentIndex(spec.actions.index(plan.action(t)))
        yes_no = is_yes_no(t, scan.scores[t])
        self.threshold_widget.setVisible(not yes_no)
        self.threshold_label.setVisible(not yes_no)
        self.yes_no_note.setVisible(yes_no)
        is_label = spec.about_labels
        self.confidence.setVisible(is_label)
        self.confidence_label.setVisible(is_label)
        self._refresh_table()

    def _refresh_table(self) -> None:
        self.model.show_type(self._current)
        if self.table.isSortingEnabled() == self.model.grouped:  # groups keep the scan's order
            self.table.setSortingEnabled(not self.model.grouped)
        if self.model.grouped:
            self.table.setItemDelegateForColumn(1, self.members_delegate)
            self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
            self.table.setColumnWidth(0, 80)
            self.table.verticalHeader().setDefaultSectionSize(THUMB + 24)  # room for the labels under the pictures
        else:
            self.table.setItemDelegateForColumn(1, None)
            self.table.verticalHeader().setDefaultSectionSize(THUMB + 8)
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(1, QHeaderView.Interactive)
            header.setSectionResizeMode(5, QHeaderView.Stretch)
            for col, width in ((0, 40), (1, THUMB + 16), (2, 220), (3, 70), (4, 60)):
                # never narrower than the header's text ("Confidence", or a longer translation)
                self.table.setColumnWidth(col, max(width, header.sectionSizeHint(col)))
        # a yes/no check's score is 1.00 on every row it flags: the column would say nothing
        self.table.setColumnHidden(4, not self.model.grouped and not self.model.shows_score())
        self._update_counts()

    @Slot(float)
    def _on_threshold(self, value: float) -> None:
        if not self._current:
            return
        self._wizard.plan.thresholds[self._current] = float(value)
        self.histogram.set_threshold(value)
        self.slider.blockSignals(True)
        self.slider.setValue(round(value * 100))
        self.slider.blockSignals(False)
        self._refresh_table()

    @Slot(int)
    def _on_action(self, index: int) -> None:
        self._wizard.plan.actions[self._current] = self.action.itemData(index)
        self._refresh_table()

    @Slot(float)
    def _on_confidence(self, value: float) -> None:
        self._wizard.plan.relabel_confidence = float(value)

    def set_threshold(self, value: float) -> None:
        self.spin.setValue(value)

    # ----- keyboard review -------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and event.type() == QEvent.KeyPress:
            key, modifiers = event.key(), event.modifiers() & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier)
            if key in (Qt.Key_A, Qt.Key_R) and not modifiers:
                self.decide_current(accept=key == Qt.Key_A)
                return True
            # a digit picks a group's picture as a click does: alone, or with Ctrl added or taken away
            if self.model.grouped and Qt.Key_1 <= key <= Qt.Key_9 and not modifiers & Qt.AltModifier:
                row = self.table.currentIndex().row()
                if row >= 0:
                    self.model.toggle_member(int(self.model.rows[row]), key - Qt.Key_1, only=not modifiers)
                return True
        return super().eventFilter(watched, event)

    def _current_files(self) -> list[str]:
        path = self.model.file_of(self.table.currentIndex().row(), self._member)
        return [path] if path else []

    def context_menu(self, pos) -> QMenu | None:
        """The menu for the row at ``pos`` (viewport coordinates), made current; in a group, the
        picture under the pointer is the one revealed."""
        index = self.table.indexAt(pos)
        if not index.isValid():
            return None
        self.table.setCurrentIndex(index)
        on_member = self.model.grouped and index.column() == 1
        self._member = max(MembersDelegate.position_at(self.table.visualRect(index).x(), pos.x()), 0) \
            if on_member else 0
        menu = QMenu(self)
        menu.addAction(self.reveal_action)
        return menu

    def _show_context_menu(self, pos) -> None:
        menu = self.context_menu(pos)
        if menu is not None:
            menu.exec(self.table.viewport().mapToGlobal(pos))
            self._member = 0

    def decide_current(self, accept: bool) -> None:
        """Accept or reject the current row, then move to the next one."""
        row = self.table.currentIndex().row()
        if row < 0:
            if not self.model.rowCount():
                return
            row = 0
        self.model.decide(row, accept)
        following = min(row + 1, self.model.rowCount() - 1)
        self.table.setCurrentIndex(self.model.index(following, 2 if not self.model.grouped else 0))

    def _update_counts(self) -> None:
        scan, plan = self._wizard.scan, self._wizard.plan
        if scan is None:
            return
        counts = scan.counts(plan.thresholds)
        for i in range(self.types.count()):
            item = self.types.item(i)
            t = item.data(Qt.UserRole)
            item.setText(f"{issue_name(t).capitalize()}  ({counts[t]:,})")
        if self._current:
            n = counts[self._current]
            exempt = len(plan.exempt.get(self._current, ()))
            text = self.tr("%1 flagged").replace("%1", f"{n:,}")
            if exempt:
                text += self.tr(", %1 left alone").replace("%1", f"{exempt:,}")
            if self.model.grouped and self.model.issue_type == self._current:
                text += self.tr(", %1 copies dropped").replace("%1", f"{self.model.to_drop():,}")
            self.count.setText(text)
