"""Steps whose values are written twice (a flat field and a structured mirror): normalise
the flat fields, then make the mirror say the same.

delay: `time`/`period` and `delay: {value, unit}`; rate_limit/limit: `occurrences`/
`timespan`/`period` and `rateLimit`/`limit`; no_reply: `value`/`unit`, `after` and the
legacy `seconds`/`period`.
"""

from __future__ import annotations

from typing import Any

from flowgen_core.check.autofix.changes import JSONObject, Recorder
from flowgen_core.check.autofix.codes import DEFAULT_FILLED, ENUM_NORMALISED, MIRROR_SYNCED, VALUE_NORMALISED
from flowgen_core.check.autofix.values import (
    ADVERB_PERIODS,
    UNITS,
    as_int,
    digits,
    object_or_empty,
    parse_unit,
)
from flowgen_core.format.mirrors import cap_mirror


def fix_delay(rec: Recorder, step: JSONObject, path: str) -> None:
    sid = step.get("id")
    time_value, period = step.get("time"), step.get("period")
    mirror = object_or_empty(step.get("delay"))
    if time_value is None and period is None and mirror:
        time_value, period = mirror.get("value"), mirror.get("unit")
    number = as_int(time_value)
    parsed = parse_unit(period)
    if number is None or parsed is None:
        return
    key, factor = parsed
    time_text, period_text = str(number * factor), UNITS[key][2]
    reason = "weeks written as days" if factor != 1 else "delay time as digits and period capitalised"
    rec.put(step, "time", time_text, VALUE_NORMALISED, sid, path, reason)
    rec.put(step, "period", period_text, ENUM_NORMALISED, sid, path, reason)
    value_type = type(mirror.get("value")) if mirror.get("value") is not None else str
    mirror_value: Any = number * factor if value_type is int else time_text
    wanted = {**mirror, "value": mirror_value, "unit": period_text}
    if step.get("delay") != wanted:
        rec.put(step, "delay", wanted, MIRROR_SYNCED, sid, path, "delay mirrors time and period")


def fix_cap(rec: Recorder, step: JSONObject, path: str) -> None:
    """rate_limit and limit: digits, a canonical period, then the mirror from `cap_mirror`."""
    sid = step.get("id")
    for key in ("occurrences", "timespan"):
        found = digits(step.get(key))
        if found is not None and found != step.get(key):
            rec.put(step, key, found, VALUE_NORMALISED, sid, path, f"{key} as digits")
    period = step.get("period")
    if not isinstance(period, str) or not _fix_cap_period(rec, step, period, path):
        return
    occurrences, timespan = step.get("occurrences"), step.get("timespan")
    count = as_int(occurrences)
    if count is None or digits(timespan) is None:
        return
    mirror_key, canonical = cap_mirror(step["type"], count, step["period"])
    wanted = {**object_or_empty(step.get(mirror_key)), **canonical}
    if step.get(mirror_key) != wanted:
        rec.put(step, mirror_key, wanted, MIRROR_SYNCED, sid, path, f"{mirror_key} mirrors the cap")
    if not isinstance(step.get("content"), str) or not step["content"].strip():
        times = "time" if occurrences == "1" else "times"
        description = f"{occurrences} {times} every {timespan} {step['period'].lower()}"
        rec.put(step, "content", description, DEFAULT_FILLED, sid, path, "content describes the cap")


def _fix_cap_period(rec: Recorder, step: JSONObject, period: str, path: str) -> bool:
    """Write the period as the spec spells it; False when it has no such spelling."""
    sid = step.get("id")
    period_key = period.strip().lower()
    if period_key in ADVERB_PERIODS:
        canonical, factor = ADVERB_PERIODS[period_key]
        span = as_int(step.get("timespan"))
        span = 1 if span is None or span == 0 else span
        reason = f"a {period_key} cap as a"
        rec.put(step, "timespan", str(span * factor), VALUE_NORMALISED, sid, path, f"{reason} timespan")
        rec.put(step, "period", canonical, ENUM_NORMALISED, sid, path, f"{reason} period")
        return True
    parsed = parse_unit(period)
    if parsed is None or parsed[0] == "seconds":
        return False
    key, factor = parsed
    if factor != 1:
        span = as_int(step.get("timespan"))
        if span is None:
            return False
        rec.put(step, "timespan", str(span * factor), VALUE_NORMALISED, sid, path, "weeks written as days")
    rec.put(step, "period", UNITS[key][2], ENUM_NORMALISED, sid, path, "period capitalised")
    return True


def fix_no_reply(rec: Recorder, step: JSONObject, path: str) -> None:
    sid = step.get("id")
    if "enabled" not in step:
        rec.put(step, "enabled", True, DEFAULT_FILLED, sid, path, "enabled by default")
    after = object_or_empty(step.get("after"))
    value, unit = step.get("value"), step.get("unit")
    if value is None and unit is None:
        value, unit = after.get("value"), after.get("unit")
    number = as_int(value)
    parsed = parse_unit(unit)
    if number is None or parsed is None:
        return
    key, factor = parsed
    seconds_each, lower, capital = UNITS[key]
    number *= factor
    rec.put(step, "value", number, VALUE_NORMALISED, sid, path, "no-reply wait as an integer")
    rec.put(step, "unit", lower, ENUM_NORMALISED, sid, path, "no-reply unit in lower case")
    wanted = {**after, "value": number, "unit": lower}
    if step.get("after") != wanted:
        rec.put(step, "after", wanted, MIRROR_SYNCED, sid, path, "after mirrors value and unit")
    rec.put(step, "seconds", number * seconds_each, MIRROR_SYNCED, sid, path, "legacy seconds mirror")
    rec.put(step, "period", capital, MIRROR_SYNCED, sid, path, "legacy period mirror")
