"""Deterministic corrections of FlowBuilder flows, each one recorded as a `Change`.

The corrector repairs what has exactly one honest repair: missing defaults, mirrored
text fields, enum spellings and aliases, dotted template variables, broken or circular
references, a missing END. It never invents marketing content (copy, discounts,
intents, products, audiences): whatever cannot be repaired honestly stays an error in
the report for a person (or a model) to decide.

Guarantees: never raises on any JSON value; idempotent (`autofix(autofix(x).flow)` makes
no change); linear in the size of the flow.

The modules, in the order a run applies them: `legacy` (START steps; also segment
definitions and schedules, used later), `ids`, `steps` (per step: `events`, `text`,
`mirrors`, `segments`), `events` (unfollowable ones), `ids` again for events, `graph`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from flowgen_core.check import validate_flow
from flowgen_core.check.autofix.changes import Change, FixResult, JSONObject, Recorder
from flowgen_core.check.autofix.codes import (
    AUTOFIX_FAILED,
    DANGLING_EVENT_REMOVED,
    DEAD_END_CONNECTED,
    DEFAULT_FILLED,
    DUPLICATE_EVENT_REMOVED,
    DUPLICATE_STEP_REMOVED,
    END_ADDED,
    END_EVENTS_REMOVED,
    ENUM_NORMALISED,
    EVENT_ID_DEDUPLICATED,
    ID_ASSIGNED,
    INITIAL_STEP_SET,
    LABEL_DERIVED,
    MIRROR_SYNCED,
    SCHEDULE_CONVERTED,
    SEGMENT_BRANCH_ADDED,
    SEGMENT_DEFINITION_CONVERTED,
    SELF_LOOP_REMOVED,
    START_STEP_REMOVED,
    STEP_ID_DEDUPLICATED,
    TEXT_MIRRORED,
    VALIDATION_FAILED,
    VALUE_NORMALISED,
    VARIABLE_CANONICALISED,
)
from flowgen_core.check.autofix.events import prune_events
from flowgen_core.check.autofix.graph import fix_graph
from flowgen_core.check.autofix.ids import assign_event_ids, assign_step_ids
from flowgen_core.check.autofix.legacy import convert_segment_definition, remove_start_steps
from flowgen_core.check.autofix.steps import fix_step
from flowgen_core.check.autofix.text import TextCanon
from flowgen_core.check.report import Finding, Report
from flowgen_core.format.vocabulary import TEXT_FIELDS
from flowgen_core.json_copy import copy_json

log = logging.getLogger(__name__)

__all__ = [
    "AUTOFIX_FAILED",
    "DANGLING_EVENT_REMOVED",
    "DEAD_END_CONNECTED",
    "DEFAULT_FILLED",
    "DUPLICATE_EVENT_REMOVED",
    "DUPLICATE_STEP_REMOVED",
    "END_ADDED",
    "END_EVENTS_REMOVED",
    "ENUM_NORMALISED",
    "EVENT_ID_DEDUPLICATED",
    "ID_ASSIGNED",
    "INITIAL_STEP_SET",
    "LABEL_DERIVED",
    "MIRROR_SYNCED",
    "SCHEDULE_CONVERTED",
    "SEGMENT_BRANCH_ADDED",
    "SEGMENT_DEFINITION_CONVERTED",
    "SELF_LOOP_REMOVED",
    "START_STEP_REMOVED",
    "STEP_ID_DEDUPLICATED",
    "TEXT_FIELDS",
    "TEXT_MIRRORED",
    "VALIDATION_FAILED",
    "VALUE_NORMALISED",
    "VARIABLE_CANONICALISED",
    "Change",
    "FixResult",
    "autofix",
    "convert_segment_definition",
]


def _fix(flow: JSONObject, verbatim: Iterable[str]) -> tuple[JSONObject, list[Change]]:
    """Correct `flow` in place; the order matters (see the module docstring)."""
    rec = Recorder()
    steps = flow.get("steps")
    if not isinstance(steps, list):
        return flow, rec.changes
    remove_start_steps(rec, flow)
    assign_step_ids(rec, flow)
    canon = TextCanon(verbatim)
    steps = flow["steps"]
    for index, step in enumerate(steps):
        if isinstance(step, dict):
            fix_step(rec, canon, step, f"/steps/{index}")
    # Unfollowable events go before ids are de-duplicated: no renaming of doomed events.
    prune_events(rec, flow)
    assign_event_ids(rec, steps)
    fix_graph(rec, flow)
    return flow, rec.changes


def _validate(
    flow: Any, verbatim: Iterable[str] = (), generated: bool = False, brand: str | None = None
) -> Report:
    try:
        return validate_flow(flow, verbatim=verbatim, generated=generated, brand=brand)
    except Exception as exc:  # the report must not turn a repair into a crash
        log.exception("validation failed during autofix")
        report = Report()
        report.add(
            Finding(
                code=VALIDATION_FAILED,
                severity="error",
                message=f"the flow could not be validated ({type(exc).__name__})",
            )
        )
        return report


def autofix(
    flow: Any, *, verbatim: Iterable[str] = (), generated: bool = False, brand: str | None = None
) -> FixResult:
    """Apply every deterministic correction to a copy of `flow`; never raises.

    `verbatim` lists copy the marketer quoted word for word: template variables inside
    it keep their original spelling. `generated`: the flow was generated or refined here,
    so the report grades it as one (see `validate_flow`); `brand` is the sender's name as its
    copy writes it.
    """
    verbatim = [v for v in verbatim if isinstance(v, str)]
    if not isinstance(flow, dict):
        return FixResult(flow=flow, changes=[], report=_validate(flow, verbatim, generated, brand))
    failure: Exception | None = None
    try:
        fixed, changes = _fix(copy_json(flow), verbatim)
    except Exception as exc:  # the contract is "never raise": report it instead
        log.exception("autofix failed")
        fixed, changes, failure = flow, [], exc
    report = _validate(fixed, verbatim, generated, brand)
    if failure is not None:
        report.add(
            Finding(
                code=AUTOFIX_FAILED,
                severity="error",
                message=f"automatic correction failed ({type(failure).__name__}); the flow is unchanged",
            )
        )
    return FixResult(flow=fixed, changes=changes, report=report)
