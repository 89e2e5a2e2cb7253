"""The flow preview message: a page a marketer reads in ten seconds, that always fits.

Slack rejects a message whose blocks hold more than about 12,000 characters
(`msg_blocks_too_long`) or more than 50 blocks. The preview is built to a budget:
the parts that are always shown (who asked, the brief, the path, findings, the buttons)
are each capped, and the per-message copy fills what is left, first messages first. The
rest is one click away (*Full outline* opens a modal; *Download JSON* has everything).

`compact_preview_blocks` and `plain_preview_text` are the fallbacks the delivery code uses
when Slack refuses the full preview anyway.

Pure functions, like `flowgen_apps.slack.blocks`: no Slack calls, no service calls.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from flowgen_apps.slack.blocks import (
    ACTION_APPROVE,
    ACTION_DOWNLOAD,
    ACTION_FEEDBACK_DOWN,
    ACTION_FEEDBACK_UP,
    ACTION_FIX,
    ACTION_FULL_OUTLINE,
    ACTION_REFINE,
    ACTION_REGENERATE,
    ACTION_REOPEN,
    MAX_BLOCKS,
    MAX_SECTION_CHARS,
    REFINE_HINT,
    button,
    context,
    divider,
    header,
    section,
    status_badge,
    truncate,
)
from flowgen_apps.slack.mrkdwn import escape
from flowgen_core.check.report import Finding, Report
from flowgen_core.diff import FlowDiff
from flowgen_core.format.sms import segment_info
from flowgen_core.render.outline import outline_lines, step_sms_text
from flowgen_core.render.path import path_stops, path_summary

MESSAGE_CHAR_BUDGET = 11_000  # Slack's limit is ~12,000 characters of block text per message
BRIEF_CHARS = 400
UNDERSTOOD_LINES = 12
UNDERSTOOD_LINE_CHARS = 240  # a fact and the brief's words it was read from
PATH_CHARS = 1_200
COPY_CHARS = 480
DIFF_LINES = 8
TOP_FINDINGS = 5
MODAL_BLOCKS = 100
MODAL_TITLE_CHARS = 24


class PreviewData(BaseModel):
    """Everything a flow preview shows; built from a service outcome or a stored version."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    flow: dict[str, Any]
    report: Report = Field(default_factory=Report)
    version_id: str | None = None
    version: int | None = None
    generator: str = "offline"
    model: str | None = None
    elapsed_ms: int = 0
    fallback_reason: str | None = None
    notices: list[str] = Field(default_factory=list)
    summary: str = ""  # what a refinement or fix changed, in one sentence
    diff: FlowDiff | None = None  # per-step before → after of a refinement
    requested_by: str | None = None  # Slack user id of whoever asked
    brief: str = ""
    understood: list[str] | None = None  # "What I understood" lines, when the brief reader gives them
    approved: bool = False
    approved_by: str | None = None
    approved_at: datetime | None = None

    @classmethod
    def from_outcome(
        cls, outcome: Any, *, elapsed_ms: int | None = None, requested_by: str | None = None
    ) -> PreviewData:
        diff = outcome.diff if isinstance(outcome.diff, FlowDiff) else None
        return cls(
            flow=outcome.flow,
            report=outcome.report,
            version_id=outcome.version_id,
            version=outcome.version,
            generator=outcome.generator,
            model=outcome.model,
            elapsed_ms=elapsed_ms if elapsed_ms is not None else outcome.latency_ms,
            fallback_reason=outcome.fallback_reason,
            notices=list(outcome.notices),
            summary=outcome.summary or "",
            diff=diff,
            requested_by=requested_by,
            brief=outcome.brief or "",
            understood=getattr(outcome, "understood", None),
        )

    @classmethod
    def from_stored(cls, stored: Any, **extra: Any) -> PreviewData:
        report = stored.report if isinstance(stored.report, Report) else _report_from_dict(stored.report)
        values: dict[str, Any] = {
            "flow": stored.flow,
            "report": report,
            "version_id": stored.version_id,
            "version": stored.version,
            "generator": stored.generator or "offline",
            "model": stored.model,
            "elapsed_ms": stored.latency_ms or 0,
            # Reopening unlocks the flow and keeps the approval on record: a reopened version reads as open.
            "approved": bool(stored.approved) and bool(getattr(stored, "locked", True)),
            "requested_by": getattr(stored, "user_id", None),
            "brief": stored.brief or "",
        }
        values.update(extra)
        return cls(**values)

    @property
    def name(self) -> str:
        return str(self.flow.get("name") or "Untitled flow")

    @property
    def step_count(self) -> int:
        steps = self.flow.get("steps")
        return len(steps) if isinstance(steps, list) else 0


