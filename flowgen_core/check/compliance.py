"""Brief compliance: does a FlowBuilder flow do what the marketer's brief explicitly asked?

Every unmet requirement is a *warning* (the flow may still be usable); codes start with
`brief_`. The reading of the flow is deliberately lenient: both format revisions, mirrored
fields (`delay: {value, unit}`, `rateLimit`, `after`), strings or numbers, any case, and
anything unreadable is skipped rather than raised on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime, time
from typing import Any

from flowgen_core.brief import (
    AudienceCondition,
    CampaignBrief,
    Discount,
    Duration,
    FrequencyCap,
    SendWindow,
)
from flowgen_core.check.codes import QUIET_HOURS_REQUESTED, SCHEDULE_TIMEZONE, default_hint, severity_of
from flowgen_core.check.hours import ALLOWED, clock, hours_problem, in_quiet_hours, window_times, zone_of
from flowgen_core.check.report import Finding
from flowgen_core.check.send_times import requested_times
from flowgen_core.format.sms import segment_info
from flowgen_core.steps import kind_of
from flowgen_core.steps.base import Role

_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}
_SMS_TYPES = {"message", "purchase_offer", "product_choice", "reply_cart_choice"}
_TRUTHY = {"true", "yes", "1", "y", "on"}
_FALSY = {"false", "no", "0", "n", "off"}
_MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


# ------------------------------------------------------------------ lenient readers


def _steps(flow: Any) -> list[dict[str, Any]]:
    if not isinstance(flow, dict):
        return []
    steps = flow.get("steps")
    if not isinstance(steps, list) and isinstance(flow.get("campaign_json"), dict):
        steps = flow["campaign_json"].get("steps")
    return [s for s in steps if isinstance(s, dict)] if isinstance(steps, list) else []


def _events(steps: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for step in steps:
        events = step.get("events")
        if isinstance(events, list):
            for event in events:
                if isinstance(event, dict):
                    yield step, event


def _low(value: Any) -> str:
    return str(value).strip().lower() if value is not None else ""


def _seconds(value: Any, unit: Any) -> int | None:
    try:
        amount = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    name = _low(unit).rstrip("s")
    return amount * _UNIT_SECONDS[name] if name in _UNIT_SECONDS else None


def _sms_text(step: dict[str, Any]) -> str:
    for key in ("messageText", "content", "text"):
        value = step.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _texts(steps: list[dict[str, Any]]) -> list[str]:
    return [t for s in steps if s.get("type") in _SMS_TYPES for t in (_sms_text(s),) if t]


def _all_texts(step: dict[str, Any]) -> list[str]:
    return [v for k in ("messageText", "content", "text") if isinstance(v := step.get(k), str)]


def _blob(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=str).lower()
    except (TypeError, ValueError):
        return str(value).lower()


def _same_value(a: Any, b: Any) -> bool:
    left, right = _low(a), _low(b)
    if left == right:
        return True
    return (left in _TRUTHY and right in _TRUTHY) or (left in _FALSY and right in _FALSY)


def _human(d: Duration) -> str:
    unit = d.unit[:-1] if d.value == 1 else d.unit
    return f"{d.value} {unit}"


# ------------------------------------------------------------------ audience


def _has_role(step: dict[str, Any], role: Role) -> bool:
    """The step's kind provides what a brief asks for under `role`."""
    return role in kind_of(step).roles


def _condition_days(cond: dict[str, Any]) -> float | None:
    if cond.get("customTimeValue") not in (None, "") and cond.get("customTimeUnit"):
        secs = _seconds(cond.get("customTimeValue"), cond.get("customTimeUnit"))
        if secs:
            return secs / 86400
    m = re.search(r"(\d+)\s*(minute|hour|day|week|month)", str(cond.get("timePeriod", "")), re.I)
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2).lower()
    return n * {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 30}[unit]


