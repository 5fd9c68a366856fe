"""The samples an evaluation flagged as memorised, each beside its nearest training image, with how it
was found (feature space, or pixels under a shift) and the duplicate group of that image, if any."""
from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

SIDE = 84  # pixels per shown image


def pixmap(image: Optional[np.ndarray]) -> Optional[QPixmap]:
    if image is None:
        return None
    a = np.ascontiguousarray(image[..., 0] if image.shape[-1] == 1 else image[..., :3])
    fmt = QImage.Format_Grayscale8 if a.ndim == 2 else QImage.Format_RGB888
    qimage = QImage(a.data, a.shape[1], a.shape[0], a.strides[0], fmt).copy()
    return QPixmap.fromImage(qimage).scaled(SIDE, SIDE, Qt.KeepAspectRatio, Qt.FastTransformation)


class MemorisedDialog(QDialog):
    """Opened with the job's result: a list of (sample, training image or None, record)."""

    def __init__(self, run_name: str, pairs: list, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Memorised samples of %1").replace("%1", run_name))
        self.resize(760, 620)
        intro = QLabel(self.tr("Each sample the evaluation flagged as a copy, beside the training image it copies. "
                               "A duplicated training image is the one a generator learns to copy: clean its "
                               "duplicate group."))
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setAlignment(Qt.AlignTop)
        for col, title in enumerate((self.tr("Sample"), self.tr("Training image"), self.tr("How it was found"))):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, col)
        self.rows = []
        for row, (sample, train, record) in enumerate(pairs, start=1):
            shown = QLabel()
            shown.setPixmap(pixmap(sample))
            source = QLabel()
            image = pixmap(train)
            if image is None:
                source.setText(self.tr("not in this dataset"))
            else:
                source.setPixmap(image)
            grid.addWidget(shown, row, 0)
            grid.addWidget(source, row, 1)
            text = QLabel(self._describe(record))
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextSelectableByMouse)
            grid.addWidget(text, row, 2)
            self.rows.append((shown, source, text))
        grid.setColumnStretch(2, 1)
        content = QWidget()
        content.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(close, 0, Qt.AlignRight)

    def _describe(self, record: dict) -> str:
        lines = [self.tr("sample %1 → training image %2").replace("%1", str(record.get("sample")))
                 .replace("%2", str(record.get("path") or record.get("train_index")))]
        if "pixel" in record.get("via", ""):
            dy, dx = record.get("shift", [0, 0])
            lines.append(self.tr("pixel copy, moved by (%1, %2) px; ratio %3").replace("%1", str(dx))
                         .replace("%2", str(dy)).replace("%3", f"{record.get('pixel_ratio', 0):.2f}"))
        if "feature" in record.get("via", ""):
            lines.append(self.tr("feature-space copy; ratio %1").replace("%1", f"{record.get('feature_ratio', 0):.2f}"))
        if record.get("duplicate_group") is not None:
            lines.append(self.tr("in duplicate group %1 (%2)").replace("%1", str(record["duplicate_group"]))
                         .replace("%2", str(record.get("duplicate_type", "")).replace("_", " ")))
        return "\n".join(lines)
