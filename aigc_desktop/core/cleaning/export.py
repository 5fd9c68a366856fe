"""Export the kept items of a dataset state as new PNG files in an ImageFolder layout.

``OUT/<label>/<name>.png`` with the corrected labels (unlabelled items at the top level), the
version's transforms applied, pixels otherwise exactly as decoded. The tree is written into a
temporary sibling folder and renamed into place, so OUT either appears complete or not at all;
OUT must not exist yet or be an empty folder. The source files are only read.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Optional

import numpy as np
from PIL import Image

from aigc_desktop.core.atomic import staged_folder
from aigc_desktop.core.cleaning.apply import apply_transform
from aigc_desktop.core.cleaning.plans import ItemState
from aigc_desktop.core.data.decode import pixel_hash
from aigc_desktop.core.data.sources import parallel_map
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.guards import check_output_folder, protected_catalog_dataset
from aigc_desktop.core.jobs import Job, JobContext, Progress, Throttle

_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)
NAME_BYTES = 255  # the longest file name most file systems allow
_BATCH = 64


@dataclass
class ExportedFile:
    item_id: int
    path: str          # relative to the export folder, POSIX
    source: str        # the item's path in the dataset
    label: str
    transform: dict
    pixel_hash: str


@dataclass
class ExportSummary:
    out_dir: str
    files: list[ExportedFile] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)   # included items that could not be read

    @property
    def n_written(self) -> int:
        return len(self.files)


def safe_name(text: str, fallback: str = "_") -> str:
    name = _UNSAFE.sub("_", text).strip(" .")
    return name or fallback


def fit_name(stem: str, suffix: str = "", limit: int = NAME_BYTES) -> str:
    """``stem + suffix`` as a file name of at most ``limit`` bytes: a longer stem is cut and given a
    short hash of the whole, so two long names stay apart and the same name always maps the same."""
    name = stem + suffix
    if len(os.fsencode(name)) <= limit:
        return name
    tag = "~" + hashlib.sha1(stem.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    room = limit - len(os.fsencode(tag + suffix))
    cut = stem
    while len(os.fsencode(cut)) > room:
        cut = cut[:-1]
    return cut + tag + suffix


def check_out_dir(out_dir, protect=None) -> Path:
    """``out_dir`` resolved, when it is a new or empty folder outside ``protect``."""
    return check_output_folder(out_dir, "cleaned dataset", protect)


def plan_file_names(items, state: ItemState) -> dict[int, str]:
    """Row -> relative output path of every included item (deterministic, collision-free)."""
    taken: set[str] = set()
    names: dict[int, str] = {}
    for r in np.flatnonzero(state.included):
        label = str(state.label[r])
        stem = safe_name(PurePosixPath(str(items.path[r])).stem.replace("#", "_"), f"item_{items.ids[r]}")
        folder = fit_name(safe_name(label)) if label else ""
        prefix = f"{folder}/" if folder else ""
        candidate, n = prefix + fit_name(stem, ".png"), 2
        while candidate.lower() in taken:  # the same name twice: number it (within the length limit)
            candidate = prefix + fit_name(stem, f"_{n}.png")
            n += 1
        taken.add(candidate.lower())
        names[int(r)] = candidate
    return names


def export_state(catalog, dataset_id: int, state: ItemState, out_dir, ctx: JobContext,
                 finish: Optional[Callable[[Path, ExportSummary], None]] = None) -> Job[ExportSummary]:
    """A job writing the included items of ``state`` to ``out_dir``; ``finish(tmp_dir, summary)`` may
    add files (the cleaning report) before the folder is renamed into place."""
    out = check_out_dir(out_dir, protected_catalog_dataset(catalog, dataset_id))
    items = catalog.items(dataset_id)
    if not np.array_equal(items.ids, state.item_ids):
        raise UserError("the dataset's items changed since this state was computed")
    source = catalog.source(dataset_id)
    names = plan_file_names(items, state)
    rows = sorted(names)
    summary = ExportSummary(str(out))
    report = Throttle()
    with staged_folder(out) as tmp:
        def write_batch(batch: list[int]) -> list[tuple[int, Optional[str], str]]:
            done = []
            for r in batch:
                decoded = source.read(str(items.path[r])) if items.status[r] == "ok" else None
                if decoded is None or decoded.pixels is None:
                    why = items.reason[r] if decoded is None else decoded.reason
                    done.append((r, None, why or "unreadable"))
                    continue
                pixels = apply_transform(decoded.pixels, state.transform[r])
                target = tmp / names[r]
                target.parent.mkdir(parents=True, exist_ok=True)
                Image.fromarray(pixels).save(target, "PNG")
                done.append((r, pixel_hash(pixels), ""))
            return done

        batches = [rows[i:i + _BATCH] for i in range(0, len(rows), _BATCH)]
        written = 0
        yield from report(Progress("export", 0, len(rows), "writing cleaned files"))
        for batch in parallel_map(write_batch, batches, ctx.workers, ctx.cancel):
            for r, digest, why in batch:
                if digest is None:
                    summary.skipped.append({"item_id": int(items.ids[r]), "path": str(items.path[r]), "reason": why})
                else:
                    summary.files.append(ExportedFile(int(items.ids[r]), names[r], str(items.path[r]),
                                                      str(state.label[r]), dict(state.transform[r]), digest))
            written += len(batch)
            yield from report(Progress("export", written, len(rows), "writing cleaned files"))
        ctx.cancel.raise_if_cancelled()
        if finish is not None:
            finish(tmp, summary)
    return summary
