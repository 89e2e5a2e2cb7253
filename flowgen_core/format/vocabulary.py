"""The FlowBuilder vocabulary: step and event type names and the groups rules talk about.

One definition for the models, the plan, the compiler, the validator, autofix and
refinement, so that adding a step type is a change in one place. The `Literal` aliases are
the source: pydantic and the plan's JSON Schema need literal types, and the tuples and sets
are derived from them.
"""

from __future__ import annotations

from typing import Literal, get_args

StepType = Literal[
    "message",
    "segment",
    "delay",
    "schedule",
    "experiment",
    "rate_limit",
    "limit",
    "reply",
    "no_reply",
    "split",
    "split_group",
    "split_range",
    "property",
    "product_choice",
    "purchase_offer",
    "purchase",
    "reply_cart_choice",
    "quiz",
    "end",
]
EventType = Literal["default", "reply", "noreply", "split"]

SegmentAction = Literal[
    "placed_order",
    "clicked_link",
    "viewed_product",
    "added_product_to_cart",
    "started_checkout",
    "placed_order_text",
    "opted_into_sms",
    "received_outbound",
    "sent_inbound",
]
PropertyOperator = Literal[
    "that exists",
    "does not exist",
    "with a value of",
    "with a value not equal to",
    "with a value containing",
    "with a value not containing",
]

# In the order of the spec, for anything that lists or samples them.
STEP_TYPE_NAMES: tuple[str, ...] = get_args(StepType)
STEP_TYPES: frozenset[str] = frozenset(STEP_TYPE_NAMES)
EVENT_TYPES: frozenset[str] = frozenset(get_args(EventType))

# Steps that wait for a reply to an offer they text.
OFFER_TYPES: frozenset[str] = frozenset({"product_choice", "purchase_offer", "reply_cart_choice"})
# Steps that text the customer and carry a message body.
SEND_TYPES: frozenset[str] = frozenset({"message"}) | OFFER_TYPES
# Steps whose only valid event is one `default`: a dead end among them goes on to END.
SINGLE_DEFAULT_TYPES: frozenset[str] = frozenset(
    {
        "delay",
        "rate_limit",
        "limit",
        "reply",
        "no_reply",
        "split",
        "split_group",
        "split_range",
        "property",
        "purchase",
    }
)
# Steps that pause the flow: a loop through one of them does not text without pause.
WAIT_STEP_TYPES: frozenset[str] = frozenset({"delay", "no_reply"})
# Segment event actions and property-condition operators, in the order of the spec.
SEGMENT_ACTIONS: tuple[str, ...] = get_args(SegmentAction)
PROPERTY_OPERATORS: tuple[str, ...] = get_args(PropertyOperator)
# Where a step's message body may live across format revisions; the first non-empty wins.
TEXT_FIELDS: tuple[str, ...] = ("messageText", "content", "text")

__all__ = [
    "EVENT_TYPES",
    "OFFER_TYPES",
    "PROPERTY_OPERATORS",
    "SEGMENT_ACTIONS",
    "SEND_TYPES",
    "SINGLE_DEFAULT_TYPES",
    "STEP_TYPES",
    "STEP_TYPE_NAMES",
    "TEXT_FIELDS",
    "WAIT_STEP_TYPES",
    "EventType",
    "PropertyOperator",
    "SegmentAction",
    "StepType",
]
