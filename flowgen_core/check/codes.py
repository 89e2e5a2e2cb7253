"""Stable finding codes: one constant per code, with its severity and default hint.

Clients, the auto-fixer and tests key on these strings; never rename one. A new rule gets
a new code.
"""

from __future__ import annotations

from flowgen_core.check.report import Severity

# --- schema layer -----------------------------------------------------------------
SCHEMA_VIOLATION = "schema_violation"
INVALID_ENUM = "invalid_enum"
MISSING_FIELD = "missing_field"
UNKNOWN_STEP_TYPE = "unknown_step_type"
UNKNOWN_EVENT_TYPE = "unknown_event_type"
MISSING_INITIAL_STEP = "missing_initial_step"

# --- graph layer ------------------------------------------------------------------
INITIAL_STEP_NOT_FOUND = "initial_step_not_found"
DUPLICATE_STEP_ID = "duplicate_step_id"
DUPLICATE_EVENT_ID = "duplicate_event_id"
DANGLING_NEXT_STEP = "dangling_next_step"
SELF_LOOP = "self_loop"
UNREACHABLE_STEP = "unreachable_step"
DEAD_END = "dead_end"
END_HAS_EVENTS = "end_has_events"
CYCLE_WITHOUT_WAIT = "cycle_without_wait"
AMBIGUOUS_EVENTS = "ambiguous_events"
EVENT_COUNT = "event_count"
MISSING_INTENT = "missing_intent"
INVALID_INTENT = "invalid_intent"
INVALID_WAIT = "invalid_wait"
SEGMENT_BRANCHES = "segment_branches"
SCHEDULE_BRANCHES = "schedule_branches"
EXPERIMENT_BRANCHES = "experiment_branches"

# --- per-node content errors --------------------------------------------------------
EXPERIMENT_NAME_MISSING = "experiment_name_missing"
MESSAGE_TEXT_MISSING = "message_text_missing"
DISCOUNT_VALUE_INVALID = "discount_value_invalid"
DISCOUNT_CODE_MISSING = "discount_code_missing"
IMAGE_URL_MISSING = "image_url_missing"
MANUAL_CART_WITHOUT_PRODUCTS = "manual_cart_without_products"
INVALID_CART_SOURCE = "invalid_cart_source"
PROPERTY_MISSING = "property_missing"

# --- warnings ---------------------------------------------------------------------
# MISSING_BRAND and MISSING_OPT_OUT are errors in generated flows (COMPLIANCE_STRICT); the
# severity here is the one a flow handed in for validation gets.
SMS_TOO_LONG = "sms_too_long"
UNKNOWN_VARIABLE = "unknown_variable"
NONCANONICAL_VARIABLE = "noncanonical_variable"
DISCOUNT_TEXT_MISMATCH = "discount_text_mismatch"
DISCOUNT_NOT_IN_TEXT = "discount_not_in_text"
DISCOUNT_INCONSISTENT = "discount_inconsistent"
REPLY_CTA_WITHOUT_EVENT = "reply_cta_without_event"
MISSING_BRAND = "missing_brand"
MISSING_OPT_OUT = "missing_opt_out"
PROMO_FREQUENCY = "promo_frequency"
QUIET_HOURS = "quiet_hours"
SCHEDULE_TIMEZONE = "schedule_timezone"
QUIET_HOURS_REQUESTED = "quiet_hours_requested"
PROPERTY_ENTRY_FILTER = "property_entry_filter"

