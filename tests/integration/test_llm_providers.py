"""The model path against provider behaviour, through the real `openai` client and the stub:
model profiles, the token cap, one deadline per generation, honest accounting, tolerant
parsing, refinement that is never reverted, and the model's reading of the brief."""

from __future__ import annotations

import copy
import json
import logging
import threading
import time
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from flowgen_core.brief import CampaignBrief, Discount, extract_brief
from flowgen_core.check import validate_flow
from flowgen_core.pipeline import generate_flow
from flowgen_core.plan.decompile import decompile
from flowgen_core.planners.base import LLMError
from flowgen_core.planners.llm.client import LLMGenerator
from flowgen_core.planners.llm.deadline import Deadline, ModelBusy, call_within
from flowgen_core.planners.llm.profiles import profile_for
from flowgen_core.refine.editor import refine, refine_offline
from flowgen_core.settings import Settings
from tests.fakes.briefs import WINBACK
from tests.fakes.openai_stub import OpenAIStub, drip, plan, raw, status
from tests.integration.test_llm_generator import BRIEF, GOOD_PLAN

TODAY = date(2026, 11, 24)
TOKEN_CAPS = ("max_tokens", "max_completion_tokens")


def _generator(stub: OpenAIStub, **settings: Any) -> LLMGenerator:
    return LLMGenerator(stub.settings(**settings), backoff_base_s=0.01, backoff_cap_s=0.05)


# --- model profiles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "profile", "temperature", "cap"),
    [
        ("gpt-4o-mini", "gpt-4o", True, "max_tokens"),
        ("gpt-4.1-nano", "gpt-4.1", True, "max_completion_tokens"),
        ("gpt-5-mini", "gpt-5", False, "max_completion_tokens"),
        ("o3-mini", "o-series", False, "max_completion_tokens"),
        ("o4-mini-2025-04-16", "o-series", False, "max_completion_tokens"),
        ("openai/gpt-5", "gpt-5", False, "max_completion_tokens"),
        ("llama3.1:8b", "compatible", True, "max_tokens"),
    ],
)
def test_profiles_by_model_name(model: str, profile: str, temperature: bool, cap: str) -> None:
    found = profile_for(model)
    assert found.name == profile
    assert found.accepts_temperature is temperature
    assert found.token_param == cap


def test_reasoning_model_is_never_sent_temperature(openai_stub: OpenAIStub) -> None:
    openai_stub.rejects = {"temperature", "max_tokens"}  # what gpt-5 / o-series answer 400 to
    openai_stub.script(plan(GOOD_PLAN))

    result = _generator(openai_stub, openai_model="gpt-5-mini").generate(BRIEF)

    assert result.generator == "llm" and result.report.valid
    (request,) = openai_stub.requests
    assert "temperature" not in request.body and "max_tokens" not in request.body
    assert request.body["max_completion_tokens"] == 4096
    assert request.body["reasoning_effort"] == "low"


def test_rejected_parameter_is_dropped_once_and_logged(
    openai_stub: OpenAIStub, caplog: pytest.LogCaptureFixture
) -> None:
    """A profile that gets a model wrong (an alias of a reasoning model) costs one request."""
    openai_stub.rejects = {"temperature"}
    openai_stub.script(plan(GOOD_PLAN))
    with caplog.at_level(logging.WARNING):
        result = _generator(openai_stub, openai_model="house-reasoner").generate(BRIEF)

    assert result.report.valid
    first, second = openai_stub.requests
    assert "temperature" in first.body and "temperature" not in second.body
    assert second.body["max_tokens"] == first.body["max_tokens"]
    assert [a.outcome for a in result.llm_attempts] == ["http_error", "ok"]
    assert result.llm_attempts[0].error_code == "unsupported_value"
    assert any(getattr(r, "param", None) == "temperature" for r in caplog.records)


