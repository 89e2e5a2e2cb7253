"""Input checks the service cannot make for the API: answered before any work is done."""

from __future__ import annotations

from typing import Any

from flowgen_apps.api.errors import ApiError
from flowgen_core.errors import BriefInputError
from flowgen_core.pipeline import check_brief_text
from flowgen_core.settings import Settings


def check_brief(description: str, limit: int) -> str:
    """The core's boundary check, answered with this API's codes and the broken limit."""
    try:
        return check_brief_text(description, max_chars=limit)
    except BriefInputError as exc:
        details: dict[str, Any] = {"field": "campaignDescription", "max_chars": exc.max_chars}
        if exc.length:
            details["length"] = exc.length
        raise ApiError(400, exc.code, str(exc), details) from None


def check_generator(settings: Settings, generator: str | None) -> None:
    """503 `llm_not_configured` when the LLM generator is asked for but has no key."""
    if generator == "llm" and not settings.llm_enabled:
        raise ApiError(
            503,
            "llm_not_configured",
            "The LLM generator is not configured on this server (OPENAI_API_KEY is unset); "
            "use generator `offline` or `auto`.",
        )
