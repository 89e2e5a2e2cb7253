"""The offline planner on briefs it was not tuned on: every flow valid, nearly every requirement met.

Scored in-process with the shared evaluation script's own `validate()` and `check()`, so this test
and the external benchmark cannot drift apart.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from flowgen_core.generators import generate_flow
from flowgen_core.settings import Settings
from tests.shared_data import CHECK_FLOWS

EXTRA_BRIEFS = Path(__file__).resolve().parents[1] / "fixtures" / "briefs-extra.jsonl"
MIN_REQUIREMENT_SHARE = 0.95


def _load_scorer() -> ModuleType:
    if not CHECK_FLOWS.exists():
        pytest.skip(f"shared scorer not found at {CHECK_FLOWS}")
    spec = importlib.util.spec_from_file_location("check_flows", CHECK_FLOWS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows() -> list[dict[str, Any]]:
    lines = EXTRA_BRIEFS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_extra_briefs_fixture_is_broad() -> None:
    rows = _rows()
    assert len(rows) >= 30
    assert len({row["id"] for row in rows}) == len(rows), "brief ids must be unique"
    assert all(row["expect"] for row in rows)


def test_offline_planner_generalises_to_extra_briefs() -> None:
    scorer = _load_scorer()
    settings = Settings(_env_file=None, flowgen_generator="offline")
    invalid: list[str] = []
    misses: list[str] = []
    met = total = 0
    for row in _rows():
        flow = generate_flow(row["brief"], settings=settings).flow
        errors = scorer.validate(flow)
        if errors:
            invalid.append(f"{row['id']}: {errors[:3]}")
        for requirement in row["expect"]:
            total += 1
            if not errors and scorer.check(requirement, flow, []):
                met += 1
            else:
                misses.append(f"{row['id']}: {requirement}")
    assert not invalid, "invalid flows:\n" + "\n".join(invalid)
    share = met / total
    report = f"requirements {met}/{total} ({share:.1%}); missed:\n" + "\n".join(misses)
    assert share >= MIN_REQUIREMENT_SHARE, report
