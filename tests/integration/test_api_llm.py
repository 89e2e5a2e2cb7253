"""generateFlow through the LLM generator (the local OpenAI-compatible stub), over real HTTP:
metadata, fallback to the offline planner, and the LLM metrics."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from flowgen_core.brief import extract_brief
from flowgen_core.planners.offline.composer import OfflineGenerator
from tests.fakes.openai_stub import OpenAIStub, plan, status
from tests.integration.api_harness import Backend, serve, sqlite_backend

BRIEF = (
    "Win back customers who haven't ordered in 90 days with 15% off using code COMEBACK15. "
    "Reply YES to claim; if no reply within 2 days, send a reminder."
)


@pytest.fixture
def llm_client(openai_stub: OpenAIStub, tmp_path: Path) -> Iterator[tuple[httpx.Client, Backend]]:
    stub_settings = openai_stub.settings(openai_max_retries=0, llm_repair_rounds=0)
    llm_values = {
        name: getattr(stub_settings, name)
        for name in ("openai_api_key", "openai_base_url", "openai_model", "openai_timeout_s")
    }
    overrides = {**llm_values, "openai_max_retries": 0, "llm_repair_rounds": 0, "flowgen_generator": "auto"}
    with (
        contextlib.contextmanager(sqlite_backend)(tmp_path, **overrides) as backend,
        serve(backend) as client,
    ):
        yield client, backend


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_llm_generation_fallback_and_metrics(
    llm_client: tuple[httpx.Client, Backend], openai_stub: OpenAIStub
) -> None:
    client, _ = llm_client
    good_plan = OfflineGenerator().plan(extract_brief(BRIEF))
    openai_stub.script(plan(good_plan, tokens=300))

    ready = client.get("/ready").json()
    assert ready["llm"]["configured"] is True
    assert ready["llm"]["model"] == "stub-model"

    response = client.post("/api/v1/generateFlow", json={"campaignDescription": BRIEF, "generator": "llm"})
    assert response.status_code == 200, response.text
    metadata = response.json()["metadata"]
    assert metadata["generator"] == "llm"
    assert metadata["model_used"] == "stub-model"
    assert metadata["tokens_used"] > 0
    assert metadata["fallback_reason"] is None

    # The LLM fails: the offline planner answers, and the response says why.
    openai_stub.script(status(500), status(500), status(500))
    fallback = client.post("/api/v1/generateFlow", json={"campaignDescription": "VIP early access. " + BRIEF})
    assert fallback.status_code == 200, fallback.text
    fallback_meta = fallback.json()["metadata"]
    assert fallback_meta["fallback_reason"]
    assert fallback_meta["generator"] == "offline"
    assert fallback_meta["notices"]

    samples = _samples(client.get("/metrics").text)
    assert samples[("flowgen_llm_tokens_total", (("model", "stub-model"),))] == metadata["tokens_used"]
    assert samples[("flowgen_llm_fallbacks_total", ())] == 1
    assert samples[("flowgen_result_cache_total", (("result", "miss"),))] == 2
    llm_runs = [
        value
        for (name, labels), value in samples.items()
        if name == "flowgen_generations_total" and ("generator", "llm") in labels
    ]
    assert sum(llm_runs) == 1
    # Every model request is counted by model and outcome, the failed one behind the fallback too.
    requests = {"ok": 1.0, "http_error": 1.0}
    for outcome, count in requests.items():
        key = ("flowgen_llm_requests_total", (("model", "stub-model"), ("outcome", outcome)))
        assert samples[key] == count
    assert samples[("flowgen_llm_request_tokens_total", (("kind", "prompt"), ("model", "stub-model")))] > 0
    assert fallback_meta["notices"] and any("HTTP 500" in notice for notice in fallback_meta["notices"])
