"""The preview builder: what a marketer reads, and budgets that hold for any flow."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from flowgen_apps.slack import blocks, preview
from flowgen_apps.slack.preview import PreviewData
from flowgen_core.brief import extract_brief, understood_lines
from flowgen_core.check.report import Finding, Report
from flowgen_core.diff import diff_flows
from flowgen_core.render.path import path_summary
from tests.fakes.sample_flow import long_flow, sample_flow
from tests.fakes.slack_stub import check_limits


def _preview(**overrides) -> PreviewData:
    values = {"flow": sample_flow(), "report": Report(), "version_id": "ver_abc123", "version": 2}
    values.update(overrides)
    return PreviewData(**values)


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


def _text(payload: list[dict]) -> str:
    return json.dumps(payload, ensure_ascii=False)


def _within_slack_limits(payload: list[dict]) -> bool:
    return check_limits("chat.postMessage", {"blocks": payload, "text": "x"}) is None


def test_preview_says_who_asked_quotes_the_brief_and_shows_the_path_in_words():
    payload = preview.preview_blocks(
        _preview(
            requested_by="U0ALICE", brief="Win back VIPs\nwith 15% off", generator="llm", model="gpt-4o-mini"
        )
    )
    assert payload[0]["text"]["text"] == "📱 VIP win-back"
    meta = payload[1]["elements"][0]["text"]
    assert "Asked by <@U0ALICE>" in meta and "v2" in meta and "`llm/gpt-4o-mini`" in meta
    brief = payload[2]["text"]["text"]
    assert brief == "*Brief*\n> Win back VIPs with 15% off"
    text = _text(payload)
    assert "Day 0 — text with 15% off → if they reply SAVE:" in text
    assert "1 SMS segment" in text
    assert "vip-segment-001" not in text and "[include]" not in text
    assert _within_slack_limits(payload)


def test_exactly_one_primary_button_and_approve_asks_for_confirmation():
    for report in (Report(), _report(errors=1), _report(warnings=2)):
        payload = preview.preview_blocks(_preview(report=report))
        buttons = [e for b in payload if b["type"] == "actions" for e in b["elements"]]
        assert [e.get("style") for e in buttons].count("primary") == 1
        approve = next(e for e in buttons if e["action_id"] == blocks.ACTION_APPROVE)
        assert approve["confirm"]["deny"]["text"] == "Not yet"
    errors = preview.preview_blocks(_preview(report=_report(errors=1)))
    assert _action_ids(errors)[0] == blocks.ACTION_FIX


def test_findings_are_in_words():
    flow = sample_flow()
    report = Report()
    report.add(
        Finding(
            code="W1",
            severity="warning",
            message='Step offer-002 waits {"value": 2, "unit": "days"} after [include]',
            hint="Move offer-002 after vip-segment-001.",
            step_id="offer-002",
        )
    )
    text = _text(preview.preview_blocks(_preview(flow=flow, report=report)))
    assert "offer-002" not in text and "vip-segment-001" not in text
    assert "2 days" in text and "[include]" not in text and '"unit"' not in text
    assert "message 1 (day 0)" in text


def test_refinement_shows_a_per_step_before_and_after():
    before = sample_flow()
    after = json.loads(json.dumps(before))
    after["steps"][1]["discountValue"] = "20"
    after["steps"][1]["content"] = after["steps"][1]["content"].replace("15%", "20%")
    payload = preview.preview_blocks(_preview(flow=after, diff=diff_flows(before, after)))
    text = _text(payload)
    assert "What changed in v2" in text
    assert "*message 1 (day 0)*: " in text and "discount 15 → 20" in text
    assert "15% off" in text and "→ “" in text
    before, after = preview.copy_change("We miss you! Take 15% off today", "We miss you! Take 20% off today")
    assert "15%" in before and "20%" in after


def test_understood_slot_renders_only_when_given():
    assert preview.understood_blocks(None) == []
    payload = preview.preview_blocks(_preview(understood=["Audience: VIPs", "Offer: 15% <off>"]))
    text = _text(payload)
    assert "What I understood" in text and "Offer: 15% &lt;off&gt;" in text


def test_understood_lines_keep_their_quotes_escaped_and_within_limits():
    text = "Win back lapsed buyers (no order in 90 days) with twenty percent off. Reply YES for salt & pepper, NO for <none>."
    lines = understood_lines(extract_brief(text))
    payload = preview.preview_blocks(_preview(understood=lines))
    shown = _text(payload)
    assert "“twenty percent off”" in shown and "“no order in 90 days”" in shown
    assert "“Reply YES for salt &amp; pepper”" in shown and "“NO for &lt;none&gt;”" in shown
    assert "<none>" not in shown
    assert _within_slack_limits(payload) and blocks.limit_violations(payload) == []


def test_many_understood_lines_say_how_many_more():
    lines = [f"Assumed: reply {n} (not found in the brief's words)" for n in range(20)]
    text = _text(preview.preview_blocks(_preview(understood=lines)))
    assert f"…and {20 - preview.UNDERSTOOD_LINES} more" in text


def test_approved_preview_says_who_and_when_and_offers_reopen():
    at = datetime(2026, 12, 1, 22, 30, tzinfo=UTC)
    payload = preview.preview_blocks(_preview(approved=True, approved_by="U123", approved_at=at))
    assert "Approved* by <@U123> on 2026-12-01 22:30 UTC" in _text(payload)
    ids = _action_ids(payload)
    assert blocks.ACTION_REOPEN in ids and not set(ids) & set(blocks.EDITING_ACTIONS)


def test_user_text_is_escaped_everywhere():
    flow = sample_flow()
    flow["name"] = "<!here> sale"
    flow["steps"][1]["content"] = "<!channel> & <https://evil|click>"
    payload = preview.preview_blocks(_preview(flow=flow, brief="<@U1> & <!everyone>", requested_by="U0A"))
    text = _text(payload)
    assert "<!channel>" not in text and "<!here>" not in text and "<!everyone>" not in text
    assert "&lt;!channel&gt; &amp;" in text
    modal = preview.outline_modal(_preview(flow=flow))
    assert "<!channel>" not in _text(modal["blocks"])


def test_superseded_preview_is_one_line_without_buttons():
    payload = preview.superseded_blocks(_preview(), latest=3, link="https://l/p1")
    assert len(payload) == 1 and "superseded by <https://l/p1|v3>" in _text(payload)


def test_fallbacks_are_small():
    big = _preview(flow=long_flow(300), report=_report(40, 40, long_text=True))
    compact = preview.compact_preview_blocks(big)
    assert len(compact) <= 6 and preview.payload_chars(compact) < 3000 and _within_slack_limits(compact)
    assert len(preview.plain_preview_text(big)) <= 3000


def test_path_summary_caps_long_journeys():
    text = path_summary(long_flow(80))
    assert text.count("→") <= 13 and "more messages" in text


def test_full_outline_modal_fits_a_huge_flow():
    modal = preview.outline_modal(_preview(flow=long_flow(500)))
    assert check_limits("views.open", {"view": modal}) is None


@settings(max_examples=30, deadline=None)
@given(
    name=st.text(max_size=400),
    n_steps=st.integers(min_value=0, max_value=500),
    errors=st.integers(min_value=0, max_value=60),
    warnings=st.integers(min_value=0, max_value=60),
    summary=st.text(max_size=5000),
    notices=st.lists(st.text(max_size=3000), max_size=8),
    brief=st.text(max_size=4000),
    understood=st.none() | st.lists(st.text(max_size=500), max_size=20),
)
def test_any_flow_up_to_500_steps_yields_a_message_within_limits(
    name, n_steps, errors, warnings, summary, notices, brief, understood
):
    flow = long_flow(n_steps) if n_steps else {"name": name, "steps": []}
    flow["name"] = name
    data = _preview(
        flow=flow,
        report=_report(errors, warnings, long_text=True),
        summary=summary,
        notices=notices,
        brief=brief,
        understood=understood,
        requested_by="U0ALICE",
    )
    payload = preview.preview_blocks(data)
    assert preview.payload_chars(payload) <= preview.MESSAGE_CHAR_BUDGET
    assert len(payload) <= blocks.MAX_BLOCKS
    assert _within_slack_limits(payload)
    assert blocks.limit_violations(payload) == []
    assert blocks.ACTION_DOWNLOAD in _action_ids(payload)
