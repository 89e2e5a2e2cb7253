"""The one path every flow takes: brief text -> brief -> planner -> finished flow + report.

- `check_brief_text` is the boundary check of brief text (empty, unstorable, too long), with
  one message per problem; the service and the apps call it, nothing deeper does.
- `read_brief` turns checked text into a `CampaignBrief`, once per request; the brief is then
  carried (to the planner, the finisher, the notices) instead of being extracted again.
- `finish` is the only place that applies the automatic corrections and validates: the
  planners (offline and each LLM repair round), the service's fix and validate go through it,
  and each flow is validated once (autofix's report is the validation; the brief's findings
  are added to it).
- `generate` and `refine` are the generation and refinement entry points of the core.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from flowgen_core.brief import (
    EXAMPLE_BRIEFS,
    CampaignBrief,
    extract_brief,
    not_a_brief_reason,
    not_understood,
)
from flowgen_core.brief.language import LANGUAGE_NAMES, OFFLINE_LANGUAGES
from flowgen_core.brief.summary import nothing_read_reason, understood_lines
from flowgen_core.check import validate_flow
from flowgen_core.check.autofix import FixResult, autofix
from flowgen_core.check.compliance import check_brief
from flowgen_core.check.pictures import picture_not_attached
from flowgen_core.check.report import Report
from flowgen_core.errors import BriefInputError, NotABriefError
from flowgen_core.planners.base import GenerationResult
from flowgen_core.planners.dispatch import plan_flow
from flowgen_core.settings import Settings
from flowgen_core.spec import FlowSpec
from flowgen_core.storable import text_problem

if TYPE_CHECKING:
    from flowgen_core.refine.editor import RefineResult

__all__ = [
    "EMPTY_BRIEF_MESSAGE",
    "FlowJSON",
    "brief_of",
    "check_brief_text",
    "finish",
    "finish_fixed",
    "generate",
    "generate_flow",
    "read_brief",
    "refine",
]

FlowJSON = dict[str, Any]  # a FlowBuilder flow as JSON (name, description, steps, metadata, ...)

EMPTY_BRIEF_MESSAGE = (
    "The brief is empty: describe the campaign in a sentence or two, e.g. "
    "'Win back customers who haven't ordered in 90 days with 15% off'."
)
_MAX_UNREAD_NOTICES = 3


# ---------------------------------------------------------------------------- the boundary
def check_brief_text(text: str | None, *, max_chars: int, stored: bool = False) -> str:
    """The brief text, stripped, or BriefInputError (a GenerationError) saying what is wrong.

    `stored`: the brief will be saved, so text the database cannot hold (a NUL character,
    a lone surrogate) is refused too; a flow that is only printed can carry it.
    """
    stripped = (text or "").strip()
    if not stripped:
        raise BriefInputError(EMPTY_BRIEF_MESSAGE, code="brief_empty", max_chars=max_chars)
    problem = text_problem(stripped) if stored else None
    if problem:
        raise BriefInputError(
            f"The brief contains {problem}; remove it and try again.",
            code="brief_unstorable",
            max_chars=max_chars,
            length=len(stripped),
        )
    if len(stripped) > max_chars:
        raise BriefInputError(
            f"The brief is {len(stripped):,} characters; the limit is {max_chars:,}. "
            "Shorten it to the campaign's goal, audience, offer and timing.",
            code="brief_too_long",
            max_chars=max_chars,
            length=len(stripped),
        )
    return stripped


def read_brief(text: str, *, today: date | None = None) -> CampaignBrief:
    """The facts of checked brief text; NotABriefError for text that is no campaign brief."""
    reason = not_a_brief_reason(text)
    if reason:
        raise NotABriefError(
            f"That isn't a campaign brief ({reason}); try e.g. '{EXAMPLE_BRIEFS[0]}'.",
            examples=list(EXAMPLE_BRIEFS),
        )
    brief = extract_brief(text, today=today)
    reason = nothing_read_reason(brief)
    if reason:
        raise NotABriefError(
            f"That isn't a campaign brief ({reason}); try e.g. '{EXAMPLE_BRIEFS[0]}'.",
            examples=list(EXAMPLE_BRIEFS),
        )
    return brief


def brief_of(text: str, *, today: date | None = None) -> CampaignBrief | None:
    """The facts of a stored brief (already accepted once), or None when there is none."""
    return extract_brief(text, today=today) if text else None


# ---------------------------------------------------------------------------- finishing
def finish_fixed(
    flow: Any,
    brief: CampaignBrief | None = None,
    *,
    verbatim: Iterable[str] = (),
    generated: bool = False,
    brand: str | None = None,
) -> FixResult:
    """Correct `flow` automatically and validate it once, against `brief` too when given.

    `generated` grades the flow as made here, not handed in: with COMPLIANCE_STRICT a first
    message without brand or opt-out wording is an error. `brand` is the sender's name the
    copy was written with (the workspace's brand name), which names the sender as well as
    `{{brand_name}}` does.

    autofix validates the corrected flow (schema, graph, content, with the brief's quoted
    copy kept verbatim); the brief's compliance findings are added to that report rather
    than validating the flow a second time.
    """
    quoted = [*verbatim, *(brief.quoted_copy if brief is not None else ())]
    fixed = autofix(flow, verbatim=quoted, generated=generated, brand=brand)
    if brief is None:
        return fixed
    report = Report(errors=list(fixed.report.errors), warnings=list(fixed.report.warnings))
    for finding in check_brief(fixed.flow, brief):
        report.add(finding)
    return FixResult(flow=fixed.flow, changes=fixed.changes, report=report)


def finish(
    flow: Any,
    brief: CampaignBrief | None = None,
    *,
    verbatim: Iterable[str] = (),
    repair: bool = True,
) -> tuple[Any, Report]:
    """The finished flow and its report. `repair=False` only checks (nothing is corrected)."""
    if not repair:
        return flow, validate_flow(flow, brief, verbatim=verbatim)
    fixed = finish_fixed(flow, brief, verbatim=verbatim)
    return fixed.flow, fixed.report


# ---------------------------------------------------------------------------- generate / refine
def generate(
    brief: CampaignBrief,
    *,
    settings: Settings,
    generator: str | None = None,
    brand_name: str | None = None,
    today: date | None = None,
    timezone: str | None = None,
) -> GenerationResult:
    """A finished flow for `brief`; the LLM planner falls back to the offline one on failure."""
    # Flows made here are graded as generated: with COMPLIANCE_STRICT's default a first message
    # that does not name the sender or say how to opt out is an error, not a warning.
    result = plan_flow(
        brief,
        settings=settings,
        finish=partial(finish_fixed, generated=True, brand=brand_name),
        generator=generator,
        brand_name=brand_name,
        today=today,
        timezone=timezone,
    )
    return _with_brief_notices(result, brief)


def generate_flow(
    description: str,
    *,
    settings: Settings,
    generator: str | None = None,
    brand_name: str | None = None,
    today: date | None = None,
    timezone: str | None = None,
) -> GenerationResult:
    """Brief text -> finished flow: the boundary check, one extraction, then `generate`."""
    text = check_brief_text(description, max_chars=settings.max_brief_chars)
    return generate(
        read_brief(text, today=today),
        settings=settings,
        generator=generator,
        brand_name=brand_name,
        today=today,
        timezone=timezone,
    )


def refine(
    flow: FlowJSON,
    instruction: str,
    *,
    spec: FlowSpec | None = None,
    brief: CampaignBrief | None = None,
    settings: Settings | None = None,
    generator: str | None = None,
    today: date | None = None,
) -> RefineResult:
    """Apply `instruction` to `flow`, checked against the base version's `spec` (see flowgen_core.spec);
    `brief` alone starts a spec with no changes."""
    # Imported here: the refinement stack (~0.1 s of imports) loads only for a refinement.
    from flowgen_core.refine.editor import refine as edit_flow

    return edit_flow(
        flow, instruction, spec=spec, brief=brief, settings=settings, generator=generator, today=today
    )


def _with_brief_notices(result: GenerationResult, brief: CampaignBrief) -> GenerationResult:
    """Say which clauses of the brief yielded no fact, rather than dropping them silently."""
    for words in not_understood(brief.text)[:_MAX_UNREAD_NOTICES]:
        shown = words if len(words) <= 120 else words[:117] + "..."
        result.notices.append(f'brief_not_understood: "{shown}" was not used.')
    if brief.language in OFFLINE_LANGUAGES and brief.language != "en" and result.generator == "offline":
        result.notices.append(f"Copy written in {LANGUAGE_NAMES[brief.language]}, the brief's language.")
    result.understood = understood_lines(brief) + picture_not_attached(result.flow, brief.image_url)
    return result
