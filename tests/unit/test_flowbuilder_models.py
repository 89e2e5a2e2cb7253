"""The pydantic models, the shipped JSON Schema and the validator's schema layer agree."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from flowgen_core.check import schema as schema_layer
from flowgen_core.format import SCHEMA_VERSION, STEP_MODELS, Flow, load_schema
from flowgen_core.format.schema import SCHEMA_PATH, build_schema, main, render_schema

ROOT = Path(__file__).resolve().parents[2]
VALID_FILES = sorted((ROOT / "tests" / "fixtures" / "valid").glob("*.json"))
UPSTREAM_FILES = sorted((ROOT / "tests" / "fixtures" / "upstream-llm-outputs").glob("*.json"))
WRONG_VALUES: list[Any] = [None, "x", 1.5, {}]


def fixtures() -> list[Any]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in VALID_FILES]


def perturbations(every: int = 7) -> Iterator[tuple[str, Any]]:
    """Fixtures with one key deleted or replaced by a wrong-typed value (every n-th case)."""
    for n, case in enumerate(_all_perturbations()):
        if n % every == 0:
            yield case


def _all_perturbations() -> Iterator[tuple[str, Any]]:
    for path in VALID_FILES:
        flow = json.loads(path.read_text(encoding="utf-8"))
        for i, step in enumerate(flow["steps"]):
            targets = [((i,), step)] + [((i, "events", j), e) for j, e in enumerate(step["events"][:1])]
            for where, obj in targets:
                for key in list(obj):
                    for value in [KeyError, *WRONG_VALUES]:
                        mutated = copy.deepcopy(flow)
                        node = mutated["steps"][where[0]]
                        if len(where) == 3:
                            node = node["events"][where[2]]
                        if value is KeyError:
                            del node[key]
                        else:
                            node[key] = value
                        yield f"{path.stem}:{where}:{key}={value!r}", mutated


def model_accepts(flow: Any) -> bool:
    try:
        Flow.model_validate(flow)
    except ValidationError:
        return False
    return True


def test_shipped_schema_equals_regenerated() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_schema(build_schema())
    assert main(["--check"]) == 0


def test_schema_is_a_valid_draft_2020_12_schema_with_version() -> None:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA_VERSION in schema["$id"]
    assert schema["x-schema-version"] == SCHEMA_VERSION
    assert "discriminator" not in json.dumps(schema)  # rewritten into if/then


def test_schema_lists_all_19_step_types() -> None:
    enum = load_schema()["properties"]["steps"]["items"]["properties"]["type"]["enum"]
    assert sorted(enum) == sorted(STEP_MODELS) and len(enum) == 19


def test_load_schema_returns_a_fresh_copy() -> None:
    load_schema()["$id"] = "changed"
    assert load_schema()["$id"] != "changed"


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.stem)
def test_models_read_valid_fixtures(path: Path) -> None:
    flow = Flow.model_validate(json.loads(path.read_text(encoding="utf-8")))
    assert flow.steps and flow.initialStepID


def test_models_keep_unknown_fields_and_legacy_segment_definition() -> None:
    legacy = json.loads((ROOT / "tests/fixtures/valid/legacy-revision.json").read_text())
    flow = Flow.model_validate(legacy)
    segment = flow.steps[0]
    assert segment.type == "segment" and segment.segmentDefinition["operator"] == "AND"
    raw = json.loads((ROOT / "tests/fixtures/valid/winback-segment.json").read_text())
    raw["steps"][0]["filterTab"] = "orders"
    assert Flow.model_validate(raw).steps[0].model_extra == {"filterTab": "orders"}


def test_models_and_schema_agree_on_fixtures_and_perturbations() -> None:
    validator = schema_layer.full_validator()
    disagreements = []
    cases = [(p.stem, f) for p, f in zip(VALID_FILES, fixtures(), strict=True)]
    cases += [(p.stem, json.loads(p.read_text())) for p in UPSTREAM_FILES]
    cases += list(perturbations(30))
    assert len(cases) > 100
    for name, flow in cases:
        schema_ok = validator.is_valid(flow)
        if model_accepts(flow) != schema_ok:
            disagreements.append(name)
    assert disagreements == []


def test_fast_path_and_dispatch_agree_on_upstream_and_some_perturbations() -> None:
    cases = [(p.stem, json.loads(p.read_text())) for p in UPSTREAM_FILES] + list(perturbations(150))
    assert _check_dispatch(cases) >= 20


@pytest.mark.slow
def test_fast_path_and_dispatch_agree_with_the_full_schema() -> None:
    """The accelerated schema layer finds exactly the errors of the full Python validator."""
    cases = [(p.stem, f) for p, f in zip(VALID_FILES, fixtures(), strict=True)] + list(perturbations(25))
    assert _check_dispatch(cases) > 100


def _check_dispatch(cases: list[tuple[str, Any]]) -> int:
    validator = schema_layer.full_validator()
    checked = 0
    for name, flow in cases:
        full_errors = list(validator.iter_errors(flow))
        fast_rs = schema_layer._fast_validator()
        if fast_rs is not None:
            assert fast_rs.is_valid(flow) == (not full_errors), name
        got = {
            (schema_layer.pointer((*prefix, *e.absolute_path)), e.message)
            for prefix, e in schema_layer.schema_errors(flow)
        }
        # The full schema wraps the chosen step branch in allOf/if/then; compare the leaves.
        assert got == {(p, m) for p, _, m in _leaves(full_errors)}, name
        checked += 1
    return checked


def test_models_and_fast_schema_agree_on_all_perturbations() -> None:
    fast = schema_layer._fast_validator()
    if fast is None:
        pytest.skip("jsonschema_rs not installed")
    disagreements = [
        name for name, flow in _all_perturbations() if model_accepts(flow) != fast.is_valid(flow)
    ]
    assert disagreements == []


def _leaves(errors: list[Any]) -> list[tuple[str, str, str]]:
    out = []
    stack = list(errors)
    while stack:
        error = stack.pop()
        if error.validator in ("allOf", "then", "if") and error.context:
            stack.extend(error.context)
        else:
            out.append((schema_layer.pointer(error.absolute_path), str(error.validator), error.message))
    return out
