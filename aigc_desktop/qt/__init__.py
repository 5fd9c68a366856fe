"""Everything Qt: the application, the main window, panels, table/gallery models and workers."""
