"""Knowledge about a step type lives in its module under `flowgen_core/steps/`.

Outside that package no code compares a step's type with a literal step-type name: it asks
the registry (`kind_of(step)`) or a group derived from it. Event types share some names with
step types ("reply", "split"), so comparisons whose subject is an event are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flowgen_core.format.vocabulary import STEP_TYPE_NAMES

ROOT = Path(__file__).resolve().parents[2]
STEPS = ROOT / "flowgen_core" / "steps"
SOURCES = sorted(
    p
    for package in ("flowgen_core", "flowgen_apps")
    for p in (ROOT / package).rglob("*.py")
    if STEPS not in p.parents and "migrations" not in p.parts
)
NAMES = set(STEP_TYPE_NAMES)


def _names_in(node: ast.expr) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value} & NAMES
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return set().union(*(_names_in(e) for e in node.elts)) if node.elts else set()
    return set()


# Names that hold events or audience conditions, whose types share names with step types.
NOT_STEPS = {"e", "ev", "event", "events", "cond", "condition", "c"}


def _is_step_type(subject: ast.expr) -> bool:
    text = ast.unparse(subject)
    names = {n.id for n in ast.walk(subject) if isinstance(n, ast.Name)}
    return "type" in text and "event" not in text.lower() and not names & NOT_STEPS


def _branches(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right = node.left, node.comparators[0]
            if _names_in(right) and _is_step_type(left):
                found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif (
            isinstance(node, ast.match_case)
            and isinstance(node.pattern, ast.MatchValue)
            and _names_in(node.pattern.value)
        ):
            found.append(f"{node.pattern.lineno}: case {ast.unparse(node.pattern)}")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_branches_on_step_type_names_outside_steps(path: Path):
    assert not _branches(ast.parse(path.read_text("utf-8"))), _branches(ast.parse(path.read_text("utf-8")))


def test_the_detector_sees_the_branches_it_forbids():
    source = """
if step.get("type") == "message": pass
if step["type"] in ("delay", "no_reply"): pass
if kind.name != "end": pass
if event.get("type") == "reply": pass
"""
    assert len(_branches(ast.parse(source))) == 2
