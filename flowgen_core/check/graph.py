"""Graph layer (spec section 6): ids, references, reachability, dead ends, wait-free cycles
and the event shape each step type needs.

Everything here is linear in steps + events: one pass builds an id index and an adjacency
list, a breadth-first search finds the reachable steps, and an iterative Tarjan SCC over the
edges that do not wait (edges out of `delay` / `no_reply` steps and `noreply` events are
dropped) finds every loop that would text a customer without pause. A hand-written BFS and
SCC (about 60 lines) is preferred to networkx: building a networkx graph costs more than the
whole check for a 20-step flow, and it would add a dependency for two textbook algorithms.
Both are iterative, so 40,000-step flows cannot hit Python's recursion limit.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from flowgen_core.check import codes
from flowgen_core.check.report import Finding
from flowgen_core.check.schema import finding, type_of
from flowgen_core.format.vocabulary import EVENT_TYPES
from flowgen_core.steps import kind_of
from flowgen_core.steps.schedule import OTHER_TIME

ALL_OTHER_TIME = OTHER_TIME.lower()
# The field that tells two events of one trigger apart (two `default`s are always ambiguous).
_TRIGGER_FIELD = {"reply": "intent", "split": "label"}


def _events(step: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    events = step.get("events")
    if not isinstance(events, list):
        return []
    return [(j, event) for j, event in enumerate(events) if isinstance(event, dict)]


def check_graph(flow: Any) -> list[Finding]:
    """Graph and event-shape findings; never raises, tolerates any JSON value."""
    if not isinstance(flow, dict) or not isinstance(flow.get("steps"), list):
        return []
    steps: list[Any] = flow["steps"]
    out: list[Finding] = []
    index_of = _index(steps, out)

    initial = flow.get("initialStepID")
    if isinstance(initial, str) and initial and initial not in index_of:
        out.append(
            finding(
                codes.INITIAL_STEP_NOT_FOUND,
                f"initialStepID {initial!r} names no step",
                path="/initialStepID",
            )
        )

    # adjacency: for each step index, (target index, waits) pairs
    edges: list[list[tuple[int, bool]]] = [[] for _ in steps]
    event_ids: dict[str, str] = {}
    for i, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        sid = step.get("id") if isinstance(step.get("id"), str) else None
        if sid is not None and index_of.get(sid) != i:
            continue  # a duplicate: reported above, its events would only add noise
        edges[i] = _step_edges(step, i, sid, index_of, event_ids, out)
        out.extend(_event_shape(step, i, sid))

    if isinstance(initial, str) and initial in index_of:
        reached = _reachable(index_of[initial], edges)
        for sid, i in index_of.items():
            if not reached[i]:
                out.append(
                    finding(
                        codes.UNREACHABLE_STEP,
                        f"Step {sid!r} cannot be reached from {initial!r}",
                        path=f"/steps/{i}",
                        step_id=sid,
                    )
                )

    for component in _wait_free_cycles(edges):
        ids = [steps[i]["id"] for i in sorted(component)]
        shown = ", ".join(repr(s) for s in ids[:6]) + (", ..." if len(ids) > 6 else "")
        first = min(component)
        out.append(
            finding(
                codes.CYCLE_WITHOUT_WAIT,
                f"Steps {shown} form a loop with no delay, noreply event or no_reply step",
                path=f"/steps/{first}",
                step_id=steps[first]["id"],
            )
        )
    return out


def _index(steps: list[Any], out: list[Finding]) -> dict[str, int]:
    """Step id -> index of its first step; a repeated id is reported."""
    index_of: dict[str, int] = {}
    for i, step in enumerate(steps):
        sid = step.get("id") if isinstance(step, dict) else None
        if not isinstance(sid, str) or not sid:
            continue
        if sid in index_of:
            out.append(
                finding(
                    codes.DUPLICATE_STEP_ID,
                    f"Step id {sid!r} is used by steps {index_of[sid]} and {i}",
                    path=f"/steps/{i}/id",
                    step_id=sid,
                )
            )
        else:
            index_of[sid] = i
    return index_of


def _step_edges(
    step: dict[str, Any],
    i: int,
    sid: str | None,
    index_of: dict[str, int],
    event_ids: dict[str, str],
    out: list[Finding],
) -> list[tuple[int, bool]]:
    """The step's (target, waits) edges; repeated event ids and bad targets are reported."""
    edges: list[tuple[int, bool]] = []
    step_waits = kind_of(type_of(step)).pauses
    for j, event in _events(step):
        base = f"/steps/{i}/events/{j}"
        eid = event.get("id")
        if isinstance(eid, str) and eid:
            if eid in event_ids:
                out.append(
                    finding(
                        codes.DUPLICATE_EVENT_ID,
                        f"Event id {eid!r} is used again (first in step {event_ids[eid]!r})",
                        path=f"{base}/id",
                        step_id=sid,
                    )
                )
            else:
                event_ids[eid] = sid or "?"
        target = event.get("nextStepID")
        if not isinstance(target, str) or not target:
            continue  # the schema layer reports a missing nextStepID
        if target not in index_of:
            out.append(
                finding(
                    codes.DANGLING_NEXT_STEP,
                    f"Event {eid!r} of step {sid!r} points at missing step {target!r}",
                    path=f"{base}/nextStepID",
                    step_id=sid,
                )
            )
        elif target == sid:
            out.append(
                finding(
                    codes.SELF_LOOP,
                    f"Event {eid!r} of step {sid!r} points at its own step",
                    path=f"{base}/nextStepID",
                    step_id=sid,
                )
            )
        else:
            edges.append((index_of[target], step_waits or type_of(event) == "noreply"))
    return edges


