"""Deterministic corrections of FlowBuilder flows, each one recorded as a `Change`.

The corrector repairs what has exactly one honest repair: missing defaults, mirrored
text fields, enum spellings and aliases, dotted template variables, broken or circular
references, a missing END. It never invents marketing content (copy, discounts,
intents, products, audiences): whatever cannot be repaired honestly stays an error in
the report for a person (or a model) to decide.

Guarantees: never raises on any JSON value; idempotent (`autofix(autofix(x).flow)` makes
no change); linear in the size of the flow.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from flowgen_core.check.report import Finding, Report
from flowgen_core.format.vocabulary import (
    SEGMENT_ACTIONS,
    SEND_TYPES,
    SINGLE_DEFAULT_TYPES,
    STEP_TYPES,
    TEXT_FIELDS,
)

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------- change codes
DEFAULT_FILLED = "default_filled"
ID_ASSIGNED = "id_assigned"
LABEL_DERIVED = "label_derived"
TEXT_MIRRORED = "text_mirrored"
ENUM_NORMALISED = "enum_normalised"
VALUE_NORMALISED = "value_normalised"
VARIABLE_CANONICALISED = "variable_canonicalised"
SELF_LOOP_REMOVED = "self_loop_removed"
DANGLING_EVENT_REMOVED = "dangling_event_removed"
DUPLICATE_EVENT_REMOVED = "duplicate_event_removed"
END_ADDED = "end_added"
DEAD_END_CONNECTED = "dead_end_connected"
END_EVENTS_REMOVED = "end_events_removed"
STEP_ID_DEDUPLICATED = "step_id_deduplicated"
DUPLICATE_STEP_REMOVED = "duplicate_step_removed"
EVENT_ID_DEDUPLICATED = "event_id_deduplicated"
INITIAL_STEP_SET = "initial_step_set"
START_STEP_REMOVED = "start_step_removed"
SEGMENT_DEFINITION_CONVERTED = "segment_definition_converted"
SEGMENT_BRANCH_ADDED = "segment_branch_added"
SCHEDULE_CONVERTED = "schedule_converted"
MIRROR_SYNCED = "mirror_synced"

AUTOFIX_FAILED = "autofix_failed"  # finding added when the corrector itself failed
VALIDATION_FAILED = "validation_failed"  # finding added when the validator raised


class Change(BaseModel):
    code: str
    step_id: str | None = None
    path: str = ""
    before: Any = None
    after: Any = None
    reason: str = ""

    def describe(self) -> str:
        """One line for logs: code, step, reason, and the value change when it is short."""
        where = f"{self.step_id}: " if self.step_id else ""
        values = ""
        if _short_scalar(self.before) and _short_scalar(self.after) and self.before != self.after:
            values = f": {self.before!r} -> {self.after!r}"
        return f"{self.code} {where}{self.reason}{values} ({self.path})"


def _short_scalar(value: Any) -> bool:
    return (
        value is None
        or isinstance(value, bool | int | float)
        or (isinstance(value, str) and len(value) <= 40)
    )


class FixResult(BaseModel):
    # A dict whenever the input was one; any other JSON value is returned unchanged.
    flow: Any
    changes: list[Change] = Field(default_factory=list)
    report: Report = Field(default_factory=Report)


# ---------------------------------------------------------------------------- vocabularies


def _squash(value: str) -> str:
    """Spelling-insensitive key: `Rate-Limit`, `rateLimit` and `rate_limit` agree."""
    return re.sub(r"[^a-z0-9]", "", value.lower())


_STEP_TYPE_BY_KEY = {_squash(t): t for t in STEP_TYPES}
_STEP_TYPE_BY_KEY.update({"wait": "delay", "sms": "message", "abtest": "experiment"})
_EVENT_TYPE_BY_KEY = {
    "default": "default",
    "reply": "reply",
    "noreply": "noreply",
    "split": "split",
    "noresponse": "noreply",
    "timeout": "noreply",
}

# unit key -> (seconds, lower plural, capitalised plural)
_UNITS: dict[str, tuple[int, str, str]] = {}
for _names, _secs, _word in (
    (("s", "sec", "secs", "second", "seconds"), 1, "seconds"),
    (("m", "min", "mins", "minute", "minutes"), 60, "minutes"),
    (("h", "hr", "hrs", "hour", "hours"), 3600, "hours"),
    (("d", "day", "days"), 86400, "days"),
):
    for _name in _names:
        _UNITS[_name] = (_secs, _word, _word.capitalize())
_WEEK_KEYS = ("w", "wk", "wks", "week", "weeks")
# Adverbial periods (rate limits): the period and the factor for the timespan.
_ADVERB_PERIODS = {"hourly": ("Hours", 1), "daily": ("Days", 1), "weekly": ("Days", 7)}

_DISCOUNT_TYPES = {
    "none": "none",
    "no": "none",
    "": "none",
    "percentage": "percentage",
    "percent": "percentage",
    "pct": "percentage",
    "amount": "amount",
    "fixed": "amount",
    "fixedamount": "amount",
    "dollar": "amount",
    "dollars": "amount",
    "code": "code",
    "coupon": "code",
    "discountcode": "code",
}
_OFFER_DISCOUNT_TYPES = {k: v for k, v in _DISCOUNT_TYPES.items() if v != "none"}
_CART_SOURCES = {
    "latest": "latest",
    "latestcart": "latest",
    "last": "latest",
    "lastcart": "latest",
    "recent": "latest",
    "manual": "manual",
    "manually": "manual",
    "manualcart": "manual",
}
_PRODUCT_SELECTIONS = {
    "manually": "manually",
    "manual": "manually",
    "automatically": "automatically",
    "automatic": "automatically",
    "auto": "automatically",
    "popularity": "popularity",
    "popular": "popularity",
    "recentlyviewed": "recently_viewed",
}
_MESSAGE_TYPES = {"standard": "standard", "personalized": "personalized", "personalised": "personalized"}
_CONDITION_OPERATORS = {
    "has": "has",
    "did": "has",
    "is": "has",
    "true": "has",
    "hasnot": "has_not",
    "hasnt": "has_not",
    "doesnothave": "has_not",
    "didnot": "has_not",
    "didnt": "has_not",
    "not": "has_not",
    "isnot": "has_not",
    "false": "has_not",
}
_CONDITION_TYPES = {
    "event": "event",
    "property": "property",
    "refill": "refill",
    "customerproperty": "property",
}
_SEGMENT_ACTION_BY_KEY = {_squash(a): a for a in SEGMENT_ACTIONS}
_PROPERTY_OPERATORS = {
    "thatexists": "that exists",
    "exists": "that exists",
    "doesnotexist": "does not exist",
    "notexists": "does not exist",
    "withavalueof": "with a value of",
    "equals": "with a value of",
    "eq": "with a value of",
    "withavaluenotequalto": "with a value not equal to",
    "notequals": "with a value not equal to",
    "ne": "with a value not equal to",
    "withavaluecontaining": "with a value containing",
    "contains": "with a value containing",
    "withavaluenotcontaining": "with a value not containing",
    "notcontains": "with a value not containing",
}
# Legacy `segmentDefinition` event names -> (action, filter).
_LEGACY_EVENTS = {
    "onetext_external_order_create": ("placed_order", "all orders"),
    "onetext_link_click": ("clicked_link", "all clicks"),
    "onetext_external_product_view": ("viewed_product", "all product views"),
    "onetext_external_cart_update": ("added_product_to_cart", "all cart updates"),
    "onetext_external_checkout_update": ("started_checkout", "all checkout updates"),
}

# Dotted marketer dialect -> canonical FlowBuilder variable (spec section 5).
_FALLBACK_VARIABLES = {
    "customer.first_name": "first_name",
    "customer.firstname": "first_name",
    "customer.last_name": "last_name",
    "customer.lastname": "last_name",
    "customer.timezone": "customer_timezone",
    "merchant.name": "brand_name",
    "brand.name": "brand_name",
    "store.name": "brand_name",
    "merchant.url": "store_url",
    "store.url": "store_url",
    "brand.url": "store_url",
    "agent.name": "agent_name",
    "cart.list": "Cart List",
    "checkout.link": "Purchase Link",
    "checkout.url": "Purchase Link",
    "purchase.link": "Purchase Link",
    "discount.label": "Discount Label",
    "product.list": "Product List",
    "products.list": "Product List",
}
_VARIABLE = re.compile(r"\{\{\s*([^{}#/]+?)\s*\}\}")


def _variable_map() -> dict[str, str]:
    """The shared dotted->canonical table when the format package exposes one."""
    try:
        from flowgen_core.format import variables as shared  # type: ignore[attr-defined]
    except Exception:
        return _FALLBACK_VARIABLES
    for name in ("DOTTED_TO_CANONICAL", "VARIABLE_ALIASES", "ALIASES", "DOTTED_ALIASES"):
        table = getattr(shared, name, None)
        if isinstance(table, dict) and table:
            merged = dict(_FALLBACK_VARIABLES)
            for key, value in table.items():
                if isinstance(key, str) and isinstance(value, str):
                    merged[key.strip("{} ")] = value.strip("{} ")
            return merged
    return _FALLBACK_VARIABLES


def _digits(value: Any) -> str | None:
    """A whole non-negative number as a digit string, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return str(value)
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return str(int(value))
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.isdigit() and stripped.isascii():
            return str(int(stripped))
    return None


