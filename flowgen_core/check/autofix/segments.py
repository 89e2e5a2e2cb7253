"""Segment steps: legacy definitions converted, conditions written as the spec spells them."""

from __future__ import annotations

from typing import Any

from flowgen_core.check.autofix.changes import JSONObject, Recorder
from flowgen_core.check.autofix.codes import ENUM_NORMALISED, SEGMENT_DEFINITION_CONVERTED, VALUE_NORMALISED
from flowgen_core.check.autofix.legacy import convert_segment_definition
from flowgen_core.check.autofix.spellings import (
    CONDITION_OPERATORS,
    CONDITION_TYPES,
    PROPERTY_OPERATORS,
    SEGMENT_ACTION_BY_KEY,
)
from flowgen_core.check.autofix.values import UNITS, as_int, digits, parse_unit

_CONDITION_ENUMS = (
    ("type", CONDITION_TYPES),
    ("operator", CONDITION_OPERATORS),
    ("action", SEGMENT_ACTION_BY_KEY),
    ("propertyOperator", PROPERTY_OPERATORS),
)


def fix_segment(rec: Recorder, step: JSONObject, path: str) -> None:
    sid = step.get("id")
    conditions = step.get("conditions")
    if (not isinstance(conditions, list) or not conditions) and isinstance(
        step.get("segmentDefinition"), dict
    ):
        _convert_definition(rec, step, sid, path)
    conditions = step.get("conditions")
    if not isinstance(conditions, list):
        return
    for index, condition in enumerate(conditions):
        if isinstance(condition, dict):
            fix_condition(rec, condition, index, sid, f"{path}/conditions/{index}")


def _convert_definition(rec: Recorder, step: JSONObject, sid: Any, path: str) -> None:
    converted = convert_segment_definition(step["segmentDefinition"])
    if converted is None:
        return
    rec.put(
        step,
        "conditions",
        converted,
        SEGMENT_DEFINITION_CONVERTED,
        sid,
        path,
        "legacy segmentDefinition converted to conditions",
    )
    before = step.pop("segmentDefinition")
    rec.record(
        SEGMENT_DEFINITION_CONVERTED,
        sid,
        f"{path}/segmentDefinition",
        before,
        None,
        "the legacy form is read, not written",
    )


def fix_condition(rec: Recorder, condition: JSONObject, index: int, sid: Any, path: str) -> None:
    if condition.get("id") != index + 1:
        rec.put(condition, "id", index + 1, VALUE_NORMALISED, sid, path, "condition ids count from 1")
    for key, table in _CONDITION_ENUMS:
        rec.put_enum(condition, key, table, sid, path, f"condition {key} written as the spec spells it")
    raw_type = condition.get("timePeriodType")
    lowered = raw_type.strip().lower() if isinstance(raw_type, str) else None
    if lowered in ("relative", "absolute") and raw_type != lowered:
        rec.put(condition, "timePeriodType", lowered, ENUM_NORMALISED, sid, path, "case")
    if not _fix_custom_unit(rec, condition, sid, path):
        return
    value = condition.get("customTimeValue")
    if value not in (None, "") and digits(value) is not None and digits(value) != value:
        rec.put(condition, "customTimeValue", digits(value), VALUE_NORMALISED, sid, path, "as digits")


def _fix_custom_unit(rec: Recorder, condition: JSONObject, sid: Any, path: str) -> bool:
    """Capitalise `customTimeUnit`, weeks as days; False when weeks have no number to scale."""
    unit = condition.get("customTimeUnit")
    if not isinstance(unit, str) or not unit:
        return True
    parsed = parse_unit(unit)
    if parsed is None or parsed[0] == "seconds":
        return True
    key, factor = parsed
    if factor != 1:
        number = as_int(condition.get("customTimeValue"))
        if number is None:
            return False
        rec.put(
            condition,
            "customTimeValue",
            str(number * factor),
            VALUE_NORMALISED,
            sid,
            path,
            "weeks written as days",
        )
    rec.put(condition, "customTimeUnit", UNITS[key][2], ENUM_NORMALISED, sid, path, "unit case")
    return True
