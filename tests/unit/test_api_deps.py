"""The API's dependencies on their own: the request context an API key maps to, the /metrics token."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pydantic import SecretStr

from flowgen_apps.api.auth import Caller
from flowgen_apps.api.deps import caller_context, require_metrics_token
from flowgen_apps.api.errors import ApiError
from flowgen_core.logging import bind_request_id, reset_request_id


def test_a_key_with_a_tenant_works_in_that_tenant() -> None:
    ctx = caller_context(Caller(name="ci", rate_key="r", tenant="acme"))
    assert (ctx.source, ctx.workspace_id, ctx.tenant_id, ctx.user_id) == ("api", "acme", "acme", "ci")
    assert ctx.cross_tenant_read is False


def test_a_key_without_a_tenant_is_its_own_tenant_and_keeps_the_request_id() -> None:
    token = bind_request_id("req-123")
    try:
        ctx = caller_context(Caller(name="ops", rate_key="r", cross_tenant_read=True))
    finally:
        reset_request_id(token)
    assert (ctx.workspace_id, ctx.tenant_id, ctx.request_id) == ("ops", "ops", "req-123")
    assert ctx.cross_tenant_read is True


def _request(authorization: str | None, token: str | None) -> SimpleNamespace:
    settings = SimpleNamespace(metrics_token=SecretStr(token) if token is not None else None)
    headers = {"authorization": authorization} if authorization is not None else {}
    return SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(settings=settings)), headers=headers)


@pytest.mark.parametrize(
    ("authorization", "token"),
    [
        (None, "s3cret"),
        ("Bearer wrong", "s3cret"),
        ("Basic s3cret", "s3cret"),
        ("Bearer ", ""),
        ("Bearer x", None),
    ],
)
def test_metrics_refuses_anything_but_the_bearer_token(authorization: str | None, token: str | None) -> None:
    with pytest.raises(ApiError) as refused:
        require_metrics_token(_request(authorization, token))  # type: ignore[arg-type]
    assert refused.value.status == 401


def test_metrics_accepts_the_bearer_token() -> None:
    require_metrics_token(_request("Bearer s3cret", "s3cret"))  # type: ignore[arg-type]
