"""Content-layer warnings: SMS length, variables, calls to action, discounts, compliance."""

from __future__ import annotations

from typing import Any

from flowgen_core.check import codes, validate_flow

OPT = " Reply STOP to opt out."


def ev(eid: str, kind: str, target: str, **extra: Any) -> dict[str, Any]:
    return {"id": eid, "type": kind, "nextStepID": target, "active": True, "parameters": {}, **extra}


def message(sid: str, text: str, events: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "id": sid,
        "type": "message",
        "active": True,
        "parameters": {},
        "content": text,
        "text": text,
        "messageText": text,
        "events": events,
        **extra,
    }


END = {"id": "end", "type": "end", "active": True, "parameters": {}, "events": []}


def one_message(text: str, **extra: Any) -> dict[str, Any]:
    return {"initialStepID": "m1", "steps": [message("m1", text, [ev("e1", "default", "end")], **extra), END]}


def warning_codes(flow: dict[str, Any], **kwargs: Any) -> list[str]:
    report = validate_flow(flow, **kwargs)
    assert report.valid, report.errors
    return [f.code for f in report.warnings]


def test_clean_first_message_has_no_warnings() -> None:
    assert warning_codes(one_message("{{brand_name}}: hi {{first_name}}!" + OPT)) == []


def test_long_sms_reports_segments_encoding_and_characters() -> None:
    text = "{{brand_name}}: " + "Big news 😀 " * 30 + OPT
    report = validate_flow(one_message(text))
    finding = next(f for f in report.warnings if f.code == codes.SMS_TOO_LONG)
    assert "UCS-2" in finding.message and "😀" in finding.message
    assert finding.path == "/steps/0/messageText"


def test_three_gsm_segments_are_fine_four_are_not() -> None:
    base = "{{brand_name}}:" + OPT
    filler = 459 - len(base) - 12 + len("{{brand_name}}")
    assert codes.SMS_TOO_LONG not in warning_codes(one_message(base + "a" * filler))
    assert codes.SMS_TOO_LONG in warning_codes(one_message(base + "a" * (filler + 1)))


def test_unknown_and_noncanonical_variables() -> None:
    found = warning_codes(one_message("{{brand_name}} {{customer.first_name}} {{coupon}}" + OPT))
    assert codes.NONCANONICAL_VARIABLE in found and codes.UNKNOWN_VARIABLE in found


def test_cart_list_is_unknown_in_a_plain_message() -> None:
    assert codes.UNKNOWN_VARIABLE in warning_codes(one_message("{{brand_name}} {{Cart List}}" + OPT))


def test_dotted_variables_inside_verbatim_copy_are_kept() -> None:
    quoted = "Hey {{customer.first_name}}, your cart misses you"
    flow = one_message("{{brand_name}}: " + quoted + OPT)
    assert codes.NONCANONICAL_VARIABLE in warning_codes(flow)
    assert codes.NONCANONICAL_VARIABLE not in warning_codes(flow, verbatim=[quoted])


def test_reply_call_to_action_needs_a_reply_event() -> None:
    text = "{{brand_name}}: Reply YES for 10% off!" + OPT
    assert codes.REPLY_CTA_WITHOUT_EVENT in warning_codes(one_message(text))
    flow = {
        "initialStepID": "m1",
        "steps": [
            message(
                "m1",
                "{{brand_name}}: Reply YES or text NO." + OPT,
                [ev("e1", "reply", "end", intent="yes"), ev("e2", "reply", "end", intent="no")],
            ),
            END,
        ],
    }
    assert codes.REPLY_CTA_WITHOUT_EVENT not in warning_codes(flow)


def test_stop_is_not_a_call_to_action() -> None:
    assert codes.REPLY_CTA_WITHOUT_EVENT not in warning_codes(one_message("{{brand_name}}: hi." + OPT))


def test_discount_in_text_but_not_on_node() -> None:
    assert codes.DISCOUNT_TEXT_MISMATCH in warning_codes(one_message("{{brand_name}}: 20% off today!" + OPT))


def test_discount_on_node_but_not_in_text() -> None:
    flow = one_message("{{brand_name}}: new arrivals!" + OPT, discountType="percentage", discountValue="15")
    assert codes.DISCOUNT_NOT_IN_TEXT in warning_codes(flow)


