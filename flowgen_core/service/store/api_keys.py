"""API keys for the REST API: only their SHA-256 is stored."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from flowgen_core.service.store.models import ApiKey
from flowgen_core.service.store.records import ApiKeyInfo, as_utc, hash_api_key, rowcount, utc_now
from flowgen_core.service.store.runner import StoreRunner, StoreUnavailable

# `last_used_at` says roughly when a key was last seen (to spot unused keys), not each use:
# written on every request it made each authenticated read a write transaction.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiKeyRepository:
    def __init__(self, runner: StoreRunner) -> None:
        self._runner = runner

    def create_api_key(
        self, name: str, *, tenant: str | None = None, cross_tenant_read: bool | None = None
    ) -> str:
        """Create (or rotate) the key called `name` for `tenant` (default: a tenant named after the key).

        Rotating an existing key keeps its tenant and scope unless they are given: a rotation
        must never move a client's key away from its own flows. The plaintext is returned once
        and never stored.
        """
        plaintext = "fgk_" + secrets.token_urlsafe(32)

        def work(session: Session) -> None:
            key = session.execute(select(ApiKey).where(ApiKey.name == name)).scalar_one_or_none()
            if key is None:
                session.add(
                    ApiKey(
                        name=name,
                        key_hash=hash_api_key(plaintext),
                        tenant_id=tenant or name,
                        cross_tenant_read=bool(cross_tenant_read),
                    )
                )
                return
            key.key_hash, key.revoked_at, key.created_at = hash_api_key(plaintext), None, utc_now()
            if tenant is not None:
                key.tenant_id = tenant
            if cross_tenant_read is not None:
                key.cross_tenant_read = cross_tenant_read

        self._runner.required(work)
        return plaintext

    def revoke_api_key(self, name: str) -> bool:
        def work(session: Session) -> bool:
            result = session.execute(
                update(ApiKey)
                .where(ApiKey.name == name, ApiKey.revoked_at.is_(None))
                .values(revoked_at=utc_now())
            )
            return rowcount(result) > 0

        return self._runner.run(work, default=False)

    def check_api_key(self, plaintext: str) -> str | None:
        try:
            found = self.verify_api_key(plaintext)
        except StoreUnavailable:
            return None
        return found.name if found else None

    def verify_api_key(self, plaintext: str) -> ApiKeyInfo | None:
        """The live key with this plaintext, None when unknown or revoked.

        Raises StoreUnavailable during an outage, so a caller can tell "unknown" from "can't tell".
        """
        if not plaintext:
            return None

        def work(session: Session) -> ApiKeyInfo | None:
            key = session.execute(
                select(ApiKey).where(ApiKey.key_hash == hash_api_key(plaintext), ApiKey.revoked_at.is_(None))
            ).scalar_one_or_none()
            if key is None:
                return None
            now = utc_now()
            if key.last_used_at is None or now - as_utc(key.last_used_at) >= LAST_USED_RESOLUTION:
                key.last_used_at = now
            return ApiKeyInfo(name=key.name, tenant_id=key.tenant_id, cross_tenant_read=key.cross_tenant_read)

        return self._runner.required(work)

    def list_api_keys(self) -> list[dict[str, Any]]:
        def work(session: Session) -> list[dict[str, Any]]:
            return [
                {
                    "name": key.name,
                    "tenant": key.tenant_id,
                    "cross_tenant_read": key.cross_tenant_read,
                    "created_at": as_utc(key.created_at),
                    "revoked_at": as_utc(key.revoked_at) if key.revoked_at else None,
                    "last_used_at": as_utc(key.last_used_at) if key.last_used_at else None,
                }
                for key in session.scalars(select(ApiKey).order_by(ApiKey.name))
            ]

        return self._runner.run(work, default=[])
