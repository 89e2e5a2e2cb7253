"""The daily usage digest reaches the configured Slack channel through the Web API stub."""

from __future__ import annotations

from pathlib import Path

from flowgen_apps.slack.digest import digest_text, slack_digest_sink
from flowgen_core.context import RequestContext
from flowgen_core.service.cache import MemoryCache
from flowgen_core.service.jobs import run_job, set_digest_sink
from flowgen_core.service.store import FlowStore
from flowgen_core.settings import Settings


def test_digest_text_reads_well() -> None:
    text = digest_text(
        {
            "flows_generated": 4,
            "versions": 9,
            "approval_rate": 0.5,
            "fallback_rate": 0.25,
            "median_latency_ms": 12.0,
        }
    )
    assert "Flows generated: *4* (9 versions)" in text
    assert "Approval rate: 50%" in text and "fallback rate: 25%" in text and "12 ms" in text
    assert "unavailable" in digest_text({"unavailable": True})
    assert "👍 3 · 👎 1" in digest_text({"feedback_up": 3, "feedback_down": 1})


def test_no_sink_without_token_or_channel() -> None:
    assert slack_digest_sink(Settings(_env_file=None, slack_digest_channel="C1")) is None
    assert slack_digest_sink(Settings(_env_file=None, slack_bot_token="xoxb-test")) is None


def test_usage_digest_job_posts_to_the_channel(slack_stub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(
        _env_file=None,
        slack_bot_token="xoxb-test",
        slack_digest_channel="C0DIGEST",
        slack_api_url=slack_stub.api_url,
        database_url=f"sqlite:///{tmp_path / 'd.sqlite3'}",
    )
    store = FlowStore(settings.database_url, outbox_path=tmp_path / "o.jsonl")
    store.save_version(
        context=RequestContext(), flow={"steps": []}, report={"valid": True}, brief="b", generator="offline"
    )
    sink = slack_digest_sink(settings)
    assert sink is not None
    set_digest_sink(sink)
    try:
        assert run_job("usage_digest", store, MemoryCache(), settings)
    finally:
        set_digest_sink(None)
        store.dispose()
    posts = slack_stub.wait_for("chat.postMessage")
    assert posts[-1].params["channel"] == "C0DIGEST"
    assert "Flows generated: *1*" in posts[-1].params["text"]