def _segment_conditions(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    conditions: list[dict[str, Any]] = []
    for step in steps:
        if not _has_role(step, "audience"):
            continue
        raw = step.get("conditions")
        if isinstance(raw, list):
            conditions.extend(c for c in raw if isinstance(c, dict))
    return conditions


def _condition_met(want: AudienceCondition, conditions: list[dict[str, Any]]) -> bool:
    for cond in conditions:
        if want.kind == "property":
            if _low(cond.get("propertyName")) != _low(want.property_name):
                continue
            if want.property_value is None or _same_value(cond.get("propertyValue"), want.property_value):
                return True
            continue
        if _low(cond.get("action")) != _low(want.action):
            continue
        if _low(cond.get("operator") or "has") != want.operator:
            continue
        if want.days is not None:
            days = _condition_days(cond)
            if days is None or abs(days - want.days) > 0.01:
                continue
        return True
    return False


def _describe_condition(c: AudienceCondition) -> str:
    if c.kind == "property":
        value = f" {c.property_value!r}" if c.property_value is not None else ""
        return f"property {c.property_name} {c.property_operator or 'with a value of'}{value}"
    window = f" within the last {c.days} Days" if c.days else ""
    return f"{c.action} {c.operator}{window}"


def _check_audience(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    conditions = _segment_conditions(steps)
    findings = []
    for want in brief.audience:
        if _condition_met(want, conditions):
            continue
        if want.kind == "property":
            hint = (
                f'Add a segment condition: type "property", propertyName "{want.property_name}", '
                f'propertyOperator "{want.property_operator or "with a value of"}"'
                + (f', propertyValue "{want.property_value}".' if want.property_value is not None else ".")
            )
        else:
            window = (
                f'timePeriod "within the last {want.days} Days"' if want.days else 'timePeriod "all time"'
            )
            hint = (
                f'Add a segment condition: type "event", action "{want.action}", '
                f'operator "{want.operator}", {window}.'
            )
        findings.append(
            _warn(
                "brief_audience_missing",
                f"The brief targets {_describe_condition(want)}, but no segment does.",
                hint,
            )
        )
    return findings


# ------------------------------------------------------------------ discounts


def _discount_on_step(step: dict[str, Any], want: Discount) -> bool:
    dtype = _low(step.get("discountType"))
    plain = _low(step.get("discount")).replace(" ", "")
    if want.kind == "percentage":
        value = _low(want.value)
        return (
            (
                dtype == "percentage"
                and value in (_low(step.get("discountValue")), _low(step.get("discountPercentage")))
            )
            or (_low(step.get("discountPercentage")) == value and step.get("discount") is not False)
            or plain == f"{value}%"
        )
    if want.kind == "amount":
        value = _low(want.value)
        return (
            (
                dtype == "amount"
                and value in (_low(step.get("discountValue")), _low(step.get("discountAmount")))
            )
            or (_low(step.get("discountAmount")) == value and step.get("discount") is not False)
            or plain == f"${value}"
        )
    if want.kind == "code":
        code = _low(want.code)
        if code and code in (_low(step.get("discountCode")), plain):
            return True
        return (
            step.get("type") in _SMS_TYPES and bool(code) and any(code in t.lower() for t in _all_texts(step))
        )
    return False


def _check_discounts(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    findings = []
    texts = [t.lower() for s in steps if s.get("type") in _SMS_TYPES for t in _all_texts(s)]
    for want in brief.discounts:
        if want.kind == "free_shipping":
            if not any(re.search(r"free\s+(?:shipping|delivery)|ships?\s+free", t) for t in texts):
                findings.append(
                    _warn(
                        "brief_discount_missing",
                        "The brief offers free shipping, but no message mentions it.",
                        'Say "free shipping" in the message that makes the offer.',
                    )
                )
            continue
        if any(_discount_on_step(s, want) for s in steps):
            continue
        if want.kind == "percentage":
            stated = f"{want.value}% off"
            hint = f'Set discountType "percentage" and discountValue "{want.value}" on the offer message.'
        elif want.kind == "amount":
            stated = f"${want.value} off"
            hint = f'Set discountType "amount" and discountValue "{want.value}" on the offer message.'
        else:
            stated = f"code {want.code}"
            hint = f'Set discountType "code" and discountCode "{want.code}" on the offer message.'
        findings.append(
            _warn(
                "brief_discount_missing",
                f"The brief offers {stated}, but no message or offer carries it.",
                hint,
            )
        )
    return findings


# ------------------------------------------------------------------ replies and timing


def _check_replies(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    intents = {_low(e.get("intent")) for _, e in _events(steps) if e.get("type") == "reply"}
    intents |= {_low(s.get("intent")) for s in steps if _has_role(s, "reply")}
    return [
        _warn(
            "brief_reply_missing",
            f'The brief asks customers to reply "{kw.upper()}", but no reply event has intent "{kw}".',
            f'Add a reply event with intent "{kw}" on the message that asks for it.',
        )
        for kw in brief.reply_keywords
        if kw.lower() not in intents
    ]


def _check_waits(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    delays: set[int] = set()
    for step in steps:
        if not _has_role(step, "wait"):
            continue
        if (secs := _seconds(step.get("time"), step.get("period"))) is not None:
            delays.add(secs)
        mirror = step.get("delay")
        if (
            isinstance(mirror, dict)
            and (secs := _seconds(mirror.get("value"), mirror.get("unit"))) is not None
        ):
            delays.add(secs)
    return [
        _warn(
            "brief_wait_missing",
            f"The brief asks to wait {_human(want)}, but no delay step waits that long.",
            f'Add a delay step with time "{want.value}" and period "{want.unit.capitalize()}".',
        )
        for want in brief.waits
        if want.seconds not in delays
    ]


def _check_no_reply(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    timeouts: set[int] = set()
    for _, event in _events(steps):
        after = event.get("after")
        secs = _seconds(after.get("value"), after.get("unit")) if isinstance(after, dict) else None
        if event.get("type") == "noreply" and secs is not None:
            timeouts.add(secs)
    for step in steps:
        if _has_role(step, "no_reply"):
            if (secs := _seconds(step.get("value"), step.get("unit"))) is not None:
                timeouts.add(secs)
            after = step.get("after")
            if (
                isinstance(after, dict)
                and (secs := _seconds(after.get("value"), after.get("unit"))) is not None
            ):
                timeouts.add(secs)
    return [
        _warn(
            "brief_noreply_missing",
            f"The brief follows up when there is no reply within {_human(want)}, "
            "but no noreply event waits that long.",
            f'Add a noreply event with after {{"value": {want.value}, "unit": "{want.unit}"}}.',
        )
        for want in brief.no_reply_after
        if want.seconds not in timeouts
    ]


def _limits(steps: list[dict[str, Any]]) -> set[tuple[int, int]]:
    """(occurrences, window in seconds) of every rate_limit/limit step, from any of its mirrors."""
    found: set[tuple[int, int]] = set()
    for step in steps:
        if not _has_role(step, "cap"):
            continue
        try:
            occurrences = int(str(step.get("occurrences")).strip())
        except (TypeError, ValueError):
            occurrences = None
        window = _seconds(step.get("timespan"), step.get("period"))
        if occurrences and window:
            found.add((occurrences, window))
        for key in ("rateLimit", "limit"):
            mirror = step.get(key)
            if not isinstance(mirror, dict):
                continue
            count = mirror.get("limit", mirror.get("value", occurrences))
            period = mirror.get("period")
            try:
                count = int(str(count).strip())
            except (TypeError, ValueError):
                continue
            if isinstance(period, dict):
                secs = _seconds(
                    period.get("value", period.get("timespan")), period.get("unit", period.get("period"))
                )
            else:
                secs = _seconds(step.get("timespan"), period) if period else None
            if count and secs:
                found.add((count, secs))
    return found


def _cap_seconds(cap: FrequencyCap) -> int:
    return cap.timespan * {"Minutes": 60, "Hours": 3600, "Days": 86400}[cap.period]


def _check_caps(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    limits = _limits(steps)
    findings = []
    for kind, caps in (("frequency cap", brief.frequency_caps), ("entry limit", brief.entry_limits)):
        for cap in caps:
            if (cap.occurrences, _cap_seconds(cap)) in limits:
                continue
            node = "limit" if kind == "entry limit" else "rate_limit"
            findings.append(
                _warn(
                    "brief_cap_missing",
                    f"The brief sets a {kind} of {cap.occurrences} per {cap.timespan} {cap.period.lower()}, "
                    "but no rate_limit/limit step enforces it.",
                    f'Add a {node} step with occurrences "{cap.occurrences}", timespan "{cap.timespan}" '
                    f'and period "{cap.period}".',
                )
            )
    return findings


def _date_spellings(stamp: str | None) -> list[str]:
    if not stamp:
        return []
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return [stamp.lower()]
    month = _MONTH_ABBR[when.month - 1]
    return [
        when.date().isoformat(),
        f"{month} {when.day}".lower(),
        f"{when.strftime('%B')} {when.day}".lower(),
        f"{when.month}/{when.day}",
    ]


def _check_schedule(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    if not brief.send_windows:
        return []
    schedules = [s for s in steps if _has_role(s, "send_window")]
    if not schedules:
        stated = "; ".join(w.text or (w.start or "") for w in brief.send_windows)
        return [
            _warn(
                "brief_schedule_missing",
                f"The brief sets when to send ({stated}), but the flow has no schedule step.",
                "Start the flow with a schedule step whose split events cover the stated window "
                'and "All other time".',
            )
        ]
    blob = " ".join(_blob(s) for s in schedules)
    findings = []
    for window in brief.send_windows:
        findings.extend(_window_findings(window, blob))
    return findings


def _window_findings(window: SendWindow, blob: str) -> list[Finding]:
    findings = []
    spellings = _date_spellings(window.start)
    if spellings and not any(s in blob for s in spellings):
        findings.append(
            _warn(
                "brief_schedule_missing",
                f'The brief sends at "{window.text or window.start}", '
                f"but no schedule step mentions {spellings[0]}.",
                f'Write the window into the schedule step, e.g. {{"windows": [{{"start": "{window.start}"'
                + (f', "end": "{window.end}"' if window.end else "")
                + "}]}.",
            )
        )
    if window.timezone and window.timezone.lower() not in blob:
        findings.append(
            _warn(
                "brief_schedule_missing",
                f"The brief's send time is in {window.timezone}, but no schedule step names that time zone.",
                f'Set "timezone": "{window.timezone}" in the schedule step\'s schedule object.',
            )
        )
    return findings


# ------------------------------------------------------------------ quiet hours, time zone

_UTC_NAMES = frozenset({"utc", "etc/utc", "gmt", "etc/gmt", "z", "zulu", "universal", "etc/universal"})


def _schedule_windows(steps: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(schedule object, window) of every window the flow's schedule steps name."""
    for step in steps:
        schedule = step.get("schedule")
        if not _has_role(step, "send_window") or not isinstance(schedule, dict):
            continue
        windows = schedule.get("windows")
        for window in windows if isinstance(windows, list) else []:
            if isinstance(window, dict):
                yield schedule, window


def _same_minute(a: time | None, b: time | None) -> bool:
    return a is not None and b is not None and (a.hour, a.minute) == (b.hour, b.minute)


def _check_quiet_hours(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    """A send time the brief asks for in quiet hours. Where a schedule window carries it (the
    flow honours the brief's words), the content layer's `quiet_hours` already reports that
    window; here the rest: a time the flow does not send at, or cannot (no date, no window)."""
    requested = requested_times(brief)
    if not requested:
        return []
    carried = [
        window_times(window, zone_of(schedule.get("timezone")))
        for schedule, window in _schedule_windows(steps)
    ]
    findings = []
    for want in requested:
        if want.until is None:
            if not in_quiet_hours(want.at) or any(_same_minute(start, want.at) for start, _ in carried):
                continue
            message = (
                f'The brief asks to send at {clock(want.at)} ("{want.words}"), in quiet hours: {ALLOWED}. '
                "No send window of the flow starts then."
            )
        else:
            problem = hours_problem(want.at, want.until)
            if problem is None or any(
                _same_minute(start, want.at) and _same_minute(end, want.until) for start, end in carried
            ):
                continue
            message = (
                f'The brief asks to send between {clock(want.at)} and {clock(want.until)} ("{want.words}"), '
                f"hours that reach into quiet hours (the window {problem}): {ALLOWED}. "
                "No send window of the flow keeps to those hours."
            )
        findings.append(
            Finding(
                code=QUIET_HOURS_REQUESTED,
                severity=severity_of(QUIET_HOURS_REQUESTED),
                message=message,
                hint=default_hint(QUIET_HOURS_REQUESTED),
            )
        )
    return findings


def _check_schedule_zone(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    """Send times of a brief that names no time zone, read by the schedule as UTC: the
    customers' own hours are unknown, and UTC is rarely theirs."""
    zones = [w.timezone for w in brief.send_windows] + [h.timezone for h in brief.send_hours]
    if not zones or any(zones):
        return []
    read_in = {_low(schedule.get("timezone")) for schedule, _ in _schedule_windows(steps)}
    if not read_in & _UTC_NAMES:
        return []
    return [
        Finding(
            code=SCHEDULE_TIMEZONE,
            severity=severity_of(SCHEDULE_TIMEZONE),
            message="The brief names no time zone for its send times, so the schedule reads them in UTC, "
            "not in the customers' time (10:00 AM UTC is 5:00 AM in New York).",
            hint='Say the customers\' time zone in the brief (e.g. "10am-8pm Eastern"), or set it in the '
            "schedule step's timezone (an IANA name such as America/New_York).",
        )
    ]


# ------------------------------------------------------------------ experiment, products, properties


def _check_experiment(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    if brief.experiment is None:
        return []
    experiments = [s for s in steps if _has_role(s, "experiment")]
    if not experiments:
        return [
            _warn(
                "brief_experiment_missing",
                f"The brief asks for an A/B test with {brief.experiment.groups} groups, but the flow has no "
                "experiment step.",
                "Add an experiment step with one split event per version (Group A, Group B, ...).",
            )
        ]
    counts = [
        sum(1 for e in s.get("events") or [] if isinstance(e, dict) and e.get("type") == "split")
        or len(s.get("events") or [])
        for s in experiments
    ]
    if brief.experiment.groups in counts:
        return []
    return [
        _warn(
            "brief_experiment_missing",
            f"The brief asks for {brief.experiment.groups} versions, "
            f"but the experiment has {max(counts)} groups.",
            f"Give the experiment step exactly {brief.experiment.groups} split events.",
        )
    ]


def _check_products(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    refs: list[tuple[str, str]] = []
    for step in steps:
        products = step.get("products")
        if not isinstance(products, list):
            continue
        for p in products:
            if isinstance(p, dict):
                variant = p.get("productVariantId", p.get("id", p.get("uniqueId")))
                refs.append((_low(variant), _low(p.get("quantity", "1"))))
            elif isinstance(p, str | int):
                refs.append((_low(p), "1"))
    findings = []
    for want in brief.products:
        matches = [q for v, q in refs if v == want.variant_id.lower()]
        if not matches:
            findings.append(
                _warn(
                    "brief_product_missing",
                    f"The brief names product variant {want.variant_id}, but no step's products include it.",
                    f'Use cartSource "manual" with products [{{"productVariantId": "{want.variant_id}", '
                    f'"quantity": "{want.quantity}"}}].',
                )
            )
        elif str(want.quantity) not in matches:
            findings.append(
                _warn(
                    "brief_product_missing",
                    f"The brief asks for {want.quantity} unit(s) of variant {want.variant_id}, "
                    f"but the flow offers {', '.join(matches)}.",
                    f'Set quantity "{want.quantity}" on product {want.variant_id}.',
                )
            )
    return findings


def _check_properties(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    written: list[tuple[str, Any]] = []
    for step in steps:
        if not _has_role(step, "properties") or not isinstance(step.get("properties"), list):
            continue
        written.extend(
            (_low(p.get("name")), p.get("value")) for p in step["properties"] if isinstance(p, dict)
        )
    findings = []
    for want in brief.property_updates:
        values = [v for n, v in written if n == want.name.lower()]
        # a placeholder value ("{{reply}}") says "store the answer": any value the flow chose is fine
        placeholder = "{{" in want.value
        if values and (placeholder or any(_same_value(v, want.value) for v in values)):
            continue
        if values:
            message = (
                f"The brief sets property {want.name} to {want.value!r}, but the flow sets {values[0]!r}."
            )
        else:
            message = f"The brief sets property {want.name}, but no property step writes it."
        findings.append(
            _warn(
                "brief_property_missing",
                message,
                f'Add a property step with properties [{{"name": "{want.name}", "value": "{want.value}"}}].',
            )
        )
    return findings


# ------------------------------------------------------------------ copy


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _check_copy(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    texts = [t for s in steps if s.get("type") in _SMS_TYPES for t in _all_texts(s)]
    squashed = [_squash(t) for t in texts]
    findings = []
    for copy in brief.quoted_copy:
        if any(copy in t for t in texts) or any(_squash(copy) in t for t in squashed):
            continue
        preview = copy if len(copy) <= 60 else copy[:57] + "..."
        findings.append(
            _warn(
                "brief_copy_missing",
                f'The brief quotes copy to use verbatim ("{preview}"), but no message contains it exactly.',
                "Use the quoted text as the message body, character for character "
                "(template variables included).",
            )
        )
    return findings


def _check_segments(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    if not brief.max_segments:
        return []
    findings = []
    for index, step in enumerate(steps):
        if step.get("type") not in _SMS_TYPES or not (text := _sms_text(step)):
            continue
        segments = segment_info(text).segments
        if segments > brief.max_segments:
            findings.append(
                _warn(
                    "brief_segments_exceeded",
                    f"The brief limits texts to {brief.max_segments} SMS segment(s); "
                    f"this one needs {segments}.",
                    "Shorten the text, and avoid emoji and curly quotes: "
                    "they force the 70-character encoding.",
                    step_id=str(step.get("id")) if step.get("id") is not None else None,
                    path=f"/steps/{index}",
                )
            )
    return findings


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def _topic_mentioned(topic: str, texts: str) -> bool:
    words = [w for w in re.findall(r"[a-z0-9-]+", topic.lower()) if len(w) > 2]
    return all(_stem(w) in texts for w in words)


def _check_topics(steps: list[dict[str, Any]], brief: CampaignBrief) -> list[Finding]:
    texts = " ".join(_texts(steps)).lower()
    if not texts:
        return []
    return [
        _warn(
            "brief_topic_missing",
            f'The brief is about "{topic}", but no message mentions it.',
            f'Mention "{topic}" in the copy so the customer sees what the text is about.',
        )
        for topic in brief.topics
        if not _topic_mentioned(topic, texts)
    ]


# ------------------------------------------------------------------ entry point


def _warn(code: str, message: str, hint: str, step_id: str | None = None, path: str = "") -> Finding:
    return Finding(code=code, severity="warning", message=message, hint=hint, step_id=step_id, path=path)


_CHECKS: list[Callable[[list[dict[str, Any]], CampaignBrief], list[Finding]]] = [
    _check_audience,
    _check_discounts,
    _check_replies,
    _check_waits,
    _check_no_reply,
    _check_caps,
    _check_schedule,
    _check_quiet_hours,
    _check_schedule_zone,
    _check_experiment,
    _check_products,
    _check_properties,
    _check_copy,
    _check_segments,
    _check_topics,
]


def check_brief(flow: dict[str, Any], brief: CampaignBrief) -> list[Finding]:
    """Warnings for each requirement stated in `brief` that `flow` does not meet. Never raises."""
    steps = _steps(flow)
    findings: list[Finding] = []
    for check in _CHECKS:
        try:
            findings.extend(check(steps, brief))
        except Exception:  # a malformed flow loses that check, not the report
            continue
    return findings
