"""The wizard itself: holds what the pages share (the scan, the plan, the outcome)."""
from __future__ import annotations

from PySide6.QtWidgets import QWizard

from aigc_desktop.core.cleaning.plans import CleaningPlan
from aigc_desktop.qt.widgets import fit_to_screen


class CleaningWizard(QWizard):
    """``CleaningWizard(session, parent)``: scans and cleans the session's current dataset."""

    PAGE_CHECKS, PAGE_SCAN, PAGE_REVIEW, PAGE_PREVIEW, PAGE_APPLY = range(5)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        from aigc_desktop.qt.cleaning_wizard.pages import ApplyPage, ChecksPage, PreviewPage, ReviewPage, ScanPage

        self.session = session
        self.dataset_id: int = session.dataset_id
        self.items = None  # the dataset's ItemTable, read by the scan's job with its result
        self.scan = None
        self.plan = CleaningPlan()
        self.outcome = None
        self.version = None
        self.setWindowTitle(self.tr("Scan and Clean — %1").replace("%1", session.catalog.dataset(self.dataset_id).name))
        self.setWizardStyle(QWizard.ModernStyle)
        self.setOption(QWizard.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.NoCancelButtonOnLastPage, True)  # once applied there is nothing to cancel
        self.setButtonText(QWizard.CommitButton, self.tr("&Apply"))
        fit_to_screen(self, 1100, 760)
        self.checks_page = ChecksPage(self)
        self.scan_page = ScanPage(self)
        self.review_page = ReviewPage(self)
        self.preview_page = PreviewPage(self)
        self.apply_page = ApplyPage(self)
        for page_id, page in enumerate((self.checks_page, self.scan_page, self.review_page, self.preview_page,
                                        self.apply_page)):
            self.setPage(page_id, page)
        self.rejected.connect(self.stop_scan)

    def stop_scan(self) -> None:
        """Closing the wizard stops a scan; an apply in progress completes (it is one transaction)."""
        self.scan_page.cancel()

    def thresholds(self) -> dict:
        return dict(self.plan.thresholds)

    def source(self):
        try:
            return self.session.catalog.source(self.dataset_id)
        except Exception:  # files moved: the review shows placeholders
            return None

    def done(self, result: int) -> None:
        self.stop_scan()
        self.review_page.thumbnails.shutdown()
        super().done(result)
