"""One step: the fields every step carries, its label, and the defaults and spellings of
each node type (spec sections 2 and 4). Steps with mirrored values are in `mirrors`,
segments in `segments`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flowgen_core.check.autofix.changes import JSONObject, Recorder
from flowgen_core.check.autofix.codes import (
    DEFAULT_FILLED,
    END_EVENTS_REMOVED,
    ENUM_NORMALISED,
    LABEL_DERIVED,
    VALUE_NORMALISED,
)
from flowgen_core.check.autofix.events import fix_event
from flowgen_core.check.autofix.mirrors import fix_cap, fix_delay, fix_no_reply
from flowgen_core.check.autofix.segments import fix_segment
from flowgen_core.check.autofix.spellings import (
    CART_SOURCES,
    DISCOUNT_TYPES,
    MESSAGE_TYPES,
    OFFER_DISCOUNT_TYPES,
    PRODUCT_SELECTIONS,
    STEP_TYPE_BY_KEY,
)
from flowgen_core.check.autofix.text import TextCanon, fix_text
from flowgen_core.check.autofix.values import digits, is_digit_text, loose_digits
from flowgen_core.format.vocabulary import SEND_TYPES, STEP_TYPES
from flowgen_core.steps import kind_of

StepFixer = Callable[[Recorder, JSONObject, str], None]


def fix_step(rec: Recorder, canon: TextCanon, step: JSONObject, path: str) -> None:
    sid = step.get("id")
    rec.put_enum(step, "type", STEP_TYPE_BY_KEY, sid, path, "step type written as the spec spells it")
    raw_type = step.get("type")
    # The type may still be any JSON value (a list, an object): test it is a string first.
    step_type = raw_type if isinstance(raw_type, str) and raw_type in STEP_TYPES else None
    _fix_common(rec, step, sid, path)
    if step_type is None:
        return
    if not isinstance(step.get("label"), str) or not step["label"].strip():
        label = derived_label(step, step_type)
        if label:
            rec.put(step, "label", label, LABEL_DERIVED, sid, path, "label derived from the step")
    if isinstance(step.get("events"), list):
        for e_index, event in enumerate(step["events"]):
            if isinstance(event, dict):
                fix_event(rec, event, step, step_type, e_index, f"{path}/events/{e_index}")
    if step_type in SEND_TYPES:
        fix_text(rec, canon, step, path)
    handler = STEP_FIXERS.get(step_type)
    if handler is not None:
        handler(rec, step, path)


def _fix_common(rec: Recorder, step: JSONObject, sid: Any, path: str) -> None:
    """`active`, `parameters` and `events` (spec section 2), whatever the type."""
    if "active" not in step or step["active"] is None:
        rec.put(step, "active", True, DEFAULT_FILLED, sid, path, "steps are active by default")
    elif isinstance(step["active"], str) and step["active"].strip().lower() in ("true", "false"):
        value = step["active"].strip().lower() == "true"
        rec.put(step, "active", value, VALUE_NORMALISED, sid, path, "active is a boolean")
    if step.get("parameters") is None or step.get("parameters") == []:
        rec.put(step, "parameters", {}, DEFAULT_FILLED, sid, path, "parameters is always an object")
    events = step.get("events")
    if events is None:
        rec.put(step, "events", [], DEFAULT_FILLED, sid, path, "events is always a list")
    elif isinstance(events, dict):
        rec.put(step, "events", [events], VALUE_NORMALISED, sid, path, "a single event object became a list")


def derived_label(step: JSONObject, step_type: str) -> str | None:
    return kind_of(step_type).default_label(step, step_type)


# ---------------------------------------------------------------------------- messages


def fix_message(rec: Recorder, step: JSONObject, path: str) -> None:
    sid = step.get("id")
    for key in ("addImage", "sendContactCard", "handled"):
        if key not in step:
            rec.put(step, key, False, DEFAULT_FILLED, sid, path, f"{key} defaults to false")
    if step.get("discountType") is None:
        rec.put(step, "discountType", "none", DEFAULT_FILLED, sid, path, "no discount set")
    else:
        rec.put_enum(
            step, "discountType", DISCOUNT_TYPES, sid, path, "discountType written as the spec spells it"
        )
    _digits_field(rec, step, "discountValue", sid, path, "discountValue as digits")
    _upper_code(rec, step, sid, path)


def _digits_field(rec: Recorder, step: JSONObject, key: str, sid: Any, path: str, reason: str) -> None:
    value = step.get(key)
    if value is not None and not is_digit_text(value):
        found = loose_digits(value)
        if found is not None:
            rec.put(step, key, found, VALUE_NORMALISED, sid, path, reason)


def _upper_code(rec: Recorder, step: JSONObject, sid: Any, path: str) -> None:
    code = step.get("discountCode")
    if isinstance(code, str) and code.strip():
        upper = code.strip().upper()
        if upper != code and re.fullmatch(r"[A-Z0-9]+", upper):
            rec.put(step, "discountCode", upper, VALUE_NORMALISED, sid, path, "discount codes are upper case")


def _fix_message_type(rec: Recorder, step: JSONObject, path: str) -> None:
    rec.put_enum(
        step, "messageType", MESSAGE_TYPES, step.get("id"), path, "value written as the spec spells it"
    )


# ---------------------------------------------------------------------------- triggers and markers


def fix_reply(rec: Recorder, step: JSONObject, path: str) -> None:
    sid = step.get("id")
    _enabled(rec, step, path)
    intent = step.get("intent")
    if isinstance(intent, str) and intent.strip() and intent != intent.strip().lower():
        rec.put(step, "intent", intent.strip().lower(), ENUM_NORMALISED, sid, path, "intents are lower case")


def _enabled(rec: Recorder, step: JSONObject, path: str) -> None:
    if "enabled" not in step:
        rec.put(step, "enabled", True, DEFAULT_FILLED, step.get("id"), path, "enabled by default")


def fix_experiment(rec: Recorder, step: JSONObject, path: str) -> None:
    sid = step.get("id")
    name = step.get("experimentName")
    content = step.get("content")
    if (not isinstance(name, str) or not name.strip()) and isinstance(content, str):
        # The step's own title may name the test; nothing else is honest to use.
        match = re.fullmatch(r"\s*(.+?)\s*\(v\d+\)\s*", content)
        if match:
            rec.put(
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
        rec.put(step, "version", "1", DEFAULT_FILLED, sid, path, "first version")
    elif digits(version) is not None and digits(version) != version:
        rec.put(step, "version", digits(version), VALUE_NORMALISED, sid, path, "version as digits")


def fix_end(rec: Recorder, step: JSONObject, path: str) -> None:
    events = step.get("events")
    if isinstance(events, list) and events:
        rec.put(step, "events", [], END_EVENTS_REMOVED, step.get("id"), path, "an END step has no events")


# ---------------------------------------------------------------------------- commerce


def fix_purchase_offer(rec: Recorder, step: JSONObject, path: str) -> None:
    fix_cart(rec, step, path)
    sid = step.get("id")
    if isinstance(step.get("discount"), str) and step["discount"].strip().lower() in ("true", "false"):
        value = step["discount"].strip().lower() == "true"
        rec.put(step, "discount", value, VALUE_NORMALISED, sid, path, "discount is a boolean")
    rec.put_enum(
        step, "discountType", OFFER_DISCOUNT_TYPES, sid, path, "discountType written as the spec spells it"
    )
    for key in ("discountPercentage", "discountAmount"):
        _digits_field(rec, step, key, sid, path, f"{key} as digits")
    _upper_code(rec, step, sid, path)
    _fix_message_type(rec, step, path)


def fix_cart(rec: Recorder, step: JSONObject, path: str) -> None:
    sid = step.get("id")
    rec.put_enum(step, "cartSource", CART_SOURCES, sid, path, "cartSource is manual or latest")
    products = step.get("products")
    if products is None:
        rec.put(step, "products", [], DEFAULT_FILLED, sid, path, "products is always a list")
        return
    if not isinstance(products, list):
        return
    for index, product in enumerate(products):
        if isinstance(product, dict) and "quantity" in product:
            found = digits(product["quantity"])
            if found is not None and found != product["quantity"]:
                rec.put(
                    product,
                    "quantity",
                    found,
                    VALUE_NORMALISED,
                    sid,
                    f"{path}/products/{index}",
                    "quantity as digits",
                )


def fix_product_choice(rec: Recorder, step: JSONObject, path: str) -> None:
    sid = step.get("id")
    rec.put_enum(
        step, "productSelection", PRODUCT_SELECTIONS, sid, path, "value written as the spec spells it"
    )
    if step.get("products") is None:
        rec.put(step, "products", [], DEFAULT_FILLED, sid, path, "products is always a list")
    _fix_message_type(rec, step, path)


def fix_reply_cart_choice(rec: Recorder, step: JSONObject, path: str) -> None:
    sid = step.get("id")
    rec.put_enum(step, "cartSelection", CART_SOURCES, sid, path, "cartSelection is manual or latest")
    _fix_message_type(rec, step, path)


STEP_FIXERS: dict[str, StepFixer] = {
    "message": fix_message,
    "delay": fix_delay,
    "rate_limit": fix_cap,
    "limit": fix_cap,
    "no_reply": fix_no_reply,
    "reply": fix_reply,
    "split": _enabled,
    "split_group": _enabled,
    "split_range": _enabled,
    "experiment": fix_experiment,
    "purchase_offer": fix_purchase_offer,
    "purchase": fix_cart,
    "product_choice": fix_product_choice,
    "reply_cart_choice": fix_reply_cart_choice,
    "segment": fix_segment,
    "end": fix_end,
}
