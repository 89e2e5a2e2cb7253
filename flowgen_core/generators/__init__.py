"""Generators: brief -> FlowBuilder flow. `generate_flow` picks one and falls back offline."""

from __future__ import annotations

import logging
import time
from datetime import date

from flowgen_core.brief import CampaignBrief
from flowgen_core.generators.base import (
    GenerationError,
    GenerationResult,
    LLMError,
    ModelAttempt,
    attempts_summary,
)
from flowgen_core.generators.offline import EMPTY_BRIEF_MESSAGE, OfflineGenerator
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
    from flowgen_core.brief import extract_brief

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
    brand = brand_name or settings.brand_name
    if settings.resolved_generator(generator) == "llm":
        started = time.monotonic()
        try:
            from flowgen_core.generators.llm import LLMGenerator

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
