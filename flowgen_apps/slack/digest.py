"""Post the daily usage digest (flowgen_core.service.jobs) to a Slack channel."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from flowgen_core.settings import Settings

log = logging.getLogger(__name__)


def _percent(rate: Any) -> str:
    return "n/a" if rate is None else f"{float(rate) * 100:.0f}%"


def digest_text(digest: dict[str, Any]) -> str:
    """One readable message; pure so it is tested without Slack."""
    if digest.get("unavailable"):
        return ":warning: flowgen daily digest: the history database was unavailable."
    latency = digest.get("median_latency_ms")
    lines = [
        "*flowgen — last 24 hours*",
        f"• Flows generated: *{digest.get('flows_generated', 0)}* ({digest.get('versions', 0)} versions)",
        f"• Approval rate: {_percent(digest.get('approval_rate'))}",
        f"• Offline fallback rate: {_percent(digest.get('fallback_rate'))}",
        f"• Valid on first try: {_percent(digest.get('valid_rate'))}",
        f"• Median generation time: {'n/a' if latency is None else f'{latency:.0f} ms'}",
    ]
    if digest.get("feedback_up") or digest.get("feedback_down"):
        lines.append(
            f"• Feedback on previews: 👍 {digest.get('feedback_up', 0)} · 👎 {digest.get('feedback_down', 0)}"
        )
    return "\n".join(lines)


def slack_digest_sink(settings: Settings) -> Callable[[dict[str, Any]], None] | None:
    """A sink for `jobs.set_digest_sink`, or None when no bot token or channel is configured."""
    if settings.slack_bot_token is None or not settings.slack_digest_channel:
        return None
    client = WebClient(token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url)
    channel = settings.slack_digest_channel

    def post(digest: dict[str, Any]) -> None:
        text = digest_text(digest)
        try:
            client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
            )
        except SlackApiError as error:
            # A digest is informational: log and move on rather than fail the clock.
            log.warning("digest not posted: %s", error.response.get("error"))

    return post
