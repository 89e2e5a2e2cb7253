"""Properties of refinement (hypothesis).

1. An instruction that asks for nothing ("looks good", "thanks", …) returns an identical flow
   and an empty diff.
2. For any supported edit on any base flow, every step the diff does not report as changed
   or removed keeps its id and its content exactly.
"""

from __future__ import annotations

import copy
from datetime import date
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowgen_core.errors import RefinementRefused
from flowgen_core.pipeline import generate_flow
from flowgen_core.refine.editor import refine
from flowgen_core.settings import Settings
from tests.fakes.briefs import CART, VIP, WELCOME, WINBACK

TODAY = date(2026, 11, 24)
SETTINGS = Settings(_env_file=None, flowgen_generator="offline")

BRIEFS = [
    WINBACK,
    CART,
    VIP,
    WELCOME,
    "Black Friday: 25% off sitewide for everyone who clicked a link in the last 30 days. Reply SHOP for the "
    "link. Max 1 message per day.",
]

ACKNOWLEDGEMENTS = [
    "looks good",
    "lgtm",
    "thanks",
    "thank you",
    "perfect",
    "great",
    "ok",
    "okay",
    "ship it",
    "approved",
    "nice",
    "all good",
    "no changes",
    "that's fine",
    "👍",
]

EDITS = [
    "make the discount 20%",
    "change the discount to $5 off",
    "use code SAVE20",
    "remove the discount",
    "wait 3 days instead",
    "change the delay to 3 hours",
    "add a 1 day wait before the first message",
    "change the no-reply timeout to 1 day",
    "add a reminder after 1 day",
    "remove the reminder",
    "cap at 2 messages per day",
    "add a rate limit of 3 per week",
    "only once per customer",
    "enter at most once a month",
    "only VIPs",
    "only customers who ordered in the last 60 days",
    "remove the segment",
    "add an A/B test on the first message",
    "change the reply keyword YES to BUY",
    "add reply INFO leading to product list",
    "add reply HELP leading to checkout",
    "change the first message to: {{brand_name}}: Hi {{first_name}}, new arrivals are in. Reply YES to shop. "
    "Reply STOP to opt out.",
    "shorter copy",
    "rename the flow to Holiday push",
    "send tomorrow at 9am EST",
]


@cache
def _base(index: int) -> dict[str, Any]:
    return generate_flow(BRIEFS[index], settings=SETTINGS, today=TODAY).flow


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=len(BRIEFS) - 1),
    words=st.lists(st.sampled_from(ACKNOWLEDGEMENTS), min_size=1, max_size=3),
    joiner=st.sampled_from([", ", " and ", ". ", " "]),
    case=st.sampled_from([str.lower, str.upper, str.capitalize, str.title]),
    punctuation=st.sampled_from(["", ".", "!", "!!", " "]),
    padding=st.sampled_from(["", " ", "  \n"]),
)
def test_acknowledgement_returns_identical_flow_and_empty_diff(
    index: int, words: list[str], joiner: str, case: Any, punctuation: str, padding: str
) -> None:
    flow = copy.deepcopy(_base(index))
    text = f"{padding}{case(joiner.join(words))}{punctuation}{padding}"
    result = refine(flow, text, settings=SETTINGS, today=TODAY)
    assert result.flow == _base(index)
    assert result.diff.is_empty()
    assert result.diff.lines() == []


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=len(BRIEFS) - 1),
    edits=st.lists(st.sampled_from(EDITS), min_size=1, max_size=3),
)
def test_steps_not_in_the_diff_keep_id_and_content(index: int, edits: list[str]) -> None:
    flow = copy.deepcopy(_base(index))
    for instruction in edits:
        try:
            result = refine(flow, instruction, settings=SETTINGS, today=TODAY)
        except RefinementRefused as refused:
            # A refusal always says why and how to phrase it instead.
            assert str(refused) and refused.suggestions
            continue
        assert not result.diff.is_empty()
        assert result.report.valid, (instruction, [e.message for e in result.report.errors])
        touched = {s.id for s in result.diff.changed} | {s.id for s in result.diff.removed}
        new_steps = {s["id"]: s for s in result.flow["steps"]}
        for step in flow["steps"]:
            if step["id"] not in touched:
                assert new_steps.get(step["id"]) == step, (instruction, step["id"])
        added = {s.id for s in result.diff.added}
        assert added == set(new_steps) - {s["id"] for s in flow["steps"]}
        flow = result.flow
