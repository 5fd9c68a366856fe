"""Naming a dataset for a job: a project file and a dataset id, or any dataset path.

A job opens its dataset on its own thread (SQLite connections belong to one thread), so what is
handed to it is a name, not an open catalog. The CLI names a DATASET argument
(``DatasetRef("digits/")``, ``DatasetRef("p.aigc")``: its latest dataset); the GUI names the
current dataset of its project (``DatasetRef("p.aigc", 3)``).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from aigc_desktop.core.data import bounded
from aigc_desktop.core.data.catalog import SQLITE_HEADER, Catalog
from aigc_desktop.core.data.sources import PROJECT_SUFFIX
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.guards import display
from aigc_desktop.core.jobs import Job, JobContext


def is_project_file(path) -> bool:
    """A ``.aigc`` path, or any existing file that is a SQLite database."""
    p = Path(path)
    if p.suffix.lower() == PROJECT_SUFFIX:
        return True
    try:
        with bounded.open_regular(p) as f:  # never blocks on a FIFO
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class DatasetRef:
    """A project file with a dataset id (None: its latest dataset), or a dataset path of any format."""

    path: str
    dataset_id: Optional[int] = None

    @property
    def is_project(self) -> bool:
        return is_project_file(self.path)

    def open(self, ctx: JobContext, read_only: bool = False) -> Job[tuple[Catalog, int]]:
        """A job returning the catalog (the caller closes it) and the dataset's id. A dataset path
        is imported into an in-memory catalog; a project is opened as it is (``read_only`` for
        readers that must not write, e.g. on a read-only disk)."""
        if not self.is_project:
            catalog = Catalog.in_memory()
            try:
                return catalog, (yield from catalog.import_dataset(self.path, ctx))
            except BaseException:
                catalog.close()
                raise
        catalog = Catalog.open(self.path, read_only=read_only)
        try:
            if self.dataset_id is not None:
                return catalog, catalog.dataset(int(self.dataset_id)).id
            datasets = catalog.datasets()
            if not datasets:
                raise UserError(f"project {display(self.path)} holds no dataset yet; add one with: "
                                f"aigc import DATASET --project {display(self.path)}")
            return catalog, datasets[-1].id
        except BaseException:
            catalog.close()
            raise
