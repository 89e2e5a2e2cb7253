"""Refinement: (flow, plain-language instruction) -> new flow + diff + summary.

The flow is decompiled to its plan, the instruction becomes edit operations on the plan
(offline: parsed deterministically, reusing the brief extractor for numbers, discounts,
audiences and dates; with an LLM: a new plan in structured output), and the plan is
compiled back with every step pinned to its old id. Steps the edit did not touch are
copied from the original flow as they were, so a refinement changes what it was asked to
change and nothing else. An instruction that cannot be applied raises RefinementRefused
with the supported phrasings — never a silent no-op reported as success.
"""

from __future__ import annotations

import copy
import logging
import re
from collections import deque
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from flowgen_core.brief import CampaignBrief, Discount, Duration, FrequencyCap, extract_brief
from flowgen_core.check import validate_flow
from flowgen_core.check.report import Report
from flowgen_core.diff import FlowDiff, diff_flows
from flowgen_core.errors import LLMError, RefinementRefused
from flowgen_core.format.sms import segment_info
from flowgen_core.format.vocabulary import SEND_TYPES
from flowgen_core.plan.compile import PlanError, compile_plan_with_ids
from flowgen_core.plan.decompile import DecompileError, decompile
from flowgen_core.plan.model import (
    END,
    FlowPlan,
    PlanCondition,
    PlanDiscount,
    PlanLimit,
    PlanStep,
    PlanTransition,
    PlanWait,
    PlanWindow,
)
from flowgen_core.settings import Settings, get_settings

log = logging.getLogger(__name__)

SUPPORTED_PHRASINGS: list[str] = [
    "make the discount 20%  ·  change the discount to $5 off  ·  use code SAVE20  ·  remove the discount",
    "wait 2 days instead  ·  change the delay to 3 hours  ·  add a 1 day wait before the first message",
    "if no reply in 6 hours send a reminder  ·  change the no-reply timeout to 1 day",
    "add a reminder after 1 day  ·  remove the reminder",
    "cap at 2 messages per day  ·  add a rate limit of 3 per week",
    "only once per customer  ·  enter at most once a month  ·  only let customers enter once per month",
    "only VIPs  ·  only customers who ordered in the last 60 days  ·  remove the segment",
    "add an A/B test on the first message  ·  … with variant: <copy>  ·  remove the A/B test",
    "change the reply keyword YES to BUY",
    "add reply INFO leading to product list  ·  … leading to checkout  ·  … leading to a message saying: <copy>",
    'change the first message to: <new copy>  ·  change message 2 to "<new copy>" (colon or quotes required)',
    "shorter copy (fit each message in one SMS segment)",
    "rename the flow to <name>",
    "send tomorrow at 9am EST  ·  send between December 1 and December 20",
]

_ACK = (
    r"(?:looks (?:good|great|fine|perfect)|lgtm|perfect|great|thanks(?: a lot)?|thank you|thx|ty|ok(?:ay)?|"
    r"ship it|approved?|nice|good|cool|awesome|all good|no changes?|that'?s? (?:fine|good|great|it)|"
    r"(?:that )?works(?: for me)?|👍|🙏|🎉)"
)
# One or more acknowledgements ("looks good, thanks!") and nothing else: no change asked for.
_NOOP = re.compile(rf"^\s*{_ACK}(?:[\s,.!&-]+(?:and\s+)?{_ACK})*[\s.!]*$", re.IGNORECASE)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}


class RefineResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    flow: dict[str, Any]
    diff: FlowDiff
    summary: str
    report: Report
    operations: list[str] = Field(default_factory=list)
    generator: str = "offline"
    model: str | None = None
    tokens_used: int = 0
    fallback_reason: str | None = None
    notices: list[str] = Field(default_factory=list)


def refine(
    flow: dict[str, Any],
    instruction: str,
    *,
    brief: CampaignBrief | None = None,
    settings: Settings | None = None,
    generator: str | None = None,
    today: date | None = None,
) -> RefineResult:
    instruction = (instruction or "").strip()
    if not instruction:
        raise RefinementRefused("The instruction is empty: say what to change.", SUPPORTED_PHRASINGS)
    if _NOOP.match(instruction):
        return RefineResult(
            flow=copy.deepcopy(flow),
            diff=FlowDiff(),
            summary="No changes: the flow stays as it is.",
            report=validate_flow(flow, brief),
        )
    settings = settings or get_settings()
    from flowgen_core.planners.llm.requirements import refinement_requirements

    # What the refined flow must satisfy: the brief with this instruction applied, so no
    # check (or LLM repair round) asks for a value the instruction just changed.
    requirements = refinement_requirements(brief, instruction)
    notices: list[str] = []
    fallback: str | None = None
    spent: list[Any] = []
    if settings.resolved_generator(generator) == "llm":
        try:
            return _refine_with_llm(flow, instruction, brief=requirements, settings=settings, today=today)
        except (LLMError, ImportError) as exc:
            fallback = str(exc) or type(exc).__name__
            spent = list(getattr(exc, "attempts", []))
            notices.append(
                f"The AI model was unavailable ({fallback}); the change was made by the offline editor."
            )
            log.warning("LLM refinement failed, using the offline editor", extra={"reason": fallback})
    result = refine_offline(flow, instruction, brief=requirements, today=today)
    result.fallback_reason = fallback
    result.notices = notices + result.notices
    # The previous version's model accounting must not pass for this one's.
    result.flow.setdefault("metadata", {}).pop("llm", None)
    if spent:
        from flowgen_core.planners.base import attempts_summary

        result.tokens_used = sum(a.total_tokens for a in spent)
        result.flow.setdefault("metadata", {})["llm"] = {
            **attempts_summary(spent),
            "model": settings.openai_model,
            "fallback": True,
        }
    return result


def refine_offline(
    flow: dict[str, Any],
    instruction: str,
    *,
    brief: CampaignBrief | None = None,
    today: date | None = None,
) -> RefineResult:
    try:
        plan, id_map = decompile(flow)
    except DecompileError as exc:
        raise RefinementRefused(str(exc), SUPPORTED_PHRASINGS) from exc
    edited = plan.model_copy(deep=True)
    editor = _Editor(edited, instruction, today=today)
    operations = editor.apply()
    if not operations:
        raise RefinementRefused(
            f"I couldn't turn {instruction!r} into a change to this flow.", SUPPORTED_PHRASINGS
        )
    new_flow = recompile(flow, plan, edited, id_map)
    diff = diff_flows(flow, new_flow)
    if diff.is_empty():
        raise RefinementRefused(
            "That is already how the flow works — nothing to change. " + "; ".join(operations) + ".",
            SUPPORTED_PHRASINGS,
        )
    report = validate_flow(new_flow, brief)
    summary = _summary(operations, diff, report)
    return RefineResult(
        flow=new_flow, diff=diff, summary=summary, report=report, operations=operations, notices=editor.notes
    )


