"""FlowStore behaviour, run on SQLite and on PostgreSQL (fixture `flow_store`)."""

from __future__ import annotations

import copy
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from flowgen_core.context import RequestContext
from flowgen_core.service.store import FlowStore, normalize_database_url
from flowgen_core.service.store.models import Flow, FlowVersion

SLACK = RequestContext(source="slack", workspace_id="T1", user_id="U1", channel_id="C1", thread_ts="100.1")
CLI = RequestContext(source="cli", workspace_id="local", user_id="local")


def make_flow(name: str = "Welcome series", steps: int = 3) -> dict:
    return {
        "name": name,
        "description": "test",
        "initialStepID": "s0",
        "steps": [{"id": f"s{i}", "type": "message", "text": f"Hi {i} 💬"} for i in range(steps)],
    }


def save(store: FlowStore, context: RequestContext = CLI, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "context": context,
        "flow": make_flow(),
        "report": {"valid": True, "errors": [], "warnings": []},
        "brief": "Welcome new subscribers with 10% off",
        "generator": "offline",
    }
    values.update(overrides)
    return store.save_version(**values)


def test_new_flow_then_versions_number_from_one(flow_store: FlowStore) -> None:
    first = save(flow_store)
    assert first.persisted and first.version == 1
    assert first.flow_id.startswith("flw_") and len(first.flow_id) == 16
    assert first.version_id.startswith("ver_")
    second = save(
        flow_store,
        flow_id=first.flow_id,
        action="refined",
        parent_version_id=first.version_id,
        instruction="x",
    )
    assert (second.flow_id, second.version) == (first.flow_id, 2)

    latest = flow_store.get_flow_version(first.flow_id)
    assert latest is not None and latest.version_id == second.version_id
    assert latest.parent_version_id == first.version_id and latest.action == "refined"
    assert flow_store.get_flow_version(first.flow_id, 1).version_id == first.version_id  # type: ignore[union-attr]
    assert [v.version for v in flow_store.list_versions(first.flow_id)] == [1, 2]


def test_round_trip_keeps_json_and_metadata(flow_store: FlowStore) -> None:
    flow = make_flow("Émoji ✓ flow", steps=5)
    saved = save(flow_store, SLACK, flow=flow, model="gpt-4o-mini", tokens=321, latency_ms=987)
    stored = flow_store.get_version(saved.version_id)
    assert stored is not None
    assert stored.flow == flow
    assert stored.name == "Émoji ✓ flow"
    assert (stored.model, stored.tokens, stored.latency_ms, stored.valid) == ("gpt-4o-mini", 321, 987, True)
    assert (stored.workspace_id, stored.user_id, stored.source) == ("T1", "U1", "slack")
    assert stored.created_at.tzinfo is not None
    assert abs(stored.created_at - datetime.now(UTC)) < timedelta(minutes=1)


def test_stamped_versions_carry_their_ids_in_the_flow(flow_store: FlowStore) -> None:
    flow = make_flow("Stamped", steps=2)
    original = copy.deepcopy(flow)
    first = save(flow_store, flow=flow, stamp_ids=True)
    second = save(flow_store, flow=flow, flow_id=first.flow_id, action="refined", stamp_ids=True)
    assert flow == original  # the caller's flow is not changed behind its back
    for saved in (first, second):
        stored = flow_store.get_version(saved.version_id)
        assert stored is not None
        assert stored.flow["metadata"] == {
            **original.get("metadata", {}),
            "flow_id": saved.flow_id,
            "version": saved.version,
            "version_id": saved.version_id,
        }
        assert {k: v for k, v in stored.flow.items() if k != "metadata"} == {
            k: v for k, v in original.items() if k != "metadata"
        }


def test_unknown_ids_read_as_none(flow_store: FlowStore) -> None:
    assert flow_store.get_version("ver_nope") is None
    assert flow_store.get_flow_version("flw_nope") is None
    assert flow_store.list_versions("flw_nope") == []


def test_invalid_action_is_rejected(flow_store: FlowStore) -> None:
    with pytest.raises(ValueError):
        save(flow_store, action="deleted")


def test_thread_binding_and_latest_for_thread(flow_store: FlowStore) -> None:
    created_in_thread = save(flow_store, SLACK)
    found = flow_store.latest_for_thread(workspace_id="T1", channel_id="C1", thread_ts="100.1")
    assert found is not None and found.flow_id == created_in_thread.flow_id
    assert (found.channel_id, found.thread_ts) == ("C1", "100.1")

    unbound = save(flow_store, SLACK.model_copy(update={"channel_id": None, "thread_ts": None}))
    flow_store.bind_thread(unbound.flow_id, workspace_id="T1", channel_id="C1", thread_ts="200.2")
    refined = save(flow_store, SLACK, flow_id=unbound.flow_id, action="refined")
    found = flow_store.latest_for_thread(workspace_id="T1", channel_id="C1", thread_ts="200.2")
    assert found is not None and found.version_id == refined.version_id
    assert flow_store.latest_for_thread(workspace_id="T1", channel_id="C1", thread_ts="999") is None

    # A flow of another tenant is never bound to this tenant's thread, nor one of its threads rebound.
    from_cli = save(flow_store)
    flow_store.bind_thread(from_cli.flow_id, workspace_id="T1", channel_id="C1", thread_ts="300.3")
    assert flow_store.latest_for_thread(workspace_id="T1", channel_id="C1", thread_ts="300.3") is None
    flow_store.bind_thread(
        created_in_thread.flow_id, workspace_id="T2", channel_id="C1", thread_ts="100.1", tenant_id="T2"
    )
    assert flow_store.latest_for_thread(workspace_id="T2", channel_id="C1", thread_ts="100.1") is None
    still = flow_store.latest_for_thread(workspace_id="T1", channel_id="C1", thread_ts="100.1")
    assert still is not None and still.flow_id == created_in_thread.flow_id