def test_rejected_token_cap_is_renamed_not_dropped(openai_stub: OpenAIStub) -> None:
    openai_stub.rejects = {"max_tokens"}
    openai_stub.script(plan(GOOD_PLAN))
    _generator(openai_stub, openai_model="house-model").generate(BRIEF)
    assert openai_stub.requests[-1].body["max_completion_tokens"] == 4096


def test_a_token_cap_on_every_request(openai_stub: OpenAIStub) -> None:
    broken = copy.deepcopy(GOOD_PLAN)
    broken["steps"][1]["next"][0]["to"] = "nowhere"

    for model in ("gpt-4o-mini", "o3-mini"):
        openai_stub.requests.clear()
        openai_stub.script(status(503), plan(broken), raw("not json"), plan(GOOD_PLAN))
        result = _generator(openai_stub, openai_model=model, llm_max_output_tokens=1500).generate(BRIEF)
        assert result.report.valid and openai_stub.pending == 0
        assert len(openai_stub.requests) == 4
        for request in openai_stub.requests:
            assert [request.body.get(cap) for cap in TOKEN_CAPS if cap in request.body] == [1500]


# --- parsing -------------------------------------------------------------------------------------


def test_fenced_json_with_leading_prose_is_parsed(openai_stub: OpenAIStub) -> None:
    fenced = f"Sure! Here is the plan:\n```json\n{json.dumps(GOOD_PLAN, indent=2)}\n```\nLet me know."
    openai_stub.script(raw(fenced))
    result = _generator(openai_stub).generate(BRIEF)
    assert result.report.valid and result.attempts == 1


def test_extra_field_is_repaired_with_a_precise_message(openai_stub: OpenAIStub) -> None:
    extra = copy.deepcopy(GOOD_PLAN)
    extra["steps"][1]["emoji"] = "party"
    openai_stub.script(plan(extra), plan(GOOD_PLAN))

    result = _generator(openai_stub).generate(BRIEF)

    assert result.report.valid and result.attempts == 2
    repair = openai_stub.requests[1].messages[-1]["content"]
    assert "steps[1] (key 'offer'): unknown field 'emoji'" in repair


# --- the deadline --------------------------------------------------------------------------------


def test_dripping_server_hits_the_deadline_and_falls_back(openai_stub: OpenAIStub) -> None:
    """Per-read timeouts never fire on a byte every 0.2 s; the overall deadline does."""
    openai_stub.script(*(drip(json.dumps(GOOD_PLAN), interval=0.2) for _ in range(3)))
    settings = openai_stub.settings(llm_deadline_s=2.0, openai_timeout_s=30.0)

    started = time.monotonic()
    result = generate_flow(BRIEF.text, settings=settings)
    elapsed = time.monotonic() - started

    assert elapsed < 2.0 + 5.0  # generous: the deadline plus scheduling slack
    assert result.generator == "offline"
    assert "time limit" in (result.fallback_reason or "")
    assert any("offline planner" in n and "time limit" in n for n in result.notices)
    assert [a.outcome for a in result.llm_attempts] == ["deadline"]
    assert result.flow["metadata"]["llm"]["attempts"][0]["outcome"] == "deadline"
    # The abandoned call itself ends soon after (its slot is freed), not when the server stops.
    give_up = time.monotonic() + 5
    while any(t.name == "flowgen-llm-call" for t in threading.enumerate()) and time.monotonic() < give_up:
        time.sleep(0.05)
    assert not any(t.name == "flowgen-llm-call" for t in threading.enumerate())


def test_retry_pauses_never_pass_the_deadline(openai_stub: OpenAIStub) -> None:
    openai_stub.script(status(429, retry_after=5), plan(GOOD_PLAN))
    started = time.monotonic()
    with pytest.raises(LLMError, match="429"):
        _generator(openai_stub, llm_deadline_s=1.0).generate(BRIEF)
    assert time.monotonic() - started < 1.0 + 3.0
    assert len(openai_stub.requests) == 1


