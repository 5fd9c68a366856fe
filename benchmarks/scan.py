"""Dirty-data detection benchmark: planted issues in MNIST, against CleanVision; and 100k images.

1. Writes the MNIST test set (10k digits) as an ImageFolder tree with planted issues of every type
   (aigc_desktop.core.quality.planting), runs ``aigc scan`` on it as a separate process, and prints
   each type's recall on the planted files and false-positive rate on the untouched ones.
2. Runs CleanVision (``Imagelab.find_issues()``, its defaults) on the same folder, also as a whole
   process, from the Python given by ``--cleanvision-python`` (CleanVision is no dependency of the
   app; install it in its own venv: ``python3 -m venv /tmp/cv-venv && /tmp/cv-venv/bin/pip install
   cleanvision``), and prints the wall-time ratio and CleanVision's recall/FP where it has a
   matching issue type.
3. Scans 100k synthetic images (MNIST digits, randomly shifted and noised, as an .npz) in a
   subprocess and prints the wall time and the peak resident memory (getrusage of the child).

    python benchmarks/scan.py --cleanvision-python /tmp/cv-venv/bin/python [--n 10000] [--synthetic 100000]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from aigc_desktop.core.quality.planting import plant_issues, read_idx  # noqa: E402
from aigc_desktop.core.quality.registry import ISSUE_TYPES  # noqa: E402

from aigc_desktop.core.data.mnist import mnist_paths  # noqa: E402

TARGET_RECALL = {"corrupt": 0.95, "exact_duplicate": 0.95, "label_conflict": 0.95, "blank": 0.95,
                 "odd_size": 0.95, "odd_mode": 0.95, "near_duplicate": 0.9, "outlier": 0.8, "blurry": 0.8,
                 "suspected_label_error": 0.6}
# our issue type -> CleanVision's (where it has one)
CLEANVISION_TYPES = {"exact_duplicate": "exact_duplicates", "near_duplicate": "near_duplicates",
                     "dark": "dark", "light": "light", "blurry": "blurry", "blank": "low_information",
                     "odd_size": "odd_size"}
CLEANVISION_SCRIPT = r"""
import json, sys
from cleanvision import Imagelab
lab = Imagelab(data_path=sys.argv[1])
lab.find_issues(verbose=False)
flags = {c[3:-6]: lab.issues.index[lab.issues[c]].tolist() for c in lab.issues.columns
         if c.startswith("is_") and c.endswith("_issue")}
