"""Conversations: five refinements in a row stay valid, on several different base briefs."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from flowgen_core.check import validate_flow
from flowgen_core.diff import diff_flows
from flowgen_core.pipeline import generate_flow
from flowgen_core.refine.editor import refine
from flowgen_core.settings import Settings
from tests.fakes.briefs import CART, WINBACK

TODAY = date(2026, 11, 24)
SETTINGS = Settings(_env_file=None, flowgen_generator="offline")

CHAINS: dict[str, tuple[str, list[str]]] = {
    "winback": (
        WINBACK,
        [
            "make the discount 20%",
            "only VIPs",
            "add an A/B test on the first message",
            "cap at 2 messages per day",
            "send tomorrow at 9am EST",
        ],
    ),
    "cart": (
        CART,
        [
            "change the delay to 2 hours",
            "add reply INFO leading to product list",
            "change the reply keyword YES to BUY",
            "remove the reminder",
            "only let customers enter once per month",
        ],
    ),
    "vip": (
        "VIP reorder: customers with customer_type VIP who ordered in the last 60 days. Offer $5 off "
        "with code VIP5. Reply BUY to reorder. Send tomorrow at 10am PST.",
        [
            "use code VIP10",
            "remove the segment",
            "change the no-reply timeout to 6 hours",
            "rename the flow to VIP reorder December",
            "add a rate limit of 3 per week",
        ],
    ),
    "welcome": (
        "Welcome series for new subscribers: send a welcome message, wait 1 day, then show our best "
        "sellers and let them reply to pick a product.",
        [
            "wait 2 days instead",
            "shorter copy",
            "only customers who ordered in the last 60 days",
            "change the first message to: {{brand_name}}: Welcome, {{first_name}}! Reply SHOP to see our "
            "best sellers. Reply STOP to opt out.",
            "add reply INFO on the second message leading to a message saying: Questions? Visit {{store_url}}",
        ],
    ),
}


def _chain(name: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    brief, instructions = CHAINS[name]
    flow = generate_flow(brief, settings=SETTINGS, today=TODAY).flow
    versions = []
    for instruction in instructions:
        before = copy.deepcopy(flow)
        result = refine(flow, instruction, settings=SETTINGS, today=TODAY)
        assert flow == before, "refine must not mutate its input"
        assert result.report.valid, (name, instruction, [e.message for e in result.report.errors])
        assert not result.diff.is_empty(), (name, instruction)
        versions.append((flow, result.flow))
        flow = result.flow
    return versions


@pytest.mark.parametrize("name", sorted(CHAINS))
def test_five_refinements_in_a_row_stay_valid(name: str) -> None:
    versions = _chain(name)
    assert len(versions) == 5
    for old, new in versions:
        assert validate_flow(new).valid
        diff = diff_flows(old, new)
        touched = {s.id for s in diff.changed} | {s.id for s in diff.removed}
        new_steps = {s["id"]: s for s in new["steps"]}
        for step in old["steps"]:
            if step["id"] not in touched:
                assert new_steps[step["id"]] == step


@pytest.mark.parametrize("name", sorted(CHAINS))
def test_steps_untouched_by_the_whole_chain_keep_their_ids(name: str) -> None:
    versions = _chain(name)
    first, last = versions[0][0], versions[-1][1]
    removed = set()
    for old, new in versions:
        removed |= {s.id for s in diff_flows(old, new).removed}
    surviving = {s["id"] for s in first["steps"]} - removed
    assert surviving <= {s["id"] for s in last["steps"]}
