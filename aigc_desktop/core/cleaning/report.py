"""The cleaning report (schema ``aigc-clean/1``) as JSON, Markdown and self-contained HTML.

JSON lists every changed item with the reasons; the Markdown and HTML views show the counts, the
class balance before and after, the rule per issue type and the first changes.
"""
from __future__ import annotations

import datetime
import html
from pathlib import Path
from typing import Optional

import numpy as np

from aigc_desktop.core.atomic import write_text
from aigc_desktop.core.cleaning.plans import ACTION_TITLES, CleaningPlan, PlanOutcome, class_balance
from aigc_desktop.core.quality.result import write_report

REPORT_SCHEMA = "aigc-clean/1"
FORMATS = ("json", "md", "html")
MAX_LISTED = 300  # changes shown in Markdown/HTML; the JSON has them all


def build_report(dataset: dict, plan: CleaningPlan, outcome: PlanOutcome, scan=None, items=None,
                 version: Optional[dict] = None, export=None) -> dict:
    """``dataset``: name, root, id; ``items``: the ItemTable (for paths); ``export``: an ExportSummary."""
    before, after = outcome.before, outcome.after
    paths = items.path if items is not None else before.item_ids.astype(str)
    changed = (before.included != after.included) | (before.label.astype(str) != after.label.astype(str)) | \
        np.array([a != b for a, b in zip(before.transform, after.transform)], dtype=bool)
    changes = [{"item_id": int(before.item_ids[r]), "path": str(paths[r]),
                "included": [bool(before.included[r]), bool(after.included[r])],
                "label": [str(before.label[r]), str(after.label[r])],
                "transform": after.transform[r] or None,
                "reasons": list(outcome.reasons[r])} for r in np.flatnonzero(changed)]
    by_issue = {}
    if scan is not None:
        counts = scan.counts(plan.thresholds)
        for t in scan.checked:
            by_issue[t] = {"flagged": counts[t], "threshold": scan.threshold(t, plan.thresholds),
                           "action": plan.action(t)}
    report = {
        "schema": REPORT_SCHEMA,
        "created": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "dataset": dataset,
        "version": version,
        "plan": {**plan.to_json(), "summary": plan.summary(), "target_mode_used": outcome.target_mode,
                 "target_size_used": list(outcome.target_size)},
        "counts": outcome.counts(),
        "class_balance": {"before": class_balance(before), "after": class_balance(after)},
        "by_issue": by_issue,
        "changes": changes,
        "source_untouched": True,
    }
    if export is not None:
        report["output"] = {
            "folder": export.out_dir, "n_files": export.n_written, "skipped": export.skipped,
            "files": [{"path": f.path, "source": f.source, "label": f.label, "transform": f.transform or None,
                       "pixel_hash": f.pixel_hash} for f in export.files]}
    return report


def to_markdown(report: dict) -> str:
    c = report["counts"]
    ds = report["dataset"]
    lines = [f"# Cleaning report: {ds.get('name', '')}", "",
             f"- Dataset: `{ds.get('root', '')}`", f"- Created: {report['created']}"]
    if report.get("version"):
        v = report["version"]
        lines.append(f"- Version: {v.get('number')} (parent {v.get('parent_number')})")
    lines += ["- The source files were not modified.", "", "## Counts", "",
              "| | items |", "|---|---:|",
              f"| included before | {c['included_before']} |", f"| included after | {c['included_after']} |",
              f"| excluded | {c['excluded']} |", f"| relabelled | {c['relabelled']} |",
              f"| converted or resized | {c['transformed']} |", ""]
    if report["by_issue"]:
        lines += ["## Rules per issue type", "", "| issue | flagged | threshold | action |", "|---|---:|---:|---|"]
        for t, row in report["by_issue"].items():
            lines.append(f"| {t} | {row['flagged']} | {row['threshold']:.2f} | {ACTION_TITLES[row['action']]} |")
        lines.append("")
    lines += ["## Class balance", "", "| label | before | after |", "|---|---:|---:|"]
    before, after = report["class_balance"]["before"], report["class_balance"]["after"]
    for label in list(before) + [k for k in after if k not in before]:
        lines.append(f"| {label or '(none)'} | {before.get(label, 0)} | {after.get(label, 0)} |")
    lines += ["", f"## Changes ({len(report['changes'])})", ""]
    for ch in report["changes"][:MAX_LISTED]:
        lines.append(f"- `{ch['path']}`: " + "; ".join(ch["reasons"] or ["changed"]))
    if len(report["changes"]) > MAX_LISTED:
        lines.append(f"- … and {len(report['changes']) - MAX_LISTED} more (see the JSON report)")
    if "output" in report:
        out = report["output"]
        lines += ["", "## Output", "", f"{out['n_files']} PNG files in `{out['folder']}` (ImageFolder layout)."]
        if out["skipped"]:
            lines.append(f"{len(out['skipped'])} included items could not be read and were skipped.")
    return "\n".join(lines) + "\n"


