"""A structured, readable diff of two FlowBuilder flows.

Steps are matched by id (refinement keeps the ids of unchanged steps). Events are
compared by meaning (type, target, intent, wait, label), not by event id, because event
ids are renumbered whenever a flow is compiled. Mirrored text fields are reported once.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from flowgen_core.format.sms import step_text
from flowgen_core.steps import kind_of

_MIRRORS = ("content", "text", "messageText")
_IGNORED_ROOT = {"steps", "metadata"}


class FieldChange(BaseModel):
    field: str
    before: Any = None
    after: Any = None


class StepRef(BaseModel):
    id: str
    type: str
    label: str = ""


class StepChange(StepRef):
    fields: list[FieldChange] = Field(default_factory=list)


class FlowDiff(BaseModel):
    added: list[StepRef] = Field(default_factory=list)
    removed: list[StepRef] = Field(default_factory=list)
    changed: list[StepChange] = Field(default_factory=list)
    root: list[FieldChange] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.root)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def lines(self) -> list[str]:
        """One line per change, for a terminal or a Slack message."""
        out = [f"~ {c.field}: {_short(c.before)} -> {_short(c.after)}" for c in self.root]
        out += [f"+ {s.id} ({s.type}) {s.label}".rstrip() for s in self.added]
        out += [f"- {s.id} ({s.type}) {s.label}".rstrip() for s in self.removed]
        for step in self.changed:
            for c in step.fields:
                out.append(f"~ {step.id}.{c.field}: {_short(c.before)} -> {_short(c.after)}")
        return out

    def counts(self) -> str:
        if self.is_empty():
            return "no changes"
        parts = []
        for n, word in (
            (len(self.added), "added"),
            (len(self.removed), "removed"),
            (len(self.changed), "changed"),
        ):
            if n:
                parts.append(f"{n} step{'s' if n != 1 else ''} {word}")
        if self.root:
            parts.append("flow settings changed")
        return ", ".join(parts)


def diff_flows(old: dict[str, Any], new: dict[str, Any]) -> FlowDiff:
    """The diff of any two JSON values: what is not a flow's shape is compared as it is."""
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    old_steps = _steps_by_id(old)
    new_steps = _steps_by_id(new)
    diff = FlowDiff()
    for key in sorted((set(old) | set(new)) - _IGNORED_ROOT):
        if old.get(key) != new.get(key):
            diff.root.append(FieldChange(field=key, before=old.get(key), after=new.get(key)))
    for sid, step in new_steps.items():
        if sid not in old_steps:
            diff.added.append(_ref(step))
    for sid, step in old_steps.items():
        if sid not in new_steps:
            diff.removed.append(_ref(step))
            continue
        fields = _step_changes(step, new_steps[sid], old_steps, new_steps)
        if fields:
            diff.changed.append(StepChange(**_ref(new_steps[sid]).model_dump(), fields=fields))
    return diff


def _steps_by_id(flow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    steps = flow.get("steps") if isinstance(flow, dict) else None
    if not isinstance(steps, list):
        return {}
    return {s["id"]: s for s in steps if isinstance(s, dict) and isinstance(s.get("id"), str)}


def _ref(step: dict[str, Any]) -> StepRef:
    return StepRef(id=step["id"], type=str(step.get("type", "")), label=str(step.get("label") or ""))


def _step_changes(
    old: dict[str, Any],
    new: dict[str, Any],
    old_steps: dict[str, dict[str, Any]],
    new_steps: dict[str, dict[str, Any]],
) -> list[FieldChange]:
    changes: list[FieldChange] = []
    text_before, text_after = step_text(old), step_text(new)
    if text_before != text_after:
        changes.append(FieldChange(field="text", before=text_before, after=text_after))
    for key in sorted((set(old) | set(new)) - {"events", "id", *_MIRRORS}):
        if old.get(key) != new.get(key):
            changes.append(FieldChange(field=key, before=old.get(key), after=new.get(key)))
    events_before = _events(old, old_steps)
    events_after = _events(new, new_steps)
    if events_before != events_after:
        changes.append(FieldChange(field="events", before=events_before, after=events_after))
    return changes


def _events(step: dict[str, Any], steps: dict[str, dict[str, Any]]) -> list[str]:
    out = []
    events = step.get("events")
    for e in events if isinstance(events, list) else []:
        if not isinstance(e, dict):
            continue
        next_id = e.get("nextStepID")
        target = steps.get(next_id, {}) if isinstance(next_id, str) else {}
        # END steps may be renamed between versions; what matters is that the branch ends.
        to = "END" if kind_of(target).terminal else str(e.get("nextStepID"))
        kind = e.get("type")
        if kind == "reply":
            out.append(f"reply {str(e.get('intent', '')).upper()} -> {to}")
        elif kind == "noreply":
            raw_after = e.get("after")
            after: dict[str, Any] = raw_after if isinstance(raw_after, dict) else {}
            out.append(f"no reply after {_amount(after.get('value'), after.get('unit'))} -> {to}")
        elif kind == "split":
            out.append(f"split {e.get('label')} -> {to}")
        else:
            out.append(f"then -> {to}")
    return out


def _amount(value: Any, unit: Any) -> str:
    unit_text = str(unit or "")
    return f"{value} {unit_text[:-1] if value == 1 and unit_text.endswith('s') else unit_text}"


def _short(value: Any, limit: int = 80) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
