"""The experiment's result as the Gallery shows it: the summary in bullets, per dirt rate a table of
every metric (mean and 95% interval per variant, the real floor, the verdicts against the dirty
data), the sample grids of the first seed's runs, and the dose-response plot.

It reads ``experiment.json`` (schema ``aigc-experiment/2``), so an experiment run from the command
line into the project's folder shows the same as one run from the wizard.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QScrollArea, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from aigc_desktop.core.evaluation.metric_info import KEYS, show
from aigc_desktop.core.evaluation.report import PLOT_FILE
from aigc_desktop.core.training.sampling import epoch_grids
from aigc_desktop.qt.metric_names import metric_label, metric_tooltip

VARIANTS = ("dirty", "cleaned", "robust")


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
        items = "".join(f"<li>{_escape(line)}</li>" for line in data.get("summary", []))
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
            self._set(0, col, f"{dose['variants'][v].get('n_train', 0):,}", dose["variants"][v].get("description"))
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
                text = {"better": self.tr("better"), "worse": self.tr("worse"),
                        "no clear difference": self.tr("no clear difference")}.get(verdict, "–")
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
