"""Thumbnails decoded lazily off the GUI thread, cached on it.

The table asks for a thumbnail only when Qt paints a row, so only visible rows are requested.
Requests go into a last-in-first-out queue (the rows just scrolled to come first, the ones
scrolled past fall off the end), are deduplicated while pending, and are served by one loader job
started through the window's :class:`~aigc_desktop.qt.jobs.JobRunner`, so closing the window
cancels and waits for it. Pixels are decoded and scaled in the loader (numpy + Pillow, no GUI
objects except a QImage, which is safe off the GUI thread); the GUI thread turns each into a
QPixmap and keeps the most recently used ones.
"""
from __future__ import annotations

import threading
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap

from aigc_desktop.core.jobs import Job, JobContext


@dataclass(frozen=True)
class _Job:
    generation: int
    item_id: int
    size: int
    source: Any
    path: str


@dataclass
class Rendered:
    """One decoded thumbnail (``image`` None when the item could not be read)."""

    generation: int
    item_id: int
    size: int
    image: Optional[QImage]
    error: str = ""


def fit_pixels(pixels: np.ndarray, size: int) -> np.ndarray:
    """Scale to fit a ``size`` square: small images grow by a whole factor with nearest
    neighbour (a 28 px digit stays crisp), big ones shrink smoothly."""
    from PIL import Image

    h, w = pixels.shape[:2]
    longest = max(h, w, 1)
    if longest <= size:
        factor = max(1, size // longest)
        return np.repeat(np.repeat(pixels, factor, axis=0), factor, axis=1) if factor > 1 else pixels
    image = Image.fromarray(pixels)
    image.thumbnail((size, size), Image.BILINEAR, reducing_gap=2.0)
    return np.asarray(image)


def to_qimage(pixels: np.ndarray) -> QImage:
    """A QImage that owns a copy of ``pixels`` (H, W) grey, (H, W, 3) RGB or (H, W, 4) RGBA."""
    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    h, w = pixels.shape[:2]
    if pixels.ndim == 2:
        fmt, channels = QImage.Format_Grayscale8, 1
    elif pixels.shape[2] == 3:
        fmt, channels = QImage.Format_RGB888, 3
    else:
        fmt, channels = QImage.Format_RGBA8888, 4
    return QImage(pixels.data, w, h, w * channels, fmt).copy()


def render(job: _Job) -> Rendered:
    try:
        decoded = job.source.read(job.path)
        if decoded.pixels is None:
            return Rendered(job.generation, job.item_id, job.size, None, decoded.reason)
        return Rendered(job.generation, job.item_id, job.size, to_qimage(fit_pixels(decoded.pixels, job.size)))
    except Exception as exc:  # a moved file, a dataset gone: show "unreadable", keep serving
        return Rendered(job.generation, job.item_id, job.size, None, f"{type(exc).__name__}: {exc}")


class RequestQueue:
    """Thread-safe LIFO of jobs, bounded, deduplicated by (generation, item id, size) while pending."""

    def __init__(self, capacity: int = 256) -> None:
        self.capacity = capacity
        self._jobs: deque[_Job] = deque()
        self._pending: set[tuple] = set()
        self._cond = threading.Condition()

    @staticmethod
    def _key(job: _Job) -> tuple:
        return job.generation, job.item_id, job.size

    def put(self, job: _Job) -> bool:
        with self._cond:
            key = self._key(job)
            if key in self._pending:
                return False
            self._pending.add(key)
            self._jobs.appendleft(job)
            while len(self._jobs) > self.capacity:  # rows long scrolled past: ask again if seen again
                self._pending.discard(self._key(self._jobs.pop()))
            self._cond.notify()
            return True

    def take(self, n: int, timeout: float) -> list[_Job]:
        with self._cond:
            if not self._jobs:
                self._cond.wait(timeout)
            return [self._jobs.popleft() for _ in range(min(n, len(self._jobs)))]

    def done(self, generation: int, item_id: int, size: int) -> None:
        with self._cond:
            self._pending.discard((generation, item_id, size))

    def clear(self) -> None:
        with self._cond:
            self._jobs.clear()
            self._pending.clear()

    def __len__(self) -> int:
        with self._cond:
            return len(self._jobs)


def serve_thumbnails(queue: RequestQueue, ctx: JobContext) -> Job[None]:
    """The loader's loop, a job: render requests in small batches, yield each batch, until cancelled."""
    while not ctx.cancelled:
        jobs = queue.take(8, timeout=0.1)
        out = []
        for job in jobs:
            if ctx.cancelled:
                return
            out.append(render(job))
        if out:
            yield out


class ThumbnailCache(QObject):
    """GUI-side cache of thumbnails by item id, filled by a loader worker on demand."""

    ready = Signal(object)  # list of item ids whose thumbnail (of any size) just arrived

    def __init__(self, runner, size: int = 32, capacity: int = 4000, parent=None) -> None:
        super().__init__(parent)
        self.size = size
        self.capacity = capacity
        self._runner = runner  # the JobRunner; the loader starts on first use
        self._queue = RequestQueue()
        self._pixmaps: OrderedDict[tuple[int, int], QPixmap] = OrderedDict()
        self._failed: dict[tuple[int, int], str] = {}
        self._generation = 0
        self._loader = None
        self._closed = False
        self._placeholder = self._draw_placeholder(size, broken=False)
        self._broken = self._draw_placeholder(size, broken=True)

    @staticmethod
    def _draw_placeholder(size: int, broken: bool) -> QPixmap:
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor("#e2e8f0") if not broken else QColor("#fee2e2"))
        if broken:  # a cross: this item has no picture
            painter = QPainter(pixmap)
            painter.setPen(QPen(QColor("#b91c1c"), 2))
            m = size // 4
            painter.drawLine(m, m, size - m, size - m)
            painter.drawLine(size - m, m, m, size - m)
            painter.end()
        return pixmap

    def placeholder(self) -> QPixmap:
        return self._placeholder

    def broken(self) -> QPixmap:
        return self._broken

    def clear(self) -> None:
        """Forget every thumbnail and pending request (another dataset or project is shown)."""
        self._generation += 1
        self._queue.clear()
        self._pixmaps.clear()
        self._failed.clear()

    def cached(self, item_id: int, size: Optional[int] = None) -> Optional[QPixmap]:
        return self._pixmaps.get((item_id, size or self.size))

    def get(self, item_id: int, source, path: str, size: Optional[int] = None) -> QPixmap:
        """The thumbnail if ready; else the placeholder, and the item is queued for loading."""
        size = size or self.size
        key = (item_id, size)
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            self._pixmaps.move_to_end(key)
            return pixmap
        if key in self._failed:
            return self._broken
        if source is not None:
            self.request(item_id, source, path, size)
        return self._placeholder

    def error(self, item_id: int, size: Optional[int] = None) -> str:
        return self._failed.get((item_id, size or self.size), "")

    def request(self, item_id: int, source, path: str, size: Optional[int] = None) -> None:
        if self._closed:
            return
        self._queue.put(_Job(self._generation, item_id, size or self.size, source, path))
        if self._loader is None:
            queue = self._queue
            self._loader = self._runner.start(lambda ctx: serve_thumbnails(queue, ctx), on_progress=self._on_rendered,
                                              on_finished=self._on_loader_finished)

    def _on_rendered(self, batch: list) -> None:
        ids = []
        for r in batch:
            self._queue.done(r.generation, r.item_id, r.size)
            if r.generation != self._generation:
                continue
            key = (r.item_id, r.size)
            if r.image is None:
                self._failed[key] = r.error
            else:
                self._pixmaps[key] = QPixmap.fromImage(r.image)
                while len(self._pixmaps) > self.capacity:
                    self._pixmaps.popitem(last=False)
            ids.append(r.item_id)
        if ids:
            self.ready.emit(ids)

    def _on_loader_finished(self) -> None:
        self._loader = None

    def pending(self) -> int:
        return len(self._queue)

    def shutdown(self) -> None:
        """Stop the loader (the pool waits for its thread)."""
        self._closed = True
        self._queue.clear()
        if self._loader is not None:
            self._loader.cancel()


__all__ = ["ThumbnailCache", "RequestQueue", "fit_pixels", "to_qimage", "serve_thumbnails", "Rendered"]
