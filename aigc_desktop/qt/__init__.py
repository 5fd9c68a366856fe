"""Everything Qt: the application, the main window, panels, table/gallery models and workers."""
from aigc_desktop.qt.singletons import pin as _pin_singletons

_pin_singletons()  # before any Qt object exists: see singletons.py