def _as_int(value: Any) -> int | None:
    text = _digits(value)
    return int(text) if text is not None else None


def _parse_unit(unit: Any) -> tuple[str, int] | None:
    """(unit key in _UNITS, multiplier) for a unit spelling; weeks become days x 7."""
    if not isinstance(unit, str):
        return None
    key = unit.strip().lower()
    if key in _UNITS:
        return key, 1
    if key in _WEEK_KEYS:
        return "days", 7
    return None


def _title_from_type(step_type: str) -> str:
    return "End" if step_type == "end" else step_type.replace("_", " ").title()


class _Fixer:
    def __init__(self, verbatim: Iterable[str]) -> None:
        self.changes: list[Change] = []
        self.verbatim = [v for v in verbatim if isinstance(v, str) and v.strip()]
        self.variables = _variable_map()

    # ------------------------------------------------------------------ recording helpers
    def record(self, code: str, step_id: Any, path: str, before: Any, after: Any, reason: str) -> None:
        sid = step_id if isinstance(step_id, str) else None
        self.changes.append(
            Change(
                code=code,
                step_id=sid,
                path=path,
                before=copy.deepcopy(before),
                after=copy.deepcopy(after),
                reason=reason,
            )
        )

    def put(self, obj: dict, key: str, value: Any, code: str, step_id: Any, path: str, reason: str) -> None:
        """Set obj[key] = value and record it, unless it already holds exactly that value."""
        before = obj.get(key)
        if key in obj and before == value and type(before) is type(value):
            return
        obj[key] = value
        self.record(code, step_id, f"{path}/{key}", before, value, reason)

    def put_enum(
        self, obj: dict, key: str, table: dict[str, str], step_id: Any, path: str, reason: str
    ) -> None:
        """Rewrite a string obj[key] to the spelling `table` gives its squashed form, if any."""
        raw = obj.get(key)
        if isinstance(raw, str):
            canonical = table.get(_squash(raw))
            if canonical is not None and canonical != raw:
                self.put(obj, key, canonical, ENUM_NORMALISED, step_id, path, reason)

    # ------------------------------------------------------------------ entry point
    def run(self, flow: dict) -> dict:
        steps = flow.get("steps")
        if not isinstance(steps, list):
            return flow
        self.remove_start_steps(flow)
        self.assign_step_ids(flow)
        steps = flow["steps"]
        for index, step in enumerate(steps):
            if isinstance(step, dict):
                self.fix_step(step, f"/steps/{index}")
        # Unfollowable events go before ids are de-duplicated: no renaming of doomed events.
        self.prune_events(flow)
        self.assign_event_ids(steps)
        self.fix_graph(flow)
        return flow

    # ------------------------------------------------------------------ START pseudo-steps
    def remove_start_steps(self, flow: dict) -> None:
        steps: list = flow["steps"]
        starts = [
            s
            for s in steps
            if isinstance(s, dict) and isinstance(s.get("type"), str) and _squash(s["type"]) == "start"
        ]
        if not starts:
            return
        start_ids = {s.get("id") for s in starts if isinstance(s.get("id"), str)}
        successor_of: dict[str, Any] = {}
        for start in starts:
            successor = None
            for event in start.get("events") or []:
                if isinstance(event, dict):
                    target = event.get("nextStepID")
                    if isinstance(target, str) and target not in start_ids:
                        successor = target
                        break
            if isinstance(start.get("id"), str):
                successor_of[start["id"]] = successor
        start_objects = {id(s) for s in starts}
        kept = []
        for index, step in enumerate(steps):
            if id(step) in start_objects:
                self.record(
                    START_STEP_REMOVED,
                    step.get("id"),
                    f"/steps/{index}",
                    step,
                    None,
                    "removed the START step: the platform adds its own trigger before initialStepID",
                )
            else:
                kept.append(step)
        flow["steps"] = kept
        initial = flow.get("initialStepID")
        if (initial in successor_of or initial is None) and successor_of:
            successor = (
                successor_of.get(initial) if initial in successor_of else next(iter(successor_of.values()))
            )
            if successor is not None:
                self.put(
                    flow,
                    "initialStepID",
                    successor,
                    START_STEP_REMOVED,
                    None,
                    "",
                    "initialStepID now names the step after the removed START step",
                )
        for s_index, step in enumerate(kept):
            if not isinstance(step, dict) or not isinstance(step.get("events"), list):
                continue
            for e_index, event in enumerate(step["events"]):
                if isinstance(event, dict) and event.get("nextStepID") in successor_of:
                    successor = successor_of[event["nextStepID"]]
                    if successor is not None:
                        self.put(
                            event,
                            "nextStepID",
                            successor,
                            START_STEP_REMOVED,
                            step.get("id"),
                            f"/steps/{s_index}/events/{e_index}",
                            "pointed at the removed START step; now points at its successor",
                        )

    # ------------------------------------------------------------------ ids
    def assign_step_ids(self, flow: dict) -> None:
        steps: list = flow["steps"]
        first_with_id: dict[str, dict] = {}
        existing = {s.get("id") for s in steps if isinstance(s, dict) and isinstance(s.get("id"), str)}
        kept: list = []
        for index, step in enumerate(steps):
            if not isinstance(step, dict):
                kept.append(step)
                continue
            path = f"/steps/{len(kept)}"
            sid = step.get("id")
            if isinstance(sid, int) and not isinstance(sid, bool):
                self.put(step, "id", str(sid), VALUE_NORMALISED, str(sid), path, "step ids are strings")
                sid = step["id"]
            if not isinstance(sid, str) or not sid.strip():
                base = step.get("type") if isinstance(step.get("type"), str) and step.get("type") else "step"
                new_id = _unique(f"{_squash(base) or 'step'}-{index + 1:03d}", existing)
                self.put(step, "id", new_id, ID_ASSIGNED, new_id, path, "the step had no id")
            elif sid in first_with_id:
                if step == first_with_id[sid]:
                    # An exact repeat adds nothing and could only ever be unreachable.
                    self.record(
                        DUPLICATE_STEP_REMOVED, sid, path, step, None, "removed an exact repeat of a step"
                    )
                    continue
                new_id = _unique(f"{sid}-2", existing)
                self.put(
                    step,
                    "id",
                    new_id,
                    STEP_ID_DEDUPLICATED,
                    new_id,
                    path,
                    f"step id {sid!r} was used twice; references keep naming the first one",
                )
            first_with_id[step["id"]] = step
            existing.add(step["id"])
            kept.append(step)
        if len(kept) != len(steps):
            flow["steps"] = kept

    def assign_event_ids(self, steps: list) -> None:
        existing: set[str] = set()
        for step in steps:
            if isinstance(step, dict) and isinstance(step.get("events"), list):
                for event in step["events"]:
                    if isinstance(event, dict) and isinstance(event.get("id"), str):
                        existing.add(event["id"])
        seen: set[str] = set()
        for s_index, step in enumerate(steps):
            if not isinstance(step, dict) or not isinstance(step.get("events"), list):
                continue
            sid = step.get("id")
            for e_index, event in enumerate(step["events"]):
                if not isinstance(event, dict):
                    continue
                path = f"/steps/{s_index}/events/{e_index}"
                eid = event.get("id")
                if isinstance(eid, int) and not isinstance(eid, bool):
                    self.put(event, "id", str(eid), VALUE_NORMALISED, sid, path, "event ids are strings")
                    eid = event["id"]
                if not isinstance(eid, str) or not eid.strip():
                    new_id = _unique(f"{sid}-event-{e_index + 1}", existing)
                    self.put(event, "id", new_id, ID_ASSIGNED, sid, path, "the event had no id")
                elif eid in seen:
                    new_id = _unique(f"{eid}-2", existing)
                    self.put(
                        event,
                        "id",
                        new_id,
                        EVENT_ID_DEDUPLICATED,
                        sid,
                        path,
                        f"event id {eid!r} was used twice",
                    )
                seen.add(event["id"])
                existing.add(event["id"])

    # ------------------------------------------------------------------ one step
    def fix_step(self, step: dict, path: str) -> None:
        sid = step.get("id")
        self.put_enum(step, "type", _STEP_TYPE_BY_KEY, sid, path, "step type written as the spec spells it")
        raw_type = step.get("type")
        # The type may still be any JSON value (a list, an object): test it is a string first.
        step_type = raw_type if isinstance(raw_type, str) and raw_type in STEP_TYPES else None

        if "active" not in step or step["active"] is None:
            self.put(step, "active", True, DEFAULT_FILLED, sid, path, "steps are active by default")
        elif isinstance(step["active"], str) and step["active"].strip().lower() in ("true", "false"):
            value = step["active"].strip().lower() == "true"
            self.put(step, "active", value, VALUE_NORMALISED, sid, path, "active is a boolean")
        if step.get("parameters") is None or step.get("parameters") == []:
            self.put(step, "parameters", {}, DEFAULT_FILLED, sid, path, "parameters is always an object")
        events = step.get("events")
        if events is None:
            self.put(step, "events", [], DEFAULT_FILLED, sid, path, "events is always a list")
        elif isinstance(events, dict):
            self.put(
                step, "events", [events], VALUE_NORMALISED, sid, path, "a single event object became a list"
            )
        if step_type is None:
            return

        if not isinstance(step.get("label"), str) or not step["label"].strip():
            label = self.derived_label(step, step_type)
            if label:
                self.put(step, "label", label, LABEL_DERIVED, sid, path, "label derived from the step")

        if isinstance(step.get("events"), list):
            for e_index, event in enumerate(step["events"]):
                if isinstance(event, dict):
                    self.fix_event(event, step, step_type, e_index, f"{path}/events/{e_index}")

        if step_type in SEND_TYPES:
            self.fix_text(step, path)
        handler: Callable[[dict, str], None] | None = getattr(self, f"fix_{step_type}", None)
        if handler is not None:
            handler(step, path)

    def derived_label(self, step: dict, step_type: str) -> str | None:
        if step_type == "reply" and isinstance(step.get("intent"), str) and step["intent"].strip():
            return step["intent"].strip().lower()
        if step_type in ("split", "split_group", "split_range"):
            # The branch label carries meaning; only the action can honestly name it.
            action = step.get("action")
            return action.strip() if isinstance(action, str) and action.strip() else None
        if step_type == "experiment" and isinstance(step.get("experimentName"), str):
            return step["experimentName"].strip() or _title_from_type(step_type)
        return _title_from_type(step_type)

    # ------------------------------------------------------------------ events
    def fix_event(self, event: dict, step: dict, step_type: str, index: int, path: str) -> None:
        sid = step.get("id")
        self.put_enum(
            event, "type", _EVENT_TYPE_BY_KEY, sid, path, "event type written as the spec spells it"
        )
        if "active" not in event or event["active"] is None:
            self.put(event, "active", True, DEFAULT_FILLED, sid, path, "events are active by default")
        if event.get("parameters") is None or event.get("parameters") == []:
            self.put(event, "parameters", {}, DEFAULT_FILLED, sid, path, "parameters is always an object")
        target = event.get("nextStepID")
        if isinstance(target, int) and not isinstance(target, bool):
            self.put(event, "nextStepID", str(target), VALUE_NORMALISED, sid, path, "step ids are strings")
        kind = event.get("type")
        if kind == "reply":
            intent = event.get("intent")
            if isinstance(intent, str) and intent.strip() and intent != intent.strip().lower():
                self.put(
                    event,
                    "intent",
                    intent.strip().lower(),
                    ENUM_NORMALISED,
                    sid,
                    path,
                    "intents are lower case",
                )
        elif kind == "noreply":
            self.fix_after(event, sid, path)
        elif kind == "split":
            self.fix_split_event(event, step, step_type, index, path)

    def fix_after(self, event: dict, sid: Any, path: str) -> None:
        after = event.get("after")
        if after is None:
            # Some writers put the wait beside the event instead of in `after`.
            if "value" in event and "unit" in event:
                after = {"value": event["value"], "unit": event["unit"]}
            else:
                return
        if not isinstance(after, dict):
            return
        value, unit = after.get("value"), after.get("unit")
        if value is None and unit is None and len(after) == 1:
            # {"hours": 6} -> {"value": 6, "unit": "hours"}
            ((unit, value),) = after.items()
        number = _as_int(value)
        parsed = _parse_unit(unit)
        if number is None or parsed is None:
            return
        key, factor = parsed
        # Unit-named keys ({"hours": 6}) are dropped: value/unit now say it once.
        fixed = {k: v for k, v in after.items() if k not in ("value", "unit") and _parse_unit(k) is None}
        fixed.update(value=number * factor, unit=_UNITS[key][1])
        if fixed != event.get("after"):
            self.put(
                event, "after", fixed, VALUE_NORMALISED, sid, path, "no-reply wait as {value: int, unit}"
            )

    def fix_split_event(self, event: dict, step: dict, step_type: str, index: int, path: str) -> None:
        sid = step.get("id")
        label, action = event.get("label"), event.get("action")
        if step_type == "segment":
            for source in (action, label):
                if isinstance(source, str) and source.strip().lower() in ("include", "exclude"):
                    value = source.strip().lower()
                    if action != value:
                        self.put(event, "action", value, ENUM_NORMALISED, sid, path, "segment branch action")
                    if not isinstance(label, str) or not label.strip():
                        self.put(event, "label", value, LABEL_DERIVED, sid, path, "segment branch label")
                    break
        elif step_type == "experiment":
            if not isinstance(label, str) or not label.strip():
                letter = chr(ord("A") + index) if index < 26 else str(index + 1)
                self.put(
                    event, "label", f"Group {letter}", LABEL_DERIVED, sid, path, "experiment group label"
                )
            if not isinstance(action, str) or not action.strip():
                value = "control" if index == 0 else "variant"
                self.put(event, "action", value, DEFAULT_FILLED, sid, path, "experiment branch action")
            elif action.strip().lower() in ("control", "variant") and action != action.strip().lower():
                self.put(event, "action", action.strip().lower(), ENUM_NORMALISED, sid, path, "branch action")

    # ------------------------------------------------------------------ SMS text
    def fix_text(self, step: dict, path: str) -> None:
        sid = step.get("id")
        for key in TEXT_FIELDS:
            value = step.get(key)
            if isinstance(value, str) and value:
                canonical = self.canonical_text(value)
                if canonical != value:
                    self.put(
                        step,
                        key,
                        canonical,
                        VARIABLE_CANONICALISED,
                        sid,
                        path,
                        "dotted template variables written with their FlowBuilder names",
                    )
        body = next((step[k] for k in TEXT_FIELDS if isinstance(step.get(k), str) and step[k].strip()), None)
        if body is None:
            return
        for key in TEXT_FIELDS:
            if step.get(key) != body:
                self.put(
                    step, key, body, TEXT_MIRRORED, sid, path, "messageText, content and text carry one text"
                )

    def canonical_text(self, text: str) -> str:
        protected = self.protected_spans(text)

        def replace(match: re.Match[str]) -> str:
            if any(start <= match.start() < end for start, end in protected):
                return match.group(0)
            name = match.group(1)
            canonical = self.variables.get(name) or self.variables.get(name.lower())
            if canonical is None:
                # `{{ first_name }}` -> `{{first_name}}`: only the spacing changes.
                return "{{" + name + "}}"
            return "{{" + canonical + "}}"

        return _VARIABLE.sub(replace, text)

    def protected_spans(self, text: str) -> list[tuple[int, int]]:
        spans = []
        for quote in self.verbatim:
            start = text.find(quote)
            while start != -1:
                spans.append((start, start + len(quote)))
                start = text.find(quote, start + len(quote))
        return spans

    # ------------------------------------------------------------------ per type
    def fix_message(self, step: dict, path: str) -> None:
        sid = step.get("id")
        for key in ("addImage", "sendContactCard", "handled"):
            if key not in step:
                self.put(step, key, False, DEFAULT_FILLED, sid, path, f"{key} defaults to false")
        raw = step.get("discountType")
        if raw is None:
            self.put(step, "discountType", "none", DEFAULT_FILLED, sid, path, "no discount set")
        else:
            self.put_enum(
                step, "discountType", _DISCOUNT_TYPES, sid, path, "discountType written as the spec spells it"
            )
        value = step.get("discountValue")
        if value is not None and not (isinstance(value, str) and (value == "" or value.isdigit())):
            digits = _digits(value)
            if digits is None and isinstance(value, str):
                digits = _digits(value.strip().strip("%$").strip())
            if digits is not None:
                self.put(
                    step, "discountValue", digits, VALUE_NORMALISED, sid, path, "discountValue as digits"
                )
        self.upper_code(step, sid, path)

    def upper_code(self, step: dict, sid: Any, path: str) -> None:
        code = step.get("discountCode")
        if isinstance(code, str) and code.strip():
            upper = code.strip().upper()
            if upper != code and re.fullmatch(r"[A-Z0-9]+", upper):
                self.put(
                    step, "discountCode", upper, VALUE_NORMALISED, sid, path, "discount codes are upper case"
                )

    def fix_delay(self, step: dict, path: str) -> None:
        sid = step.get("id")
        time_value, period = step.get("time"), step.get("period")
        mirror = step.get("delay") if isinstance(step.get("delay"), dict) else {}
        if time_value is None and period is None and mirror:
            time_value, period = mirror.get("value"), mirror.get("unit")
        number = _as_int(time_value)
        parsed = _parse_unit(period)
        if number is None or parsed is None:
            return
        key, factor = parsed
        time_text, period_text = str(number * factor), _UNITS[key][2]
        reason = "weeks written as days" if factor != 1 else "delay time as digits and period capitalised"
        self.put(step, "time", time_text, VALUE_NORMALISED, sid, path, reason)
        self.put(step, "period", period_text, ENUM_NORMALISED, sid, path, reason)
        value_type = type(mirror.get("value")) if mirror.get("value") is not None else str
        mirror_value: Any = number * factor if value_type is int else time_text
        wanted = {**mirror, "value": mirror_value, "unit": period_text}
        if step.get("delay") != wanted:
            self.put(step, "delay", wanted, MIRROR_SYNCED, sid, path, "delay mirrors time and period")

    def fix_rate_limit(self, step: dict, path: str) -> None:
        self.fix_cap(step, path, "rateLimit", "limit")

    def fix_limit(self, step: dict, path: str) -> None:
        self.fix_cap(step, path, "limit", "value")

    def fix_cap(self, step: dict, path: str, mirror_key: str, count_key: str) -> None:
        sid = step.get("id")
        for key in ("occurrences", "timespan"):
            digits = _digits(step.get(key))
            if digits is not None and digits != step.get(key):
                self.put(step, key, digits, VALUE_NORMALISED, sid, path, f"{key} as digits")
        period = step.get("period")
        if not isinstance(period, str):
            return
        period_key = period.strip().lower()
        if period_key in _ADVERB_PERIODS:
            canonical, factor = _ADVERB_PERIODS[period_key]
            span = _as_int(step.get("timespan"))
            span = 1 if span is None or span == 0 else span
            self.put(
                step,
                "timespan",
                str(span * factor),
                VALUE_NORMALISED,
                sid,
                path,
                f"a {period.strip().lower()} cap as a timespan",
            )
            self.put(
                step,
                "period",
                canonical,
                ENUM_NORMALISED,
                sid,
                path,
                f"a {period.strip().lower()} cap as a period",
            )
        else:
            parsed = _parse_unit(period)
            if parsed is None or parsed[0] == "seconds":
                return
            key, factor = parsed
            if factor != 1:
                span = _as_int(step.get("timespan"))
                if span is None:
                    return
                self.put(
                    step, "timespan", str(span * factor), VALUE_NORMALISED, sid, path, "weeks written as days"
                )
            self.put(step, "period", _UNITS[key][2], ENUM_NORMALISED, sid, path, "period capitalised")
        occurrences, timespan = step.get("occurrences"), step.get("timespan")
        if _digits(occurrences) is None or _digits(timespan) is None:
            return
        mirror = step.get(mirror_key) if isinstance(step.get(mirror_key), dict) else {}
        wanted = {**mirror, count_key: occurrences, "period": step["period"]}
        if step.get(mirror_key) != wanted:
            self.put(step, mirror_key, wanted, MIRROR_SYNCED, sid, path, f"{mirror_key} mirrors the cap")
        if not isinstance(step.get("content"), str) or not step["content"].strip():
            times = "time" if occurrences == "1" else "times"
            description = f"{occurrences} {times} every {timespan} {step['period'].lower()}"
            self.put(step, "content", description, DEFAULT_FILLED, sid, path, "content describes the cap")

    def fix_no_reply(self, step: dict, path: str) -> None:
        sid = step.get("id")
        if "enabled" not in step:
            self.put(step, "enabled", True, DEFAULT_FILLED, sid, path, "enabled by default")
        after = step.get("after") if isinstance(step.get("after"), dict) else {}
        value, unit = step.get("value"), step.get("unit")
        if value is None and unit is None:
            value, unit = after.get("value"), after.get("unit")
        number = _as_int(value)
        parsed = _parse_unit(unit)
        if number is None or parsed is None:
            return
        key, factor = parsed
        seconds_each, lower, capital = _UNITS[key]
        number *= factor
        self.put(step, "value", number, VALUE_NORMALISED, sid, path, "no-reply wait as an integer")
        self.put(step, "unit", lower, ENUM_NORMALISED, sid, path, "no-reply unit in lower case")
        wanted = {**after, "value": number, "unit": lower}
        if step.get("after") != wanted:
            self.put(step, "after", wanted, MIRROR_SYNCED, sid, path, "after mirrors value and unit")
        self.put(step, "seconds", number * seconds_each, MIRROR_SYNCED, sid, path, "legacy seconds mirror")
        self.put(step, "period", capital, MIRROR_SYNCED, sid, path, "legacy period mirror")

    def fix_reply(self, step: dict, path: str) -> None:
        sid = step.get("id")
        if "enabled" not in step:
            self.put(step, "enabled", True, DEFAULT_FILLED, sid, path, "enabled by default")
        intent = step.get("intent")
        if isinstance(intent, str) and intent.strip() and intent != intent.strip().lower():
            self.put(
                step, "intent", intent.strip().lower(), ENUM_NORMALISED, sid, path, "intents are lower case"
            )

    def fix_split(self, step: dict, path: str) -> None:
        if "enabled" not in step:
            self.put(step, "enabled", True, DEFAULT_FILLED, step.get("id"), path, "enabled by default")

    fix_split_group = fix_split
    fix_split_range = fix_split

    def fix_experiment(self, step: dict, path: str) -> None:
        sid = step.get("id")
        name = step.get("experimentName")
        if not isinstance(name, str) or not name.strip():
            # The step's own title may name the test; nothing else is honest to use.
            content = step.get("content")
            if isinstance(content, str):
                match = re.fullmatch(r"\s*(.+?)\s*\(v\d+\)\s*", content)
                if match:
                    self.put(
                        step,
                        "experimentName",
                        match.group(1),
                        DEFAULT_FILLED,
                        sid,
                        path,
                        "experiment name taken from the step content",
                    )
        version = step.get("version")
        if version is None:
            self.put(step, "version", "1", DEFAULT_FILLED, sid, path, "first version")
        elif _digits(version) is not None and _digits(version) != version:
            self.put(step, "version", _digits(version), VALUE_NORMALISED, sid, path, "version as digits")

    def fix_purchase_offer(self, step: dict, path: str) -> None:
        self.fix_cart(step, path)
        sid = step.get("id")
        if isinstance(step.get("discount"), str) and step["discount"].strip().lower() in ("true", "false"):
            value = step["discount"].strip().lower() == "true"
            self.put(step, "discount", value, VALUE_NORMALISED, sid, path, "discount is a boolean")
        self.put_enum(
            step,
            "discountType",
            _OFFER_DISCOUNT_TYPES,
            sid,
            path,
            "discountType written as the spec spells it",
        )
        for key in ("discountPercentage", "discountAmount"):
            value = step.get(key)
            if value is not None and not (isinstance(value, str) and (value == "" or value.isdigit())):
                digits = _digits(value)
                if digits is None and isinstance(value, str):
                    digits = _digits(value.strip().strip("%$").strip())
                if digits is not None:
                    self.put(step, key, digits, VALUE_NORMALISED, sid, path, f"{key} as digits")
        self.upper_code(step, sid, path)
        self.fix_message_type(step, path)

    def fix_purchase(self, step: dict, path: str) -> None:
        self.fix_cart(step, path)

    def fix_cart(self, step: dict, path: str) -> None:
        sid = step.get("id")
        self.put_enum(step, "cartSource", _CART_SOURCES, sid, path, "cartSource is manual or latest")
        products = step.get("products")
        if products is None:
            self.put(step, "products", [], DEFAULT_FILLED, sid, path, "products is always a list")
        elif isinstance(products, list):
            for index, product in enumerate(products):
                if isinstance(product, dict) and "quantity" in product:
                    digits = _digits(product["quantity"])
                    if digits is not None and digits != product["quantity"]:
                        self.put(
                            product,
                            "quantity",
                            digits,
                            VALUE_NORMALISED,
                            sid,
                            f"{path}/products/{index}",
                            "quantity as digits",
                        )

    def fix_product_choice(self, step: dict, path: str) -> None:
        sid = step.get("id")
        self.put_enum(
            step, "productSelection", _PRODUCT_SELECTIONS, sid, path, "value written as the spec spells it"
        )
        if step.get("products") is None:
            self.put(step, "products", [], DEFAULT_FILLED, sid, path, "products is always a list")
        self.fix_message_type(step, path)

    def fix_reply_cart_choice(self, step: dict, path: str) -> None:
        sid = step.get("id")
        self.put_enum(step, "cartSelection", _CART_SOURCES, sid, path, "cartSelection is manual or latest")
        self.fix_message_type(step, path)

    def fix_message_type(self, step: dict, path: str) -> None:
        self.put_enum(
            step, "messageType", _MESSAGE_TYPES, step.get("id"), path, "value written as the spec spells it"
        )

    def fix_segment(self, step: dict, path: str) -> None:
        sid = step.get("id")
        conditions = step.get("conditions")
        if (not isinstance(conditions, list) or not conditions) and isinstance(
            step.get("segmentDefinition"), dict
        ):
            converted = _convert_segment_definition(step["segmentDefinition"])
            if converted is not None:
                self.put(
                    step,
                    "conditions",
                    converted,
                    SEGMENT_DEFINITION_CONVERTED,
                    sid,
                    path,
                    "legacy segmentDefinition converted to conditions",
                )
                before = step.pop("segmentDefinition")
                self.record(
                    SEGMENT_DEFINITION_CONVERTED,
                    sid,
                    f"{path}/segmentDefinition",
                    before,
                    None,
                    "the legacy form is read, not written",
                )
        conditions = step.get("conditions")
        if not isinstance(conditions, list):
            return
        for index, condition in enumerate(conditions):
            if isinstance(condition, dict):
                self.fix_condition(condition, index, sid, f"{path}/conditions/{index}")

    def fix_condition(self, condition: dict, index: int, sid: Any, path: str) -> None:
        if condition.get("id") != index + 1:
            self.put(condition, "id", index + 1, VALUE_NORMALISED, sid, path, "condition ids count from 1")
        for key, table in (
            ("type", _CONDITION_TYPES),
            ("operator", _CONDITION_OPERATORS),
            ("action", _SEGMENT_ACTION_BY_KEY),
            ("propertyOperator", _PROPERTY_OPERATORS),
        ):
            self.put_enum(condition, key, table, sid, path, f"condition {key} written as the spec spells it")
        raw_type = condition.get("timePeriodType")
        lowered = raw_type.strip().lower() if isinstance(raw_type, str) else None
        if lowered in ("relative", "absolute") and raw_type != lowered:
            self.put(condition, "timePeriodType", lowered, ENUM_NORMALISED, sid, path, "case")
        unit = condition.get("customTimeUnit")
        if isinstance(unit, str) and unit:
            parsed = _parse_unit(unit)
            if parsed is not None and parsed[0] != "seconds":
                key, factor = parsed
                if factor != 1:
                    number = _as_int(condition.get("customTimeValue"))
                    if number is None:
                        return
                    self.put(
                        condition,
                        "customTimeValue",
                        str(number * factor),
                        VALUE_NORMALISED,
                        sid,
                        path,
                        "weeks written as days",
                    )
                self.put(condition, "customTimeUnit", _UNITS[key][2], ENUM_NORMALISED, sid, path, "unit case")
        value = condition.get("customTimeValue")
        if value not in (None, "") and _digits(value) is not None and _digits(value) != value:
            self.put(condition, "customTimeValue", _digits(value), VALUE_NORMALISED, sid, path, "as digits")

    def fix_end(self, step: dict, path: str) -> None:
        events = step.get("events")
        if isinstance(events, list) and events:
            self.put(
                step, "events", [], END_EVENTS_REMOVED, step.get("id"), path, "an END step has no events"
            )

    # ------------------------------------------------------------------ graph
    def prune_events(self, flow: dict) -> None:
        steps: list = flow["steps"]
        by_id = _steps_by_id(steps)
        index_of = {id(step): i for i, step in enumerate(steps)}

        # Events that cannot be followed: into nowhere, or back into their own step.
        for step in by_id.values():
            events = step.get("events")
            if not isinstance(events, list):
                continue
            sid, path = step["id"], f"/steps/{index_of[id(step)]}"
            kept = []
            for e_index, event in enumerate(events):
                if isinstance(event, dict):
                    target = event.get("nextStepID")
                    if target == sid:
                        self.record(
                            SELF_LOOP_REMOVED,
                            sid,
                            f"{path}/events/{e_index}",
                            event,
                            None,
                            "removed an event pointing back at its own step",
                        )
                        continue
                    if not isinstance(target, str) or target not in by_id:
                        self.record(
                            DANGLING_EVENT_REMOVED,
                            sid,
                            f"{path}/events/{e_index}",
                            event,
                            None,
                            f"removed an event whose nextStepID {target!r} names no step",
                        )
                        continue
                kept.append(event)
            if len(kept) != len(events):
                step["events"] = kept
            self.remove_duplicate_events(step, path)

    def fix_graph(self, flow: dict) -> None:
        steps: list = flow["steps"]
        by_id = _steps_by_id(steps)
        index_of = {id(step): i for i, step in enumerate(steps)}
        end_id = next((sid for sid, s in by_id.items() if s.get("type") == "end"), None)

        def end() -> str:
            nonlocal end_id
            if end_id is None:
                end_id = _unique("end", set(by_id))
                end_step = {
                    "id": end_id,
                    "type": "end",
                    "label": "End",
                    "content": "End",
                    "active": True,
                    "parameters": {},
                    "events": [],
                }
                steps.append(end_step)
                by_id[end_id] = end_step
                self.record(
                    END_ADDED, end_id, f"/steps/{len(steps) - 1}", None, end_step, "the flow had no END"
                )
            return end_id

        event_ids = {
            e["id"]
            for s in by_id.values()
            if isinstance(s.get("events"), list)
            for e in s["events"]
            if isinstance(e, dict) and isinstance(e.get("id"), str)
        }

        def new_event(sid: str, **fields: Any) -> dict:
            event_id = _unique(f"{sid}-to-end", event_ids)
            event_ids.add(event_id)
            return {"id": event_id, **fields, "nextStepID": end(), "active": True, "parameters": {}}

        for sid, step in list(by_id.items()):
            step_type, events = step.get("type"), step.get("events")
            if not isinstance(events, list):
                continue
            path = f"/steps/{index_of.get(id(step), len(steps) - 1)}"
            if step_type == "segment":
                self.complete_segment(step, path, new_event)
            elif not events and step_type in (*SINGLE_DEFAULT_TYPES, "message", "quiz"):
                event = new_event(sid, type="default")
                step["events"] = [event]
                self.record(
                    DEAD_END_CONNECTED,
                    sid,
                    f"{path}/events/0",
                    None,
                    event,
                    "a step without events now goes on to END",
                )
            elif step_type == "schedule":
                self.convert_schedule(step, path)

        self.fix_initial_step(flow, steps, by_id)

    def remove_duplicate_events(self, step: dict, path: str) -> None:
        """Drop an exact repeat (same trigger, same target); differing ones need a person."""
        events = step.get("events")
        if not isinstance(events, list):
            return
        seen: set[tuple] = set()
        kept = []
        for index, event in enumerate(events):
            if not isinstance(event, dict):
                kept.append(event)
                continue
            kind = event.get("type")
            if kind == "default":
                key: tuple = ("default", event.get("nextStepID"))
            elif kind == "noreply":
                key = ("noreply", event.get("nextStepID"), repr(event.get("after")))
            elif kind == "reply":
                key = ("reply", event.get("nextStepID"), str(event.get("intent")).strip().lower())
            else:
                kept.append(event)
                continue
            if key in seen:
                self.record(
                    DUPLICATE_EVENT_REMOVED,
                    step.get("id"),
                    f"{path}/events/{index}",
                    event,
                    None,
                    f"removed a repeated {kind} event to the same step",
                )
                continue
            seen.add(key)
            kept.append(event)
        if len(kept) != len(events):
            step["events"] = kept

    def complete_segment(self, step: dict, path: str, new_event: Callable[..., dict]) -> None:
        events = step["events"]
        if any(not isinstance(e, dict) or e.get("type") != "split" for e in events):
            return
        actions = [e.get("action") for e in events]
        if len(events) > 1 and sorted(actions) != ["exclude", "include"]:
            return
        if len(events) == 1 and actions[0] not in ("include", "exclude"):
            return
        for action in ("include", "exclude"):
            if action not in actions:
                event = new_event(step["id"], type="split", label=action, action=action)
                events.append(event)
                self.record(
                    SEGMENT_BRANCH_ADDED,
                    step["id"],
                    f"{path}/events/{len(events) - 1}",
                    None,
                    event,
                    f"the segment had no {action} branch; those customers now go to END",
                )

    def convert_schedule(self, step: dict, path: str) -> None:
        """A lone default event becomes splits only when the schedule names its windows.

        Every branch then leads where the default led, so behaviour is unchanged; with no
        windows there is no honest label to write and the error stays.
        """
        events = step["events"]
        if len(events) != 1 or not isinstance(events[0], dict) or events[0].get("type") != "default":
            return
        schedule = step.get("schedule")
        windows = schedule.get("windows") if isinstance(schedule, dict) else None
        if not isinstance(windows, list) or not windows:
            return
        labels = []
        for window in windows:
            label = _window_label(window)
            if label is None:
                return
            labels.append(label)
        original = events[0]
        target = original["nextStepID"]
        new_events = []
        for index, label in enumerate(labels):
            new_events.append(
                {
                    "id": f"{original.get('id')}-window-{index + 1}",
                    "type": "split",
                    "label": label,
                    "action": "schedule",
                    "nextStepID": target,
                    "active": True,
                    "parameters": {},
                }
            )
        new_events.append(
            {
                **original,
                "type": "split",
                "label": "All other time",
                "action": "schedule",
                "nextStepID": target,
            }
        )
        self.put(
            step,
            "events",
            new_events,
            SCHEDULE_CONVERTED,
            step.get("id"),
            path,
            "a lone default event became one split per window plus 'All other time', all to the same step",
        )

    def fix_initial_step(self, flow: dict, steps: list, by_id: dict[str, dict]) -> None:
        initial = flow.get("initialStepID")
        if isinstance(initial, str) and initial in by_id:
            return
        targeted = {
            e.get("nextStepID")
            for s in by_id.values()
            if isinstance(s.get("events"), list)
            for e in s["events"]
            if isinstance(e, dict)
        }
        roots = [
            s["id"]
            for s in steps
            if isinstance(s, dict)
            and s.get("id") in by_id
            and s["id"] not in targeted
            and s.get("type") != "end"
        ]
        missing = initial is None or initial == ""
        if roots and (missing or len(roots) == 1):
            self.put(
                flow,
                "initialStepID",
                roots[0],
                INITIAL_STEP_SET,
                None,
                "",
                "initialStepID set to the first step that no event points to",
            )


