"""check_brief: a flow that does what the brief says is clean; each unmet requirement warns."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowgen_core.brief import CampaignBrief, extract_brief
from flowgen_core.check.compliance import check_brief
from tests.shared_data import PUBLIC_BRIEFS, UPSTREAM_DIR

TODAY = date(2026, 11, 24)
FIXTURES = UPSTREAM_DIR


def step(step_id: str, step_type: str, nxt: str | None = "end", **fields: Any) -> dict[str, Any]:
    events = [] if nxt is None else [{"id": f"{step_id}-e", "type": "default", "nextStepID": nxt}]
    return {"id": step_id, "type": step_type, "active": True, "parameters": {}, "events": events, **fields}


def flow_meeting(brief: CampaignBrief) -> dict[str, Any]:
    """A (structurally loose) flow carrying every fact of `brief`, as a planner should write it."""
    steps: list[dict[str, Any]] = []
    conditions = []
    for i, c in enumerate(brief.audience, 1):
        if c.kind == "event":
            period = f"within the last {c.days} Days" if c.days else "all time"
            conditions.append(
                {"id": i, "type": "event", "action": c.action, "operator": c.operator, "timePeriod": period}
            )
        else:
            conditions.append(
                {
                    "id": i,
                    "type": "property",
                    "operator": "has",
                    "propertyName": c.property_name,
                    "propertyOperator": c.property_operator,
                    "propertyValue": c.property_value,
                }
            )
    if conditions:
        steps.append(step("segment", "segment", conditions=conditions))
    text = "Hi {{first_name}}! " + " ".join(brief.quoted_copy) + " " + " ".join(brief.topics)
    if any(d.kind == "free_shipping" for d in brief.discounts):
        text += " Free shipping too."
    message = step("msg", "message", content=text, text=text, messageText=text, discountType="none")
    for d in brief.discounts:
        if d.kind in ("percentage", "amount"):
            message.update(discountType=d.kind, discountValue=d.value)
    codes = [d.code for d in brief.discounts if d.kind == "code"]
    offer = step(
        "offer",
        "purchase_offer",
        messageText="Your cart",
        cartSource="manual" if brief.products else "latest",
        products=[{"productVariantId": p.variant_id, "quantity": str(p.quantity)} for p in brief.products],
        discount=bool(codes),
        discountType="code" if codes else "percentage",
        discountCode=codes[0] if codes else "",
    )
    message["events"] = [
        {"id": f"r-{kw}", "type": "reply", "intent": kw, "nextStepID": "end"} for kw in brief.reply_keywords
    ] + [
        {"id": f"nr-{i}", "type": "noreply", "after": {"value": w.value, "unit": w.unit}, "nextStepID": "end"}
        for i, w in enumerate(brief.no_reply_after)
    ]
    steps += [message, offer]
    for i, w in enumerate(brief.waits):
        steps.append(step(f"delay-{i}", "delay", time=str(w.value), period=w.unit.capitalize()))
    for i, c in enumerate(brief.frequency_caps + brief.entry_limits):
        fields = {"occurrences": str(c.occurrences), "timespan": str(c.timespan), "period": c.period}
        steps.append(step(f"limit-{i}", "rate_limit", **fields))
    if brief.send_windows:
        windows = [{"start": w.start, "end": w.end} for w in brief.send_windows]
        zones = [w.timezone for w in brief.send_windows if w.timezone]
        schedule = {"timezone": zones[0] if zones else None, "windows": windows}
        steps.append(step("schedule", "schedule", schedule=schedule))
    if brief.experiment:
        events = [
            {"id": f"g{i}", "type": "split", "label": f"Group {chr(65 + i)}", "nextStepID": "end"}
            for i in range(brief.experiment.groups)
        ]
        steps.append({**step("exp", "experiment", experimentName="Test"), "events": events})
    if brief.property_updates:
        props = [{"id": i, "name": u.name, "value": u.value} for i, u in enumerate(brief.property_updates)]
        steps.append(step("props", "property", properties=props))
    steps.append(step("end", "end", None))
    return {"initialStepID": steps[0]["id"], "steps": steps}


def codes(flow: Any, brief: CampaignBrief) -> list[str]:
    return [f.code for f in check_brief(flow, brief)]


def b(text: str) -> CampaignBrief:
    return extract_brief(text, today=TODAY)


def _rows() -> list[dict[str, Any]]:
    if not PUBLIC_BRIEFS.exists():
        return []
    return [
        json.loads(line) for line in PUBLIC_BRIEFS.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["id"])
def test_flow_doing_what_the_brief_says_is_clean(row: dict[str, Any]) -> None:
    brief = b(row["brief"])
    assert check_brief(flow_meeting(brief), brief) == []


def test_empty_brief_asks_nothing() -> None:
    assert check_brief({"steps": []}, extract_brief("")) == []


# ------------------------------------------------------------------ each requirement, met and missed


def _segment(flow: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in flow["steps"] if s["type"] == "segment")


def test_audience_days_must_match() -> None:
    brief = b("Win back customers who haven't ordered in 90 days")
    flow = flow_meeting(brief)
    assert codes(flow, brief) == []
    _segment(flow)["conditions"][0]["timePeriod"] = "within the last 30 Days"
    assert codes(flow, brief) == ["brief_audience_missing"]
    # the custom time fields count as well as the label
    _segment(flow)["conditions"][0].update(customTimeValue="90", customTimeUnit="Days")
    assert codes(flow, brief) == []


def test_audience_operator_must_match() -> None:
    brief = b("customers who haven't clicked any link in 60 days")
    flow = flow_meeting(brief)
    _segment(flow)["conditions"][0]["operator"] = "has"
    findings = check_brief(flow, brief)
    assert [f.code for f in findings] == ["brief_audience_missing"]
    assert findings[0].severity == "warning"
    assert "clicked_link" in findings[0].message and "has_not" in findings[0].hint


def test_audience_property_value_must_match() -> None:
    brief = b("VIP customers (customer_type = vip)")
    flow = flow_meeting(brief)
    _segment(flow)["conditions"][0]["propertyValue"] = "VIP"  # case does not matter
    assert codes(flow, brief) == []
    _segment(flow)["conditions"][0]["propertyValue"] = "regular"
    assert codes(flow, brief) == ["brief_audience_missing"]


def test_missing_segment_step() -> None:
    brief = b("customers who ordered in the last 30 days")
    flow = flow_meeting(brief)
    flow["steps"] = [s for s in flow["steps"] if s["type"] != "segment"]
    assert codes(flow, brief) == ["brief_audience_missing"]


@pytest.mark.parametrize(
    ("text", "breaker"),
    [
        ("Offer 15% off", lambda f: f["steps"][0].update(discountValue="10")),
        ("Birthday: $10 off", lambda f: f["steps"][0].update(discountType="none")),
        ("use code SAVE20", lambda f: f["steps"][1].update(discountCode="OTHER")),
        (
            "follow up with free shipping",
            lambda f: f["steps"][0].update(content="Hi", text="Hi", messageText="Hi"),
        ),
    ],
)
def test_discount_missing(text: str, breaker: Any) -> None:
    brief = b(text)
    flow = flow_meeting(brief)
    assert codes(flow, brief) == []
    breaker(flow)
    assert codes(flow, brief) == ["brief_discount_missing"]


def test_discount_read_from_either_revision() -> None:
    brief = b("Offer 10% off")
    offer = step("o", "purchase_offer", messageText="x", discount=True, discountPercentage="10")
    assert codes({"steps": [offer]}, brief) == []
    choice = step("c", "product_choice", messageText="x", discount="10%")
    assert codes({"steps": [choice]}, brief) == []
    code_in_copy = step("m", "message", content="Use code SAVE20 today", discountType="none")
    assert codes({"steps": [code_in_copy]}, b("use code SAVE20")) == []


def test_reply_missing() -> None:
    brief = b("reply 1 for new arrivals, 2 for sale items")
    flow = flow_meeting(brief)
    assert codes(flow, brief) == []
    flow["steps"][0]["events"] = [e for e in flow["steps"][0]["events"] if e.get("intent") != "2"]
    findings = check_brief(flow, brief)
    assert [f.code for f in findings] == ["brief_reply_missing"]
    assert '"2"' in findings[0].message


def test_reply_intent_case_insensitive_and_reply_steps() -> None:
    brief = b("Reply SAVE to claim")
    msg = step("m", "message", content="x")
    msg["events"] = [{"id": "e", "type": "reply", "intent": "SAVE", "nextStepID": "m"}]
    assert codes({"steps": [msg]}, brief) == []
    assert codes({"steps": [step("r", "reply", intent="save")]}, brief) == []


def test_wait_missing_and_units_converted() -> None:
    brief = b("get the link 24 hours early")
    assert codes({"steps": [step("d", "delay", time="1", period="Days")]}, brief) == []
    assert codes({"steps": [step("d", "delay", delay={"value": 24, "unit": "Hours"})]}, brief) == []
    assert codes({"steps": [step("d", "delay", time="12", period="Hours")]}, brief) == ["brief_wait_missing"]


def test_noreply_missing() -> None:
    brief = b("if they don't reply within 2 days send one reminder")
    msg = step("m", "message", content="x")
    msg["events"] = [
        {"id": "e", "type": "noreply", "after": {"value": 48, "unit": "hours"}, "nextStepID": "m"}
    ]
    assert codes({"steps": [msg]}, brief) == []
    msg["events"][0]["after"] = {"value": 6, "unit": "hours"}
    assert codes({"steps": [msg]}, brief) == ["brief_noreply_missing"]
    no_reply_step = step("n", "no_reply", value=2, unit="days")
    assert codes({"steps": [no_reply_step]}, brief) == []


def test_cap_missing() -> None:
    brief = b("capped at 3 messages per week")
    ok = step("l", "limit", occurrences="3", timespan="7", period="Days")
    assert codes({"steps": [ok]}, brief) == []
    hours = step("l", "rate_limit", occurrences="3", timespan="168", period="Hours")
    assert codes({"steps": [hours]}, brief) == []
    wrong = step("l", "rate_limit", occurrences="3", timespan="1", period="Days")
    assert codes({"steps": [wrong]}, brief) == ["brief_cap_missing"]
    mirror_only = step("l", "rate_limit", rateLimit={"limit": 3, "period": {"value": 7, "unit": "Days"}})
    assert codes({"steps": [mirror_only]}, brief) == []


def test_entry_limit_missing() -> None:
    brief = b("enter the flow at most once a month")
    assert codes({"steps": []}, brief) == ["brief_cap_missing"]
    assert codes({"steps": [step("l", "limit", occurrences=1, timespan=30, period="Days")]}, brief) == []


def test_schedule_missing_date_and_timezone() -> None:
    brief = b("Send tomorrow 10am PST")
    flow = flow_meeting(brief)
    assert codes(flow, brief) == []
    assert codes({"steps": []}, brief) == ["brief_schedule_missing"]
    sched = next(s for s in flow["steps"] if s["type"] == "schedule")
    sched["schedule"]["timezone"] = "America/New_York"
    assert codes(flow, brief) == ["brief_schedule_missing"]
    sched["schedule"] = {"timezone": "America/Los_Angeles", "windows": []}
    sched["events"] = [{"id": "x", "type": "split", "label": "Nov 25, 10:00 AM - Nov 26, 12:00 AM"}]
    assert codes(flow, brief) == []


def test_experiment_missing_and_group_count() -> None:
    brief = b("Test three versions of the message")
    flow = flow_meeting(brief)
    assert codes(flow, brief) == []
    exp = next(s for s in flow["steps"] if s["type"] == "experiment")
    exp["events"] = exp["events"][:2]
    findings = check_brief(flow, brief)
    assert [f.code for f in findings] == ["brief_experiment_missing"]
    assert "3" in findings[0].message
    assert codes({"steps": []}, brief) == ["brief_experiment_missing"]


def test_product_missing_and_quantity() -> None:
    brief = b("send a purchase offer for 2 units of variant id 12345")
    flow = flow_meeting(brief)
    assert codes(flow, brief) == []
    offer = next(s for s in flow["steps"] if s["type"] == "purchase_offer")
    offer["products"][0]["quantity"] = "1"
    assert codes(flow, brief) == ["brief_product_missing"]
    offer["products"] = []
    assert codes(flow, brief) == ["brief_product_missing"]


def test_property_missing_and_value() -> None:
    brief = b("set property sms_welcome_sent to yes")
    ok = step("p", "property", properties=[{"id": 1, "name": "sms_welcome_sent", "value": "true"}])
    assert codes({"steps": [ok]}, brief) == []  # yes and true say the same
    wrong = step("p", "property", properties=[{"id": 1, "name": "sms_welcome_sent", "value": "no"}])
    assert codes({"steps": [wrong]}, brief) == ["brief_property_missing"]
    assert codes({"steps": []}, brief) == ["brief_property_missing"]
    score = b("record their score as a property")
    any_value = step("p", "property", properties=[{"id": 1, "name": "nps_score", "value": "{{reply_text}}"}])
    assert codes({"steps": [any_value]}, score) == []


def test_copy_must_be_verbatim() -> None:
    brief = b('Use "Your favourites are going fast \u2728 {{cart.list}} reply BUY" as the offer text')
    flow = flow_meeting(brief)
    assert "brief_copy_missing" not in codes(flow, brief)
    for s in flow["steps"]:
        for key in ("content", "text", "messageText"):
            if isinstance(s.get(key), str):
                s[key] = s[key].replace("{{cart.list}}", "{{Cart List}}")
    assert "brief_copy_missing" in codes(flow, brief)


def test_segments_exceeded() -> None:
    brief = b("Summer sale, keep the text under one SMS segment")
    short = step("m", "message", content="Summer sale! 30% off swimwear today.")
    assert codes({"steps": [short]}, brief) == []
    long = step("m2", "message", content="Summer sale \u2600\ufe0f " + "so many deals on everything " * 3)
    findings = check_brief({"steps": [short, long]}, brief)
    assert [f.code for f in findings] == ["brief_segments_exceeded"]
    assert findings[0].step_id == "m2"


def test_topic_missing() -> None:
    brief = b("30% off swimwear")
    assert "brief_topic_missing" in codes({"steps": [step("m", "message", content="30% off today")]}, brief)
    assert "brief_topic_missing" not in codes(
        {"steps": [step("m", "message", content="Swimwear sale")]}, brief
    )


def test_every_finding_is_a_helpful_warning() -> None:
    brief = b(
        "Win back VIPs who haven't ordered in 90 days with 15% off and code BACK15. Reply YES. Wait 2 days. "
        "If no reply in 4 hours, follow up. At most 2 texts per week. Send tomorrow 10am PST. A/B test "
        'urgent vs playful. Variant id 4455. Tag them as winback_buyer. Use "Come back {{first_name}}!" '
        "and keep it to one SMS segment."
    )
    findings = check_brief({"initialStepID": "x", "steps": [step("x", "message", content="Hi")]}, brief)
    found = {f.code for f in findings}
    assert found >= {
        "brief_audience_missing",
        "brief_discount_missing",
        "brief_reply_missing",
        "brief_wait_missing",
        "brief_noreply_missing",
        "brief_cap_missing",
        "brief_schedule_missing",
        "brief_experiment_missing",
        "brief_product_missing",
        "brief_property_missing",
        "brief_copy_missing",
    }
    for f in findings:
        assert f.severity == "warning" and f.code.startswith("brief_")
        assert f.message and f.hint


# ------------------------------------------------------------------ robustness


@pytest.mark.parametrize(
    "flow",
    [
        None,
        [],
        "flow",
        {},
        {"steps": None},
        {"steps": [None, 1, "x", []]},
        {"steps": [{"type": "segment", "conditions": [None, {"timePeriod": None, "customTimeValue": "x"}]}]},
        {"steps": [{"type": "delay", "time": None, "period": 5, "delay": "soon"}]},
        {"steps": [{"type": "message", "events": [{"type": "noreply", "after": {"value": "a"}}, None]}]},
        {"steps": [{"type": "rate_limit", "occurrences": "x", "rateLimit": {"limit": None, "period": []}}]},
        {"steps": [{"type": "property", "properties": [None, {"name": None}]}]},
        {"steps": [{"type": "purchase_offer", "products": [None, 4455, {"quantity": None}]}]},
        {"steps": [{"type": "experiment", "events": None}, {"type": "schedule", "schedule": {1, 2}}]},
    ],
)
def test_never_raises_on_malformed_flows(flow: Any) -> None:
    brief = b(
        "Win back VIPs who haven't ordered in 90 days, 15% off, code BF25, reply YES, wait 2 days, "
        "no reply in 4 hours, at most 2 per week, tomorrow 10am PST, A/B test, variant id 4455 (2 units), "
        'tag them as x_y, "some quoted copy here", keep it to one SMS segment, about coffee'
    )
    findings = check_brief(flow, brief)  # type: ignore[arg-type]
    assert all(f.severity == "warning" for f in findings)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)
step_like = st.fixed_dictionaries(
    {
        "type": st.sampled_from(
            ["message", "segment", "delay", "rate_limit", "schedule", "experiment", "property"]
        ),
    },
    optional={
        "events": json_values,
        "conditions": json_values,
        "time": json_values,
        "period": json_values,
        "products": json_values,
        "properties": json_values,
        "content": json_values,
        "occurrences": json_values,
        "rateLimit": json_values,
    },
)


@settings(max_examples=40, deadline=None)
@given(st.lists(step_like, max_size=4))
def test_never_raises_on_random_flows(steps: list[dict[str, Any]]) -> None:
    brief = b(
        "VIPs who ordered in the last 30 days: 10% off, reply YES, wait 1 day, at most 1 per day, Dec 1 to 5"
    )
    check_brief({"steps": copy.deepcopy(steps)}, brief)


@pytest.mark.skipif(not FIXTURES.exists(), reason="fixtures not available")
def test_upstream_fixture_misses_its_brief() -> None:
    flow = json.loads((FIXTURES / "up-case-1.json").read_text(encoding="utf-8"))
    brief = b("Send tomorrow 10am PST to engaged non-buyers: 10% off, Reply SAVE to claim")
    found = set(codes(flow, brief))
    assert {"brief_audience_missing", "brief_schedule_missing"} <= found
    assert "brief_reply_missing" not in found  # it does have the SAVE reply
