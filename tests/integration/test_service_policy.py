"""FlowService's tenancy and change policy, on both database backends.

The shells only build a RequestContext; these rules hold whatever shell calls the service.
"""

from __future__ import annotations

import pytest

from flowgen_core.context import RequestContext
from flowgen_core.errors import FlowLockedError, NotFoundError, PermissionDeniedError
from flowgen_core.service.cache import MemoryCache
from flowgen_core.service.facade import FlowService
from flowgen_core.service.store import FlowStore
from flowgen_core.settings import Settings
from tests.fakes.briefs import WINBACK

ALICE = RequestContext(source="slack", workspace_id="T1", user_id="U1", channel_id="C1", thread_ts="1.1")
BOB = ALICE.model_copy(update={"user_id": "U2"})
ADMIN = ALICE.model_copy(update={"user_id": "U3", "workspace_admin": True})
OTHER_TEAM = RequestContext(source="slack", workspace_id="T2", user_id="U9", channel_id="C1", thread_ts="1.1")
API_A = RequestContext(source="api", workspace_id="acme", tenant_id="acme", user_id="key-a")
AUDITOR = RequestContext(
    source="api", workspace_id="ops", tenant_id="ops", user_id="aud", cross_tenant_read=True
)
CLI = RequestContext(source="cli")


@pytest.fixture
def service(flow_store: FlowStore) -> FlowService:
    settings = Settings(database_url="sqlite://", flowgen_generator="offline")
    return FlowService(settings, store=flow_store, cache=MemoryCache())


def test_another_tenant_sees_nothing_and_changes_nothing(service: FlowService) -> None:
    made = service.generate(WINBACK, context=ALICE)
    version_id, flow_id = made.version_id, made.flow_id
    for attempt in (
        lambda: service.get_version(version_id, context=OTHER_TEAM),
        lambda: service.get_flow(flow_id, context=OTHER_TEAM),
        lambda: service.list_versions(flow_id, context=OTHER_TEAM),
        lambda: service.refine("wait 2 days", version_id=version_id, context=OTHER_TEAM),
        lambda: service.regenerate(version_id, context=OTHER_TEAM),
        lambda: service.fix(version_id=version_id, context=OTHER_TEAM),
        lambda: service.approve(version_id, context=OTHER_TEAM),
        lambda: service.reopen(version_id, context=OTHER_TEAM),
        lambda: service.record_download(version_id, context=OTHER_TEAM),
        lambda: service.refine("wait 2 days", version_id=version_id, context=API_A),
    ):
        with pytest.raises(NotFoundError) as refused:
            attempt()
        assert "T1" not in str(refused.value)
    assert service.latest_for_thread(context=OTHER_TEAM) is None
    assert service.history(context=OTHER_TEAM, mine_only=False) == []
    assert [v.version for v in service.list_versions(flow_id, context=ALICE)] == [1]
    assert not service.get_version(version_id).approved


def test_slack_callers_see_a_flow_only_in_its_channel(service: FlowService) -> None:
    made = service.generate(WINBACK, context=ALICE)
    elsewhere = ALICE.model_copy(update={"channel_id": "C2"})
    with pytest.raises(NotFoundError):
        service.get_version(made.version_id, context=elsewhere)
    assert service.get_version(made.version_id, context=ALICE).version_id == made.version_id


def test_cross_tenant_read_scope_reads_but_never_changes(service: FlowService) -> None:
    made = service.generate(WINBACK, context=API_A)
    assert service.get_flow(made.flow_id, context=AUDITOR).flow_id == made.flow_id
    with pytest.raises(PermissionDeniedError):
        service.refine("wait 2 days", version_id=made.version_id, context=AUDITOR)
    with pytest.raises(PermissionDeniedError):
        service.approve(made.version_id, context=AUDITOR)
    assert len(service.list_versions(made.flow_id)) == 1


def test_approval_policy_lock_and_reopen(service: FlowService) -> None:
    made = service.generate(WINBACK, context=ALICE)
    # Anyone in the channel refines; only the creator or an admin approves.
    refined = service.refine("make the discount 20%", version_id=made.version_id, context=BOB)
    with pytest.raises(PermissionDeniedError):
        service.approve(refined.version_id, context=BOB)
    approved = service.approve(refined.version_id, context=ADMIN)
    assert approved.approved and approved.locked
    assert service.approve(refined.version_id, context=ALICE).locked  # a second approval is a no-op

    for change in (
        lambda: service.refine("wait 3 days", version_id=refined.version_id, context=ALICE),
        lambda: service.regenerate(refined.version_id, context=ALICE),
        lambda: service.fix(version_id=refined.version_id, context=ALICE),
        lambda: service.approve(made.version_id, context=ALICE),  # another version of the locked flow
    ):
        with pytest.raises(FlowLockedError):
            change()
    with pytest.raises(PermissionDeniedError):
        service.reopen(refined.version_id, context=BOB)

    reopened = service.reopen(refined.version_id, context=ALICE)
    assert not reopened.locked and reopened.approved  # the approval stays on record
    assert service.reopen(refined.version_id, context=ALICE).version_id == refined.version_id
    again = service.refine("make the discount 25%", version_id=refined.version_id, context=BOB)
    assert again.version == 3
    actions = [e["action"] for e in service.store.audit_entries(flow_id=made.flow_id)]
    assert "approved" in actions and "reopened" in actions


def test_the_operator_cli_sees_every_tenant(service: FlowService) -> None:
    made = service.generate(WINBACK, context=ALICE)
    assert service.get_version(made.version_id, context=CLI).tenant_id == "T1"
    refined = service.refine("make the discount 20%", version_id=made.version_id, context=CLI)
    # A CLI change stays in the flow's tenant: the Slack thread still finds it.
    assert service.get_version(refined.version_id).tenant_id == "T1"
    assert service.latest_for_thread(context=ALICE).version_id == refined.version_id


def test_result_cache_is_per_tenant(service: FlowService) -> None:
    first = service.generate(WINBACK, context=API_A)
    other = service.generate(WINBACK, context=OTHER_TEAM.model_copy(update={"thread_ts": "9.9"}))
    same = service.generate(WINBACK, context=API_A)
    assert not first.cached and not other.cached and same.cached
