"""The data of an experiment: the dirty and the cleaned training sets, the robust weights, and the
held-out real images every run is measured against.

*Dirty* is version 0 of the dataset, the import as it was, unless two versions are chosen;
*cleaned* is the chosen (by default the current) version, or, when that is version 0 itself, the
default cleaning plan computed on the spot without writing anything. Both are decoded once, from
every readable item, and selected by row.

The held-out real images come from a trusted reference dataset when one is given. Otherwise they are
drawn at random from the items both versions keep, before any training: then they share the
cleaning's judgement of what is clean, and the result says so. In dose-response mode they are
drawn from the clean dataset before any dirt is planted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

from aigc_desktop.core.data.dataset_ref import DatasetRef
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import Job, JobContext, Progress

MIN_WEIGHT = 0.05  # robust training keeps every readable item, however suspect
MIN_HELD_OUT = 20


@dataclass
class Variant:
    """One training set: rows of the decoded data, with their labels and loss weights."""

    name: str
    rows: np.ndarray  # bool (N,) over the decoded data
    labels: np.ndarray  # str (N,) as this variant sees them ("" = none)
    weights: Optional[np.ndarray]  # float32 (N,), None for all ones
    description: str


@dataclass
class HeldOut:
    """The real images the runs are measured against, and the trusted images the classifier learns."""

    pixels: np.ndarray  # uint8 (M, H, W, C)
    labels: Optional[np.ndarray]  # str (M,)
    description: str
    trusted_pixels: np.ndarray  # what the feature extractor / classifier is trained on
    trusted_labels: Optional[np.ndarray]


@dataclass
class ExperimentData:
    pixels: np.ndarray  # uint8 (N, H, W, C): every readable item of the dirty data
    item_ids: np.ndarray
    variants: dict  # name -> Variant
    held_out: HeldOut
    scan_result: object
    paths: dict  # item id -> path, to name memorised training images
    cleaning: str  # what the cleaned version is
    counts: dict = field(default_factory=dict)  # dirty / cleaned: items in each version (before holding out)

    @property
    def has_labels(self) -> bool:
        return any((v.labels != "").any() for v in self.variants.values())


def robust_weights(scan_result, conditional: bool) -> np.ndarray:
    """float32 (N,) loss weights: for each issue type, falling linearly from 1 at score 0 to
    MIN_WEIGHT at the score where the scan flags the item (the lowest over types wins); and each
    duplicate group weighing as much as one item in total."""
    from aigc_desktop.core.quality.registry import get_check

    n = len(scan_result)
    weights = np.ones(n, np.float32)
    specs = {t: get_check(t) for t in scan_result.scores}
    copies = [t for t, spec in specs.items() if spec.grouped and not spec.about_labels]  # duplicate groups
    for issue_type, scores in scan_result.scores.items():
        if issue_type in copies or (specs[issue_type].about_labels and not conditional):
            continue  # duplicates are handled below; labels matter only to a conditional model
        threshold = max(scan_result.threshold(issue_type), 1e-6)
        relative = np.nan_to_num(scores.astype(np.float32)) / threshold
        weights = np.minimum(weights, np.clip(1.0 - relative, MIN_WEIGHT, 1.0))
    for issue_type in copies:
        groups = scan_result.groups.get(issue_type)
        if groups is None:
            continue
        members = groups >= 0
        sizes = np.bincount(groups[members]) if members.any() else np.zeros(0, int)
        weights[members] = np.minimum(weights[members], 1.0 / sizes[groups[members]])
    return weights.astype(np.float32)


def default_plan_state(catalog, dataset_id: int, scan_result) -> tuple[dict, dict, str]:
    """({item id: included}, {item id: label}, description) after the default cleaning plan, computed
    without writing anything into the catalog."""
    from aigc_desktop.core.cleaning.apply import outcome_summary, preview_plan
    from aigc_desktop.core.cleaning.plans import default_plan

    outcome = preview_plan(catalog, dataset_id, scan_result, default_plan())
    after = outcome.after
    ids = after.item_ids.tolist()
    return (dict(zip(ids, after.included.astype(bool).tolist())), dict(zip(ids, after.label.astype(str).tolist())),
            "the default cleaning plan, computed for the experiment (nothing written): " + outcome_summary(outcome))


def version_choice(catalog, dataset_id: int, dirty: Optional[int], cleaned: Optional[int]) -> tuple[int, Optional[int]]:
    """(dirty version, cleaned version or None for the default plan): version 0 and the current
    version unless chosen; None when the cleaned version would be the dirty one."""
    from aigc_desktop.core.cleaning.versions import current_version, list_versions

    numbers = {v.number for v in list_versions(catalog, dataset_id)}
    dirty = 0 if dirty is None else int(dirty)
    for number in (dirty, cleaned):
        if number is not None and number not in numbers:
            raise UserError(f"the dataset has no version {number} (it has {', '.join(map(str, sorted(numbers)))})")
    if cleaned is None:
        cleaned = current_version(catalog, dataset_id).number
        if cleaned == dirty:
            return dirty, None
    return dirty, int(cleaned)


def _state(catalog, dataset_id: int, number: int) -> tuple[dict, dict]:
    from aigc_desktop.core.cleaning.versions import version_state

    state = version_state(catalog, dataset_id, number)
    ids = state.item_ids.tolist()
    return dict(zip(ids, state.included.astype(bool).tolist())), dict(zip(ids, state.label.astype(str).tolist()))


def _decoded(data) -> np.ndarray:
    return data.images.mul(255).round().byte().permute(0, 2, 3, 1).numpy()


def load_versions(dataset: DatasetRef, dirty_version: Optional[int], cleaned_version: Optional[int],
                  scan_result, ctx: JobContext, size: Optional[int] = None,
                  channels: Optional[int] = None) -> Job[tuple]:
    """A job returning (pixels, item ids, dirty (included, labels), cleaned (included, labels),
    cleaning description, scan result, paths) of ``dataset``; the scan is made when not given."""
    from aigc_desktop.core.cleaning.versions import get_version
    from aigc_desktop.core.quality.scan import scan
    from aigc_desktop.core.training.data import prepare_data, suggested_shape

    catalog, dataset_id = yield from dataset.open(ctx)
    with catalog:
        dirty, cleaned = version_choice(catalog, dataset_id, dirty_version, cleaned_version)
        if scan_result is None:
            yield Progress("scan", 0, 0, "scanning the data")
            scan_result = yield from scan(catalog, dataset_id, None, ctx)
        if size is None or channels is None:
            size, channels = suggested_shape(catalog.items(dataset_id))
        data = yield from prepare_data(catalog, dataset_id, size, channels, ctx, only_included=False)
        dirty_state = _state(catalog, dataset_id, dirty)
        if cleaned is None:
            cleaned_state = default_plan_state(catalog, dataset_id, scan_result)
        else:
            info = get_version(catalog, dataset_id, cleaned)
            cleaned_state = (*_state(catalog, dataset_id, cleaned), f"version {cleaned} ({info.kind}): {info.summary}")
        items = catalog.items(dataset_id)
        paths = {int(i): str(p) for i, p in zip(items.ids.tolist(), items.path.tolist())}
    ids = data.item_ids.tolist()
    take = lambda state: (np.array([state[0].get(i, False) for i in ids]),  # noqa: E731
                          np.array([state[1].get(i, "") for i in ids], object).astype(str))
    description = cleaned_state[2]
    if dirty != 0:
        description += f"; the dirty data are version {dirty}"
    return (_decoded(data), np.asarray(data.item_ids), take(dirty_state), take(cleaned_state[:2]), description,
            scan_result, paths)


def build(pixels: np.ndarray, item_ids: np.ndarray, dirty: tuple, cleaned: tuple, cleaning: str, scan_result, paths,
          held_out: Optional[HeldOut], conditional: bool, fraction: float, max_items: int, seed: int,
          allow_identical: bool = False) -> ExperimentData:
    """The three training sets and the held-out images. ``held_out`` None: drawn here, at random
    among the items both versions keep, and removed from every training set."""
    dirty_in, dirty_labels = dirty
    clean_in, clean_labels = cleaned
    if not allow_identical and np.array_equal(dirty_in, clean_in) and \
            bool(np.all(dirty_labels[dirty_in] == clean_labels[clean_in])):
        raise UserError(f"the dirty and the cleaned data are the same ({int(dirty_in.sum())} items, the same labels): "
                        "there is nothing to compare; clean the dataset first, or choose two different versions")
    counts = {"dirty": int(dirty_in.sum()), "cleaned": int(clean_in.sum())}
    is_held = np.zeros(len(pixels), bool)
    if held_out is None:
        candidates = np.flatnonzero(dirty_in & clean_in)
        n = min(max_items, int(round(fraction * dirty_in.sum())), len(candidates))
        if n < MIN_HELD_OUT:
            raise UserError(f"only {len(candidates)} items are kept by both versions: too few to hold out "
                            f"{MIN_HELD_OUT} for evaluation; pass a reference dataset")
        is_held[np.random.default_rng(seed).choice(candidates, n, replace=False)] = True
        trusted = clean_in & ~is_held
        held_out = HeldOut(pixels[is_held], clean_labels[is_held],
                           f"{n} images drawn at random, before any training, from the items both versions keep: "
                           "no trusted reference was given, so the evaluation shares the cleaning's judgement of "
                           "what is clean (pass a reference dataset for an independent check)",
                           pixels[trusted], clean_labels[trusted])
    scan_row = {int(i): r for r, i in enumerate(np.asarray(scan_result.item_ids).tolist())}
    rows = np.array([scan_row[int(i)] for i in item_ids.tolist()])  # data row -> scan row
    variants = {
        "dirty": Variant("dirty", dirty_in & ~is_held, dirty_labels, None, "every readable item of the dirty data"),
        "cleaned": Variant("cleaned", clean_in & ~is_held, clean_labels, None, cleaning),
        "robust": Variant("robust", dirty_in & ~is_held, dirty_labels, robust_weights(scan_result, conditional)[rows],
                          "the dirty data, suspect items down-weighted by their scan scores (weight 1 at score 0 "
                          f"down to {MIN_WEIGHT} at the flag threshold; a duplicate group weighs as one item)"),
    }
    return ExperimentData(pixels, item_ids, variants, held_out, scan_result, paths, cleaning, counts)


# ------------------------------------------------------------------------------ dose-response
def dirt_rates(rate: float) -> dict:
    """The planting module's mix of issue types, scaled so that the dirty files number ``rate`` times the
    clean images (0.1: the module's own default mix)."""
    from aigc_desktop.core.quality.planting import DEFAULT_RATES

    total = sum(DEFAULT_RATES.values())
    return {kind: value * rate / total for kind, value in DEFAULT_RATES.items()}


def load_clean(dataset: DatasetRef, ctx: JobContext) -> Job[tuple]:
    """A job returning (uint8 pixels (N, H, W, C), labels str (N,)) of a clean dataset's included items."""
    from aigc_desktop.core.training.data import prepare_data, suggested_shape

    catalog, dataset_id = yield from dataset.open(ctx)
    with catalog:
        size, channels = suggested_shape(catalog.items(dataset_id))
        data = yield from prepare_data(catalog, dataset_id, size, channels, ctx)
    labels = np.array(list(data.class_names) + [""], object)[data.labels.numpy()].astype(str) \
        if data.labels is not None else None
    if labels is None or len(set(labels) - {""}) < 2:
        raise UserError("planting dirt needs a labelled clean dataset with at least 2 classes")
    return _decoded(data), labels


def planted(clean_pixels: np.ndarray, clean_labels: np.ndarray, rate: float, folder: Path, held_out: HeldOut,
            conditional: bool, seed: int, ctx: JobContext) -> Job[ExperimentData]:
    """Plant dirt at ``rate`` into the clean training images (written to ``folder``), scan the result,
    and return the dirty (as planted), cleaned (default plan) and robust training sets."""
    from aigc_desktop.core.quality.planting import plant_issues

    images = clean_pixels[..., 0] if clean_pixels.shape[-1] == 1 else clean_pixels
    yield Progress("plant", 0, 0, f"planting dirt at {rate:.0%}")
    plant_issues(images, clean_labels, folder, seed=seed, rates=dirt_rates(rate))
    ctx.check()
    h, c = clean_pixels.shape[1], clean_pixels.shape[-1]
    pixels, item_ids, dirty, cleaned, cleaning, scan_result, paths = yield from load_versions(
        DatasetRef(str(folder)), None, None, None, ctx, size=h, channels=c)
    return build(pixels, item_ids, dirty, cleaned, cleaning, scan_result, paths, held_out, conditional, 0, 0, seed,
                 allow_identical=True)
