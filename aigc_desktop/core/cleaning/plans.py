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
from aigc_desktop.core.quality.registry import ACTIONS, QT_TRANSLATE_NOOP, all_checks, get_check

# what each action does, in the report and (translated) in the wizard
ACTION_TITLES = {
    "ignore": QT_TRANSLATE_NOOP("CleaningActions", "Leave as is"),
    "exclude": QT_TRANSLATE_NOOP("CleaningActions", "Exclude"),
    "keep_one": QT_TRANSLATE_NOOP("CleaningActions", "Keep one per group"),
    "keep_confirmed": QT_TRANSLATE_NOOP("CleaningActions",
                                        "Keep one if the classifier confirms its label, else exclude the group"),
    "relabel": QT_TRANSLATE_NOOP("CleaningActions", "Relabel to the suggestion (exclude if unsure)"),
    "convert": QT_TRANSLATE_NOOP("CleaningActions", "Convert to the dominant colour mode"),
    "resize": QT_TRANSLATE_NOOP("CleaningActions", "Resize to the dominant size"),
}
assert set(ACTION_TITLES) == set(ACTIONS)


def default_actions() -> dict[str, str]:
    """The default plan (documented in the report and README), each issue type's ``default_action``:
    everything that would teach a generative model something wrong goes; fixable format issues are
    fixed; copies are thinned to one."""
    return {spec.issue_type: spec.default_action for spec in all_checks()}


DEFAULT_RELABEL_CONFIDENCE = 0.8
# PIL modes an image can be converted to and saved as PNG without losing what the scan looked at
TARGET_MODES = ("L", "RGB", "RGBA")
_PIXEL_MODE = {"1": "L", "L": "L", "I": "L", "I;16": "L", "I;16L": "L", "I;16B": "L", "I;16N": "L", "F": "L",
               "RGB": "RGB", "RGBX": "RGB", "CMYK": "RGB", "YCbCr": "RGB", "P": "RGB",
               "RGBA": "RGBA", "LA": "RGBA", "La": "RGBA", "PA": "RGBA", "RGBa": "RGBA"}


@dataclass
class CleaningPlan:
    actions: dict[str, str] = field(default_factory=default_actions)
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
            allowed = get_check(issue_type).actions
            if action not in allowed:
                raise UserError(f"action {action!r} does not apply to {issue_type}; choose one of "
                                + ", ".join(allowed))
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
            actions=dict(data.get("actions") or default_actions()),
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
    return _Resolution(plan, scan, items, before).outcome()


