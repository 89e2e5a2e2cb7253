"""An edit operation: how the offline editor applies it, and the phrasings that ask for it.

The phrasings are the single list behind the refusal message's suggestions, the apps'
tips, docs/refinement.md and the phrasing tests (tests/fixtures/refine_phrasings.jsonl).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flowgen_core.refine.context import EditContext

# Applies the edit and describes it, or returns None when the instruction does not ask for
# it; raises RefinementRefused when it asks for it but the flow cannot take it.
Apply = Callable[[EditContext], "str | None"]


@dataclass(frozen=True)
class Step:
    """One way of applying an operation (setting a discount, removing it, ...).

    `rank` orders the steps of all operations: an instruction is offered to each in turn,
    and the order decides which reading of ambiguous words wins ("remove the discount" is
    a removal before it is a discount). `final` steps take the rest of the instruction as
    their argument, so nothing after them runs once they applied.
    """

    rank: int
    apply: Apply
    final: bool = False


@dataclass(frozen=True)
class Operation:
    name: str
    title: str  # what the docs' table calls the edit
    examples: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def phrasings(self) -> str:
        """The examples as one suggestion line."""
        return "  ·  ".join(self.examples)
