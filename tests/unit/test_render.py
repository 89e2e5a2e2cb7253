"""The core renderers: outline lines, DOT, PNG (when Graphviz is installed) and the text fallback."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowgen_core.render import diagram
from flowgen_core.render.diagram import render_png, text_diagram, to_dot
from flowgen_core.render.outline import outline_lines, outline_text, sms_segments
from tests.fakes.sample_flow import long_flow, sample_flow

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")


def test_outline_follows_the_graph_with_branches_indented():
    lines = outline_lines(sample_flow())
    shown = [(line.step_id, line.depth, line.via, line.ref) for line in lines]
    assert shown[0] == ("vip-segment-001", 0, None, False)
    assert ("offer-002", 1, "include", False) in shown
    assert ("code-004", 2, "reply SAVE", False) in shown
    assert ("wait-003", 2, "no reply 1 day", False) in shown
    # The end step is shown once; later arrows point back at it.
    assert [s for s in shown if s[0] == "end-005" and not s[3]] == [("end-005", 2, None, False)]
    assert ("end-005", 1, "exclude", True) in shown


def test_outline_describes_conditions_offers_waits_and_sms():
    by_id = {line.step_id: line for line in outline_lines(sample_flow()) if not line.ref}
    assert by_id["vip-segment-001"].emoji == "🎯"
    assert "has not placed order" in by_id["vip-segment-001"].title
    assert "within the last 90 Days" in by_id["vip-segment-001"].title
    assert by_id["wait-003"].title == "Wait 2 days"
    assert "offer: 15% off" in by_id["offer-002"].details
    assert by_id["offer-002"].segments == 1
    assert by_id["offer-002"].sms_text.startswith("{{brand_name}}")
    assert "offer: code SAVE15" in by_id["code-004"].details
    text = outline_text(sample_flow())
    assert "(1 segment)" in text


def test_unreachable_and_missing_steps_are_reported_not_hidden():
    flow = sample_flow()
    flow["steps"].append({"id": "orphan", "type": "message", "content": "hi", "events": []})
    flow["steps"][2]["events"][0]["nextStepID"] = "nowhere"
    lines = outline_lines(flow)
    assert any(line.step_id == "orphan" and line.unreachable for line in lines)
    assert any(line.step_type == "missing" and line.step_id == "nowhere" for line in lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # extension characters count twice: 160 septets
        ("€" * 81, 2),
        ("é" * 70 + "ł", 2),  # ł is outside GSM-7: UCS-2, 70 per single segment
        ("🎉" * 35, 1),  # each emoji is two UTF-16 units
        ("🎉" * 36, 2),
        ("{{opt_in_terms}}" + "a" * 100, 1),  # variables count at their expected length (60)
        ("{{opt_in_terms}}" + "a" * 101, 2),
    ],
)
def test_sms_segments(text, expected):
    assert sms_segments(text) == expected


def test_to_dot_names_every_step_and_edge():
    dot = to_dot(sample_flow())
    assert dot.startswith("digraph flow {")
    for step_id in ("vip-segment-001", "offer-002", "wait-003", "code-004", "end-005"):
        assert f'"{step_id}"' in dot
    assert '"__start__" -> "vip-segment-001"' in dot
    assert '"offer-002" -> "code-004" [label="reply SAVE"]' in dot


def test_to_dot_escapes_quotes_in_labels():
    flow = sample_flow()
    flow["steps"][1]["content"] = 'Say "hi" \\ now'
    dot = to_dot(flow)
    assert '\\"hi\\"' in dot


@needs_dot
def test_render_png_produces_a_png():
    png = render_png(sample_flow())
    assert png is not None and png.startswith(b"\x89PNG")


def test_render_png_is_none_without_graphviz(monkeypatch):
    monkeypatch.setattr(diagram.shutil, "which", lambda name: None)
    assert render_png(sample_flow()) is None


def test_text_diagram_fallback_always_works():
    text = text_diagram(sample_flow())
    assert text.splitlines()[0] == "START"
    assert "Wait 2 days (wait-003)" in text
    assert "↪ goes to End (end-005)" in text


def test_long_flows_do_not_recurse():
    lines = outline_lines(long_flow(3000))
    assert len(lines) == 3001
    assert all(line.depth == 0 for line in lines)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["initialStepID", "steps", "name"]),
        st.one_of(st.none(), st.text(max_size=5), st.lists(st.dictionaries(st.text(max_size=3), st.text()))),
    )
)
def test_renderers_tolerate_malformed_flows(flow):
    outline_lines(flow)
    to_dot(flow)
    text_diagram(flow)


def test_big_flows_are_summarised_and_the_picture_is_capped():
    from flowgen_core.render.diagram import MAX_DIAGRAM_STEPS

    dot = to_dot(long_flow(60))
    assert dot.count("shape=box") <= MAX_DIAGRAM_STEPS and "more steps" in dot
    assert 'size="10,18"' in dot and "dpi=96" in dot


@needs_dot
def test_rendered_diagram_stays_within_the_size_cap():
    import struct

    png = render_png(long_flow(200))
    assert png is not None
    width, height = struct.unpack(">II", png[16:24])
    assert width <= 960 and height <= 1728


def test_emoji_are_left_out_without_an_emoji_font(monkeypatch):
    monkeypatch.setattr(diagram, "emoji_font_available", lambda: False)
    flow = sample_flow()
    flow["steps"][1]["content"] = "Hi 🎉 there ✨ friend"
    dot = to_dot(flow)
    assert "🎉" not in dot and "✨" not in dot and "Hi there friend" in dot


def test_days_are_drawn_as_rows():
    assert 'label="Day 3"' in to_dot(sample_flow())
