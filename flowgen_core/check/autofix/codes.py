"""The codes a `Change` carries: one per kind of correction, stable for logs and tests."""

from __future__ import annotations

DEFAULT_FILLED = "default_filled"
ID_ASSIGNED = "id_assigned"
LABEL_DERIVED = "label_derived"
TEXT_MIRRORED = "text_mirrored"
ENUM_NORMALISED = "enum_normalised"
VALUE_NORMALISED = "value_normalised"
VARIABLE_CANONICALISED = "variable_canonicalised"
SELF_LOOP_REMOVED = "self_loop_removed"
DANGLING_EVENT_REMOVED = "dangling_event_removed"
DUPLICATE_EVENT_REMOVED = "duplicate_event_removed"
END_ADDED = "end_added"
DEAD_END_CONNECTED = "dead_end_connected"
END_EVENTS_REMOVED = "end_events_removed"
STEP_ID_DEDUPLICATED = "step_id_deduplicated"
DUPLICATE_STEP_REMOVED = "duplicate_step_removed"
EVENT_ID_DEDUPLICATED = "event_id_deduplicated"
INITIAL_STEP_SET = "initial_step_set"
START_STEP_REMOVED = "start_step_removed"
SEGMENT_DEFINITION_CONVERTED = "segment_definition_converted"
SEGMENT_BRANCH_ADDED = "segment_branch_added"
SCHEDULE_CONVERTED = "schedule_converted"
MIRROR_SYNCED = "mirror_synced"

AUTOFIX_FAILED = "autofix_failed"  # finding added when the corrector itself failed
VALIDATION_FAILED = "validation_failed"  # finding added when the validator raised
