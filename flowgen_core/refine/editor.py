"""Refinement: (flow, plain-language instruction) -> new flow + diff + summary.

The flow is decompiled to its plan, the instruction becomes edit operations on the plan
(offline: read once by `instruction.py` — the brief interpreter's facts plus the edit
vocabulary — and applied by the operations in `ops/`; with an LLM: a new plan in
structured output, see `llm.py`), and the plan is compiled back with every step pinned to
its old id (`recompile.py`). Steps the edit did not touch are copied from the original
flow as they were, so a refinement changes what it was asked to change and nothing else.
An instruction that cannot be applied raises RefinementRefused with the supported
phrasings — never a silent no-op reported as success.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from flowgen_core.brief import CampaignBrief, detect_language
from flowgen_core.brief.language import instruction_language
from flowgen_core.check import validate_flow
from flowgen_core.diff import FlowDiff, diff_flows
from flowgen_core.errors import LLMError, RefinementRefused
from flowgen_core.plan.decompile import DecompileError, decompile
from flowgen_core.plan.model import FlowPlan
from flowgen_core.planners.base import attempts_summary
from flowgen_core.refine.context import EditContext
from flowgen_core.refine.instruction import is_acknowledgement, split_payload
from flowgen_core.refine.llm import refine_with_llm
from flowgen_core.refine.recompile import recompile
from flowgen_core.refine.refusals import refusal_text
from flowgen_core.refine.registry import FEATURED_PHRASINGS, SUPPORTED_PHRASINGS, ordered_steps
from flowgen_core.refine.result import RefineResult, summarize
from flowgen_core.settings import Settings, get_settings
from flowgen_core.spec import FlowSpec, apply_instruction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Applied:
    """One edit an instruction made: which operation, and what it did in words."""

    operation: str
    description: str


@dataclass
class PlanEdit:
    applied: list[Applied]
    notes: list[str]  # advice for the person, e.g. "the variant starts as a copy"

    @property
    def descriptions(self) -> list[str]:
        return [a.description for a in self.applied]


def edit_plan(
    plan: FlowPlan, instruction: str, *, today: date | None = None, language: str | None = None
) -> PlanEdit:
    """Apply `instruction` to `plan` in place: every operation that it asks for, in rank order.

    The instruction is read once (`Instruction.read`: the brief interpreter's facts and the edit
    vocabulary); `language` is the flow's, for an instruction too short to tell its own (default:
    the language of the plan's copy). Raises RefinementRefused (with the supported phrasings)
    when an operation is asked for but the flow cannot take it.
    """
    written_in = copy_language(plan)
    ctx = EditContext(
        plan, instruction, today=today, language=language or written_in, copy_language=written_in
    )
    applied: list[Applied] = []
    try:
        for op, step in ordered_steps():
            description = step.apply(ctx)
            if description:
                applied.append(Applied(op.name, description))
                if step.final:
                    break
    except RefinementRefused as exc:
        # Operations say why; what works instead is the same for all of them.
        exc.suggestions = exc.suggestions or SUPPORTED_PHRASINGS
        raise
    return PlanEdit(applied, ctx.notes)


def copy_language(plan: FlowPlan) -> str:
    """The language the plan's messages are written in, as the interpreter detects it."""
    return detect_language(" ".join(s.text for s in plan.steps if s.text))


