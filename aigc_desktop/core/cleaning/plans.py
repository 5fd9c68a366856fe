"""Cleaning plans: what to do about each issue type (a bulk rule), with per-item overrides.

A plan is plain data (JSON round-trips, stored with the version it produced). ``resolve_plan``
turns a plan, a scan and the items' current state into the state each item will have:

* ``exclude``        flagged items are excluded;
* ``keep_one``       (grouped types) one member of each group stays, the others are excluded;
                     groups of every ``keep_one`` type that share a member are resolved together,
                     so an exact copy and a near copy of one picture never both lose their keeper;
* ``keep_confirmed`` (label conflicts) like ``keep_one`` when the classifier confirms the keeper's
                     label with at least ``relabel_confidence``, otherwise the whole group goes;
* ``relabel``        the label becomes the classifier's suggestion when its confidence reaches
                     ``relabel_confidence``; a less certain item is excluded instead;
* ``convert``        (odd modes) pixels are converted to ``target_mode`` (default: the dominant);
* ``resize``         (odd sizes) pixels are resized to ``target_size`` = [width, height]
                     (default: the dominant);
* ``ignore``         nothing.

Exclusion wins over every other action. The user's overrides win over the rules: ``exempt``
(type -> item ids a rule leaves alone), ``keep`` (type -> group -> item ids to keep instead of the
scan's keeper), ``labels`` (item id -> label) and ``include`` (item id -> included).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from aigc_desktop.core.data.info import label_balance
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.quality.registry import ISSUE_TYPES, get_check

ACTIONS = ("ignore", "exclude", "keep_one", "keep_confirmed", "relabel", "convert", "resize")
ACTION_TITLES = {
    "ignore": "Leave as is", "exclude": "Exclude", "keep_one": "Keep one per group",
    "keep_confirmed": "Keep one if the classifier confirms its label, else exclude the group",
    "relabel": "Relabel to the suggestion (exclude if unsure)", "convert": "Convert to the dominant mode",
    "resize": "Resize to the dominant size",
}
_GROUPED = ("ignore", "exclude", "keep_one")
ALLOWED_ACTIONS: dict[str, tuple[str, ...]] = {
    "corrupt": ("ignore", "exclude"),
    "exact_duplicate": _GROUPED,
    "near_duplicate": _GROUPED,
    "label_conflict": _GROUPED + ("keep_confirmed",),
    "missing_label": ("ignore", "exclude", "relabel"),
    "suspected_label_error": ("ignore", "exclude", "relabel"),
    "odd_size": ("ignore", "exclude", "resize"),
    "odd_mode": ("ignore", "exclude", "convert"),
    "blank": ("ignore", "exclude"),
    "dark": ("ignore", "exclude"),
    "light": ("ignore", "exclude"),
    "blurry": ("ignore", "exclude"),
    "outlier": ("ignore", "exclude"),
}
# The default plan (documented in the report and README): everything that would teach a generative
# model something wrong goes; fixable format issues are fixed; copies are thinned to one.
DEFAULT_ACTIONS: dict[str, str] = {
    "corrupt": "exclude",
    "exact_duplicate": "keep_one",
    "near_duplicate": "keep_one",
    "label_conflict": "keep_confirmed",
    "missing_label": "exclude",
    "suspected_label_error": "relabel",
    "odd_size": "resize",
    "odd_mode": "convert",
    "blank": "exclude",
    "dark": "exclude",
    "light": "exclude",
    "blurry": "exclude",
    "outlier": "exclude",
}
DEFAULT_RELABEL_CONFIDENCE = 0.8
# PIL modes an image can be converted to and saved as PNG without losing what the scan looked at
TARGET_MODES = ("L", "RGB", "RGBA")
_PIXEL_MODE = {"1": "L", "L": "L", "I": "L", "I;16": "L", "I;16L": "L", "I;16B": "L", "I;16N": "L", "F": "L",
               "RGB": "RGB", "RGBX": "RGB", "CMYK": "RGB", "YCbCr": "RGB", "P": "RGB",
               "RGBA": "RGBA", "LA": "RGBA", "La": "RGBA", "PA": "RGBA", "RGBa": "RGBA"}


@dataclass
class CleaningPlan:
    actions: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ACTIONS))
    thresholds: dict[str, float] = field(default_factory=dict)  # missing: the scan's own
    relabel_confidence: float = DEFAULT_RELABEL_CONFIDENCE
    target_mode: Optional[str] = None                           # None: the dominant mode
    target_size: Optional[tuple[int, int]] = None               # (width, height); None: dominant
    exempt: dict[str, set[int]] = field(default_factory=dict)
    keep: dict[str, dict[int, set[int]]] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    include: dict[int, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for issue_type, action in self.actions.items():
            get_check(issue_type)
            if action not in ALLOWED_ACTIONS[issue_type]:
                raise UserError(f"action {action!r} does not apply to {issue_type}; choose one of "
                                + ", ".join(ALLOWED_ACTIONS[issue_type]))
        if self.target_mode is not None and self.target_mode not in TARGET_MODES:
            raise UserError(f"target mode must be one of {', '.join(TARGET_MODES)}, not {self.target_mode}")
        if not 0.0 <= self.relabel_confidence <= 1.0:
            raise UserError("relabel confidence must be between 0 and 1")

    def action(self, issue_type: str) -> str:
        return self.actions.get(issue_type, "ignore")

    # ---- per-item overrides (the review lists call these) --------------------------------------
    def set_exempt(self, issue_type: str, item_id: int, exempt: bool) -> None:
        ids = self.exempt.setdefault(issue_type, set())
        (ids.add if exempt else ids.discard)(int(item_id))

    def set_group_keep(self, issue_type: str, group: int, item_ids) -> None:
        self.keep.setdefault(issue_type, {})[int(group)] = {int(i) for i in item_ids}

    def summary(self) -> str:
        """One line for the versions list: the rules that do something."""
        parts = [f"{t}: {a}" for t, a in self.actions.items() if a != "ignore"]
        n_overrides = (sum(len(v) for v in self.exempt.values()) + sum(len(v) for v in self.keep.values())
                       + len(self.labels) + len(self.include))
        if n_overrides:
            parts.append(f"{n_overrides} item overrides")
        return "; ".join(parts) or "no actions"

    # ---- JSON ------------------------------------------------------------------------------
    def to_json(self) -> dict:
        return {
            "actions": dict(self.actions),
            "thresholds": {k: float(v) for k, v in self.thresholds.items()},
            "relabel_confidence": self.relabel_confidence,
            "target_mode": self.target_mode,
            "target_size": list(self.target_size) if self.target_size else None,
            "exempt": {t: sorted(ids) for t, ids in self.exempt.items() if ids},
            "keep": {t: {str(g): sorted(ids) for g, ids in groups.items()} for t, groups in self.keep.items() if groups},
            "labels": {str(i): label for i, label in self.labels.items()},
            "include": {str(i): bool(v) for i, v in self.include.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> "CleaningPlan":
        size = data.get("target_size")
        return cls(
            actions=dict(data.get("actions", DEFAULT_ACTIONS)),
            thresholds={k: float(v) for k, v in data.get("thresholds", {}).items()},
            relabel_confidence=float(data.get("relabel_confidence", DEFAULT_RELABEL_CONFIDENCE)),
            target_mode=data.get("target_mode"),
            target_size=tuple(size) if size else None,
            exempt={t: {int(i) for i in ids} for t, ids in data.get("exempt", {}).items()},
            keep={t: {int(g): {int(i) for i in ids} for g, ids in groups.items()}
                  for t, groups in data.get("keep", {}).items()},
            labels={int(i): str(v) for i, v in data.get("labels", {}).items()},
            include={int(i): bool(v) for i, v in data.get("include", {}).items()},
        )

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True)


@dataclass
class ItemState:
    """The state of every item of a dataset, in item id order; ``transform`` holds dicts ({} none)."""

    item_ids: np.ndarray
    included: np.ndarray   # bool
    label: np.ndarray      # object, "" = none
    transform: np.ndarray  # object of dicts

    def __len__(self) -> int:
        return len(self.item_ids)

    def copy(self) -> "ItemState":
        transform = np.empty(len(self), object)
        transform[:] = [dict(t) for t in self.transform]
        return ItemState(self.item_ids.copy(), self.included.copy(), self.label.copy(), transform)


@dataclass
class PlanOutcome:
    """What applying a plan does: the state before and after, and why each item changed."""

    before: ItemState
    after: ItemState
    reasons: np.ndarray            # object (N,): list of strings ("near_duplicate: keep one")
    target_mode: str
    target_size: tuple[int, int]   # (width, height)

    @property
    def excluded(self) -> np.ndarray:
        return self.before.included & ~self.after.included

    @property
    def relabelled(self) -> np.ndarray:
        return self.after.included & (self.before.label.astype(str) != self.after.label.astype(str))

    @property
    def transformed(self) -> np.ndarray:
        return self.after.included & np.array([a != b for a, b in zip(self.before.transform, self.after.transform)],
                                              dtype=bool)

    def counts(self) -> dict[str, int]:
        return {"items": len(self.before), "included_before": int(self.before.included.sum()),
                "included_after": int(self.after.included.sum()), "excluded": int(self.excluded.sum()),
                "relabelled": int(self.relabelled.sum()), "transformed": int(self.transformed.sum())}


def class_balance(state: ItemState) -> dict[str, int]:
    """Included items per label ("" = unlabelled), labels in natural order."""
    return label_balance(Counter(state.label[state.included].astype(str).tolist()))


def pixel_mode(mode: str) -> str:
    """The mode an item's pixels have after decoding (L, RGB or RGBA)."""
    return _PIXEL_MODE.get(mode, "RGB")


