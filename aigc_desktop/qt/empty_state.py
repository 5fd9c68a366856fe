"""What the window shows before any data is open: what to do next, one click away."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from aigc_desktop.qt.resources import icon


class EmptyState(QWidget):
    openDemoRequested = Signal()
    importRequested = Signal()
    openProjectRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        logo = QLabel()
        logo.setPixmap(icon("aigc-desktop").pixmap(96, 96))
        logo.setAlignment(Qt.AlignCenter)
        title = QLabel(self.tr("Start with some data"))
        title.setObjectName("emptyTitle")
        title.setAlignment(Qt.AlignCenter)
        text = QLabel(self.tr(
            "Open the built-in demo dataset (handwritten digits with planted dirt), import a folder "
            "of images, or open a project.\nYou can also drop a folder or a dataset file anywhere on "
            "this window."))
        text.setObjectName("emptyText")
        text.setAlignment(Qt.AlignCenter)
        text.setWordWrap(True)

        self.demo_button = QPushButton(icon("demo"), self.tr("Open the Demo Dataset"))
        self.demo_button.setObjectName("primaryButton")
        self.demo_button.setToolTip(self.tr("Write the demo dataset to your data folder and open it"))
        self.import_button = QPushButton(icon("import"), self.tr("Import a Dataset…"))
        self.import_button.setToolTip(self.tr(
            "A folder of images, a folder per class, a CSV manifest, an MNIST IDX file or an .npz"))
        self.open_button = QPushButton(icon("open"), self.tr("Open a Project…"))
        self.demo_button.clicked.connect(self.openDemoRequested)
        self.import_button.clicked.connect(self.importRequested)
        self.open_button.clicked.connect(self.openProjectRequested)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.demo_button, self.import_button, self.open_button):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(logo)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch(3)
