"""Input checks the service cannot make for the API: answered before any work is done."""

from __future__ import annotations

from flowgen_apps.api.errors import ApiError
from flowgen_core.settings import Settings


def check_brief(description: str, limit: int) -> str:
    """The brief, stripped; 400 `brief_empty` or `brief_too_long` otherwise."""
    text = description.strip()
    if not text:
        raise ApiError(
            400,
            "brief_empty",
            "campaignDescription is empty: describe the campaign (goal, audience, offer, timing).",
            {"field": "campaignDescription", "max_chars": limit},
        )
    if len(text) > limit:
        raise ApiError(
            400,
            "brief_too_long",
            f"campaignDescription is {len(text):,} characters; the limit is {limit:,}.",
            {"field": "campaignDescription", "max_chars": limit, "length": len(text)},
        )
    return text


def check_generator(settings: Settings, generator: str | None) -> None:
    """503 `llm_not_configured` when the LLM generator is asked for but has no key."""
    if generator == "llm" and not settings.llm_enabled:
        raise ApiError(
            503,
            "llm_not_configured",
            "The LLM generator is not configured on this server (OPENAI_API_KEY is unset); "
            "use generator `offline` or `auto`.",
        )
