"""The FlowBuilder flow format: models, JSON Schema, template variables, SMS arithmetic."""

from __future__ import annotations

from flowgen_core.format.sms import SegmentInfo, segment_info, step_text
from flowgen_core.format.variables import canonical_name, find_variables
from flowgen_core.format.vocabulary import (
    EVENT_TYPES,
    OFFER_TYPES,
    PROPERTY_OPERATORS,
    SEGMENT_ACTIONS,
    SEND_TYPES,
    SINGLE_DEFAULT_TYPES,
    STEP_TYPE_NAMES,
    STEP_TYPES,
    TEXT_FIELDS,
    WAIT_STEP_TYPES,
    EventType,
    PropertyOperator,
    SegmentAction,
    StepType,
)


def __getattr__(name: str) -> object:
    # The pydantic models are imported on first use: validation reads the shipped JSON Schema
    # and never needs them, so `flowgen validate` starts without building them.
    if name in ("STEP_MODELS", "Flow"):
        from flowgen_core.format import models

        return getattr(models, name)
    # Imported lazily so `python -m flowgen_core.format.schema` runs the module once.
    if name in ("SCHEMA_VERSION", "load_schema"):
        from flowgen_core.format import schema

        return getattr(schema, name)
    raise AttributeError(name)


__all__ = [
    "EVENT_TYPES",
    "OFFER_TYPES",
    "PROPERTY_OPERATORS",
    "SCHEMA_VERSION",
    "SEGMENT_ACTIONS",
    "SEND_TYPES",
    "SINGLE_DEFAULT_TYPES",
    "STEP_MODELS",
    "STEP_TYPES",
    "STEP_TYPE_NAMES",
    "TEXT_FIELDS",
    "WAIT_STEP_TYPES",
    "EventType",
    "Flow",
    "PropertyOperator",
    "SegmentAction",
    "SegmentInfo",
    "StepType",
    "canonical_name",
    "find_variables",
    "load_schema",
    "segment_info",
    "step_text",
]