def recompile(
    original: dict[str, Any], old_plan: FlowPlan, new_plan: FlowPlan, id_map: dict[str, str]
) -> dict[str, Any]:
    """Compile `new_plan` so that only what the plan edit changed differs from `original`.

    Unchanged plan steps are copied from the original flow as they were. A changed step
    starts from its original dict too and takes from the compiler only the fields whose
    compiled value moved between the old and the new plan, so fields a plan cannot
    express (an image, a contact card, UI flags) survive an edit of the copy.
    """
    try:
        compiled, ids = compile_plan_with_ids(
            new_plan,
            description=str(original.get("description") or new_plan.description),
            metadata=dict(original.get("metadata") or {}),
            id_map=id_map,
        )
    except PlanError as exc:
        raise RefinementRefused(f"That change would break the flow: {exc}", SUPPORTED_PHRASINGS) from exc
    try:
        baseline, _ = compile_plan_with_ids(old_plan, id_map=id_map)
        baseline_steps = {s["id"]: s for s in baseline["steps"]}
    except PlanError:  # the original was already unsound; fall back to fresh steps
        baseline_steps = {}
    old_steps = {s.key: s for s in old_plan.steps}
    originals = {s["id"]: s for s in original.get("steps", []) if isinstance(s, dict) and "id" in s}
    key_of = {step_id: key for key, step_id in ids.items()}
    live_ids = {s["id"] for s in compiled["steps"]}
    end_id = ids.get(END)
    fixed: set[int] = set()  # events (by object identity) whose ids come from the original
    steps: list[dict[str, Any]] = []
    for step in compiled["steps"]:
        sid = step["id"]
        key = key_of.get(sid)
        before = old_steps.get(key) if key else None
        now = new_plan.step(key) if key else None
        source = originals.get(sid)
        if before is not None and now is not None and before == now and source is not None:
            kept = copy.deepcopy(source)
            for event in kept.get("events") or []:
                # Several END steps collapse into one; retarget branches that ended elsewhere.
                if event.get("nextStepID") not in live_ids and end_id:
                    event["nextStepID"] = end_id
                fixed.add(id(event))
            steps.append(kept)
        elif step.get("type") == "end" and source is not None and source.get("type") == "end":
            steps.append(copy.deepcopy(source))
        elif source is not None and sid in baseline_steps and source.get("type") == step.get("type"):
            merged = _merge_step(source, baseline_steps[sid], step)
            fixed.update(_reuse_event_ids(source, merged, end_id))
            steps.append(merged)
        else:
            steps.append(step)
    _renumber_colliding_events(steps, fixed)
    compiled["steps"] = _in_original_order(steps, list(originals))
    # Root fields the original did not have are not invented by an unrelated edit.
    if "metadata" not in original and not compiled.get("metadata"):
        compiled.pop("metadata", None)
    if "description" not in original and not compiled.get("description"):
        compiled.pop("description", None)
    if "name" not in original and old_plan.name == new_plan.name:
        compiled.pop("name", None)
    return compiled


def _in_original_order(steps: list[dict[str, Any]], original_order: list[str]) -> list[dict[str, Any]]:
    """Surviving steps stay where they were; a new step goes right after the first step
    that leads to it (or first, when nothing does, e.g. a new entry step)."""
    position = {sid: index for index, sid in enumerate(original_order)}
    ordered = sorted((s for s in steps if s["id"] in position), key=lambda s: position[s["id"]])
    pending = [s for s in steps if s["id"] not in position]
    while pending:
        placed = False
        for new_step in list(pending):
            parent = next(
                (
                    index
                    for index, s in enumerate(ordered)
                    if any(e.get("nextStepID") == new_step["id"] for e in s.get("events") or [])
                ),
                None,
            )
            if parent is not None:
                slot = parent + 1
                while slot < len(ordered) and ordered[slot]["id"] not in position:
                    slot += 1  # after siblings placed before it, keeping the compiler's order
                ordered.insert(slot, new_step)
                pending.remove(new_step)
                placed = True
        if not placed:
            ordered.insert(0, pending.pop(0))
    return ordered


