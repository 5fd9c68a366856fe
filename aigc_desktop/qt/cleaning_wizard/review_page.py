"""Review each issue type: its threshold with a live count, its action (the bulk rule), its items."""
from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QHeaderView,
                               QLabel, QListWidget, QListWidgetItem, QSlider, QSplitter, QTableView,
                               QVBoxLayout, QWidget)

from aigc_desktop.core.cleaning.plans import ACTION_TITLES
from aigc_desktop.core.quality.registry import get_check
from aigc_desktop.qt.cleaning_wizard.page import WizardPage
from aigc_desktop.qt.cleaning_wizard.review_model import THUMB, MembersDelegate, ReviewModel
from aigc_desktop.qt.issue_text import issue_name
from aigc_desktop.qt.thumbnails import ThumbnailCache


def action_title(action: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("CleaningActions", ACTION_TITLES[action])


class ReviewPage(WizardPage):
    fills = True

    def __init__(self, wizard) -> None:
        super().__init__(wizard)
        self.thumbnails = ThumbnailCache(wizard.session.runner, size=THUMB, parent=self)
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
        self.table.setIconSize(self.thumbnails.placeholder().size())
        self.table.verticalHeader().setDefaultSectionSize(THUMB + 24)
        self.table.setWordWrap(False)
        self.members_delegate = MembersDelegate(self.model, self.table)
        self.empty = QLabel()

        threshold_row = QHBoxLayout()
        threshold_row.addWidget(self.slider, 1)
        threshold_row.addWidget(self.spin)
        threshold_row.addWidget(self.count)
        form = QFormLayout()
        form.addRow(self.tr("Threshold:"), threshold_row)
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
        split = QSplitter()
        split.addWidget(self.types)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._current = ""

    def initializePage(self) -> None:
        scan = self._wizard.scan
        self.types.blockSignals(True)
        self.types.clear()
        for t in scan.checked:
            item = QListWidgetItem()
            item.setData(Qt.UserRole, t)
            item.setToolTip(get_check(t).description)
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
        self.title.setText(spec.title)
        self.description.setText(spec.description)
        value = scan.threshold(t, plan.thresholds)
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
        is_label = spec.about_labels
        self.confidence.setVisible(is_label)
        self.confidence_label.setVisible(is_label)
        self._refresh_table()

    def _refresh_table(self) -> None:
        self.model.show_type(self._current)
        if self.model.grouped:
            self.table.setItemDelegateForColumn(1, self.members_delegate)
            self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
            self.table.setColumnWidth(0, 80)
        else:
            self.table.setItemDelegateForColumn(1, None)
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(1, QHeaderView.Interactive)
            header.setSectionResizeMode(5, QHeaderView.Stretch)
            for col, width in ((0, 40), (1, THUMB + 16), (2, 260), (3, 70), (4, 60)):
                self.table.setColumnWidth(col, width)
        self._update_counts()

    @Slot(float)
    def _on_threshold(self, value: float) -> None:
        if not self._current:
            return
        self._wizard.plan.thresholds[self._current] = float(value)
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
            self.count.setText(text)