def to_html(report: dict) -> str:
    e = html.escape
    c = report["counts"]
    rows = "".join(f"<tr><td>{e(k.replace('_', ' '))}</td><td>{v}</td></tr>" for k, v in c.items())
    issues = "".join(f"<tr><td>{e(t)}</td><td>{r['flagged']}</td><td>{r['threshold']:.2f}</td>"
                     f"<td>{e(ACTION_TITLES[r['action']])}</td></tr>" for t, r in report["by_issue"].items())
    before, after = report["class_balance"]["before"], report["class_balance"]["after"]
    top = max([1, *before.values(), *after.values()])
    balance = "".join(
        f"<tr><td>{e(label or '(none)')}</td><td>{before.get(label, 0)}</td><td>{after.get(label, 0)}</td>"
        f"<td><div class=bar style='width:{200 * before.get(label, 0) / top:.0f}px'></div>"
        f"<div class='bar after' style='width:{200 * after.get(label, 0) / top:.0f}px'></div></td></tr>"
        for label in list(before) + [k for k in after if k not in before])
    changes = "".join(f"<li><code>{e(ch['path'])}</code>: {e('; '.join(ch['reasons'] or ['changed']))}</li>"
                      for ch in report["changes"][:MAX_LISTED])
    more = (f"<li>… and {len(report['changes']) - MAX_LISTED} more (see the JSON report)</li>"
            if len(report["changes"]) > MAX_LISTED else "")
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Cleaning report: {e(report['dataset'].get('name', ''))}</title>
<style>body{{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:3px 8px;text-align:left}}
.bar{{height:6px;background:#9aa5b1;margin:1px 0}}.bar.after{{background:#2f7ed8}}</style></head><body>
<h1>Cleaning report: {e(report['dataset'].get('name', ''))}</h1>
<p>Dataset <code>{e(str(report['dataset'].get('root', '')))}</code>, {e(report['created'])}.
The source files were not modified.</p>
<h2>Counts</h2><table>{rows}</table>
<h2>Rules per issue type</h2><table><tr><th>issue</th><th>flagged</th><th>threshold</th><th>action</th></tr>{issues}</table>
<h2>Class balance</h2><table><tr><th>label</th><th>before</th><th>after</th><th></th></tr>{balance}</table>
<h2>Changes ({len(report['changes'])})</h2><ul>{changes}{more}</ul>
</body></html>
"""


def save_report(report: dict, path, fmt: Optional[str] = None) -> Path:
    """Write ``report`` to ``path`` as json, md or html (from the suffix unless ``fmt`` is given)."""
    from aigc_desktop.core.guards import check_output_file, protected_dataset

    root = str(report.get("dataset", {}).get("root") or "")
    check_output_file(path, "cleaning report", protected_dataset(root) if root else None)
    target = Path(path)
    fmt = fmt or target.suffix.lstrip(".").lower()
    fmt = {"markdown": "md", "htm": "html"}.get(fmt, fmt)
    if fmt == "json":
        write_report(report, target)
    elif fmt == "md":
        write_text(target, to_markdown(report))
    elif fmt == "html":
        write_text(target, to_html(report))
    else:
        from aigc_desktop.core.errors import UserError

        raise UserError(f"cannot write a report as {fmt!r}; use .json, .md or .html")
    return target