class _Resolution:
    """One resolution of a plan: what it reads (the plan, the scan matched to the dataset's rows)
    and what it builds (the state after, the rows to exclude, the reasons per row)."""

    def __init__(self, plan: CleaningPlan, scan, items, before: ItemState) -> None:
        n = len(before)
        self.plan, self.scan, self.before, self.paths = plan, scan, before, items.path
        self.after = before.copy()
        self.reasons = np.empty(n, object)
        self.reasons[:] = [[] for _ in range(n)]
        self.exclude = np.zeros(n, bool)
        mode, size = dominant_mode_and_size(items)
        self.mode = plan.target_mode or mode
        self.size = tuple(plan.target_size) if plan.target_size else size
        rows = np.clip(np.searchsorted(before.item_ids, scan.item_ids), 0, max(n - 1, 0))
        seen = before.item_ids[rows] == scan.item_ids if n else np.zeros(0, bool)
        self.rows, self.scan_rows = rows[seen], np.flatnonzero(seen)  # dataset row <-> scan row
        self.suggestion = np.full(n, "", object)
        self.confidence = np.zeros(n, np.float32)
        self.suggestion[self.rows] = scan.suggested_label[self.scan_rows]
        self.confidence[self.rows] = scan.suggested_confidence[self.scan_rows]
        self.confident = (self.suggestion.astype(str) != "") & (self.confidence >= plan.relabel_confidence)

    def outcome(self) -> PlanOutcome:
        for issue_type in self.scan.checked:
            self._apply_rule(issue_type, self.plan.action(issue_type))
        self._keep_one_per_group()
        self._apply_overrides()
        return PlanOutcome(self.before, self.after, self.reasons, self.mode,
                           (int(self.size[0]), int(self.size[1])))

    def flagged_rows(self, issue_type: str) -> np.ndarray:
        """Rows of the dataset (not of the scan) flagged for ``issue_type`` and not exempt."""
        scan = self.scan
        mask = scan.flagged(issue_type, scan.threshold(issue_type, self.plan.thresholds))[self.scan_rows]
        hit = self.rows[mask]
        exempt = self.plan.exempt.get(issue_type)
        if exempt:
            hit = hit[~np.isin(self.before.item_ids[hit], list(exempt))]
        return hit

    def _why(self, r: int, text: str) -> None:
        self.reasons[r].append(text)

    def _apply_rule(self, issue_type: str, action: str) -> None:
        """The per-item actions; the grouped ones (keep one) are resolved together afterwards."""
        if action in ("ignore", "keep_one", "keep_confirmed"):
            return
        for r in self.flagged_rows(issue_type):
            if action == "exclude":
                self.exclude[r] = True
                self._why(r, f"{issue_type}: exclude")
            elif action == "relabel" and self.confident[r]:
                self.after.label[r] = self.suggestion[r]
                self._why(r, f"{issue_type}: relabel {self.before.label[r] or '(none)'} -> {self.suggestion[r]}"
                             f" ({self.confidence[r]:.0%})")
            elif action == "relabel":
                self.exclude[r] = True
                self._why(r, f"{issue_type}: exclude (no suggestion reaches {self.plan.relabel_confidence:.0%})")
            elif action == "convert":
                self.after.transform[r]["mode"] = self.mode
                self._why(r, f"{issue_type}: convert to {self.mode}")
            elif action == "resize":
                self.after.transform[r]["resize"] = [int(self.size[0]), int(self.size[1])]
                self._why(r, f"{issue_type}: resize to {self.size[0]}x{self.size[1]}")

    def _groups(self, issue_type: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(the group of each dataset row, -1 none; the scan's keepers; the flagged rows in a group)."""
        n = len(self.before)
        group_of, keeper_of = np.full(n, -1, np.int64), np.zeros(n, bool)
        group_of[self.rows] = self.scan.groups[issue_type][self.scan_rows]
        keeper_of[self.rows] = self.scan.keepers[issue_type][self.scan_rows]
        hit = self.flagged_rows(issue_type)
        return group_of, keeper_of, hit[group_of[hit] >= 0]

    def _keep_one_per_group(self) -> None:
        """Exclude all but one member of each group. The ``keep_one`` groups of every type that share
        a member are joined (union-find), so an exact and a near copy of one picture never both lose
        their keeper; ``keep_confirmed`` groups are resolved on their own (they decide labels)."""
        n = len(self.before)
        joined = _Components(n)
        chosen = np.zeros(n, bool)       # the user's explicit keepers
        votes = np.zeros(n, np.int64)    # groups in which an item is the scan's keeper
        for issue_type in self.scan.checked:
            action = self.plan.action(issue_type)
            if action not in ("keep_one", "keep_confirmed") or issue_type not in self.scan.groups:
                continue
            group_of, keeper_of, hit = self._groups(issue_type)
            overrides = self.plan.keep.get(issue_type, {})
            for g in np.unique(group_of[hit]):
                members = hit[group_of[hit] == g]
                if len(members) < 2 and int(g) not in overrides:
                    continue
                if int(g) in overrides:
                    keep = members[np.isin(self.before.item_ids[members], list(overrides[int(g)]))]
                    chosen[keep] = True
                else:
                    keep = members[keeper_of[members]][:1]
                    if len(keep) == 0:  # the scan's keeper fell below the threshold: the first member
                        keep = members[:1]
                if action == "keep_confirmed":
                    self._keep_confirmed(issue_type, members, keep, int(g) in overrides)
                    continue
                votes[keep] += 1
                joined.join(members)
        for members in joined.components():
            if chosen[members].any():
                keep = members[chosen[members]]
            else:
                keep = np.array([members[np.lexsort((members, -votes[members]))][0]])
            kept_path = ", ".join(str(self.paths[k]) for k in keep[:3])
            for r in members:
                if r not in keep:
                    self.exclude[r] = True
                    self._why(r, f"duplicate: keep one ({kept_path})")

    def _keep_confirmed(self, issue_type: str, members: np.ndarray, keep: np.ndarray, overridden: bool) -> None:
        """A conflict group keeps its keeper only when the classifier confirms the keeper's label."""
        k = keep[0] if len(keep) else None
        if not overridden and not (self.confident[k] and str(self.suggestion[k]) == str(self.before.label[k])):
            self.exclude[members] = True
            for r in members:
                self._why(r, f"{issue_type}: exclude the group (no label is confirmed)")
            return
        kept = self.paths[keep[0]] if len(keep) else "none"
        for r in members:
            if r not in keep:
                self.exclude[r] = True
                self._why(r, f"{issue_type}: keep one ({kept})")

    def _apply_overrides(self) -> None:
        """The user's per-item choices win over the rules; exclusion wins over every other action."""
        ids = self.before.item_ids
        for item_id, label in self.plan.labels.items():
            r = _row_of(ids, item_id)
            if r is not None:
                self.after.label[r] = label
                self._why(r, f"override: label {label or '(none)'}")
        self.after.included &= ~self.exclude
        for item_id, flag in self.plan.include.items():
            r = _row_of(ids, item_id)
            if r is not None:
                self.after.included[r] = bool(flag)
                self._why(r, "override: " + ("include" if flag else "exclude"))


class _Components:
    """Union-find over rows: which groups share members."""

    def __init__(self, n: int) -> None:
        self.parent = np.arange(n)
        self.members = np.zeros(n, bool)

    def find(self, a: int) -> int:
        parent = self.parent
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(self, rows: np.ndarray) -> None:
        self.members[rows] = True
        for r in rows[1:]:
            ra, rb = self.find(int(rows[0])), self.find(int(r))
            if ra != rb:
                self.parent[rb] = ra

    def components(self) -> list[np.ndarray]:
        rows = np.flatnonzero(self.members)
        roots = np.array([self.find(int(r)) for r in rows], dtype=np.int64)
        return [rows[roots == root] for root in np.unique(roots)]


def _row_of(ids: np.ndarray, item_id: int) -> Optional[int]:
    r = int(np.searchsorted(ids, item_id))
    return r if r < len(ids) and ids[r] == item_id else None


def default_plan() -> CleaningPlan:
    return CleaningPlan()
