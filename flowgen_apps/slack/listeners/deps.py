"""What listeners depend on, carried by the Bolt context.

A global middleware (`provide`) puts the service, its settings and the background pool into
every request's `context`. Bolt passes each context key to a listener, matcher or middleware
with a parameter of the same name, so a listener declares `service: FlowService` or
`background: Background` and a unit test calls it with whatever fakes it likes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext

from flowgen_apps.slack.listeners.delivery import Background
from flowgen_core.service.facade import FlowService

# The context keys, which are also the listener parameter names Bolt fills from them.
SERVICE = "service"
SETTINGS = "settings"
BACKGROUND = "background"


def provide(service: FlowService, background: Background) -> Callable[..., Any]:
    """The global middleware that puts the listeners' dependencies into the Bolt context."""

    def provide_dependencies(context: BoltContext, next: Callable[[], Any]) -> Any:
        context[SERVICE] = service
        context[SETTINGS] = service.settings
        context[BACKGROUND] = background
        return next()

    return provide_dependencies
