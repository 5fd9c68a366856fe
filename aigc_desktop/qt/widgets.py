"""Small widget factories and habits the panels and dialogs share, so each is decided once.

* :func:`button`, :func:`spin_box`, :func:`refill_combo`: a button or a spin box is set up the same
  way everywhere.
* :func:`wrapping_label`: a word-wrapped label that takes the width it is given. A wrapped QLabel
  otherwise asks for the width of its longest unbroken line and reports a height for that width, so
  one long status line makes a whole panel taller than the window (an outer scrollbar appears).
* :class:`FillsItsSpace`: a container sized by its minimum and the space its parent gives it, never
  by height-for-width (one wrapped label inside otherwise makes it ask for every child's preferred
  height).
* :func:`fit_to_screen`: a dialog opens at its preferred size, or smaller on a small screen; it
  never opens larger than the space the screen leaves for windows.
* :class:`FilledWhenShown`: a widget that is costly to fill (a plot, a wide table) and often sits on
  a hidden tab fills when it is shown, with the last contents it was given.
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QComboBox, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpinBox, QStyle, QStyleOptionComboBox, QWidget,
)

# the share of the available screen a dialog may take at most: room for its frame and title bar
SCREEN_SHARE = 0.94


class FillsItsSpace:
    """Mixed into a QWidget subclass (before it): the widget reports no height-for-width.

    A word-wrapped label anywhere inside a layout makes Qt size the whole container by
    height-for-width, which adds up every child's *preferred* height rather than its minimum: a
    tab's scroll area then shows an outer scrollbar whenever the window is shorter than that sum, and
    a column keeps a list at its preferred height however short the window. With this, minimum sizes
    and stretch factors alone decide; the layout inside still wraps its labels at the width it gets.
    """

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def heightForWidth(self, _width: int) -> int:  # noqa: N802 (Qt's name); QScrollArea asks it directly
        return -1


def button(text: str, slot: Callable, tip: str = "", shortcut: Optional[str] = None,
           icon: Optional[QIcon] = None) -> QPushButton:
    """A push button that calls ``slot`` (with no arguments) when clicked."""
    widget = QPushButton(text) if icon is None else QPushButton(icon, text)
    if shortcut:
        widget.setShortcut(QKeySequence(shortcut))
    if tip:
        widget.setToolTip(tip)
    widget.clicked.connect(lambda _checked=False: slot())
    return widget


def spin_box(low: int, high: int, value: Optional[int] = None, tip: str = "") -> QSpinBox:
    widget = QSpinBox()
    widget.setRange(low, high)
    if value is not None:
        widget.setValue(value)
    if tip:
        widget.setToolTip(tip)
    return widget


def refill_combo(combo: QComboBox, names: list[str], label: Optional[Callable[[str], str]] = None) -> None:
    """Replace a combo's entries without emitting a change; the chosen one stays when still there.
    With ``label``, each entry shows ``label(name)`` and keeps the name as its data."""
    current = combo.currentData() if label else combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    for name in names:
        combo.addItem(label(name) if label else name, name)
    if current in names:
        combo.setCurrentIndex(names.index(current))
    combo.blockSignals(False)


def fit_combo_to_entries(combo: QComboBox) -> None:
    """Make ``combo`` at least wide enough to show its longest entry whole. Qt's AdjustToContents
    measures a text's ink, which is narrower than the advance it is drawn with: the last letter or
    bracket is clipped."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    metrics = combo.fontMetrics()
    text = max((metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    size = combo.style().sizeFromContents(QStyle.CT_ComboBox, option, QSize(text, metrics.height()), combo)
    combo.setMinimumWidth(size.width() + 2)


class FittingLineEdit(QLineEdit):
    """A line edit whose placeholder is the longest of its placeholders that fits its width: a
    toolbar that fills up (a filter chip appears) narrows the field, and an elided hint reads as
    cut-off text."""

    # the frame, the text margins and the clear button's room, on every style
    SIDES = 32

    def __init__(self, placeholders: list[str], parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.placeholders = list(placeholders)
        self._fit_placeholder()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_placeholder()

    def _fit_placeholder(self) -> None:
        room = self.width() - self.SIDES
        fitting = [t for t in self.placeholders if self.fontMetrics().horizontalAdvance(t) <= room]
        text = fitting[0] if fitting else self.placeholders[-1]
        if text != self.placeholderText():
            self.setPlaceholderText(text)


def wrap_to_layout(label: QLabel) -> QLabel:
    """Word-wrap ``label`` with a width that follows its layout: a wrapped label otherwise asks for
    the height its text needs at its narrowest, and a panel of them outgrows the window."""
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
    label.setMinimumWidth(40)
    return label


def wrapping_label(text: str = "", object_name: Optional[str] = None, rich: bool = False) -> QLabel:
    """A word-wrapped label whose width follows its layout (never the length of its text)."""
    label = wrap_to_layout(QLabel(text))
    if rich:
        label.setTextFormat(Qt.RichText)
    if object_name:
        label.setObjectName(object_name)
    return label


def available_size(widget: Optional[QWidget] = None) -> tuple[int, int]:
    """Width and height the screen of ``widget`` (or the primary screen) leaves for windows."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:  # no screen at all (a headless test without a platform screen)
        return 1920, 1080
    geometry = screen.availableGeometry()
    return geometry.width(), geometry.height()


def fit_to_screen(widget: QWidget, width: int, height: int) -> tuple[int, int]:
    """Resize ``widget`` to ``width`` × ``height``, or to what the screen has room for; returns the size."""
    screen_w, screen_h = available_size(widget)
    size = (min(width, int(screen_w * SCREEN_SHARE)), min(height, int(screen_h * SCREEN_SHARE)))
    minimum = widget.minimumSize()
    if minimum.width() > size[0] or minimum.height() > size[1]:
        widget.setMinimumSize(min(minimum.width(), size[0]), min(minimum.height(), size[1]))
    widget.resize(*size)
    return size


class FilledWhenShown:
    """Mixin (before the Qt class) for a widget whose contents cost tens of ms of the GUI thread to
    build: :meth:`fill_later` builds them at once when the widget is visible, else when it is next
    shown or :meth:`fill_if_stale` is called (an accessor that must see them), so a panel that
    refreshes while the widget is hidden costs nothing. The widget builds in ``_fill_now``."""

    _stale = False  # contents given and not built yet
    fills = 0  # how often they were built (tests check hidden widgets wait)

    def _fill_now(self) -> None:
        raise NotImplementedError

    def fill_later(self) -> None:
        self._stale = True
        if self.isVisible():
            self.fill_if_stale()

    def fill_if_stale(self) -> None:
        if self._stale:
            self._stale = False
            self.fills += 1
            self._fill_now()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fill_if_stale()