CODES: dict[str, tuple[Severity, str]] = {
    SCHEMA_VIOLATION: ("error", "Fix the field so it matches the FlowBuilder schema."),
    INVALID_ENUM: ("error", "Use one of the allowed values (case-sensitive)."),
    MISSING_FIELD: ("error", "Add the required field."),
    UNKNOWN_STEP_TYPE: ("error", "Use one of the FlowBuilder node types, e.g. message, delay, end."),
    UNKNOWN_EVENT_TYPE: ("error", "Event type must be one of default, reply, noreply, split."),
    MISSING_INITIAL_STEP: ("error", "Set initialStepID to the id of the first step."),
    INITIAL_STEP_NOT_FOUND: ("error", "initialStepID must name a step in `steps`."),
    DUPLICATE_STEP_ID: ("error", "Give every step a unique id."),
    DUPLICATE_EVENT_ID: ("error", "Give every event a unique id across the flow."),
    DANGLING_NEXT_STEP: ("error", "Point nextStepID at an existing step, or add the missing step."),
    SELF_LOOP: ("error", "An event must not point at its own step; route it to another step."),
    UNREACHABLE_STEP: ("error", "Connect the step from the flow or remove it."),
    DEAD_END: ("error", "Add an event to the step, or route the path to an `end` step."),
    END_HAS_EVENTS: ("error", "Remove the events of the `end` step."),
    CYCLE_WITHOUT_WAIT: ("error", "Put a delay, a noreply event or a no_reply step inside the loop."),
    AMBIGUOUS_EVENTS: ("error", "Keep one event per intent / label, one noreply and at most one default."),
    EVENT_COUNT: ("error", "This step type needs exactly one `default` event."),
    MISSING_INTENT: ("error", "Give every reply a lower-case intent, e.g. `yes`."),
    INVALID_INTENT: ("error", "An intent is a short lower-case keyword such as `yes` or `buy`, never copy."),
    INVALID_WAIT: ("error", "Set a positive wait, e.g. after: {value: 1, unit: days}."),
    SEGMENT_BRANCHES: ("error", "A segment needs exactly two split events: `include` and `exclude`."),
    SCHEDULE_BRANCHES: ("error", "A schedule needs two or more split events, one labelled `All other time`."),
    EXPERIMENT_BRANCHES: ("error", "An experiment needs two or more split events (Group A, Group B, ...)."),
    EXPERIMENT_NAME_MISSING: ("error", "Set experimentName on the experiment step."),
    MESSAGE_TEXT_MISSING: ("error", "Write the SMS body in content/text/messageText."),
    DISCOUNT_VALUE_INVALID: ("error", "discountValue must be digits (percentage 1-100)."),
    DISCOUNT_CODE_MISSING: ("error", "Set discountCode (upper-case letters and digits)."),
    IMAGE_URL_MISSING: ("error", "Set imageUrl or turn addImage off."),
    MANUAL_CART_WITHOUT_PRODUCTS: ("error", "Add products, or use cartSource `latest`."),
    INVALID_CART_SOURCE: ("error", "cartSource must be `manual` or `latest`."),
    PROPERTY_MISSING: ("error", "Add at least one {id, name, value} property."),
    SMS_TOO_LONG: ("warning", "Shorten the text to three segments or fewer; avoid emoji and curly quotes."),
    UNKNOWN_VARIABLE: ("warning", "Use a known template variable such as {{first_name}} or {{brand_name}}."),
    NONCANONICAL_VARIABLE: ("warning", "Use the canonical variable name, e.g. {{first_name}}."),
    DISCOUNT_TEXT_MISMATCH: ("warning", "Make the discount in the text match the node's discount settings."),
    DISCOUNT_NOT_IN_TEXT: ("warning", "Mention the discount that is set on the node in the text."),
    DISCOUNT_INCONSISTENT: (
        "warning",
        "Give the offer/purchase step the discount the message promises (same kind, value and code).",
    ),
    REPLY_CTA_WITHOUT_EVENT: ("warning", "Add a reply event with the intent the text asks for."),
    MISSING_BRAND: ("warning", "Identify the sender in the first message, e.g. with {{brand_name}}."),
    MISSING_OPT_OUT: ("warning", "Add opt-out wording to the first message, e.g. 'Reply STOP to opt out'."),
    PROMO_FREQUENCY: ("warning", "Space promotional sends 24 h apart or add a rate_limit/limit step."),
    QUIET_HOURS: (
        "warning",
        "Keep every send window inside 08:00-21:00 in the customer's time zone, start and end on the same day.",
    ),
    SCHEDULE_TIMEZONE: (
        "warning",
        "Set schedule.timezone to the customers' IANA time zone, e.g. America/New_York.",
    ),
    QUIET_HOURS_REQUESTED: (
        "warning",
        "The brief asks for a send time in quiet hours: move it inside 8:00 AM-9:00 PM recipient time "
        "(e.g. 8:00 AM instead of 6:00 AM, 8:00 PM instead of 11:00 PM) and tell the marketer.",
    ),
    PROPERTY_ENTRY_FILTER: (
        "warning",
        "Remove the condition from the entry segment, or filter on the property not existing yet.",
    ),
}


def severity_of(code: str) -> Severity:
    return CODES[code][0]


def default_hint(code: str) -> str:
    return CODES[code][1]
