"""Every pure entry point is total over JSON: refine, decompile, diff, validate and autofix answer
any value with a result or a deliberate refusal, never another exception (hypothesis, bounded)."""

from __future__ import annotations

import contextlib
import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowgen_apps.cli import main
from flowgen_core import storable
from flowgen_core.check import validate_flow
from flowgen_core.check.autofix import autofix
from flowgen_core.check.report import MAX_FINDINGS_SHOWN
from flowgen_core.diff import diff_flows
from flowgen_core.errors import RefinementRefused
from flowgen_core.plan.decompile import DecompileError, decompile
from flowgen_core.refine.editor import refine_offline
from tests.fakes.sample_flow import sample_flow

_KEYS = ["id", "type", "events", "nextStepID", "steps", "initialStepID", "conditions", "after", "value"]
_KEYS += ["unit", "intent", "discountType", "discountValue", "time", "period", "products", "content", "label"]
_WORDS = [
    "x",
    "end",
    "message",
    "segment",
    "delay",
    "reply",
    "noreply",
    "default",
    "split",
    "include",
    "days",
]
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.sampled_from([2**53 + 1, 2**63, -(2**64), 10**308, -(10**308)]),  # JSON's largest readable ints
    st.floats(),
    st.text(max_size=5),
    st.sampled_from(_WORDS),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(_KEYS), inner, max_size=4)
    ),
    max_leaves=12,
)
INSTRUCTIONS = [
    "make the discount 20%",
    "wait 2 days instead",
    "add a reminder after 1 day",
    "remove the segment",
    "only VIPs",
    "add an A/B test on the first message",
    "change the reply keyword YES to BUY",
    "shorter copy",
    "cap at 2 messages per day",
    "change the first message to: hi",
    "send tomorrow at 9am EST",
    "remove the discount",
    "add reply INFO leading to checkout",
    "change the no-reply timeout to 1 day",
]


@st.composite
def mutated_flows(draw: st.DrawFn) -> Any:
    """The sample flow with one to three values (a step, a field, an event field) replaced."""
    flow: Any = copy.deepcopy(sample_flow())
    for _ in range(draw(st.integers(1, 3))):
        steps = flow.get("steps")
        if isinstance(steps, list) and steps and draw(st.booleans()):
            index = draw(st.integers(0, len(steps) - 1))
            step = steps[index]
            if not (isinstance(step, dict) and step):
                steps[index] = draw(_JSON)
                continue
            key = draw(st.sampled_from(sorted(step)))
            events = step.get(key)
            if (
                isinstance(events, list)
                and events
                and isinstance(events[0], dict)
                and events[0]
                and draw(st.booleans())
            ):
                events[0][draw(st.sampled_from(sorted(events[0])))] = draw(_JSON)
            else:
                step[key] = draw(_JSON)
        else:
            flow[draw(st.sampled_from(["steps", "initialStepID", "name"]))] = draw(_JSON)
    return flow


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
# Fuzz tests of the fast suite that stay under 2 s (raise max_examples to explore further).
FAST_FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(flow=mutated_flows(), instruction=st.sampled_from(INSTRUCTIONS))
def test_refine_answers_or_refuses(flow: Any, instruction: str) -> None:
    try:
        result = refine_offline(flow, instruction)
    except RefinementRefused as refused:
        assert str(refused)
    else:
        assert isinstance(result.flow, dict)


@FUZZ
@given(flow=st.one_of(mutated_flows(), _JSON))
def test_decompile_reads_or_raises_decompile_error(flow: Any) -> None:
    try:
        decompile(flow)
    except DecompileError as refused:
        assert "run fix first" in str(refused) or "no steps" in str(refused)


@FUZZ
@given(old=st.one_of(mutated_flows(), _JSON), new=st.one_of(mutated_flows(), _JSON))
def test_diff_compares_any_two_values(old: Any, new: Any) -> None:
    diff_flows(old, new)
    assert diff_flows(new, new).is_empty() or not isinstance(new, dict)


@FUZZ
@given(flow=st.one_of(mutated_flows(), _JSON))
def test_validate_and_autofix_never_raise(flow: Any) -> None:
    validate_flow(flow)
    fixed = autofix(flow)
    json.dumps(fixed.report.to_dict())


@pytest.mark.parametrize(
    "flow",
    [
        {"steps": [{"id": "x"}]},
        {
            "steps": [{"id": "x", "type": "message", "events": [{"nextStepID": {"a": 1}}]}],
            "initialStepID": "x",
        },
        {"steps": [{"id": "x", "type": "message", "events": ["x"]}], "initialStepID": "x"},
        {"steps": [{"id": ["x"]}], "initialStepID": "x"},
        {"steps": [{"id": "x", "type": "bogus", "events": []}], "initialStepID": "x"},
    ],
)
def test_known_crashes_are_refusals(flow: Any) -> None:
    with pytest.raises(RefinementRefused, match="run fix first"):
        refine_offline(flow, "make the discount 20%")


def test_diff_of_a_non_list_steps_value() -> None:
    assert diff_flows({"steps": 1.5}, {"steps": [{"id": "a", "events": 2}]}).added[0].id == "a"


