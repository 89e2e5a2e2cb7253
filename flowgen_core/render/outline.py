"""A flow as a readable outline: one line per step, branches indented.

The outline is presentation-neutral data (no Slack, no HTML): the Slack app turns it into
Block Kit, the CLI and the REST API print it as text. It walks the graph from
`initialStepID` depth-first, indenting under steps that branch, and names a step that was
already shown instead of repeating it (a loop or a join).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from flowgen_core.format.sms import segment_info, step_text
from flowgen_core.steps import STEP_KINDS, kind_of
from flowgen_core.steps.base import dicts_in
from flowgen_core.steps.words import plural

STEP_EMOJI: dict[str, str] = {name: kind.emoji for name, kind in STEP_KINDS.items()}
UNKNOWN_EMOJI = "▫️"

_INDENT = "    "


def sms_segments(text: str) -> int:
    """How many SMS parts `text` is sent as, template variables counted at their expected length."""
    return segment_info(text).segments if text else 0


class OutlineLine(BaseModel):
    """One step as shown in a preview."""

    step_id: str
    step_type: str
    depth: int = 0
    emoji: str = UNKNOWN_EMOJI
    via: str | None = None  # the transition that leads here when the parent branches ("reply SAVE")
    title: str  # "Message", "Wait 2 days", "Segment: placed an order (last 30 days)"
    sms_text: str | None = None
    segments: int | None = None
    details: list[str] = Field(default_factory=list)  # conditions, offers, reply keywords…
    ref: bool = False  # the step was already shown above: this line only points at it
    unreachable: bool = False

    def text(self, *, with_sms: bool = True, sms_limit: int | None = None) -> str:
        """A plain-text rendering of the line (indented, with the SMS copy on the next line)."""
        indent = _INDENT * self.depth
        via = f"[{self.via}] " if self.via else ""
        if self.ref:
            return f"{indent}{via}↪ {self.title}"
        head = f"{indent}{via}{self.emoji} {self.title}"
        if self.unreachable:
            head += " (unreachable)"
        parts = [head]
        for detail in self.details:
            parts.append(f"{indent}{_INDENT}• {detail}")
        if with_sms and self.sms_text:
            body = self.sms_text
            if sms_limit is not None and len(body) > sms_limit:
                body = body[: max(sms_limit - 1, 0)] + "…"
            unit = "segment" if self.segments == 1 else "segments"
            parts.append(f"{indent}{_INDENT}“{body}” ({self.segments} {unit})")
        return "\n".join(parts)


def step_sms_text(step: dict[str, Any]) -> str | None:
    """The SMS body of a message-like step (newer revision first, as importers read it)."""
    if not kind_of(step).sends_text:
        return None
    return step_text(step) or None


def describe_event(event: dict[str, Any]) -> str:
    """A short label for a transition: `reply SAVE`, `no reply 6 hours`, `include`."""
    kind = event.get("type")
    if kind == "reply":
        return f"reply {str(event.get('intent', '?')).upper()}"
    if kind == "noreply":
        after = event.get("after") or {}
        if isinstance(after, dict) and after.get("value"):
            return f"no reply {plural(after.get('value'), after.get('unit', 'hours'))}"
        return "no reply"
    if kind == "split":
        return str(event.get("label") or event.get("action") or "branch")
    return "then"


def _line_for(step: dict[str, Any], *, depth: int, via: str | None, unreachable: bool = False) -> OutlineLine:
    kind = str(step.get("type", "?"))
    title, details = kind_of(step).outline(step)
    sms = step_sms_text(step)
    return OutlineLine(
        step_id=str(step.get("id", "?")),
        step_type=kind,
        depth=depth,
        emoji=STEP_EMOJI.get(kind, UNKNOWN_EMOJI),
        via=via,
        title=title,
        sms_text=sms,
        segments=sms_segments(sms) if sms else None,
        details=details,
        unreachable=unreachable,
    )


def outline_lines(flow: dict[str, Any]) -> list[OutlineLine]:
    """The flow as outline lines, in reading order. Tolerates malformed flows (it previews them)."""
    if not isinstance(flow, dict):
        return []
    steps = dicts_in(flow.get("steps"))
    by_id: dict[str, dict[str, Any]] = {}
    for step in steps:
        by_id.setdefault(str(step.get("id")), step)
    lines: list[OutlineLine] = []
    shown: set[str] = set()
    titles: dict[str, str] = {}

    # An explicit stack instead of recursion: a hostile or very long flow can't overflow it.
    start = str(flow.get("initialStepID"))
    stack: list[tuple[str, int, str | None]] = [(start, 0, None)] if start in by_id else []
    while stack:
        step_id, depth, via = stack.pop()
        if step_id not in by_id:
            lines.append(
                OutlineLine(
                    step_id=step_id,
                    step_type="missing",
                    depth=depth,
                    via=via,
                    emoji="⚠️",
                    title=f"missing step {step_id}",
                )
            )
            continue
        if step_id in shown:
            lines.append(
                OutlineLine(
                    step_id=step_id,
                    step_type="ref",
                    depth=depth,
                    via=via,
                    emoji=STEP_EMOJI.get(str(by_id[step_id].get("type")), UNKNOWN_EMOJI),
                    title=f"goes to {titles.get(step_id, step_id)} ({step_id})",
                    ref=True,
                )
            )
            continue
        shown.add(step_id)
        step = by_id[step_id]
        line = _line_for(step, depth=depth, via=via)
        titles[step_id] = line.title
        lines.append(line)
        events = [e for e in dicts_in(step.get("events")) if e.get("nextStepID")]
        branches = len(events) > 1
        children = [
            (str(e["nextStepID"]), depth + 1 if branches else depth, describe_event(e) if branches else None)
            for e in events
        ]
        stack.extend(reversed(children))
    for step in steps:
        step_id = str(step.get("id"))
        if step_id not in shown:
            shown.add(step_id)
            lines.append(_line_for(step, depth=0, via=None, unreachable=True))
    return lines


def outline_text(flow: dict[str, Any], *, with_sms: bool = True) -> str:
    """The whole outline as plain text (CLI, logs, text fallback of the diagram)."""
    return "\n".join(line.text(with_sms=with_sms) for line in outline_lines(flow))
