"""The offline planner on briefs it was not tuned on: every flow valid, nearly every requirement met.

Validity is the project's validator; requirements are scored by `tests/scoring.py`, which reads
the flow as plain JSON. When the external evaluation script is available (`../shared`), the same
flows are cross-checked with it too.
"""

from __future__ import annotations

import importlib.util
import json
from types import ModuleType
from typing import Any

import pytest

from flowgen_core.check import validate_flow
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings
from tests.scoring import requirement_met
from tests.shared_data import CHECK_FLOWS, EXTRA_BRIEFS, PUBLIC_BRIEFS

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


def _score(briefs: list[dict[str, Any]], *, validate: Any, check: Any) -> tuple[list[str], list[str], int]:
    settings = Settings(_env_file=None, flowgen_generator="offline")
    invalid: list[str] = []
    misses: list[str] = []
    total = 0
    for row in briefs:
        flow = generate_flow(row["brief"], settings=settings).flow
        errors = validate(flow)
        if errors:
            invalid.append(f"{row['id']}: {errors[:3]}")
        for requirement in row["expect"]:
            total += 1
            if errors or not check(requirement, flow):
                misses.append(f"{row['id']}: {requirement}")
    return invalid, misses, total


def _assert_scores(invalid: list[str], misses: list[str], total: int) -> None:
    assert not invalid, "invalid flows:\n" + "\n".join(invalid)
    met = total - len(misses)
    share = met / total
    report = f"requirements {met}/{total} ({share:.1%}); missed:\n" + "\n".join(misses)
    assert share >= MIN_REQUIREMENT_SHARE, report


def _project_errors(flow: dict[str, Any]) -> list[str]:
    return [f"{f.code}: {f.message}" for f in validate_flow(flow).errors]


def test_offline_planner_generalises_to_extra_briefs() -> None:
    _assert_scores(*_score(_rows(), validate=_project_errors, check=requirement_met))


def test_external_scorer_agrees_on_extra_briefs() -> None:
    scorer = _load_scorer()
    _assert_scores(
        *_score(_rows(), validate=scorer.validate, check=lambda req, flow: scorer.check(req, flow, []))
    )


def test_offline_planner_meets_public_briefs() -> None:
    rows = [
        json.loads(line) for line in PUBLIC_BRIEFS.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    _assert_scores(*_score(rows, validate=_project_errors, check=requirement_met))


def test_scorer_rejects_a_flow_that_misses_the_requirement() -> None:
    flow = generate_flow("Text VIPs 20% off with code VIP20", settings=Settings(_env_file=None)).flow
    assert requirement_met({"check": "discount", "percent": 20}, flow)
    assert not requirement_met({"check": "discount", "percent": 35}, flow)
    assert not requirement_met({"check": "node", "type": "experiment"}, flow)
    with pytest.raises(ValueError):
        requirement_met({"check": "no_such_check"}, flow)
