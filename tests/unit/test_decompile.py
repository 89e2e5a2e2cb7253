"""FlowBuilder JSON -> FlowPlan (+ id map): the inverse of the compiler, used by refinement."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from flowgen_core.check import validate_flow
from flowgen_core.diff import diff_flows
from flowgen_core.plan.compile import compile_plan_with_ids
from flowgen_core.plan.decompile import DecompileError, decompile
from flowgen_core.plan.model import END
from flowgen_core.refine.editor import recompile

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "valid").glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_unchanged_plan_recompiles_to_the_identical_flow(path: Path) -> None:
    flow = _load(path)
    plan, id_map = decompile(flow)
    assert recompile(flow, plan, plan, id_map) == flow


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_compiling_the_decompiled_plan_keeps_every_step_id(path: Path) -> None:
    flow = _load(path)
    plan, id_map = decompile(flow)
    compiled, ids = compile_plan_with_ids(plan, id_map=id_map)
    end_ids = {s["id"] for s in flow["steps"] if s["type"] == "end"}
    assert {s["id"] for s in compiled["steps"]} | end_ids >= {s["id"] for s in flow["steps"]}
    assert compiled["initialStepID"] == flow["initialStepID"]
    assert validate_flow(compiled).valid, [e.message for e in validate_flow(compiled).errors]
    assert all(ids[key] == step_id for key, step_id in id_map.items() if key in ids)


def test_keys_are_step_ids_and_end_steps_collapse() -> None:
    flow = _load(next(p for p in FIXTURES if p.stem == "winback-segment"))
    plan, id_map = decompile(flow)
    assert {s.key for s in plan.steps} == {s["id"] for s in flow["steps"] if s["type"] != "end"}
    assert id_map[END] in {s["id"] for s in flow["steps"] if s["type"] == "end"}
    assert all(t.to in {s.key for s in plan.steps} | {END} for s in plan.steps for t in s.next)


def test_message_fields_read_into_the_plan() -> None:
    flow = _load(next(p for p in FIXTURES if p.stem == "winback-segment"))
    plan, _ = decompile(flow)
    messages = [s for s in plan.steps if s.type == "message"]
    assert messages and all(s.text for s in messages)
    source = {s["id"]: s for s in flow["steps"]}
    for step in messages:
        kind = source[step.key].get("discountType", "none")
        assert (step.discount.kind if step.discount else "none") == kind


def test_text_is_read_from_either_revision() -> None:
    flow = _load(next(p for p in FIXTURES if p.stem == "legacy-revision"))
    plan, _ = decompile(flow)
    texts = {s.key: s.text for s in plan.steps if s.type == "message"}
    assert texts["step_003"] == "Great, you'll get updates from {{brand_name}}."


def test_legacy_segment_definition_becomes_conditions() -> None:
    flow = _load(next(p for p in FIXTURES if p.stem == "legacy-revision"))
    plan, _ = decompile(flow)
    segment = next(s for s in plan.steps if s.type == "segment")
    assert segment.conditions and segment.conditions[0].action == "placed_order"


def test_decompile_does_not_mutate_its_input() -> None:
    flow = _load(FIXTURES[0])
    before = copy.deepcopy(flow)
    decompile(flow)
    assert flow == before


def test_recompile_of_identical_plan_has_empty_diff() -> None:
    flow = _load(next(p for p in FIXTURES if p.stem == "all-node-types"))
    plan, id_map = decompile(flow)
    assert diff_flows(flow, recompile(flow, plan, plan.model_copy(deep=True), id_map)).is_empty()


@pytest.mark.parametrize(
    ("flow", "match"),
    [
        ({}, "no steps"),
        ({"steps": []}, "no steps"),
        (
            {
                "initialStepID": "a",
                "steps": [
                    {
                        "id": "a",
                        "type": "delay",
                        "time": "1",
                        "period": "Days",
                        "events": [{"id": "e", "type": "default", "nextStepID": "ghost"}],
                    }
                ],
            },
            "missing step",
        ),
        (
            {"initialStepID": "nowhere", "steps": [{"id": "a", "type": "end", "events": []}]},
            "initialStepID",
        ),
    ],
)
def test_malformed_flows_raise_a_readable_error(flow: dict[str, Any], match: str) -> None:
    with pytest.raises(DecompileError, match=match):
        decompile(flow)
