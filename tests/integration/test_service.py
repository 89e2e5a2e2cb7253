"""FlowService end to end on real backends: SQLite and PostgreSQL, in-process cache and Redis.

These exercise the façade exactly as the shells call it: generate -> thread binding ->
refine -> fix -> approve -> history, plus the degraded paths (database down, Redis down).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from flowgen_core.context import RequestContext
from flowgen_core.errors import GenerationError, NotFoundError, RefinementRefused
from flowgen_core.service.cache import MemoryCache, ResilientCache, build_cache
from flowgen_core.service.facade import FlowService
from flowgen_core.service.store import FlowStore
from flowgen_core.settings import Settings
from tests.fakes.briefs import WINBACK
from tests.fakes.services import dead_port

CTX = RequestContext(source="slack", workspace_id="T1", user_id="U1", channel_id="C1", thread_ts="111.222")
OTHER_USER = RequestContext(
    source="slack", workspace_id="T1", user_id="U2", channel_id="C1", thread_ts="333.444"
)
BRIEF = WINBACK


@pytest.fixture
def service(flow_store: FlowStore, any_cache: object) -> FlowService:
    settings = Settings(database_url="sqlite://", flowgen_generator="offline")
    return FlowService(settings, store=flow_store, cache=any_cache)  # type: ignore[arg-type]


def test_generate_stores_a_first_version(service: FlowService) -> None:
    outcome = service.generate(BRIEF, context=CTX)
    assert outcome.report.valid
    assert outcome.version == 1 and outcome.persisted
    assert outcome.flow["metadata"]["flow_id"] == outcome.flow_id
    stored = service.get_version(outcome.version_id or "")
    assert stored.flow["steps"] == outcome.flow["steps"]
    assert stored.brief == BRIEF
    assert stored.generator == "offline"


def test_every_stored_version_is_the_flow_that_was_returned(service: FlowService) -> None:
    generated = service.generate(BRIEF, context=CTX)
    refined = service.refine("make the discount 20%", context=CTX, version_id=generated.version_id)
    regenerated = service.regenerate(refined.version_id or "", context=CTX)
    broken = {**generated.flow, "steps": [{**generated.flow["steps"][0], "type": "Message"}]}
    fixed = service.fix(context=CTX, flow=broken)
    cached = service.generate(BRIEF, context=CTX)  # a cache hit is a new version too
    for outcome in (generated, refined, regenerated, fixed, cached):
        stored = service.get_version(outcome.version_id or "")
        assert stored.flow == outcome.flow, outcome.summary or outcome.generator
        ids = {k: stored.flow["metadata"][k] for k in ("flow_id", "version", "version_id")}
        assert ids == {"flow_id": stored.flow_id, "version": stored.version, "version_id": stored.version_id}
    assert cached.cached and cached.flow["metadata"]["flow_id"] != generated.flow_id


def test_identical_brief_is_served_from_the_cache_but_still_recorded(service: FlowService) -> None:
    first = service.generate(BRIEF, context=CTX)
    second = service.generate("  " + BRIEF.upper() + "  ", context=CTX)
    assert not first.cached and second.cached
    assert any("cache" in n for n in second.notices)
    assert second.flow["steps"] == first.flow["steps"]
    assert second.flow_id != first.flow_id  # a new request is a new flow in the history


def test_thread_refinement_chain_keeps_one_flow(service: FlowService) -> None:
    first = service.generate(BRIEF, context=CTX)
    service.bind_thread(first.version_id or "", context=CTX)
    current = service.latest_for_thread(context=CTX)
    assert current is not None and current.version_id == first.version_id

    refined = service.refine("make the discount 20%", context=CTX, version_id=current.version_id)
    assert refined.flow_id == first.flow_id and refined.version == 2
    assert refined.report.valid
    assert not refined.diff.is_empty()
    assert "20%" in refined.summary
    latest = service.latest_for_thread(context=CTX)
    assert latest is not None and latest.version == 2
    assert latest.instruction == "make the discount 20%"
    assert latest.parent_version_id == first.version_id
    assert [v.version for v in service.list_versions(first.flow_id or "")] == [1, 2]


def test_refusal_records_nothing(service: FlowService) -> None:
    first = service.generate(BRIEF, context=CTX)
    with pytest.raises(RefinementRefused) as refused:
        service.refine("make it pop more, you know", context=CTX, version_id=first.version_id)
    assert refused.value.suggestions
    assert len(service.list_versions(first.flow_id or "")) == 1


def test_fix_of_a_clean_version_adds_no_duplicate(service: FlowService) -> None:
    first = service.generate(BRIEF, context=CTX)
    fixed = service.fix(context=CTX, version_id=first.version_id)
    assert fixed.version_id == first.version_id
    assert fixed.changes == []
    assert len(service.list_versions(first.flow_id or "")) == 1


def test_fix_of_an_uploaded_flow_is_recorded(service: FlowService) -> None:
    flow = service.generate(BRIEF, context=CTX).flow
    broken = {**flow, "steps": [{**s, "active": None} if i == 0 else s for i, s in enumerate(flow["steps"])]}
    broken["steps"][0].pop("active")
    fixed = service.fix(context=CTX, flow=broken)
    assert fixed.changes and fixed.report.valid
    assert service.get_version(fixed.version_id or "").action == "fixed"


def test_regenerate_adds_a_version_to_the_same_flow(service: FlowService) -> None:
    first = service.generate(BRIEF, context=CTX)
    again = service.regenerate(first.version_id or "", context=CTX)
    assert again.flow_id == first.flow_id and again.version == 2


def test_approve_and_history_scope(service: FlowService) -> None:
    mine = service.generate(BRIEF, context=CTX)
    service.generate("boost VIP reorders", context=OTHER_USER)
    approved = service.approve(mine.version_id or "", context=CTX)
    assert approved.approved
    names = [v.flow_id for v in service.history(context=CTX)]
    assert names == [mine.flow_id]
    assert len(service.history(context=CTX, mine_only=False)) == 2


def test_unknown_ids_raise_not_found(service: FlowService) -> None:
    with pytest.raises(NotFoundError):
        service.get_version("ver_missing")
    with pytest.raises(NotFoundError):
        service.refine("make the discount 20%", context=CTX, version_id="ver_missing")
    with pytest.raises(NotFoundError):
        service.get_flow("flw_missing")


@pytest.mark.parametrize("brief", ["", "   ", "x" * 4001])
def test_bad_briefs_are_refused_with_a_reason(service: FlowService, brief: str) -> None:
    with pytest.raises(GenerationError) as error:
        service.generate(brief, context=CTX)
    assert "brief" in str(error.value).lower()


# ------------------------------------------------------------------ degraded backends


@pytest.fixture
def dead_database_service(tmp_path: Path) -> Iterator[FlowService]:
    store = FlowStore(
        f"postgresql://postgres@127.0.0.1:{dead_port()}/flowgen",
        outbox_path=tmp_path / "outbox.jsonl",
        retry_after_s=0,
    )
    settings = Settings(database_url="sqlite://", flowgen_generator="offline")
    yield FlowService(settings, store=store, cache=MemoryCache())
    store.dispose()


def test_database_down_still_returns_the_flow_and_queues_it(dead_database_service: FlowService) -> None:
    outcome = dead_database_service.generate(BRIEF, context=CTX)
    assert outcome.report.valid and outcome.flow["steps"]
    assert outcome.persisted is False
    assert any("queued" in n for n in outcome.notices)
    assert (Path(dead_database_service.store.outbox.path)).exists()  # type: ignore[attr-defined]
    assert dead_database_service.readiness()["database"]["ok"] is False


@pytest.mark.services
def test_queued_version_is_written_when_the_database_returns(postgres_url: str, tmp_path: Path) -> None:
    outbox = tmp_path / "outbox.jsonl"
    down = FlowStore(
        f"postgresql://postgres@127.0.0.1:{dead_port()}/flowgen", outbox_path=outbox, retry_after_s=0
    )
    settings = Settings(database_url="sqlite://", flowgen_generator="offline")
    outcome = FlowService(settings, store=down, cache=MemoryCache()).generate(BRIEF, context=CTX)
    down.dispose()
    assert not outcome.persisted

    up = FlowStore(postgres_url, outbox_path=outbox, retry_after_s=0)
    try:
        up.flush_outbox()  # opening the store already replays; an explicit flush must be harmless
        stored = up.get_version(outcome.version_id or "")
        assert stored is not None and stored.flow["steps"] == outcome.flow["steps"]
    finally:
        up.dispose()


def test_redis_down_degrades_to_memory(sqlite_url: str, tmp_path: Path) -> None:
    settings = Settings(
        database_url=sqlite_url, redis_url=f"redis://127.0.0.1:{dead_port()}/0", flowgen_generator="offline"
    )
    cache = build_cache(settings)
    assert isinstance(cache, ResilientCache)
    service = FlowService(
        settings, store=FlowStore(sqlite_url, outbox_path=tmp_path / "o.jsonl"), cache=cache
    )
    first = service.generate(BRIEF, context=CTX)
    second = service.generate(BRIEF, context=CTX)
    assert first.report.valid and second.cached
    assert service.readiness()["cache"]["ok"] is False or cache.backend == "memory"


def test_workspace_brand_reaches_the_copy(service: FlowService) -> None:
    service.update_workspace_settings("T1", brand_name="Acme Coffee")
    outcome = service.generate("boost VIP reorders", context=CTX)
    texts = " ".join(str(s.get("messageText", "")) for s in outcome.flow["steps"])
    assert "Acme Coffee" in texts


def test_workspace_default_model_is_used_for_llm_generation(flow_store: FlowStore, openai_stub) -> None:  # type: ignore[no-untyped-def]
    from tests.fakes.openai_stub import plan

    settings = openai_stub.settings(database_url="sqlite://", flowgen_generator="llm")
    service = FlowService(settings, store=flow_store, cache=MemoryCache())
    service.update_workspace_settings("T1", default_model="house-model-1")
    offline = service.generate("boost VIP reorders", context=CTX, generator="offline")
    from flowgen_core.plan.decompile import decompile

    openai_stub.script(plan(decompile(offline.flow)[0]))
    outcome = service.generate("boost VIP reorders", context=CTX)
    assert outcome.generator == "llm" and outcome.model == "house-model-1"
    assert openai_stub.requests[-1].body["model"] == "house-model-1"
