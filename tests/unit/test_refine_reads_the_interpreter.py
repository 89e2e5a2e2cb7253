"""The offline editor takes an instruction's facts from the brief interpreter and nowhere else.

Whatever the interpreter reads — number words, durations written "36h", Spanish, French or German —
the editor applies, and the spec a refinement is checked against states the same value, so the
editor, the planner and the compliance check never hold two readings of one sentence. The source
checks at the end fail when the refine package grows a fact reader of its own again.
"""

from __future__ import annotations

import ast
import copy
import json
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import flowgen_core
from flowgen_core.brief import extract_brief, read_instruction
from flowgen_core.pipeline import generate_flow
from flowgen_core.plan.decompile import decompile
from flowgen_core.plan.model import FlowPlan
from flowgen_core.refine.editor import edit_plan, refine
from flowgen_core.refine.instruction import Instruction
from flowgen_core.settings import Settings
from tests.fakes import briefs

TODAY = date(2026, 11, 24)
SETTINGS = Settings(_env_file=None, flowgen_generator="offline")
_REFINE = Path(flowgen_core.__file__).parent / "refine"
_FIXTURE = Path(__file__).parents[1] / "fixtures" / "refine_phrasings.jsonl"
# A Spanish abandoned-cart brief with no wait before the first send: its flow has a no-reply
# reminder and no delay step.
_SPANISH = "Clientes VIP: envía un mensaje con 10% de descuento. Responde SI para comprar."


@cache
def _generated(brief: str) -> dict[str, Any]:
    return generate_flow(brief, settings=SETTINGS, today=TODAY).flow


def _flow(brief: str) -> dict[str, Any]:
    return copy.deepcopy(_generated(brief))


def _plan(flow: dict[str, Any]) -> FlowPlan:
    return decompile(flow)[0]


def _delays(plan: FlowPlan) -> list[tuple[int, str]]:
    return [(s.wait.value, s.wait.unit) for s in plan.steps if s.type == "delay" and s.wait]


def _timeouts(plan: FlowPlan) -> set[tuple[int, str]]:
    return {
        (t.after.value, t.after.unit) for s in plan.steps for t in s.next if t.on == "noreply" and t.after
    }


def _offers(plan: FlowPlan) -> set[tuple[str, str | None]]:
    return {
        (s.discount.kind, s.discount.value) for s in plan.steps if s.discount and s.discount.kind != "none"
    }


@pytest.mark.parametrize(
    ("instruction", "delay"),
    [
        ("wait three days instead", (3, "days")),
        ("make the delay a couple of days", (2, "days")),
        ("set the delay to 36h", (36, "hours")),
        ("change the pause to twelve hours", (12, "hours")),
        ("a 90-minute wait instead", (90, "minutes")),
    ],
)
def test_a_wait_is_what_the_interpreter_reads(instruction: str, delay: tuple[int, str]) -> None:
    facts = read_instruction(instruction, today=TODAY)
    plan = _plan(_flow(briefs.WELCOME))
    assert [(w.value, w.unit) for w in facts.waits] == [delay]
    edit_plan(plan, instruction, today=TODAY)
    assert _delays(plan) == [delay]


@pytest.mark.parametrize(
    ("instruction", "timeout"),
    [
        ("if there is no answer within forty-eight hours, send a reminder", (48, "hours")),
        ("set the reply window to two days", (2, "days")),
        ("a 5 hour timeout for replies", (5, "hours")),
    ],
)
def test_a_no_reply_timeout_is_what_the_interpreter_reads(instruction: str, timeout: tuple[int, str]) -> None:
    plan = _plan(_flow(briefs.WINBACK))
    edit_plan(plan, instruction, today=TODAY)
    assert _timeouts(plan) == {timeout}


@pytest.mark.parametrize(
    ("instruction", "value"),
    [
        ("make it thirty percent", "30"),
        ("set the discount to twenty-five percent", "25"),
        ("change the offer to 35 pct", "35"),
    ],
)
def test_a_discount_value_in_words_reaches_copy_node_and_checkout(instruction: str, value: str) -> None:
    result = refine(
        _flow(briefs.CART), instruction, brief=extract_brief(briefs.CART), settings=SETTINGS, today=TODAY
    )
    plan = _plan(result.flow)
    assert _offers(plan) == {("percentage", value)}
    assert all(f"{value}%" in (s.text or "") for s in plan.steps if s.type == "message" and s.discount)
    # the spec the refined flow is checked against says the same
    assert [(d.kind, d.value) for d in result.spec.facts.discounts if d.kind == "percentage"] == [
        ("percentage", value)
    ]
    assert result.report.valid


