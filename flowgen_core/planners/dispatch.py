"""Generators: brief -> FlowBuilder flow. `generate_flow` picks one and falls back offline."""

from __future__ import annotations

import logging
import time
from datetime import date

from flowgen_core.brief import CampaignBrief
from flowgen_core.planners.base import (
    GenerationError,
    GenerationResult,
    LLMError,
    ModelAttempt,
    attempts_summary,
)
from flowgen_core.planners.offline.composer import EMPTY_BRIEF_MESSAGE, OfflineGenerator
from flowgen_core.settings import Settings

log = logging.getLogger(__name__)

__all__ = [
    "GenerationError",
    "GenerationResult",
    "LLMError",
    "OfflineGenerator",
    "generate_flow",
    "parse_brief",
]


def parse_brief(description: str, *, settings: Settings, today: date | None = None) -> CampaignBrief:
    """Check the size limits and extract the brief's facts. Raises GenerationError for unusable input."""
    if not description or not description.strip():
        raise GenerationError(EMPTY_BRIEF_MESSAGE)
    if len(description) > settings.max_brief_chars:
        raise GenerationError(
            f"The brief is too long ({len(description)} characters; the limit is {settings.max_brief_chars}). "
            "Shorten it to the campaign's essentials."
        )
    from flowgen_core.brief import EXAMPLE_BRIEFS, extract_brief, not_a_brief_reason
    from flowgen_core.errors import NotABriefError

    reason = not_a_brief_reason(description)
    if reason:
        raise NotABriefError(
            f"That isn't a campaign brief ({reason}); try e.g. '{EXAMPLE_BRIEFS[0]}'.",
            examples=list(EXAMPLE_BRIEFS),
        )
    return extract_brief(description, today=today)


def generate_flow(
    description: str,
    *,
    settings: Settings,
    generator: str | None = None,
    brand_name: str | None = None,
    today: date | None = None,
    timezone: str | None = None,
) -> GenerationResult:
    """Brief text -> validated flow. The LLM generator falls back to the offline planner on failure."""
    brief = parse_brief(description, settings=settings, today=today)
    result = _generate(
        brief, settings=settings, generator=generator, brand_name=brand_name, today=today, timezone=timezone
    )
    return _with_unread_clauses(result, brief)


def _generate(
    brief: CampaignBrief,
    *,
    settings: Settings,
    generator: str | None,
    brand_name: str | None,
    today: date | None,
    timezone: str | None,
) -> GenerationResult:
    brand = brand_name or settings.brand_name
    if settings.resolved_generator(generator) == "llm":
        started = time.monotonic()
        try:
            from flowgen_core.planners.llm.client import LLMGenerator

            return LLMGenerator(settings).generate(
                brief, brand_name=brand, today=today, timezone=timezone or settings.brand_timezone
            )
        except LLMError as exc:
            reason = str(exc) or type(exc).__name__
            return _fallback(brief, brand, reason, settings=settings, attempts=exc.attempts, started=started)
        except ImportError as exc:
            return _fallback(brief, brand, f"the LLM generator is not installed: {exc}", settings=settings)
        except Exception as exc:  # an unexpected LLM-side failure must still give a flow
            log.exception("unexpected LLM generator failure")
            return _fallback(brief, brand, f"unexpected {type(exc).__name__}", settings=settings)
    return OfflineGenerator().generate(brief, brand_name=brand)


_MAX_UNREAD_NOTICES = 3


def _with_unread_clauses(result: GenerationResult, brief: CampaignBrief) -> GenerationResult:
    """Say which clauses of the brief yielded no fact, rather than dropping them silently."""
    from flowgen_core.brief import not_understood

    unread = not_understood(brief.text)
    from flowgen_core.brief.summary import understood_lines

    for words in unread[:_MAX_UNREAD_NOTICES]:
        shown = words if len(words) <= 120 else words[:117] + "..."
        result.notices.append(f'brief_not_understood: "{shown}" was not used.')
    from flowgen_core.brief.language import LANGUAGE_NAMES, OFFLINE_LANGUAGES

    if brief.language not in OFFLINE_LANGUAGES and result.generator == "offline":
        result.notices.append(
            "The offline planner reads English, Spanish, French and German briefs; this one looks "
            f"written in another language ({brief.language}), so the copy is in English. "
            "Configure an AI model key to get copy in the brief's language."
        )
    elif brief.language != "en" and result.generator == "offline":
        result.notices.append(f"Copy written in {LANGUAGE_NAMES[brief.language]}, the brief's language.")
    result.understood = understood_lines(brief)
    return result


def _fallback(
    brief: CampaignBrief,
    brand_name: str | None,
    reason: str,
    *,
    settings: Settings,
    attempts: list[ModelAttempt] | None = None,
    started: float | None = None,
) -> GenerationResult:
    """The offline planner's flow, accounting for what the failed model attempts cost."""
    result = OfflineGenerator().generate(brief, brand_name=brand_name)
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
