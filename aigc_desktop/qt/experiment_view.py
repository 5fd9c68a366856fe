"""The experiment's result as the Gallery shows it: the summary in bullets, per dirt rate a table of
every metric (mean and 95% interval per variant, the real floor, the verdicts against the dirty
data), the sample grids of the first seed's runs, and the dose-response plot.

It reads ``experiment.json`` (schema ``aigc-experiment/2``), so an experiment run from the command
line into the project's folder shows the same as one run from the wizard.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QScrollArea, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from aigc_desktop.core.evaluation.metric_info import KEYS, show
from aigc_desktop.core.evaluation.report import PLOT_FILE
from aigc_desktop.core.training.sampling import epoch_grids
from aigc_desktop.qt.i18n import fill, translate_matching
from aigc_desktop.qt.metric_names import metric_label, metric_tooltip

VARIANTS = ("dirty", "cleaned", "robust")
_VARIANT_NAMES = {"dirty": QT_TRANSLATE_NOOP("ExperimentView", "dirty data"),
                  "cleaned": QT_TRANSLATE_NOOP("ExperimentView", "cleaned data"),
                  "robust": QT_TRANSLATE_NOOP("ExperimentView", "robust training")}
_VERDICTS = {"better": QT_TRANSLATE_NOOP("ExperimentView", "better"),
             "worse": QT_TRANSLATE_NOOP("ExperimentView", "worse"),
             "no clear difference": QT_TRANSLATE_NOOP("ExperimentView", "no clear difference")}
# the images the runs are measured against, as the core describes them (core/evaluation/experiment.py,
# experiment_data.py)
_HELD_OUT = (
    (re.compile(r"(\d+) images of the reference dataset (.+), which no run trains on"),
     QT_TRANSLATE_NOOP("ExperimentView", "%1 images of the reference dataset %2, which no run trains on")),
    (re.compile(r"(\d+) images of the clean dataset set aside before any dirt was planted or any training"),
     QT_TRANSLATE_NOOP("ExperimentView", "%1 images of the clean dataset set aside before any dirt was planted "
                                         "or any training")),
    (re.compile(r"(\d+) images drawn at random, before any training, from the items both versions keep: no "
                r"trusted reference was given, so the evaluation shares the cleaning's judgement of what is clean "
                r"\(pass a reference dataset for an independent check\)"),
     QT_TRANSLATE_NOOP("ExperimentView", "%1 images drawn at random, before any training, from the items both "
                                         "versions keep: no trusted reference was given, so the evaluation shares "
                                         "the cleaning's judgement of what is clean (pass a reference dataset for "
                                         "an independent check)")),
)


# what each variant trained on, as the core describes it (core/evaluation/experiment_data.py)
_DIRTY_VERSION = re.compile(r"(.+); the dirty data are version (\d+)")
_DEFAULT_PLAN = re.compile(r"the default cleaning plan, computed for the experiment \(nothing written\): (.+)")
_VERSION = re.compile(r"version (\d+) \((\w+)\): (.+)")
_VARIANT_TEXTS = (
    (re.compile(r"every readable item of the dirty data"),
     QT_TRANSLATE_NOOP("ExperimentView", "every readable item of the dirty data")),
    (re.compile(r"the dirty data, suspect items down-weighted by their scan scores \(weight 1 at score 0 down to "
                r"(\S+) at the flag threshold; a duplicate group weighs as one item\)"),
     QT_TRANSLATE_NOOP("ExperimentView", "the dirty data, suspect items down-weighted by their scan scores (weight 1 "
                                         "at score 0 down to %1 at the flag threshold; a duplicate group weighs as "
                                         "one item)")),
)


def variant_description(text: str) -> str:
    """What a variant trained on (the core's English), in the user's language; another form as it is."""
    from aigc_desktop.qt.dataset_picker import version_kind, version_summary

    dirty = _DIRTY_VERSION.fullmatch(text)
    if dirty:
        return fill(QCoreApplication.translate("ExperimentView", "%1; the dirty data are version %2"),
                    variant_description(dirty[1]), dirty[2])
    plan, version = _DEFAULT_PLAN.fullmatch(text), _VERSION.fullmatch(text)
    if plan:
        return fill(QCoreApplication.translate("ExperimentView", "the default cleaning plan, computed for the "
                                                                 "experiment (nothing written): %1"),
                    version_summary(plan[1]))
    if version:
        return fill(QCoreApplication.translate("ExperimentView", "version %1 (%2): %3"), version[1],
                    version_kind(version[2]), version_summary(version[3]))
    return translate_matching(text, _VARIANT_TEXTS, "ExperimentView") or text


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExperimentView", text)


def variant_name(variant: str) -> str:
    """A variant of the experiment (``cleaned``) as sentences name it ("cleaned data"), translated."""
    text = _VARIANT_NAMES.get(variant)
    return _tr(text) if text else variant


def held_out_text(description: str) -> str:
    """The core's description of the held-out images, in the user's language (another form as it is)."""
    return translate_matching(description, _HELD_OUT, "ExperimentView") or description


def _signed(key: str, value) -> str:
    return "–" if value is None else ("+" if value >= 0 else "−") + show(key, abs(value))


def _comparison_lines(comparisons: list) -> list[str]:
    """A sentence per verdict, then per pair of variants the metrics without one (as the core's
    summary, core/evaluation/comparison.py ``bullets``, in the user's language)."""
    lines, unclear = [], {}
    for c in comparisons:
        key = c["metric"]
        if c["verdict"] == "no clear difference":
            unclear.setdefault((c["a"], c["b"]), []).append(metric_label(key))
            continue
        ci = c.get("ci95")
        interval = QCoreApplication.translate("ExperimentView", "no interval") if ci is None else fill(
            QCoreApplication.translate("ExperimentView", "95% CI %1 to %2"), _signed(key, ci[0]), _signed(key, ci[1]))
        verdict = _VERDICTS.get(c["verdict"])
        lines.append(fill(QCoreApplication.translate("ExperimentView",
                                                     "%1 vs %2: %3 %4 → %5 (difference %6, %7): %8."),
                          variant_name(c["b"]).capitalize(), variant_name(c["a"]), metric_label(key),
                          show(key, c.get("a_mean")), show(key, c.get("b_mean")), _signed(key, c.get("difference")),
                          interval, _tr(verdict) if verdict else c["verdict"]))
    for (a, b), labels in unclear.items():
        lines.append(fill(QCoreApplication.translate("ExperimentView", "%1 vs %2: no clear difference in %3 (the 95% "
                                                                       "interval of each difference includes 0)."),
                          variant_name(b).capitalize(), variant_name(a),
                          QCoreApplication.translate("ExperimentView", ", ").join(labels)))
    return lines


def summary_lines(data: dict) -> list[str]:
    """The experiment's result in short sentences, in the user's language, from the numbers of its
    experiment.json (its "summary" holds the same in English, for the command line and summary.md)."""
    doses = data.get("doses") or []
    lines = []
    for dose in doses:
        said = _comparison_lines(dose.get("comparisons") or [])
        rate = dose.get("rate")
        lines += said if rate is None else [fill(QCoreApplication.translate("ExperimentView", "At dirt rate %1: %2"),
                                                 f"{rate:g}", line) for line in said]
    seeds = [str(s) for s in data.get("seeds") or []]
    steps = data.get("steps")
    taken = {run.get("steps") for dose in doses for v in (dose.get("variants") or {}).values()
             for run in v.get("runs") or []}
    template = (QCoreApplication.translate("ExperimentView", "Every run was given %1 optimizer steps of batch %2; "
                                                             "seeds %3, each training all three variants.")
                if len(seeds) > 1 else
                QCoreApplication.translate("ExperimentView", "Every run was given %1 optimizer steps of batch %2; "
                                                             "seed %3, each training all three variants."))
    lines.append(fill(template, f"{steps:,}" if isinstance(steps, int) else str(steps), str(data.get("batch_size")),
                      ", ".join(seeds)))
    if not taken <= {steps}:
        lines.append(QCoreApplication.translate("ExperimentView", "Some runs stopped earlier: see the runs."))
    if doses and doses[0].get("held_out"):
        lines.append(fill(QCoreApplication.translate("ExperimentView", "Measured against %1."),
                          held_out_text(doses[0]["held_out"])))
    lines.append(QCoreApplication.translate(
        "ExperimentView", "One seed: the intervals hold the noise of measuring the samples, not the run-to-run noise "
                          "of training; use several seeds before trusting a difference.") if len(seeds) <= 1 else
        fill(QCoreApplication.translate(
            "ExperimentView", "The intervals combine the spread over the %1 seeds with the bootstrap noise of each "
                              "measurement; a verdict is given only where the interval of the difference excludes 0."),
             str(len(seeds))))
    return lines


def read_experiment(folder) -> Optional[dict]:
    """The experiment.json of ``folder`` in its current schema, or None."""
    path = Path(folder) / "experiment.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if data.get("schema") == "aigc-experiment/2" else None


class ExperimentView(QWidget):
    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.data: Optional[dict] = None
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.RichText)
        self.summary_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.summary_label.setObjectName("experimentSummary")
        self.dose_combo = QComboBox()
        self.dose_combo.setToolTip(self.tr("Which dirt rate the table and the sample grids show"))
        self.dose_combo.currentIndexChanged.connect(self._show_dose)
        self.dose_row = QWidget()
        row = QHBoxLayout(self.dose_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Dirt rate:")))
        row.addWidget(self.dose_combo)
        row.addStretch(1)
        self.metrics_table = QTableWidget(0, 0)
        self.metrics_table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.metrics_table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.metrics_table.setToolTip(self.tr("Mean over the seeds [95% interval]; hover a value for how it was "
                                              "computed"))
        self.grids = QGridLayout()
        self.grid_labels: dict[str, QLabel] = {}
        for col, variant in enumerate(VARIANTS):
            title = QLabel(f"<b>{self.variant_title(variant)}</b>")
            title.setAlignment(Qt.AlignCenter)
            image = QLabel()
            image.setAlignment(Qt.AlignCenter)
            image.setMinimumSize(180, 180)
            self.grids.addWidget(title, 0, col)
            self.grids.addWidget(image, 1, col)
            self.grid_labels[variant] = image
        self.plot_label = QLabel()
        self.plot_label.setAlignment(Qt.AlignCenter)
        self.plot_label.setObjectName("doseResponsePlot")
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.plot_label)
        layout.addWidget(self.dose_row)
        layout.addWidget(self.metrics_table)
        layout.addLayout(self.grids)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def variant_title(self, variant: str) -> str:
        return {"dirty": self.tr("Dirty (version 0)"), "cleaned": self.tr("Cleaned"),
                "robust": self.tr("Robust (down-weighted)")}.get(variant, variant)

    # ----- contents ------------------------------------------------------------------------
    def show_folder(self, folder) -> bool:
        data = read_experiment(folder)
        if data is None:
            self.clear(self.tr("No readable experiment.json in %1").replace("%1", str(folder)))
            return False
        self.show_data(data)
        return True

    def clear(self, message: str = "") -> None:
        self.data = None
        self.summary_label.setText(message)
        self.metrics_table.setRowCount(0)
        self.plot_label.clear()
        self.dose_row.hide()
        for label in self.grid_labels.values():
            label.clear()

    def show_data(self, data: dict) -> None:
        self.data = data
        items = "".join(f"<li>{_escape(line)}</li>" for line in summary_lines(data))
        self.summary_label.setText(f"<ul>{items}</ul>")
        doses = data.get("doses", [])
        self.dose_combo.blockSignals(True)
        self.dose_combo.clear()
        for dose in doses:
            rate = dose.get("rate")
            self.dose_combo.addItem(self.tr("as it is") if rate is None else f"{rate:g}", rate)
        self.dose_combo.blockSignals(False)
        self.dose_row.setVisible(len(doses) > 1)
        plot = Path(data.get("out_dir", "")) / PLOT_FILE
        pixmap = QPixmap(str(plot)) if plot.exists() else QPixmap()
        if pixmap.isNull():
            self.plot_label.clear()
            self.plot_label.hide()
        else:
            self.plot_label.setPixmap(pixmap.scaledToWidth(min(pixmap.width(), 900), Qt.SmoothTransformation))
            self.plot_label.show()
        self.dose_combo.setCurrentIndex(len(doses) - 1 if doses else -1)
        self._show_dose()

    def _show_dose(self, *_args) -> None:
        doses = (self.data or {}).get("doses", [])
        index = self.dose_combo.currentIndex()
        if not 0 <= index < len(doses):
            return
        dose = doses[index]
        variants = [v for v in VARIANTS if v in dose.get("variants", {})]
        verdicts: dict[str, dict[str, str]] = {}
        for c in dose.get("comparisons", []):
            verdicts.setdefault(c["metric"], {})[c["b"]] = c["verdict"]
        keys = [k for k in KEYS if any(k in dose["variants"][v].get("summary", {}) for v in variants)]
        headers = [self.variant_title(v) for v in variants] + [self.tr("Real floor")] + \
            [self.tr("%1 vs dirty").replace("%1", self.variant_title(v)) for v in variants if v != "dirty"]
        self.metrics_table.clear()
        self.metrics_table.setColumnCount(len(headers))
        self.metrics_table.setHorizontalHeaderLabels(headers)
        self.metrics_table.setRowCount(len(keys) + 1)
        self.metrics_table.setVerticalHeaderLabels([self.tr("training images")] + [metric_label(k) for k in keys])
        for col, v in enumerate(variants):
            self._set(0, col, f"{dose['variants'][v].get('n_train', 0):,}",
                      variant_description(dose["variants"][v].get("description") or ""))
        floor = dose.get("real_floor", {})
        for row, key in enumerate(keys, start=1):
            for col, v in enumerate(variants):
                entry = dose["variants"][v].get("summary", {}).get(key) or {}
                ci = entry.get("ci95")
                text = show(key, entry.get("mean")) + ("" if ci is None else f"  [{show(key, ci[0])}, "
                                                                             f"{show(key, ci[1])}]")
                self._set(row, col, text, metric_tooltip(key, ci, floor.get(key)))
            self._set(row, len(variants), show(key, floor.get(key)), self.tr("what held-out real images score"))
            for k, v in enumerate(x for x in variants if x != "dirty"):
                verdict = verdicts.get(key, {}).get(v, "")
                text = _tr(_VERDICTS[verdict]) if verdict in _VERDICTS else "–"
                self._set(row, len(variants) + 1 + k, text, self.tr("Given only where the 95% interval of the "
                                                                     "difference excludes 0"))
        self.metrics_table.resizeRowsToContents()
        for variant in VARIANTS:
            run = ((dose.get("variants", {}).get(variant) or {}).get("runs") or [None])[0]
            pixmap = self._last_grid(run["run_dir"]) if run else None
            label = self.grid_labels[variant]
            if pixmap is None:
                label.setText(self.tr("no samples"))
            else:
                label.setPixmap(pixmap)

    def _set(self, row: int, col: int, text: str, tooltip: Optional[str] = None) -> None:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignCenter)
        if tooltip:
            item.setToolTip(tooltip)
        self.metrics_table.setItem(row, col, item)

    @staticmethod
    def _last_grid(run_dir: str):
        epochs = epoch_grids(run_dir)
        if not epochs:
            return None
        pixmap = QPixmap(str(Path(run_dir) / "samples" / f"epoch_{epochs[-1]:04d}.png"))
        if pixmap.isNull():
            return None
        return pixmap.scaled(220, 220, Qt.KeepAspectRatio, Qt.FastTransformation)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