def _reachable(start: int, edges: list[list[tuple[int, bool]]]) -> list[bool]:
    seen = [False] * len(edges)
    seen[start] = True
    queue = deque([start])
    while queue:
        for target, _ in edges[queue.popleft()]:
            if not seen[target]:
                seen[target] = True
                queue.append(target)
    return seen


def _wait_free_cycles(edges: list[list[tuple[int, bool]]]) -> list[list[int]]:
    """Strongly connected components (size > 1) of the graph without waiting edges.

    Iterative Tarjan: an explicit stack of (node, next-edge position) replaces recursion.
    """
    graph = [[target for target, waits in out if not waits] for out in edges]
    n = len(graph)
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] != -1 or not graph[root]:
            continue
        work = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            node, pos = work[-1]
            if pos < len(graph[node]):
                work[-1] = (node, pos + 1)
                target = graph[node][pos]
                if index[target] == -1:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack[target] = True
                    work.append((target, 0))
                elif on_stack[target]:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(component)
    return components


def _event_shape(step: dict[str, Any], i: int, sid: str | None) -> list[Finding]:
    """Per-type event rules (spec 4) and ambiguity (spec 3)."""
    step_type = type_of(step)
    base = f"/steps/{i}"
    raw = step.get("events")
    events = [event for _, event in _events(step) if type_of(event) in EVENT_TYPES]
    kinds = [event["type"] for event in events]
    out: list[Finding] = []

    def add(code: str, message: str, path: str = f"{base}/events") -> None:
        out.append(finding(code, message, path=path, step_id=sid))

    kind = kind_of(step_type)
    if kind.terminal:
        if isinstance(raw, list) and raw:
            add(codes.END_HAS_EVENTS, f"End step {sid!r} has {len(raw)} event(s)")
        return out
    if raw is None or (isinstance(raw, list) and not raw):
        add(codes.DEAD_END, f"Step {sid!r} has no events: the path stops without an end step")
        return out

    # ambiguity: the same trigger twice inside one step
    seen: set[tuple[str, str]] = set()
    for event in events:
        trigger = event["type"]
        field = _TRIGGER_FIELD.get(trigger)
        key = (trigger, str(event.get(field, "")).strip().lower() if field else "")
        if key in seen:
            what = {"default": "two default events", "noreply": "two noreply events"}.get(
                trigger, f"two {trigger} events for {key[1]!r}"
            )
            add(codes.AMBIGUOUS_EVENTS, f"Step {sid!r} has {what}")
        seen.add(key)

    problem = kind.event_rule(step_type or "", sid, events, kinds)
    if problem is not None:
        add(problem.code, problem.message)
    return out
