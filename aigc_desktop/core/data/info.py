"""The counts ``aigc info`` shows: items, readable, corrupt by reason, labels, sizes, modes."""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from aigc_desktop.core.data.catalog import DatasetInfo, ItemTable
    from aigc_desktop.core.data.sources import ImportSummary

COUNT_KEYS = ("items", "readable", "corrupt", "included", "unlabelled", "skipped_hidden", "skipped_symlink_loops",
              "outside_root")
DICT_KEYS = ("corrupt_by_reason", "labels", "sizes", "modes", "skipped_non_image")


def natural_key(text: str) -> tuple:
    """Numeric labels in numeric order ("2" before "10"), then the rest alphabetically."""
    return (0, int(text), "") if text.lstrip("-").isdigit() else (1, 0, text)


def label_balance(counts: Counter) -> dict:
    """Items per label ("" = unlabelled), labels in natural order."""
    return {k: counts[k] for k in sorted(counts, key=natural_key)}


def _sorted_counts(counter: Counter, numeric: bool = False) -> dict:
    if numeric:
        return label_balance(counter)
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _summary(info: "DatasetInfo", imported: "ImportSummary", n: int, readable: int, reasons: Counter,
             included: int, unlabelled: int, labels: Counter, sizes: Counter, modes: Counter,
             outside_root: int = 0) -> dict:
    """The ``aigc info`` dict of one dataset, whichever way its counts were gathered."""
    return {
        "id": info.id,
        "name": info.name,
        "kind": info.kind,
        "root": info.root,
        "source": info.source_path,
        "created": info.created,
        "items": n,
        "readable": readable,
        "corrupt": n - readable,
        "corrupt_by_reason": _sorted_counts(reasons),
        "included": included,
        "unlabelled": unlabelled,
        "labels": _sorted_counts(labels, numeric=True),
        "sizes": _sorted_counts(sizes),
        "modes": _sorted_counts(modes),
        "skipped_non_image": dict(imported.skipped_non_image),
        "skipped_hidden": imported.skipped_hidden,
        "skipped_symlink_loops": imported.skipped_symlink_loops,
        "outside_root": outside_root,  # items that resolve outside the root (CSV rows, symlinks): kept
        "errors": list(imported.errors),
    }


def dataset_summary(info: "DatasetInfo", items: "ItemTable", imported: "ImportSummary") -> dict:
    """The summary counted over every item (the reference :func:`summary_from_counts` is tested against)."""
    ok = items.status == "ok"
    labels = Counter(label for label in items.label.tolist() if label)
    sizes = Counter(f"{w}x{h}" for w, h in zip(items.width[ok].tolist(), items.height[ok].tolist()))
    return _summary(info, imported, len(items), int(ok.sum()), Counter(items.reason[~ok].tolist()),
                    int(items.included.sum()), int(sum(1 for label in items.label.tolist() if not label)),
                    labels, sizes, Counter(items.mode[ok].tolist()), int(np.count_nonzero(items.outside_root)))


def _apply_label_edits(labels: Counter, edits: list) -> tuple[int, Counter]:
    """(unlabelled, labels) once each edit moved its items from the imported label to its own."""
    labels = Counter(labels)
    for original, edited, _included, count in edits:
        if edited is not None:
            labels[original or ""] -= count
            labels[edited] += count
    unlabelled = labels.pop("", 0)
    return unlabelled, Counter({k: v for k, v in labels.items() if v > 0})


def summary_from_counts(info: "DatasetInfo", groups: list, edits: list, imported: "ImportSummary",
                        outside_root: int = 0) -> dict:
    """The same dict as :func:`dataset_summary`, from grouped counts instead of every item.

    ``groups``: ``(status, imported label or None, width, height, mode, reason, count)`` over the
    items; ``edits``: ``(imported label or "", edited label or None, included, count)`` over the
    items that have an edit. A label edit moves its items from the imported label to the new one.
    """
    n = ok = 0
    reasons: Counter = Counter()
    sizes: Counter = Counter()
    modes: Counter = Counter()
    labels: Counter = Counter()
    for status, label, width, height, mode, reason, count in groups:
        n += count
        labels[label or ""] += count
        if status == "ok":
            ok += count
            sizes[f"{width}x{height}"] += count
            modes[mode] += count
        else:
            reasons[reason] += count
    excluded = sum(count for *_, included, count in edits if not included)
    unlabelled, labels = _apply_label_edits(labels, edits)
    return _summary(info, imported, n, ok, reasons, n - excluded, unlabelled, labels, sizes, modes, outside_root)


def project_summary(project: str, datasets: list[dict]) -> dict:
    """Totals over a project's datasets (same keys as one dataset) plus the datasets themselves."""
    total: dict = {"project": project, "n_datasets": len(datasets)}
    for key in COUNT_KEYS:
        total[key] = sum(d[key] for d in datasets)
    for key in DICT_KEYS:
        merged: Counter = Counter()
        for d in datasets:
            merged.update(d[key])
        total[key] = _sorted_counts(merged, numeric=(key == "labels"))
    total["datasets"] = datasets
    return total


def format_summary(s: dict) -> str:
    """A few human lines for ``aigc info`` without ``--json``."""
    def counts(d: dict, limit: int = 12) -> str:
        parts = [f"{k} {v}" for k, v in list(d.items())[:limit]]
        return ", ".join(parts) + (f", … ({len(d) - limit} more)" if len(d) > limit else "") if parts else "none"

    head = f"{s['name']} ({s['kind']})" if "name" in s else f"project {s['project']} ({s['n_datasets']} datasets)"
    lines = [head,
             f"  items {s['items']}: readable {s['readable']}, corrupt {s['corrupt']}"
             + (f" ({counts(s['corrupt_by_reason'])})" if s["corrupt"] else "")
             + f", included {s['included']}",
             f"  labels: {counts(s['labels'])}" + (f"; unlabelled {s['unlabelled']}" if s["unlabelled"] else ""),
             f"  sizes: {counts(s['sizes'], 6)}",
             f"  modes: {counts(s['modes'])}"]
    if s["skipped_non_image"]:
        lines.append(f"  skipped non-image files: {counts(s['skipped_non_image'])}")
    if s.get("outside_root"):
        lines.append(f"  outside the dataset root: {s['outside_root']} items (kept; they live elsewhere on disk)")
    return "\n".join(lines)
