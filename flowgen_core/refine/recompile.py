"""Compiling an edited plan back into a flow that differs from the original only where the
edit changed something: unchanged steps are copied as they were, ids are kept."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import Any

from flowgen_core.errors import RefinementRefused
from flowgen_core.plan.compile import PlanError, compile_plan_with_ids
from flowgen_core.plan.model import END, FlowPlan, PlanStep
from flowgen_core.refine.registry import SUPPORTED_PHRASINGS

# The wire type of the flow's end steps; several collapse into the plan's single END.
_END_TYPE = "end"


@dataclass
class _Sources:
    """Where each compiled step may take its content from."""

    new_steps: dict[str, PlanStep]  # the edited plan's steps by key
    old_steps: dict[str, PlanStep]
    originals: dict[str, dict[str, Any]]  # the original flow's steps by id
    baseline: dict[str, dict[str, Any]]  # the old plan compiled, by id
    key_of: dict[str, str]  # step id -> plan key
    live_ids: set[str]
    end_id: str | None
    fixed: set[int] = dataclasses.field(
        default_factory=set
    )  # events (by object identity) whose ids come from the original

    def unchanged(self, sid: str) -> bool:
        key = self.key_of.get(sid)
        before = self.old_steps.get(key) if key else None
        now = self.new_steps.get(key) if key else None
        return before is not None and now is not None and before == now

    def kept(self, source: dict[str, Any]) -> dict[str, Any]:
        kept = copy.deepcopy(source)
        for event in kept.get("events") or []:
            # Several END steps collapse into one; retarget branches that ended elsewhere.
            if event.get("nextStepID") not in self.live_ids and self.end_id:
                event["nextStepID"] = self.end_id
            self.fixed.add(id(event))
        return kept

    def step_for(self, step: dict[str, Any]) -> dict[str, Any]:
        """The step to write for compiled `step`: the original, the original with the edited
        fields, or the compiled one (a new step)."""
        sid = step["id"]
        source = self.originals.get(sid)
        if source is None:
            return step
        if self.unchanged(sid):
            return self.kept(source)
        if step.get("type") == _END_TYPE and source.get("type") == _END_TYPE:
            return copy.deepcopy(source)
        if sid in self.baseline and source.get("type") == step.get("type"):
            merged = _merge_step(source, self.baseline[sid], step)
            self.fixed.update(_reuse_event_ids(source, merged, self.end_id))
            return merged
        return step


def _baseline_steps(old_plan: FlowPlan, id_map: dict[str, str]) -> dict[str, dict[str, Any]]:
    try:
        baseline, _ = compile_plan_with_ids(old_plan, id_map=id_map)
    except PlanError:  # the original was already unsound; fall back to fresh steps
        return {}
    return {s["id"]: s for s in baseline["steps"]}


def _drop_invented_root_fields(
    compiled: dict[str, Any], original: dict[str, Any], old_plan: FlowPlan, new_plan: FlowPlan
) -> None:
    """Root fields the original did not have are not invented by an unrelated edit."""
    if "metadata" not in original and not compiled.get("metadata"):
        compiled.pop("metadata", None)
    if "description" not in original and not compiled.get("description"):
        compiled.pop("description", None)
    if "name" not in original and old_plan.name == new_plan.name:
        compiled.pop("name", None)


def recompile(
    original: dict[str, Any], old_plan: FlowPlan, new_plan: FlowPlan, id_map: dict[str, str]
) -> dict[str, Any]:
    """Compile `new_plan` so that only what the plan edit changed differs from `original`.

    Unchanged plan steps are copied from the original flow as they were. A changed step
    starts from its original dict too and takes from the compiler only the fields whose
    compiled value moved between the old and the new plan, so fields a plan cannot
    express (an image, a contact card, UI flags) survive an edit of the copy.
    """
    try:
        compiled, ids = compile_plan_with_ids(
            new_plan,
            description=str(original.get("description") or new_plan.description),
            metadata=dict(original.get("metadata") or {}),
            id_map=id_map,
        )
    except PlanError as exc:
        raise RefinementRefused(f"That change would break the flow: {exc}", SUPPORTED_PHRASINGS) from exc
    originals = {s["id"]: s for s in original.get("steps", []) if isinstance(s, dict) and "id" in s}
    sources = _Sources(
        new_steps=new_plan.steps_by_key(),
        old_steps={s.key: s for s in old_plan.steps},
        originals=originals,
        baseline=_baseline_steps(old_plan, id_map),
        key_of={step_id: key for key, step_id in ids.items()},
        live_ids={s["id"] for s in compiled["steps"]},
        end_id=ids.get(END),
    )
    steps = [sources.step_for(step) for step in compiled["steps"]]
    _renumber_colliding_events(steps, sources.fixed)
    compiled["steps"] = _in_original_order(steps, list(originals))
    _drop_invented_root_fields(compiled, original, old_plan, new_plan)
    return compiled


def _in_original_order(steps: list[dict[str, Any]], original_order: list[str]) -> list[dict[str, Any]]:
    """Surviving steps stay where they were; a new step goes right after the first step
    that leads to it (or first, when nothing does, e.g. a new entry step)."""
    position = {sid: index for index, sid in enumerate(original_order)}
    ordered = sorted((s for s in steps if s["id"] in position), key=lambda s: position[s["id"]])
    pending = [s for s in steps if s["id"] not in position]
    while pending:
        placed = False
        for new_step in list(pending):
            parent = next(
                (
                    index
                    for index, s in enumerate(ordered)
                    if any(e.get("nextStepID") == new_step["id"] for e in s.get("events") or [])
                ),
                None,
            )
            if parent is not None:
                slot = parent + 1
                while slot < len(ordered) and ordered[slot]["id"] not in position:
                    slot += 1  # after siblings placed before it, keeping the compiler's order
                ordered.insert(slot, new_step)
                pending.remove(new_step)
                placed = True
        if not placed:
            ordered.insert(0, pending.pop(0))
    return ordered


def _merge_step(source: dict[str, Any], baseline: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(source)
    for field in (set(baseline) | set(fresh)) - {"id", "events"}:
        if baseline.get(field) == fresh.get(field):
            continue
        if field in fresh:
            merged[field] = copy.deepcopy(fresh[field])
        else:
            merged.pop(field, None)
    merged["events"] = copy.deepcopy(fresh.get("events") or [])
    if merged.get("conditions") and "segmentDefinition" in merged:
        merged.pop("segmentDefinition")  # read from the older revision, written as conditions
    return merged


def _event_meaning(event: dict[str, Any], end_ids: set[str], end_id: str | None) -> tuple[Any, ...]:
    target = end_id if event.get("nextStepID") in end_ids else event.get("nextStepID")
    raw_after = event.get("after")
    after: dict[str, Any] = raw_after if isinstance(raw_after, dict) else {}
    return (
        event.get("type"),
        target,
        event.get("intent"),
        event.get("label"),
        after.get("value"),
        after.get("unit"),
    )


def _reuse_event_ids(source: dict[str, Any], merged: dict[str, Any], end_id: str | None) -> set[int]:
    """Give the merged step's events the ids they had when their meaning is unchanged."""
    end_ids = {end_id} if end_id else set()
    available: dict[tuple[Any, ...], list[str]] = {}
    for event in source.get("events") or []:
        if isinstance(event, dict) and event.get("id") is not None:
            available.setdefault(_event_meaning(event, end_ids, end_id), []).append(str(event["id"]))
    reused: set[int] = set()
    for event in merged.get("events") or []:
        ids = available.get(_event_meaning(event, end_ids, end_id))
        if ids:
            event["id"] = ids.pop(0)
            reused.add(id(event))
    return reused


def _renumber_colliding_events(steps: list[dict[str, Any]], fixed: set[int]) -> None:
    """Events carried over keep their ids; freshly compiled events that collide get new ids."""
    seen = {str(e.get("id")) for s in steps for e in s.get("events") or [] if id(e) in fixed}
    counter = 0
    for step in steps:
        for event in step.get("events") or []:
            if id(event) in fixed:
                continue
            if str(event.get("id")) not in seen:
                seen.add(str(event.get("id")))
                continue
            while f"evt-r{counter:03d}" in seen:
                counter += 1
            event["id"] = f"evt-r{counter:03d}"
            seen.add(event["id"])