# ------------------------------------------------------------------------------ bounded reports
def test_report_lists_at_most_the_cap_and_counts_the_rest() -> None:
    flow = {"initialStepID": "s0", "steps": [{"id": f"s{i}", "type": "bogus"} for i in range(500)]}
    report = validate_flow(flow)
    shown = report.to_dict()
    assert len(report.errors) > MAX_FINDINGS_SHOWN
    assert len(shown["errors"]) + len(shown["warnings"]) == MAX_FINDINGS_SHOWN
    assert shown["truncated"] == len(report.errors) + len(report.warnings) - MAX_FINDINGS_SHOWN
    assert shown["valid"] is False


def test_small_report_is_not_truncated() -> None:
    assert validate_flow(sample_flow()).to_dict()["truncated"] == 0


# ------------------------------------------------------------------------------ storable values
@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"a": NaN}', "NaN"),
        ('{"a": [Infinity]}', "Infinity"),
        ('{"a": -Infinity}', "-Infinity"),
        ('{"a": 1e400}', "too large"),
        ('{"a": 1' + "0" * 400 + "}", "too large"),  # an integer beyond a double's range
        ('{"a": [-1' + "0" * 320 + "]}", "too large"),
        ('{"a": "\\ud800"}', "lone surrogate"),
        ('{"\\u0000": 1}', "NUL"),
        ('["ok", "nul \\u0000"]', "NUL"),
    ],
)
def test_unstorable_json_is_refused_with_a_reason(text: str, problem: str) -> None:
    with pytest.raises(storable.UnstorableValue, match=problem):
        storable.loads(text)


def test_storable_json_passes() -> None:
    value = storable.loads('{"a": [1.5, 2, "😀 \\ud83d\\ude00", {"b": null}], "big": 1' + "0" * 300 + "}")
    assert value["a"][2] == "😀 😀" and math.isfinite(value["a"][0]) and value["big"] == 10**300


# ------------------------------------------------------------------------------ CLI reads are bounded
@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_generate_file_is_size_limited(runner: CliRunner, tmp_path: Path) -> None:
    big = tmp_path / "brief.txt"
    big.write_bytes(b"a" * 1_500_000)
    result = runner.invoke(main, ["generate", "--file", str(big)])
    assert result.exit_code == 2
    assert "too long" in result.output


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("command", [["generate", "--file"], ["validate"], ["fix"], ["diff", "/dev/zero"]])
def test_cli_never_reads_a_device_to_the_end(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(main, [*command, "/dev/zero"])
    assert result.exit_code == 2, result.output
    assert "error" in result.output.lower()
    # the size of what was cut off is unknown: the message must not claim one
    assert "too large (10 MB); the limit is 10 MB" not in result.output


def test_generate_stdin_is_size_limited(runner: CliRunner) -> None:
    result = runner.invoke(main, ["generate", "-"], input=b"b" * 1_500_000)
    assert result.exit_code == 2
    assert "too long" in result.output


# ------------------------------------------------------------------------------ renderers
@FAST_FUZZ
@given(flow=st.one_of(mutated_flows(), _JSON))
def test_renderers_draw_any_value(flow: Any) -> None:
    """A stored flow is drawn as it is (a malformed one too): diagram, outline and path never raise."""
    from flowgen_core.render.diagram import text_diagram, to_dot
    from flowgen_core.render.outline import outline_text
    from flowgen_core.render.path import path_summary

    assert to_dot(flow).startswith("digraph flow {")
    text_diagram(flow)
    outline_text(flow)
    path_summary(flow)


@pytest.mark.parametrize("bad", [True, 5, 1.5, "steps", {"a": 1}])
def test_renderers_draw_a_flow_whose_lists_are_not_lists(bad: Any) -> None:
    from flowgen_core.render.diagram import text_diagram, to_dot
    from flowgen_core.render.outline import outline_text
    from flowgen_core.render.path import path_summary

    flow = sample_flow()
    flow["steps"][1]["events"] = bad
    flow["steps"][0]["conditions"] = bad
    for value in (flow, {"steps": bad, "initialStepID": "x"}):
        to_dot(value)
        text_diagram(value)
        outline_text(value)
        path_summary(value)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"name": "a", "steps": [{"id": "x", "type": "end", "time": NaN}]}', "non-finite"),
        ('{"name": "a", "steps": [{"id": "x", "type": "end", "time": 1e400}]}', "non-finite"),
        ('{"name": "\\ud800", "steps": []}', "lone surrogate"),
        ('{"name": "nul \\u0000", "steps": []}', "NUL"),
    ],
)
def test_cli_fix_refuses_a_flow_it_cannot_store(
    runner: CliRunner, tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "flow.json"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["fix", str(path)])
    assert result.exit_code == 2, result.output
    assert problem in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# ------------------------------------------------------------------------------ model replies
_REPLY_PIECES = st.sampled_from(
    [
        '{"name": "x", "start": "a", "steps": [',
        "]}",
        '{"key": "a", "type": "message", "text": "',
        '"}',
        "[" * 3000,
        "]" * 3000,
        "1" + "0" * 5000,
        "NaN",
        "1e400",
        "\\ud800",
        "\\u0000",
        "```json\n",
        "```",
    ]
)


