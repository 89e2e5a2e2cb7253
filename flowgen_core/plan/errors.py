"""The error a plan raises when it cannot become a valid flow.

Its own module so that the step kinds (flowgen_core.steps), which the compiler imports, can
raise it without importing the compiler.
"""

from __future__ import annotations

__all__ = ["PlanError"]


class PlanError(ValueError):
    """The plan cannot be turned into a valid flow; the message says what to change."""