def dominant_mode_and_size(items) -> tuple[str, tuple[int, int]]:
    ok = items.status.astype(str) == "ok"
    if not ok.any():
        return "L", (0, 0)
    modes = Counter(pixel_mode(m) for m in items.mode[ok].tolist())
    sizes = Counter(zip(items.width[ok].tolist(), items.height[ok].tolist()))
    mode = max(modes, key=lambda m: (modes[m], m))
    size = max(sizes, key=lambda wh: (sizes[wh], wh[0] * wh[1]))
    return mode, (int(size[0]), int(size[1]))


def resolve_plan(plan: CleaningPlan, scan, items, before: ItemState) -> PlanOutcome:
    """Apply ``plan``'s rules to ``before`` (the items' current state) using ``scan``'s findings.

    ``scan`` is a :class:`ScanResult` of the same dataset (rows matched by item id; items the scan
    has not seen are left alone); ``items`` the catalog's :class:`ItemTable` (modes and sizes).
    """
    n = len(before)
    after = before.copy()
    reasons = np.empty(n, object)
    reasons[:] = [[] for _ in range(n)]
    mode, size = dominant_mode_and_size(items)
    mode = plan.target_mode or mode
    size = tuple(plan.target_size) if plan.target_size else size

    rows = np.searchsorted(before.item_ids, scan.item_ids)
    rows = np.clip(rows, 0, max(n - 1, 0))
    seen = before.item_ids[rows] == scan.item_ids if n else np.zeros(0, bool)
    rows, scan_rows = rows[seen], np.flatnonzero(seen)
    ids = before.item_ids
    exclude = np.zeros(n, bool)

    def flagged_rows(issue_type: str) -> np.ndarray:
        """Rows of the dataset (not of the scan) flagged for ``issue_type`` and not exempt."""
        mask = scan.flagged(issue_type, scan.threshold(issue_type, plan.thresholds))[scan_rows]
        hit = rows[mask]
        exempt = plan.exempt.get(issue_type)
        if exempt:
            hit = hit[~np.isin(ids[hit], list(exempt))]
        return hit

    suggestion = np.full(n, "", object)
    confidence = np.zeros(n, np.float32)
    suggestion[rows] = scan.suggested_label[scan_rows]
    confidence[rows] = scan.suggested_confidence[scan_rows]
    confident = (suggestion.astype(str) != "") & (confidence >= plan.relabel_confidence)

    for issue_type in scan.checked:
        action = plan.action(issue_type)
        if action in ("ignore", "keep_one", "keep_confirmed"):
            continue
        hit = flagged_rows(issue_type)
        if action == "exclude":
            exclude[hit] = True
            for r in hit:
                reasons[r].append(f"{issue_type}: exclude")
        elif action == "relabel":
            for r in hit:
                if confident[r]:
                    after.label[r] = suggestion[r]
                    reasons[r].append(f"{issue_type}: relabel {before.label[r] or '(none)'} -> {suggestion[r]}"
                                      f" ({confidence[r]:.0%})")
                else:
                    exclude[r] = True
                    reasons[r].append(f"{issue_type}: exclude (no suggestion reaches "
                                      f"{plan.relabel_confidence:.0%})")
        elif action == "convert":
            for r in hit:
                after.transform[r]["mode"] = mode
                reasons[r].append(f"{issue_type}: convert to {mode}")
        elif action == "resize":
            for r in hit:
                after.transform[r]["resize"] = [int(size[0]), int(size[1])]
                reasons[r].append(f"{issue_type}: resize to {size[0]}x{size[1]}")

    _keep_one_per_group(plan, scan, rows, scan_rows, flagged_rows, before, exclude, reasons, suggestion, confident,
                        items.path)

    for item_id, label in plan.labels.items():
        r = _row_of(ids, item_id)
        if r is not None:
            after.label[r] = label
            reasons[r].append(f"override: label {label or '(none)'}")
    after.included &= ~exclude
    for item_id, flag in plan.include.items():
        r = _row_of(ids, item_id)
        if r is not None:
            after.included[r] = bool(flag)
            reasons[r].append("override: " + ("include" if flag else "exclude"))
    return PlanOutcome(before, after, reasons, mode, (int(size[0]), int(size[1])))


