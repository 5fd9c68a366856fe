"""The Qt binding keeps Python's reference counts right: a binding that returns None or a signal's
bool result without a new reference (PySide6 6.12.0 on Python < 3.12) wears None and True/False
down with every call until the interpreter aborts ("none_dealloc", "bool_dealloc"), often only at
exit, after every test has passed."""
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton

CALLS = 500


class _Emitter(QObject):
    fired = Signal(int)


def _loss(counted, call) -> int:
    before = sys.getrefcount(counted)
    for _ in range(CALLS):
        call()
    return before - sys.getrefcount(counted)


def test_void_methods_return_a_counted_none(qtbot):
    button = QPushButton()
    qtbot.addWidget(button)
    button.clicked.connect(lambda _checked=False: None)
    assert _loss(None, lambda: button.setText("x")) < CALLS // 10
    assert _loss(None, button.click) < CALLS // 10


def test_emit_returns_a_counted_bool(qtbot):
    emitter = _Emitter()
    seen = []
    emitter.fired.connect(seen.append)
    lost = _loss(True, lambda: emitter.fired.emit(1)) + _loss(False, lambda: emitter.fired.emit(2))
    assert lost < CALLS // 10 and len(seen) == 2 * CALLS
