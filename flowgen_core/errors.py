"""The core's one error tree: every error it raises derives from `FlowgenError`.

Messages are written for people, so a shell can show `str(exc)` as is. This module imports
nothing from the rest of the package, so any module may raise these without an import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flowgen_core.planners.base import ModelAttempt


def _rebuilt(cls: type[FlowgenError], args: tuple[object, ...], state: dict[str, object]) -> FlowgenError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class FlowgenError(Exception):
    """Base for errors whose message can be shown to a user as is.

    Every error of the tree survives pickling with its attributes (a generation run in another
    process raises in the caller the error it raised there), whatever its constructor takes.
    """

    def __reduce__(self) -> tuple[object, ...]:
        return _rebuilt, (type(self), self.args, dict(self.__dict__))


class GenerationError(FlowgenError):
    """No flow can be produced (empty or meaningless brief). The message is shown to the user."""


class BriefInputError(GenerationError):
    """Brief text refused at the boundary (empty, too long, unstorable).

    `code` is stable for machines (`brief_empty`, `brief_too_long`, `brief_unstorable`);
    `max_chars` and `length` let an API answer with the limit that was broken.
    """

    def __init__(self, message: str, *, code: str, max_chars: int, length: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.max_chars = max_chars
        self.length = length


class LLMError(FlowgenError):
    """The LLM could not produce a usable plan (API error, timeout, refusal, garbage). Triggers fallback.

    `attempts` holds the model requests made before giving up, so a fallback result can
    still account for the time and tokens they cost.
    """

    def __init__(self, message: str = "", *, attempts: list[ModelAttempt] | None = None) -> None:
        super().__init__(message)
        self.attempts: list[ModelAttempt] = list(attempts or [])


class NotABriefError(GenerationError):
    """The text is no campaign brief (a placeholder, noise, emoji). `examples` are briefs that work."""

    def __init__(self, message: str, examples: list[str] | None = None) -> None:
        super().__init__(message)
        self.examples = examples or []


class UnsupportedLanguageError(GenerationError):
    """The offline planner cannot read the brief's language; `language` is its ISO 639-1 code."""

    def __init__(self, message: str, *, language: str) -> None:
        super().__init__(message)
        self.language = language


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
    "BriefInputError",
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
    "UnsupportedLanguageError",
]
