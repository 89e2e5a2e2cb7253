"""Prometheus metrics for one app instance.

Each `ApiMetrics` owns its `CollectorRegistry`, so two apps in one process (tests, or the
API beside a worker) never collide on metric names. Labels are bounded: routes are
templates (`/api/v1/flows/{flow_id}`), never raw paths, and unmatched paths share one label.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

from flowgen_core.check.report import Report

UNMATCHED_ROUTE = "<unmatched>"

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class ApiMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.requests = Counter(
            "flowgen_http_requests_total",
            "HTTP requests by method, route template and status code.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "flowgen_http_request_duration_seconds",
            "HTTP request latency by method and route template.",
            ["method", "route"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.generations = Counter(
            "flowgen_generations_total",
            "Flows produced, by operation, generator and outcome (valid, invalid, error).",
            ["operation", "generator", "outcome"],
            registry=self.registry,
        )
        self.llm_tokens = Counter(
            "flowgen_llm_tokens_total",
            "LLM tokens spent, by model.",
            ["model"],
            registry=self.registry,
        )
        self.fallbacks = Counter(
            "flowgen_llm_fallbacks_total",
            "Generations where the LLM failed and the offline planner answered.",
            registry=self.registry,
        )
        self.llm_requests = Counter(
            "flowgen_llm_requests_total",
            "Model requests, by model and outcome (ok, unusable, http_error, timeout, deadline, busy...).",
            ["model", "outcome"],
            registry=self.registry,
        )
        self.llm_request_latency = Histogram(
            "flowgen_llm_request_duration_seconds",
            "Model request latency, by model and outcome.",
            ["model", "outcome"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.llm_token_kinds = Counter(
            "flowgen_llm_request_tokens_total",
            "Model tokens by model and kind (prompt, completion, cached), fallbacks included.",
            ["model", "kind"],
            registry=self.registry,
        )
        self.cache_lookups = Counter(
            "flowgen_result_cache_total",
            "Result-cache lookups on generation, by result (hit or miss).",
            ["result"],
            registry=self.registry,
        )
        self.findings = Counter(
            "flowgen_validation_findings_total",
            "Validation findings reported, by code and severity.",
            ["code", "severity"],
            registry=self.registry,
        )

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def observe_report(self, report: Report) -> None:
        for finding in [*report.errors, *report.warnings]:
            self.findings.labels(finding.code, finding.severity).inc()

    def observe_outcome(self, operation: str, outcome: Any) -> None:
        """Count one FlowOutcome (generate, refine, fix)."""
        generator = str(outcome.generator or "unknown")
        self.generations.labels(operation, generator, "valid" if outcome.report.valid else "invalid").inc()
        if outcome.tokens_used:
            self.llm_tokens.labels(str(outcome.model or "unknown")).inc(outcome.tokens_used)
        if outcome.fallback_reason:
            self.fallbacks.inc()
        if operation in ("generate", "refine") and not getattr(outcome, "cached", False):
            # A fix carries the metadata of the version it fixed: its model calls were counted then.
            self.observe_llm_attempts(_llm_attempts(outcome.flow))
        if operation == "generate":
            self.cache_lookups.labels("hit" if outcome.cached else "miss").inc()
        self.observe_report(outcome.report)

    def observe_llm_attempts(self, attempts: list[dict[str, Any]]) -> None:
        """Count model requests as recorded in a flow's `metadata.llm.attempts`."""
        for attempt in attempts:
            model = str(attempt.get("model") or "unknown")
            outcome = str(attempt.get("outcome") or "unknown")
            self.llm_requests.labels(model, outcome).inc()
            self.llm_request_latency.labels(model, outcome).observe(
                float(attempt.get("latency_ms") or 0) / 1000
            )
            for kind in ("prompt", "completion", "cached"):
                count = int(attempt.get(f"{kind}_tokens") or 0)
                if count:
                    self.llm_token_kinds.labels(model, kind).inc(count)

    def observe_failure(self, operation: str, generator: str | None) -> None:
        self.generations.labels(operation, generator or "unknown", "error").inc()

    def render(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


def _llm_attempts(flow: Any) -> list[dict[str, Any]]:
    metadata = flow.get("metadata") if isinstance(flow, dict) else None
    llm = metadata.get("llm") if isinstance(metadata, dict) else None
    attempts = llm.get("attempts") if isinstance(llm, dict) else None
    return [a for a in attempts if isinstance(a, dict)] if isinstance(attempts, list) else []