def _report_from_dict(data: Any) -> Report:
    if not isinstance(data, dict):
        return Report()
    return Report(
        errors=[Finding.from_dict(f) for f in data.get("errors") or []],
        warnings=[Finding.from_dict(f) for f in data.get("warnings") or []],
    )


# ---------------------------------------------------------------------- measuring
def payload_chars(value: Any) -> int:
    """Characters of text in a Block Kit payload (every `text` string, at any depth)."""
    if isinstance(value, list):
        return sum(payload_chars(v) for v in value)
    if isinstance(value, dict):
        total = 0
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                total += len(item)
            else:
                total += payload_chars(item)
        return total
    return 0


# ---------------------------------------------------------------------- words instead of ids
def step_names(flow: dict[str, Any]) -> dict[str, str]:
    """A name people understand for every step id: "message 2 (day 3)", "wait 2 days", "audience"."""
    names: dict[str, str] = {}
    for index, stop in enumerate(path_stops(flow), start=1):
        names[stop.step_id] = f"message {index} (day {stop.day})"
    for line in outline_lines(flow):
        if not line.ref and line.step_id not in names:
            title = line.title.split(":", 1)[0].lower()
            names[line.step_id] = truncate(title, 40)
    return names


_JSON_AMOUNT = re.compile(r"\{\s*\"value\"\s*:\s*\"?(\d+(?:\.\d+)?)\"?\s*,\s*\"unit\"\s*:\s*\"(\w+)\"\s*\}")
_BRACKET_WORD = re.compile(r"\[(include|exclude|then|split)\]", re.IGNORECASE)
_JSON_OBJECT = re.compile(r"\{[^{}]{0,200}\}")


def _amount_words(value: str, unit: str) -> str:
    unit = unit.lower().rstrip("s")
    return f"{value} {unit}" + ("" if value == "1" else "s")


def in_words(text: str, names: dict[str, str]) -> str:
    """A validator message or hint without raw step ids, `[include]` markers or JSON fragments."""
    text = _JSON_AMOUNT.sub(lambda m: _amount_words(m.group(1), m.group(2)), text)
    text = _BRACKET_WORD.sub("", text)

    def object_words(match: re.Match[str]) -> str:
        try:
            data = json.loads(match.group(0))
        except ValueError:
            return match.group(0)
        if isinstance(data, dict):
            return ", ".join(f"{k} {v}" for k, v in data.items())
        return match.group(0)

    text = _JSON_OBJECT.sub(object_words, text)
    # Longest ids first, so "msg-10" is not rewritten through "msg-1".
    for step_id in sorted(names, key=len, reverse=True):
        if len(step_id) >= 3 and step_id in text:
            text = re.sub(rf"`?{re.escape(step_id)}`?", names[step_id], text)
    return " ".join(text.split())


# ---------------------------------------------------------------------- parts
def quote(text: str, limit: int) -> str:
    """User text as a mrkdwn block quote ("> " at the start of every line), escaped and truncated."""
    body = truncate(text.strip(), limit)
    return "\n".join(f"> {escape(line)}" if line.strip() else ">" for line in body.splitlines() or [""])


def meta_line(preview: PreviewData) -> str:
    generator = f"{preview.generator}/{preview.model}" if preview.model else preview.generator
    parts = []
    if preview.requested_by:
        parts.append(f"Asked by <@{escape(preview.requested_by)}>")
    parts += [
        f"v{preview.version or 1}",
        f"{preview.step_count} steps",
        status_badge(preview.report),
        f"`{escape(generator)}`",
        f"{preview.elapsed_ms / 1000:.1f} s",
    ]
    return " · ".join(parts)


def understood_blocks(lines: list[str] | None) -> list[dict[str, Any]]:
    """The slot for the brief reader's "What I understood" lines (nothing when none are given)."""
    if not lines:
        return []
    shown = [f"• {escape(truncate(line, UNDERSTOOD_LINE_CHARS))}" for line in lines[:UNDERSTOOD_LINES]]
    if len(lines) > UNDERSTOOD_LINES:
        shown.append(f"…and {len(lines) - UNDERSTOOD_LINES} more")
    return [section("*What I understood*\n" + "\n".join(shown))]


