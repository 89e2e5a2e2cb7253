"""A discount promised in a message is the one its offer/purchase steps charge (`discount_inconsistent`).

Hand-made flows get a warning; generated flows and flows after an offline discount edit
never carry it, and every step that carries the offer agrees after "make the discount 20%".
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from flowgen_core.check import codes, validate_flow
from flowgen_core.pipeline import generate_flow
from flowgen_core.refine.editor import refine
from flowgen_core.settings import Settings

TODAY = date(2026, 11, 24)
SETTINGS = Settings(_env_file=None, flowgen_generator="offline")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OPT = " Reply STOP to opt out."


def _briefs() -> list[str]:
    out: list[str] = []
    for name in ("briefs-public.jsonl", "briefs-extra.jsonl"):
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["brief"])
    return out


BRIEFS = _briefs()


@cache
def _generated(brief: str) -> dict[str, Any]:
    return generate_flow(brief, settings=SETTINGS, today=TODAY).flow


def _inconsistent(report: Any) -> list[str]:
    return [f.message for f in [*report.errors, *report.warnings] if f.code == codes.DISCOUNT_INCONSISTENT]


def _carries_discount(step: dict[str, Any]) -> bool:
    if step["type"] == "message":
        return step.get("discountType", "none") != "none"
    if step["type"] in ("purchase", "purchase_offer"):
        return step.get("discount") is True
    if step["type"] == "product_choice":
        return str(step.get("discount", "None")) != "None"
    return False


def _terms(step: dict[str, Any]) -> tuple[str, str, str]:
    """(kind, value, code) as each node type stores it."""
    if step["type"] == "message":
        kind = step["discountType"]
        return (kind, step["discountValue"] if kind != "code" else "", step.get("discountCode", ""))
    if step["type"] == "product_choice":
        label = step["discount"]
        if label.endswith("%"):
            return ("percentage", label[:-1], "")
        if label.startswith("$"):
            return ("amount", label[1:], "")
        return ("code", "", label)
    kind = step["discountType"]
    value = {"percentage": step.get("discountPercentage"), "amount": step.get("discountAmount")}.get(kind, "")
    return (kind, value or "", step.get("discountCode", ""))


def _offer_steps(flow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in flow["steps"] if _carries_discount(s)]


# ------------------------------------------------------------------ hand-made flows


def ev(eid: str, kind: str, target: str, **extra: Any) -> dict[str, Any]:
    return {"id": eid, "type": kind, "nextStepID": target, "active": True, "parameters": {}, **extra}


def message(
    sid: str, text: str, events: list[dict[str, Any]], kind: str = "none", value: str = "", code: str = ""
):
    return {
        "id": sid,
        "type": "message",
        "active": True,
        "parameters": {},
        "content": text,
        "text": text,
        "messageText": text,
        "discountType": kind,
        "discountValue": value,
        "discountCode": code,
        "events": events,
    }


def purchase(sid: str, kind: str | None, value: str = "", code: str = "") -> dict[str, Any]:
    step: dict[str, Any] = {
        "id": sid,
        "type": "purchase",
        "active": True,
        "parameters": {},
        "cartSource": "latest",
        "products": [],
        "discount": kind is not None,
        "events": [ev(f"{sid}-e", "default", "end")],
    }
    if kind is not None:
        step |= {
            "discountType": kind,
            "discountPercentage": value if kind == "percentage" else "",
            "discountAmount": value if kind == "amount" else "",
            "discountCode": code,
        }
    return step


END = {"id": "end", "type": "end", "active": True, "parameters": {}, "events": []}


def offer_flow(text: str, checkout: dict[str, Any], **discount: str) -> dict[str, Any]:
    send = message("m1", text + OPT, [ev("e1", "reply", checkout["id"], intent="yes")], **discount)
    return {"initialStepID": "m1", "steps": [send, checkout, END]}


def test_purchase_charging_another_percentage_is_reported_with_a_hint() -> None:
    flow = offer_flow(
        "{{brand_name}}: 20% off today. Reply YES to buy.",
        purchase("p1", "percentage", "15"),
        kind="percentage",
        value="20",
    )
    report = validate_flow(flow)
    (found,) = [f for f in report.warnings if f.code == codes.DISCOUNT_INCONSISTENT]
    assert found.severity == "warning" and report.valid
    assert found.step_id == "p1" and "20% off" in found.message and "15% off" in found.message
    assert "20% off" in found.hint and "p1" in found.hint


@pytest.mark.parametrize(
    ("discount", "checkout", "text"),
    [
        ({"kind": "amount", "value": "10"}, purchase("p1", "percentage", "10"), "$10 off today."),
        ({"kind": "code", "code": "SAVE10"}, purchase("p1", "code", "", "SAVE20"), "Use code SAVE10."),
        ({"kind": "percentage", "value": "20"}, purchase("p1", None), "20% off today."),
        ({}, purchase("p1", "percentage", "15"), "20% off today."),  # promised in the copy only
    ],
)
def test_kind_value_code_and_missing_discount_are_compared(
    discount: dict[str, str], checkout: dict[str, Any], text: str
) -> None:
    flow = offer_flow("{{brand_name}}: " + text + " Reply YES to buy.", checkout, **discount)
    assert _inconsistent(validate_flow(flow))


def test_matching_checkout_and_flag_only_purchase_pass() -> None:
    text = "{{brand_name}}: $10 off with code SAVE10. Reply YES to buy."
    same = offer_flow(
        text, purchase("p1", "amount", "10", "SAVE10"), kind="amount", value="10", code="SAVE10"
    )
    assert not _inconsistent(validate_flow(same))
    flag_only = offer_flow(text, purchase("p1", "percentage"), kind="amount", value="10", code="SAVE10")
    flag_only["steps"][1] = {k: v for k, v in flag_only["steps"][1].items() if not k.startswith("discount")}
    flag_only["steps"][1]["discount"] = True  # the spec's purchase node: it applies the offer's discount
    assert not _inconsistent(validate_flow(flag_only))


def test_an_escalating_reminder_starts_its_own_offer() -> None:
    first = message(
        "m1",
        "{{brand_name}}: 10% off today. Reply YES to buy." + OPT,
        [
            ev("e1", "reply", "p1", intent="yes"),
            ev("e2", "noreply", "m2", after={"value": 1, "unit": "days"}),
        ],
        kind="percentage",
        value="10",
    )
    second = message(
        "m2",
        "Last chance: 20% off. Reply YES to buy.",
        [ev("e3", "reply", "p2", intent="yes")],
        kind="percentage",
        value="20",
    )
    flow = {
        "initialStepID": "m1",
        "steps": [first, purchase("p1", "percentage", "10"), second, purchase("p2", "percentage", "20"), END],
    }
    assert not _inconsistent(validate_flow(flow))
    # ...but a shared checkout cannot charge both
    second["events"][0]["nextStepID"] = "p1"
    flow["steps"] = [s for s in flow["steps"] if s["id"] != "p2"]
    (only,) = _inconsistent(validate_flow(flow))
    assert "'m2'" in only and "20% off" in only


def test_a_send_without_a_discount_in_between_is_passed() -> None:
    first = message(
        "m1",
        "{{brand_name}}: 15% off today." + OPT,
        [ev("e1", "default", "m2")],
        kind="percentage",
        value="15",
    )
    reminder = message("m2", "Reply YES to buy.", [ev("e2", "reply", "p1", intent="yes")])
    flow = {"initialStepID": "m1", "steps": [first, reminder, purchase("p1", None), END]}
    assert _inconsistent(validate_flow(flow))


# ------------------------------------------------------------------ generated and refined flows


@pytest.mark.parametrize("brief", BRIEFS)
def test_generated_flows_satisfy_the_rule(brief: str) -> None:
    report = generate_flow(brief, settings=SETTINGS, today=TODAY).report
    assert not _inconsistent(report)


DISCOUNTED = [b for b in BRIEFS if _offer_steps(_generated(b))]


def test_the_briefs_cover_discounts() -> None:
    assert len(DISCOUNTED) >= 20


@pytest.mark.parametrize("brief", DISCOUNTED)
def test_refined_discount_reaches_every_offer_step(brief: str) -> None:
    flow = _generated(brief)
    try:
        result = refine(flow, "make the discount 20%", settings=SETTINGS, today=TODAY)
    except Exception as exc:  # the flow already offers 20%
        assert "already" in str(exc)
        return
    assert not _inconsistent(result.report)
    for step in _offer_steps(result.flow):
        kind, value, _ = _terms(step)
        assert (kind, value) == ("percentage", "20"), step["id"]


@pytest.mark.parametrize(
    ("brief", "instruction", "expected", "old"),
    [
        (
            "Win back lapsed customers with 15% off, reply YES to buy their last cart, remind them after 1 day",
            "make the discount 20%",
            ("percentage", "20", ""),
            "15%",
        ),
        (
            "Cart recovery: $5 off their cart, reply YES to check out, one reminder after 4 hours",
            "change the discount to $10 off",
            ("amount", "10", ""),
            "$5 off",
        ),
        (
            "VIP appreciation: 25 percent off for vip customers, code VIP25, reply SHOP for our bestsellers",
            "use code SAVE10",
            ("percentage", "25", "SAVE10"),
            "VIP25",
        ),
    ],
)
def test_percentage_amount_and_code_edits_agree_on_every_offer_step(
    brief: str, instruction: str, expected: tuple[str, str, str], old: str
) -> None:
    result = refine(_generated(brief), instruction, settings=SETTINGS, today=TODAY)
    assert not _inconsistent(result.report)
    checkouts = [s for s in result.flow["steps"] if s["type"] in ("purchase", "purchase_offer")]
    assert checkouts and all(_carries_discount(s) for s in checkouts)
    for step in _offer_steps(result.flow):
        kind, value, code = _terms(step)
        if step["type"] == "product_choice":  # its label names one thing
            assert (kind, value) == expected[:2], step["id"]
        else:
            assert (kind, value) == expected[:2] and code == expected[2], step["id"]
        assert old not in (step.get("content") or ""), step["id"]
