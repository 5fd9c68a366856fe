"""Undoable edits of items: labels and inclusion (pushed on the window's ``undo_stack``).

A command holds the item ids with their values before and after, and an ``apply(ids, values)``
callable that writes to the catalog and updates the views; ``redo`` applies the new values,
``undo`` the old ones. Commands are bound to one dataset; the window clears the stack when the
dataset or project changes.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

ApplyFn = Callable[[np.ndarray, list], None]


class ItemEditCommand(QUndoCommand):
    def __init__(self, text: str, apply: ApplyFn, item_ids: Sequence[int], old: Sequence, new: Sequence) -> None:
        super().__init__(text)
        self.item_ids = np.asarray(item_ids, np.int64)
        self.old, self.new = list(old), list(new)
        self._apply = apply

    def redo(self) -> None:
        self._apply(self.item_ids, self.new)

    def undo(self) -> None:
        self._apply(self.item_ids, self.old)


def set_labels_command(apply: ApplyFn, item_ids, old_labels, label: str) -> ItemEditCommand:
    n = len(item_ids)
    if label:
        text = QCoreApplication.translate("UndoCommands", "Label %n item(s) as “%1”", "", n).replace("%1", label)
    else:
        text = QCoreApplication.translate("UndoCommands", "Remove the label of %n item(s)", "", n)
    return ItemEditCommand(text, apply, item_ids, old_labels, [label] * n)


def set_included_command(apply: ApplyFn, item_ids, old_flags, include: bool) -> ItemEditCommand:
    n = len(item_ids)
    text = (QCoreApplication.translate("UndoCommands", "Include %n item(s)", "", n) if include
            else QCoreApplication.translate("UndoCommands", "Exclude %n item(s)", "", n))
    return ItemEditCommand(text, apply, item_ids, [bool(f) for f in old_flags], [include] * n)
