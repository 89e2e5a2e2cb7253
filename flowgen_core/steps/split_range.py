"""`split_range`: a marker step for a schedule's window branch."""

from __future__ import annotations

from flowgen_core.steps.base import StepKind, no_fields
from flowgen_core.steps.events import single_default_rule, single_default_transitions
from flowgen_core.steps.split import split_label, split_marker

KIND = StepKind(
    name="split_range",
    default_label=split_label,
    compile=split_marker("schedule"),
    decompile=no_fields,
    transitions=single_default_transitions,
    event_rule=single_default_rule,
    single_default=True,
    emoji="🔀",
)
