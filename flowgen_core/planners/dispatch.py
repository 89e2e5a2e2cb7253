"""Planner choice: `plan_flow` picks the LLM or the offline planner and falls back offline.

The planners do not correct or validate flows themselves: the caller (flowgen_core.pipeline)
hands them its `finish`, which they apply to each compiled flow.
"""

from __future__ import annotations

import logging
import time
from datetime import date

from flowgen_core.brief import CampaignBrief
from flowgen_core.brief.language import OFFLINE_LANGUAGES
from flowgen_core.errors import UnsupportedLanguageError
from flowgen_core.plan.compile import compile_plan
from flowgen_core.planners.base import (
    Finisher,
    GenerationError,
    GenerationResult,
    LLMError,
    ModelAttempt,
    attempts_summary,
)
from flowgen_core.planners.offline.composer import OfflineGenerator, build_metadata
from flowgen_core.settings import Settings

log = logging.getLogger(__name__)

__all__ = [
    "Finisher",
    "GenerationError",
    "GenerationResult",
    "LLMError",
    "OfflineGenerator",
    "plan_flow",
    "plan_offline",
    "refuse_unreadable_language",
]


def plan_flow(
    brief: CampaignBrief,
    *,
    settings: Settings,
    finish: Finisher,
    generator: str | None = None,
    brand_name: str | None = None,
    today: date | None = None,
    timezone: str | None = None,
) -> GenerationResult:
    """The chosen planner's flow for `brief`, finished by `finish`; the LLM falls back offline."""
    brand = brand_name or settings.brand_name
    if settings.resolved_generator(generator) == "llm":
        started = time.monotonic()
        try:
            # Imported on use: the LLM planner needs the optional `openai` package.
            from flowgen_core.planners.llm.client import LLMGenerator

            return LLMGenerator(settings, finish=finish).generate(
                brief, brand_name=brand, today=today, timezone=timezone or settings.brand_timezone
            )
        except LLMError as exc:
            reason = str(exc) or type(exc).__name__
            return _fallback(
                brief, brand, reason, settings=settings, finish=finish, attempts=exc.attempts, started=started
            )
        except ImportError as exc:
            reason = f"the LLM generator is not installed: {exc}"
            return _fallback(brief, brand, reason, settings=settings, finish=finish)
        except Exception as exc:  # an unexpected LLM-side failure must still give a flow
            log.exception("unexpected LLM generator failure")
            return _fallback(
                brief, brand, f"unexpected {type(exc).__name__}", settings=settings, finish=finish
            )
    return plan_offline(brief, brand_name=brand, finish=finish)


def plan_offline(brief: CampaignBrief, *, brand_name: str | None, finish: Finisher) -> GenerationResult:
    """The offline planner's plan, compiled and finished (validated once).

    A brief in a language the offline planner cannot read is refused rather than answered
    with an English promotion that ignores what it says.
    """
    refuse_unreadable_language(brief)
    started = time.perf_counter()
    plan = OfflineGenerator().plan(brief, brand_name)
    finished = finish(compile_plan(plan, description=brief.text.strip()), brief)
    latency_ms = int((time.perf_counter() - started) * 1000)
    flow = finished.flow
    flow["metadata"] = build_metadata("offline", brief, latency_ms=latency_ms)
    return GenerationResult(
        flow=flow, plan=plan, report=finished.report, brief=brief, generator="offline", latency_ms=latency_ms
    )


def refuse_unreadable_language(brief: CampaignBrief) -> None:
    """UnsupportedLanguageError when the brief is written in none of the offline languages."""
    language = brief.source_language
    if language in OFFLINE_LANGUAGES:
        return
    raise UnsupportedLanguageError(
        "The offline planner reads English, Spanish, French and German briefs; this one looks "
        f"written in another language ({language}). Set OPENAI_API_KEY so an AI model reads "
        "briefs in other languages, or write the brief in one of those four.",
        language=language,
    )


def _fallback(
    brief: CampaignBrief,
    brand_name: str | None,
    reason: str,
    *,
    settings: Settings,
    finish: Finisher,
    attempts: list[ModelAttempt] | None = None,
    started: float | None = None,
) -> GenerationResult:
    """The offline planner's flow, accounting for what the failed model attempts cost."""
    result = plan_offline(brief, brand_name=brand_name, finish=finish)
    spent = list(attempts or [])
    result.fallback_reason = reason
    result.notices.append(
        f"The AI model was unavailable ({reason}); this flow was made by the offline planner."
    )
    result.llm_attempts = spent
    result.model = settings.openai_model
    result.tokens_used = sum(a.total_tokens for a in spent)
    if started is not None:
        result.latency_ms = int((time.monotonic() - started) * 1000)
    metadata = result.flow.setdefault("metadata", {})
    metadata.update(
        fallback=True,
        fallback_reason=reason,
        tokens_used=result.tokens_used,
        latency_ms=result.latency_ms,
        llm={**attempts_summary(spent), "model": settings.openai_model, "fallback": True},
    )
    return result
