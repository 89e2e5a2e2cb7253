"""The spec is stored with every version and carried through refinements, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from flowgen_core.context import RequestContext
from flowgen_core.service.facade import FlowService, spec_of
from flowgen_core.service.store import FlowStore
from flowgen_core.settings import Settings
from flowgen_core.spec import FlowSpec
from tests.fakes.briefs import WINBACK
from tests.fakes.flow_parts import discount_values

CTX = RequestContext(source="api", workspace_id="W1", user_id="U1")


@pytest.fixture
def service(flow_store: FlowStore) -> FlowService:
    settings = Settings(database_url="sqlite://", flowgen_generator="offline")
    return FlowService(settings, store=flow_store)


def _stored_spec(service: FlowService, version_id: str | None) -> FlowSpec:
    stored = service.get_version(version_id or "")
    assert stored.spec is not None
    return FlowSpec.model_validate(stored.spec)


def test_a_generated_version_stores_the_brief_facts_as_its_spec(service: FlowService) -> None:
    outcome = service.generate(WINBACK, context=CTX)
    spec = _stored_spec(service, outcome.version_id)
    assert spec.lines()["Offer"] == "15% off" and spec.changes == []
    assert outcome.spec is not None and spec.model_dump() == outcome.spec.model_dump()


def test_chained_refinements_by_id_keep_every_change(service: FlowService) -> None:
    first = service.generate(WINBACK, context=CTX)
    second = service.refine("make the discount 20%", context=CTX, version_id=first.version_id)
    third = service.refine("shorten the first message", context=CTX, version_id=second.version_id)
    assert third.version == 3
    assert not [w.message for w in third.report.warnings if w.code.startswith("brief_")]
    assert discount_values(third.flow) == {"message": {"20"}, "purchase": {"20"}}
    assert third.spec_changes == ['As asked: "shorten the first message"']
    spec = _stored_spec(service, third.version_id)
    assert spec.changes == ["Offer: 15% off → 20% off", 'As asked: "shorten the first message"']
    assert [d.value for d in spec.facts.discounts] == ["20"]
    # The version the chain started from keeps its own spec.
    assert _stored_spec(service, first.version_id).changes == []


def test_a_version_stored_without_a_spec_falls_back_to_its_brief(
    service: FlowService, flow_store: FlowStore
) -> None:
    generated = service.generate(WINBACK, context=CTX)
    # As a version stored before specs were kept: a brief but no spec.
    saved = flow_store.save_version(
        context=CTX,
        flow=generated.flow,
        report=generated.report.to_dict(),
        brief=WINBACK,
        generator="offline",
        flow_id=generated.flow_id,
    )
    old = service.get_version(saved.version_id)
    assert old.spec is None
    fallback = spec_of(old)
    assert fallback is not None and fallback.lines()["Offer"] == "15% off" and fallback.changes == []
    refined = service.refine(
        "make the discount 20%", context=CTX, version_id=saved.version_id, follow_latest=False
    )
    assert _stored_spec(service, refined.version_id).changes == ["Offer: 15% off → 20% off"]


def test_a_fix_keeps_the_base_version_spec(service: FlowService) -> None:
    first = service.generate(WINBACK, context=CTX)
    refined = service.refine("make the discount 20%", context=CTX, version_id=first.version_id)
    fixed = service.fix(context=CTX, version_id=refined.version_id)
    assert _stored_spec(service, fixed.version_id).changes == ["Offer: 15% off → 20% off"]


def test_a_regenerate_starts_a_fresh_spec_from_the_brief(service: FlowService) -> None:
    first = service.generate(WINBACK, context=CTX)
    refined = service.refine("make the discount 20%", context=CTX, version_id=first.version_id)
    regenerated = service.regenerate(refined.version_id or "", context=CTX)
    assert _stored_spec(service, regenerated.version_id).changes == []
