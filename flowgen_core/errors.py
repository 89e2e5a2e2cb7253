"""Errors the shells turn into user-facing answers. Messages are written for people."""

from __future__ import annotations

from flowgen_core.planners.base import GenerationError, LLMError


class FlowgenError(Exception):
    """Base for errors whose message can be shown to a user as is."""


class NotABriefError(GenerationError, FlowgenError):
    """The text is no campaign brief (a placeholder, noise, emoji). `examples` are briefs that work."""

    def __init__(self, message: str, examples: list[str] | None = None) -> None:
        super().__init__(message)
        self.examples = examples or []


class NotFoundError(FlowgenError):
    """A flow or version id that does not exist (or is not visible to the caller)."""


class RefinementRefused(FlowgenError):
    """An instruction that cannot be applied. `suggestions` lists phrasings that work."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class BusyError(FlowgenError):
    """Another change to the same conversation is in progress."""


class StaleVersionError(FlowgenError):
    """The flow has a newer version than the one a change was based on (nothing was saved)."""

    def __init__(self, message: str, latest_version: int) -> None:
        super().__init__(message)
        self.latest_version = latest_version


class PermissionDeniedError(FlowgenError):
    """The caller may see this flow but the change policy does not let them make this change."""


class FlowLockedError(FlowgenError):
    """The flow is approved and locked: it must be reopened before it can change."""


__all__ = [
    "BusyError",
    "FlowLockedError",
    "FlowgenError",
    "GenerationError",
    "LLMError",
    "NotABriefError",
    "NotFoundError",
    "PermissionDeniedError",
    "RefinementRefused",
    "StaleVersionError",
]
