"""The panels the main window hosts, in tab order: each a :class:`~aigc_desktop.qt.panels.base.Panel`
built with the window's session. A panel is listed here only once it does real work."""
from aigc_desktop.qt.panels.cleaning_panel import CleaningPanel
from aigc_desktop.qt.panels.data_panel import DataPanel
from aigc_desktop.qt.panels.gallery_panel import GalleryPanel
from aigc_desktop.qt.panels.training_panel import TrainingPanel

PANELS = (DataPanel, CleaningPanel, TrainingPanel, GalleryPanel)
