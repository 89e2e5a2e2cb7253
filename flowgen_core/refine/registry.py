"""Every edit operation the offline editor knows, in the order people are shown them.

Adding an operation: write its module under `ops/`, list it here, add a row for it to
docs/refinement.md and a few lines to tests/fixtures/refine_phrasings.jsonl (tests check
all three agree).
"""

from __future__ import annotations

from flowgen_core.refine.operation import Operation, Step
from flowgen_core.refine.ops.audience import AUDIENCE
from flowgen_core.refine.ops.caps import ENTRY_LIMIT, FREQUENCY_CAP
from flowgen_core.refine.ops.discount import DISCOUNT
from flowgen_core.refine.ops.experiment import EXPERIMENT
from flowgen_core.refine.ops.reminder import REMINDER
from flowgen_core.refine.ops.rename import RENAME
from flowgen_core.refine.ops.reply_branch import REPLY_BRANCH
from flowgen_core.refine.ops.reply_keyword import REPLY_KEYWORD
from flowgen_core.refine.ops.rewrite import REWRITE
from flowgen_core.refine.ops.send_window import SEND_WINDOW
from flowgen_core.refine.ops.shorten import SHORTEN
from flowgen_core.refine.ops.timing import DELAY, NOREPLY_TIMEOUT

OPERATIONS: tuple[Operation, ...] = (
    DISCOUNT,
    DELAY,
    NOREPLY_TIMEOUT,
    REMINDER,
    FREQUENCY_CAP,
    ENTRY_LIMIT,
    AUDIENCE,
    EXPERIMENT,
    REPLY_KEYWORD,
    REPLY_BRANCH,
    REWRITE,
    SHORTEN,
    RENAME,
    SEND_WINDOW,
)

# One line per operation: what a refusal suggests, and what the docs list.
SUPPORTED_PHRASINGS: list[str] = [op.phrasings for op in OPERATIONS]

# The few everyday edits an app shows as examples before anything was asked, commonest first.
FEATURED_PHRASINGS: tuple[str, ...] = (
    DISCOUNT.examples[0],
    DELAY.examples[0],
    REMINDER.examples[0],
    SHORTEN.examples[0],
    AUDIENCE.examples[1],
)


def ordered_steps() -> list[tuple[Operation, Step]]:
    """Every operation's steps in the order an instruction is offered to them."""
    pairs = [(op, step) for op in OPERATIONS for step in op.steps]
    return sorted(pairs, key=lambda pair: pair[1].rank)


def operation(name: str) -> Operation:
    return next(op for op in OPERATIONS if op.name == name)
