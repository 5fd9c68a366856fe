"""A list model of generated images for a QListView in IconMode.

The images stay uint8 numpy arrays; a pixmap is made only when the view asks for a visible item
and kept in a small cache keyed by row, so a grid of thousands of samples scrolls without decoding
them all (docs/ARCHITECTURE.md, "Model/view for big things").
"""
from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any, Optional, Sequence

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractListModel, QCoreApplication, QModelIndex, QSize, Qt
from PySide6.QtGui import QImage, QPixmap

from aigc_desktop.core.training.sampling import Sample

# where a sample comes from (Sample.origin), as its tooltip names it
_ORIGINS = {"generated": QT_TRANSLATE_NOOP("SampleGridModel", "generated"),
            "epoch grid": QT_TRANSLATE_NOOP("SampleGridModel", "epoch grid"),
            "interpolation": QT_TRANSLATE_NOOP("SampleGridModel", "interpolation"),
            "reconstruction": QT_TRANSLATE_NOOP("SampleGridModel", "input | reconstruction")}
_EPOCH_CHECKPOINT = re.compile(r"epoch_(\d+)")  # the checkpoint saved after an epoch (core/training/trainer.py)

SampleRole = Qt.UserRole + 1


def to_qimage(image: np.ndarray) -> QImage:
    """uint8 (H, W[, C]) with C in 1, 3, 4 -> a QImage that owns a copy of the pixels."""
    array = np.ascontiguousarray(image)
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[..., 0]
    h, w = array.shape[:2]
    if array.ndim == 2:
        fmt = QImage.Format_Grayscale8
    elif array.shape[2] == 3:
        fmt = QImage.Format_RGB888
    elif array.shape[2] == 4:
        fmt = QImage.Format_RGBA8888
    else:
        raise ValueError(f"cannot show an image of shape {image.shape}")
    array = np.ascontiguousarray(array)
    return QImage(array.data, w, h, array.strides[0], fmt).copy()


def scaled_image(image: np.ndarray, side: int) -> QImage:
    """The tile as drawn: ``side`` is the height, a wide tile (input | reconstruction) keeps its shape
    and grows sideways. Tiny generated images read best with crisp pixels; big ones get smooth scaling."""
    qimage = to_qimage(image)
    mode = Qt.FastTransformation if qimage.height() * 2 <= side else Qt.SmoothTransformation
    return qimage.scaled(tile_width(image, side), side, Qt.IgnoreAspectRatio, mode)


def scaled_pixmap(image: np.ndarray, side: int) -> QPixmap:
    return QPixmap.fromImage(scaled_image(image, side))


def prepare_previews(samples: Sequence[Sample], side: int) -> dict:
    """The samples' tiles at ``side``, scaled off the GUI thread (a QImage needs no GUI thread): hand
    them to :meth:`SampleGridModel.set_samples` or ``add_previews`` and the grid only turns each
    into a pixmap when it is painted."""
    return {"side": side, "images": {id(s): (s, scaled_image(s.image, side)) for s in samples}}


def tile_width(image: np.ndarray, side: int) -> int:
    h, w = image.shape[:2]
    return max(1, round(side * w / h))


class SampleGridModel(QAbstractListModel):
    """Rows are :class:`Sample` records; the decoration is drawn at ``icon_side`` pixels."""

    CACHE_SIZE = 512

    def __init__(self, parent=None, icon_side: int = 96) -> None:
        super().__init__(parent)
        self._samples: list[Sample] = []
        self._icon_side = icon_side
        self._cache: "OrderedDict[int, QPixmap]" = OrderedDict()
        self._previews: dict[int, tuple] = {}  # id(sample) -> (sample, its tile scaled by a job)

    # ----- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._samples)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._samples):
            return None
        sample = self._samples[index.row()]
        if role == Qt.DecorationRole:
            return self._pixmap(index.row())
        if role == Qt.ToolTipRole:
            return self._tooltip(sample)
        if role == Qt.SizeHintRole:
            return QSize(tile_width(sample.image, self._icon_side) + 8, self._icon_side + 8)
        if role == SampleRole:
            return sample
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable if index.isValid() else Qt.NoItemFlags

    # ----- contents ------------------------------------------------------------------------
    def samples(self) -> list[Sample]:
        return list(self._samples)

    def sample(self, row: int) -> Sample:
        return self._samples[row]

    def set_samples(self, samples: Sequence[Sample], previews: Optional[dict] = None) -> None:
        """Show ``samples``; ``previews`` (:func:`prepare_previews`) saves scaling them here."""
        self.beginResetModel()
        self._samples = list(samples)
        self._cache.clear()
        shown = {id(s) for s in self._samples}
        self._previews = {key: entry for key, entry in self._previews.items() if key in shown}
        self.add_previews(previews)
        self.endResetModel()

    def add_previews(self, previews: Optional[dict]) -> None:
        """Tiles a job scaled (:func:`prepare_previews`), used while the zoom stays at their size."""
        if previews and previews["side"] == self._icon_side:
            self._previews.update(previews["images"])

    def append(self, samples: Sequence[Sample], previews: Optional[dict] = None) -> None:
        if not samples:
            return
        self.add_previews(previews)
        first = len(self._samples)
        self.beginInsertRows(QModelIndex(), first, first + len(samples) - 1)
        self._samples.extend(samples)
        self.endInsertRows()

    def clear(self) -> None:
        self.set_samples([])

    @property
    def icon_side(self) -> int:
        return self._icon_side

    def set_icon_side(self, side: int) -> None:
        side = int(side)
        if side == self._icon_side:
            return
        self._icon_side = side
        self._cache.clear()
        self._previews.clear()
        if self._samples:
            # a size change moves every item: a layout change, not just new pixels
            self.layoutAboutToBeChanged.emit()
            self.layoutChanged.emit()

    # ----- helpers -------------------------------------------------------------------------
    def _pixmap(self, row: int) -> QPixmap:
        pixmap = self._cache.get(row)
        if pixmap is None:
            sample = self._samples[row]
            sample_preview = self._previews.get(id(sample))
            if sample_preview is not None and sample_preview[0] is sample:
                pixmap = QPixmap.fromImage(sample_preview[1])
            else:
                pixmap = scaled_pixmap(sample.image, self._icon_side)
            self._cache[row] = pixmap
            if len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(row)
        return pixmap

    def _tooltip(self, sample: Sample) -> str:
        h, w = sample.image.shape[:2]
        origin = _ORIGINS.get(sample.origin)
        origin = QCoreApplication.translate("SampleGridModel", origin) if origin else sample.origin
        parts = [f"{origin} #{sample.index + 1}", f"{w}×{h}"]
        if sample.seed is not None:
            parts.append(QCoreApplication.translate("SampleGridModel", "seed %1").replace("%1", str(sample.seed)))
        if sample.class_name:
            parts.append(QCoreApplication.translate("SampleGridModel", "class %1").replace("%1", sample.class_name))
        epoch = _EPOCH_CHECKPOINT.fullmatch(sample.checkpoint or "")
        if epoch:  # the weights saved after that epoch
            parts.append(QCoreApplication.translate("SampleGridModel", "epoch %1").replace("%1", str(int(epoch[1]))))
        elif sample.checkpoint and sample.checkpoint != "last":
            parts.append(sample.checkpoint)
        return " · ".join(parts)
