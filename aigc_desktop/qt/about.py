"""Help > About: versions of the app, Qt, PySide6 and PyTorch, and the compute device."""
from __future__ import annotations

import platform
from importlib import metadata

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from aigc_desktop import APP_NAME, __version__
from aigc_desktop.qt.resources import icon


def torch_version() -> str:
    """PyTorch's version from its metadata, so the About box does not import torch."""
    try:
        return metadata.version("torch")
    except metadata.PackageNotFoundError:
        try:  # a frozen bundle may carry torch without its dist-info
            import torch

            return torch.__version__
        except ImportError:
            return "—"


class AboutDialog(QDialog):
    def __init__(self, device: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About %1").replace("%1", APP_NAME))
        self.setWindowIcon(icon("aigc-desktop"))
        logo = QLabel()
        logo.setPixmap(icon("aigc-desktop").pixmap(64, 64))
        rows = [
            (self.tr("Version"), __version__),
            (self.tr("Qt"), qVersion()),
            (self.tr("PySide6"), PySide6.__version__),
            (self.tr("PyTorch"), torch_version()),
            (self.tr("Compute device"), device),
            (self.tr("Python"), platform.python_version()),
        ]
        table = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
        self.text = QLabel(
            f"<h2>{APP_NAME}</h2><p>"
            + self.tr("Offline experiments with generative image models, where data quality comes first.")
            + f"</p><table>{table}</table>")
        self.text.setObjectName("aboutText")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(logo)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