def _value_words(value: Any) -> str:
    if isinstance(value, dict) and "value" in value:
        return _amount_words(str(value.get("value")), str(value.get("unit") or "hours"))
    if isinstance(value, list):
        return "; ".join(_value_words(v) for v in value) or "nothing"
    if value in (None, ""):
        return "nothing"
    return str(value)


_FIELD_WORDS = {
    "text": "copy",
    "discountValue": "discount",
    "discountType": "discount type",
    "discountCode": "code",
    "time": "wait",
    "period": "wait unit",
    "value": "wait",
    "unit": "wait unit",
    "events": "what happens next",
    "conditions": "audience",
    "label": "label",
}


def copy_change(before: str, after: str, *, context_chars: int = 30, span: int = 90) -> tuple[str, str]:
    """The stretch of copy around the first difference, in both versions ("…Enjoy 15% off…")."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    begin = max(0, start - context_chars)
    # Back up to a word boundary so the window does not start mid-word.
    while begin > 0 and before[begin - 1 : begin] not in (" ", ""):
        begin -= 1

    def window(text: str) -> str:
        piece = text[begin : begin + span]
        return ("…" if begin else "") + piece + ("…" if begin + span < len(text) else "")

    return window(before), window(after)


def diff_lines(diff: FlowDiff, names: dict[str, str]) -> list[str]:
    """One line per changed step, "*message 1 (day 0)*: discount 15 → 20; copy “…15% off…” → “…20% off…”"."""
    lines: list[str] = []
    for step in diff.changed:
        who = names.get(step.id, step.label or step.type)
        parts = []
        for change in step.fields:
            field = _FIELD_WORDS.get(change.field, change.field)
            if change.field == "text":
                before, after = copy_change(str(change.before or ""), str(change.after or ""))
                parts.append(f"{field} “{escape(before)}” → “{escape(after)}”")
                continue
            before = truncate(in_words(_value_words(change.before), names), 120)
            after = truncate(in_words(_value_words(change.after), names), 120)
            parts.append(f"{escape(field)} {escape(before)} → {escape(after)}")
        lines.append(f"• *{escape(who)}*: " + "; ".join(parts))
    for ref in diff.added:
        lines.append(f"• ➕ added *{escape(names.get(ref.id, ref.label or ref.type))}*")
    for ref in diff.removed:
        lines.append(f"• ➖ removed *{escape(ref.label or ref.type)}*")
    for change in diff.root:
        before, after = truncate(_value_words(change.before), 80), truncate(_value_words(change.after), 80)
        lines.append(f"• flow {escape(change.field)}: {escape(before)} → {escape(after)}")
    return [truncate(line, 600) for line in lines]


def diff_blocks(preview: PreviewData, names: dict[str, str]) -> list[dict[str, Any]]:
    if preview.diff is None or preview.diff.is_empty():
        return (
            [section(f"*What changed:* {escape(truncate(preview.summary, 600))}")] if preview.summary else []
        )
    lines = diff_lines(preview.diff, names)
    shown = lines[:DIFF_LINES]
    if len(lines) > DIFF_LINES:
        shown.append(f"_…and {len(lines) - DIFF_LINES} more change(s): Full outline shows the result._")
    return [section(f"*What changed in v{preview.version or 1}*\n" + "\n".join(shown))]


def finding_line(finding: Finding, names: dict[str, str]) -> str:
    icon = "❌" if finding.severity == "error" else "⚠️"
    where = f"*{escape(names.get(finding.step_id, 'a step'))}*: " if finding.step_id else ""
    text = f"{icon} {where}{escape(in_words(finding.message, names))}"
    if finding.hint:
        text += f"\n      ↳ _{escape(in_words(finding.hint, names))}_"
    return truncate(text, 480)


def findings_section(report: Report, names: dict[str, str]) -> list[dict[str, Any]]:
    findings = [*report.errors, *report.warnings]
    if not findings:
        return [context("✅ No problems found.")]
    shown = "\n".join(finding_line(f, names) for f in findings[:TOP_FINDINGS])
    blocks = [section("*Needs a look*\n" + shown)]
    rest = len(findings) - TOP_FINDINGS
    if rest > 0:
        blocks.append(context(f"+{rest} more — *Fix issues* corrects what it can; the JSON lists them all."))
    return blocks


def message_section(index: int, stop: Any, step: dict[str, Any]) -> dict[str, Any]:
    copy = step_sms_text(step) or ""
    info = segment_info(copy) if copy else None
    title = f"*{index}. {escape(truncate(stop.words(with_day=True), 200))}*"
    if not copy:
        return section(title)
    unit = "segment" if info and info.segments == 1 else "segments"
    stats = f"_{info.segments if info else 0} SMS {unit} · {len(copy)} characters_"
    return section(f"{title}\n{quote(copy, COPY_CHARS)}\n{stats}")


def approve_confirm(version: int | None) -> dict[str, Any]:
    return {
        "title": {"type": "plain_text", "text": "Approve this flow?"},
        "text": {
            "type": "mrkdwn",
            "text": f"Approving v{version or 1} locks the flow: nobody can change it until it is reopened.",
        },
        "confirm": {"type": "plain_text", "text": "Approve"},
        "deny": {"type": "plain_text", "text": "Not yet"},
    }


def action_row(preview: PreviewData) -> dict[str, Any]:
    """The buttons; exactly one is primary (Fix issues with errors, else Approve)."""
    vid = preview.version_id or ""
    elements: list[dict[str, Any]] = []
    if preview.approved:
        elements.append(button("🔓 Reopen", ACTION_REOPEN, vid))
    else:
        if preview.report.errors:
            elements.append(button("🛠 Fix issues", ACTION_FIX, vid, style="primary"))
        approve = button(
            "✅ Approve", ACTION_APPROVE, vid, style=None if preview.report.errors else "primary"
        )
        approve["confirm"] = approve_confirm(preview.version)
        elements.append(approve)
        if preview.report.warnings and not preview.report.errors:
            elements.append(button("🛠 Fix issues", ACTION_FIX, vid))
        elements += [button("✏️ Refine…", ACTION_REFINE, vid), button("🔄 Regenerate", ACTION_REGENERATE, vid)]
    elements += [button("📋 Full outline", ACTION_FULL_OUTLINE, vid), button("⬇️ JSON", ACTION_DOWNLOAD, vid)]
    return {"type": "actions", "block_id": f"flow_actions:{vid}"[:255], "elements": elements}


def feedback_row(version_id: str | None) -> dict[str, Any]:
    vid = version_id or ""
    return {
        "type": "actions",
        "block_id": f"flow_feedback:{vid}"[:255],
        "elements": [
            button("👍 Helpful", ACTION_FEEDBACK_UP, vid),
            button("👎 Not helpful", ACTION_FEEDBACK_DOWN, vid),
        ],
    }


def approved_line(preview: PreviewData) -> str:
    by = f" by <@{escape(preview.approved_by)}>" if preview.approved_by else ""
    when = f" on {preview.approved_at:%Y-%m-%d %H:%M} UTC" if preview.approved_at else ""
    return f"✅ *Approved*{by}{when}. The flow is locked; *Reopen* it to make changes."


# ---------------------------------------------------------------------- messages
def preview_text(preview: PreviewData) -> str:
    """The notification/fallback text that accompanies the preview blocks."""
    return truncate(
        f"Flow preview: {escape(preview.name)} (v{preview.version or 1}, {preview.step_count} steps, "
        f"{status_badge(preview.report)})",
        300,
    )


def preview_blocks(preview: PreviewData, *, budget: int = MESSAGE_CHAR_BUDGET) -> list[dict[str, Any]]:
    """The full preview, within `budget` characters and 50 blocks, whatever the flow's size."""
    names = step_names(preview.flow)
    head: list[dict[str, Any]] = [header(f"📱 {escape(preview.name)}"), context(meta_line(preview))]
    if preview.brief:
        head.append(section("*Brief*\n" + quote(" ".join(preview.brief.split()), BRIEF_CHARS)))
    head += understood_blocks(preview.understood)
    notices = [n for n in preview.notices if n and n != preview.fallback_reason]
    if preview.fallback_reason:
        notices.insert(
            0,
            f"The AI generator was unavailable ({truncate(preview.fallback_reason, 200)}); "
            "the offline planner wrote this flow.",
        )
    if notices:
        head.append(context(*(f"ℹ️ {escape(truncate(n, 300))}" for n in notices[:5])))
    head += diff_blocks(preview, names)
    head.append(section("*The path*\n" + escape(truncate(path_summary(preview.flow), PATH_CHARS))))

    tail: list[dict[str, Any]] = [divider(), *findings_section(preview.report, names)]
    if preview.approved:
        tail.append(context(approved_line(preview)))
    tail.append(action_row(preview))
    tail.append(feedback_row(preview.version_id))
    if not preview.approved:
        tail.append(context(REFINE_HINT))

    steps = {str(s.get("id")): s for s in preview.flow.get("steps") or [] if isinstance(s, dict)}
    stops = path_stops(preview.flow)
    room_chars = budget - payload_chars(head) - payload_chars(tail) - 200  # the "more" note
    room_blocks = MAX_BLOCKS - len(head) - len(tail) - 2
    body: list[dict[str, Any]] = [divider()]
    shown = 0
    for index, stop in enumerate(stops, start=1):
        block = message_section(index, stop, steps.get(stop.step_id, {}))
        cost = payload_chars(block)
        if shown >= room_blocks or cost > room_chars:
            break
        body.append(block)
        room_chars -= cost
        shown += 1
    if shown < len(stops):
        rest = len(stops) - shown
        body.append(
            context(f"…and {rest} more message{'s' if rest != 1 else ''}: *Full outline* shows every step.")
        )
    return [*head, *body, *tail]


