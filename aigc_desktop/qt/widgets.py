"""Small widget factories the panels share, so a button or a spin box is set up the same way everywhere."""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import QComboBox, QPushButton, QSpinBox


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


def refill_combo(combo: QComboBox, names: list[str]) -> None:
    """Replace a combo's entries without emitting a change; the chosen one stays when still there."""
    current = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(names)
    if current in names:
        combo.setCurrentText(current)
    combo.blockSignals(False)