json.dump(flags, open(sys.argv[2], "w"))
"""


def run_timed(cmd: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in MiB) of one whole child process (os.wait4: its own rusage)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            err.seek(0)
            last = [line for line in err.read().splitlines() if line.strip()][-1:]
            raise RuntimeError(f"exit {proc.returncode}: {last[0] if last else ''}")
    return seconds, usage.ru_maxrss // 1024


def evaluate(flagged: dict[str, set[str]], truth: dict, paths: list[str]) -> dict[str, dict]:
    planted = {p["path"]: p["type"] for p in truth["planted"]}
    originals = {p["of"] for p in truth["planted"] if "of" in p}
    untouched = [p for p in paths if p not in planted and p not in originals]
    rows = {}
    for issue, found in flagged.items():
        target = {p for p, t in planted.items() if t == issue}
        hits = len(target & found)
        fps = sum(1 for p in untouched if p in found)
        rows[issue] = {"recall": hits / len(target) if target else float("nan"), "planted": len(target),
                       "found": hits, "fp_rate": fps / len(untouched), "fp": fps}
    return rows


def ours(folder: Path, work: Path, truth: dict) -> tuple[float, int, dict]:
    report_path = work / "report.json"
    seconds, peak = run_timed([sys.executable, "-m", "aigc_desktop.cli", "scan", str(folder), "--report",
                               str(report_path)])
    report = json.loads(report_path.read_text("utf-8"))
    paths = [item["path"] for item in report["items"]]
    flagged = {t: set() for t in ISSUE_TYPES}
    for item in report["items"]:
        for issue in item["issues"]:
            flagged[issue["type"]].add(item["path"])
    return seconds, peak, evaluate(flagged, truth, paths)


def cleanvision(python: str, folder: Path, work: Path, truth: dict, paths: list[str]) -> tuple[float, dict, str]:
    """CleanVision's wall time and flags; when it crashes on the corrupt files (it does: an
    unreadable .png raises UnidentifiedImageError out of find_issues), it is timed again on a
    hard-linked copy of the folder without them, and the third value says so."""
    script = work / "run_cleanvision.py"
    script.write_text(CLEANVISION_SCRIPT)
    out = work / "cleanvision.json"
    note = ""
    try:
        seconds, _ = run_timed([python, str(script), str(folder), str(out)])
    except RuntimeError as exc:
        note = (f"CleanVision crashed on the full folder ({exc}); timed on a copy without the "
                f"{sum(p['type'] == 'corrupt' for p in truth['planted'])} corrupt files")
        corrupt = {p["path"] for p in truth["planted"] if p["type"] == "corrupt"}
        readable = work / "mnist-dirty-readable"
        for rel in paths:
            if rel not in corrupt:
                (readable / rel).parent.mkdir(parents=True, exist_ok=True)
                os.link(folder / rel, readable / rel)
        seconds, _ = run_timed([python, str(script), str(readable), str(out)])
        folder = readable
    raw = json.loads(out.read_text())
    flagged = {}
    for ours_type, theirs in CLEANVISION_TYPES.items():
        found = {Path(p).resolve().relative_to(folder.resolve()).as_posix() for p in raw.get(theirs, [])}
        if ours_type == "odd_size":  # CleanVision splits sizes into two types
            found |= {Path(p).resolve().relative_to(folder.resolve()).as_posix()
                      for p in raw.get("odd_aspect_ratio", [])}
        flagged[ours_type] = found
    return seconds, evaluate(flagged, truth, paths), note


def synthetic(n: int, images: np.ndarray, labels: np.ndarray, work: Path) -> tuple[float, int]:
    rng = np.random.default_rng(1)
    pick = rng.integers(0, len(images), n)
    x = images[pick].copy()
    dy, dx = rng.integers(-2, 3, n), rng.integers(-2, 3, n)
    for s in range(-2, 3):  # shift in groups: vectorised, memory-light
        x[dy == s] = np.roll(x[dy == s], s, axis=1)
        x[dx == s] = np.roll(x[dx == s], s, axis=2)
    noise = rng.integers(0, 24, x.shape, dtype=np.uint8)
    x = np.clip(x.astype(np.int16) + noise - 12, 0, 255).astype(np.uint8)
    path = work / "synthetic.npz"
    np.savez(path, x=x, y=labels[pick])
    return run_timed([sys.executable, "-m", "aigc_desktop.cli", "scan", str(path), "--report",
                      str(work / "synthetic_report.json")])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000, help="clean MNIST digits to start from")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cleanvision-python", default=None, metavar="PATH",
                        help="a Python with cleanvision installed (skipped when absent)")
    parser.add_argument("--synthetic", type=int, default=100000, help="images in the scale test (0: skip)")
    parser.add_argument("--work", default=None, help="folder for the datasets (default: a temporary one)")
    parser.add_argument("--json", default=None, help="also write the figures here")
    args = parser.parse_args(argv)

    images_path, labels_path = mnist_paths()
    images = read_idx(images_path)
    labels = read_idx(labels_path)
    work = Path(args.work or tempfile.mkdtemp(prefix="aigc-scan-bench-"))
    folder = work / "mnist-dirty"
    if folder.exists():
        sys.exit(f"{folder} exists; give an empty --work folder")
    truth = plant_issues(images[:args.n], labels[:args.n].astype(str), folder, seed=args.seed)
    (work / "truth.json").write_text(json.dumps(truth, indent=1))
    print(f"dataset: {folder} ({truth['n_files']} files, {len(truth['planted'])} planted; truth in "
          f"{work / 'truth.json'})")

    seconds, peak, rows = ours(folder, work, truth)
    figures = {"n_files": truth["n_files"], "aigc": {"seconds": seconds, "peak_mib": peak, "types": rows}}
    print(f"\naigc scan: {seconds:.1f} s wall (whole process: import + scan + report), peak RSS {peak} MiB")
    print(f"{'type':24s} {'recall':>8s} {'target':>7s} {'fp rate':>8s}")
    for t in ISSUE_TYPES:
        r = rows[t]
        target = TARGET_RECALL.get(t, 0.8)
        mark = "" if r["recall"] >= target and r["fp_rate"] <= 0.01 else "  <-- below target"
        print(f"{t:24s} {r['recall']:8.3f} {target:7.2f} {r['fp_rate']:8.4f}  ({r['found']}/{r['planted']}, "
              f"{r['fp']} fp){mark}")

    python = args.cleanvision_python
    if python and Path(python).exists():
        paths = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
        cv_seconds, cv_rows, note = cleanvision(python, folder, work, truth, paths)
        figures["cleanvision"] = {"seconds": cv_seconds, "types": cv_rows, "note": note}
        if note:
            print(f"\n{note}")
        print(f"\nCleanVision: {cv_seconds:.1f} s wall; aigc is {cv_seconds / seconds:.1f}x faster "
              "(target: 5x), with label-error detection CleanVision does not do")
        print(f"{'type':24s} {'aigc recall/fp':>16s} {'CleanVision recall/fp':>24s}")
        for t, r in cv_rows.items():
            print(f"{t:24s} {rows[t]['recall']:7.3f}/{rows[t]['fp_rate']:.4f} {r['recall']:14.3f}/{r['fp_rate']:.4f}")
    else:
        print("\nCleanVision comparison skipped: pass --cleanvision-python PATH (a Python with cleanvision "
              "installed, e.g. python3 -m venv /tmp/cv-venv && /tmp/cv-venv/bin/pip install cleanvision)")

    if args.synthetic:
        s_seconds, s_peak = synthetic(args.synthetic, images, labels, work)
        figures["synthetic"] = {"n": args.synthetic, "seconds": s_seconds, "peak_mib": s_peak}
        print(f"\n{args.synthetic} synthetic images (.npz): {s_seconds:.1f} s wall, peak RSS {s_peak} MiB "
              f"(target: < 2048 MiB)")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))
    print(f"\nfiles kept in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
