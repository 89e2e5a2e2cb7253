"""The edit operations' registry: every registered phrasing is documented, tested on a real
flow (tests/fixtures/refine_phrasings.jsonl) and reaches the refusal message's suggestions."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from flowgen_apps.slack import blocks
from flowgen_core.errors import RefinementRefused
from flowgen_core.pipeline import generate_flow
from flowgen_core.plan.decompile import decompile
from flowgen_core.refine.editor import FEATURED_PHRASINGS, SUPPORTED_PHRASINGS, edit_plan, refine
from flowgen_core.refine.registry import OPERATIONS, ordered_steps
from flowgen_core.settings import Settings
from tests.fakes import briefs

ROOT = Path(__file__).parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "refine_phrasings.jsonl"
TODAY = date(2026, 11, 24)
SETTINGS = Settings(_env_file=None, flowgen_generator="offline")
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()
]


@cache
def _flow(name: str) -> dict[str, Any]:
    """A base flow by brief name; "CART+AB" is the cart flow with an A/B test on its first message."""
    if name.endswith("+AB"):
        plain = _flow(name.removesuffix("+AB"))
        return refine(copy.deepcopy(plain), "add an A/B test on the first message", settings=SETTINGS).flow
    return generate_flow(getattr(briefs, name), settings=SETTINGS, today=TODAY).flow


def flow(name: str) -> dict[str, Any]:
    return copy.deepcopy(_flow(name))


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['flow']}: {case['instruction'][:50]}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_phrasing_does_what_the_fixture_says(case: dict[str, Any]) -> None:
    base = flow(case["flow"])
    if "refused" in case:
        with pytest.raises(RefinementRefused) as caught:
            refine(base, case["instruction"], settings=SETTINGS, today=TODAY)
        assert str(caught.value) == case["refused"]
        assert caught.value.suggestions == SUPPORTED_PHRASINGS
        return
    plan, _ = decompile(copy.deepcopy(base))
    edit = edit_plan(plan, case["instruction"], today=TODAY)
    assert [a.operation for a in edit.applied] == case["operations"]
    if not case["operations"]:
        with pytest.raises(RefinementRefused) as caught:
            refine(base, case["instruction"], settings=SETTINGS, today=TODAY)
        assert caught.value.suggestions == SUPPORTED_PHRASINGS
        return
    for applied, effect in zip(edit.applied, case["effect"], strict=True):
        assert effect in applied.description
    result = refine(base, case["instruction"], settings=SETTINGS, today=TODAY)
    assert result.report.valid, [e.message for e in result.report.errors]
    assert result.operations == edit.descriptions
    assert sorted(s.type for s in result.diff.added) == case["added"]
    assert sorted(s.type for s in result.diff.removed) == case["removed"]


def _as_pattern(example: str) -> re.Pattern[str]:
    """An example with placeholders ("… leading to checkout", "<copy>") as a regex."""
    text = re.escape(example.split(" (")[0])  # re.escape leaves "<", ">" and "…" alone
    return re.compile(re.sub(r"<[^>]+>", ".+", text).replace("…", ".+"), re.S)


@pytest.mark.parametrize("example", [e for op in OPERATIONS for e in op.examples])
def test_every_registered_example_has_a_fixture_case(example: str) -> None:
    pattern = _as_pattern(example)
    assert any(pattern.fullmatch(case["instruction"]) for case in CASES), example


@pytest.mark.parametrize("operation", [op.name for op in OPERATIONS])
def test_every_operation_is_exercised_by_the_fixture(operation: str) -> None:
    assert any(operation in case.get("operations", []) for case in CASES)


def test_docs_have_a_row_per_operation_with_its_examples() -> None:
    docs = (ROOT / "docs" / "refinement.md").read_text(encoding="utf-8")
    for op in OPERATIONS:
        assert f"| {op.title} | {op.phrasings} |" in docs, op.name


def test_refusals_suggest_one_line_per_operation() -> None:
    assert [op.phrasings for op in OPERATIONS] == SUPPORTED_PHRASINGS
    with pytest.raises(RefinementRefused) as caught:
        refine(flow("WINBACK"), "make it pop", settings=SETTINGS, today=TODAY)
    assert caught.value.suggestions == SUPPORTED_PHRASINGS


def test_featured_phrasings_are_registered_examples() -> None:
    examples = {e for op in OPERATIONS for e in op.examples}
    assert FEATURED_PHRASINGS and set(FEATURED_PHRASINGS) <= examples


def test_operation_names_and_ranks_are_unique() -> None:
    assert len({op.name for op in OPERATIONS}) == len(OPERATIONS)
    ranks = [step.rank for _, step in ordered_steps()]
    assert len(set(ranks)) == len(ranks)


@pytest.mark.parametrize("instruction", ["wait a week", "qwerty", "make the copy pop", None])
def test_slack_tips_are_the_refiners_own_phrasings(instruction: str | None) -> None:
    # The app only ranks and renders them: every tip is one the refiner registered.
    known = set(SUPPORTED_PHRASINGS) | {e for op in OPERATIONS for e in op.examples}
    tips = blocks.relevant_tips(instruction, SUPPORTED_PHRASINGS)
    assert tips and set(tips) <= known
    assert set(blocks.REFINE_PHRASINGS) <= known
