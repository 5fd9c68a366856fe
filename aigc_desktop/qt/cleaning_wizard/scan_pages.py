"""Choose the checks, then watch the scan run (a job on its own catalog connection; cancellable)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout

from aigc_desktop.core.jobs import Progress
from aigc_desktop.core.project import scan_in_project
from aigc_desktop.core.quality.registry import all_checks
from aigc_desktop.qt.cleaning_wizard.page import WizardPage
from aigc_desktop.qt.i18n import fill
from aigc_desktop.qt.issue_text import check_description, issue_name

_STAGES = {"pixels": QT_TRANSLATE_NOOP("ScanPage", "Reading the pixels"),
           "neighbours": QT_TRANSLATE_NOOP("ScanPage", "Comparing the images"),
           "duplicates": QT_TRANSLATE_NOOP("ScanPage", "Verifying near duplicates"),
           "labels": QT_TRANSLATE_NOOP("ScanPage", "Cross-validating a classifier of the labels"),
           "done": QT_TRANSLATE_NOOP("ScanPage", "Scan finished")}


def slow_checks() -> list[str]:
    """The checks that compare every image with its neighbours: the slow part of a scan."""
    return [spec.issue_type for spec in all_checks() if "graph" in spec.needs]


class ChecksPage(WizardPage):

    def __init__(self, wizard) -> None:
        super().__init__(wizard)
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for n, spec in enumerate(all_checks()):
            box = QCheckBox(issue_name(spec.issue_type).capitalize())
            box.setChecked(True)
            box.setToolTip(check_description(spec.issue_type))
            box.toggled.connect(self.completeChanged)
            self.boxes[spec.issue_type] = box
            grid.addWidget(box, n // 3, n % 3)
        quick = QPushButton(self.tr("&Quick checks only"))
        quick.setToolTip(self.tr("Leave out the checks that compare images with each other"))
        quick.clicked.connect(lambda: self.select(exclude=slow_checks()))
        everything = QPushButton(self.tr("&All checks"))
        everything.clicked.connect(lambda: self.select())
        buttons = QHBoxLayout()
        buttons.addWidget(everything)
        buttons.addWidget(quick)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addStretch()

    def select(self, exclude=()) -> None:
        for issue_type, box in self.boxes.items():
            box.setChecked(issue_type not in exclude)

    def checks(self) -> list[str]:
        return [t for t, box in self.boxes.items() if box.isChecked()]

    def isComplete(self) -> bool:
        return bool(self.checks())


class ScanPage(WizardPage):

    def __init__(self, wizard) -> None:
        super().__init__(wizard)
        self.stage = QLabel()
        self.bar = QProgressBar()
        self.cancel_button = QPushButton(self.tr("&Cancel Scan"))
        self.cancel_button.setToolTip(self.tr("Stop the scan; nothing is changed"))
        self.cancel_button.clicked.connect(self.cancel)
        self.rescan_button = QPushButton(self.tr("&Scan Again"))
        self.rescan_button.clicked.connect(self.start)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.cancel_button)
        row.addWidget(self.rescan_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addStretch()
        self.cancel_button.setEnabled(False)
        self.job = None

    def initializePage(self) -> None:
        self.start()

    def cleanupPage(self) -> None:  # Back: stop a running scan
        self.cancel()

    def start(self) -> None:
        if self.job is not None:
            return
        w = self._wizard
        w.scan = None
        self.completeChanged.emit()
        self.result_label.clear()
        self.stage.setText(self.tr("Starting…"))
        project, dataset_id, checks = w.session.project, w.dataset_id, w.checks_page.checks()
        self.rescan_button.setEnabled(False)

        def scan_and_read(ctx):  # the review and the report need the items too: read them here, not on the GUI thread
            result = yield from scan_in_project(project, dataset_id, checks, ctx)
            with project.open(read_only=True) as catalog:
                return result, catalog.items(dataset_id)

        self.job = w.session.runner.start(scan_and_read, on_progress=self._on_progress,
            on_result=self._on_result, on_failed=self._on_failed, on_cancelled=self._on_cancelled,
            on_finished=self._on_finished, progress_bar=self.bar, cancel_button=self.cancel_button)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _on_progress(self, event: Any) -> None:
        if isinstance(event, Progress):
            stage = _STAGES.get(event.stage)  # the scan's stages (core/quality/scan.py), in the user's language
            said = QCoreApplication.translate("ScanPage", stage) if stage else event.message or event.stage
            self.stage.setText(fill(self.tr("%1: %2 / %3"), said, f"{event.done:,}", f"{event.total:,}"))

    def _on_result(self, scanned) -> None:
        result, self._wizard.items = scanned
        self._wizard.scan = result
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        counts = result.counts()
        found = ", ".join(f"{issue_name(t)} {n}" for t, n in counts.items() if n) or self.tr("no issues")
        self.stage.setText(self.tr("Scan finished in %1 s").replace("%1", f"{result.seconds:.1f}"))
        self.result_label.setText(self.tr("Found: %1. Press Next to review them.").replace("%1", found))
        self.completeChanged.emit()

    def _on_failed(self, message: str) -> None:
        self.stage.setText(self.tr("The scan failed: %1").replace("%1", message))

    def _on_cancelled(self) -> None:
        self.stage.setText(self.tr("Scan cancelled; nothing was changed."))

    def _on_finished(self) -> None:
        self.job = None
        self.rescan_button.setEnabled(True)

    def isComplete(self) -> bool:
        return self._wizard.scan is not None