@pytest.mark.parametrize(
    ("instruction", "cap"),
    [
        ("limit it to three texts a week", ("rate_limit", 3, 7)),
        ("add a frequency cap of two per day", ("rate_limit", 2, 1)),
        ("customers may enter the flow twice a month", ("limit", 2, 30)),
    ],
)
def test_caps_and_entry_limits_are_what_the_interpreter_reads(
    instruction: str, cap: tuple[str, int, int]
) -> None:
    plan = _plan(_flow(briefs.WINBACK))
    edit_plan(plan, instruction, today=TODAY)
    limits = [(s.type, s.limit.occurrences, s.limit.timespan) for s in plan.steps if s.limit]
    assert limits == [cap]


@pytest.mark.parametrize(
    ("instruction", "timeout"),
    [
        ("espera 3 días", (3, "days")),  # too short for the language model: the flow's language decides
        ("mejor esperar dos horas", (2, "hours")),
    ],
)
def test_a_spanish_instruction_on_a_spanish_flow(instruction: str, timeout: tuple[int, str]) -> None:
    # The Spanish flow has no delay step, so a wait there is its no-reply timeout.
    result = refine(
        _flow(_SPANISH), instruction, brief=extract_brief(_SPANISH), settings=SETTINGS, today=TODAY
    )
    assert _timeouts(_plan(result.flow)) == {timeout}
    assert result.report.valid


@pytest.mark.parametrize(
    ("instruction", "language", "delay"),
    [
        ("attendez quatre jours", "fr", (4, "days")),
        ("attends 48h", "fr", (48, "hours")),
        ("warte zwei Tage", "de", (2, "days")),
        ("espera cinco días", "es", (5, "days")),
    ],
)
def test_french_and_german_waits(instruction: str, language: str, delay: tuple[int, str]) -> None:
    plan = _plan(_flow(briefs.WELCOME))
    edit_plan(plan, instruction, today=TODAY, language=language)
    assert _delays(plan) == [delay]


def _fixture_instructions() -> list[str]:
    lines = _FIXTURE.read_text("utf-8").splitlines()
    return list(dict.fromkeys(json.loads(line)["instruction"] for line in lines if line.strip()))


@pytest.mark.parametrize("language", ["es", "fr", "de"])
def test_an_english_instruction_reads_the_same_on_a_flow_in_another_language(language: str) -> None:
    """The flow's language is a hint for short instructions only; English words keep their meaning."""
    for instruction in _fixture_instructions():
        english = Instruction.read(instruction, today=TODAY).facts
        hinted = Instruction.read(instruction, today=TODAY, language=language).facts
        assert hinted.model_dump(exclude={"text", "language", "source_language"}) == english.model_dump(
            exclude={"text", "language", "source_language"}
        ), instruction


@pytest.mark.parametrize("instruction", _fixture_instructions())
def test_the_editor_and_the_spec_read_one_set_of_facts(instruction: str) -> None:
    """What the edit operations are offered is exactly the interpreter's reading of the command."""
    reading = Instruction.read(instruction, today=TODAY)
    assert reading.facts == read_instruction(reading.command, today=TODAY)


@pytest.mark.parametrize("instruction", ["skip the reminder", "no follow-ups please"])
def test_a_removal_the_editor_makes_is_dropped_from_the_spec_too(instruction: str) -> None:
    """The spec reads the editor's removal words: a flow without its reminder is not then held to it."""
    result = refine(
        _flow(briefs.WINBACK),
        instruction,
        brief=extract_brief(briefs.WINBACK),
        settings=SETTINGS,
        today=TODAY,
    )
    assert not _timeouts(_plan(result.flow))
    assert result.spec.facts.no_reply_after == [] and not result.spec.facts.reminders
    assert not [f.code for f in result.report.warnings + result.report.errors if f.code.startswith("brief_")]


# ---- the refine package holds no fact reader of its own

