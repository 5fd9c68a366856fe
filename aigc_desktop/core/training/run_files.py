"""Reading a run's JSON files without importing torch (the GUI lists runs on its own thread)."""
from __future__ import annotations

import json
from pathlib import Path

from aigc_desktop.core.errors import UserError


def read_json(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path} is not a valid JSON file of a training run") from exc