def compact_preview_blocks(preview: PreviewData) -> list[dict[str, Any]]:
    """The fallback when Slack refuses the full preview: name, status, the path and the buttons."""
    findings = len(preview.report.errors) + len(preview.report.warnings)
    blocks = [
        header(f"📱 {escape(preview.name)}"),
        context(meta_line(preview)),
        section("*The path*\n" + escape(truncate(path_summary(preview.flow, max_stops=6), 900))),
        context(f"{findings} finding(s). *Full outline* shows every step; the JSON file has everything."),
        action_row(preview),
    ]
    if preview.approved:
        blocks.insert(3, context(approved_line(preview)))
    return blocks


def plain_preview_text(preview: PreviewData) -> str:
    """The last resort: no blocks at all, just words (the JSON file follows in the thread)."""
    return truncate(
        f"{preview_text(preview)}\nThe path: {escape(path_summary(preview.flow, max_stops=6))}\n"
        "The preview could not be shown here; the flow's JSON file is in this thread.",
        3000,
    )


def superseded_blocks(preview: PreviewData, *, latest: int, link: str | None) -> list[dict[str, Any]]:
    """What an older preview collapses to once a newer version is posted (no buttons)."""
    target = f"<{link}|v{latest}>" if link else f"v{latest}"
    return [
        context(f"~{escape(truncate(preview.name, 100))} v{preview.version or 1}~ — superseded by {target}.")
    ]


