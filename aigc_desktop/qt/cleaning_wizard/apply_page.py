"""Apply the plan as a new version (a job: one transaction, not cancellable), then save the cleaning report."""
from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout

from aigc_desktop.core.cleaning.report import build_report, save_report
from aigc_desktop.core.project import apply_plan_in_project
from aigc_desktop.qt.cleaning_wizard.page import WizardPage


class ApplyPage(WizardPage):

    def __init__(self, wizard) -> None:
        super().__init__(wizard)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.buttons = {}
        row = QHBoxLayout()
        for fmt, text in (("md", self.tr("Save &Markdown…")), ("html", self.tr("Save &HTML…")),
                          ("json", self.tr("Save &JSON…"))):
            button = QPushButton(text)
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, f=fmt: self.choose_report_file(f))
            self.buttons[fmt] = button
            row.addWidget(button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addStretch()
        self.job = None
        self.report = None

    def initializePage(self) -> None:
        w = self._wizard
        session = w.session
        self.status.setText(self.tr("Applying the plan…"))
        project, dataset_id, scan, plan = session.project, w.dataset_id, w.scan, w.plan

        def applied(result) -> None:
            session.notify_items_changed()  # the version stands, also when the wizard was closed meanwhile
            if shiboken6.isValid(self):
                self._on_applied(result)

        self.job = session.runner.start(lambda ctx: apply_plan_in_project(project, dataset_id, scan, plan),
                                       on_result=applied, on_failed=self._on_failed, on_finished=self._on_finished)

    def _on_applied(self, result) -> None:
        w = self._wizard
        version, outcome = result
        w.version, w.outcome = version, outcome
        info = w.session.catalog.dataset(w.dataset_id)
        self.report = build_report({"id": info.id, "name": info.name, "root": info.root, "kind": info.kind},
                                   w.plan, outcome, w.scan, w.items,
                                   version={"number": version.number, "parent_number": version.parent_number,
                                            "created": version.created})
        counts = outcome.counts()
        self.status.setText(self.tr("Version %1 created: %2 excluded, %3 relabelled, %4 converted or resized; "
                                    "%5 of %6 items included.")
                            .replace("%1", str(version.number)).replace("%2", f"{counts['excluded']:,}")
                            .replace("%3", f"{counts['relabelled']:,}").replace("%4", f"{counts['transformed']:,}")
                            .replace("%5", f"{counts['included_after']:,}").replace("%6", f"{counts['items']:,}"))
        for button in self.buttons.values():
            button.setEnabled(True)
        self.completeChanged.emit()

    def _on_failed(self, message: str) -> None:
        self.status.setText(self.tr("Could not apply the plan: %1").replace("%1", message))

    def _on_finished(self) -> None:
        self.job = None
        self.bar.hide()

    def isComplete(self) -> bool:
        return self.report is not None

    def choose_report_file(self, fmt: str) -> None:
        start = str(Path.home() / f"cleaning_report_v{self._wizard.version.number}.{fmt}")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save Cleaning Report"), start, f"*.{fmt}")
        if path:
            self.save_report(path, fmt)

    def save_report(self, path: str, fmt: str) -> Path:
        target = save_report(self.report, path, fmt)
        self.status.setText(self.status.text().split("\n")[0] + "\n" + self.tr("Saved %1").replace("%1", str(target)))
        return target