def refine(
    flow: dict[str, Any],
    instruction: str,
    *,
    spec: FlowSpec | None = None,
    brief: CampaignBrief | None = None,
    settings: Settings | None = None,
    generator: str | None = None,
    today: date | None = None,
) -> RefineResult:
    """Apply `instruction` to `flow`, checked against the base version's `spec` with it applied.

    `spec` is what the flow being refined was made to satisfy (its brief's facts plus every
    earlier refinement's change); `brief` alone starts a spec with no changes. With neither,
    the refined flow is checked on its own.
    """
    instruction = (instruction or "").strip()
    if not instruction:
        raise RefinementRefused("The instruction is empty: say what to change.", SUPPORTED_PHRASINGS)
    if spec is None and brief is not None:
        spec = FlowSpec.from_brief(brief)
    if is_acknowledgement(instruction):
        return RefineResult(
            flow=copy.deepcopy(flow),
            diff=FlowDiff(),
            summary="No changes: the flow stays as it is.",
            report=validate_flow(flow, spec.facts if spec else None),
            spec=spec,
        )
    settings = settings or get_settings()
    # The spec changes first, then the flow: what the refined flow must satisfy is the base
    # version's spec with this instruction applied, so no check (or LLM repair round) asks
    # for a value this or an earlier refinement changed.
    new_spec, spec_changes = apply_instruction(spec, instruction, today=today) if spec else (None, [])
    requirements = new_spec.facts if new_spec else None
    result = _refine_flow(
        flow, instruction, requirements, settings=settings, generator=generator, today=today
    )
    result.spec, result.spec_changes = new_spec, spec_changes
    return result


def _refine_flow(
    flow: dict[str, Any],
    instruction: str,
    requirements: CampaignBrief | None,
    *,
    settings: Settings,
    generator: str | None,
    today: date | None,
) -> RefineResult:
    notices: list[str] = []
    fallback: str | None = None
    spent: list[Any] = []
    if settings.resolved_generator(generator) == "llm":
        try:
            return refine_with_llm(flow, instruction, brief=requirements, settings=settings, today=today)
        except (LLMError, ImportError) as exc:
            fallback = str(exc) or type(exc).__name__
            spent = list(getattr(exc, "attempts", []))
            notices.append(
                f"The AI model was unavailable ({fallback}); the change was made by the offline editor."
            )
            log.warning("LLM refinement failed, using the offline editor", extra={"reason": fallback})
    result = refine_offline(flow, instruction, brief=requirements, today=today)
    result.fallback_reason = fallback
    result.notices = notices + result.notices
    # The previous version's model accounting must not pass for this one's.
    result.flow.setdefault("metadata", {}).pop("llm", None)
    if spent:
        result.tokens_used = sum(a.total_tokens for a in spent)
        result.flow.setdefault("metadata", {})["llm"] = {
            **attempts_summary(spent),
            "model": settings.openai_model,
            "fallback": True,
        }
    return result


def refine_offline(
    flow: dict[str, Any],
    instruction: str,
    *,
    brief: CampaignBrief | None = None,
    today: date | None = None,
) -> RefineResult:
    try:
        plan, id_map = decompile(flow)
    except DecompileError as exc:
        raise RefinementRefused(str(exc), SUPPORTED_PHRASINGS) from exc
    edited = plan.model_copy(deep=True)
    flow_language = brief.source_language if brief else None
    edit = edit_plan(edited, instruction, today=today, language=flow_language)
    operations = edit.descriptions
    language = instruction_language(instruction, flow_language)
    if not operations:
        raise RefinementRefused(
            refusal_text("not_an_edit", language, instruction=repr(instruction)), SUPPORTED_PHRASINGS
        )
    new_flow = recompile(flow, plan, edited, id_map)
    diff = diff_flows(flow, new_flow)
    if diff.is_empty():
        raise RefinementRefused(
            refusal_text("already_so", language, operations="; ".join(operations)), SUPPORTED_PHRASINGS
        )
    report = validate_flow(new_flow, brief)
    return RefineResult(
        flow=new_flow,
        diff=diff,
        summary=summarize(operations, diff, report),
        report=report,
        operations=operations,
        notices=edit.notes,
    )


__all__ = [
    "FEATURED_PHRASINGS",
    "SUPPORTED_PHRASINGS",
    "Applied",
    "PlanEdit",
    "RefineResult",
    "edit_plan",
    "recompile",
    "refine",
    "refine_offline",
    "split_payload",
]
