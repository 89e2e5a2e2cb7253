"""FlowPlan -> FlowBuilder JSON.

The compiler owns everything a plan leaves out: readable ids, mirrored text fields,
per-type defaults, event shapes and the single END step. It normalises what has one
sensible reading (a lone default on a segment becomes its include branch, a missing
"All other time" branch goes to END, split percentages are evened out) and raises
`PlanError` for what has none (a transition to an unknown key, a loop with no wait),
so that a structurally sound plan always compiles to a flow without validation errors.
The messages of `PlanError` are written to be fed back to an LLM as repair hints.
What differs between step types (the step's fields, its event shape) is each type's kind in
flowgen_core.steps; this module walks the plan, assigns ids and builds the events.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

from flowgen_core.format.vocabulary import SEND_TYPES
from flowgen_core.plan.errors import PlanError
from flowgen_core.plan.model import END, FlowPlan, PlanStep, PlanTransition, PlanWait
from flowgen_core.steps import kind_of
from flowgen_core.steps.end import end_step
from flowgen_core.steps.segment import EVENT_FILTERS

__all__ = ["EVENT_FILTERS", "SEND_TYPES", "PlanError", "compile_plan", "compile_plan_with_ids"]


def compile_plan(
    plan: FlowPlan,
    *,
    description: str = "",
    metadata: dict[str, Any] | None = None,
    id_map: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Compile a plan to FlowBuilder JSON (see `compile_plan_with_ids`)."""
    flow, _ = compile_plan_with_ids(plan, description=description, metadata=metadata, id_map=id_map)
    return flow


def compile_plan_with_ids(
    plan: FlowPlan,
    *,
    description: str = "",
    metadata: dict[str, Any] | None = None,
    id_map: dict[str, str] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Compile a plan; also return the plan-key -> step-id map.

    `id_map` pins step ids for plan keys (refinement keeps unchanged steps' ids); the
    END step's key is "end". Raises `PlanError` when the plan is structurally unsound.
    """
    steps = _check_structure(plan)
    order = _reachable_order(plan.start, steps)
    transitions = {key: _normalised_transitions(steps[key]) for key in order}
    needs_end = any(t.to == END for key in order for t in transitions[key])
    _check_waitless_cycles(order, steps, transitions)

    ids = _assign_ids(order + ([END] if needs_end else []), steps, id_map or {})
    event_counter = _Counter("evt", set())
    compiled: list[dict[str, Any]] = []
    for key in order:
        step = steps[key]
        events = [_event(t, ids, event_counter) for t in transitions[key]]
        compiled.append(kind_of(step).compile(step, ids[key], events))
    if needs_end:
        compiled.append(end_step(ids[END]))

    flow: dict[str, Any] = {
        "name": plan.name.strip() or "Untitled flow",
        "description": description or plan.description,
        "initialStepID": ids[plan.start],
        "steps": compiled,
        "metadata": dict(metadata or {}),
    }
    return flow, {key: ids[key] for key in ids}


# ----------------------------------------------------------------------------- structure


def _check_structure(plan: FlowPlan) -> dict[str, PlanStep]:
    if not plan.steps:
        raise PlanError("The plan has no steps: add at least one message step.")
    steps: dict[str, PlanStep] = {}
    for step in plan.steps:
        if not step.key.strip():
            raise PlanError("A step has an empty key: give every step a short unique key.")
        if step.key in steps:
            raise PlanError(f"Two steps share the key {step.key!r}: step keys must be unique.")
        if step.key == END and not kind_of(step).terminal:
            raise PlanError(f"The key {END!r} is reserved for the END step; rename the {step.type} step.")
        steps[step.key] = step
    if plan.start not in steps:
        raise PlanError(f"The start key {plan.start!r} names no step; known keys: {', '.join(steps)}.")
    for step in plan.steps:
        for transition in step.next:
            if transition.to != END and transition.to not in steps:
                raise PlanError(
                    f"Step {step.key!r} has a transition to unknown key {transition.to!r}; "
                    f"use one of: {', '.join(steps)}, or {END!r}."
                )
            if transition.to == step.key:
                raise PlanError(
                    f"Step {step.key!r} has a transition to itself; point it at another step or {END!r}."
                )
    return steps


def _reachable_order(start: str, steps: dict[str, PlanStep]) -> list[str]:
    """Breadth-first order from the start; unreachable steps are dropped (nothing could enter them)."""
    seen, queue, order = {start}, deque([start]), []
    while queue:
        key = queue.popleft()
        order.append(key)
        if kind_of(steps[key]).terminal:
            continue
        for transition in steps[key].next:
            if transition.to != END and transition.to not in seen:
                seen.add(transition.to)
                queue.append(transition.to)
    return order


def _normalised_transitions(step: PlanStep) -> list[PlanTransition]:
    """Give each step the event shape its type requires."""
    return kind_of(step).transitions(step, list(step.next))


def _check_waitless_cycles(
    order: list[str], steps: dict[str, PlanStep], transitions: dict[str, list[PlanTransition]]
) -> None:
    """A loop that never waits would text a customer endlessly: refuse it."""
    # Only edges that do not wait can form a forbidden cycle.
    graph = {
        key: [
            t.to
            for t in transitions[key]
            if t.to != END and t.on != "noreply" and not kind_of(steps[key]).pauses
        ]
        for key in order
    }
    state: dict[str, int] = {}
    for root in order:
        if state.get(root):
            continue
        stack = [(root, iter(graph[root]))]
        state[root] = 1
        while stack:
            key, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[key] = 2
                stack.pop()
            elif state.get(child) == 1:
                raise PlanError(
                    f"Steps {child!r} and {key!r} form a loop without a wait: add a delay or a noreply transition."
                )
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(graph[child])))


# ----------------------------------------------------------------------------- ids


class _Counter:
    def __init__(self, prefix: str, taken: set[str]) -> None:
        self.prefix, self.taken, self.value = prefix, taken, 0

    def next(self, slug: str | None = None) -> str:
        while True:
            self.value += 1
            candidate = f"{slug or self.prefix}-{self.value:03d}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:32].strip("-") or "step"


def _assign_ids(keys: list[str], steps: dict[str, PlanStep], id_map: dict[str, str]) -> dict[str, str]:
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for key in keys:
        pinned = id_map.get(key)
        if isinstance(pinned, str) and pinned.strip() and pinned not in taken:
            ids[key] = pinned
            taken.add(pinned)
    counter = _Counter("step", taken)
    for key in keys:
        if key not in ids:
            ids[key] = counter.next(_slug(key if key != END else "end"))
    return ids


# ----------------------------------------------------------------------------- events


def _event(t: PlanTransition, ids: dict[str, str], counter: _Counter) -> dict[str, Any]:
    event: dict[str, Any] = {"id": counter.next(), "type": t.on, "nextStepID": ids[t.to], "active": True}
    if t.on == "reply":
        event["intent"] = t.intent
        event["description"] = f"Customer replies {(t.intent or '').upper()}"
    elif t.on == "noreply":
        after = t.after or PlanWait(value=1, unit="days")
        event["after"] = {"value": after.value, "unit": after.unit}
    elif t.on == "split":
        event["label"] = t.label
        event["action"] = t.action
    event["parameters"] = {}
    return event
