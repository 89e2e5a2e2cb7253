"""Hostile but well-formed input over real HTTP: never a 500, always the error envelope or a result.

Malformed flows, odd unicode (lone surrogates, NUL on PostgreSQL), non-finite numbers, huge ids
and large flows, on SQLite + memory and on PostgreSQL + Redis. The REST routes are also fuzzed
with hypothesis (bounded), posting mutated flows to validate / fix / refine.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fakes.sample_flow import sample_flow
from tests.integration.api_harness import Backend, postgres_backend, serve, sqlite_backend

BRIEF = "Win back customers who haven't ordered in 90 days with 15% off, reply YES to claim"
JSON_HEADERS = {"Content-Type": "application/json"}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.services)])
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    factory = sqlite_backend if request.param == "sqlite" else postgres_backend
    yield from factory(tmp_path_factory.mktemp(request.param))


@pytest.fixture(scope="module")
def client(backend: Backend) -> Iterator[httpx.Client]:
    with serve(backend) as http:
        yield http


def _not_a_server_error(response: httpx.Response) -> None:
    assert response.status_code < 500, f"{response.status_code}: {response.text[:400]}"
    assert response.headers["content-type"].startswith("application/json")
    if response.status_code >= 400:
        error = response.json()["error"]
        assert set(error) == {"code", "message", "details"}
    assert "Traceback" not in response.text


def _raw(client: httpx.Client, path: str, body: str) -> httpx.Response:
    return client.post(path, content=body.encode("utf-8", "surrogatepass"), headers=JSON_HEADERS)


# ------------------------------------------------------------------------------ malformed flows
MALFORMED_FLOWS: list[Any] = [
    {"steps": [{"id": "x"}]},
    {"steps": [{"id": "x", "type": "message", "events": "nope"}], "initialStepID": "x"},
    {"steps": [{"id": "x", "type": "message", "events": [{"nextStepID": {"a": 1}}]}], "initialStepID": "x"},
    {"steps": [{"id": ["x"]}], "initialStepID": ["x"]},
    {"steps": 9007199254740992.0, "initialStepID": [None]},
    {"steps": [{"id": "x", "type": "bogus", "events": []}], "initialStepID": "x"},
    {"steps": [None, 1, "x"], "initialStepID": "x"},
]


@pytest.mark.parametrize("flow", MALFORMED_FLOWS, ids=range(len(MALFORMED_FLOWS)))
@pytest.mark.parametrize("route", ["refineFlow", "fixFlow", "validateFlow"])
def test_malformed_flows_are_answered_not_crashed(client: httpx.Client, route: str, flow: Any) -> None:
    body: dict[str, Any] = {"flow": flow}
    if route == "refineFlow":
        body["instruction"] = "make the discount 20%"
    elif route == "validateFlow":
        body = flow if isinstance(flow, dict) else {"steps": flow}
    response = client.post(f"/api/v1/{route}", json=body)
    _not_a_server_error(response)


def test_refining_a_step_without_fields_is_422(client: httpx.Client) -> None:
    body = {"instruction": "make the discount 20%", "flow": {"steps": [{"id": "x"}]}}
    response = client.post("/api/v1/refineFlow", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "refinement_refused"


# ------------------------------------------------------------------------------ odd unicode
@pytest.mark.parametrize("text", ["\ud800", "\udfff tail", "nul \u0000 byte", "\ufffe\uffff"])
def test_odd_unicode_in_a_brief(client: httpx.Client, text: str) -> None:
    body = json.dumps({"campaignDescription": f"{BRIEF} {text}"})  # ensure_ascii keeps the escapes
    response = _raw(client, "/api/v1/generateFlow", body)
    _not_a_server_error(response)
    if response.status_code == 200:
        stored = client.get(f"/api/v1/flows/{response.json()['metadata']['flow_id']}")
        assert stored.status_code == 200, stored.text
        assert response.json()["metadata"]["persisted"] is True


@pytest.mark.parametrize("text", ["\ud800", "nul \u0000 byte"])
@pytest.mark.parametrize("route", ["fixFlow", "refineFlow"])
def test_odd_unicode_in_a_flow_is_stored_or_refused(client: httpx.Client, route: str, text: str) -> None:
    flow = sample_flow()
    flow["name"] = f"Name {text}"
    flow["steps"][1]["content"] = flow["steps"][1]["messageText"] = f"Hi {text} Reply STOP to opt out"
    body: dict[str, Any] = {"flow": flow}
    if route == "refineFlow":
        body["instruction"] = "make the discount 20%"
    response = _raw(client, f"/api/v1/{route}", json.dumps(body))
    _not_a_server_error(response)
    if response.status_code == 200 and response.json().get("flowId"):
        stored = client.get(f"/api/v1/flows/{response.json()['flowId']}")
        assert stored.status_code == 200, stored.text


# ------------------------------------------------------------------------------ non-finite numbers
@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1" + "0" * 400])
@pytest.mark.parametrize("route", ["fixFlow", "validateFlow", "refineFlow"])
def test_non_finite_numbers(client: httpx.Client, route: str, number: str) -> None:
    flow = json.dumps(sample_flow())
    flow = flow.replace('"time": "2"', f'"time": {number}', 1).replace(
        '"active": true', f'"active": {number}', 1
    )
    assert number in flow
    if route == "validateFlow":
        body = flow
    elif route == "fixFlow":
        body = f'{{"flow": {flow}}}'
    else:
        body = f'{{"instruction": "wait 2 days instead", "flow": {flow}}}'
    response = _raw(client, f"/api/v1/{route}", body)
    _not_a_server_error(response)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json_value"


# ------------------------------------------------------------------------------ ids and paths
@pytest.mark.parametrize(
    "flow_id", ["%00", "a%00b", "%F0%9F%92%A9" * 3, "x" * 5000, "%ED%A0%80", "..%2F..%2Fetc"]
)
def test_odd_flow_ids_are_4xx(client: httpx.Client, flow_id: str) -> None:
    for path in (f"/api/v1/flows/{flow_id}", f"/api/v1/flows/{flow_id}/versions"):
        response = client.get(path)
        _not_a_server_error(response)
        assert response.status_code in (404, 422), response.text


def test_huge_step_ids(client: httpx.Client) -> None:
    flow = sample_flow()
    old = flow["steps"][1]["id"]
    new = "s" * 100_000
    text = json.dumps(flow).replace(f'"{old}"', f'"{new}"')
    for route, body in (
        ("validateFlow", text),
        ("fixFlow", f'{{"flow": {text}}}'),
        ("refineFlow", f'{{"instruction": "make the discount 20%", "flow": {text}}}'),
    ):
        _not_a_server_error(_raw(client, f"/api/v1/{route}", body))


# ------------------------------------------------------------------------------ bounded answers
def test_findings_are_capped_with_a_count_of_the_rest(client: httpx.Client) -> None:
    flow = {"initialStepID": "s0", "steps": [{"id": f"s{i}", "type": "bogus"} for i in range(3000)]}
    response = client.post("/api/v1/fixFlow", json={"flow": flow})
    _not_a_server_error(response)
    assert len(response.content) < 2_000_000
    report = client.post("/api/v1/validateFlow", json=flow)
    assert report.status_code == 200
    body = report.json()
    assert len(body["errors"]) + len(body["warnings"]) <= 200
    assert body["truncated"] > 0


# ------------------------------------------------------------------------------ fuzzing
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=4),
    st.sampled_from(["end", "message", "segment", "delay", "reply", "noreply", "default", "split", "days"]),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["id", "type", "events", "nextStepID", "after", "value", "unit"]), inner
        ),
    ),
    max_leaves=8,
)


@st.composite
def mutated_flows(draw: st.DrawFn) -> dict[str, Any]:
    flow = copy.deepcopy(sample_flow())
    for _ in range(draw(st.integers(1, 3))):
        steps = flow["steps"] if isinstance(flow.get("steps"), list) else []
        if steps and draw(st.booleans()):
            index = draw(st.integers(0, len(steps) - 1))
            step = steps[index]
            if isinstance(step, dict) and step:
                step[draw(st.sampled_from(sorted(step)))] = draw(_JSON)
            else:
                steps[index] = draw(_JSON)
        else:
            flow[draw(st.sampled_from(["steps", "initialStepID", "name"]))] = draw(_JSON)
    return flow


INSTRUCTIONS = st.sampled_from(
    [
        "make the discount 20%",
        "wait 2 days instead",
        "add a reminder after 1 day",
        "remove the segment",
        "only VIPs",
    ]
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(flow=mutated_flows(), instruction=INSTRUCTIONS)
def test_fuzzed_flows_never_crash_a_route(
    client: httpx.Client, flow: dict[str, Any], instruction: str
) -> None:
    _not_a_server_error(client.post("/api/v1/refineFlow", json={"flow": flow, "instruction": instruction}))
    fixed = client.post("/api/v1/fixFlow", json={"flow": flow})
    _not_a_server_error(fixed)
    _not_a_server_error(client.post("/api/v1/validateFlow", json=flow))
    if fixed.status_code == 200 and fixed.json().get("flowId"):
        _reads_of_a_stored_flow_answer(client, fixed.json()["flowId"])


def _reads_of_a_stored_flow_answer(client: httpx.Client, flow_id: str) -> None:
    for path in ("", "/versions", "/diagram.png"):
        response = client.get(f"/api/v1/flows/{flow_id}{path}")
        if path == "/diagram.png" and response.status_code == 200:
            assert response.content.startswith(b"\x89PNG")
        else:
            _not_a_server_error(response)


@pytest.mark.parametrize("bad", [True, 7, "x", {"a": 1}])
@pytest.mark.parametrize("field", ["steps", "events", "conditions"])
def test_a_stored_flow_with_a_non_list_field_is_drawn(client: httpx.Client, field: str, bad: Any) -> None:
    flow = sample_flow()
    if field == "steps":
        flow["steps"] = bad
    else:
        flow["steps"][0][field] = bad
    fixed = client.post("/api/v1/fixFlow", json={"flow": flow})
    _not_a_server_error(fixed)
    if fixed.status_code == 200 and fixed.json().get("flowId"):
        _reads_of_a_stored_flow_answer(client, fixed.json()["flowId"])