_FACT_MODELS = {
    "Duration",
    "FrequencyCap",
    "Discount",
    "AudienceCondition",
    "SendWindow",
    "SendHours",
    "ExperimentSpec",
}
_INTERPRETER_INTERNALS = {"extract_brief", "parse_count", "parse_duration", "to_english_cues"}
_SCANS = {"search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split", "compile"}


def _sources() -> list[Path]:
    return sorted(_REFINE.rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text("utf-8"), filename=str(path))


def _fact_builds(path: Path) -> list[str]:
    """Fact models built, and interpreter internals imported, by a module."""
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FACT_MODELS:
            found.append(f"{path.name}:{node.lineno} {node.func.id}(...)")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("flowgen_core.brief"):
            found += [
                f"{path.name}:{node.lineno} imports {a.name}"
                for a in node.names
                if a.name in _INTERPRETER_INTERNALS
            ]
    return found


def _scans_the_instruction(node: ast.Call) -> bool:
    """`re.<scan>(...)` over the instruction's words (new copy after a colon is data, not words)."""
    names = set()
    for arg in node.args:
        for part in ast.walk(arg):
            if isinstance(part, ast.Attribute):
                names.add(part.attr)
            elif isinstance(part, ast.Name):
                names.add(part.id)
    return bool(names & {"instruction", "command", "lower", "words"}) and "payload" not in names


def _instruction_reads(path: Path) -> list[str]:
    """The instruction's words read outside `refine/instruction.py`: `ctx.text`, `ctx.lower`,
    `ctx.instruction.command`, or a regex scan over them."""
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Attribute) and node.attr in {"text", "lower", "command"}:
            owner = node.value
            if (isinstance(owner, ast.Name) and owner.id == "ctx") or (
                isinstance(owner, ast.Attribute) and owner.attr == "instruction"
            ):
                found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _SCANS
            and _scans_the_instruction(node)
        ):
            found.append(f"{path.name}:{node.lineno} {ast.unparse(node.func)}(...)")
    return found


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(_REFINE)))
def test_no_edit_module_builds_a_fact_itself(path: Path) -> None:
    """Waits, caps, discounts, audiences, windows and tests come from the interpreter's reading."""
    assert _fact_builds(path) == []


@pytest.mark.parametrize(
    "path",
    [p for p in _sources() if p.name != "instruction.py"],
    ids=lambda p: str(p.relative_to(_REFINE)),
)
def test_only_the_instruction_reader_looks_at_the_instruction_words(path: Path) -> None:
    assert _instruction_reads(path) == []


def test_the_edit_vocabulary_states_no_facts() -> None:
    """No cue, command or target phrase of vocab/edits.json is itself a fact the interpreter reads."""
    vocab = json.loads((_REFINE / "vocab" / "edits.json").read_text("utf-8"))
    phrases = [p for group in ("cues", "branch_targets") for ps in vocab[group].values() for p in ps]
    phrases += [p for spec in vocab["commands"].values() for key in ("verbs", "nouns") for p in spec[key]]
    # the Spanish, French and German words of the same groups
    for words in vocab["languages"].values():
        phrases += [
            p for group in ("cues", "branch_targets") for ps in words.get(group, {}).values() for p in ps
        ]
        phrases += [
            p
            for specs in words["commands"].values()
            for spec in specs
            for key in ("verbs", "nouns")
            for p in spec[key]
        ]
    for phrase in phrases:
        facts = read_instruction(phrase.rstrip("*").replace("#", "2"), today=TODAY)
        stated = {
            name
            for name in (
                "waits",
                "no_reply_after",
                "frequency_caps",
                "entry_limits",
                "discounts",
                "send_windows",
            )
            if getattr(facts, name)
        }
        assert not stated, (phrase, stated)
    assert not any(re.search(r"\b(?:day|hour|week|minute|percent)s?\b|%|\$", p) for p in phrases)


def test_the_checks_catch_a_fact_reader(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import re\n"
        "from flowgen_core.brief import Duration, parse_count\n"
        "def wait(ctx):\n"
        "    m = re.search(r'(\\d+) days', ctx.instruction.command)\n"
        "    return Duration(value=parse_count(m.group(1)), unit='days') if re.match('x', ctx.lower) else None\n",
        "utf-8",
    )
    assert len(_fact_builds(sample)) == 2  # Duration(...) and the parse_count import
    assert len(_instruction_reads(sample)) == 4  # two attribute reads, two scans over them
