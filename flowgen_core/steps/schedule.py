"""`schedule`: branches on date/time windows, with an "All other time" branch."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flowgen_core.plan.errors import PlanError
from flowgen_core.steps.base import ShapeProblem, StepJSON, StepKind
from flowgen_core.steps.build import base

if TYPE_CHECKING:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep, PlanTransition

OTHER_TIME = "All other time"


def transitions(step: PlanStep, given: list[PlanTransition]) -> list[PlanTransition]:
    """One split per window (labelled after it) and the "All other time" split last."""
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import END, PlanTransition

    windows = step.windows or []
    other = [t for t in given if (t.label or "").strip().lower() == OTHER_TIME.lower()]
    in_window = [t for t in given if t not in other]
    if not other and len(in_window) > 1 and len(in_window) > len(windows):
        other = [in_window.pop()]  # the surplus transition is the "otherwise" branch
    if not in_window:
        raise PlanError(
            f"Schedule {step.key!r} needs a transition for its send window besides {OTHER_TIME!r}."
        )
    result: list[PlanTransition] = []
    used: set[str] = {OTHER_TIME.lower()}
    for index, transition in enumerate(in_window):
        label = (transition.label or "").strip()
        if not label and index < len(windows):
            label = windows[index].label.strip()
        if not label or label.lower() in used:
            label = f"Window {index + 1}"
        used.add(label.lower())
        result.append(PlanTransition(on="split", to=transition.to, label=label, action="schedule"))
    other_target = other[0].to if other else END
    result.append(PlanTransition(on="split", to=other_target, label=OTHER_TIME, action="schedule"))
    return result


def compile_schedule(step: PlanStep, step_id: str, events: list[StepJSON]) -> StepJSON:
    windows = [
        {"label": w.label, "start": _iso(w.start), "end": _iso(w.end)}
        | ({"days": list(w.days)} if w.days else {})
        for w in (step.windows or [])
        if w.start or w.end
    ]
    timezone = (step.timezone or "").strip() or "UTC"
    labels = [e["label"] for e in events if e["label"] != OTHER_TIME]
    out = base(step, step_id, "Send window: " + "; ".join(labels), events)
    out["schedule"] = {"timezone": timezone, "windows": windows}
    return out


def _iso(value: str) -> str:
    """Best effort ISO-8601 local date-time; unparseable input is kept as written."""
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=None).isoformat(timespec="seconds")
    except ValueError:
        return value


def decompile_schedule(step: StepJSON) -> dict[str, Any]:
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanWindow

    schedule = step.get("schedule") or {}
    return {
        "timezone": schedule.get("timezone") or None,
        "windows": [
            PlanWindow(
                label=str(w.get("label", "")),
                start=str(w.get("start", "")),
                end=str(w.get("end", "")),
                days=[str(d) for d in w["days"]] if isinstance(w.get("days"), list) and w["days"] else None,
            )
            for w in schedule.get("windows") or []
            if isinstance(w, dict)
        ]
        or None,
    }


def event_rule(
    step_type: str, sid: str | None, events: list[StepJSON], kinds: list[str]
) -> ShapeProblem | None:
    labels = [str(event.get("label", "")).strip().lower() for event in events if event["type"] == "split"]
    if len(kinds) < 2 or any(kind != "split" for kind in kinds) or OTHER_TIME.lower() not in labels:
        return ShapeProblem(
            "schedule_branches",
            f"Schedule {sid!r} needs two or more split events, one labelled 'All other time'; has {kinds}",
        )
    return None


def outline(step: StepJSON) -> tuple[str, list[str]]:
    schedule = step.get("schedule") if isinstance(step.get("schedule"), dict) else {}
    zone = schedule.get("timezone") if schedule else None
    title = f"Schedule: {step.get('content') or step.get('label') or 'date/time branch'}"
    return title, [f"time zone {zone}"] if zone else []


KIND = StepKind(
    name="schedule",
    split_branches="time_windows",
    compile=compile_schedule,
    decompile=decompile_schedule,
    transitions=transitions,
    plan_fields=("timezone!", "windows!"),
    event_rule=event_rule,
    planned=True,
    emoji="📅",
    outline=outline,
    roles=frozenset({"send_window"}),
    diagram_shape="diamond",
    prompt_rule=(
        'schedule: windows labelled like "Dec 1, 12:00 AM - Dec 2, 12:00 AM" with start/end as\n'
        "  YYYY-MM-DDTHH:MM:SS local time in `timezone` (IANA, e.g. America/New_York); one split per\n"
        '  window (label = window label, action "schedule") plus one split labelled "All other time".'
    ),
)
