"""Block Kit builders: pure functions from flowgen data to Slack message and view payloads.

Nothing here calls Slack or the service; every builder is unit-tested on its own. Slack's
limits are enforced here (≤ 50 blocks per message, ≤ 3,000 characters per section text,
≤ 150 per header, ≤ 2,000 per button value, ≤ 75 per button label): long flows are
summarised and the full detail goes into the uploaded JSON file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from flowgen_apps.slack.mrkdwn import escape
from flowgen_core.check.report import Finding, Report
from flowgen_core.refine.registry import FEATURED_PHRASINGS

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_BUTTON_VALUE_CHARS = 2000
MAX_BUTTON_TEXT_CHARS = 75
MAX_CONTEXT_CHARS = 2000  # per context element
MAX_MESSAGE_TEXT_CHARS = 3000  # the notification fallback `text`; kept short on purpose

TOP_FINDINGS = 5

# action_ids: listeners match on these, so they live here with the builders that emit them.
ACTION_FIX = "flowgen_fix"
ACTION_FIX_PASTED = "flowgen_fix_pasted"
ACTION_REGENERATE = "flowgen_regenerate"
ACTION_REFINE = "flowgen_refine"
ACTION_DOWNLOAD = "flowgen_download"
ACTION_APPROVE = "flowgen_approve"
ACTION_OPEN_SETTINGS = "flowgen_open_settings"
ACTION_OPEN_THREAD = "flowgen_open_thread"
ACTION_REOPEN = "flowgen_reopen"
ACTION_FULL_OUTLINE = "flowgen_full_outline"
ACTION_FEEDBACK_UP = "flowgen_feedback_up"
ACTION_FEEDBACK_DOWN = "flowgen_feedback_down"
ACTION_NEW_FLOW = "flowgen_new_flow"
# Buttons that change the flow: refused on a superseded or locked version.
EDITING_ACTIONS = (ACTION_FIX, ACTION_REGENERATE, ACTION_REFINE, ACTION_APPROVE)

VIEW_REFINE = "flowgen_refine_modal"
VIEW_SETTINGS = "flowgen_settings_modal"
VIEW_NEW_FLOW = "flowgen_new_flow_modal"
BRIEF_BLOCK = "brief"
BRIEF_INPUT = "brief"
REFINE_BLOCK = "refine_instruction"
REFINE_INPUT = "instruction"
SETTINGS_FIELDS = ("default_model", "digest_channel", "brand_name")

EXAMPLE_BRIEFS = (
    "Win back customers who haven't ordered in 90 days with 15% off, reply SAVE for the code",
    "Cart abandoners from the last 24 hours: remind them in 1 hour, then offer free shipping after a day",
    "VIP early access to the summer sale tomorrow 10am PST, reply YES to reserve",
)
# The refiner's own examples, so a tip never names an edit it does not understand.
REFINE_PHRASINGS = FEATURED_PHRASINGS
REFINE_HINT = "💬 Reply in this thread to change it, e.g. _“make the discount 20%”_."
MAX_TIPS = 5


class HistoryEntry(BaseModel):
    name: str
    version: int
    version_id: str
    status: str  # "approved", "valid", "needs fixes"
    updated: datetime | None = None
    link: str | None = None


# ---------------------------------------------------------------------- primitives
def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, MAX_SECTION_CHARS)}, **extra}


def header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": truncate(text, MAX_HEADER_CHARS)}}


def context(*texts: str) -> dict[str, Any]:
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": truncate(t, MAX_CONTEXT_CHARS)} for t in texts[:10]],
    }


def divider() -> dict[str, Any]:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate(text, MAX_BUTTON_TEXT_CHARS), "emoji": True},
        "action_id": action_id,
        "value": truncate(value, MAX_BUTTON_VALUE_CHARS),
    }
    if style:
        element["style"] = style
    return element


def slugify(name: str) -> str:
    # NFKD splits "é" into "e" + a combining accent, which the ASCII filter then drops.
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:60].rstrip("-") or "flow"


def json_filename(name: str, version: int | None) -> str:
    return f"{slugify(name)}-v{version or 1}.json"


def diagram_filename(name: str, version: int | None) -> str:
    return f"{slugify(name)}-v{version or 1}.png"


# ---------------------------------------------------------------------- status
def status_badge(report: Report) -> str:
    if report.errors:
        n = len(report.errors)
        return f"❌ {n} error{'s' if n != 1 else ''}"
    if report.warnings:
        n = len(report.warnings)
        return f"⚠️ {n} warning{'s' if n != 1 else ''}"
    return "✅ valid"


# ---------------------------------------------------------------------- findings
def _finding_line(finding: Finding) -> str:
    icon = "❌" if finding.severity == "error" else "⚠️"
    where = f" `{escape(finding.step_id)}`" if finding.step_id else ""
    text = f"{icon}{where} {escape(finding.message)}"
    if finding.hint:
        text += f"\n      _{escape(finding.hint)}_"
    return truncate(text, 550)


def findings_blocks(report: Report, *, top: int = TOP_FINDINGS) -> list[dict[str, Any]]:
    """Errors first, then warnings, the first `top` with hints; the rest counted."""
    findings = [*report.errors, *report.warnings]
    if not findings:
        return [section("✅ *No problems found.*")]
    shown = findings[:top]
    text = "*Findings*\n" + "\n".join(_finding_line(f) for f in shown)
    blocks = [section(text)]
    rest = len(findings) - len(shown)
    if rest:
        blocks.append(
            context(f"+{rest} more finding(s) — use *Fix issues* or download the JSON for all of them.")
        )
    return blocks


# ---------------------------------------------------------------------- messages
def generating_blocks(brief: str, *, user_id: str | None = None) -> list[dict[str, Any]]:
    who = f"<@{user_id}> asked for: " if user_id else ""
    return [
        section(f"⏳ *Generating a flow…* {who}\n> {escape(truncate(' '.join(brief.split()), 500))}"),
        context("This usually takes a few seconds. The preview will replace this message."),
    ]


def validation_blocks(report: Report, *, flow_name: str, fix_ref: str | None) -> list[dict[str, Any]]:
    """The `/flowgen validate` answer; `fix_ref` is an opaque reference to the pasted flow."""
    blocks = [
        header(f"🔍 Validation: {escape(flow_name)}"),
        context(status_badge(report)),
        *findings_blocks(report),
    ]
    if fix_ref and (report.errors or report.warnings):
        blocks.append(
            {
                "type": "actions",
                "block_id": "validate_actions",
                "elements": [button("🛠 Fix issues", ACTION_FIX_PASTED, fix_ref, style="primary")],
            }
        )
    return blocks


def error_blocks(message: str, *, next_step: str | None = None) -> list[dict[str, Any]]:
    text = f"😕 {escape(message)}"
    if next_step:
        text += f"\n*What to do next:* {escape(next_step)}"
    return [section(text)]


def relevant_tips(instruction: str | None, suggestions: list[str] | None, limit: int = MAX_TIPS) -> list[str]:
    """The phrasings that share most words with what the user wrote (ties keep the refiner's order)."""
    candidates = list(dict.fromkeys([*(suggestions or []), *REFINE_PHRASINGS]))
    words = set(re.findall(r"[a-z0-9%]+", (instruction or "").lower()))
    ranked = sorted(
        enumerate(candidates),
        key=lambda item: (-len(words & set(re.findall(r"[a-z0-9%]+", item[1].lower()))), item[0]),
    )
    return [text for _, text in ranked[:limit]]


def refused_blocks(
    reason: str, suggestions: list[str] | None = None, *, instruction: str | None = None
) -> list[dict[str, Any]]:
    """Why an instruction was not applied, with three to five phrasings close to what was asked."""
    phrasings = relevant_tips(instruction, suggestions)
    tips = "\n".join(f"• _{escape(p)}_" for p in phrasings)
    return [section(f"🙅 I couldn't apply that: {escape(reason)}\n*Phrasings that work:*\n{tips}")]


def help_blocks(command: str = "/flowgen") -> list[dict[str, Any]]:
    examples = "\n".join(f"• `{command} {b}`" for b in EXAMPLE_BRIEFS)
    return [
        header("flowgen: SMS campaign flows from a brief"),
        section(
            f"*`{command} <brief>`* — generate a flow and preview it here.\n"
            f"*`{command} validate <JSON>`* — check a FlowBuilder flow you paste.\n"
            "*Or upload a `.json` file in a DM* (or with a mention) to validate it.\n"
            f"*`{command} history`* — your recent flows.\n"
            f"*`{command} help`* — this message."
        ),
        section(f"*Examples*\n{examples}"),
        section(
            "*Refining:* reply in a preview's thread, e.g. "
            + ", ".join(f"_“{p}”_" for p in REFINE_PHRASINGS[:3])
            + ". Mention me with a brief, or DM me, to start a new flow."
        ),
    ]


def _entry_line(entry: HistoryEntry) -> str:
    name = escape(truncate(entry.name, 80))
    title = f"<{entry.link}|{name}>" if entry.link else f"*{name}*"
    when = f" · {entry.updated:%Y-%m-%d %H:%M} UTC" if entry.updated else ""
    return f"{title} · v{entry.version} · {entry.status}{when}"


def history_blocks(entries: list[HistoryEntry]) -> list[dict[str, Any]]:
    if not entries:
        return [section("You have no flows yet. Try `/flowgen help` for examples.")]
    text = "*Your recent flows*\n" + "\n".join(f"• {_entry_line(e)}" for e in entries[:20])
    return [section(text)]


# ---------------------------------------------------------------------- views
def refine_modal(version_id: str, *, channel_id: str, thread_ts: str | None) -> dict[str, Any]:
    metadata = json.dumps({"version_id": version_id, "channel_id": channel_id, "thread_ts": thread_ts})
    return {
        "type": "modal",
        "callback_id": VIEW_REFINE,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "Refine flow"},
        "submit": {"type": "plain_text", "text": "Refine"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": REFINE_BLOCK,
                "label": {"type": "plain_text", "text": "What should change?"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": REFINE_INPUT,
                    "multiline": True,
                    "max_length": 1000,
                    "placeholder": {"type": "plain_text", "text": REFINE_PHRASINGS[0]},
                },
            },
            context("Examples: " + "; ".join(f"_{p}_" for p in REFINE_PHRASINGS)),
        ],
    }


