"""API keys and per-key rate limits for the REST API.

Keys come from `FLOWGEN_API_KEYS` (comma-separated, for platforms where config is env
vars; they all belong to the tenant `FLOWGEN_API_KEYS_TENANT`) and from the database
(created with `flowgen apikey create NAME --tenant T`, stored hashed). A key is sent as
`Authorization: Bearer <key>` or `X-API-Key: <key>`. Environment keys are compared with
`hmac.compare_digest` against every configured key, so the time taken does not reveal how
much of a guess was right; database keys are looked up by hash.

Database keys verified in the last `API_KEY_CACHE_TTL_S` seconds keep working while the
database is down (only their hash is kept, in memory); an unknown key is never admitted
during an outage, and a revocation takes effect on the first request the database answers.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Request, Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from flowgen_apps.api.errors import ApiError
from flowgen_core.service.store import StoreUnavailable
from flowgen_core.service.store.repository import ApiKeyInfo, hash_api_key
from flowgen_core.settings import Settings

log = logging.getLogger(__name__)

NO_KEY_CONFIGURED = (
    "No API key is configured on this server. Create one with `flowgen apikey create NAME` "
    "(or set FLOWGEN_API_KEYS), then send it as `Authorization: Bearer <key>` or `X-API-Key: <key>`."
)
MISSING_KEY = "An API key is required: send `Authorization: Bearer <key>` or `X-API-Key: <key>`."
INVALID_KEY = "The API key is not valid (unknown or revoked)."

# Declared for the OpenAPI document (the "Authorize" button in /docs); checking happens in `ApiKeyAuth`.
bearer_scheme = HTTPBearer(auto_error=False, description="`Authorization: Bearer <API key>`")
api_key_scheme = APIKeyHeader(name="X-API-Key", auto_error=False, description="`X-API-Key: <API key>`")


@dataclass(frozen=True)
class Caller:
    """Who an authenticated request came from: the key's name and tenant, never the key itself."""

    name: str
    rate_key: str  # a hash of the key: safe to use in cache keys and logs
    tenant: str = ""
    cross_tenant_read: bool = False  # the admin scope: may read every tenant's flows


def key_fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def env_keys(settings: Settings) -> list[str]:
    return [k.strip() for k in settings.flowgen_api_keys.split(",") if k.strip()]


