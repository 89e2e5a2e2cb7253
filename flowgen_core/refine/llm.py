"""Refinement by a model: the current plan and the instruction in, a whole new plan out,
through the same validate / auto-fix / repair loop as generation."""

from __future__ import annotations

from datetime import date
from typing import Any

from flowgen_core.brief import CampaignBrief
from flowgen_core.check import validate_flow
from flowgen_core.diff import diff_flows
from flowgen_core.errors import LLMError, RefinementRefused
from flowgen_core.plan.decompile import DecompileError, decompile
from flowgen_core.planners.llm.refine_prompts import refinement_prompts
from flowgen_core.refine.recompile import recompile
from flowgen_core.refine.registry import SUPPORTED_PHRASINGS
from flowgen_core.refine.result import RefineResult, summarize
from flowgen_core.settings import Settings


def refine_with_llm(
    flow: dict[str, Any],
    instruction: str,
    *,
    brief: CampaignBrief | None,
    settings: Settings,
    today: date | None = None,
) -> RefineResult:
    """`brief` is the refinement's requirement set (`refinement_requirements`), never the original."""
    # Imported here because the provider SDK is optional: without it this raises
    # ImportError, which `refine` turns into the offline editor's answer.
    from flowgen_core.planners.llm.client import LLMGenerator

    try:
        plan, id_map = decompile(flow)
    except DecompileError as exc:
        raise RefinementRefused(str(exc), SUPPORTED_PHRASINGS) from exc
    system, user = refinement_prompts(plan, instruction, brief, today=today, timezone=settings.brand_timezone)
    generated = LLMGenerator(settings).run_plan_loop(
        system=system,
        user=user,
        brief=brief,
        description=str(flow.get("description") or ""),
        id_map=id_map,
        step_types={step.type for step in plan.steps},
        repair_warnings=False,
    )
    if generated.plan is None:
        raise LLMError("the model returned no plan")
    new_flow = recompile(flow, plan, generated.plan, id_map)
    diff = diff_flows(flow, new_flow)
    if diff.is_empty():
        raise RefinementRefused(
            f"The model found nothing to change for {instruction!r}.", SUPPORTED_PHRASINGS
        )
    report = validate_flow(new_flow, brief)
    for finding in generated.report.warnings:
        if finding.code == "brief_interpretation_mismatch":
            report.add(finding)
    if isinstance(generated.flow.get("metadata"), dict) and "llm" in generated.flow["metadata"]:
        new_flow.setdefault("metadata", {})["llm"] = generated.flow["metadata"]["llm"]
    return RefineResult(
        flow=new_flow,
        diff=diff,
        summary=summarize([f"Applied: {instruction}"], diff, report),
        report=report,
        operations=[instruction],
        generator="llm",
        model=generated.model,
        tokens_used=generated.tokens_used,
        notices=list(generated.notices),
    )
