"""A scripted "realistic model": typical mid-size model mistakes in the first answer, then a
model that follows the repair message. Every mistake must end in a valid, complete flow
within the repair rounds (figures for the public briefs: docs/benchmarks.md)."""

from __future__ import annotations

import copy

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.planners.llm.client import LLMGenerator
from flowgen_core.planners.llm.prompts import FIXABLE_WARNINGS
from flowgen_core.planners.offline.composer import OfflineGenerator
from tests.fakes.briefs import CART, VIP, WINBACK
from tests.fakes.model_mistakes import MISTAKES
from tests.fakes.openai_stub import OpenAIStub, plan

EXPERIMENT = (
    "A/B test two versions of a 20% off flash sale message to customers who ordered in the last "
    "60 days, split 50/50. Reply YES to shop."
)
BRIEFS = {"winback": WINBACK, "cart": CART, "vip": VIP, "experiment": EXPERIMENT}


def _cases() -> list[tuple[str, str]]:
    """Every (brief, mistake) pair where the brief's plan has something for the mistake to damage."""
    cases = []
    for brief_name, text in sorted(BRIEFS.items()):
        good = OfflineGenerator().plan(extract_brief(text)).model_dump(mode="json")
        cases += [(brief_name, m) for m in sorted(MISTAKES) if MISTAKES[m](copy.deepcopy(good))]
    return cases


@pytest.mark.parametrize(("brief_name", "mistake"), _cases())
def test_mistake_is_repaired_to_a_valid_complete_flow(
    openai_stub: OpenAIStub, mistake: str, brief_name: str
) -> None:
    brief = extract_brief(BRIEFS[brief_name])
    good = OfflineGenerator().plan(brief).model_dump(mode="json")
    bad = copy.deepcopy(good)
    assert MISTAKES[mistake](bad)
    openai_stub.script(plan(bad), plan(good), plan(good))

    result = LLMGenerator(openai_stub.settings(llm_repair_rounds=2), backoff_base_s=0.01).generate(brief)

    assert result.generator == "llm"
    assert result.report.valid, [e.message for e in result.report.errors]
    left = [w.code for w in result.report.warnings if w.code in FIXABLE_WARNINGS]
    assert left == []
    assert result.attempts <= 2  # one repair round is enough for a model that follows it
