"""The model path's pure parts: profiles, reply parsing, refinement requirements, readings, prompts."""

from __future__ import annotations

import json

import openai
import pytest

from flowgen_core.brief import CampaignBrief, Discount, extract_brief
from flowgen_core.check.codes import CODES
from flowgen_core.plan.model import PlanReading
from flowgen_core.plan.wire_schema import GENERATION_STEP_TYPES
from flowgen_core.planners.llm.client import LLMGenerator, redact
from flowgen_core.planners.llm.interpretation import INTERPRETATION_MISMATCH, compare_readings
from flowgen_core.planners.llm.profiles import PROFILES, profile_for
from flowgen_core.planners.llm.prompts import FIXABLE_WARNINGS, in_plan_terms, step_field_table
from flowgen_core.planners.llm.reply_parsing import ReplyParseError, extract_json_text, parse_plan
from flowgen_core.planners.llm.requirements import refinement_requirements
from flowgen_core.settings import Settings

PLAN = {"name": "n", "start": "a", "steps": [{"key": "a", "type": "message", "text": "Hi", "next": []}]}
BRIEF_15 = extract_brief(
    "Win back customers who haven't ordered in 90 days with 15% off. Reply YES to claim; "
    "if no reply within 2 days, send a reminder."
)


# --- profiles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_profile_sends_a_token_cap_and_only_what_it_accepts(name: str) -> None:
    profile = PROFILES[name]
    params = profile.request_params(schema={}, schema_name="s", max_output_tokens=321, temperature=0.2)
    assert params[profile.token_param] == 321
    assert ("temperature" in params) is profile.accepts_temperature
    assert len({"max_tokens", "max_completion_tokens"} & set(params)) == 1
    if profile.structured_output == "none":
        assert "response_format" not in params


def test_override_wins_over_the_name_and_unknown_override_is_refused() -> None:
    assert profile_for("prod-planner", "o-series").name == "o-series"
    with pytest.raises(ValueError, match="unknown model profile"):
        profile_for("gpt-4o", "nope")
    assert profile_for("o1-mini").structured_output == "none"


# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        json.dumps(PLAN),
        f"```json\n{json.dumps(PLAN)}\n```",
        f"```\n{json.dumps(PLAN)}\n```",
        f"Here is your plan:\n{json.dumps(PLAN)}\nHope it helps!",
    ],
)
def test_fences_and_prose_are_stripped(reply: str) -> None:
    plan, text = parse_plan(reply)
    assert plan.start == "a" and json.loads(text) == PLAN


def test_extra_field_message_names_the_step_by_key() -> None:
    data = json.loads(json.dumps(PLAN))
    data["steps"][0]["emoji"] = "x"
    data["mood"] = "happy"
    with pytest.raises(ReplyParseError) as caught:
        parse_plan(json.dumps(data))
    message = str(caught.value)
    assert "steps[0] (key 'a'): unknown field 'emoji'" in message
    assert "the plan: unknown field 'mood'" in message


def test_not_json_is_a_parse_error() -> None:
    with pytest.raises(ReplyParseError, match="not JSON"):
        parse_plan("I would send a text.")
    assert extract_json_text("no braces") == "no braces"


# --- refinement requirements --------------------------------------------------------------------


def test_instruction_facts_override_the_brief() -> None:
    assert [d.value for d in BRIEF_15.discounts] == ["15"]
    for instruction in ("change the discount to 20%", "make the discount 20%", "20% off instead"):
        wanted = refinement_requirements(BRIEF_15, instruction)
        assert wanted is not None and [(d.kind, d.value) for d in wanted.discounts] == [("percentage", "20")]
        assert wanted.reply_keywords == BRIEF_15.reply_keywords  # the rest still holds


def test_removals_and_renames_change_the_requirements() -> None:
    assert refinement_requirements(BRIEF_15, "remove the discount").discounts == []  # type: ignore[union-attr]
    assert refinement_requirements(BRIEF_15, "remove the reminder").no_reply_after == []  # type: ignore[union-attr]
    renamed = refinement_requirements(BRIEF_15, "change the reply keyword YES to BUY")
    assert renamed is not None and renamed.reply_keywords == ["buy"]
    added = refinement_requirements(BRIEF_15, "add reply INFO leading to product list")
    assert added is not None and added.reply_keywords == ["yes", "info"]
    assert refinement_requirements(None, "anything") is None


def test_requirements_leave_the_brief_untouched() -> None:
    before = BRIEF_15.model_dump()
    refinement_requirements(BRIEF_15, "change the discount to 20%")
    assert BRIEF_15.model_dump() == before


# --- readings ------------------------------------------------------------------------------------


def test_reading_disagreements_name_both_sides() -> None:
    brief = CampaignBrief(text="x", discounts=[Discount(kind="code", code="SAVE10")], reply_keywords=["yes"])
    findings = compare_readings(PlanReading(discount="code SAVE20", reply_keywords=["yes", "stop"]), brief)
    assert [f.code for f in findings] == [INTERPRETATION_MISMATCH] * 2
    assert "SAVE10" in findings[0].message and "SAVE20" in findings[0].message
    assert "stop" in findings[1].message


def test_agreeing_or_missing_reading_gives_nothing() -> None:
    brief = CampaignBrief(
        text="x", discounts=[Discount(kind="percentage", value="15")], reply_keywords=["yes"]
    )
    assert compare_readings(PlanReading(discount="15% off", reply_keywords=["YES"]), brief) == []
    assert compare_readings(None, brief) == []


# --- prompts -----------------------------------------------------------------------------------


def test_field_table_has_one_line_per_generation_step_type() -> None:
    lines = step_field_table().splitlines()
    assert [line.split(":", 1)[0].removeprefix("- ") for line in lines] == list(GENERATION_STEP_TYPES)


def test_repair_hints_speak_plan_terms() -> None:
    for _, hint in CODES.values():
        translated = in_plan_terms(hint)
        for flowbuilder_name in (
            "nextStepID",
            "initialStepID",
            "experimentName",
            "discountValue",
            "cartSource",
        ):
            assert flowbuilder_name not in translated
    assert set(CODES) >= FIXABLE_WARNINGS


def test_redact_masks_keys_and_tokens() -> None:
    text = redact(
        "key sk-proj-abcdefgh12345 and Bearer abc.def.ghi123 and custom-secret-9", "custom-secret-9"
    )
    assert "sk-proj" not in text and "abc.def" not in text and "custom-secret-9" not in text


# --- provider settings ----------------------------------------------------------------------------


def test_azure_settings_build_an_azure_client() -> None:
    settings = Settings(
        _env_file=None,
        openai_api_key="k",
        openai_base_url="https://acme.openai.azure.com/openai/deployments/planner",
        openai_api_version="2024-10-21",
        openai_model="planner",
        llm_model_profile="gpt-4o",
    )
    client = LLMGenerator(settings).client
    assert isinstance(client, openai.AzureOpenAI)
    assert str(client.base_url).startswith("https://acme.openai.azure.com/openai")
    assert client._custom_query == {"api-version": "2024-10-21"}


def test_bad_time_zone_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="BRAND_TIMEZONE"):
        Settings(_env_file=None, brand_timezone="America/New")


def test_legacy_o1_gets_its_instructions_as_a_user_message() -> None:
    sent = profile_for("o1-mini").messages(
        [{"role": "system", "content": "rules"}, {"role": "user", "content": "b"}]
    )
    assert [m["role"] for m in sent] == ["user", "user"]
    assert profile_for("gpt-4o").messages([{"role": "system", "content": "rules"}])[0]["role"] == "system"