class ApiKeyAuth:
    """Checks a presented key against the environment and the store, then applies the rate limit."""

    def __init__(self, settings: Settings, service: Any) -> None:
        self.settings = settings
        self.service = service
        self._env_keys = [k.encode("utf-8") for k in env_keys(settings)]
        self._verified: dict[str, tuple[ApiKeyInfo, float]] = {}  # key hash -> (key, verified at)
        self._verified_lock = threading.Lock()

    # -- key checks -----------------------------------------------------------------
    def _match_env(self, presented: str) -> bool:
        candidate = presented.encode("utf-8")
        matched = False
        for key in self._env_keys:  # no early exit: every configured key is compared
            matched |= hmac.compare_digest(candidate, key)
        return matched

    def _match_store(self, presented: str) -> ApiKeyInfo | None:
        digest = hash_api_key(presented)
        try:
            found: ApiKeyInfo | None = self.service.store.verify_api_key(presented)
        except StoreUnavailable:
            return self._recently_verified(digest)
        except Exception:
            log.warning("api key lookup failed", exc_info=True)
            return self._recently_verified(digest)
        with self._verified_lock:
            if found is None:
                self._verified.pop(digest, None)  # revoked: forget it at once
            else:
                self._verified[digest] = (found, time.monotonic())
        return found

    def _recently_verified(self, digest: str) -> ApiKeyInfo | None:
        """During an outage: a key the database confirmed within the TTL is still trusted."""
        ttl = self.settings.api_key_cache_ttl_s
        with self._verified_lock:
            entry = self._verified.get(digest)
        if entry is None or ttl <= 0 or time.monotonic() - entry[1] > ttl:
            return None
        log.info("database unavailable; api key accepted from the verified-key cache")
        return entry[0]

    def any_key_configured(self) -> bool:
        if self._env_keys or getattr(self.service.store, "degraded", False):
            return True  # during an outage: unknown, so "invalid key" rather than "nothing configured"
        try:
            keys = self.service.store.list_api_keys()
        except Exception:
            log.warning("api key listing failed", exc_info=True)
            return True  # unknown: answer "invalid key" rather than "nothing configured"
        return any(key.get("revoked_at") is None for key in keys)

    def env_caller(self, presented: str | None) -> Caller | None:
        """The caller of an environment key, else None; compares in memory only (no I/O, no thread)."""
        if not presented or not self._match_env(presented):
            return None
        return Caller(
            name=f"env-{key_fingerprint(presented)[:6]}",
            rate_key=key_fingerprint(presented),
            tenant=self.settings.flowgen_api_keys_tenant,
        )

    def authenticate(self, presented: str | None) -> Caller:
        if not presented:
            if not self.any_key_configured():
                raise ApiError(401, "no_api_key_configured", NO_KEY_CONFIGURED, headers=_CHALLENGE)
            raise ApiError(401, "missing_api_key", MISSING_KEY, headers=_CHALLENGE)
        env_caller = self.env_caller(presented)
        if env_caller is not None:
            return env_caller
        stored = self._match_store(presented)
        if stored is None:
            if not self.any_key_configured():
                raise ApiError(401, "no_api_key_configured", NO_KEY_CONFIGURED, headers=_CHALLENGE)
            raise ApiError(401, "invalid_api_key", INVALID_KEY, headers=_CHALLENGE)
        return Caller(
            name=stored.name,
            rate_key=key_fingerprint(presented),
            tenant=stored.tenant_id,
            cross_tenant_read=stored.cross_tenant_read,
        )

    # -- rate limit -----------------------------------------------------------------
    def enforce_rate_limit(self, caller: Caller) -> dict[str, str]:
        """Count one request for `caller`; raise 429 over the limit, else return the rate-limit headers."""
        limit = self.settings.rate_limit_per_minute
        if limit <= 0:
            return {}
        try:
            decision = self.service.cache.rate_limit(f"api:{caller.rate_key}", limit, 60)
        except Exception:  # a cache outage must not take the API down with it
            log.warning("rate limiter unavailable", exc_info=True)
            return {}
        headers = {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(max(0, decision.remaining))}
        if not decision.allowed:
            retry_after = max(1, math.ceil(float(decision.retry_after_s or 1)))
            raise ApiError(
                429,
                "rate_limited",
                f"Rate limit of {limit} requests per minute exceeded; retry in {retry_after} s.",
                {"limit_per_minute": limit, "retry_after_s": retry_after},
                headers={**headers, "Retry-After": str(retry_after)},
            )
        return headers


_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def presented_key(bearer: HTTPAuthorizationCredentials | None, header_key: str | None) -> str | None:
    if bearer is not None and bearer.scheme.lower() == "bearer" and bearer.credentials:
        return bearer.credentials.strip()
    if header_key:
        return header_key.strip()
    return None


async def require_api_key(
    request: Request,
    response: Response,
    bearer: HTTPAuthorizationCredentials | None = Depends(bearer_scheme),
    header_key: str | None = Depends(api_key_scheme),
) -> Caller:
    """FastAPI dependency: authenticate the caller and count the request against its rate limit.

    `async` so that a request the middleware has authenticated, with rate limits off, costs no
    threadpool hop here; the key lookup and the rate limit (Redis) still run in the threadpool.
    """
    auth: ApiKeyAuth = request.app.state.auth
    # The request middleware authenticates before reading the body; don't look the key up twice.
    caller: Caller | None = getattr(request.state, "caller", None)
    if caller is None:
        caller = await run_in_threadpool(auth.authenticate, presented_key(bearer, header_key))
    if auth.settings.rate_limit_per_minute > 0:
        response.headers.update(await run_in_threadpool(auth.enforce_rate_limit, caller))
    request.state.caller = caller
    request.state.api_caller = caller  # authenticated and counted: `api.deps.api_call` reuses it
    return caller


def require_api_key_unlimited(
    request: Request,
    bearer: HTTPAuthorizationCredentials | None = Depends(bearer_scheme),
    header_key: str | None = Depends(api_key_scheme),
) -> Caller:
    """Authenticate without spending rate limit (used for /metrics when it is not public)."""
    auth: ApiKeyAuth = request.app.state.auth
    return auth.authenticate(presented_key(bearer, header_key))