def _steps_by_id(steps: list) -> dict[str, dict]:
    by_id: dict[str, dict] = {}
    for step in steps:
        if isinstance(step, dict) and isinstance(step.get("id"), str) and step["id"] not in by_id:
            by_id[step["id"]] = step
    return by_id


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _window_label(window: Any) -> str | None:
    """`Oct 23, 12:00 AM - Oct 30, 12:00 AM` from a window with ISO start/end."""
    if not isinstance(window, dict):
        return None
    parts = []
    for key in ("start", "end"):
        value = window.get(key)
        if not isinstance(value, str):
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        parts.append(f"{moment.strftime('%b')} {moment.day}, {moment.strftime('%I:%M %p').lstrip('0')}")
    return " - ".join(parts)


def _convert_segment_definition(definition: dict) -> list[dict] | None:
    """Legacy `segmentDefinition` -> `conditions`, or None when it has no faithful form.

    Conditions combine with AND, so an OR over several segments cannot be converted.
    """
    segments = definition.get("segments")
    if not isinstance(segments, list) or not segments:
        return None
    operator = str(definition.get("operator", "AND")).upper()
    if operator not in ("AND", "OR") or (operator == "OR" and len(segments) > 1):
        return None
    conditions = []
    for index, segment in enumerate(segments):
        if not isinstance(segment, dict) or not isinstance(segment.get("customerAction"), dict):
            return None
        action = segment["customerAction"]
        exclusion = str(segment.get("type", "inclusion")).lower() == "exclusion"
        condition: dict[str, Any] = {"id": index + 1, "operator": "has_not" if exclusion else "has"}
        kind = action.get("type", "event")
        if kind == "event":
            mapped = _LEGACY_EVENTS.get(str(action.get("event")))
            if mapped is None:
                return None
            condition.update(type="event", action=mapped[0], filter=mapped[1])
        elif kind == "customer_property":
            operator_name = _PROPERTY_OPERATORS.get(_squash(str(action.get("filterOperator", "equals"))))
            if operator_name is None or not action.get("propertyName"):
                return None
            condition.update(
                type="property",
                propertyName=action["propertyName"],
                propertyOperator=operator_name,
                propertyValue=action.get("propertyValue", ""),
            )
        else:
            return None
        period = segment.get("period")
        if isinstance(period, dict) and period.get("type") == "within_last":
            value = period.get("value") if isinstance(period.get("value"), dict) else {}
            number, parsed = _as_int(value.get("value")), _parse_unit(value.get("unit"))
            if number is None or parsed is None or parsed[0] == "seconds":
                return None
            unit = _UNITS[parsed[0]][2]
            number *= parsed[1]
            condition.update(
                timePeriod=f"within the last {number} {unit}",
                timePeriodType="relative",
                customTimeValue=str(number),
                customTimeUnit=unit,
            )
        else:
            condition.update(timePeriod="all time", timePeriodType="relative")
        condition["filterData"] = None
        conditions.append(condition)
    return conditions


