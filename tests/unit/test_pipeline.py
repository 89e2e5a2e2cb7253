"""The finishing pipeline: one boundary check, one brief extraction, one validation per flow."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import flowgen_core
import flowgen_core.check as check_package
import flowgen_core.pipeline as pipeline
from flowgen_core.check import validate_flow
from flowgen_core.errors import BriefInputError, GenerationError, NotABriefError
from flowgen_core.pipeline import EMPTY_BRIEF_MESSAGE, check_brief_text, finish, generate_flow, read_brief
from flowgen_core.settings import Settings

OFFLINE = Settings(_env_file=None, flowgen_generator="offline")
BRIEF = "Win back customers who haven't ordered in 90 days with 15% off, send Friday 10am"
CORE = Path(flowgen_core.__file__).parent

# Modules that still correct or validate on their own; they are being reworked to call
# flowgen_core.pipeline.finish and then leave this list.
NOT_YET_THROUGH_FINISH = ("planners/offline/composer.py", "refine/")


# ------------------------------------------------------------------------------ boundary check
@pytest.mark.parametrize("text", ["", "   \n\t ", None])
def test_empty_brief_has_one_message(text: str | None) -> None:
    with pytest.raises(BriefInputError) as refused:
        check_brief_text(text, max_chars=100)
    assert str(refused.value) == EMPTY_BRIEF_MESSAGE and refused.value.code == "brief_empty"


def test_overlong_brief_names_the_limit() -> None:
    with pytest.raises(BriefInputError) as refused:
        check_brief_text("x" * 101, max_chars=100)
    assert refused.value.code == "brief_too_long"
    assert (refused.value.max_chars, refused.value.length) == (100, 101)
    assert "101 characters; the limit is 100" in str(refused.value)


def test_the_check_strips_and_counts_the_stripped_text() -> None:
    assert check_brief_text("  " + "x" * 100 + "\n", max_chars=100) == "x" * 100


def test_unstorable_text_is_refused_only_where_it_is_stored() -> None:
    assert check_brief_text("10% off\x00", max_chars=100) == "10% off\x00"
    with pytest.raises(BriefInputError) as refused:
        check_brief_text("10% off\x00", max_chars=100, stored=True)
    assert refused.value.code == "brief_unstorable"


def test_boundary_errors_are_generation_errors() -> None:
    # The shells answer GenerationError already; the boundary check needs no new handler.
    assert issubclass(BriefInputError, GenerationError)
    with pytest.raises(NotABriefError):
        read_brief("🎉🎉")


def test_generate_flow_applies_the_workspace_limit() -> None:
    with pytest.raises(BriefInputError, match="limit is 20"):
        generate_flow(BRIEF, settings=OFFLINE.model_copy(update={"max_brief_chars": 20}))


# ------------------------------------------------------------------------------ counting
@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    seen = {"validations": 0, "extractions": 0}
    real_schema, real_extract = check_package.check_schema, pipeline.extract_brief

    def schema(flow: Any) -> Any:
        seen["validations"] += 1  # every validation starts with the schema layer
        return real_schema(flow)

    def extract(text: str, **options: Any) -> Any:
        seen["extractions"] += 1
        return real_extract(text, **options)

    monkeypatch.setattr(check_package, "check_schema", schema)
    monkeypatch.setattr(pipeline, "extract_brief", extract)
    return seen


def test_an_offline_generation_validates_once_and_reads_the_brief_once(counts: dict[str, int]) -> None:
    result = generate_flow(BRIEF, settings=OFFLINE)
    assert result.report.valid
    assert counts == {"validations": 1, "extractions": 1}


def test_the_one_report_includes_the_brief_findings() -> None:
    result = generate_flow(BRIEF, settings=OFFLINE)
    assert result.brief is not None
    assert result.report.to_dict() == validate_flow(result.flow, result.brief).to_dict()


def test_finish_without_repair_only_checks() -> None:
    flow = generate_flow(BRIEF, settings=OFFLINE).flow
    broken = {**flow, "initialStepID": "nowhere"}
    same, report = finish(broken, repair=False)
    assert same is broken and not report.valid
    assert report.to_dict() == validate_flow(broken).to_dict()


# ------------------------------------------------------------------------------ one caller
def _calls(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in {"autofix", "validate_flow"}:
                yield f"{path.relative_to(CORE)}:{node.lineno} {name}"


def test_finish_is_the_only_caller_of_autofix_and_validate() -> None:
    callers = [
        call
        for path in sorted(CORE.rglob("*.py"))
        if path.relative_to(CORE).parts[0] != "check" and path.name != "pipeline.py"
        if not str(path.relative_to(CORE)).startswith(NOT_YET_THROUGH_FINISH)
        for call in _calls(path)
    ]
    assert callers == []
