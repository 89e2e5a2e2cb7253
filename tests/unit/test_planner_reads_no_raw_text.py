"""The offline planner and the offline editor read the interpreter's facts, never the brief's text.

Every cue the planner needs is read once by `flowgen_core.brief` (`CampaignBrief` facts and
`BriefCues`); a second keyword scan of the raw brief in the planner would let the two readings
disagree. These checks walk the source and fail when one comes back.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import flowgen_core
from flowgen_core.brief import extract_brief
from flowgen_core.planners.offline.composer import read_facts

_ROOT = Path(flowgen_core.__file__).parent
_PLANNER = sorted((_ROOT / "planners" / "offline").glob("*.py"))
_EDITOR = sorted((_ROOT / "refine").rglob("*.py"))
# names a raw brief text travelled under in the planner (`text` there is a message's copy)
_RAW_NAMES = {"low", "brief_text", "raw_text"}
_REGEX_SCANS = {"search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text("utf-8"), filename=str(path))


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return "?"


def _brief_text_reads(path: Path) -> list[str]:
    """`<...brief>.text` / `.low` / `facts.text`: the brief's own words read outside the interpreter."""
    found = []
    for node in ast.walk(_tree(path)):
        if not isinstance(node, ast.Attribute):
            continue
        owner = _dotted(node.value)
        last = owner.rsplit(".", 1)[-1]
        if node.attr == "low" or (node.attr == "text" and ("brief" in last or last == "facts")):
            found.append(f"{path.name}:{node.lineno} {owner}.{node.attr}")
    return found


def _raw_text_scans(path: Path) -> list[str]:
    """Planner functions taking raw text, and `re.<scan>(..., text)` over such a name."""
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            found += [f"{path.name}:{node.lineno} {node.name}({a.arg})" for a in args if a.arg in _RAW_NAMES]
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _REGEX_SCANS
        ):
            names = {_dotted(a).rsplit(".", 1)[-1] for a in node.args}
            if names & _RAW_NAMES:
                found.append(
                    f"{path.name}:{node.lineno} {_dotted(node.func)}(... {sorted(names & _RAW_NAMES)})"
                )
    return found


@pytest.mark.parametrize("path", _PLANNER + _EDITOR, ids=lambda p: str(p.relative_to(_ROOT)))
def test_no_module_reads_the_brief_text(path: Path) -> None:
    assert _brief_text_reads(path) == []


@pytest.mark.parametrize("path", _PLANNER, ids=lambda p: p.name)
def test_the_planner_scans_no_raw_text(path: Path) -> None:
    assert _raw_text_scans(path) == []


def test_the_checks_catch_a_raw_scan(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import re\n"
        "def cue(facts, low):\n"
        "    return re.search('x', facts.low) or facts.brief.text or re.match('y', low)\n",
        "utf-8",
    )
    assert len(_brief_text_reads(sample)) == 2
    assert len(_raw_text_scans(sample)) == 3  # the `low` parameter and both scans


def test_there_is_one_playbook_classifier() -> None:
    source = (_ROOT / "planners" / "offline" / "playbooks.py").read_text("utf-8")
    assert "import re" not in source and "def choose_playbook" not in source
    offline = "".join(p.read_text("utf-8") for p in _PLANNER)
    assert "classify_playbook(" not in offline  # the planner asks the brief (playbook_of), no one else


@pytest.mark.parametrize(
    "text",
    [
        "A 4-part tips series about cold brew for new buyers, one text every 3 days.",
        "Welcome series for new subscribers: 3 texts about our coffee.",
        "Win back customers who haven't ordered in 90 days with 15% off.",
        "Back in stock alert for people who added the jacket to their cart.",
    ],
)
def test_the_planner_uses_the_brief_playbook(text: str) -> None:
    brief = extract_brief(text)
    assert read_facts(brief, None).pb.name == brief.playbook


_FIXTURES = Path(__file__).parents[1] / "fixtures" / "briefs-extra.jsonl"


def _fixture_briefs() -> list[str]:
    return [json.loads(line)["brief"] for line in _FIXTURES.read_text("utf-8").splitlines() if line.strip()]


def test_the_plan_depends_on_the_facts_alone() -> None:
    """Blank the brief's words after the interpreter read them: every plan stays the same, so
    nothing in the planner read the text (only the flow description quotes it)."""
    from flowgen_core.planners.offline.composer import Composer

    for text in _fixture_briefs():
        brief = extract_brief(text)
        before = Composer(brief, "Acme").build().model_dump(exclude={"description"})
        blanked = brief.model_copy(update={"text": "x" * len(text)})
        after = Composer(blanked, "Acme").build().model_dump(exclude={"description"})
        assert after == before, text
