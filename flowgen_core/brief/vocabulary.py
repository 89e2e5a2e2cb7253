"""The phrase vocabularies of the brief reader, kept as JSON data in `vocab/`."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=16)
def load_vocabulary(name: str) -> dict[str, Any]:
    """The parsed `vocab/<name>.json` (read once per process)."""
    raw = resources.files("flowgen_core.brief").joinpath(f"vocab/{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data
