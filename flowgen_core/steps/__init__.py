"""Step kinds: one module per FlowBuilder step type and the registry that finds them.

`kind_of(step)` answers everything type-specific: how a plan step compiles and a flow
step reads back, the events it needs, how previews word it, what a planner is told. See
docs/architecture.md, "Adding a step type".
"""

from __future__ import annotations

from flowgen_core.steps.base import ShapeProblem, StepJSON, StepKind
from flowgen_core.steps.registry import STEP_KINDS, UNKNOWN_KIND, kind_of, kinds_where

__all__ = ["STEP_KINDS", "UNKNOWN_KIND", "ShapeProblem", "StepJSON", "StepKind", "kind_of", "kinds_where"]
