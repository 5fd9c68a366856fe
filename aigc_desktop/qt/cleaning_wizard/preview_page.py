"""Before and after: counts and the class balance, computed from the plan without writing anything."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout

from aigc_desktop.core.cleaning.apply import preview_plan
from aigc_desktop.core.cleaning.plans import class_balance
from aigc_desktop.qt.cleaning_wizard.page import WizardPage

BEFORE_COLOUR, AFTER_COLOUR = "#94a3b8", "#0072B2"


class BalanceChart(pg.PlotWidget):
    """Included items per label, before (grey) and after (blue) side by side."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.setMinimumHeight(240)
        item = self.getPlotItem()
        item.showGrid(y=True, alpha=0.25)
        item.setLabel("left", self.tr("included items"))
        item.setMouseEnabled(x=False, y=False)
        self.legend = item.addLegend(offset=(-10, 10))
        self.bars: dict[str, pg.BarGraphItem] = {}

    def set_counts(self, before: dict, after: dict) -> None:
        item = self.getPlotItem()
        for bar in self.bars.values():
            item.removeItem(bar)
        self.legend.clear()
        labels = list(before) + [k for k in after if k not in before]
        x = np.arange(len(labels), dtype=float)
        self.bars = {
            "before": pg.BarGraphItem(x=x - 0.2, height=[before.get(k, 0) for k in labels], width=0.38,
                                      brush=BEFORE_COLOUR, name=self.tr("before")),
            "after": pg.BarGraphItem(x=x + 0.2, height=[after.get(k, 0) for k in labels], width=0.38,
                                     brush=AFTER_COLOUR, name=self.tr("after")),
        }
        for bar in self.bars.values():
            item.addItem(bar)  # named items join the legend by themselves
        item.getAxis("bottom").setTicks([[(i, k or "—") for i, k in enumerate(labels)]])


class PreviewPage(WizardPage):
    fills = True

    def __init__(self, wizard) -> None:
        super().__init__(wizard)
        self.setCommitPage(True)
        self.numbers: dict[str, QLabel] = {}
        grid = QGridLayout()
        rows = (("included_before", self.tr("Included now")), ("included_after", self.tr("Included after")),
                ("excluded", self.tr("Excluded")), ("relabelled", self.tr("Relabelled")),
                ("transformed", self.tr("Converted or resized")))
        for n, (key, text) in enumerate(rows):
            value = QLabel()
            value.setStyleSheet("font-weight: bold")
            self.numbers[key] = value
            grid.addWidget(QLabel(text), n // 3, 2 * (n % 3))
            grid.addWidget(value, n // 3, 2 * (n % 3) + 1)
        self.chart = None  # a plot costs 150-400 ms to build: made when this page is first shown
        self.note = QLabel()
        self.note.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(grid)
        self._layout.addWidget(QLabel(self.tr("Class balance (included items per label)")))
        self._layout.addWidget(self.note)

    def ensure_chart(self) -> BalanceChart:
        if self.chart is None:
            self.chart = BalanceChart()
            self._layout.insertWidget(2, self.chart, 1)
        return self.chart

    def initializePage(self) -> None:
        self.ensure_chart()
        w = self._wizard
        w.outcome = preview_plan(w.session.catalog, w.dataset_id, w.scan, w.plan)
        for key, value in w.outcome.counts().items():
            if key in self.numbers:
                self.numbers[key].setText(f"{value:,}")
        self.chart.set_counts(class_balance(w.outcome.before), class_balance(w.outcome.after))
        self.note.setText(self.tr("Odd modes convert to %1, odd sizes resize to %2.")
                          .replace("%1", w.outcome.target_mode)
                          .replace("%2", f"{w.outcome.target_size[0]}×{w.outcome.target_size[1]}"))