def test_model_calls_are_bounded_by_a_semaphore() -> None:
    release = threading.Event()
    holder = threading.Thread(
        target=lambda: call_within(lambda: release.wait(5), Deadline(5), max_concurrency=1), daemon=True
    )
    holder.start()
    time.sleep(0.1)
    started = time.monotonic()
    with pytest.raises(ModelBusy):
        call_within(lambda: "never", Deadline(0.3), max_concurrency=1)
    assert time.monotonic() - started < 2
    release.set()
    holder.join(5)
    assert call_within(lambda: "free again", Deadline(1), max_concurrency=1) == "free again"


# --- accounting and error reporting -------------------------------------------------------------


def test_provider_error_code_and_message_reach_the_notice_redacted(openai_stub: OpenAIStub) -> None:
    message = "This model's maximum context length is 8192 tokens (key sk-live-abcdef1234567890)."
    openai_stub.script(status(400, message=message, error_code="context_length_exceeded", param="messages"))

    result = generate_flow(BRIEF.text, settings=openai_stub.settings())

    assert result.generator == "offline"
    notice = " ".join(result.notices)
    assert "HTTP 400" in notice and "context_length_exceeded" in notice
    assert "maximum context length is 8192 tokens" in notice
    assert "sk-live-abcdef1234567890" not in notice and "[redacted]" in notice
    (attempt,) = result.llm_attempts
    assert (attempt.status, attempt.error_code) == (400, "context_length_exceeded")
    assert "sk-live" not in (attempt.error_message or "")


def test_tokens_are_accounted_after_a_fallback(openai_stub: OpenAIStub) -> None:
    openai_stub.script(*(raw("I would send a friendly text.", tokens=600) for _ in range(3)))

    result = generate_flow(BRIEF.text, settings=openai_stub.settings(llm_repair_rounds=2))

    assert result.generator == "offline" and result.fallback_reason
    assert result.tokens_used == 1800
    llm = result.flow["metadata"]["llm"]
    assert llm["requests"] == 3 and llm["fallback"] is True
    assert llm["prompt_tokens"] + llm["completion_tokens"] == 1800
    assert [a["outcome"] for a in llm["attempts"]] == ["unusable"] * 3
    assert result.flow["metadata"]["tokens_used"] == 1800
    assert result.latency_ms >= llm["latency_ms"]


def test_success_metadata_splits_prompt_completion_and_cached_tokens(openai_stub: OpenAIStub) -> None:
    openai_stub.script(plan(GOOD_PLAN, tokens=900, cached_tokens=512))
    result = _generator(openai_stub).generate(BRIEF)
    llm = result.flow["metadata"]["llm"]
    assert (llm["prompt_tokens"], llm["completion_tokens"], llm["cached_tokens"]) == (600, 300, 512)
    assert llm["profile"] == "compatible" and llm["deadline_s"] == 25.0


# --- the conversation ---------------------------------------------------------------------------


def test_prompt_carries_date_time_zone_checklist_and_static_prefix(openai_stub: OpenAIStub) -> None:
    openai_stub.script(plan(GOOD_PLAN), plan(GOOD_PLAN))
    generator = _generator(openai_stub, brand_timezone="America/Chicago")
    generator.generate(BRIEF, today=TODAY)
    generator.generate(BRIEF.model_copy(update={"text": "Another brief entirely."}), today=TODAY)
    first, second = openai_stub.requests
    assert first.messages[0] == second.messages[0]  # the cacheable prefix never varies
    system, user = first.messages[0]["content"], first.messages[1]["content"]
    assert "Reply STOP to opt out" in system and "8am-9pm" in system and "EXAMPLE" in system
    assert "- message: text: string; discount?: {kind, value, code}" in system
    assert "Today is 2026-11-24 (Tuesday)" in user and '"America/Chicago"' in user
    assert "the brief wins" in user
    schema = first.body["response_format"]["json_schema"]["schema"]
    types = {v["properties"]["type"]["enum"][0] for v in schema["$defs"]["PlanStep"]["anyOf"]}
    assert "quiz" not in types and "end" not in types and "message" in types