def _merge_step(source: dict[str, Any], baseline: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(source)
    for field in (set(baseline) | set(fresh)) - {"id", "events"}:
        if baseline.get(field) == fresh.get(field):
            continue
        if field in fresh:
            merged[field] = copy.deepcopy(fresh[field])
        else:
            merged.pop(field, None)
    merged["events"] = copy.deepcopy(fresh.get("events") or [])
    if merged.get("conditions") and "segmentDefinition" in merged:
        merged.pop("segmentDefinition")  # read from the older revision, written as conditions
    return merged


def _event_meaning(event: dict[str, Any], end_ids: set[str], end_id: str | None) -> tuple[Any, ...]:
    target = end_id if event.get("nextStepID") in end_ids else event.get("nextStepID")
    after = event.get("after") if isinstance(event.get("after"), dict) else {}
    return (
        event.get("type"),
        target,
        event.get("intent"),
        event.get("label"),
        after.get("value"),
        after.get("unit"),
    )


def _reuse_event_ids(source: dict[str, Any], merged: dict[str, Any], end_id: str | None) -> set[int]:
    """Give the merged step's events the ids they had when their meaning is unchanged."""
    end_ids = {end_id} if end_id else set()
    available: dict[tuple[Any, ...], list[str]] = {}
    for event in source.get("events") or []:
        if isinstance(event, dict) and event.get("id") is not None:
            available.setdefault(_event_meaning(event, end_ids, end_id), []).append(str(event["id"]))
    reused: set[int] = set()
    for event in merged.get("events") or []:
        ids = available.get(_event_meaning(event, end_ids, end_id))
        if ids:
            event["id"] = ids.pop(0)
            reused.add(id(event))
    return reused


def _renumber_colliding_events(steps: list[dict[str, Any]], fixed: set[int]) -> None:
    """Events carried over keep their ids; freshly compiled events that collide get new ids."""
    seen = {str(e.get("id")) for s in steps for e in s.get("events") or [] if id(e) in fixed}
    counter = 0
    for step in steps:
        for event in step.get("events") or []:
            if id(event) in fixed:
                continue
            if str(event.get("id")) not in seen:
                seen.add(str(event.get("id")))
                continue
            while f"evt-r{counter:03d}" in seen:
                counter += 1
            event["id"] = f"evt-r{counter:03d}"
            seen.add(event["id"])


def _summary(operations: list[str], diff: FlowDiff, report: Report) -> str:
    status = "valid" if report.valid else f"{len(report.errors)} error(s) remain"
    return f"{'; '.join(operations)}. ({diff.counts()}; the flow is {status}.)"


# ------------------------------------------------------------------------------ LLM


def _refine_with_llm(
    flow: dict[str, Any],
    instruction: str,
    *,
    brief: CampaignBrief | None,
    settings: Settings,
    today: date | None = None,
) -> RefineResult:
    """`brief` is the refinement's requirement set (`refinement_requirements`), never the original."""
    from flowgen_core.planners.llm.client import LLMGenerator
    from flowgen_core.planners.llm.refine_prompts import refinement_prompts

    try:
        plan, id_map = decompile(flow)
    except DecompileError as exc:
        raise RefinementRefused(str(exc), SUPPORTED_PHRASINGS) from exc
    system, user = refinement_prompts(plan, instruction, brief, today=today, timezone=settings.brand_timezone)
    generated = LLMGenerator(settings).run_plan_loop(
        system=system,
        user=user,
        brief=brief,
        description=str(flow.get("description") or ""),
        id_map=id_map,
        step_types={step.type for step in plan.steps},
        repair_warnings=False,
    )
    if generated.plan is None:
        raise LLMError("the model returned no plan")
    new_flow = recompile(flow, plan, generated.plan, id_map)
    diff = diff_flows(flow, new_flow)
    if diff.is_empty():
        raise RefinementRefused(
            f"The model found nothing to change for {instruction!r}.", SUPPORTED_PHRASINGS
        )
    report = validate_flow(new_flow, brief)
    for finding in generated.report.warnings:
        if finding.code == "brief_interpretation_mismatch":
            report.add(finding)
    if isinstance(generated.flow.get("metadata"), dict) and "llm" in generated.flow["metadata"]:
        new_flow.setdefault("metadata", {})["llm"] = generated.flow["metadata"]["llm"]
    return RefineResult(
        flow=new_flow,
        diff=diff,
        summary=_summary([f"Applied: {instruction}"], diff, report),
        report=report,
        operations=[instruction],
        generator="llm",
        model=generated.model,
        tokens_used=generated.tokens_used,
        notices=list(generated.notices),
    )


# ------------------------------------------------------------------------------ offline editor


class _Editor:
    """Turns one instruction into edits on a plan. Each `_op_*` returns a description or None."""

    def __init__(self, plan: FlowPlan, instruction: str, *, today: date | None = None) -> None:
        self.plan = plan
        # New copy after a colon or in quotes is data, not more instructions: "20% off" in
        # a rewritten message must not also change the discount.
        self.text, self.payload = split_payload(instruction)
        self.lower = self.text.lower()
        self.facts: CampaignBrief = extract_brief(self.text, today=today)
        if not (self.facts.waits or self.facts.no_reply_after):
            # "change the delay to 3 hours", "change the no-reply timeout to 1 day": phrasings
            # of an edit that the brief extractor (made for whole briefs) does not read.
            if _TIMEOUT_WORDS.search(self.text):
                self.facts.no_reply_after = _durations(self.text)
            elif _WAIT_WORDS.search(self.text):
                self.facts.waits = _durations(self.text)
        self.notes: list[str] = []

    def apply(self) -> list[str]:
        ops: list[Callable[[], str | None]] = [
            self._op_rename,
            self._op_rewrite_copy,
            self._op_remove_discount,
            self._op_discount,
            self._op_remove_reminder,
            self._op_add_reminder,
            self._op_noreply_timeout,
            self._op_delay,
            self._op_frequency_cap,
            self._op_entry_limit,
            self._op_remove_segment,
            self._op_audience,
            self._op_remove_experiment,
            self._op_experiment,
            self._op_reply_branch,
            self._op_reply_keyword,
            self._op_send_window,
            self._op_shorten,
        ]
        done: list[str] = []
        for op in ops:
            result = op()
            if result:
                done.append(result)
            if done and op == self._op_rename:
                break  # the rest of such an instruction is the new name, not more edits
        return done

    # ---- plan helpers
    def order(self) -> list[PlanStep]:
        by_key = {s.key: s for s in self.plan.steps}
        seen, queue, out = {self.plan.start}, deque([self.plan.start]), []
        while queue:
            step = by_key.get(queue.popleft())
            if step is None:
                continue
            out.append(step)
            for t in step.next:
                if t.to not in seen:
                    seen.add(t.to)
                    queue.append(t.to)
        return out

    def sends(self) -> list[PlanStep]:
        return [s for s in self.order() if s.type in SEND_TYPES]

    def new_key(self, base: str) -> str:
        # The compiler appends a counter to the key's slug, so keys stay short words.
        taken = {s.key for s in self.plan.steps}
        key, n = base, 1
        while key in taken:
            n += 1
            key = f"{base}-{n}"
        return key

    def insert_before_start(self, step: PlanStep) -> None:
        step.next = step.next or [PlanTransition(on="default", to=self.plan.start)]
        self.plan.steps.insert(0, step)
        self.plan.start = step.key

    def insert_before(self, target: PlanStep, step: PlanStep, link: list[PlanTransition]) -> None:
        for s in self.plan.steps:
            for t in s.next:
                if t.to == target.key:
                    t.to = step.key
        if self.plan.start == target.key:
            self.plan.start = step.key
        step.next = link
        self.plan.steps.append(step)

    def pick_send(self) -> PlanStep | None:
        sends = self.sends()
        if not sends:
            return None
        m = re.search(
            r"\b(first|second|third|fourth|fifth|last)\b|\bmessage\s+(\d+)\b|\b(\d+)(?:st|nd|rd|th)\b",
            self.lower,
        )
        if m:
            index = _ORDINALS.get(m.group(1) or "", 0) or int(m.group(2) or m.group(3) or 1)
            if index == -1:
                return sends[-1]
            return sends[index - 1] if 0 < index <= len(sends) else None
        if "reminder" in self.lower or "follow" in self.lower:
            reminders = [s for s in self.order() for t in s.next if t.on == "noreply"]
            for s in reminders:
                target = next((t.to for t in s.next if t.on == "noreply"), None)
                step = self.plan.step(target) if target else None
                if step is not None and step.type in SEND_TYPES:
                    return step
        return sends[0]

    # ---- operations
    def _op_rename(self) -> str | None:
        lead = r"\b(?:rename|call|name)\s+(?:the\s+flow|this\s+flow|the\s+campaign|it)\s*(?:to|as)?\s*"
        if self.payload is not None and re.search(lead + "$", self.text, re.I):
            name = self.payload.strip()[:120]
        else:
            m = re.search(lead + r"[\"'“]?(.+?)[\"'”]?\s*$", self.text, re.I)
            if not m:
                return None
            name = m.group(1).strip()[:120]
        if not name:
            return None
        old, self.plan.name = self.plan.name, name
        return f"Renamed the flow from {old!r} to {name!r}"

    def _op_rewrite_copy(self) -> str | None:
        # The new copy must come after a colon or in quotes (see split_payload): without
        # that, "change the first message to 20% off" is a discount edit, not new copy.
        if self.payload is None or not re.search(
            r"\b(?:change|set|make|rewrite|replace|update|write)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
            r"(?:message|text|sms|copy)(?:\s+\d+)?(?:\s+(?:of|for)\s+(?:the\s+)?[\w-]+)?"
            r"\s*(?:to|with|as|to\s+say|to\s+read)?\s*$",
            self.text,
            re.I,
        ):
            return None
        new_text = self.payload.strip()
        if len(new_text) < 3:
            raise RefinementRefused("The new copy is too short to send.", SUPPORTED_PHRASINGS)
        step = self.pick_send()
        if step is None:
            raise RefinementRefused(
                "This flow sends no message whose copy could be changed.", SUPPORTED_PHRASINGS
            )
        step.text = new_text
        return f"Rewrote the copy of {step.label or step.key}"

    def _offer_steps(self) -> list[PlanStep]:
        offers = [s for s in self.sends() if s.discount is not None and s.discount.kind != "none"]
        if offers:
            return offers
        first = next((s for s in self.sends() if s.type in ("message", "purchase_offer")), None)
        return [first] if first else []

    def _checkout_steps(self, offers: list[PlanStep]) -> list[PlanStep]:
        """The offer/purchase steps the `offers` lead to, so that checkout charges what the copy
        promises. A message with a discount of its own starts its own offer and ends the search."""
        keys = {s.key for s in offers}
        seen, queue, out = set(keys), deque(keys), []
        while queue:
            step = self.plan.step(queue.popleft())
            if step is None:
                continue
            for t in step.next:
                target = self.plan.step(t.to)
                if target is None or target.key in seen:
                    continue
                seen.add(target.key)
                if target.type in _CHECKOUT_TYPES:
                    out.append(target)
                elif (
                    target.type == "message"
                    and target.discount is not None
                    and target.discount.kind != "none"
                ):
                    continue
                queue.append(target.key)
        return out

    def _op_remove_discount(self) -> str | None:
        if not re.search(
            r"\b(remove|drop|delete|no|without)\s+(the\s+|any\s+)?(discount|offer code|code|coupon)",
            self.lower,
        ):
            return None
        touched = [s for s in self.sends() if s.discount is not None and s.discount.kind != "none"]
        if not touched:
            raise RefinementRefused("This flow has no discount to remove.", SUPPORTED_PHRASINGS)
        for step in touched + [s for s in self._checkout_steps(touched) if s not in touched]:
            if step.text is not None and step.type != "purchase":
                step.text = _strip_discount_text(step.text, step.discount)
            step.discount = None
        return f"Removed the discount from {len(touched)} step(s)"

    def _op_discount(self) -> str | None:
        discounts = [d for d in self.facts.discounts if d.kind in ("percentage", "amount", "code")]
        if not discounts or re.search(r"\b(remove|drop|delete)\b", self.lower):
            return None
        value = next((d for d in discounts if d.kind in ("percentage", "amount")), None)
        code = next((d.code for d in discounts if d.kind == "code" and d.code), None)
        targets = self._offer_steps()
        if not targets:
            raise RefinementRefused(
                "This flow has no message that could carry a discount.", SUPPORTED_PHRASINGS
            )
        charged: list[PlanStep] = []
        # A product_choice label carries no code, yet its copy may quote the offer's code.
        old_code = next((s.discount.code for s in targets if s.discount and s.discount.code), None)
        for step in targets:
            old = step.discount
            if old is not None and not old.code and old_code:
                old = old.model_copy(update={"code": old_code})
            kind = value.kind if value else (old.kind if old and old.kind != "none" else "code")
            new = PlanDiscount(
                kind=kind,  # type: ignore[arg-type]
                value=value.value if value else (old.value if old else None),
                code=code or (old.code if old else None),
            )
            step.discount = new
            step.text = _retext_discount(step.text or "", old, new)
            # Checkout must charge what the message promises (validator: discount_inconsistent).
            # The first (earliest) send reaching a checkout sets it: a product_choice label
            # carries no code, so a later one must not drop the code from the purchase.
            for checkout in self._checkout_steps([step]):
                if any(checkout is s for s in targets + charged):
                    continue
                charged.append(checkout)
                before, checkout.discount = checkout.discount, new.model_copy()
                if checkout.type != "purchase" and checkout.text is not None:
                    checkout.text = _retext_discount(checkout.text, before, new)
        label = _discount_words(value, code)
        return f"Set the discount to {label} on {', '.join(s.label or s.key for s in targets)}"

    def _reminder_links(self) -> list[tuple[PlanStep, PlanTransition]]:
        return [(s, t) for s in self.order() for t in s.next if t.on == "noreply"]

    def _op_remove_reminder(self) -> str | None:
        if not re.search(
            r"\b(remove|drop|delete|no|without|skip)\s+(the\s+|any\s+)?(reminders?|follow[- ]?ups?)",
            self.lower,
        ):
            return None
        links = self._reminder_links()
        removed = []
        for step, t in links:
            target = self.plan.step(t.to)
            if target is not None and target.type in SEND_TYPES:
                step.next.remove(t)
                removed.append(target.label or target.key)
                if not step.next:
                    step.next.append(PlanTransition(on="default", to=END))
        if not removed:
            raise RefinementRefused("This flow has no reminder to remove.", SUPPORTED_PHRASINGS)
        self._prune()
        return f"Removed the reminder ({', '.join(removed)})"

    def _op_add_reminder(self) -> str | None:
        explicit = re.search(r"\badd\b.*\b(reminder|follow[- ]?up)", self.lower)
        implied = re.search(r"\bsend (a|one|another) (reminder|follow[- ]?up)", self.lower)
        if not (explicit or (implied and not self._reminder_links())):
            return None
        after = (
            self.facts.no_reply_after[0]
            if self.facts.no_reply_after
            else (self.facts.waits[0] if self.facts.waits else None)
        )
        wait = PlanWait(value=after.value, unit=after.unit) if after else PlanWait(value=1, unit="days")
        reminders = {t.to for _, t in self._reminder_links()}
        for step in self.sends():
            if step.key in reminders:
                continue  # a reminder of a reminder is nagging, not a reminder
            if any(t.on == "reply" for t in step.next) and not any(t.on == "noreply" for t in step.next):
                key = self.new_key("reminder")
                replies = [t.model_copy() for t in step.next if t.on == "reply"]
                reminder = PlanStep(
                    key=key,
                    type="message",
                    label="Reminder",
                    text=_reminder_copy(step),
                    discount=step.discount.model_copy() if step.discount else None,
                    next=replies or [PlanTransition(on="default", to=END)],
                )
                if replies:
                    reminder.next.append(PlanTransition(on="noreply", to=END, after=wait))
                self.plan.steps.append(reminder)
                step.next.append(PlanTransition(on="noreply", to=key, after=wait))
                return f"Added a reminder {_amount(wait.value, wait.unit)} after {step.label or step.key} when there is no reply"
        raise RefinementRefused(
            "Every message that waits for a reply already has a reminder (or none waits for a reply).",
            SUPPORTED_PHRASINGS,
        )

    def _op_noreply_timeout(self) -> str | None:
        after = self.facts.no_reply_after[0] if self.facts.no_reply_after else None
        # "wait 2 days instead" in a flow without delays means the reply timeout.
        if (
            after is None
            and self.facts.waits
            and self._reminder_links()
            and not any(s.type == "delay" for s in self.order())
            and not re.search(r"\badd\b", self.lower)
        ):
            after = self.facts.waits[-1]
        if after is None or re.search(r"\badd\b", self.lower):
            return None
        links = self._reminder_links()
        if not links:
            if "reminder" in self.lower or "follow" in self.lower:
                self.lower = "add a reminder " + self.lower
                return self._op_add_reminder()
            raise RefinementRefused(
                "This flow has no no-reply branch whose timeout could change.", SUPPORTED_PHRASINGS
            )
        for _, t in links:
            t.after = PlanWait(value=after.value, unit=after.unit)
        for step in self.order():
            if step.type == "no_reply":
                step.wait = PlanWait(value=after.value, unit=after.unit)
        self.facts.waits = []  # consumed: the same words must not also add a delay
        return f"Set the no-reply timeout to {_amount(after.value, after.unit)}"

    def _op_delay(self) -> str | None:
        if not self.facts.waits or self.facts.no_reply_after or re.search(r"\b(reminder|follow)", self.lower):
            return None
        wait = self.facts.waits[-1] if "instead of" in self.lower else self.facts.waits[0]
        delays = [s for s in self.order() if s.type == "delay"]
        if "instead of" in self.lower and len(self.facts.waits) > 1:
            old = self.facts.waits[0]
            match = [s for s in delays if s.wait and s.wait.value * _SECONDS[s.wait.unit] == old.seconds]
            delays = match or delays
        if delays and not re.search(r"\badd\b", self.lower):
            step = delays[0]
            step.wait = PlanWait(value=wait.value, unit=wait.unit)
            return f"Changed the wait to {_amount(wait.value, wait.unit)}"
        target = self.pick_send()
        if target is None:
            return None
        key = self.new_key("wait")
        self.insert_before(
            target,
            PlanStep(
                key=key,
                type="delay",
                label=f"Wait {wait.value} {wait.unit}",
                wait=PlanWait(value=wait.value, unit=wait.unit),
            ),
            [PlanTransition(on="default", to=target.key)],
        )
        return f"Added a {_amount(wait.value, wait.unit)} wait before {target.label or target.key}"

    def _limit_op(self, caps: list[Any], kind: str, words: str) -> str | None:
        if not caps:
            parsed = parse_limit(self.text)
            if parsed is None or parsed[0] != kind:
                return None
            caps = [parsed[1]]
        cap = caps[0]
        limit = PlanLimit(occurrences=cap.occurrences, timespan=cap.timespan, period=cap.period)
        existing = [s for s in self.order() if s.type == kind]
        if existing:
            existing[0].limit = limit
        else:
            self.insert_before_start(
                PlanStep(
                    key=self.new_key("frequency-cap" if kind == "rate_limit" else "entry-limit"),
                    type=kind,
                    label=words.capitalize(),
                    limit=limit,
                )
            )
        span = cap.period.lower()[:-1] if cap.timespan == 1 else f"{cap.timespan} {cap.period.lower()}"
        return f"Set the {words} to {cap.occurrences} per {span}"

    def _op_frequency_cap(self) -> str | None:
        return self._limit_op(self.facts.frequency_caps, "rate_limit", "frequency cap")

    def _op_entry_limit(self) -> str | None:
        return self._limit_op(self.facts.entry_limits, "limit", "entry limit")

    def _op_remove_segment(self) -> str | None:
        if not re.search(
            r"\b(remove|drop|delete|no)\s+(the\s+)?(segment|audience|targeting|conditions?)\b|\beveryone\b|\ball customers\b",
            self.lower,
        ):
            return None
        segments = [s for s in self.order() if s.type == "segment"]
        if not segments:
            raise RefinementRefused("This flow has no segment to remove.", SUPPORTED_PHRASINGS)
        for seg in segments:
            include = next((t.to for t in seg.next if (t.action or t.label or "").lower() == "include"), None)
            include = include or (seg.next[0].to if seg.next else END)
            self._bypass(seg, include)
        self._prune()
        return "Removed the audience segment: everyone enters the flow"

    def _bypass(self, step: PlanStep, successor: str) -> None:
        for s in self.plan.steps:
            for t in s.next:
                if t.to == step.key:
                    t.to = successor
        if self.plan.start == step.key:
            self.plan.start = successor
        self.plan.steps.remove(step)

    def _op_audience(self) -> str | None:
        if not self.facts.audience or re.search(r"\b(remove|drop|delete)\b", self.lower):
            return None
        # A brief's audience condition carries the plan's fields under the same names.
        conditions = [PlanCondition.model_validate(c, from_attributes=True) for c in self.facts.audience]
        segments = [s for s in self.order() if s.type == "segment"]
        if segments:
            seg = segments[0]
            kept = [c for c in seg.conditions or [] if not any(_same_subject(c, n) for n in conditions)]
            seg.conditions = kept + conditions
        else:
            seg = PlanStep(
                key=self.new_key("audience"),
                type="segment",
                label="Audience",
                conditions=conditions,
                next=[
                    PlanTransition(on="split", to=self.plan.start, label="include", action="include"),
                    PlanTransition(on="split", to=END, label="exclude", action="exclude"),
                ],
            )
            self.plan.steps.insert(0, seg)
            self.plan.start = seg.key
        return "Audience now: " + " and ".join(_describe(c) for c in conditions)

    def _op_remove_experiment(self) -> str | None:
        if not re.search(r"\b(remove|drop|delete|stop|end)\s+(the\s+)?(a/?b|split|experiment)", self.lower):
            return None
        experiments = [s for s in self.order() if s.type == "experiment"]
        if not experiments:
            raise RefinementRefused("This flow has no A/B test to remove.", SUPPORTED_PHRASINGS)
        for exp in experiments:
            self._bypass(exp, exp.next[0].to if exp.next else END)
        self._prune()
        return "Removed the A/B test: everyone gets the Group A message"

    def _op_experiment(self) -> str | None:
        if not re.search(r"\ba/?b\b|\bsplit test|\bexperiment\b|\bab test", self.lower) or re.search(
            r"\b(remove|drop|delete|stop|end)\b", self.lower
        ):
            return None
        target = self.pick_send()
        if target is None or target.type not in SEND_TYPES:
            raise RefinementRefused("This flow has no message to A/B test.", SUPPORTED_PHRASINGS)
        spec = self.facts.experiment
        groups = max(2, spec.groups if spec else 2)
        variants = [target]
        if any(s.type == "experiment" and any(t.to == target.key for t in s.next) for s in self.plan.steps):
            raise RefinementRefused(
                f"{target.label or target.key} is already in an A/B test.", SUPPORTED_PHRASINGS
            )
        variant_copy = [part.strip() for part in (self.payload or "").split("|") if part.strip()]
        groups = max(groups, 1 + len(variant_copy))
        for index in range(1, groups):
            copy_step = target.model_copy(deep=True)
            copy_step.key = self.new_key(f"{_base_key(target.key)}-variant")
            copy_step.label = f"{target.label or 'Message'} (variant {chr(65 + index)})"
            if index <= len(variant_copy):
                copy_step.text = variant_copy[index - 1]
            self.plan.steps.append(copy_step)
            variants.append(copy_step)
        exp = PlanStep(
            key=self.new_key("ab-test"),
            type="experiment",
            label="A/B test",
            experiment_name=f"{target.label or 'Message'} test",
            split_percentages=spec.split if spec and len(spec.split) == groups else None,
        )
        links = [
            PlanTransition(
                on="split", to=v.key, label=f"Group {chr(65 + i)}", action="control" if i == 0 else "variant"
            )
            for i, v in enumerate(variants)
        ]
        self.insert_before(target, exp, links)
        # insert_before retargeted the new links too; point them back at the variants.
        for link, variant in zip(exp.next, variants, strict=True):
            link.to = variant.key
        if not variant_copy:
            self.notes.append(
                "The variant starts as a copy of the original: say 'add an A/B test on the first "
                "message with variant: <copy>' or rewrite the variant to make the test meaningful."
            )
        return f"Added an A/B test ({groups} groups) on {target.label or target.key}"

    def _op_reply_branch(self) -> str | None:
        """ "add reply INFO leading to product list": a new reply branch, or a new target for one."""
        m = _REPLY_BRANCH.search(self.text)
        if not m:
            return None
        keyword = m.group("kw").lower()
        if keyword in _NOT_KEYWORDS:
            return None
        if keyword == "stop":
            raise RefinementRefused(
                "STOP is the opt-out keyword the platform handles; it cannot lead anywhere else.",
                SUPPORTED_PHRASINGS,
            )
        source = self._reply_source()
        existing = [(s, t) for s in self.order() for t in s.next if t.on == "reply" and t.intent == keyword]
        if existing:
            source = existing[0][0]
        if source is None:
            raise RefinementRefused(
                "This flow sends no message a customer could reply to.", SUPPORTED_PHRASINGS
            )
        if any(t.on == "default" for t in source.next):
            raise RefinementRefused(
                f"{source.label or source.key} moves on by itself without waiting for a reply, so a "
                "reply keyword cannot be added there. Name another message ('… on the second message').",
                SUPPORTED_PHRASINGS,
            )
        target_key, target_words, hint = self._branch_target(m.group("target") or "")
        if existing:
            old_target = existing[0][1].to
            if old_target == target_key:
                raise RefinementRefused(
                    f"Reply {keyword.upper()} already leads to {target_words}.", SUPPORTED_PHRASINGS
                )
            # Sends with different discounts have their own purchase steps: "reply YES leads
            # to …" moves every YES that led to the same kind of step.
            old_type = self._type_of(old_target)
            for _, t in existing:
                if t.to == old_target or (old_type == "purchase" and self._type_of(t.to) == old_type):
                    t.to = target_key
            self._prune()
            return f"Reply {keyword.upper()} now leads to {target_words}"
        source.next.append(PlanTransition(on="reply", to=target_key, intent=keyword))
        if source.text and not re.search(rf"\b(reply|text)\s+{re.escape(keyword)}\b", source.text, re.I):
            source.text = _insert_cta(source.text, f"Reply {keyword.upper()} {hint}.")
        return f"Added reply {keyword.upper()} on {source.label or source.key}, leading to {target_words}"

    def _type_of(self, key: str) -> str | None:
        step = self.plan.step(key)
        return step.type if step is not None else None

    def _reply_source(self) -> PlanStep | None:
        if re.search(r"\b(first|second|third|fourth|fifth|last|reminder)\b|\bmessage\s+\d+\b", self.lower):
            return self.pick_send()
        sends = self.sends()
        waiting = [s for s in sends if any(t.on in ("reply", "noreply") for t in s.next)]
        return (waiting or sends or [None])[0]

    def _branch_target(self, words: str) -> tuple[str, str, str]:
        """(plan key, description, call-to-action hint) of where a reply branch should lead."""
        low = words.lower()
        if self.payload is not None or re.search(r"\b(message|text|sms)\b", low):
            if self.payload is None or len(self.payload.strip()) < 3:
                raise RefinementRefused(
                    "Give the message's copy after a colon: 'add reply INFO leading to a message saying: <copy>'.",
                    SUPPORTED_PHRASINGS,
                )
            key = self.new_key("reply-message")
            self.plan.steps.append(
                PlanStep(
                    key=key,
                    type="message",
                    label="Reply message",
                    text=self.payload.strip(),
                    next=[PlanTransition(on="default", to=END)],
                )
            )
            return key, "a new message", "for more"
        if re.search(r"product|best.?sellers?|catalog|collection|list|pick|choose", low):
            key = self.new_key("product-list")
            self.plan.steps.append(
                PlanStep(
                    key=key,
                    type="product_choice",
                    label="Product list",
                    text="Here are our best sellers: {{Product List}} Reply BUY to order.",
                    product_selection="popularity",
                    message_type="standard",
                    next=[PlanTransition(on="reply", to=self._purchase_key(), intent="buy")],
                )
            )
            return key, "a product list", "to see our best sellers"
        if re.search(r"checkout|check out|purchase|buy|order|cart", low):
            return self._purchase_key(), "checkout", "to buy"
        if re.search(r"\b(end|stop|nothing|exit|finish)\b", low):
            return END, "the end of the flow", "to skip"
        named = [s for s in self.order() if s.label and s.label.lower() in low]
        if named:
            return named[0].key, named[0].label or named[0].key, "for more"
        raise RefinementRefused(
            f"I can't tell where {words.strip()!r} is: say 'leading to product list', 'leading to checkout', "
            "'leading to the end' or 'leading to a message saying: <copy>'.",
            SUPPORTED_PHRASINGS,
        )

    def _purchase_key(self) -> str:
        existing = next((s for s in self.order() if s.type == "purchase"), None)
        if existing is not None:
            return existing.key
        key = self.new_key("purchase")
        self.plan.steps.append(
            PlanStep(
                key=key,
                type="purchase",
                label="Purchase",
                cart_source="latest",
                next=[PlanTransition(on="default", to=END)],
            )
        )
        return key

    def _op_reply_keyword(self) -> str | None:
        m = re.search(
            r"\b(?:change|replace|rename|use|switch)\s+(?:the\s+)?(?:reply\s+)?(?:keyword\s+|intent\s+)?"
            r"([A-Za-z0-9]+)\s+(?:to|with|into)\s+([A-Za-z0-9]+)\b",
            self.text,
        )
        intents = {t.intent for s in self.plan.steps for t in s.next if t.on == "reply" and t.intent}
        if m and m.group(1).lower() in intents:
            old, new = m.group(1).lower(), m.group(2).lower()
        else:
            m2 = re.search(r"\breply keyword (?:to )?([A-Za-z0-9]+)\b", self.text, re.I)
            candidates = sorted(i for i in intents if i not in ("stop",))
            if not m2 or len(candidates) != 1:
                return None
            old, new = candidates[0], m2.group(1).lower()
        clash = next(
            (s for s in self.plan.steps if {old, new} <= {t.intent for t in s.next if t.on == "reply"}),
            None,
        )
        if clash is not None:
            raise RefinementRefused(
                f"{clash.label or clash.key} already uses the reply keyword {new.upper()}.",
                SUPPORTED_PHRASINGS,
            )
        for s in self.plan.steps:
            for t in s.next:
                if t.on == "reply" and t.intent == old:
                    t.intent = new
            if s.text:
                s.text = (
                    re.sub(rf"\b{re.escape(old)}\b", new.upper(), s.text, flags=re.I)
                    if re.search(rf"\b(reply|text)\s+{re.escape(old)}\b", s.text, re.I)
                    else s.text
                )
            if s.type == "reply" and s.intent == old:
                s.intent = new
        return f"Changed the reply keyword {old.upper()} to {new.upper()}"

    def _op_send_window(self) -> str | None:
        windows = [w for w in self.facts.send_windows if w.start]
        if not windows:
            return None
        w = windows[0]
        start = _parse_iso(w.start)
        if start is None:
            return None
        end = _parse_iso(w.end) if w.end else None
        if end is None:
            end = start.replace(hour=21, minute=0) if start.hour < 21 else start + timedelta(hours=2)
        label = f"{_fmt(start)} - {_fmt(end)}"
        window = PlanWindow(
            label=label, start=start.isoformat(timespec="seconds"), end=end.isoformat(timespec="seconds")
        )
        existing = [s for s in self.order() if s.type == "schedule"]
        if existing:
            sched = existing[0]
            old_label = next((t.label for t in sched.next if t.label != "All other time"), None)
            sched.windows = [window]
            sched.timezone = w.timezone or sched.timezone
            for t in sched.next:
                if t.label == old_label:
                    t.label = label
        else:
            sched = PlanStep(
                key=self.new_key("send-window"),
                type="schedule",
                label="Send window",
                timezone=w.timezone or "UTC",
                windows=[window],
                next=[
                    PlanTransition(on="split", to=self.plan.start, label=label, action="schedule"),
                    PlanTransition(on="split", to=END, label="All other time", action="schedule"),
                ],
            )
            self.plan.steps.insert(0, sched)
            self.plan.start = sched.key
        return f"Send window set to {label} ({w.timezone or 'UTC'})"

    def _op_shorten(self) -> str | None:
        if not re.search(
            r"\b(shorter|shorten|concise|trim|tighten|one (sms )?segment|single segment|fit in one)",
            self.lower,
        ):
            return None
        changed = []
        for step in self.sends():
            if step.text and segment_info(step.text).segments > 1:
                step.text = shorten_copy(step.text)
                changed.append(step.label or step.key)
        if not changed:
            raise RefinementRefused("Every message already fits in one SMS segment.", SUPPORTED_PHRASINGS)
        return f"Shortened the copy of {', '.join(changed)} to one SMS segment"

    def _prune(self) -> None:
        reachable = {s.key for s in self.order()}
        self.plan.steps = [s for s in self.plan.steps if s.key in reachable]


_PAYLOAD_COLON = re.compile(r"(?<!\d):(?!\d)\s*(?P<payload>.+)$", re.S)
_PAYLOAD_QUOTED = re.compile(
    r"(?:\bto|\bwith|\bas|\bsaying|\bsay|\bread)\s+[\"“](?P<payload>[^\"“”]*\s[^\"“”]*)[\"”]\s*[.!]?\s*$",
    re.I | re.S,
)


def split_payload(instruction: str) -> tuple[str, str | None]:
    """Split "change the first message to: <copy>" into the command and the copy.

    The copy is whatever follows a colon (not one inside a time such as 9:30) or a quoted
    text of several words at the end. Without either there is no payload: free text is
    only ever taken from an explicit colon or quotes, so other edits are never misread.
    """
    text = instruction.strip()
    match = _PAYLOAD_COLON.search(text) or _PAYLOAD_QUOTED.search(text)
    if not match:
        return text, None
    payload = match.group("payload").strip().strip('"“”').strip()
    command = text[: match.start("payload")].rstrip().rstrip(':"“').rstrip()
    return command, payload or None


_LIMIT_RE = re.compile(
    r"\b(?P<n>\d{1,4}|once|twice|one|two|three|four|five)\s*(?:times?|messages?|texts?|sms|entr(?:y|ies))?\s*"
    r"(?:a|an|per|every|each|in)\s+(?P<span>\d{1,4}\s*)?(?P<u>minute|hour|day|week|month|year)s?\b",
    re.I,
)
_LIMIT_WORDS = re.compile(r"\b(limit|cap|throttle|at most|max(?:imum)?|only|no more than|up to)\b", re.I)
_ENTRY_WORDS = re.compile(r"\b(enter\w*|entr(?:y|ies)|re-?enter|per (?:customer|person|subscriber))\b", re.I)
_COUNT_WORDS = {"once": 1, "one": 1, "twice": 2, "two": 2, "three": 3, "four": 4, "five": 5}


def parse_limit(text: str) -> tuple[str, FrequencyCap] | None:
    """("rate_limit" | "limit", cap) for phrasings the brief extractor does not cover,
    e.g. "add a rate limit of 3 per week" or "only let customers enter once per month"."""
    match = _LIMIT_RE.search(text)
    if not match or not _LIMIT_WORDS.search(text):
        return None
    raw = match.group("n").lower()
    occurrences = _COUNT_WORDS.get(raw) or int(raw)
    span = int(match.group("span")) if match.group("span") else 1
    unit = match.group("u").lower()
    factor = {"week": 7, "month": 30, "year": 365}.get(unit, 1)
    period = {"minute": "Minutes", "hour": "Hours"}.get(unit, "Days")
    if occurrences <= 0 or span <= 0:
        return None
    cap = FrequencyCap(occurrences=occurrences, timespan=span * factor, period=period)  # type: ignore[arg-type]
    return ("limit" if _ENTRY_WORDS.search(text) else "rate_limit"), cap


_REPLY_BRANCH = re.compile(
    r"\b(?:reply|replies|keyword)\s+(?:keyword\s+|with\s+)?[\"'“]?(?P<kw>[A-Za-z0-9]+)[\"'”]?"
    r"(?:\s+(?:on|in|for|after|to)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:message|text|sms|reminder|offer)(?:\s+\d+)?)?"
    r"\s*,?\s*"
    r"(?:that\s+|which\s+|should\s+|to\s+|then\s+|and\s+)?"
    r"(?:leads?|leading|goes|go|going|points?|pointing|takes?|taking|sends?|sending|opens?|shows?|showing|->|→)"
    r"\s+(?:them\s+|customers\s+|people\s+|the\s+customer\s+)?(?:to\s+|at\s+)?(?P<target>.*)$",
    re.I | re.S,
)
_NOT_KEYWORDS = {"keyword", "that", "which", "to", "the", "a", "an", "it", "they", "and"}


_WAIT_WORDS = re.compile(r"\b(delay|wait|pause)\b", re.I)
_TIMEOUT_WORDS = re.compile(r"\b(time-?out|no[- ]reply|reply window)\b", re.I)
_DURATION_RE = re.compile(r"\b(?P<n>\d{1,4}|one|two|three)\s*(?P<u>minute|min|hour|hr|day|week)s?\b", re.I)


def _durations(text: str) -> list[Duration]:
    out = []
    for m in _DURATION_RE.finditer(text):
        raw, unit = m.group("n").lower(), m.group("u").lower()
        value = _COUNT_WORDS.get(raw) or int(raw)
        canon = {"min": "minutes", "minute": "minutes", "hr": "hours", "hour": "hours"}.get(unit, "days")
        if unit == "week":
            value *= 7
        if value > 0:
            out.append(Duration(value=value, unit=canon))  # type: ignore[arg-type]
    return out


def _insert_cta(text: str, sentence: str) -> str:
    """Put a new call to action before the opt-out sentence (which stays last)."""
    parts = re.split(r"(?<=[.!?])\s+", text.strip())
    for index, part in enumerate(parts):
        if re.search(r"\bSTOP\b", part):
            return " ".join([*parts[:index], sentence, *parts[index:]])
    return f"{text.strip()} {sentence}"


def _base_key(key: str) -> str:
    return re.sub(r"-\d{3}$", "", key)


def _amount(value: int, unit: str) -> str:
    return f"{value} {unit[:-1] if value == 1 else unit}"


_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def _same_subject(a: PlanCondition, b: PlanCondition) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "property":
        return (a.property_name or "").lower() == (b.property_name or "").lower()
    return a.action == b.action


def _describe(c: PlanCondition) -> str:
    if c.kind == "property":
        return (
            f"{c.property_name} {c.property_operator or 'with a value of'} {c.property_value or ''}".strip()
        )
    when = f" in the last {c.days} days" if c.days else ""
    return f"{'has' if c.operator == 'has' else 'has not'} {(c.action or '').replace('_', ' ')}{when}"


_CHECKOUT_TYPES = frozenset({"purchase", "purchase_offer", "product_choice"})


def _discount_words(value: Discount | None, code: str | None) -> str:
    parts = []
    if value is not None:
        parts.append(f"{value.value}%" if value.kind == "percentage" else f"${value.value}")
    if code:
        parts.append(f"code {code}")
    return " with ".join(parts) or "the new offer"


def _phrase(discount: PlanDiscount | None) -> str | None:
    if discount is None:
        return None
    if discount.kind == "percentage" and discount.value:
        return f"{discount.value}% off"
    if discount.kind == "amount" and discount.value:
        return f"${discount.value} off"
    return None


def _retext_discount(text: str, old: PlanDiscount | None, new: PlanDiscount) -> str:
    """Keep the copy in step with the node's discount fields (the validator checks both agree)."""
    phrase = _phrase(new)
    out = text
    if phrase:
        replaced = re.sub(r"\d+\s*%\s*off|\$\s*\d+(?:\.\d\d)?\s*off", phrase, out, flags=re.I)
        if replaced == out and not re.search(r"\d+\s*%|\$\s*\d+", out):
            replaced = _insert_sentence(out, f"Enjoy {phrase}.")
        elif replaced == out:
            replaced = re.sub(r"\d+\s*%|\$\s*\d+(?:\.\d\d)?", phrase.replace(" off", ""), out, count=1)
        out = replaced
    if new.code:
        if old is not None and old.code and old.code != new.code:
            out = re.sub(rf"\b{re.escape(old.code)}\b", new.code, out)
        if new.code not in out:
            out = _insert_sentence(out, f"Use code {new.code}.")
    return out


def _strip_discount_text(text: str, discount: PlanDiscount | None) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", text)
    keep = []
    for sentence in sentences:
        mentions = re.search(r"\d+\s*%|\$\s*\d+|\bcode\b", sentence, re.I) or (
            discount is not None and discount.code and discount.code in sentence
        )
        if mentions and not re.search(r"\b(reply|text)\s+[A-Z0-9]+\b", sentence):
            continue
        keep.append(sentence)
    return " ".join(keep).strip() or text


def _insert_sentence(text: str, sentence: str) -> str:
    parts = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)
    if len(parts) == 2:
        return f"{parts[0]} {sentence} {parts[1]}"
    return f"{text.strip()} {sentence}".strip()


