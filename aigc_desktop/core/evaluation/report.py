"""The experiment's files: ``experiment.json`` (schema ``aigc-experiment/2``), ``summary.md`` (the
bullets, a table per dirt rate with means, intervals, the real floor and verdicts, the runs, how
each metric is computed) and, for a dose-response, ``dose_response.png``."""
from __future__ import annotations

import json
from pathlib import Path

from aigc_desktop.core.evaluation.comparison import VARIANT_NAMES, bullets, markdown_table
from aigc_desktop.core.evaluation.metric_info import BY_KEY

PLOT_FILE = "dose_response.png"


def dose_name(rate) -> str:
    return "the data as they are" if rate is None else f"dirt rate {rate:g}"


def summary_bullets(result) -> list[str]:
    """The result in short sentences: every verdict, what had no clear difference, and how it was measured."""
    out = []
    for dose in result.doses:
        prefix = "" if dose.rate is None else f"At dirt rate {dose.rate:g}: "
        out += [prefix + line for line in bullets(dose.comparisons)]
    seeds = ", ".join(str(s) for s in result.seeds)
    taken = {run.steps for dose in result.doses for v in dose.variants.values() for run in v.runs}
    out.append(f"Every run was given {result.steps} optimizer steps of batch {result.batch_size}"
               + ("" if taken <= {result.steps} else " (some stopped earlier: see the runs)")
               + f"; seed{'s' if len(result.seeds) > 1 else ''} {seeds}, each training all three variants.")
    out.append(f"Measured against {result.doses[0].held_out}.")
    if len(result.seeds) == 1:
        out.append("One seed: the intervals hold the noise of measuring the samples, not the run-to-run noise of "
                   "training; use several seeds before trusting a difference.")
    else:
        out.append(f"The intervals combine the spread over the {len(result.seeds)} seeds with the bootstrap noise "
                   "of each measurement; a verdict is given only where the interval of the difference excludes 0.")
    return out


def dose_plot(result, path) -> None:
    """``dose_response.png``: each headline metric against the dirt rate, a line and a 95% band per variant,
    the real floor dashed."""
    from aigc_desktop.core.atomic import atomic_write
    from aigc_desktop.core.evaluation.plot import Panel, Series, render

    keys = (["label_consistency"] if result.conditional else ["hallucination_offmanifold"]) + \
        ["hallucination_semantic", "memorisation_rate", "local_fd"]
    doses = sorted(result.doses, key=lambda d: d.rate)
    rates = [d.rate for d in doses]
    panels = []
    for key in keys:
        if not any(key in v.summary for d in doses for v in d.variants.values()):
            continue
        meta = BY_KEY[key]
        series = []
        for name in result.doses[0].variants:
            entries = [d.variants[name].summary.get(key) or {} for d in doses]
            cis = [e.get("ci95") or [None, None] for e in entries]
            series.append(Series(VARIANT_NAMES.get(name, name), [e.get("mean") for e in entries],
                                 [c[0] for c in cis], [c[1] for c in cis]))
        floor = doses[0].real_floor.get(key)
        panels.append(Panel(meta.heading, rates,
                            series, floor, "real floor (held-out real images)", meta.percent))
    image = render(panels, f"Dose-response: {result.model.upper()}{', conditional' if result.conditional else ''}, "
                           f"{len(result.seeds)} seed(s), mean and 95% interval")
    atomic_write(Path(path), lambda tmp: image.save(tmp, format="PNG"))


def markdown(result) -> str:
    lines = [f"# Experiment: dirty vs cleaned vs robust ({result.model.upper()}"
             f"{', conditional' if result.conditional else ''}, {result.steps} optimizer steps of batch "
             f"{result.batch_size} per run, seeds {', '.join(map(str, result.seeds))})", ""]
    lines += [f"- {line}" for line in result.summary]
    if any(d.rate is not None for d in result.doses):
        lines += ["", f"![dose-response]({PLOT_FILE})"]
    for dose in result.doses:
        lines += ["", f"## {dose_name(dose.rate).capitalize()}", "",
                  f"Dirty: {dose.counts.get('dirty')} items; cleaned: {dose.counts.get('cleaned')} items "
                  f"({dose.cleaning}).", "",
                  markdown_table({name: v.summary for name, v in dose.variants.items()}, dose.comparisons,
                                 floor=dose.real_floor), "", "Runs:", ""]
        for v in dose.variants.values():
            for run in v.runs:
                lines.append(f"- **{v.name}**, seed {run.seed} (`{Path(run.run_dir).name}/`, {v.n_train} images, "
                             f"{run.steps} optimizer steps in up to {run.epochs} epochs, {run.finished})")
        if dose.scan_counts:
            lines += ["", "Scan findings: " + (", ".join(f"{k} {n}" for k, n in dose.scan_counts.items() if n)
                                               or "none")]
    lines += ["", "## How each metric is computed", ""]
    lines += [f"- **{m.key}** ({m.label}): {m.note}" for m in BY_KEY.values()]
    return "\n".join(lines) + "\n"


def write_experiment(result) -> None:
    from aigc_desktop.core.atomic import write_json, write_text

    out = Path(result.out_dir)
    write_json(out / "experiment.json", json.loads(json.dumps(result.to_dict(), default=float)))
    if any(d.rate is not None for d in result.doses):
        dose_plot(result, out / PLOT_FILE)
    text = markdown(result)
    write_text(out / "summary.md", text)  # a name that is not UTF-8 shows as \xNN
