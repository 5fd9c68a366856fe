"""Which dataset of the project a panel works on, and which of its versions that is.

:class:`DatasetCombo` lists the project's datasets with the session's current one chosen; choosing
another makes it current for every panel (the session says so to all of them). :func:`version_text`
names a version the same way in every panel: its number, what made it, how many items it includes.
"""
from __future__ import annotations

import re
from typing import Optional

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QWidget

from aigc_desktop.core.errors import UserError
from aigc_desktop.qt.i18n import fill, translate_matching

_KINDS = {
    "import": QT_TRANSLATE_NOOP("VersionText", "import"),
    "clean": QT_TRANSLATE_NOOP("VersionText", "cleaning"),
    "revert": QT_TRANSLATE_NOOP("VersionText", "revert"),
    "edits": QT_TRANSLATE_NOOP("VersionText", "manual edits"),
}


def version_kind(kind: str) -> str:
    """What made a version (``clean`` -> "cleaning"), in the user's language."""
    text = _KINDS.get(kind)
    return QCoreApplication.translate("VersionText", text) if text else kind


# what the core writes as a version's summary (English, kept in the project), and the same in the
# user's language: %1, %2… are the numbers the core wrote
_SUMMARIES = (
    (re.compile(r"the import as it was"), QT_TRANSLATE_NOOP("VersionText", "the import as it was")),
    (re.compile(r"cleaned: (\d+) excluded, (\d+) relabelled, (\d+) converted or resized; (\d+) of (\d+) included"),
     QT_TRANSLATE_NOOP("VersionText", "cleaned: %1 excluded, %2 relabelled, %3 converted or resized; %4 of %5 "
                                      "included")),
    (re.compile(r"manual edits since version (\d+) \((\d+) inclusion changes\)"),
     QT_TRANSLATE_NOOP("VersionText", "manual edits since version %1 (%2 inclusion changes)")),
    (re.compile(r"revert to version (\d+)"), QT_TRANSLATE_NOOP("VersionText", "revert to version %1")),
)


def version_summary(summary: str) -> str:
    """What changed in a version (the core's English summary), in the user's language; a summary
    of another form is shown as it is."""
    return translate_matching(summary, _SUMMARIES, "VersionText", lambda number: f"{int(number):,}") or summary


# one part of a cleaning plan's summary as the core writes it (CleaningPlan.summary: its parts
# joined by "; ")
_RULE = re.compile(r"(\w+): (\w+)")
_OVERRIDES = re.compile(r"(\d+) item overrides")
_NO_ACTIONS = "no actions"


def plan_summary(summary: str) -> str:
    """The rules of a cleaning plan (the core's English summary: "corrupt: exclude;
    exact_duplicate: keep_one; 3 item overrides"), one a line, in the user's language: the issue's
    name and the action's title ("Exact duplicate: Keep one per group"). A summary of another form
    is shown as it is."""
    from aigc_desktop.qt.issue_text import action_title, issue_name

    lines = []
    for part in summary.split("; "):
        rule, overrides = _RULE.fullmatch(part), _OVERRIDES.fullmatch(part)
        if rule:
            lines.append(fill(QCoreApplication.translate("VersionText", "%1: %2"),
                              issue_name(rule.group(1)).capitalize(), action_title(rule.group(2))))
        elif overrides:
            lines.append(QCoreApplication.translate("VersionText", "items decided one by one: %1")
                         .replace("%1", f"{int(overrides.group(1)):,}"))
        elif part == _NO_ACTIONS:
            lines.append(QCoreApplication.translate("VersionText", "no rule changes anything"))
        else:
            return summary
    return "\n".join(lines)


def version_text(catalog, dataset_id: int) -> str:
    """The dataset's current version and what it holds: "version 2 (cleaning) · 1,180 of 1,250 items included",
    counting as included only what training reads (not excluded, not corrupt)."""
    try:
        version = catalog.versions.current(dataset_id)
        counts = catalog.counts(dataset_id)
    except UserError as exc:  # the project became unreadable since it was opened
        return str(exc)
    return (QCoreApplication.translate("VersionText", "version %1 (%2) · %3 of %4 items included")
            .replace("%1", str(version.number)).replace("%2", version_kind(version.kind))
            .replace("%3", f"{counts['usable']:,}").replace("%4", f"{counts['items']:,}"))


class DatasetCombo(QComboBox):
    """The project's datasets, "name (items)"; the session's current one is chosen. With
    ``hide_single`` it hides itself while the project holds one dataset or none."""

    def __init__(self, session, tip: str, hide_single: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.session = session
        self.hide_single = hide_single
        self.setToolTip(tip)
        # sized to a short name, not the longest entry: the window must still shrink
        self.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)
        self.activated.connect(self._on_chosen)
        session.projectChanged.connect(self.refill)
        session.datasetChanged.connect(self.refill)
        self.refill()

    def refill(self, *_changed) -> None:
        catalog = self.session.catalog
        try:
            datasets = catalog.datasets() if catalog is not None else []
        except UserError:
            datasets = []
        self.blockSignals(True)
        self.clear()
        for info in datasets:
            self.addItem(f"{info.name} ({info.n_items:,})", info.id)
        self.setCurrentIndex(max(self.findData(self.session.dataset_id), 0))
        self.blockSignals(False)
        self.setEnabled(len(datasets) > 1)
        hidden = self.hide_single and len(datasets) <= 1
        if hidden or self.parentWidget() is not None:  # shown without a parent, it would be a window
            self.setHidden(hidden)

    def _on_chosen(self, index: int) -> None:
        dataset_id = self.itemData(index)
        if dataset_id is not None and dataset_id != self.session.dataset_id:
            self.session.set_dataset(int(dataset_id))
