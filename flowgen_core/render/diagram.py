"""A flow as a picture: Graphviz DOT, a PNG when `dot` is installed, a text tree otherwise.

Graphviz is an optional system package; everything here degrades to text without it, so
callers can always show *something*.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import textwrap
from collections import deque
from functools import lru_cache
from typing import Any

from flowgen_core.render.outline import describe_event, outline_lines, step_sms_text
from flowgen_core.render.path import hours_of
from flowgen_core.steps import kind_of
from flowgen_core.steps.base import dicts_in

log = logging.getLogger(__name__)

_RENDER_TIMEOUT_S = 15.0
_MAX_LABEL_CHARS = 60
_WRAP_CHARS = 26
# At most 10 × 18 inches at 96 dpi: 960 × 1728 pixels, whatever the flow's size.
_MAX_WIDTH_IN, _MAX_HEIGHT_IN, _DPI = 10, 18, 96
MAX_DIAGRAM_STEPS = 16
_EDGE_WORDS = {"include": "in the audience", "exclude": "everyone else"}


def _quote(text: str) -> str:
    """A DOT string literal: JSON escaping is a subset DOT accepts for quotes and backslashes."""
    return json.dumps(text, ensure_ascii=False)


def _short(text: str, limit: int = _MAX_LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrap(text: str, width: int = _WRAP_CHARS) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=True) or [""])


@lru_cache(maxsize=1)
def emoji_font_available() -> bool:
    """True when fontconfig knows a colour emoji font; without one Graphviz draws empty boxes."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    try:
        found = subprocess.run([fc_list, ":charset=1f600"], capture_output=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(found.stdout.strip())


def _drawable(text: str) -> str:
    """`text` without emoji and pictographs unless a font can draw them."""
    if emoji_font_available():
        return text
    kept = "".join(" " if _is_pictograph(ch) else ch for ch in text)
    return " ".join(kept.split())


def _is_pictograph(ch: str) -> bool:
    code = ord(ch)
    return code >= 0x1F000 or 0x2600 <= code <= 0x27BF or code in (0x200D, 0xFE0F, 0x2B50, 0x2B55)


def _stages(flow: dict[str, Any]) -> dict[str, int]:
    """The day each step happens on (waits and no-reply windows push later steps to later days)."""
    steps = {str(s.get("id")): s for s in dicts_in(flow.get("steps"))}
    hours: dict[str, float] = {}
    start = str(flow.get("initialStepID"))
    queue: deque[tuple[str, float]] = deque([(start, 0.0)] if start in steps else [])
    while queue:
        step_id, at = queue.popleft()
        if step_id in hours or step_id not in steps:
            continue
        step = steps[step_id]
        pause = kind_of(step).pause(step)
        if pause is not None:
            at += hours_of(*pause)
        hours[step_id] = at
        for event in dicts_in(step.get("events")):
            if isinstance(event, dict) and event.get("nextStepID"):
                after = event.get("after") if isinstance(event.get("after"), dict) else {}
                extra = hours_of(after.get("value"), after.get("unit")) if after else 0.0
                queue.append((str(event["nextStepID"]), at + extra))
    return {step_id: int(at // 24) for step_id, at in hours.items()}


def _shown_steps(flow: dict[str, Any], steps: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The first `limit` steps in the order a customer meets them (breadth first from the start)."""
    if len(steps) <= limit:
        return steps
    by_id = {str(s.get("id")): s for s in steps}
    order: list[str] = []
    queue: deque[str] = deque([str(flow.get("initialStepID"))])
    while queue and len(order) < limit:
        step_id = queue.popleft()
        if step_id in order or step_id not in by_id:
            continue
        order.append(step_id)
        for event in dicts_in(by_id[step_id].get("events")):
            if isinstance(event, dict) and event.get("nextStepID"):
                queue.append(str(event["nextStepID"]))
    for step in steps:  # unreachable steps fill what is left, so they are not hidden
        if len(order) >= limit:
            break
        if str(step.get("id")) not in order:
            order.append(str(step.get("id")))
    return [by_id[step_id] for step_id in order]


def to_dot(flow: dict[str, Any], *, max_steps: int = MAX_DIAGRAM_STEPS) -> str:
    """Graphviz DOT for the flow: one row per day, wrapped labels, a capped size.

    Flows longer than `max_steps` show their first steps and one "… N more steps" node, so
    the picture stays readable; the outline and the JSON have the rest.
    """
    steps = dicts_in(flow.get("steps")) if isinstance(flow, dict) else []
    titles = {line.step_id: line.title for line in outline_lines(flow) if not line.ref}
    shown = _shown_steps(flow, steps, max_steps) if isinstance(flow, dict) else []
    shown_ids = {str(s.get("id")) for s in shown}
    all_ids = {str(s.get("id")) for s in steps}
    stages = _stages(flow) if isinstance(flow, dict) else {}
    out = [
        "digraph flow {",
        "  rankdir=TB; newrank=true; nodesep=0.25; ranksep=0.35;",
        f'  size="{_MAX_WIDTH_IN},{_MAX_HEIGHT_IN}"; dpi={_DPI}; bgcolor="white";',
        '  node [fontname="Helvetica", fontsize=10, style="rounded,filled", fillcolor="#FFFFFF", margin="0.12,0.06"];',
        '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
        '  "__start__" [label="START", shape=circle, fillcolor="#DDDDDD"];',
    ]
    by_day: dict[int, list[str]] = {}
    for step in shown:
        step_id = str(step.get("id"))
        kind = kind_of(step)
        title = _drawable(titles.get(step_id, step_id))
        label = _wrap(_short(title))
        sms = step_sms_text(step)
        if sms:
            label += "\n“" + _wrap(_short(_drawable(sms), 70)) + "”"
        shape, fill = kind.diagram_shape, kind.diagram_fill
        out.append(f"  {_quote(step_id)} [label={_quote(label)}, shape={shape}, fillcolor={_quote(fill)}];")
        if step_id in stages and not kind.terminal:  # ends are shared by branches of any day
            by_day.setdefault(stages[step_id], []).append(step_id)
    if len(by_day) > 1:
        # One cluster per day: the picture reads top to bottom as the campaign unfolds.
        for day, ids in sorted(by_day.items()):
            members = "; ".join(_quote(i) for i in ids)
            out.append(
                f'  subgraph "cluster_day_{day}" {{ label="Day {day}"; labeljust=l; style="rounded,dashed"; '
                f'color="#BBBBBB"; fontname="Helvetica"; fontsize=11; {members}; }}'
            )
    initial = flow.get("initialStepID") if isinstance(flow, dict) else None
    if isinstance(initial, str) and initial in shown_ids:
        out.append(f'  "__start__" -> {_quote(initial)};')
    hidden = len(steps) - len(shown)
    if hidden > 0:
        more = _quote(f"… {hidden} more steps\n(see the full outline)")
        out.append(f'  "__more__" [label={more}, shape=note, fillcolor="#F5F5F5"];')
    missing: set[str] = set()
    for step in shown:
        for event in dicts_in(step.get("events")):
            if not isinstance(event, dict) or not event.get("nextStepID"):
                continue
            target = str(event["nextStepID"])
            if target not in all_ids and target not in missing:
                out.append(f'  {_quote(target)} [label={_quote("missing: " + target)}, color="red"];')
                missing.add(target)
            if target in all_ids and target not in shown_ids:
                target = "__more__"
            label = _EDGE_WORDS.get(str(event.get("action")), describe_event(event))
            edge_label = "" if label == "then" else f" [label={_quote(_drawable(label))}]"
            out.append(f"  {_quote(str(step.get('id')))} -> {_quote(target)}{edge_label};")
    out.append("}")
    return "\n".join(out) + "\n"


def graphviz_available() -> bool:
    return shutil.which("dot") is not None


def render_png(flow: dict[str, Any]) -> bytes | None:
    """The flow as a PNG, or None when Graphviz is not installed or fails (callers fall back to text)."""
    dot = shutil.which("dot")
    if dot is None:
        return None
    try:
        completed = subprocess.run(
            [dot, "-Tpng"],
            input=to_dot(flow).encode("utf-8"),
            capture_output=True,
            timeout=_RENDER_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        log.warning("graphviz rendering failed", exc_info=True)
        return None
    if completed.returncode != 0 or not completed.stdout.startswith(b"\x89PNG"):
        log.warning("graphviz exited with %s: %s", completed.returncode, completed.stderr[:300])
        return None
    return completed.stdout


def text_diagram(flow: dict[str, Any]) -> str:
    """A tree drawn in text: the fallback when no PNG can be rendered."""
    rows = ["START"]
    for line in outline_lines(flow):
        indent = "│   " * line.depth
        via = f"─[{line.via}]→ " if line.via else ""
        if line.ref:
            rows.append(f"{indent}├─ {via}↪ {line.title}")
        else:
            rows.append(f"{indent}├─ {via}{line.emoji} {line.title} ({line.step_id})")
    return "\n".join(rows)
