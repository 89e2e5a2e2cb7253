"""What a correction leaves behind: `Change` records, the `FixResult`, and the `Recorder`
through which every module edits a flow so that no edit goes unrecorded."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel, Field

from flowgen_core.check.autofix.codes import ENUM_NORMALISED
from flowgen_core.check.autofix.values import squash
from flowgen_core.check.report import Report

# A JSON object as parsed from a flow; its values are whatever the writer put there.
JSONObject = dict[str, Any]


class Change(BaseModel):
    code: str
    step_id: str | None = None
    path: str = ""
    before: Any = None
    after: Any = None
    reason: str = ""

    def describe(self) -> str:
        """One line for logs: code, step, reason, and the value change when it is short."""
        where = f"{self.step_id}: " if self.step_id else ""
        values = ""
        if _short_scalar(self.before) and _short_scalar(self.after) and self.before != self.after:
            values = f": {self.before!r} -> {self.after!r}"
        return f"{self.code} {where}{self.reason}{values} ({self.path})"


def _short_scalar(value: Any) -> bool:
    return (
        value is None
        or isinstance(value, bool | int | float)
        or (isinstance(value, str) and len(value) <= 40)
    )


class FixResult(BaseModel):
    # A dict whenever the input was one; any other JSON value is returned unchanged.
    flow: Any
    changes: list[Change] = Field(default_factory=list)
    report: Report = Field(default_factory=Report)


class Recorder:
    """Collects the changes of one run; `put` is the only way fixes write a value."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def record(self, code: str, step_id: Any, path: str, before: Any, after: Any, reason: str) -> None:
        sid = step_id if isinstance(step_id, str) else None
        self.changes.append(
            Change(
                code=code,
                step_id=sid,
                path=path,
                before=copy.deepcopy(before),
                after=copy.deepcopy(after),
                reason=reason,
            )
        )

    def put(
        self, obj: JSONObject, key: str, value: Any, code: str, step_id: Any, path: str, reason: str
    ) -> None:
        """Set obj[key] = value and record it, unless it already holds exactly that value."""
        before = obj.get(key)
        if key in obj and before == value and type(before) is type(value):
            return
        obj[key] = value
        self.record(code, step_id, f"{path}/{key}", before, value, reason)

    def put_enum(
        self, obj: JSONObject, key: str, table: dict[str, str], step_id: Any, path: str, reason: str
    ) -> None:
        """Rewrite a string obj[key] to the spelling `table` gives its squashed form, if any."""
        raw = obj.get(key)
        if isinstance(raw, str):
            canonical = table.get(squash(raw))
            if canonical is not None and canonical != raw:
                self.put(obj, key, canonical, ENUM_NORMALISED, step_id, path, reason)
