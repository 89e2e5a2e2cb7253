"""Mistakes typical of mid-size models, applied to a good plan (as JSON) in place.

Shared by the realistic-model tests and `benchmarks/llm_model_path.py`. Each function
returns whether the plan had something to damage (a plan without an experiment cannot get
its splits wrong).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Plan = dict[str, Any]


def _sends(p: Plan) -> list[Plan]:
    return [s for s in p["steps"] if s.get("text")]


def wrong_case_intents(p: Plan) -> bool:
    hit = False
    for step in p["steps"]:
        for t in step["next"]:
            if t.get("on") == "reply" and t.get("intent"):
                t["intent"] = t["intent"].upper()
                hit = True
    return hit


def invented_variables(p: Plan) -> bool:
    sends = _sends(p)
    if not sends:
        return False
    sends[0]["text"] += " Use code {{coupon_code}} by {{expiry_date}}."
    return True


def overlong_emoji(p: Plan) -> bool:
    sends = _sends(p)
    if not sends:
        return False
    sends[0]["text"] = "🎉🔥 " + sends[0]["text"] + " Don't miss out, this won't last long at all! ✨🛍️"
    return True


def splits_not_100(p: Plan) -> bool:
    hit = False
    for step in p["steps"]:
        if step["type"] == "experiment" and step.get("split_percentages"):
            step["split_percentages"] = [60] * len(step["split_percentages"])
            hit = True
    return hit


def wrong_delay_units(p: Plan) -> bool:
    hit = False
    for step in p["steps"]:
        if step.get("wait"):
            step["wait"]["unit"] = "hrs"
            hit = True
        for t in step["next"]:
            if t.get("after"):
                t["after"]["unit"] = "Days"
                hit = True
    return hit


def missing_end(p: Plan) -> bool:
    for step in reversed(p["steps"]):
        if any(t["to"] == "end" for t in step["next"]):
            step["next"] = [t for t in step["next"] if t["to"] != "end"]
            return True
    return False


MISTAKES: dict[str, Callable[[Plan], bool]] = {
    "none (baseline: the undamaged plan)": lambda p: True,
    "wrong-case intents": wrong_case_intents,
    "invented variables": invented_variables,
    "overlong copy with emoji": overlong_emoji,
    "splits not summing to 100": splits_not_100,
    "wrong delay units": wrong_delay_units,
    "missing end": missing_end,
}