# --- refinement is never reverted ----------------------------------------------------------------


def test_refinement_repair_never_asks_for_the_old_discount(openai_stub: OpenAIStub) -> None:
    offline = Settings(_env_file=None, flowgen_generator="offline")
    flow = generate_flow(WINBACK, settings=offline, today=TODAY).flow
    brief = extract_brief(WINBACK)
    assert [d.value for d in brief.discounts] == ["15"]
    instruction = "change the discount to 20%"
    answer = decompile(refine_offline(flow, "make the discount 20%", today=TODAY).flow)[0]
    for step in answer.steps:  # the model writes 20% everywhere, the checkout step too
        if step.discount is not None and step.discount.value == "15":
            step.discount.value = "20"
    openai_stub.script(*(plan(answer) for _ in range(3)))

    result = refine(flow, instruction, brief=brief, settings=openai_stub.settings(), today=TODAY)

    assert result.generator == "llm"
    sent = [m["content"] for r in openai_stub.requests for m in r.messages if m["role"] == "user"]
    assert not any("15%" in text or '"15"' in text for text in sent[1:])  # no repair round asks for 15%
    assert "20% off" in sent[0]
    texts = " ".join(str(s.get("content", "")) for s in result.flow["steps"])
    assert "20%" in texts and "15%" not in texts
    assert "brief_discount_missing" not in result.report.codes()
    # The original brief would have demanded 15% back: the requirement set is what prevents it.
    assert "brief_discount_missing" in validate_flow(result.flow, brief).codes()


# --- the model's reading of the brief -----------------------------------------------------------


def test_model_and_extractor_disagreement_is_a_visible_finding(openai_stub: OpenAIStub) -> None:
    brief = CampaignBrief(
        text="Text lapsed buyers: 10% off, reply SAVE to claim.",
        discounts=[Discount(kind="percentage", value="10")],
        reply_keywords=["save"],
    )
    answer = copy.deepcopy(GOOD_PLAN)
    answer["reading"] = {
        "audience": "lapsed buyers",
        "discount": "20%",
        "reply_keywords": ["save"],
        "timing": None,
    }
    openai_stub.script(plan(answer))

    result = _generator(openai_stub).generate(brief)

    mismatches = [w for w in result.report.warnings if w.code == "brief_interpretation_mismatch"]
    assert len(mismatches) == 1
    assert "10%" in mismatches[0].message and "20%" in mismatches[0].message
    assert result.attempts == 1  # a disagreement is reported, not "repaired" either way
    assert result.plan is not None and result.plan.reading is not None


def test_agreeing_reading_adds_no_finding(openai_stub: OpenAIStub) -> None:
    answer = copy.deepcopy(GOOD_PLAN)
    answer["reading"] = {
        "audience": "ordered in the last 30 days",
        "discount": "10%",
        "reply_keywords": ["save"],
    }
    openai_stub.script(plan(answer))
    result = _generator(openai_stub).generate(BRIEF)
    assert "brief_interpretation_mismatch" not in result.report.codes()


# --- provider settings --------------------------------------------------------------------------


def test_azure_without_api_version_is_refused_at_start() -> None:
    with pytest.raises(ValidationError, match="OPENAI_API_VERSION"):
        Settings(_env_file=None, openai_base_url="https://acme.openai.azure.com/", openai_api_key="k")


def test_unknown_profile_is_refused_at_start() -> None:
    with pytest.raises(ValidationError, match="LLM_MODEL_PROFILE"):
        Settings(_env_file=None, llm_model_profile="gpt-9000")


def test_gateway_api_version_travels_as_a_query_parameter(openai_stub: OpenAIStub) -> None:
    openai_stub.script(plan(GOOD_PLAN))
    _generator(openai_stub, openai_api_version="2024-10-21").generate(BRIEF)
    assert openai_stub.requests[0].query == "api-version=2024-10-21"
