"""The panels the main window hosts, in tab order.

Each entry names a module and a QWidget subclass built as ``Panel(window)``; the panel listens to
the window's ``projectChanged`` / ``datasetChanged`` / ``itemsChanged`` signals. A panel is listed
here only once it does real work.
"""

# (key, module, class name)
PANELS: list[tuple[str, str, str]] = [
    ("data", "aigc_desktop.qt.panels.data_panel", "DataPanel"),
    ("cleaning", "aigc_desktop.qt.panels.cleaning_panel", "CleaningPanel"),
    ("training", "aigc_desktop.qt.panels.training_panel", "TrainingPanel"),
    ("gallery", "aigc_desktop.qt.panels.gallery_panel", "GalleryPanel"),
]
