"""The base of the cleaning wizard's pages: each knows the wizard (what the pages share) and names itself."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QSizePolicy, QWizardPage

# page class -> (title, subtitle), translated in the page class's own context
TEXTS = {
    "ChecksPage": (
        QT_TRANSLATE_NOOP("ChecksPage", "Choose the checks"),
        QT_TRANSLATE_NOOP("ChecksPage", "Every check scores each item; you adjust the thresholds after the scan. "
                                        "Near duplicates, label conflicts, label errors and outliers compare every "
                                        "image with its neighbours and take longer.")),
    "ScanPage": (
        QT_TRANSLATE_NOOP("ScanPage", "Scanning"),
        QT_TRANSLATE_NOOP("ScanPage", "The files are only read. You can cancel at any time.")),
    "ReviewPage": (
        QT_TRANSLATE_NOOP("ReviewPage", "Review the issues"),
        QT_TRANSLATE_NOOP("ReviewPage", "Pick an issue type, set its threshold and what to do with it. Uncheck an "
                                        "item to leave it alone; in a group, click a copy to keep only that one "
                                        "(Ctrl+click adds it or drops it).")),
    "PreviewPage": (
        QT_TRANSLATE_NOOP("PreviewPage", "Preview"),
        QT_TRANSLATE_NOOP("PreviewPage", "Nothing is changed yet. Apply creates a new dataset version; the original "
                                         "files are never touched and every version can be reverted to.")),
    "ApplyPage": (
        QT_TRANSLATE_NOOP("ApplyPage", "Applied"),
        QT_TRANSLATE_NOOP("ApplyPage", "The new version is the dataset's current state. Save the report of what "
                                       "changed.")),
}


class WizardPage(QWizardPage):
    """Titled from ``TEXTS``; ``fills`` pages take the whole wizard."""

    fills = False

    def __init__(self, wizard) -> None:
        super().__init__()
        self._wizard = wizard
        context = type(self).__name__
        title, subtitle = TEXTS[context]
        self.setTitle(QCoreApplication.translate(context, title))
        self.setSubTitle(QCoreApplication.translate(context, subtitle))
        if self.fills:
            self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
