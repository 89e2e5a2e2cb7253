"""The FlowBuilder flow format: models, JSON Schema, template variables, SMS arithmetic."""

from __future__ import annotations

from flowgen_core.flowbuilder.models import EVENT_TYPES, STEP_MODELS, STEP_TYPES, Flow
from flowgen_core.flowbuilder.sms import SegmentInfo, segment_info, step_text
from flowgen_core.flowbuilder.variables import canonical_name, find_variables


def __getattr__(name: str) -> object:
    # Imported lazily so `python -m flowgen_core.flowbuilder.schema` runs the module once.
    if name in ("SCHEMA_VERSION", "load_schema"):
        from flowgen_core.flowbuilder import schema

        return getattr(schema, name)
    raise AttributeError(name)


__all__ = [
    "EVENT_TYPES",
    "SCHEMA_VERSION",
    "STEP_MODELS",
    "STEP_TYPES",
    "Flow",
    "SegmentInfo",
    "canonical_name",
    "find_variables",
    "load_schema",
    "segment_info",
    "step_text",
]
