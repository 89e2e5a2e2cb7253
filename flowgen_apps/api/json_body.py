"""Request bodies parsed once, strictly: JSON the service can store and the API can answer with.

FastAPI reads bodies with `json.loads`, which accepts `NaN`, `Infinity`, `1e400` (as inf),
NUL characters and lone surrogates; each of those later fails in a database driver or in
the response encoder. The routes of the REST API use `StrictJSONRoute`, so such a body is
a 400 `invalid_json_value` before any handler runs.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from flowgen_apps.api.errors import BodyRejected
from flowgen_core import storable


class _StrictJSONRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                self._json = storable.loads(body)
            except storable.UnstorableValue as exc:
                raise BodyRejected(str(exc)) from None
        return self._json


class StrictJSONRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(_StrictJSONRequest(request.scope, request.receive))

        return strict_handler
