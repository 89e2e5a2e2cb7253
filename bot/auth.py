"""API keys and per-key rate limits for the REST API.

Keys come from `FLOWGEN_API_KEYS` (comma-separated, for platforms where config is env
vars) and from the database (created with `flowgen apikey create NAME`, stored hashed).
A key is sent as `Authorization: Bearer <key>` or `X-API-Key: <key>`. Environment keys
are compared with `hmac.compare_digest` against every configured key, so the time taken
does not reveal how much of a guess was right; database keys are looked up by hash.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Request, Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from bot.errors import ApiError
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
    """Who an authenticated request came from: the key's name, never the key itself."""

    name: str
    rate_key: str  # a hash of the key: safe to use in cache keys and logs


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

    # -- key checks -----------------------------------------------------------------
    def _match_env(self, presented: str) -> bool:
        candidate = presented.encode("utf-8")
        matched = False
        for key in self._env_keys:  # no early exit: every configured key is compared
            matched |= hmac.compare_digest(candidate, key)
        return matched

    def _match_store(self, presented: str) -> str | None:
        try:
            found = self.service.store.check_api_key(presented)
        except Exception:
            log.warning("api key lookup failed", exc_info=True)
            return None
        return found or None

    def any_key_configured(self) -> bool:
        if self._env_keys:
            return True
        try:
            keys = self.service.store.list_api_keys()
        except Exception:
            log.warning("api key listing failed", exc_info=True)
            return True  # unknown: answer "invalid key" rather than "nothing configured"
        return any(key.get("revoked_at") is None for key in keys)

    def authenticate(self, presented: str | None) -> Caller:
        if not presented:
            if not self.any_key_configured():
                raise ApiError(401, "no_api_key_configured", NO_KEY_CONFIGURED, headers=_CHALLENGE)
            raise ApiError(401, "missing_api_key", MISSING_KEY, headers=_CHALLENGE)
        if self._match_env(presented):
            name = f"env-{key_fingerprint(presented)[:6]}"
        else:
            stored_name = self._match_store(presented)
            if stored_name is None:
                if not self.any_key_configured():
                    raise ApiError(401, "no_api_key_configured", NO_KEY_CONFIGURED, headers=_CHALLENGE)
                raise ApiError(401, "invalid_api_key", INVALID_KEY, headers=_CHALLENGE)
            name = stored_name
        return Caller(name=name, rate_key=key_fingerprint(presented))

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


def require_api_key(
    request: Request,
    response: Response,
    bearer: HTTPAuthorizationCredentials | None = Depends(bearer_scheme),
    header_key: str | None = Depends(api_key_scheme),
) -> Caller:
    """FastAPI dependency: authenticate the caller and count the request against its rate limit."""
    auth: ApiKeyAuth = request.app.state.auth
    caller = auth.authenticate(presented_key(bearer, header_key))
    response.headers.update(auth.enforce_rate_limit(caller))
    request.state.caller = caller
    return caller


def require_api_key_unlimited(
    request: Request,
    bearer: HTTPAuthorizationCredentials | None = Depends(bearer_scheme),
    header_key: str | None = Depends(api_key_scheme),
) -> Caller:
    """Authenticate without spending rate limit (used for /metrics when it is not public)."""
    auth: ApiKeyAuth = request.app.state.auth
    return auth.authenticate(presented_key(bearer, header_key))