@FAST_FUZZ
@given(pieces=st.lists(st.one_of(_REPLY_PIECES, st.text(max_size=8)), max_size=8))
def test_a_model_reply_is_a_plan_or_a_repairable_refusal(pieces: list[str]) -> None:
    from flowgen_core.planners.llm.reply_parsing import ReplyParseError, parse_plan

    try:
        plan, _ = parse_plan("".join(pieces))
    except ReplyParseError as refused:
        assert str(refused).startswith("the reply")
    else:
        storable.check_value(plan.model_dump())


@pytest.mark.parametrize(
    "reply",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"name": "x", "start": "a", "steps": [], "n": 1' + "0" * 5000 + "}",
        '{"name": "x \\ud800", "start": "a", "steps": [{"key": "a", "type": "end"}]}',
        '{"name": "x", "start": "a", "steps": [{"key": "a", "type": "message", "text": "hi \\u0000"}]}',
    ],
    ids=["deep", "huge-int", "surrogate", "nul"],
)
def test_hostile_model_replies_are_refused_for_repair(reply: str) -> None:
    from flowgen_core.planners.llm.reply_parsing import ReplyParseError, parse_plan

    with pytest.raises(ReplyParseError, match="the reply"):
        parse_plan(reply)


@pytest.mark.parametrize(
    "command", [["validate"], ["validate", "--json"], ["fix"], ["refine", "FILE", "wait 2 days"]]
)
def test_cli_refuses_an_integer_beyond_a_doubles_range(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "flow.json"
    text = json.dumps(sample_flow()).replace('"time": "2"', '"time": 1' + "0" * 400, 1)
    path.write_text(text, encoding="utf-8")
    args = [str(path) if part == "FILE" else part for part in command]
    result = runner.invoke(main, args if "FILE" in command else [*args, str(path)])
    assert result.exit_code == 2, result.output
    assert "too large" in result.output


def test_an_integer_beyond_a_doubles_range_in_a_python_flow_is_unstorable() -> None:
    with pytest.raises(storable.UnstorableValue, match="too large"):
        storable.check_value({"steps": [{"time": 10**400}]}, "The flow")


# ------------------------------------------------------------------------------ odd unicode briefs
_ODD = [
    "\u200f",
    "\u202e",
    "e\u0301\u0302",
    "👨‍👩‍👧‍👦",
    "\ufeff",
    "\u2028",
    "\U0010ffff",
    "１０％",
    "٣٠٪",
    "ﬀ",
    "İ",
]
_ODD += ["𝟗𝟎", "{{first_name", "}}", "\x1b[31m", "\ud800", "\u0000", "1" + "0" * 400, "½", "∞"]
_BRIEFS = [
    "Win back customers who haven't ordered in 90 days with 15% off, reply YES to claim",
    "Send VIPs 20% off with code SAVE20 tomorrow at 10am PST, reply STOP to opt out",
    "Abandoned cart: wait 2 hours, remind them, then $5 off if no reply in 1 day",
]


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    base=st.sampled_from(_BRIEFS),
    inserts=st.lists(st.tuples(st.integers(0, 120), st.sampled_from(_ODD) | st.text(max_size=4)), max_size=4),
    instruction=st.sampled_from(INSTRUCTIONS),
    tail=st.sampled_from(_ODD),
)
def test_odd_unicode_briefs_generate_refine_and_check(
    base: str, inserts: list[tuple[int, str]], instruction: str, tail: str
) -> None:
    """Briefs and instructions with bidi marks, combining marks, ZWJ emoji, NUL, lone surrogates
    and huge numbers: generation answers or refuses the brief, refinement applies or refuses."""
    from flowgen_core.errors import FlowgenError
    from flowgen_core.pipeline import generate_flow
    from flowgen_core.settings import Settings

    text = base
    for position, piece in inserts:
        text = text[:position] + piece + text[position:]
    try:
        result = generate_flow(text, settings=Settings(_env_file=None, flowgen_generator="offline"))
    except FlowgenError:
        return
    with contextlib.suppress(RefinementRefused):
        refine_offline(result.flow, f"{instruction} {tail}")
    changed = copy.deepcopy(result.flow)
    changed["name"] = tail
    json.dumps(validate_flow(changed).to_dict())
    autofix(changed)
    diff_flows(result.flow, changed)


def test_unknown_steps_do_not_reread_the_schema_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """A flow of many steps of unknown type costs one schema read, not one (or two) per step."""
    import flowgen_core.check.schema as schema_layer

    reads: list[int] = []
    real = schema_layer.load_schema

    def counted() -> dict[str, Any]:
        reads.append(1)
        return real()

    monkeypatch.setattr(schema_layer, "load_schema", counted)
    counts = []
    for size in (5, 60):
        reads.clear()
        validate_flow(
            {"initialStepID": "s0", "steps": [{"id": f"s{i}", "type": "bogus"} for i in range(size)]}
        )
        counts.append(len(reads))
    assert counts[1] <= counts[0] + 1, counts
