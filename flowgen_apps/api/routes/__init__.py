"""The API's routes, one module per resource.

Routes are thin: check the input the service cannot check (body shape, limits a client
should hear about before any work is done), call the service, count the outcome, and
shape the answer. Handlers are plain `def`s so blocking work (LLM calls, database
writes) runs in the threadpool; the correlation id follows via contextvars.
"""

from __future__ import annotations

from fastapi import APIRouter

from flowgen_apps.api.routes import flows, generation, health, metrics, refinement, validation
from flowgen_apps.api.routes.base import API_PREFIX

# Every `/api/v1` router, in the order /docs lists them.
API_ROUTERS: tuple[APIRouter, ...] = (generation.router, validation.router, refinement.router, flows.router)

__all__ = ["API_PREFIX", "API_ROUTERS", "health", "metrics"]
