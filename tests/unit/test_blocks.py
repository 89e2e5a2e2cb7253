"""Block Kit builders are pure: these tests need no Slack, no service, no network."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import blocks
from bot.blocks import PreviewData
from flowgen_core.validate.report import Finding, Report
from tests.fakes.sample_flow import long_flow, sample_flow


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


def _preview(**overrides) -> PreviewData:
    values = {"flow": sample_flow(), "report": Report(), "version_id": "ver_abc123", "version": 2}
    values.update(overrides)
    return PreviewData(**values)


def _action_ids(payload: list[dict]) -> list[str]:
    return [e["action_id"] for b in payload if b["type"] == "actions" for e in b["elements"]]


def _all_text(payload: list[dict]) -> str:
    return json.dumps(payload, ensure_ascii=False)


def test_preview_has_header_status_outline_and_buttons():
    payload = blocks.preview_blocks(_preview(model="gpt-4o-mini", generator="llm", elapsed_ms=2345))
    assert payload[0] == {"type": "header", "text": {"type": "plain_text", "text": "📱 VIP win-back"}}
    meta = payload[1]["elements"][0]["text"]
    assert "*5* steps" in meta and "v2" in meta and "`llm/gpt-4o-mini`" in meta and "2.3 s" in meta
    assert "✅ valid" in meta
    text = _all_text(payload)
    assert "Take 15% off" in text and "(1 segment)" in text and "Wait 2 days" in text
    # A valid flow offers no Fix button; every button carries the version id only.
    assert _action_ids(payload) == [
        blocks.ACTION_REGENERATE,
        blocks.ACTION_REFINE,
        blocks.ACTION_DOWNLOAD,
        blocks.ACTION_APPROVE,
    ]
    values = {e["value"] for b in payload if b["type"] == "actions" for e in b["elements"]}
    assert values == {"ver_abc123"}
    assert blocks.limit_violations(payload) == []


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


def test_fix_button_appears_when_there_are_findings():
    payload = blocks.preview_blocks(_preview(report=_report(errors=1)))
    assert _action_ids(payload)[0] == blocks.ACTION_FIX


def test_fallback_notice_and_summary_are_shown():
    payload = blocks.preview_blocks(
        _preview(fallback_reason="timeout after 30 s", notices=["cached"], summary="Discount 15% → 20%.")
    )
    text = _all_text(payload)
    assert "offline planner wrote this flow" in text and "timeout after 30 s" in text
    assert "ℹ️ cached" in text
    assert "*What changed:* Discount 15% → 20%." in text


def test_approved_preview_disables_editing():
    payload = blocks.preview_blocks(_preview(approved=True, approved_by="U123"))
    assert _action_ids(payload) == [blocks.ACTION_DOWNLOAD]
    assert "Approved* by <@U123>" in _all_text(payload)


def test_long_flows_are_summarised_within_limits():
    flow = long_flow(400)
    payload = blocks.preview_blocks(_preview(flow=flow, report=_report(30, 30, long_text=True)))
    assert blocks.limit_violations(payload) == []
    assert len(payload) <= blocks.MAX_BLOCKS
    assert "more step(s): the full flow is in the JSON file" in _all_text(payload)
    # The buttons survive however long the flow is.
    assert blocks.ACTION_DOWNLOAD in _action_ids(payload)
    assert len(payload[0]["text"]["text"]) <= blocks.MAX_HEADER_CHARS


def test_mrkdwn_control_characters_are_escaped():
    flow = sample_flow()
    flow["steps"][1]["content"] = "<!channel> & <https://evil|click>"
    text = _all_text(blocks.preview_blocks(_preview(flow=flow)))
    assert "<!channel>" not in text
    assert "&lt;!channel&gt; &amp;" in text


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


@settings(max_examples=40, deadline=None)
@given(
    name=st.text(max_size=400),
    n_steps=st.integers(min_value=0, max_value=120),
    errors=st.integers(min_value=0, max_value=40),
    warnings=st.integers(min_value=0, max_value=40),
    summary=st.text(max_size=5000),
    notices=st.lists(st.text(max_size=3000), max_size=8),
)
def test_preview_always_within_block_kit_limits(name, n_steps, errors, warnings, summary, notices):
    flow = long_flow(n_steps) if n_steps else {"name": name, "steps": []}
    flow["name"] = name
    preview = _preview(
        flow=flow, report=_report(errors, warnings, long_text=True), summary=summary, notices=notices
    )
    payload = blocks.preview_blocks(preview)
    assert blocks.limit_violations(payload) == []
    assert blocks.ACTION_DOWNLOAD in _action_ids(payload)
