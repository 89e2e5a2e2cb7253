"""Block Kit builders are pure: these tests need no Slack, no service, no network."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from flowgen_apps.slack import blocks
from flowgen_core.check.report import Finding, Report


def _report(errors: int = 0, warnings: int = 0, *, long_text: bool = False) -> Report:
    report = Report()
    text = "x" * 2000 if long_text else "a problem"
    for i in range(errors):
        report.add(
            Finding(code=f"E{i}", severity="error", message=f"error {i} {text}", hint="do this", step_id="s")
        )
    for i in range(warnings):
        report.add(Finding(code=f"W{i}", severity="warning", message=f"warning {i} {text}", hint="maybe"))
    return report


def _action_ids(payload: list[dict]) -> list[str]:
    return [e["action_id"] for b in payload if b["type"] == "actions" for e in b["elements"]]


def _all_text(payload: list[dict]) -> str:
    return json.dumps(payload, ensure_ascii=False)


@pytest.mark.parametrize(
    ("errors", "warnings", "badge"),
    [(0, 0, "✅ valid"), (0, 1, "⚠️ 1 warning"), (0, 3, "⚠️ 3 warnings"), (2, 3, "❌ 2 errors")],
)
def test_status_badge(errors, warnings, badge):
    assert blocks.status_badge(_report(errors, warnings)) == badge


def test_findings_show_the_top_five_with_hints_and_count_the_rest():
    payload = blocks.findings_blocks(_report(errors=4, warnings=4))
    text = _all_text(payload)
    assert text.count("❌") == 4 and text.count("⚠️") == 1
    assert "_do this_" in text
    assert "+3 more finding(s)" in text


def test_limit_checker_catches_violations():
    too_many = [blocks.divider()] * 51
    assert blocks.limit_violations(too_many)
    assert blocks.limit_violations([{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}])
    duplicate = {
        "type": "actions",
        "elements": [blocks.button("a", "same", "1"), blocks.button("b", "same", "2")],
    }
    assert blocks.limit_violations([duplicate])
    long_value = {
        "type": "actions",
        "elements": [{"type": "button", "text": {"text": "a"}, "value": "v" * 2001}],
    }
    assert blocks.limit_violations([long_value])


def test_builders_truncate_to_limits():
    assert len(blocks.header("h" * 500)["text"]["text"]) == blocks.MAX_HEADER_CHARS
    assert len(blocks.section("s" * 5000)["text"]["text"]) == blocks.MAX_SECTION_CHARS
    assert len(blocks.button("b" * 100, "a", "v" * 3000)["value"]) == blocks.MAX_BUTTON_VALUE_CHARS


@pytest.mark.parametrize(
    ("name", "version", "filename"),
    [
        ("VIP win-back", 3, "vip-win-back-v3.json"),
        ("  ***  ", 1, "flow-v1.json"),
        ("Été 20% off!", 2, "ete-20-off-v2.json"),
    ],
)
def test_json_filename(name, version, filename):
    assert blocks.json_filename(name, version) == filename


def test_help_history_validation_and_errors():
    help_text = _all_text(blocks.help_blocks())
    assert "/flowgen validate" in help_text and "/flowgen history" in help_text
    assert all(brief in help_text for brief in blocks.EXAMPLE_BRIEFS[:1])
    entry = blocks.HistoryEntry(
        name="VIP",
        version=2,
        version_id="ver_1",
        status="valid",
        updated=datetime(2026, 1, 2, 3, 4),
        link="https://x.slack.com/archives/C1/p1",
    )
    history = _all_text(blocks.history_blocks([entry]))
    assert "<https://x.slack.com/archives/C1/p1|VIP>" in history and "v2" in history
    assert "no flows yet" in _all_text(blocks.history_blocks([]))
    validation = blocks.validation_blocks(_report(errors=1), flow_name="pasted", fix_ref="ref123")
    assert _action_ids(validation) == [blocks.ACTION_FIX_PASTED]
    assert blocks.validation_blocks(Report(), flow_name="ok", fix_ref="r")[-1]["type"] != "actions"
    refused = _all_text(blocks.refused_blocks("no such step", ["make the discount 20%"]))
    assert "no such step" in refused and "make the discount 20%" in refused
    error = _all_text(blocks.error_blocks("Oops", next_step="Try again"))
    assert "What to do next:* Try again" in error


def test_modals_and_home():
    modal = blocks.refine_modal("ver_1", channel_id="C1", thread_ts="1.2")
    assert json.loads(modal["private_metadata"]) == {
        "version_id": "ver_1",
        "channel_id": "C1",
        "thread_ts": "1.2",
    }
    settings_view = blocks.settings_modal({"brand_name": "Acme"})
    brand = next(b for b in settings_view["blocks"] if b["block_id"] == "brand_name")
    assert brand["element"]["initial_value"] == "Acme"
    state = {
        "brand_name": {"brand_name": {"value": " Acme 2 "}},
        "default_model": {"default_model": {"value": ""}},
    }
    assert blocks.settings_from_submission(state) == {
        "default_model": None,
        "digest_channel": None,
        "brand_name": "Acme 2",
    }
    entry = blocks.HistoryEntry(name="VIP", version=1, version_id="ver_1", status="valid", link="https://l")
    home = blocks.home_view([entry], {"brand_name": "Acme"}, can_edit_settings=True)
    assert home["type"] == "home"
    text = _all_text(home["blocks"])
    assert "Acme" in text and blocks.ACTION_OPEN_SETTINGS in text and blocks.ACTION_OPEN_THREAD in text
    readonly = blocks.home_view([], {}, can_edit_settings=False)
    assert blocks.ACTION_OPEN_SETTINGS not in _all_text(readonly["blocks"])


def test_refusals_offer_three_to_five_tips_closest_to_the_instruction():
    suggestions = [f"phrasing number {n}" for n in range(40)] + ["wait 3 days instead"]
    payload = blocks.refused_blocks("I don't know that one.", suggestions, instruction="wait a week")
    text = payload[0]["text"]["text"]
    assert 3 <= text.count("• ") <= 5
    assert text.index("wait 3 days instead") < text.index("phrasing number 0")


def test_home_offers_a_new_flow_modal():
    home = blocks.home_view([], {}, can_edit_settings=False)
    assert blocks.ACTION_NEW_FLOW in _all_text(home["blocks"])
    modal = blocks.new_flow_modal()
    assert modal["callback_id"] == blocks.VIEW_NEW_FLOW
    assert modal["blocks"][0]["block_id"] == blocks.BRIEF_BLOCK
