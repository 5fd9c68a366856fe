"""The Cleaning panel: the latest scan's counts, the dataset's versions (revert, export) and the wizard."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QProgressBar,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout)

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.project import export_version
from aigc_desktop.qt.dataset_picker import plan_summary, version_kind, version_summary
from aigc_desktop.qt.issue_text import issue_name
from aigc_desktop.qt.jobs import Job
from aigc_desktop.qt.panels.base import Panel
from aigc_desktop.qt.resources import icon
from aigc_desktop.qt.reveal import RevealLabel
from aigc_desktop.qt.widgets import button


class CleaningPanel(Panel):
    key = icon_name = "cleaning"

    def __init__(self, session) -> None:
        super().__init__(session)
        self.wizard = None
        self.export_job: Optional[Job] = None

        self.wizard_button = QPushButton(self.tr("Scan and Clean…"))
        self.wizard_button.setIcon(icon("cleaning"))
        self.wizard_button.setMinimumHeight(48)
        self.wizard_button.setStyleSheet("font-size: 15px; font-weight: bold; padding: 6px 24px")
        self.wizard_button.setShortcut(QKeySequence("Ctrl+K"))
        self.wizard_button.setToolTip(self.tr("Find dirty data, review it and clean it into a new version (Ctrl+K)"))
        self.wizard_button.clicked.connect(self.open_wizard)
        self.scan_summary = QLabel()
        self.scan_summary.setWordWrap(True)
        self.scan_summary.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.versions = QTreeWidget()
        self.versions.setRootIsDecorated(False)
        self.versions.setSelectionMode(QAbstractItemView.SingleSelection)
        self.versions.setHeaderLabels([self.tr("Version"), self.tr("From"), self.tr("Kind"), self.tr("Included"),
                                       self.tr("Kept, relabelled"), self.tr("Date"), self.tr("What changed")])
        header_item = self.versions.headerItem()
        header_item.setToolTip(3, self.tr("Items used for training in this version, of all items"))
        header_item.setToolTip(4, self.tr("Included items whose label differs from the imported one, when the "
                                          "version was made (the Data panel's “labels changed” also counts "
                                          "excluded items and later edits)"))
        self.versions.header().setSectionResizeMode(6, QHeaderView.Stretch)
        self.versions.itemSelectionChanged.connect(self._update_buttons)
        self.revert_button = button(self.tr("&Revert to This Version"), self.revert_selected,
                                    self.tr("Make the selected version current again (recorded as a new version, "
                                            "so nothing is lost)"))
        self.export_button = button(self.tr("&Export Version…"), self.choose_export_folder,
                                    self.tr("Write the kept items of the selected version as new PNG files, one "
                                            "folder per label"))
        self.progress = QProgressBar()
        self.progress.hide()
        self.cancel_export_button = QPushButton(self.tr("Cancel"))
        self.cancel_export_button.hide()
        self.export_note = RevealLabel(lambda text: self.session.show_status(text, 8000))
        self.export_note.setObjectName("exportNote")
        self.export_note.hide()
        self.empty = QLabel(self.tr("Open or import a dataset first (File ▸ Import Dataset, or File ▸ Open Demo Dataset)."))

        top = QHBoxLayout()
        top.addWidget(self.wizard_button)
        top.addWidget(self.scan_summary, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.cancel_export_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addLayout(top)
        heading = QLabel(self.tr("Dataset versions (version 0 is the import; the current one is in bold)"))
        heading.setStyleSheet("font-weight: bold")
        layout.addWidget(heading)
        layout.addWidget(self.versions, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.export_note)

        self.reload()

    def title(self) -> str:
        return self.tr("Cleaning")

    def on_dataset_changed(self, dataset_id: int) -> None:
        self.reload()  # a project that opens or closes tells its dataset right after: one reload for both

    def on_items_changed(self) -> None:
        self.reload()

    # ---- state ------------------------------------------------------------------------------
    def _has_data(self) -> bool:
        return self.session.has_dataset()

    def reload(self) -> None:
        has_data = self._has_data()
        self.empty.setVisible(not has_data)
        self.wizard_button.setEnabled(has_data)
        self.versions.clear()
        self.scan_summary.clear()
        if not has_data:
            self._update_buttons()
            return
        catalog, dataset_id = self.session.catalog, self.session.dataset_id
        try:
            self.scan_summary.setText(self._scan_text(catalog.scans.latest(dataset_id)))
            versions = catalog.versions.list(dataset_id)
        except UserError as exc:  # the project became unreadable (locked, damaged) since it was opened
            self.scan_summary.setText(str(exc))
            versions = []
        for v in reversed(versions):
            item = QTreeWidgetItem([
                str(v.number), "" if v.parent_number is None else str(v.parent_number), version_kind(v.kind),
                f"{v.stats.get('included', 0):,} / {v.stats.get('items', 0):,}", f"{v.stats.get('relabelled', 0):,}",
                v.created.replace("T", " ")[:16], version_summary(v.summary)])
            item.setData(0, Qt.UserRole, v.number)
            rules = v.plan.get("summary")  # a cleaning's: the plan's rules
            item.setToolTip(6, plan_summary(rules) if isinstance(rules, str) else version_summary(v.summary))
            if v.current:
                font = item.font(0)
                font.setBold(True)
                for col in range(7):
                    item.setFont(col, font)
            self.versions.addTopLevelItem(item)
        for col in range(6):
            self.versions.resizeColumnToContents(col)
        if self.versions.topLevelItemCount():
            self.versions.setCurrentItem(self.versions.topLevelItem(0))
        self._update_buttons()

    def _scan_text(self, scan) -> str:
        if scan is None:
            return self.tr("Not scanned yet. Press Scan and Clean to find corrupt files, duplicates, label errors "
                           "and outliers.")
        found = ", ".join(f"{issue_name(t)}: {n:,}" for t, n in scan.summary.items() if n) or self.tr("no issues")
        return self.tr("Latest scan (%1): %2").replace("%1", scan.created.replace("T", " ")[:16]).replace("%2", found)

    def selected_version(self) -> Optional[int]:
        item = self.versions.currentItem()
        return None if item is None else int(item.data(0, Qt.UserRole))

    def _update_buttons(self) -> None:
        selected = self.selected_version() is not None
        busy = self.export_job is not None
        self.revert_button.setEnabled(selected and self._has_data() and not busy)
        self.export_button.setEnabled(selected and self._has_data() and not busy)

    # ---- actions ----------------------------------------------------------------------------
    def open_wizard(self):
        if not self._has_data():
            return None
        from aigc_desktop.qt.cleaning_wizard import CleaningWizard

        self.wizard = CleaningWizard(self.session, self)
        self.wizard.finished.connect(lambda _result: self.reload())
        self.wizard.open()
        return self.wizard

    def revert_selected(self) -> None:
        number = self.selected_version()
        if number is not None:
            self.revert_to(number)

    def revert_to(self, number: int) -> None:
        from aigc_desktop.core.cleaning.versions import revert_to

        try:
            version = revert_to(self.session.catalog, self.session.dataset_id, number)
        except UserError as exc:
            self.session.report_error(self.tr("Revert"), str(exc))
            return
        self.session.show_status(
            self.tr("Reverted to version %1 (recorded as version %2)").replace("%1", str(number))
            .replace("%2", str(version.number)), 8000)
        self.session.notify_items_changed()

    def choose_export_folder(self) -> None:
        number = self.selected_version()
        if number is None:
            return
        path = QFileDialog.getExistingDirectory(self, self.tr("Export Version — choose an empty folder"),
                                                str(Path.home()))
        if path:
            self.export_version(number, path)

    def export_version(self, number: int, out_dir: str) -> Optional[Job]:
        project, dataset_id = self.session.project, self.session.dataset_id
        self.export_job = self.session.runner.start(
            lambda ctx: export_version(project, dataset_id, number, out_dir, ctx), on_result=self._on_exported,
            on_failed=lambda message: self.session.report_error(self.tr("Export"), message),
            on_cancelled=lambda: self.session.show_status(self.tr("Export cancelled; nothing was written."), 8000),
            on_finished=self._on_export_finished, progress_bar=self.progress, cancel_button=self.cancel_export_button)
        self._update_buttons()
        return self.export_job

    def _on_exported(self, result) -> None:
        version, summary = result
        text = self.tr("Exported version %1: %2 files in %3").replace("%1", str(version.number)) \
            .replace("%2", f"{summary.n_written:,}").replace("%3", summary.out_dir)
        if summary.skipped:
            text += self.tr(" (%1 unreadable items skipped)").replace("%1", str(len(summary.skipped)))
        self.session.show_status(text, 10000)
        self.export_note.show_result(text, summary.out_dir)
        self.export_note.show()

    def _on_export_finished(self) -> None:
        self.export_job = None
        self._update_buttons()

    def cancel_export(self) -> None:
        if self.export_job is not None:
            self.export_job.cancel()

    def shutdown(self) -> None:
        if self.wizard is not None:
            self.wizard.stop_scan()
            self.wizard.review_page.thumbnails.shutdown()
        self.cancel_export()


if __name__ == "__main__":  # a look at the panel alone, on the demo dataset
    import sys

    from aigc_desktop.qt.app import create_app
    from aigc_desktop.qt.main_window import MainWindow

    app = create_app()
    main = MainWindow()
    main.show()
    main.open_demo()
    main.tabs.setCurrentWidget(main.panels.get("cleaning", main.tabs.currentWidget()))
    sys.exit(app.exec())