def test_discount_values_must_match() -> None:
    flow = one_message("{{brand_name}}: 20% off!" + OPT, discountType="percentage", discountValue="15")
    assert codes.DISCOUNT_TEXT_MISMATCH in warning_codes(flow)
    flow = one_message("{{brand_name}}: 15% off!" + OPT, discountType="percentage", discountValue="15")
    assert warning_codes(flow) == []
    flow = one_message("{{brand_name}}: use code SAVE10" + OPT, discountType="code", discountCode="SAVE10")
    assert warning_codes(flow) == []


def test_first_message_needs_brand_and_opt_out() -> None:
    found = warning_codes(one_message("Hi {{first_name}}, new arrivals are in."))
    assert codes.MISSING_BRAND in found and codes.MISSING_OPT_OUT in found


def test_only_first_messages_need_opt_out() -> None:
    flow = {
        "initialStepID": "m1",
        "steps": [
            message(
                "m1",
                "{{brand_name}}: hello." + OPT,
                [ev("e1", "noreply", "m2", after={"value": 2, "unit": "days"})],
            ),
            message("m2", "Still there?", [ev("e2", "default", "end")]),
            END,
        ],
    }
    assert warning_codes(flow) == []


def _two_sends(between: list[dict[str, Any]], first_event: dict[str, Any]) -> dict[str, Any]:
    return {
        "initialStepID": "m1",
        "steps": [
            message("m1", "{{brand_name}}: sale!" + OPT, [first_event]),
            *between,
            message("m2", "Sale ends soon!", [ev("e9", "default", "end")]),
            END,
        ],
    }


def test_two_promotional_sends_within_24_hours() -> None:
    flow = _two_sends([], ev("e1", "default", "m2"))
    assert codes.PROMO_FREQUENCY in warning_codes(flow)
    flow = _two_sends([], ev("e1", "noreply", "m2", after={"value": 6, "unit": "hours"}))
    assert codes.PROMO_FREQUENCY in warning_codes(flow)


def test_a_day_between_sends_is_fine() -> None:
    delay = {
        "id": "d1",
        "type": "delay",
        "active": True,
        "parameters": {},
        "time": "1",
        "period": "Days",
        "events": [ev("e2", "default", "m2")],
    }
    assert codes.PROMO_FREQUENCY not in warning_codes(_two_sends([delay], ev("e1", "default", "d1")))


def test_rate_limit_makes_frequent_sends_fine() -> None:
    limit = {
        "id": "r1",
        "type": "rate_limit",
        "active": True,
        "parameters": {},
        "occurrences": "1",
        "timespan": "1",
        "period": "Days",
        "events": [ev("e2", "default", "m2")],
    }
    assert codes.PROMO_FREQUENCY not in warning_codes(_two_sends([limit], ev("e1", "default", "r1")))


def test_answer_to_a_reply_is_not_promotional() -> None:
    flow = _two_sends([], ev("e1", "reply", "m2", intent="yes"))
    flow["steps"][0]["content"] = flow["steps"][0]["messageText"] = "{{brand_name}}: Reply YES." + OPT
    assert codes.PROMO_FREQUENCY not in warning_codes(flow)


def _schedule(start: str) -> dict[str, Any]:
    return {
        "initialStepID": "s1",
        "steps": [
            {
                "id": "s1",
                "type": "schedule",
                "active": True,
                "parameters": {},
                "schedule": {"timezone": "America/Los_Angeles", "windows": [{"start": start}]},
                "events": [
                    ev("e1", "split", "m1", label="Nov 25, 10:00 AM - Nov 25, 8:00 PM", action="schedule"),
                    ev("e2", "split", "end", label="All other time", action="schedule"),
                ],
            },
            message("m1", "{{brand_name}}: hi." + OPT, [ev("e3", "default", "end")]),
            END,
        ],
    }


def test_quiet_hours() -> None:
    assert codes.QUIET_HOURS in warning_codes(_schedule("2026-11-25T22:30:00"))
    assert codes.QUIET_HOURS in warning_codes(_schedule("2026-11-25T07:59:00"))
    assert codes.QUIET_HOURS not in warning_codes(_schedule("2026-11-25T10:00:00"))
    assert codes.QUIET_HOURS not in warning_codes(_schedule("2026-11-25"))