def _row_of(ids: np.ndarray, item_id: int) -> Optional[int]:
    r = int(np.searchsorted(ids, item_id))
    return r if r < len(ids) and ids[r] == item_id else None


def _keep_one_per_group(plan, scan, rows, scan_rows, flagged_rows, before, exclude, reasons, suggestion,
                        confident, paths) -> None:
    n = len(before)
    parent = np.arange(n)

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    group_of = np.full(n, -1, np.int64)
    keeper_of = np.zeros(n, bool)
    # components over every keep_one group: (type, group) -> members
    in_component = np.zeros(n, bool)
    chosen = np.zeros(n, bool)       # the user's explicit keepers
    votes = np.zeros(n, np.int64)    # groups in which an item is the scan's keeper
    for issue_type in scan.checked:
        action = plan.action(issue_type)
        if action not in ("keep_one", "keep_confirmed") or issue_type not in scan.groups:
            continue
        group_of[:] = -1
        keeper_of[:] = False
        group_of[rows] = scan.groups[issue_type][scan_rows]
        keeper_of[rows] = scan.keepers[issue_type][scan_rows]
        hit = flagged_rows(issue_type)
        hit = hit[group_of[hit] >= 0]
        overrides = plan.keep.get(issue_type, {})
        for g in np.unique(group_of[hit]):
            members = hit[group_of[hit] == g]
            if len(members) < 2 and int(g) not in overrides:
                continue
            if int(g) in overrides:
                keep_ids = overrides[int(g)]
                keep = members[np.isin(before.item_ids[members], list(keep_ids))]
                chosen[keep] = True
            else:
                keep = members[keeper_of[members]][:1]
                if len(keep) == 0:  # the scan's keeper fell below the threshold: the first member
                    keep = members[:1]
            if action == "keep_confirmed" and int(g) not in overrides:
                k = keep[0]
                if not (confident[k] and str(suggestion[k]) == str(before.label[k])):
                    exclude[members] = True
                    for r in members:
                        reasons[r].append(f"{issue_type}: exclude the group (no label is confirmed)")
                    continue
            if action == "keep_confirmed":  # resolved on its own: it decides labels, not copies
                for r in members:
                    if r not in keep:
                        exclude[r] = True
                        kept = paths[keep[0]] if len(keep) else "none"
                        reasons[r].append(f"{issue_type}: keep one ({kept})")
                continue
            votes[keep] += 1
            in_component[members] = True
            for r in members[1:]:
                ra, rb = find(int(members[0])), find(int(r))
                if ra != rb:
                    parent[rb] = ra
    component_rows = np.flatnonzero(in_component)
    roots = np.array([find(int(r)) for r in component_rows], dtype=np.int64)
    for root in np.unique(roots):
        members = component_rows[roots == root]
        if chosen[members].any():
            keep = members[chosen[members]]
        else:
            best = members[np.lexsort((members, -votes[members]))][0]
            keep = np.array([best])
        kept_path = ", ".join(str(paths[k]) for k in keep[:3])
        for r in members:
            if r not in keep:
                exclude[r] = True
                reasons[r].append(f"duplicate: keep one ({kept_path})")


def default_plan() -> CleaningPlan:
    return CleaningPlan()


assert set(DEFAULT_ACTIONS) == set(ISSUE_TYPES) == set(ALLOWED_ACTIONS)
