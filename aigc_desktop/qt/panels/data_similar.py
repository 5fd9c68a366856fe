"""Jobs of the Data panel's map and "Find Similar": they open the project on their own thread, read
(or compute) the dataset's feature space, and return what the panel shows."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from aigc_desktop.core.jobs import Job, JobContext
from aigc_desktop.core.quality.embedding import FeatureSpace


@dataclass
class Features:
    space: FeatureSpace
    coords: np.ndarray  # (N, 2) the map


@dataclass
class Similar:
    features: Optional[Features]  # when they had to be computed for the query
    item_id: int
    item_ids: np.ndarray          # most similar first, the item itself not among them
    similarity: np.ndarray


def feature_job(project_path: str, dataset_id: int, ctx: JobContext) -> Job[Features]:
    from aigc_desktop.core.data.catalog import Catalog
    from aigc_desktop.core.quality.embedding import feature_space

    with Catalog.open(project_path, read_only=True) as catalog:
        space = yield from feature_space(catalog, dataset_id, ctx)
    ctx.cancel.raise_if_cancelled()
    return Features(space, space.map_2d())


def similar_job(project_path: str, dataset_id: int, features: Optional[Features], item_id: int, k: int,
                ctx: JobContext) -> Job[Similar]:
    computed = None
    if features is None:
        features = computed = yield from feature_job(project_path, dataset_id, ctx)
    ids, sims = features.space.similar(item_id, k)
    return Similar(computed, item_id, ids, sims)