def new_flow_modal(*, channel_id: str | None = None) -> dict[str, Any]:
    """A brief typed in App Home; the flow is posted in the user's DM with the app (or `channel_id`)."""
    return {
        "type": "modal",
        "callback_id": VIEW_NEW_FLOW,
        "private_metadata": json.dumps({"channel_id": channel_id}),
        "title": {"type": "plain_text", "text": "New flow"},
        "submit": {"type": "plain_text", "text": "Generate"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": BRIEF_BLOCK,
                "label": {"type": "plain_text", "text": "Describe the campaign"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": BRIEF_INPUT,
                    "multiline": True,
                    "max_length": 2000,
                    "placeholder": {"type": "plain_text", "text": EXAMPLE_BRIEFS[0][:150]},
                },
            },
            context("Goal, audience, offer and timing. The preview arrives in your DM with flowgen."),
        ],
    }


def settings_modal(current: dict[str, Any]) -> dict[str, Any]:
    labels = {
        "default_model": ("Default model", "e.g. gpt-4o-mini"),
        "digest_channel": ("Digest channel", "channel id, e.g. C0123456"),
        "brand_name": ("Brand name", "used in {{brand_name}} and first messages"),
    }
    blocks = []
    for field in SETTINGS_FIELDS:
        label, hint = labels[field]
        element: dict[str, Any] = {
            "type": "plain_text_input",
            "action_id": field,
            "max_length": 100,
            "placeholder": {"type": "plain_text", "text": hint},
        }
        value = current.get(field)
        if value:
            element["initial_value"] = escape(str(value))[:100]
        blocks.append(
            {
                "type": "input",
                "block_id": field,
                "optional": True,
                "label": {"type": "plain_text", "text": label},
                "element": element,
            }
        )
    return {
        "type": "modal",
        "callback_id": VIEW_SETTINGS,
        "title": {"type": "plain_text", "text": "Workspace settings"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def settings_from_submission(values: dict[str, Any]) -> dict[str, str | None]:
    """Read the settings modal's state values (`view.state.values`) back into a dict."""
    result: dict[str, str | None] = {}
    for field in SETTINGS_FIELDS:
        raw = (values.get(field) or {}).get(field) or {}
        value = raw.get("value")
        result[field] = value.strip() if isinstance(value, str) and value.strip() else None
    return result


def home_view(
    entries: list[HistoryEntry], workspace: dict[str, Any], *, can_edit_settings: bool
) -> dict[str, Any]:
    intro = section(
        "Turn a campaign brief into a validated SMS flow: `/flowgen <brief>`, a mention, or a DM."
    )
    intro["accessory"] = button("➕ New flow", ACTION_NEW_FLOW, "new", style="primary")
    blocks: list[dict[str, Any]] = [
        header("flowgen"),
        intro,
        divider(),
        section("*Your recent flows*"),
    ]
    if entries:
        for entry in entries[:15]:
            item = section(_entry_line(entry))
            if entry.link:
                item["accessory"] = {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Open thread"},
                    "action_id": ACTION_OPEN_THREAD,
                    "url": entry.link,
                    "value": entry.version_id[:MAX_BUTTON_VALUE_CHARS],
                }
            blocks.append(item)
    else:
        blocks.append(context("No flows yet. Try `/flowgen help` for examples."))
    blocks.append(divider())
    summary = "\n".join(
        f"*{name.replace('_', ' ').capitalize()}:* {escape(str(workspace.get(name) or '—'))}"
        for name in SETTINGS_FIELDS
    )
    settings_block = section("*Workspace settings*\n" + summary)
    if can_edit_settings:
        settings_block["accessory"] = button("Edit settings", ACTION_OPEN_SETTINGS, "settings")
    blocks.append(settings_block)
    if not can_edit_settings:
        blocks.append(context("Only workspace admins can change these."))
    return {"type": "home", "blocks": blocks[:100]}


# ---------------------------------------------------------------------- limits
def limit_violations(blocks: list[dict[str, Any]], *, max_blocks: int = MAX_BLOCKS) -> list[str]:
    """Every Block Kit limit these builders promise to respect that `blocks` breaks (empty = fine)."""
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks > {max_blocks}")
    for index, block in enumerate(blocks):
        kind = block.get("type")
        text = (block.get("text") or {}).get("text", "")
        if kind == "section" and len(text) > MAX_SECTION_CHARS:
            problems.append(f"block {index}: section text {len(text)} chars")
        if kind == "header" and len(text) > MAX_HEADER_CHARS:
            problems.append(f"block {index}: header {len(text)} chars")
        elements = list(block.get("elements") or [])
        if block.get("accessory"):
            elements.append(block["accessory"])
        action_ids = [e.get("action_id") for e in elements if e.get("action_id")]
        if len(action_ids) != len(set(action_ids)):
            problems.append(f"block {index}: duplicate action_id")
        for element in elements:
            if element.get("type") == "button":
                if len(str(element.get("value", ""))) > MAX_BUTTON_VALUE_CHARS:
                    problems.append(f"block {index}: button value too long")
                if len(element["text"]["text"]) > MAX_BUTTON_TEXT_CHARS:
                    problems.append(f"block {index}: button text too long")
            elif element.get("type") == "mrkdwn" and len(element.get("text", "")) > MAX_CONTEXT_CHARS:
                problems.append(f"block {index}: context text too long")
    return problems