def test_history_latest_per_flow_newest_first_with_filters(flow_store: FlowStore) -> None:
    a = save(flow_store, CLI, brief="Black Friday 20% off", flow=make_flow("BF"))
    b = save(flow_store, SLACK, brief="Cart abandonment nudge", flow=make_flow("Cart"))
    a2 = save(flow_store, CLI, flow_id=a.flow_id, brief="Black Friday 20% off", flow=make_flow("BF"))

    everything = flow_store.history()
    assert [v.version_id for v in everything] == [a2.version_id, b.version_id]
    assert [v.flow_id for v in flow_store.history(workspace_id="T1")] == [b.flow_id]
    assert [v.flow_id for v in flow_store.history(user_id="local")] == [a.flow_id]
    assert [v.flow_id for v in flow_store.history(query="black friday")] == [a.flow_id]
    assert [v.flow_id for v in flow_store.history(query="cart")] == [b.flow_id]
    assert [v.flow_id for v in flow_store.history(query="20%")] == [a.flow_id]
    assert flow_store.history(query="_") == []  # LIKE wildcards are literal
    assert len(flow_store.history(limit=1)) == 1


def test_approval_and_feedback(flow_store: FlowStore) -> None:
    saved = save(flow_store)
    approved = flow_store.set_approved(saved.version_id, user_id="U9")
    assert approved is not None and approved.approved
    assert flow_store.set_approved("ver_missing", user_id="U9") is None
    flow_store.add_feedback(saved.version_id, user_id="U1", rating=1, comment="great")
    with pytest.raises(ValueError):
        flow_store.add_feedback(saved.version_id, user_id="U1", rating=5)


def test_audit_trail(flow_store: FlowStore) -> None:
    saved = save(flow_store, SLACK)
    flow_store.audit(
        "downloaded",
        context=SLACK,
        flow_id=saved.flow_id,
        version_id=saved.version_id,
        details={"format": "json"},
    )
    entries = flow_store.audit_entries(flow_id=saved.flow_id)
    assert entries[0]["action"] == "downloaded"
    assert entries[0]["details"] == {"format": "json"}
    assert entries[0]["request_id"] == SLACK.request_id


def test_workspace_settings_merge_and_remove(flow_store: FlowStore) -> None:
    assert flow_store.workspace_settings("T1") == {}
    flow_store.update_workspace_settings("T1", brand_name="Acme", default_model="gpt-4o")
    assert flow_store.update_workspace_settings("T1", default_model=None, digest_channel="C9") == {
        "brand_name": "Acme",
        "digest_channel": "C9",
    }
    assert flow_store.workspace_settings("T1")["brand_name"] == "Acme"


def test_api_key_use_is_recorded_at_most_once_a_minute(flow_store: FlowStore) -> None:
    from sqlalchemy import event

    from flowgen_core.service.store.models import ApiKey

    plaintext = flow_store.create_api_key("ci")
    assert flow_store.check_api_key(plaintext) == "ci"
    statements: list[str] = []
    event.listen(
        flow_store.engine,
        "before_cursor_execute",
        lambda _c, _cur, sql, *_rest: statements.append(sql.lower()),
    )
    assert flow_store.check_api_key(plaintext) == "ci"
    assert not any(sql.startswith("update") for sql in statements)  # used a moment ago
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    with flow_store.runner.sessions.begin() as session:
        session.execute(update(ApiKey).where(ApiKey.name == "ci").values(last_used_at=long_ago))
    statements.clear()
    assert flow_store.check_api_key(plaintext) == "ci"
    assert any(sql.startswith("update api_keys") for sql in statements)
    assert flow_store.list_api_keys()[0]["last_used_at"] > long_ago


def test_api_keys_hash_only_and_revocation(flow_store: FlowStore) -> None:
    plaintext = flow_store.create_api_key("ci")
    assert flow_store.check_api_key(plaintext) == "ci"
    assert flow_store.check_api_key(plaintext + "x") is None
    assert flow_store.check_api_key("") is None
    listed = flow_store.list_api_keys()
    assert listed[0]["name"] == "ci" and listed[0]["last_used_at"] is not None
    assert plaintext not in str(listed)
    assert flow_store.revoke_api_key("ci") is True
    assert flow_store.revoke_api_key("ci") is False
    assert flow_store.check_api_key(plaintext) is None
    rotated = flow_store.create_api_key("ci")
    assert rotated != plaintext and flow_store.check_api_key(rotated) == "ci"


