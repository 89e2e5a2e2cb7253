"""A flow as a picture: Graphviz DOT, a PNG when `dot` is installed, a text tree otherwise.

Graphviz is an optional system package; everything here degrades to text without it, so
callers can always show *something*.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from typing import Any

from flowgen_core.render.outline import describe_event, outline_lines, step_sms_text

log = logging.getLogger(__name__)

_RENDER_TIMEOUT_S = 15.0
_MAX_LABEL_CHARS = 60

# Node shapes by step type: messages are boxes, branches diamonds, waits ellipses.
_SHAPES: dict[str, str] = {
    "message": "box",
    "product_choice": "box",
    "purchase_offer": "box",
    "reply_cart_choice": "box",
    "segment": "diamond",
    "schedule": "diamond",
    "experiment": "diamond",
    "delay": "ellipse",
    "no_reply": "ellipse",
    "end": "doublecircle",
}
_FILL: dict[str, str] = {
    "message": "#E8F1FB",
    "segment": "#FFF4D6",
    "delay": "#EEEEEE",
    "end": "#DFF5E1",
}


def _quote(text: str) -> str:
    """A DOT string literal: JSON escaping is a subset DOT accepts for quotes and backslashes."""
    return json.dumps(text, ensure_ascii=False)


def _short(text: str, limit: int = _MAX_LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_dot(flow: dict[str, Any]) -> str:
    """Graphviz DOT source for the flow (ids as node names, event labels on edges)."""
    steps = [s for s in (flow.get("steps") if isinstance(flow, dict) else None) or [] if isinstance(s, dict)]
    titles = {line.step_id: line.title for line in outline_lines(flow) if not line.ref}
    known = {str(s.get("id")) for s in steps}
    out = [
        "digraph flow {",
        "  rankdir=TB;",
        '  node [fontname="Helvetica", fontsize=10, style="rounded,filled", fillcolor="#FFFFFF"];',
        '  edge [fontname="Helvetica", fontsize=9];',
        '  "__start__" [label="START", shape=circle, fillcolor="#DDDDDD"];',
    ]
    for step in steps:
        step_id = str(step.get("id"))
        kind = str(step.get("type", "?"))
        label = f"{kind}\n{_short(titles.get(step_id, step_id))}"
        sms = step_sms_text(step)
        if sms:
            label += f"\n“{_short(sms, 40)}”"
        shape = _SHAPES.get(kind, "box")
        fill = _FILL.get(kind, "#FFFFFF")
        out.append(f"  {_quote(step_id)} [label={_quote(label)}, shape={shape}, fillcolor={_quote(fill)}];")
    initial = flow.get("initialStepID") if isinstance(flow, dict) else None
    if isinstance(initial, str) and initial in known:
        out.append(f'  "__start__" -> {_quote(initial)};')
    for step in steps:
        for event in step.get("events") or []:
            if not isinstance(event, dict) or not event.get("nextStepID"):
                continue
            target = str(event["nextStepID"])
            if target not in known:
                out.append(f'  {_quote(target)} [label={_quote("missing: " + target)}, color="red"];')
                known.add(target)
            label = describe_event(event)
            edge_label = "" if label == "then" else f" [label={_quote(label)}]"
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
