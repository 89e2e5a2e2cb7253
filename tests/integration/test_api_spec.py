"""The REST API returns each version's spec: on generation, refinement and a stored flow."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.fakes.briefs import WINBACK
from tests.integration.api_harness import Backend, postgres_backend, serve, sqlite_backend


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.services)])
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[httpx.Client]:
    factory = sqlite_backend if request.param == "sqlite" else postgres_backend
    backend: Backend
    for backend in factory(tmp_path_factory.mktemp(request.param)):
        with serve(backend) as http:
            yield http


def test_flow_responses_carry_the_spec_and_its_changes(client: httpx.Client) -> None:
    generated = client.post("/api/v1/generateFlow", json={"campaignDescription": WINBACK})
    assert generated.status_code == 200, generated.text
    spec = generated.json()["metadata"]["spec"]
    assert "Offer: 15% off" in spec["lines"] and spec["changes"] == []
    assert spec["facts"]["discounts"][0]["value"] == "15"
    flow_id = generated.json()["metadata"]["flow_id"]

    first = client.post(
        "/api/v1/refineFlow", json={"flowId": flow_id, "instruction": "make the discount 20%"}
    )
    assert first.status_code == 200, first.text
    assert first.json()["specChanges"] == ["Offer: 15% off → 20% off"]
    second = client.post(
        "/api/v1/refineFlow", json={"flowId": flow_id, "instruction": "shorten the first message"}
    )
    assert second.status_code == 200, second.text
    body = second.json()
    assert "Offer: 20% off" in body["spec"]["lines"]
    assert body["spec"]["changes"] == ["Offer: 15% off → 20% off", 'As asked: "shorten the first message"']

    stored = client.get(f"/api/v1/flows/{flow_id}", params={"version": body["version"]})
    assert stored.status_code == 200, stored.text
    assert stored.json()["spec"] == body["spec"]
