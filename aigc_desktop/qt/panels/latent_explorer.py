"""The 2-D latent manifold explorer of a VAE: drag a point over the latent plane, see it decoded.

The plane shows the decoded lattice (the "manifold" picture of Kingma & Welling 2014, fig. 4) as its
background; the point's image is decoded live in a job. Requests are coalesced by the JobRunner's
``latest_wins``: while one decode runs, only the newest point waits, so dragging never queues up work.
"""
from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from aigc_desktop.core.training import sampling
from aigc_desktop.qt.models.sample_grid_model import scaled_pixmap, to_qimage
from aigc_desktop.qt.widgets import wrapping_label


class LatentPlane(QWidget):
    """A square over [-extent, extent]² with a draggable point; emits ``pointMoved(x, y)``."""

    pointMoved = Signal(float, float)

    def __init__(self, extent: float = 3.0, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.extent = extent
        self._point = (0.0, 0.0)
        self._background: Optional[QImage] = None
        self.setMinimumSize(240, 240)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setMouseTracking(False)
        self.setCursor(Qt.CrossCursor)
        self.setToolTip(self.tr("Drag over the plane (or use the arrow keys) to decode that latent point"))

    def sizeHint(self) -> QSize:
        return QSize(420, 420)

    @property
    def point(self) -> tuple[float, float]:
        return self._point

    def set_point(self, x: float, y: float, emit: bool = True) -> None:
        e = self.extent
        self._point = (float(np.clip(x, -e, e)), float(np.clip(y, -e, e)))
        self.update()
        if emit:
            self.pointMoved.emit(*self._point)

    def set_background(self, image: Optional[np.ndarray]) -> None:
        self._background = None if image is None else to_qimage(image)
        self.update()

    def square(self) -> QRectF:
        side = min(self.width(), self.height()) - 2
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def to_latent(self, pos: QPointF) -> tuple[float, float]:
        r = self.square()
        u = (pos.x() - r.left()) / max(r.width(), 1)
        v = (pos.y() - r.top()) / max(r.height(), 1)
        return (-self.extent + 2 * self.extent * u, self.extent - 2 * self.extent * v)

    def to_widget(self, x: float, y: float) -> QPointF:
        r = self.square()
        return QPointF(r.left() + (x + self.extent) / (2 * self.extent) * r.width(),
                       r.top() + (self.extent - y) / (2 * self.extent) * r.height())

    # ----- events --------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.LeftButton:
            self.set_point(*self.to_latent(event.position()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.LeftButton:
            self.set_point(*self.to_latent(event.position()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = self.extent / (10 if event.modifiers() & Qt.ShiftModifier else 30)
        moves = {Qt.Key_Left: (-step, 0), Qt.Key_Right: (step, 0), Qt.Key_Up: (0, step), Qt.Key_Down: (0, -step)}
        if event.key() in moves:
            dx, dy = moves[event.key()]
            self.set_point(self._point[0] + dx, self._point[1] + dy)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        r = self.square()
        painter.fillRect(r, QColor(24, 24, 24))
        if self._background is not None:
            painter.setRenderHint(QPainter.SmoothPixmapTransform, False)
            painter.drawImage(r, self._background)
        painter.setRenderHint(QPainter.Antialiasing, True)
        axis = QPen(QColor(255, 255, 255, 90), 1, Qt.DashLine)
        painter.setPen(axis)
        centre = self.to_widget(0.0, 0.0)
        painter.drawLine(QPointF(r.left(), centre.y()), QPointF(r.right(), centre.y()))
        painter.drawLine(QPointF(centre.x(), r.top()), QPointF(centre.x(), r.bottom()))
        p = self.to_widget(*self._point)
        painter.setPen(QPen(QColor(0, 0, 0), 4))
        painter.drawEllipse(p, 7, 7)
        painter.setPen(QPen(QColor(255, 160, 0), 2))
        painter.drawEllipse(p, 7, 7)
        # the axis ends, each on a dark plate: drawn straight over the pictures, a white digit
        # under the text hides its sign
        for align, text in ((Qt.AlignLeft | Qt.AlignTop, f"z₂ = {self.extent:+.0f}"),
                            (Qt.AlignRight | Qt.AlignBottom, f"z₁ = {self.extent:+.0f}")):
            box = painter.boundingRect(r.adjusted(4, 2, -4, -2), int(align), text)
            painter.fillRect(box.adjusted(-3, -1, 3, 1), QColor(0, 0, 0, 200))
            painter.setPen(QColor(230, 230, 230))
            painter.drawText(box, int(align), text)
        painter.end()


class LatentExplorer(QWidget):
    """The plane, the decoded image of its point, and a note on which dimensions are explored.

    Decoding (``core/training/sampling``) runs as jobs of ``runner``, the window's JobRunner.
    """

    decoded = Signal()  # a point's image arrived (tests wait on it)
    manifoldReady = Signal()

    def __init__(self, runner, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.run_dir: Optional[str] = None
        self.label: Optional[int] = None
        self.last_image: Optional[np.ndarray] = None

        self.plane = LatentPlane()
        self.plane.pointMoved.connect(self.request_decode)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setFixedSize(224, 224)
        self.preview.setStyleSheet("background: #181818; border: 1px solid #444;")
        self.coordinates = QLabel()
        self.coordinates.setAlignment(Qt.AlignCenter)
        self.note = wrapping_label(object_name="latentNote")
        self.note.setFixedWidth(224)  # as wide as the preview above it

        side = QVBoxLayout()
        side.addWidget(self.preview, 0, Qt.AlignHCenter)
        side.addWidget(self.coordinates)
        side.addWidget(self.note)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.plane, 1)
        layout.addLayout(side)

    def set_run(self, run_dir: Optional[str], latent_dim: int = 0, label: Optional[int] = None) -> None:
        self.run_dir, self.label = run_dir, label
        self.last_image = None
        self.preview.clear()
        self.plane.set_background(None)
        if run_dir is None:
            self.note.setText(self.tr("Choose a VAE run to explore its latent space."))
            return
        if latent_dim > 2:
            self.note.setText(self.tr("This VAE has %1 latent dimensions: the plane moves the first two, "
                                      "the other %2 stay at 0.").replace("%1", str(latent_dim))
                              .replace("%2", str(latent_dim - 2)))
        else:
            self.note.setText(self.tr("The plane is the whole 2-D latent space, from -3 to +3 standard "
                                      "deviations of the prior."))
        self.refresh()

    def set_label(self, label: Optional[int]) -> None:
        if label != self.label:
            self.label = label
            self.refresh()

    def refresh(self) -> None:
        """Redraw the manifold background and decode the current point again."""
        if self.run_dir is None:
            return
        run_dir, extent, label = self.run_dir, self.plane.extent, self.label
        self._runner.start(lambda ctx: sampling.manifold(run_dir, 12, extent, label), on_result=self._on_manifold,
                           on_failed=self._on_failed, latest_wins=True)
        self.request_decode(*self.plane.point)

    @Slot(float, float)
    def request_decode(self, x: float, y: float) -> None:
        self.coordinates.setText(f"z₁ = {x:+.2f}   z₂ = {y:+.2f}")
        if self.run_dir is None:
            return
        run_dir, label = self.run_dir, self.label
        self._runner.start(lambda ctx: sampling.decode_points(run_dir, [(x, y)], label), on_result=self._on_decoded,
                           on_failed=self._on_failed, latest_wins=True)

    def busy(self) -> bool:
        """A decode or the manifold is still being drawn."""
        return self._runner.is_running(self._on_decoded) or self._runner.is_running(self._on_manifold)

    def _on_decoded(self, images) -> None:
        self.last_image = images[0]
        self.preview.setPixmap(scaled_pixmap(images[0], self.preview.width() - 4))
        self.decoded.emit()

    def _on_manifold(self, image) -> None:
        self.plane.set_background(image)
        self.manifoldReady.emit()

    def _on_failed(self, message: str) -> None:
        self.note.setText(message)
