"""The fixed-noise sample grid of each epoch of a run, with a slider to look back at earlier ones."""
from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QSlider, QVBoxLayout, QWidget


def grid_pixmap(images: np.ndarray) -> QPixmap:
    """uint8 (N, H, W, C) samples tiled into one pixmap."""
    from aigc_desktop.core.training.runs import grid_image  # torch is loaded once a grid exists

    tiled = np.ascontiguousarray(grid_image(images))
    h, w, c = tiled.shape
    if c == 1:
        image = QImage(tiled.data, w, h, w, QImage.Format_Grayscale8)
    else:
        image = QImage(tiled.data, w, h, w * 3, QImage.Format_RGB888)
    return QPixmap.fromImage(image.copy())  # copy: the QImage must not outlive the numpy buffer


class SampleView(QWidget):
    """The fixed-noise grid of an epoch; the slider looks back, and follows the newest when at the end."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.pixmaps: dict[int, QPixmap] = {}
        self.title = QLabel()
        self.title.setObjectName("sampleTitle")
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignCenter)
        self.image.setMinimumSize(200, 200)
        self.image.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored)
        self.image.setWordWrap(True)
        self.image.setStyleSheet("color: #64748b;")
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setToolTip(self.tr("Look back at the samples of earlier epochs"))
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self._show)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.image, 1)
        layout.addWidget(self.slider)
        self.clear(self.tr("Samples appear here after each epoch: the same fixed noise every time, "
                           "so you can watch the model learn."))

    def clear(self, hint: str = "") -> None:
        self.pixmaps.clear()
        self.slider.blockSignals(True)
        self.slider.setRange(0, 0)
        self.slider.blockSignals(False)
        self.slider.setEnabled(False)
        self.title.setText(self.tr("Samples"))
        self.image.setPixmap(QPixmap())
        self.image.setText(hint)

    def add(self, epoch: int, pixmap: QPixmap) -> None:
        follow = not self.pixmaps or self.slider.value() == self.slider.maximum()
        self.pixmaps[epoch] = pixmap
        self.slider.setEnabled(len(self.pixmaps) > 1)
        self.slider.blockSignals(True)
        self.slider.setRange(min(self.pixmaps), max(self.pixmaps))
        self.slider.blockSignals(False)
        if follow:
            self.slider.setValue(epoch)
        self._show(self.slider.value())

    def shown_epoch(self) -> Optional[int]:
        return self.slider.value() if self.pixmaps else None

    def _show(self, epoch: int) -> None:
        pixmap = self.pixmaps.get(epoch)
        if pixmap is None:
            return
        newest = max(self.pixmaps)
        if epoch == newest:
            self.title.setText(self.tr("Samples after epoch %1 (the newest)").replace("%1", str(epoch)))
        else:
            self.title.setText(self.tr("Samples after epoch %1 (the newest is epoch %2)")
                               .replace("%1", str(epoch)).replace("%2", str(newest)))
        self._fit(pixmap)

    def _fit(self, pixmap: QPixmap) -> None:
        size = self.image.size()
        enlarge = size.width() >= pixmap.width() and size.height() >= pixmap.height()
        # nearest-neighbour when enlarging keeps the pixels of small images crisp
        self.image.setPixmap(pixmap.scaled(size, Qt.KeepAspectRatio,
                                           Qt.FastTransformation if enlarge else Qt.SmoothTransformation))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.pixmaps:
            self._show(self.slider.value())

    def show_run(self, run_dir) -> None:
        """The grids a past run saved (its sample PNGs), so the slider looks back at that run."""
        from pathlib import Path

        from aigc_desktop.core.training.sampling import epoch_grids

        self.clear(self.tr("This run saved no samples."))
        for epoch in epoch_grids(run_dir):
            pixmap = QPixmap(str(Path(run_dir) / "samples" / f"epoch_{epoch:04d}.png"))
            if not pixmap.isNull():
                self.add(epoch, pixmap)