def superseded_text(preview: PreviewData, latest: int) -> str:
    return f"{escape(preview.name)} v{preview.version or 1} — superseded by v{latest}"


def outline_modal(preview: PreviewData) -> dict[str, Any]:
    """Every step of the flow, in a modal (≤ 100 blocks); anything beyond is in the JSON file."""
    rendered = [escape(line.text(sms_limit=300)) for line in outline_lines(preview.flow)]
    chunks: list[str] = []
    current = ""
    for text in rendered:
        text = truncate(text, MAX_SECTION_CHARS - 10)
        candidate = f"{current}\n{text}" if current else text
        if len(candidate) > MAX_SECTION_CHARS - 10:
            chunks.append(current)
            current = text
        else:
            current = candidate
    if current:
        chunks.append(current)
    blocks = [section(chunk) for chunk in chunks[: MODAL_BLOCKS - 2]]
    if len(chunks) > MODAL_BLOCKS - 2:
        blocks.append(context("The flow is longer than a modal can show: the JSON file has every step."))
    if not blocks:
        blocks = [section("_This flow has no steps._")]
    return {
        "type": "modal",
        "title": {
            "type": "plain_text",
            "text": truncate(escape(f"v{preview.version or 1}: {preview.name}"), MODAL_TITLE_CHARS),
        },
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [context(meta_line(preview)), *blocks][:MODAL_BLOCKS],
    }