def _reminder_copy(step: PlanStep) -> str:
    cta = ""
    for sentence in re.split(r"(?<=[.!?])\s+", step.text or ""):
        if re.search(r"\b(reply|text)\s+[A-Z0-9]+\b", sentence):
            cta = sentence
            break
    return f"Hi {{{{first_name}}}}, a quick reminder from {{{{brand_name}}}}. {cta}".strip()


_CTA_RE = re.compile(
    r"\b(?i:reply|text)\s+[A-Z0-9]+\b|\bSTOP\b|\{\{\s*(?:store_url|Purchase Link|Product List|Cart List)"
)
_OFFER_RE = re.compile(r"\d+\s*%|\$\s*\d+|\bcode\b|\{\{\s*Discount Label", re.I)


def shorten_copy(text: str, segments: int = 1) -> str:
    """Keep the sentences that matter most until the copy fits in `segments` SMS segments.

    Priority: calls to action, links and the opt-out; then the offer (a discount set on
    the node must stay in the text); then the opening (it names the brand); then the rest.
    Sentences keep their original order.
    """
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    if segment_info(text).segments <= segments or not sentences:
        return text

    def rank(index: int) -> int:
        sentence = sentences[index]
        if _CTA_RE.search(sentence):
            return 0
        if _OFFER_RE.search(sentence):
            return 1
        return 2 if index == 0 else 3

    chosen: set[int] = set()
    for index in sorted(range(len(sentences)), key=lambda i: (rank(i), i)):
        trial = chosen | {index}
        if segment_info(" ".join(sentences[i] for i in sorted(trial))).segments <= segments:
            chosen = trial
    result = " ".join(sentences[i] for i in sorted(chosen))
    if "{{brand_name}}" in text and "{{brand_name}}" not in result:
        branded = f"{{{{brand_name}}}}: {result}"
        if segment_info(branded).segments <= segments:
            result = branded
    if not chosen:  # not even the call to action fits: cut words
        words = text.split()
        while words and segment_info(" ".join(words)).segments > segments:
            words.pop()
        result = " ".join(words)
    return result


def _parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value[:10]), datetime.min.time()).replace(hour=9)
        except ValueError:
            return None
    return parsed.replace(tzinfo=None)


def _fmt(moment: datetime) -> str:
    return moment.strftime("%b %-d, %-I:%M %p")
