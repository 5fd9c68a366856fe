"""Datasets: importers for every supported format, the project catalog, thumbnails, the demo."""
