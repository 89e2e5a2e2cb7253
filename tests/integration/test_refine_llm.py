"""LLM refinement through the local OpenAI-compatible stub server (real `openai` client).

The model gets the current plan and the instruction and answers a whole new plan; the
diff is always computed by code from the two flows, never taken from the model. When the
model is unavailable the offline editor answers, with a notice; a model that changes
nothing is a refusal, not a success.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from functools import cache
from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.errors import RefinementRefused
from flowgen_core.pipeline import generate_flow
from flowgen_core.plan.decompile import decompile
from flowgen_core.refine.editor import refine, refine_offline
from flowgen_core.settings import Settings
from tests.fakes.briefs import CART, VIP, WELCOME, WINBACK
from tests.fakes.openai_stub import OpenAIStub, plan, raw, status

TODAY = date(2026, 11, 24)
OFFLINE = Settings(_env_file=None, flowgen_generator="offline")


# Every supported edit, on a base flow where it applies.
EDITS: list[tuple[str, str]] = [
    (WINBACK, "make the discount 20%"),
    (WINBACK, "change the discount to $5 off"),
    (WINBACK, "use code SAVE20"),
    (WINBACK, "remove the discount"),
    (WELCOME, "change the delay to 3 hours"),
    (WINBACK, "add a 1 day wait before the first message"),
    (WINBACK, "change the no-reply timeout to 1 day"),
    (WINBACK, "remove the reminder"),
    (CART, "cap at 2 messages per day"),
    (CART, "add a rate limit of 3 per week"),
    (VIP, "only once per customer"),
    (VIP, "enter at most once a month"),
    (WINBACK, "only VIPs"),
    (WELCOME, "only customers who ordered in the last 60 days"),
    (WINBACK, "remove the segment"),
    (WINBACK, "add an A/B test on the first message"),
    (
        WINBACK,
        "add an A/B test on the first message with variant: Last chance! Reply YES to shop. Reply STOP to opt out.",
    ),
    (WINBACK, "change the reply keyword YES to BUY"),
    (CART, "add reply INFO leading to product list"),
    (CART, "add reply HELP leading to checkout"),
    (CART, "add reply MORE leading to a message saying: New drops every Friday at {{store_url}}"),
    (
        WINBACK,
        "change the first message to: {{brand_name}}: Hi {{first_name}}, 15% off today. Reply YES to shop. Reply STOP to opt out.",
    ),
    (WELCOME, "shorter copy"),
    (WINBACK, "rename the flow to Winback Q4"),
    (WINBACK, "send tomorrow at 9am EST"),
]


@cache
def _base(brief: str) -> dict[str, Any]:
    return generate_flow(brief, settings=OFFLINE, today=TODAY).flow


def base(brief: str) -> dict[str, Any]:
    return copy.deepcopy(_base(brief))


def _model_answer(flow: dict[str, Any], instruction: str) -> dict[str, Any]:
    """What a model that understood the instruction would answer: the edited plan."""
    edited = refine_offline(flow, instruction, today=TODAY).flow
    return decompile(edited)[0].model_dump(mode="json")


@pytest.mark.parametrize(("brief", "instruction"), EDITS, ids=[i for _, i in EDITS])
def test_every_supported_edit_through_the_model(
    openai_stub: OpenAIStub, brief: str, instruction: str
) -> None:
    flow = base(brief)
    expected = refine_offline(flow, instruction, today=TODAY)
    openai_stub.script(plan(_model_answer(flow, instruction), tokens=321))
    result = refine(flow, instruction, settings=openai_stub.settings(), today=TODAY)
    assert result.generator == "llm" and result.model == "stub-model" and result.tokens_used >= 321
    assert result.fallback_reason is None
    assert result.report.valid, [e.message for e in result.report.errors]
    # The diff is computed from the flows: same steps touched as the offline editor's edit.
    assert {s.id for s in result.diff.changed} == {s.id for s in expected.diff.changed}
    assert {s.id for s in result.diff.removed} == {s.id for s in expected.diff.removed}
    assert sorted(s.type for s in result.diff.added) == sorted(s.type for s in expected.diff.added)
    assert {c.field for c in result.diff.root} == {c.field for c in expected.diff.root}
    untouched = (
        {s["id"] for s in flow["steps"]}
        - {s.id for s in result.diff.changed}
        - {s.id for s in result.diff.removed}
    )
    new_steps = {s["id"]: s for s in result.flow["steps"]}
    for step in flow["steps"]:
        if step["id"] in untouched:
            assert new_steps[step["id"]] == step
    assert len(openai_stub.requests) == 1


def test_request_carries_current_plan_and_instruction_with_structured_output(openai_stub: OpenAIStub) -> None:
    flow = base(WINBACK)
    openai_stub.script(plan(_model_answer(flow, "make the discount 20%")))
    refine(flow, "make the discount 20%", settings=openai_stub.settings(), today=TODAY)
    body = openai_stub.requests[0].body
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    assert "<current_plan>" in user and "<instruction>\nmake the discount 20%\n</instruction>" in user
    current = json.loads(user.split("<current_plan>\n", 1)[1].split("\n</current_plan>", 1)[0])
    assert {s["key"] for s in current["steps"]} == {s["id"] for s in flow["steps"] if s["type"] != "end"}
    system = next(m["content"] for m in body["messages"] if m["role"] == "system")
    assert "EDITING" in system


def test_diff_reports_what_the_model_really_changed(openai_stub: OpenAIStub) -> None:
    """A model asked for one thing that also rewrites another step: the diff shows both."""
    flow = base(WINBACK)
    answer = _model_answer(flow, "make the discount 20%")
    reminder = next(s for s in answer["steps"] if s["label"] == "Reminder")
    reminder["text"] = "Totally different reminder copy. Reply STOP to opt out."
    openai_stub.script(plan(answer))
    result = refine(flow, "make the discount 20%", settings=openai_stub.settings(), today=TODAY)
    changed = {s.id: s for s in result.diff.changed}
    assert reminder["key"] in changed
    assert any(f.field == "text" and f.after == reminder["text"] for f in changed[reminder["key"]].fields)


def test_model_failure_falls_back_to_the_offline_editor_with_a_notice(openai_stub: OpenAIStub) -> None:
    flow = base(WINBACK)
    openai_stub.script(status(500), status(500), status(500))
    result = refine(
        flow, "make the discount 20%", settings=openai_stub.settings(openai_max_retries=1), today=TODAY
    )
    assert len(openai_stub.requests) == 2  # the first try and one retry, then the offline answer
    assert result.generator == "offline"
    assert result.fallback_reason and "500" in result.fallback_reason
    assert any("offline editor" in n for n in result.notices)
    spent = result.flow["metadata"].pop("llm")
    assert spent["requests"] == 2 and [a["status"] for a in spent["attempts"]] == [500, 500]
    assert result.flow == refine_offline(flow, "make the discount 20%", today=TODAY).flow


def test_model_failure_with_an_unsupported_instruction_is_refused(openai_stub: OpenAIStub) -> None:
    openai_stub.script(status(500), status(500))
    with pytest.raises(RefinementRefused):
        refine(base(WINBACK), "make it pop", settings=openai_stub.settings(openai_max_retries=1), today=TODAY)


def test_model_returning_the_unchanged_plan_is_a_refusal(openai_stub: OpenAIStub) -> None:
    flow = base(CART)
    openai_stub.script(plan(decompile(flow)[0]))
    with pytest.raises(RefinementRefused, match="nothing to change") as caught:
        refine(flow, "make it pop", settings=openai_stub.settings(), today=TODAY)
    assert caught.value.suggestions


def test_repair_loop_recovers_from_a_garbled_answer(openai_stub: OpenAIStub) -> None:
    flow = base(WINBACK)
    openai_stub.script(raw("this is not json"), plan(_model_answer(flow, "only VIPs")))
    result = refine(flow, "only VIPs", settings=openai_stub.settings(), today=TODAY)
    assert result.generator == "llm" and len(openai_stub.requests) == 2
    assert [s.type for s in result.diff.changed] == ["segment"]


def test_acknowledgement_never_calls_the_model(openai_stub: OpenAIStub) -> None:
    flow = base(WINBACK)
    result = refine(flow, "looks good, thanks!", settings=openai_stub.settings(), today=TODAY)
    assert result.flow == flow and result.diff.is_empty()
    assert openai_stub.requests == []


def test_garbled_answers_on_every_attempt_fall_back_to_the_offline_editor(openai_stub: OpenAIStub) -> None:
    flow = base(WINBACK)
    openai_stub.script(*[raw('{"name": NaN, "steps": "x"')] * 6)
    result = refine(flow, "make the discount 20%", settings=openai_stub.settings(), today=TODAY)
    assert result.generator == "offline"
    assert any("offline editor" in n for n in result.notices)


@pytest.mark.parametrize(
    "reply",
    [
        "[" * 100_000 + "]" * 100_000,  # deeper than the JSON decoder recurses
        '{"name": "x", "start": "a", "steps": [], "n": 1' + "0" * 5000 + "}",  # over the int digit limit
    ],
    ids=["deep", "huge-int"],
)
def test_hostile_answers_on_every_attempt_fall_back_to_the_offline_editor(
    openai_stub: OpenAIStub, reply: str
) -> None:
    flow = base(WINBACK)
    openai_stub.script(*[raw(reply)] * 6)
    result = refine(flow, "make the discount 20%", settings=openai_stub.settings(), today=TODAY)
    assert result.generator == "offline"
    assert any("offline editor" in n for n in result.notices)


# ---- the spec: a second refinement is checked against the first one's spec, not the brief
def _discounts(flow: dict[str, Any]) -> set[tuple[str, str]]:
    """(step type, percentage) of every step that carries a percentage discount."""
    out = set()
    for step in flow["steps"]:
        value = step.get("discountValue") or step.get("discountPercentage")
        if value:
            out.add((step["type"], str(value)))
    return out


def test_second_refinement_through_the_model_keeps_the_first(openai_stub: OpenAIStub) -> None:
    flow = base(WINBACK)
    first_answer = _model_answer(flow, "make the discount 20%")
    openai_stub.script(plan(first_answer))
    first = refine(
        flow,
        "make the discount 20%",
        brief=extract_brief(WINBACK),
        settings=openai_stub.settings(),
        today=TODAY,
    )
    assert first.spec is not None and first.spec_changes == ["Offer: 15% off → 20% off"]
    # The model shortens the copy; a repair round (if one were asked for) would answer the
    # 15% plan the original brief calls for.
    shortened = _model_answer(first.flow, "shorten the first message")
    reverted = _model_answer(flow, "shorten the first message")
    openai_stub.script(plan(shortened), plan(reverted), plan(reverted))
    second = refine(
        first.flow,
        "shorten the first message",
        spec=first.spec,
        settings=openai_stub.settings(llm_repair_rounds=2),
        today=TODAY,
    )
    assert second.generator == "llm"
    assert len(openai_stub.requests) == 2  # one per refinement: nothing to repair
    assert _discounts(second.flow) == {("message", "20"), ("purchase", "20")}
    assert not [w for w in second.report.warnings if w.code.startswith("brief_")]
    assert second.spec is not None and [d.value for d in second.spec.facts.discounts] == ["20"]
    assert second.spec.changes == ["Offer: 15% off → 20% off", 'As asked: "shorten the first message"']
