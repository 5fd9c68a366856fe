"""Comparing evaluations: means over seeds with their 95% intervals, paired differences, verdicts
only where the interval of a difference excludes 0, and a summary in short bullet sentences.

Every sentence is built whole from one comparison, so none can be garbled by what the others say;
there is no "on balance" sentence that counts verdicts, since several metrics are not several pieces
of evidence.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Optional, Sequence

import numpy as np

from aigc_desktop.core.evaluation.metric_info import BY_KEY, KEYS, show
from aigc_desktop.core.evaluation.uncertainty import NO_CLEAR_DIFFERENCE, combine_seeds, seeded_difference, verdict

VARIANT_NAMES = {"dirty": "dirty data", "cleaned": "cleaned data", "robust": "robust training"}


@dataclass
class Comparison:
    a: str  # the baseline variant
    b: str  # the variant compared with it
    metric: str
    difference: Optional[float]  # mean over seeds of b - a
    ci95: Optional[list]
    verdict: str  # "better" / "worse" (b against a) or "no clear difference"
    a_mean: Optional[float] = None
    b_mean: Optional[float] = None

    def to_dict(self) -> dict:
        return asdict(self)


def _replicates(metrics: dict, key: str) -> np.ndarray:
    reps = ((metrics.get("bootstrap") or {}).get("samples") or {}).get(key)
    return np.asarray(reps if reps is not None else [], np.float64)


def summarise(runs: Sequence[dict], keys: Sequence[str] = KEYS) -> dict:
    """{metric: {"mean", "ci95", "per_seed"}} over the evaluations of one variant, one per seed."""
    out = {}
    for key in keys:
        values = [m.get(key) for m in runs]
        if all(v is None for v in values):
            continue
        meta = BY_KEY[key]
        mean, ci = combine_seeds(values, [_replicates(m, key) for m in runs], meta.resampling_bias)
        out[key] = {"mean": mean, "ci95": meta.clip(ci), "per_seed": values}
    return out


def compare(a_name: str, a_runs: Sequence[dict], b_name: str, b_runs: Sequence[dict],
            keys: Sequence[str] = KEYS) -> list[Comparison]:
    """``b`` against ``a`` for every metric both have; run i of each must share its seed."""
    if len(a_runs) != len(b_runs):
        raise ValueError("paired comparison needs one evaluation per seed on both sides")
    out = []
    for key in keys:
        a = [m.get(key) for m in a_runs]
        b = [m.get(key) for m in b_runs]
        if all(v is None for v in a) or all(v is None for v in b):
            continue
        a_reps, b_reps = [_replicates(m, key) for m in a_runs], [_replicates(m, key) for m in b_runs]
        diff, ci = seeded_difference(a, b, a_reps, b_reps)
        meta = BY_KEY[key]
        if meta.best is None:
            said = verdict(ci, meta.higher_is_better)
        else:  # which is nearer the best value: the difference of closeness, -|x - best|, with its own interval
            def near(values):
                return [None if v is None else -abs(v - meta.best) for v in values]

            _, near_ci = seeded_difference(near(a), near(b), [-np.abs(r - meta.best) for r in a_reps],
                                           [-np.abs(r - meta.best) for r in b_reps])
            said = verdict(near_ci, True)
        out.append(Comparison(a_name, b_name, key, diff, ci, said, _mean(a), _mean(b)))
    return out


def _mean(values) -> Optional[float]:
    finite = [v for v in values if v is not None and np.isfinite(v)]
    return float(np.mean(finite)) if finite else None


def _signed(key: str, value: Optional[float]) -> str:
    if value is None:
        return "n/a"
    text = show(key, abs(value))
    return ("+" if value >= 0 else "−") + text


def sentence(c: Comparison, names: Optional[dict] = None) -> str:
    """One bullet: "Cleaned data vs dirty data: label consistency 62.0% → 91.0% (difference +29.0%,
    95% CI +21.0% to +37.0%): better." """
    names = names or VARIANT_NAMES
    label = BY_KEY[c.metric].label if c.metric in BY_KEY else c.metric
    ci = "no interval" if c.ci95 is None else f"95% CI {_signed(c.metric, c.ci95[0])} to {_signed(c.metric, c.ci95[1])}"
    return (f"{names.get(c.b, c.b).capitalize()} vs {names.get(c.a, c.a)}: {label} "
            f"{show(c.metric, c.a_mean)} → {show(c.metric, c.b_mean)} (difference {_signed(c.metric, c.difference)}, "
            f"{ci}): {c.verdict}.")


def bullets(comparisons: Sequence[Comparison], names: Optional[dict] = None) -> list[str]:
    """A sentence per comparison with a verdict, then one per pair listing the metrics without one."""
    names = names or VARIANT_NAMES
    out = [sentence(c, names) for c in comparisons if c.verdict != NO_CLEAR_DIFFERENCE]
    pairs: dict[tuple, list[str]] = {}
    for c in comparisons:
        if c.verdict == NO_CLEAR_DIFFERENCE:
            pairs.setdefault((c.a, c.b), []).append(BY_KEY[c.metric].label if c.metric in BY_KEY else c.metric)
    for (a, b), labels in pairs.items():
        out.append(f"{names.get(b, b).capitalize()} vs {names.get(a, a)}: no clear difference in "
                   f"{', '.join(labels)} (the 95% interval of each difference includes 0).")
    return out


def markdown_table(summaries: dict, comparisons: Sequence[Comparison] = (), names: Optional[dict] = None,
                   floor: Optional[dict] = None) -> str:
    """Mean [95% CI] per variant (columns) and metric (rows), the real floor beside, and each
    comparison's verdict. ``summaries``: {variant: summarise(...)}; ``floor``: {metric: value}."""
    names = names or VARIANT_NAMES
    variants = list(summaries)
    verdicts: dict[str, list[str]] = {}
    for c in comparisons:
        verdicts.setdefault(c.metric, []).append(f"{c.b}: {c.verdict}")
    header = ["metric"] + [names.get(v, v) for v in variants] + (["real floor"] if floor else []) + \
        (["verdict vs " + comparisons[0].a] if comparisons else [])
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for key in KEYS:
        cells = []
        for v in variants:
            entry = summaries[v].get(key)
            if entry is None:
                cells.append("n/a")
                continue
            ci = entry["ci95"]
            cells.append(show(key, entry["mean"]) + ("" if ci is None else
                                                      f" [{show(key, ci[0])}, {show(key, ci[1])}]"))
        if all(c == "n/a" for c in cells):
            continue
        meta = BY_KEY[key]
        row = [meta.heading] + cells
        if floor:
            row.append(show(key, floor.get(key)))
        if comparisons:
            row.append("; ".join(verdicts.get(key, [])) or "–")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
