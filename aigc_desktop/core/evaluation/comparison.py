"""The dirty-vs-cleaned-vs-robust comparison in words and as a Markdown table, as measured."""
from __future__ import annotations

from typing import Optional

# (key path, label, lower is better, shown as a percentage)
HEADLINE = [
    (("hallucination", "rate"), "hallucination rate", True, True),
    (("memorisation", "rate"), "memorisation rate", True, True),
    (("local_fd",), "local FD", True, False),
    (("local_kid", "mean"), "local KID", True, False),
    (("precision",), "precision", False, True),
    (("recall",), "recall", False, True),
    (("density",), "density", False, False),
    (("coverage",), "coverage", False, True),
    (("class_coverage", "coverage"), "class coverage", False, True),
]
VARIANT_NAMES = {"dirty": "dirty data", "cleaned": "cleaned data", "robust": "dirty data, robust training"}
SAME_RELATIVE = 0.05  # changes smaller than 5% (and than one point for rates) are reported as "about the same"


def metric(metrics: Optional[dict], path: tuple) -> Optional[float]:
    value = metrics
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return None if value is None else float(value)


def _show(value: Optional[float], percent: bool) -> str:
    if value is None:
        return "n/a"
    return f"{100 * value:.1f}%" if percent else f"{value:.4g}"


def _verdict(before: float, after: float, lower_better: bool, percent: bool) -> str:
    delta = after - before
    small = abs(delta) <= SAME_RELATIVE * max(abs(before), 1e-12) or (percent and abs(delta) < 0.01)
    if small:
        return "about the same"
    better = (delta < 0) == lower_better
    return "better" if better else "worse"


def sentences(results: dict) -> list[str]:
    """One sentence per (variant, headline metric), comparing against the dirty run."""
    base = results.get("dirty")
    out = []
    if base is None:
        return out
    for variant in ("cleaned", "robust"):
        other = results.get(variant)
        if other is None:
            continue
        parts = []
        for path, label, lower_better, percent in HEADLINE[:3]:
            a, b = metric(base, path), metric(other, path)
            if a is None or b is None:
                continue
            verdict = _verdict(a, b, lower_better, percent)
            if verdict == "about the same":
                parts.append(f"{label} about the same ({_show(a, percent)} vs {_show(b, percent)})")
            else:
                direction = "fell" if b < a else "rose"
                parts.append(f"{label} {direction} from {_show(a, percent)} to {_show(b, percent)} ({verdict})")
        if parts:
            out.append(f"Training on {VARIANT_NAMES[variant]} instead of {VARIANT_NAMES['dirty']}: "
                       + "; ".join(parts) + ".")
    return out


def _budget(epochs: int, steps: Optional[dict], batch_size: Optional[int]) -> str:
    if not steps:
        return f"budget ({epochs} epochs)"
    taken = set(steps.values())
    if len(taken) == 1:
        return (f"budget (each run took {taken.pop()} optimizer steps of batch {batch_size}, "
                f"{epochs} epochs of the dirty data)")
    each = ", ".join(f"{name} {n}" for name, n in steps.items())
    return (f"budget of {max(taken)} optimizer steps of batch {batch_size} ({epochs} epochs of the dirty data; "
            f"steps taken: {each}; a run that stopped early took fewer)")


def summary_text(results: dict, n_held_out: int, seed: int, epochs: int, steps: Optional[dict] = None,
                 batch_size: Optional[int] = None) -> str:
    """``steps``: optimizer steps each run took ({variant: n}); without it the budget is given in epochs."""
    lines = sentences(results)
    verdicts = []
    for variant in ("cleaned", "robust"):
        if variant in results and "dirty" in results:
            scores = [_verdict(metric(results["dirty"], p), metric(results[variant], p), lb, pc)
                      for p, _, lb, pc in HEADLINE[:3]
                      if metric(results["dirty"], p) is not None and metric(results[variant], p) is not None]
            verdicts.append((variant, scores.count("better"), scores.count("worse")))
    for variant, better, worse in verdicts:
        if better > worse:
            lines.append(f"On balance the {VARIANT_NAMES[variant]} run did better on these measures.")
        elif worse > better:
            lines.append(f"On balance the {VARIANT_NAMES[variant]} run did worse on these measures.")
        else:
            lines.append(f"On balance the {VARIANT_NAMES[variant]} run was neither clearly better nor worse.")
    lines.append(f"All three runs used the same model, seed ({seed}) and {_budget(epochs, steps, batch_size)}, "
                 f"and were measured against the same {n_held_out} held-out clean images. One seed only: small differences can be "
                 f"run-to-run noise.")
    return " ".join(lines)


def markdown_table(results: dict) -> str:
    variants = [v for v in ("dirty", "cleaned", "robust") if v in results]
    lines = ["| metric | " + " | ".join(VARIANT_NAMES[v] for v in variants) + " |",
             "| --- |" + " --- |" * len(variants)]
    for path, label, lower_better, percent in HEADLINE:
        values = [metric(results[v], path) for v in variants]
        if all(v is None for v in values):
            continue
        arrow = "lower is better" if lower_better else "higher is better"
        lines.append(f"| {label} ({arrow}) | " + " | ".join(_show(v, percent) for v in values) + " |")
    return "\n".join(lines)
