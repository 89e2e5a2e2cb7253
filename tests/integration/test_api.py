"""Every REST route and error status over real HTTP, on SQLite + memory and on PostgreSQL + Redis."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.api_harness import Backend, postgres_backend, serve, sqlite_backend

BRIEF = (
    "Win back customers who haven't ordered in 90 days with 15% off using code COMEBACK15. "
    "Reply YES to claim; if no reply within 2 days, send a reminder."
)


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.services)],
)
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    factory = sqlite_backend if request.param == "sqlite" else postgres_backend
    yield from factory(tmp_path_factory.mktemp(request.param))


@pytest.fixture(scope="module")
def client(backend: Backend) -> Iterator[httpx.Client]:
    with serve(backend) as http:
        yield http


@pytest.fixture(scope="module")
def generated(client: httpx.Client) -> dict[str, Any]:
    response = client.post("/api/v1/generateFlow", json={"campaignDescription": BRIEF})
    assert response.status_code == 200, response.text
    return response.json()


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["message"] and "Traceback" not in response.text
    if code is not None:
        assert error["code"] == code
    return error


# --------------------------------------------------------------------------- generateFlow
def test_generate_returns_flow_metadata_and_report(generated: dict[str, Any]) -> None:
    assert {"initialStepID", "steps", "name", "description", "metadata", "validation"} <= set(generated)
    step_ids = {step["id"] for step in generated["steps"]}
    assert generated["initialStepID"] in step_ids
    metadata = generated["metadata"]
    for key in (
        "generated_at",
        "generator",
        "model_used",
        "tokens_used",
        "generation_time_ms",
        "flow_id",
        "version",
    ):
        assert key in metadata, key
    assert metadata["generator"] == "offline"
    assert metadata["version"] == 1
    assert set(generated["validation"]) >= {"valid", "errors", "warnings"}


def test_identical_brief_is_served_from_cache(client: httpx.Client, generated: dict[str, Any]) -> None:
    again = client.post("/api/v1/generateFlow", json={"campaignDescription": "  " + BRIEF.upper() + " "})
    assert again.status_code == 200
    metadata = again.json()["metadata"]
    assert metadata["cached"] is True
    assert metadata["tokens_used"] == 0
    assert metadata["flow_id"] != generated["metadata"]["flow_id"]  # a new flow, same content
    assert again.json()["steps"] == generated["steps"]


def test_generate_with_options(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/generateFlow",
        json={
            "campaignDescription": "Welcome new subscribers with 10% off",
            "generator": "offline",
            "brandName": "Acme",
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["metadata"]["generator"] == "offline"


@pytest.mark.parametrize("description", ["", "   \n  "])
def test_empty_brief_is_400(client: httpx.Client, description: str) -> None:
    assert_error(
        client.post("/api/v1/generateFlow", json={"campaignDescription": description}), 400, "brief_empty"
    )


@pytest.mark.parametrize(
    "description",
    [
        "TBD – brief coming later",
        "hjkl",
        "🎉🎉",
        "[your campaign description]",
        "did anyone watch the race on sunday?",
        "how do I unlock my account after too many login attempts",
        "¿A qué hora abre la farmacia el domingo?",
    ],
)
def test_not_a_brief_is_422_with_examples(client: httpx.Client, description: str) -> None:
    error = assert_error(
        client.post("/api/v1/generateFlow", json={"campaignDescription": description}), 422, "not_a_brief"
    )
    assert len(error["details"]["examples"]) == 3


def test_a_brief_in_another_language_is_422_offline(client: httpx.Client) -> None:
    description = "Envie uma mensagem aos clientes VIP com um desconto de 20% neste fim de semana"
    error = assert_error(
        client.post(
            "/api/v1/generateFlow", json={"campaignDescription": description, "generator": "offline"}
        ),
        422,
        "unsupported_language",
    )
    assert error["details"]["language"] == "pt"
    assert "English, Spanish, French and German" in error["message"]


def test_generation_says_what_it_understood(client: httpx.Client) -> None:
    response = client.post("/api/v1/generateFlow", json={"campaignDescription": BRIEF})
    assert response.status_code == 200, response.text
    understood = response.json()["metadata"]["understood"]
    assert understood and all(line and line == line.strip() for line in understood)
    assert any(line.startswith(("Audience:", "Offer:", "Timing:")) for line in understood)
    # each stated line quotes the brief's words; what was inferred is listed as assumed
    assert all(" — from “" in line for line in understood if line.startswith(("Audience:", "Offer:")))
    assert any(line.startswith("Assumed:") for line in understood)


def test_overlong_brief_is_400_with_limit(client: httpx.Client, backend: Backend) -> None:
    limit = backend.settings.max_brief_chars
    error = assert_error(
        client.post("/api/v1/generateFlow", json={"campaignDescription": "x" * (limit + 1)}),
        400,
        "brief_too_long",
    )
    assert error["details"]["max_chars"] == limit


@pytest.mark.parametrize(
    "body",
    [
        {"campaignDescription": 42},
        {"campaignDescription": ["a"]},
        {},
        {"description": BRIEF},
        {"campaignDescription": BRIEF, "generator": "gpt"},
        [BRIEF],
    ],
)
def test_wrong_types_are_422(client: httpx.Client, body: Any) -> None:
    error = assert_error(client.post("/api/v1/generateFlow", json=body), 422, "invalid_request")
    assert error["details"] and "loc" in error["details"][0]


@pytest.mark.parametrize("raw", [b"{not json", b'{"campaignDescription": "a",}', b"\xff\xfe"])
def test_malformed_body_is_400(client: httpx.Client, raw: bytes) -> None:
    response = client.post("/api/v1/generateFlow", content=raw, headers={"Content-Type": "application/json"})
    assert_error(response, 400, "malformed_json")


def test_llm_without_key_is_503(client: httpx.Client) -> None:
    response = client.post("/api/v1/generateFlow", json={"campaignDescription": BRIEF, "generator": "llm"})
    error = assert_error(response, 503, "llm_not_configured")
    assert "OPENAI_API_KEY" in error["message"]


# --------------------------------------------------------------------------- body size
def test_declared_oversize_body_is_413(client: httpx.Client, backend: Backend) -> None:
    size = backend.settings.max_body_bytes + 10
    body = b'{"campaignDescription": "' + b"x" * size + b'"}'
    error = assert_error(
        client.post("/api/v1/generateFlow", content=body, headers={"Content-Type": "application/json"}),
        413,
        "payload_too_large",
    )
    assert error["details"]["max_body_bytes"] == backend.settings.max_body_bytes


def test_streamed_oversize_body_is_413(client: httpx.Client, backend: Backend) -> None:
    # No Content-Length (chunked): only the streamed size can catch it.
    def chunks() -> Iterator[bytes]:
        yield b'{"campaignDescription": "'
        for _ in range(backend.settings.max_body_bytes // 65536 + 2):
            yield b"x" * 65536
        yield b'"}'

    response = client.post(
        "/api/v1/generateFlow", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    assert_error(response, 413, "payload_too_large")


# --------------------------------------------------------------------------- validate / fix / refine
def test_validate_flow_returns_report(client: httpx.Client, generated: dict[str, Any]) -> None:
    flow = {k: v for k, v in generated.items() if k not in {"validation"}}
    bare = client.post("/api/v1/validateFlow", json=flow)
    wrapped = client.post("/api/v1/validateFlow", json={"flow": flow})
    assert bare.status_code == wrapped.status_code == 200
    assert bare.json() == wrapped.json()
    assert bare.json()["valid"] is generated["validation"]["valid"]


def test_validate_broken_flow_reports_errors(client: httpx.Client, generated: dict[str, Any]) -> None:
    flow = {k: v for k, v in generated.items() if k != "validation"}
    flow["initialStepID"] = "no-such-step"
    report = client.post("/api/v1/validateFlow", json=flow).json()
    assert report["valid"] is False
    assert any(finding["severity"] == "error" for finding in report["errors"])


def test_validate_non_object_is_422(client: httpx.Client) -> None:
    assert_error(client.post("/api/v1/validateFlow", json=[1, 2]), 422)


def test_fix_flow_returns_corrected_flow_and_changes(client: httpx.Client, generated: dict[str, Any]) -> None:
    flow = {k: v for k, v in generated.items() if k != "validation"}
    broken = {**flow, "steps": [dict(step) for step in flow["steps"]]}
    for step in broken["steps"]:
        step.pop("active", None)
        step.pop("parameters", None)
    response = client.post("/api/v1/fixFlow", json={"flow": broken})
    assert response.status_code == 200, response.text
    body = response.json()
    assert {"flow", "changes", "summary", "validation", "flowId", "version", "versionId"} <= set(body)
    assert isinstance(body["changes"], list)


def test_fix_by_flow_id(client: httpx.Client, generated: dict[str, Any]) -> None:
    flow_id = generated["metadata"]["flow_id"]
    response = client.post("/api/v1/fixFlow", json={"flowId": flow_id})
    assert response.status_code == 200, response.text
    assert response.json()["flowId"] == flow_id


def test_the_stored_version_is_the_flow_that_was_returned(client: httpx.Client) -> None:
    created = client.post(
        "/api/v1/generateFlow", json={"campaignDescription": "Stored as returned. " + BRIEF}
    )
    assert created.status_code == 200, created.text
    returned = created.json()
    ids = {key: returned["metadata"][key] for key in ("flow_id", "version", "version_id")}
    stored = client.get(f"/api/v1/flows/{ids['flow_id']}").json()["flow"]
    assert {k: v for k, v in stored.items() if k != "metadata"} == {
        k: v for k, v in returned.items() if k not in ("metadata", "validation")
    }
    # The stored metadata carries the version's ids, and all of it is in the response's.
    assert {key: stored["metadata"][key] for key in ids} == ids
    assert {key: returned["metadata"][key] for key in stored["metadata"]} == stored["metadata"]

    refined = client.post(
        "/api/v1/refineFlow", json={"flowId": ids["flow_id"], "instruction": "make the discount 25%"}
    )
    assert refined.status_code == 200, refined.text
    body = refined.json()
    again = client.get(f"/api/v1/flows/{ids['flow_id']}", params={"version": body["version"]}).json()
    assert again["flow"] == body["flow"]
    assert body["flow"]["metadata"]["version_id"] == body["versionId"] == again["versionId"]


def test_fix_needs_exactly_one_source(client: httpx.Client) -> None:
    assert_error(client.post("/api/v1/fixFlow", json={}), 422, "invalid_request")


def test_refine_by_id_creates_new_version_with_diff(client: httpx.Client) -> None:
    created = client.post(
        "/api/v1/generateFlow", json={"campaignDescription": "VIP early access, 20% off. " + BRIEF}
    )
    flow_id = created.json()["metadata"]["flow_id"]
    response = client.post(
        "/api/v1/refineFlow", json={"flowId": flow_id, "instruction": "make the discount 25%"}
    )
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        pytest.skip(f"instruction refused by this refiner: {response.json()['error']['message']}")
    body = response.json()
    assert body["flowId"] == flow_id
    assert body["version"] == 2
    assert "diff" in body and "validation" in body
    versions = client.get(f"/api/v1/flows/{flow_id}/versions").json()["versions"]
    assert [v["version"] for v in versions][-2:] == [1, 2] or sorted(v["version"] for v in versions) == [1, 2]


def test_refine_given_flow(client: httpx.Client, generated: dict[str, Any]) -> None:
    flow = {k: v for k, v in generated.items() if k != "validation"}
    response = client.post("/api/v1/refineFlow", json={"flow": flow, "instruction": "make the discount 30%"})
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert response.json()["error"]["code"] == "refinement_refused"


def test_refine_unknown_flow_is_404(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/refineFlow", json={"flowId": "flw_missing", "instruction": "add a reminder"}
    )
    assert_error(response, 404, "not_found")


def test_refine_empty_instruction_is_400(client: httpx.Client, generated: dict[str, Any]) -> None:
    flow_id = generated["metadata"]["flow_id"]
    assert_error(
        client.post("/api/v1/refineFlow", json={"flowId": flow_id, "instruction": "  "}),
        400,
        "instruction_empty",
    )


def test_refine_nonsense_instruction_is_422(client: httpx.Client, generated: dict[str, Any]) -> None:
    flow_id = generated["metadata"]["flow_id"]
    response = client.post("/api/v1/refineFlow", json={"flowId": flow_id, "instruction": "qwxz blorp zzyzx"})
    assert response.status_code in (200, 422)
    if response.status_code == 422:
        assert_error(response, 422, "refinement_refused")


# --------------------------------------------------------------------------- stored flows
def test_get_flow_latest_and_by_version(client: httpx.Client, generated: dict[str, Any]) -> None:
    flow_id = generated["metadata"]["flow_id"]
    latest = client.get(f"/api/v1/flows/{flow_id}")
    assert latest.status_code == 200
    assert latest.json()["flowId"] == flow_id
    first = client.get(f"/api/v1/flows/{flow_id}", params={"version": 1})
    assert first.status_code == 200
    assert first.json()["version"] == 1
    assert first.json()["flow"]["steps"] == generated["steps"]


def test_missing_flow_and_version_are_404(client: httpx.Client, generated: dict[str, Any]) -> None:
    assert_error(client.get("/api/v1/flows/flw_missing"), 404, "not_found")
    assert_error(client.get("/api/v1/flows/flw_missing/versions"), 404, "not_found")
    flow_id = generated["metadata"]["flow_id"]
    assert_error(client.get(f"/api/v1/flows/{flow_id}", params={"version": 999}), 404, "not_found")


def test_bad_version_parameter_is_422(client: httpx.Client, generated: dict[str, Any]) -> None:
    flow_id = generated["metadata"]["flow_id"]
    assert_error(client.get(f"/api/v1/flows/{flow_id}", params={"version": "two"}), 422)
    assert_error(client.get(f"/api/v1/flows/{flow_id}", params={"version": 0}), 422)


def test_unknown_route_is_404_envelope(client: httpx.Client) -> None:
    assert_error(client.get("/api/v1/nothing-here"), 404)


def test_versions_list(client: httpx.Client, generated: dict[str, Any]) -> None:
    flow_id = generated["metadata"]["flow_id"]
    body = client.get(f"/api/v1/flows/{flow_id}/versions").json()
    assert body["flowId"] == flow_id
    assert body["versions"][0]["version"] == 1


def test_diagram_png(
    client: httpx.Client, generated: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from flowgen_core.render import diagram

    flow_id = generated["metadata"]["flow_id"]
    monkeypatch.setattr(diagram, "render_png", lambda flow: b"\x89PNG\r\n\x1a\nfake")
    response = client.get(f"/api/v1/flows/{flow_id}/diagram.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


def test_diagram_without_graphviz_is_503(
    client: httpx.Client, generated: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from flowgen_core.render import diagram

    monkeypatch.setattr(diagram, "render_png", lambda flow: None)
    flow_id = generated["metadata"]["flow_id"]
    error = assert_error(client.get(f"/api/v1/flows/{flow_id}/diagram.png"), 503, "diagram_unavailable")
    assert "Graphviz" in error["message"]


def test_schema(client: httpx.Client) -> None:
    schema = client.get("/api/v1/schema").json()
    assert "initialStepID" in schema.get("required", []) or "properties" in schema


# --------------------------------------------------------------------------- ops
def test_health_needs_no_key(client: httpx.Client) -> None:
    response = client.get("/health", headers={"X-API-Key": ""})
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_reports_each_dependency(client: httpx.Client, backend: Backend) -> None:
    response = client.get("/ready", headers={"X-API-Key": ""})
    assert response.status_code == 200
    body = response.json()
    assert body["database"]["ok"] is True
    assert body["cache"]["ok"] is True
    assert body["llm"]["configured"] is False
    assert body["status"] == "ready"


def test_metrics_exposes_counters(client: httpx.Client, generated: dict[str, Any]) -> None:
    client.post("/api/v1/validateFlow", json={"initialStepID": "x", "steps": []})
    text = client.get("/metrics", headers={"X-API-Key": ""}).text
    samples = {
        (sample.name, tuple(sorted(sample.labels.items())))
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
    names = {name for name, _ in samples}
    request_labels = (("method", "POST"), ("route", "/api/v1/generateFlow"), ("status", "200"))
    assert ("flowgen_http_requests_total", request_labels) in samples
    assert "flowgen_http_request_duration_seconds_bucket" in names
    generation = (("generator", "offline"), ("operation", "generate"), ("outcome", "valid"))
    invalid = (("generator", "offline"), ("operation", "generate"), ("outcome", "invalid"))
    assert {("flowgen_generations_total", generation), ("flowgen_generations_total", invalid)} & samples
    assert ("flowgen_result_cache_total", (("result", "miss"),)) in samples
    assert "flowgen_validation_findings_total{" in text
    assert "flowgen_llm_fallbacks_total" in text and "flowgen_llm_tokens_total" in text
    # Route templates, not raw ids: label cardinality stays bounded.
    assert generated["metadata"]["flow_id"] not in text


def test_openapi_documents_routes_with_examples(client: httpx.Client) -> None:
    spec = client.get("/openapi.json", headers={"X-API-Key": ""}).json()
    for path in (
        "/api/v1/generateFlow",
        "/api/v1/validateFlow",
        "/api/v1/fixFlow",
        "/api/v1/refineFlow",
        "/api/v1/flows/{flow_id}",
        "/api/v1/flows/{flow_id}/versions",
        "/api/v1/flows/{flow_id}/diagram.png",
        "/api/v1/schema",
        "/health",
        "/ready",
        "/metrics",
    ):
        assert path in spec["paths"], path
    request_schema = spec["components"]["schemas"]["GenerateFlowRequest"]
    assert request_schema["examples"][0]["campaignDescription"]
    assert "413" in spec["paths"]["/api/v1/generateFlow"]["post"]["responses"]
    assert client.get("/docs", headers={"X-API-Key": ""}).status_code == 200


def test_every_response_carries_a_request_id(client: httpx.Client) -> None:
    mine = client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert mine.headers["x-request-id"] == "abc-123"
    fresh = client.get("/api/v1/flows/flw_missing")
    assert len(fresh.headers["x-request-id"]) >= 8
    unsafe = client.get("/health", headers={"X-Request-ID": "bad id\twith spaces"})
    assert unsafe.headers["x-request-id"] != "bad id\twith spaces"


@pytest.mark.parametrize("path", ["/api/v1/validateFlow", "/api/v1/fixFlow", "/api/v1/refineFlow"])
def test_deeply_nested_json_is_400(client: httpx.Client, path: str) -> None:
    nested = "[" * 5000 + "]" * 5000
    body = f'{{"instruction": "add a reminder", "flow": {{"initialStepID": "a", "steps": {nested}}}}}'
    error = assert_error(
        client.post(path, content=body, headers={"Content-Type": "application/json"}), 400, "json_too_deep"
    )
    assert error["details"]["max_depth"] >= 32


@pytest.mark.parametrize("depth", [20, 60, 130])
def test_nesting_near_the_limit_never_500s(client: httpx.Client, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    flow = f'{{"initialStepID": "a", "steps": [{{"id": "a", "type": "message", "parameters": {nested}}}]}}'
    for path, body in (
        ("/api/v1/validateFlow", flow),
        ("/api/v1/fixFlow", f'{{"flow": {flow}}}'),
        ("/api/v1/refineFlow", f'{{"instruction": "add a reminder", "flow": {flow}}}'),
    ):
        response = client.post(path, content=body, headers={"Content-Type": "application/json"})
        assert response.status_code < 500, (path, response.text)
