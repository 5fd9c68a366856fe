"""The service layer and the CLI never import Qt; the GUI's startup never imports torch."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import aigc_desktop

PACKAGE = Path(aigc_desktop.__file__).parent
QT_MODULES = ("PySide6", "pyqtgraph", "superqt", "shiboken6")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_source_never_imports_qt():
    offenders = {str(p.relative_to(PACKAGE)): sorted(_imports(p) & set(QT_MODULES))
                 for p in (PACKAGE / "core").rglob("*.py")}
    offenders = {k: v for k, v in offenders.items() if v}
    assert not offenders, f"Qt imported in the service layer: {offenders}"


def test_cli_source_never_imports_qt_or_gui():
    for path in (PACKAGE / "cli").rglob("*.py"):
        source = path.read_text("utf-8")
        assert not (_imports(path) & set(QT_MODULES)), path
        assert "aigc_desktop.qt" not in source, path


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True)
    import json

    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_sql_is_written_in_the_data_layer_only():
    """The catalog's repositories (core/data) hold every SQL statement; services use their methods."""
    import re

    sql = re.compile(r"\.(execute|executemany|executescript|_query)\(|\.connection\b|\b(SELECT|INSERT INTO|DELETE FROM)\s")
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if "data" not in p.relative_to(PACKAGE).parts[:2] and sql.search(p.read_text("utf-8"))]
    assert not offenders, f"SQL outside aigc_desktop/core/data: {offenders}"


def test_importing_every_core_module_loads_no_qt():
    modules = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)
        for p in (PACKAGE / "core").rglob("*.py") if p.name != "__main__.py")
    code = "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    loaded = _modules_after(code)
    assert not {m for m in loaded if m.split(".")[0] in QT_MODULES}


def test_cli_help_and_demo_load_no_qt_and_no_torch(tmp_path):
    code = (f"from aigc_desktop.cli import main\n"
            f"main(['demo', {str(tmp_path / 'demo')!r}])\n")
    loaded = _modules_after(code)
    assert not {m for m in loaded if m.split(".")[0] in QT_MODULES}
    assert "torch" not in loaded


def test_nothing_reads_outside_the_repository():
    """A fresh clone has no siblings: the data the app, its tests and benchmarks use live inside it."""
    import re

    repo = PACKAGE.parent
    pattern = re.compile(r"""(parent|\.\.)[^\n]{0,12}["'/\\]shared\b""")
    offenders = []
    for folder in ("aigc_desktop", "tests", "benchmarks", "tools", "installer"):
        for path in (repo / folder).rglob("*"):
            if path.suffix in (".py", ".sh", ".spec") and pattern.search(path.read_text("utf-8", "replace")):
                offenders.append(str(path.relative_to(repo)))
    assert not offenders, f"these files read outside the repository: {offenders}"


def test_the_bundled_mnist_loads():
    from aigc_desktop.core.data.mnist import load_mnist, mnist_paths

    images, labels = load_mnist()
    assert images.shape == (10000, 28, 28) and labels.shape == (10000,)
    assert sorted(set(labels.tolist())) == list(range(10))
    assert all(p.exists() for p in mnist_paths())