def _age_flow(store: FlowStore, flow_id: str, days: int) -> None:
    past = datetime.now(UTC) - timedelta(days=days)
    with store.engine.begin() as connection:
        connection.execute(update(Flow).where(Flow.id == flow_id).values(updated_at=past, created_at=past))
        connection.execute(update(FlowVersion).where(FlowVersion.flow_id == flow_id).values(created_at=past))


def test_purge_spares_recent_and_approved_flows(flow_store: FlowStore) -> None:
    old = save(flow_store)
    save(flow_store, flow_id=old.flow_id)
    old_approved = save(flow_store)
    recent = save(flow_store)
    flow_store.add_feedback(old.version_id, user_id="U1", rating=-1)
    flow_store.set_approved(old_approved.version_id, user_id="U1")
    _age_flow(flow_store, old.flow_id, 100)
    _age_flow(flow_store, old_approved.flow_id, 100)

    assert flow_store.purge_older_than(90) == 2
    assert flow_store.get_flow_version(old.flow_id) is None
    assert flow_store.get_flow_version(old_approved.flow_id) is not None
    assert flow_store.get_flow_version(recent.flow_id) is not None
    assert flow_store.purge_older_than(90) == 0


def test_usage_digest(flow_store: FlowStore) -> None:
    a = save(flow_store, latency_ms=100)
    save(flow_store, latency_ms=300, fallback_reason="LLM timed out", report={"valid": False})
    save(flow_store, flow_id=a.flow_id, action="refined", latency_ms=200)
    flow_store.set_approved(a.version_id, user_id="U1")
    flow_store.add_feedback(a.version_id, user_id="U1", rating=1)
    flow_store.add_feedback(a.version_id, user_id="U2", rating=-1)
    flow_store.add_feedback(a.version_id, user_id="U3", rating=1)
    old = save(flow_store, latency_ms=5000)
    _age_flow(flow_store, old.flow_id, 3)

    digest = flow_store.usage_digest(datetime.now(UTC) - timedelta(days=1))
    assert digest["flows_generated"] == 2
    assert digest["versions"] == 3
    assert digest["versions_by_action"] == {"generated": 2, "refined": 1}
    assert digest["approval_rate"] == 0.5
    assert digest["fallback_rate"] == round(1 / 3, 3)
    assert digest["median_latency_ms"] == 200
    assert (digest["feedback_up"], digest["feedback_down"]) == (2, 1)


def test_concurrent_refinements_get_distinct_version_numbers(flow_store: FlowStore) -> None:
    first = save(flow_store)
    errors: list[BaseException] = []

    def refine() -> None:
        try:
            save(flow_store, flow_id=first.flow_id, action="refined")
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=refine) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [v.version for v in flow_store.list_versions(first.flow_id)] == list(range(1, 8))


def test_leases_and_claims(flow_store: FlowStore) -> None:
    assert flow_store.acquire_lease("job:x", "a", ttl_s=60)
    assert not flow_store.acquire_lease("job:x", "b", ttl_s=60)
    flow_store.release_lease("job:x", "b")  # not the holder: no effect
    assert not flow_store.acquire_lease("job:x", "b", ttl_s=60)
    flow_store.release_lease("job:x", "a")
    assert flow_store.acquire_lease("job:x", "b", ttl_s=-1)  # already expired
    assert flow_store.acquire_lease("job:x", "c", ttl_s=60)  # expired leases are taken over
    assert flow_store.claim_key("evt:1", ttl_s=60)
    assert not flow_store.claim_key("evt:1", ttl_s=60)
    assert flow_store.claim_key("evt:2", ttl_s=-1)
    assert flow_store.expire_coordination_rows() == 1
    assert flow_store.claim_key("evt:2", ttl_s=60)


def test_ping(flow_store: FlowStore) -> None:
    assert flow_store.ping() is True


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u:p@h:5432/db", "postgresql+psycopg://u:p@h:5432/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_normalisation(given: str, expected: str) -> None:
    assert normalize_database_url(given) == expected


def test_cli_history_lists_flows_from_every_interface(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import json

    from click.testing import CliRunner

    from flowgen_apps.cli import main
    from flowgen_core.settings import get_settings

    store = FlowStore(sqlite_url, outbox_path=tmp_path / "o.jsonl")
    save(store, SLACK, brief="Slack brief " + "x" * 80, flow=make_flow("From Slack"))
    save(store, CLI, brief="CLI brief", flow=make_flow("From CLI"), report={"valid": False})
    store.dispose()
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    get_settings.cache_clear()

    table = CliRunner().invoke(main, ["history", "--limit", "5"])
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert "From CLI" in lines[1] and "cli" in lines[1] and " no " in lines[1]
    assert "From Slack" in lines[2] and "slack" in lines[2] and "…" in lines[2]

    as_json = CliRunner().invoke(main, ["history", "--json", "--limit", "1"])
    rows = json.loads(as_json.output)
    assert [(r["name"], r["source"], r["valid"], r["version"]) for r in rows] == [
        ("From CLI", "cli", False, 1)
    ]
