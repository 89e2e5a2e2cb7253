"""Tolerant parsing of a model's reply, strict about the result.

Models without (or ignoring) structured output wrap the JSON in a ```json fence, put a
sentence in front of it, or add a field the plan does not have. The JSON object is cut out
of such a reply; what it holds must still be exactly a FlowPlan. A field the plan does not
know is not an exception but a precise repair message ("steps[1] (key 'offer'): unknown
field 'emoji'"), so the next round can drop it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from flowgen_core import storable
from flowgen_core.errors import FlowgenError
from flowgen_core.plan.model import FlowPlan

_FENCE = re.compile(r"```[a-zA-Z0-9_-]*\s*\n?(.*?)```", re.DOTALL)


class ReplyParseError(FlowgenError, ValueError):
    """The reply holds no usable plan; the message is written for the model's repair turn."""

    def __init__(self, message: str, *, extracted: str = "") -> None:
        super().__init__(message)
        self.extracted = extracted


def extract_json_text(content: str) -> str:
    """The JSON object inside `content`: fences stripped, leading and trailing prose dropped."""
    text = content.strip()
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1).strip()
    if text.startswith("{"):
        return text
    start = text.find("{")
    if start < 0:
        return text
    try:
        _, end = json.JSONDecoder().raw_decode(text, start)
    except (ValueError, RecursionError):  # not JSON, an int over the digit limit, too deep
        return text[start:]
    return text[start:end]


def parse_plan(content: str) -> tuple[FlowPlan, str]:
    """(plan, the JSON it came from). Raises `ReplyParseError` with a repair message."""
    text = extract_json_text(content)
    try:
        # What the reply holds becomes a stored flow: NaN, NUL and lone surrogates are refused
        # here, where the repair turn can still ask for a plan without them.
        data = storable.loads(text, "the reply")
    except json.JSONDecodeError as exc:
        raise ReplyParseError(
            f"the reply is not a valid plan: not JSON ({exc.msg} at char {exc.pos})"
        ) from exc
    except storable.UnstorableValue as exc:
        raise ReplyParseError(f"the reply is not a valid plan: {exc}") from exc
    except (ValueError, RecursionError) as exc:  # an int over the digit limit; nesting too deep
        raise ReplyParseError("the reply is not a valid plan: not JSON a plan can be read from") from exc
    if not isinstance(data, dict):
        raise ReplyParseError("the reply is not a valid plan: expected one JSON object")
    try:
        plan = FlowPlan.model_validate(data)
    except ValidationError as exc:
        raise ReplyParseError(
            f"the reply is not a valid plan: {describe_plan_errors(exc, data)}", extracted=text
        ) from exc
    return plan, text


def describe_plan_errors(exc: ValidationError, data: Any, limit: int = 8) -> str:
    """Validation errors in plan terms, naming steps by key ("steps[1] (key 'offer').text")."""
    parts = []
    for error in exc.errors()[:limit]:
        loc = tuple(error.get("loc", ()))
        if error.get("type") == "extra_forbidden" and loc:
            where = _where(loc[:-1], data) or "the plan"
            parts.append(f"{where}: unknown field {loc[-1]!r} (remove it; the plan has no such field)")
        else:
            parts.append(f"{_where(loc, data) or 'the plan'}: {error.get('msg', 'invalid')}")
    more = len(exc.errors()) - limit
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts)


def _where(loc: tuple[Any, ...], data: Any) -> str:
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("key"), str):
                out += f" (key {node['key']!r})"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out