# ---------------------------------------------------------------------------- public API
def _validate(flow: Any, verbatim: Iterable[str] = ()) -> Report:
    try:
        from flowgen_core.check import validate_flow
    except ImportError:  # the validator package is optional while the format layer loads
        return Report()
    try:
        return validate_flow(flow, verbatim=verbatim)
    except Exception as exc:  # the report must not turn a repair into a crash
        log.exception("validation failed during autofix")
        report = Report()
        report.add(
            Finding(
                code=VALIDATION_FAILED,
                severity="error",
                message=f"the flow could not be validated ({type(exc).__name__})",
            )
        )
        return report


def autofix(flow: Any, *, verbatim: Iterable[str] = ()) -> FixResult:
    """Apply every deterministic correction to a copy of `flow`; never raises.

    `verbatim` lists copy the marketer quoted word for word: template variables inside
    it keep their original spelling.
    """
    verbatim = [v for v in verbatim if isinstance(v, str)]
    if not isinstance(flow, dict):
        return FixResult(flow=flow, changes=[], report=_validate(flow, verbatim))
    try:
        fixer = _Fixer(verbatim)
        fixed = fixer.run(copy.deepcopy(flow))
        changes = fixer.changes
        failure = None
    except Exception as exc:  # the contract is "never raise": report it instead
        log.exception("autofix failed")
        fixed, changes, failure = flow, [], exc
    report = _validate(fixed, verbatim)
    if failure is not None:
        report.add(
            Finding(
                code=AUTOFIX_FAILED,
                severity="error",
                message=f"automatic correction failed ({type(failure).__name__}); the flow is unchanged",
            )
        )
    return FixResult(flow=fixed, changes=changes, report=report)


__all__ = ["Change", "FixResult", "autofix"]
