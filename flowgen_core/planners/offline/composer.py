"""The offline planner: brief -> FlowPlan by rules, no API key needed.

A playbook (playbooks.py) supplies the campaign's defaults; `_Composer` lays the brief's
stated facts over them: an audience segment first, entry limits and frequency caps,
waits, send windows, experiments, discounts, reply keywords, reminders, products,
quoted copy and property updates. Output is deterministic for a given brief.
"""

from __future__ import annotations

import contextlib
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from flowgen_core.brief import CampaignBrief, Discount, Duration
from flowgen_core.check.report import Finding, Report
from flowgen_core.plan.compile import compile_plan
from flowgen_core.plan.model import (
    END,
    FlowPlan,
    PlanCondition,
    PlanDiscount,
    PlanLimit,
    PlanProduct,
    PlanProperty,
    PlanStep,
    PlanTransition,
    PlanWait,
    PlanWindow,
)
from flowgen_core.planners.base import GenerationError, GenerationResult
from flowgen_core.planners.offline.copywriting import (
    OPT_OUT,
    Part,
    brand_token,
    capitalise,
    compose,
    discount_phrase,
    segments,
    to_gsm7,
)
from flowgen_core.planners.offline.localized import LOCALIZED_LANGUAGES, localized_copy, offer_phrase
from flowgen_core.planners.offline.playbooks import PLAYBOOKS, Playbook, choose_playbook, series_length

__all__ = ["EMPTY_BRIEF_MESSAGE", "OfflineGenerator"]

EMPTY_BRIEF_MESSAGE = (
    "The brief is empty: describe the campaign in a sentence or two, e.g. "
    "'Win back customers who haven't ordered in 90 days with 15% off'."
)

_PURCHASE_WORDS = {
    "yes",
    "y",
    "buy",
    "order",
    "checkout",
    "confirm",
    "purchase",
    "ok",
    "sure",
    "claim",
    "get",
}
_REORDER_WORDS = {"refill", "reorder", "restock", "again", "repeat", "replenish"}
_HELP_WORDS = {"help", "info", "question", "questions", "support", "agent", "chat", "talk"}
_SEND_KINDS = {"message", "product_choice", "purchase_offer", "reply_cart_choice"}
_DECLINE_WORDS = {"no", "n", "nope", "later", "pause", "notnow"}
_STOP_WORDS = {"stop", "unsubscribe", "cancel", "quit", "end", "stopall", "optout"}
# One sentence per tone: experiment variants differ in wording, not only in a prefix.
_TONES = {
    "urgent": "Hurry, it won't last long!",
    "playful": "Go on, treat yourself!",
    "friendly": "We're so happy to have you here.",
    "fun": "Let the fun begin!",
    "casual": "No pressure, just good stuff.",
    "formal": "Thank you for being our customer.",
    "exclusive": "This one is just for our insiders.",
    "personal": "We picked this with you in mind.",
}
_FOLLOW_UP = re.compile(
    r"follow[- ]?up|(?:a|one|1|second|another)\s+reminder|reminder\s+(?:\d|one|a|after|if)|remind\s+them|"
    r"if\s+(?:there\s+is\s+)?no\s+(?:reply|response)|"
    r"if\s+(?:they\s+)?(?:don'?t|do\s+not)\s+(?:reply|respond|buy|order)|otherwise",
    re.I,
)
_PURCHASE_PROPERTY = re.compile(
    r"\b(?:who|anyone|customers?|people|those)\s+(?:who\s+|that\s+)?(?:buys?|purchases?|orders?|bought|purchased|"
    r"ordered|converts?)\b|\bafter\s+(?:they|a|the|their)\s+(?:buy|purchase|order)",
    re.I,
)


class OfflineGenerator:
    """Rule-based planner: deterministic, fast, and always produces a flow for a non-empty brief."""

    name = "offline"

    def plan(self, brief: CampaignBrief, brand_name: str | None = None) -> FlowPlan:
        if brief.is_empty():
            raise GenerationError(EMPTY_BRIEF_MESSAGE)
        return _Composer(brief, brand_name).build()

    def generate(self, brief: CampaignBrief, *, brand_name: str | None = None) -> GenerationResult:
        started = time.perf_counter()
        plan = self.plan(brief, brand_name)
        flow = compile_plan(plan, description=brief.text.strip())
        flow, report = check_and_fix(flow, brief)
        latency_ms = int((time.perf_counter() - started) * 1000)
        flow["metadata"] = build_metadata("offline", brief, latency_ms=latency_ms)
        return GenerationResult(
            flow=flow, plan=plan, report=report, brief=brief, generator="offline", latency_ms=latency_ms
        )


def check_and_fix(flow: dict[str, Any], brief: CampaignBrief | None) -> tuple[dict[str, Any], Report]:
    """Apply deterministic corrections (when available) and validate, including brief compliance."""
    verbatim = tuple(brief.quoted_copy) if brief else ()
    try:
        from flowgen_core.check.autofix import autofix
    except ImportError:
        autofix = None  # type: ignore[assignment]
    if autofix is not None:
        with contextlib.suppress(Exception):
            fixed = autofix(flow, verbatim=verbatim)
            if not any(f.code == "autofix_failed" for f in fixed.report.errors):
                # autofix already validated the corrected flow (schema, graph, content, same
                # verbatim copy): add only the brief's findings instead of validating again.
                return fixed.flow, _with_brief_findings(fixed.flow, fixed.report, brief)
            flow = fixed.flow
    try:
        from flowgen_core.check import validate_flow
    except ImportError:
        return flow, Report()
    try:
        return flow, validate_flow(flow, brief, verbatim=verbatim)
    except Exception as exc:
        report = Report()
        report.add(
            Finding(
                code="validator_failed", severity="warning", message=f"The flow could not be checked: {exc}"
            )
        )
        return flow, report


def _with_brief_findings(flow: dict[str, Any], report: Report, brief: CampaignBrief | None) -> Report:
    combined = Report(errors=list(report.errors), warnings=list(report.warnings))
    if brief is not None:
        from flowgen_core.check.compliance import check_brief

        for finding in check_brief(flow, brief):
            combined.add(finding)
    return combined


def build_metadata(
    generator: str, brief: CampaignBrief | None, *, latency_ms: int, model: str | None = None, tokens: int = 0
) -> dict[str, Any]:
    try:
        from flowgen_core.format import SCHEMA_VERSION
    except ImportError:
        SCHEMA_VERSION = "1"
    facts: dict[str, Any] = {}
    if brief is not None:
        facts = brief.model_dump(mode="json", exclude={"text"}, exclude_defaults=True)
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "generator": generator,
        "model": model,
        "tokens": tokens,
        "latency_ms": latency_ms,
        "schema_version": SCHEMA_VERSION,
        "brief_facts": facts,
    }


# ----------------------------------------------------------------------------- composer


class _Composer:
    def __init__(self, brief: CampaignBrief, brand_name: str | None) -> None:
        self.brief = brief
        self.text = brief.text.strip()
        self.low = self.text.lower()
        self.pb: Playbook = choose_playbook(self.text, brief.playbook)
        self.brand = brand_token(brand_name)
        self.max_segments = max(1, brief.max_segments or 2)
        self.steps: dict[str, PlanStep] = {}
        self.waits: list[Duration] = list(brief.waits)
        self.noreply_waits: list[Duration] = list(brief.no_reply_after)
        self.reminders = max(0, min(3, brief.reminders if brief.reminders is not None else 1))
        self.quoted = [q for q in brief.quoted_copy if q.strip()]
        self.keywords, self.poll = self._keywords()
        self.main_discount, self.reminder_discount, self.free_shipping_main, self.free_shipping_reminder = (
            self._allocate_discounts()
        )
        self.properties = [PlanProperty(name=p.name, value=p.value) for p in brief.property_updates]
        self.property_after_purchase = bool(self.properties) and (
            bool(_PURCHASE_PROPERTY.search(self.text))
            or any(re.search(r"buy|purchas|order|convert", p.name) for p in self.properties)
        )
        self.properties_on_noreply = bool(self.properties) and bool(_NOREPLY_PROPERTY.search(self.low))
        if self.properties_on_noreply and brief.reminders is None:
            self.reminders = 0  # the property is what happens to the silent, not another text
        self.targets: dict[str, str] = {}
        self.option_targets: dict[str, str] = {}  # step key -> option label
        self.topic = self._topic()
        self.experiment_done = False
        self.variant_offers = False  # experiment groups carry their own offers
        self._experiment_entry = ""

    # ------------------------------------------------------------------ plumbing

    def add(self, key: str, type_: str, **fields: Any) -> str:
        unique, n = key, 2
        while unique in self.steps or unique == END:
            unique, n = f"{key}_{n}", n + 1
        self.steps[unique] = PlanStep(key=unique, type=type_, **fields)  # type: ignore[arg-type]
        return unique

    def link(self, source: str, on: str, to: str, **fields: Any) -> None:
        self.steps[source].next.append(PlanTransition(on=on, to=to, **fields))  # type: ignore[arg-type]

    def build(self) -> FlowPlan:
        lead_wait = self._take_lead_wait()
        body = self._body()
        entry = self._gates(body, lead_wait)
        self._checkout_per_offer()
        return FlowPlan(
            name=self._name(), description=self.text, start=entry, steps=list(self.steps.values())
        )

    def _checkout_per_offer(self) -> None:
        """Give every send with a discount a purchase step that charges that discount.

        A purchase step (and the discount-free steps on the way to it, e.g. a plain reminder)
        shared by sends with different discounts is copied per discount, so that checkout
        charges what the message promised (validator rule `discount_inconsistent`)."""
        copies: dict[tuple[str, str, str | None, str | None], str] = {}

        def charges_other(key: str, discount: PlanDiscount, seen: set[str]) -> bool:
            step = self.steps.get(key)
            if step is None or key in seen or _promise(step) is not None:
                return False
            seen.add(key)
            if step.type == "purchase":
                return step.discount != discount
            return any(charges_other(t.to, discount, seen) for t in step.next)

        def route(key: str, discount: PlanDiscount) -> str:
            step = self.steps.get(key)
            if step is None or _promise(step) is not None or not charges_other(key, discount, set()):
                return key
            memo = (key, discount.kind, discount.value, discount.code)
            if memo not in copies:
                clone = step.model_copy(deep=True)
                clone.key = self.add(key, step.type)
                copies[memo] = clone.key
                self.steps[clone.key] = clone
                if clone.type == "purchase":
                    clone.discount = discount.model_copy()
                else:
                    for t in clone.next:
                        t.to = route(t.to, discount)
            return copies[memo]

        for step in list(self.steps.values()):
            discount = _promise(step)
            if discount is not None:
                for t in step.next:
                    t.to = route(t.to, discount)

    # ------------------------------------------------------------------ facts

    def _keywords(self) -> tuple[list[str], list[str]]:
        words: list[str] = []
        self.stop_requested = False
        for raw in list(self.brief.reply_keywords) + self._quoted_keywords():
            word = re.sub(r"[^a-z0-9]+", "", raw.lower())
            if word in _STOP_WORDS:
                self.stop_requested = word == "stop"
            elif word and word not in words:
                words.append(word)
        self.options = _poll_options(self.text)
        letters = [k for k in self.options if len(k) == 1 and k.isalpha()]
        if len(letters) >= 2:
            # the letters go last, once each, whether or not the interpreter already read them
            words = [w for w in words if w not in letters] + letters
        poll = [w for w in words if w.isdigit() or (w in letters and len(letters) >= 2)]
        return [w for w in words if w not in poll], poll

    def _quoted_keywords(self) -> list[str]:
        found: list[str] = []
        for quote in self.quoted:
            found += re.findall(r"\breply\s+([A-Za-z0-9]{1,20})\b", quote, re.I)
        return found

    def _allocate_discounts(self) -> tuple[PlanDiscount | None, PlanDiscount | None, bool, bool]:
        money: list[tuple[Discount, bool]] = []
        codes: list[str] = []
        free_main = free_reminder = False
        follow_up = _FOLLOW_UP.search(self.text)
        for discount in self.brief.discounts:
            late = bool(follow_up) and self._position(discount) > follow_up.start() and self.reminders > 0
            if discount.kind == "free_shipping":
                if late:
                    free_reminder = True
                else:
                    free_main = True
                if discount.code:
                    codes.append(discount.code)
            elif discount.kind == "code" and not discount.value:
                if discount.code:
                    codes.append(discount.code)
            else:
                money.append((discount, late))
        main = next((d for d, late in money if not late), None)
        later = next((d for d, late in money if late), None)
        main_plan = _plan_discount(main, codes[0] if codes else None)
        if main_plan is None and codes:
            main_plan = PlanDiscount(kind="code", code=codes[0])
        return main_plan, _plan_discount(later, None), free_main, free_reminder

    def _position(self, discount: Discount) -> int:
        patterns = {
            "percentage": rf"{discount.value}\s*%|{discount.value}\s*percent",
            "amount": rf"\$\s*{discount.value}|{discount.value}\s*(?:dollars|usd)",
            "free_shipping": r"free\s+shipping",
            "code": re.escape(discount.code or "~"),
        }
        m = re.search(patterns.get(discount.kind, "~"), self.text, re.I)
        return m.start() if m else -1

    def _topic(self) -> str:
        m = re.search(
            r"\babout\s+([a-z][a-z\s-]{2,40}?)(?=[,.;:]|\s+(?:with|for|one|every|and|to)\b|$)", self.low
        )
        if m and self.pb.name == "drip":
            return m.group(1).strip()
        named = [to_gsm7(p.name).strip() for p in self.brief.products if p.name and to_gsm7(p.name).strip()]
        if named and self.pb.name in ("generic", "flash_sale", "launch", "winback"):
            return " and ".join(named[:2])
        lead = self.pb.lead.replace("{topic}", "").lower()
        topics = [t for t in self.brief.topics if t.strip() and t.strip().lower() not in lead]
        if topics:
            return to_gsm7(topics[0].strip())
        if self.pb.name == "launch":
            m = re.search(
                r"\b(?:our|the|a|its)\s+(new\s+[a-z][a-z -]{2,30}?)(?=\s+(?:next|on|this|for|to|with)\b|[,.;:]|$)",
                self.low,
            )
            if m:
                return f"our {m.group(1)}"
        return self.pb.topic

    def _topic_tail(self) -> str:
        """Topics the brief names beyond the first, kept in copy as a short optional sentence."""
        extra = [to_gsm7(t) for t in self.brief.topics[1:3] if t.strip()]
        return f"Think {' and '.join(extra)}." if extra else ""

    def _take_lead_wait(self) -> Duration | None:
        if not self.pb.lead_wait:
            # "wait 1 hour, then send a welcome": a wait written before the first send opens the flow
            if self.waits and self._wait_precedes_first_send():
                return self.waits.pop(0)
            return None
        if self.waits:
            return self.waits.pop(0)
        return {"cross_sell": Duration(value=7, unit="days")}.get(
            self.pb.name, Duration(value=1, unit="hours")
        )

    def _wait_precedes_first_send(self) -> bool:
        wait = _LEAD_WAIT_RE.search(self.low)
        if wait is None:
            return False
        send = _SEND_VERB_RE.search(self.low)
        return send is None or wait.start() < send.start()

    def _noreply_after(self, index: int) -> PlanWait:
        if index < len(self.noreply_waits):
            wait = self.noreply_waits[index]
        elif self.noreply_waits:
            wait = self.noreply_waits[-1]
        elif self.waits and self.pb.name not in ("welcome", "drip", "launch"):
            wait = self.waits.pop(0)
        elif self.pb.name in ("abandoned_cart", "abandoned_checkout"):
            wait = Duration(value=4, unit="hours")
        else:
            wait = Duration(value=1, unit="days")
        return PlanWait(value=wait.value, unit=wait.unit)

    def _name(self) -> str:
        detail = discount_phrase(_as_brief_discount(self.main_discount))
        if not detail and self.free_shipping_main:
            detail = "free shipping"
        return f"{self.pb.title} - {detail}" if detail else self.pb.title

    # ------------------------------------------------------------------ gates

    def _gates(self, body: str, lead_wait: Duration | None) -> str:
        """Entry chain, built back to front: segment -> limit -> rate limit -> wait -> schedule -> body."""
        entry = body
        if self.properties:  # not consumed by the body: set them as the customer enters
            entry = self._property_step(entry, self.properties)
            self.properties = []
        if self.brief.send_windows and not self.steps_of_type("schedule"):
            entry = self._schedule(entry, END)
        if lead_wait is not None:
            entry = self._delay("wait", lead_wait, entry)
        for cap in reversed(self.brief.frequency_caps[:1]):
            key = self.add("frequency_cap", "rate_limit", label="Frequency cap", limit=_limit(cap))
            self.link(key, "default", entry)
            entry = key
        for cap in reversed(self.brief.entry_limits[:1]):
            key = self.add("entry_limit", "limit", label="Entry limit", limit=_limit(cap))
            self.link(key, "default", entry)
            entry = key
        if not self.steps_of_type("segment"):
            conditions = self._audience()
            if conditions:
                key = self.add("audience", "segment", label="Audience", conditions=conditions)
                self.link(key, "split", entry, label="include", action="include")
                self.link(key, "split", END, label="exclude", action="exclude")
                entry = key
        return entry

    def steps_of_type(self, type_: str) -> list[str]:
        return [k for k, s in self.steps.items() if s.type == type_]

    def _audience(self) -> list[PlanCondition]:
        stated = [
            PlanCondition.model_validate(c, from_attributes=True)
            for c in self.brief.audience
            if (c.kind == "event" and c.action) or (c.kind == "property" and c.property_name)
        ]
        defaults = [PlanCondition.model_validate(c, from_attributes=True) for c in self.pb.audience]
        if not stated:
            if self.pb.name == "survey" and not re.search(r"order|purchas|bought|customer|deliver", self.low):
                return []  # a poll of subscribers: no purchase history implied
            return defaults
        action = self.pb.defining_action
        if action and not any(c.action == action for c in stated):
            stated.insert(0, next(c for c in defaults if c.action == action))
        return stated

    def _delay(self, key: str, wait: Duration, to: str) -> str:
        step = self.add(
            key,
            "delay",
            label=f"Wait {wait.value} {wait.unit}",
            wait=PlanWait(value=wait.value, unit=wait.unit),
        )
        self.link(step, "default", to)
        return step

    def _schedule(self, in_window: str, other: str) -> str:
        windows: list[PlanWindow] = []
        timezone = None
        for window in self.brief.send_windows[:3]:
            built = _window(window.start, window.end)
            if built:
                windows.append(built)
                timezone = timezone or window.timezone
        if not windows:
            return in_window
        key = self.add(
            "send_window", "schedule", label="Send window", timezone=timezone or "UTC", windows=windows
        )
        for window in windows:
            self.link(key, "split", in_window, label=window.label, action="schedule")
        self.link(key, "split", other, label="All other time", action="schedule")
        return key

    def _property_step(self, to: str, properties: list[PlanProperty], key: str = "set_properties") -> str:
        step = self.add(key, "property", label="Update properties", properties=properties)
        self.link(step, "default", to)
        return step

    # ------------------------------------------------------------------ bodies

    def _body(self) -> str:
        name = self.pb.name
        if name == "survey" or (self.poll and self._scale()):
            return self._survey()
        if name == "welcome":
            return self._welcome()
        if name == "drip":
            return self._drip()
        if name == "launch" and self.brief.audience:
            return self._launch_split()
        if name == "holiday" and self.brief.send_windows:
            other = END
            other_times = re.search(
                r"all other times?|other times|otherwise|rest of the (?:year|time)|outside", self.low
            )
            silent = re.search(
                r"(?:other times?|otherwise|outside)[^.;]{0,25}?(?:don'?t|do not|nothing|no (?:message|text)|skip)",
                self.low,
            )
            if other_times and not silent:
                other = self._send(
                    "other_times",
                    "message",
                    lead="new arrivals just landed. Come see what's new.",
                    first=True,
                    discount=None,
                    free_shipping=False,
                    keywords=self._cta_keywords("shop"),
                )
            return self._schedule(self._offer_core(), other)
        return self._offer_core()

    def _lead(self) -> str:
        if self.pb.name == "holiday":
            occasion = next(
                (name for pattern, name in _OCCASIONS if re.search(pattern, self.low)), "the holidays"
            )
            if "gift guide" in self.low:
                return f"our {_occasion_adjective(occasion)} gift guide is here, with gifts for everyone on your list."
            topic = self.topic if self.topic != self.pb.topic else "our bestsellers"
            verb = "are" if occasion == "the holidays" else "is"
            return f"{occasion} {verb} almost here! Find the perfect gift, from {topic} and more."
        if self.pb.name == "cross_sell" and "review" in self.low:
            return (
                "thanks for your order! We'd love a quick review: {{store_url}} And picked for you to go with it: "
                "{{Product List}}"
            )
        return self.pb.lead.replace("{topic}", self.topic)

    def _explicit_kind(self) -> str | None:
        """A node type the brief names outright ("send a purchase offer") beats the playbook's choice."""
        if re.search(r"\bpurchase[- ]offer\b|\bone[- ](?:reply|tap)\s+(?:checkout|purchase)", self.low):
            return "purchase_offer"
        if re.search(r"\bproduct[- ](?:choice|picker)\b|\blet\s+them\s+(?:pick|choose)\b", self.low):
            return "product_choice"
        return None

    def _cta_keywords(self, default: str) -> list[str]:
        return list(self.keywords) or [default]

    def _offer_core(self) -> str:
        main_kind = self._explicit_kind() or ("purchase_offer" if self.brief.products else self.pb.main)
        default_cta = "buy" if self.brief.products else self.pb.cta
        if main_kind == "purchase_offer" and default_cta not in _PURCHASE_WORDS | _REORDER_WORDS:
            default_cta = "yes"
        keywords = self._cta_keywords(default_cta)
        if self.poll:
            return self._poll(main_kind)
        lead = None
        if main_kind == "purchase_offer" and self.pb.main != "purchase_offer":
            named = self.topic != self.pb.topic and not self.topic.startswith("our ")
            lead = (
                f"{self.topic} is ready for you: {{{{Cart List}}}}"
                if named and self.brief.products
                else "your cart is saved and ready when you are: {{Cart List}}"
            )
        sends = self._main_sends(main_kind, keywords, lead=lead)
        finals = self._attach_reminders(sends, keywords)
        if self.properties_on_noreply and self.properties:
            # "if no reply in 3 days, set sms_status to unengaged": only the silent get the property
            after = self._noreply_after(self.reminders)
            marker = self._property_step(END, self.properties, key="mark_no_reply")
            self.properties = []
            for send in finals:
                if not any(t.on == "noreply" for t in self.steps[send].next):
                    self.link(send, "noreply", marker, after=after)
        return self._entry_of(sends)

    def _main_sends(
        self,
        kind: str,
        keywords: list[str],
        lead: str | None = None,
        key: str = "offer",
        label: str | None = None,
    ) -> list[str]:
        """One send, or one per experiment group behind an experiment node."""
        lead = lead or self._lead()
        experiment = self.brief.experiment
        if experiment is None or self.experiment_done:
            key = self._send(
                key,
                kind,
                lead=lead,
                first=True,
                discount=self.main_discount,
                free_shipping=self.free_shipping_main,
                keywords=keywords,
                quote=self.quoted[0] if self.quoted else None,
                label=label,
            )
            return [key]
        self.experiment_done = True
        variants = list(experiment.variants)
        groups = max(2, min(5, max(experiment.groups, len(variants))))
        self.variant_offers = any(
            re.search(r"\d\s*(?:%|percent)|\$\s*\d|free (?:shipping|delivery)", v, re.I) for v in variants
        )
        sends: list[str] = []
        for index in range(groups):
            variant = variants[index] if index < len(variants) else ""
            tone, discount, free_shipping = self._variant(variant, index)
            sends.append(
                self._send(
                    f"variant_{chr(ord('a') + index)}",
                    kind,
                    lead=lead,
                    first=True,
                    discount=discount,
                    free_shipping=free_shipping,
                    keywords=keywords,
                    tone=tone,
                    quote=self.quoted[index] if index < len(self.quoted) else None,
                    label=f"Variant {chr(ord('A') + index)}"
                    + (f" ({to_gsm7(variant)[:30]})" if variant else ""),
                )
            )
        split = experiment.split if len(experiment.split) == groups and sum(experiment.split) == 100 else None
        key = self.add(
            "experiment",
            "experiment",
            label="A/B test",
            experiment_name=f"{self.pb.title} test",
            split_percentages=split,
        )
        for send in sends:
            self.link(key, "split", send)
        self._experiment_entry = key
        return sends

    def _variant(self, variant: str, index: int) -> tuple[str | None, PlanDiscount | None, bool]:
        low = variant.lower()
        percent = re.search(r"(\d{1,3})\s*(?:%|percent)", low)
        amount = re.search(r"\$\s*(\d+)", low)
        code = self.main_discount.code if self.main_discount else None
        tone = next((t for t in _TONES if t in low), None)
        if tone is None and not (percent or amount or "free shipping" in low):
            tone = [None, "urgent", "playful", "friendly", "exclusive"][index % 5]
        if percent:
            return tone, PlanDiscount(kind="percentage", value=percent.group(1), code=code), False
        if amount:
            return tone, PlanDiscount(kind="amount", value=amount.group(1), code=code), False
        if "free shipping" in low or "free delivery" in low:
            return tone, (PlanDiscount(kind="code", code=code) if code else None), True
        return tone, self.main_discount, self.free_shipping_main

    def _send(
        self,
        key: str,
        kind: str,
        *,
        lead: str,
        first: bool,
        discount: PlanDiscount | None,
        free_shipping: bool,
        keywords: list[str],
        tone: str | None = None,
        quote: str | None = None,
        label: str | None = None,
        reminder: bool = False,
    ) -> str:
        """A message-like step with its copy and one reply event per keyword."""
        targets = [(word, self._target(word, kind)) for word in keywords]
        text = quote or self._copy(kind, lead, first, discount, free_shipping, targets, tone, reminder)
        fields: dict[str, Any] = {"label": label or capitalise(key.replace("_", " ")), "text": text}
        if discount is not None:
            fields["discount"] = discount
        if kind == "purchase_offer":
            fields["cart_source"] = "manual" if self.brief.products else "latest"
            fields["products"] = self._products() or None
        elif kind == "product_choice":
            fields["product_selection"] = self._selection()
            fields["message_type"] = self._message_type()
        step = self.add(key, kind, **fields)
        for word, target in targets:
            self.link(step, "reply", target, intent=word)
        if first and targets and self.stop_requested:
            self.link(step, "reply", END, intent="stop")
        if not targets:
            self.link(step, "default", END)
        return step

    def _selection(self) -> str:
        if re.search(r"automatic|purchase history|based on (?:their|what)|personali[sz]ed pick", self.low):
            return "automatically"
        if re.search(r"recently viewed|they viewed|browsed", self.low):
            return "recently_viewed"
        # "recommend our best sellers" names the picks: popularity beats the bare verb
        if re.search(
            r"popular|bestsell|best-sell|top sellers|best sellers|top[- ]rated|most loved", self.low
        ):
            return "popularity"
        if re.search(r"recommend", self.low):
            return "automatically"
        return self.pb.selection

    def _message_type(self) -> str:
        return "personalized" if re.search(r"personali[sz]", self.low) else "standard"

    def _products(self) -> list[PlanProduct]:
        return [
            PlanProduct(variant_id=p.variant_id, quantity=p.quantity, label=p.name)
            for p in self.brief.products
        ]

    def _copy(
        self,
        kind: str,
        lead: str,
        first: bool,
        discount: PlanDiscount | None,
        free_shipping: bool,
        targets: list[tuple[str, str]],
        tone: str | None,
        reminder: bool,
    ) -> str:
        if self.brief.language in LOCALIZED_LANGUAGES:
            return localized_copy(
                self.brief.language,
                brand=self.brand,
                playbook=self.pb.name,
                first=first,
                offer=offer_phrase(
                    self.brief.language,
                    discount.kind if discount else None,
                    discount.value if discount else None,
                    discount.code if discount else None,
                ),
                code=discount.code if discount else None,
                free_shipping=free_shipping,
                reminder=reminder,
                keywords=[word for word, _ in targets],
                kind=kind,
                max_segments=self.max_segments,
            )
        lead = lead.strip()
        greeting = f"{self.brand}: Hi {{{{first_name}}}}," if first else "Hi {{first_name}},"
        parts = [Part(f"{greeting} {lead}")]
        if tone in _TONES:
            parts.append(Part(_TONES[tone]))
        if kind == "purchase_offer" and "{{Cart List}}" not in lead:
            parts.append(Part("Your cart: {{Cart List}}"))
        if kind == "product_choice" and "{{Product List}}" not in lead:
            parts.append(Part("{{Product List}}"))
        offer = discount_phrase(_as_brief_discount(discount))
        if offer:
            verb = "is still yours" if reminder else "just for you"
            sentence = f"Enjoy {offer} {verb}" if not reminder else f"Your {offer} {verb}"
            parts.append(Part(f"{sentence}{' + free shipping' if free_shipping else ''}."))
            if discount is not None and discount.code:
                parts.append(Part(f"Use code {discount.code.upper()}."))
        elif discount is not None and discount.code:
            parts.append(Part(f"Use code {discount.code.upper()} for a special discount."))
        elif free_shipping:
            parts.append(
                Part(
                    "Enjoy free shipping on your order."
                    if not reminder
                    else "Plus, shipping is on us: free shipping!"
                )
            )
        tail = self._topic_tail()
        if tail and first:
            parts.append(Part(tail, required=False))
        if targets:
            parts.append(Part(self._cta(targets)))
        if kind == "purchase_offer":
            parts.append(Part("Or check out here: {{Purchase Link}}", required=False))
        elif kind == "message" and "{{store_url}}" not in lead:
            parts.append(Part("Shop: {{store_url}}", required=False))
        if first:
            parts.append(Part(OPT_OUT))
        text = compose(parts, max_segments=self.max_segments)
        if segments(text) <= self.max_segments:
            return text
        return self._compact_copy(parts, greeting, offer, lead)

    def _compact_copy(self, parts: list[Part], greeting: str, offer: str, lead: str) -> str:
        text = self._headline_copy(parts, greeting, offer, lead)
        if segments(text) <= self.max_segments:
            return text
        # Product and cart lists are long once filled in: keep only the list and the reply.
        essentials = [p for p in parts if "List}}" in p.text or p.text.startswith("Reply ")]
        if offer:
            essentials.insert(
                1 if essentials and "List}}" in essentials[0].text else 0, Part(f"{capitalise(offer)}!")
            )
        shorter = compose(essentials, max_segments=self.max_segments)
        return shorter if essentials and segments(shorter) < segments(text) else text

    def _headline_copy(self, parts: list[Part], greeting: str, offer: str, lead: str) -> str:
        """Same message with a one-line headline instead of the lead sentence, for tight budgets."""
        if offer and self.topic != self.pb.topic:
            headline = f"{offer} {self.topic} just for you!"
        elif offer:
            headline = f"{offer} just for you!"
        else:
            headline = re.split(r"(?<=[.!?:])\s", lead, maxsplit=1)[0]
        offer_parts = {p.text for p in parts if p.text.startswith(("Enjoy ", "Your "))}
        rest = [p for p in parts[1:] if p.text not in offer_parts and p.required]
        return compose([Part(f"{greeting} {headline}"), *rest], max_segments=self.max_segments)

    def _cta(self, targets: list[tuple[str, str]]) -> str:
        phrases = [f"{word.upper()} to {self._verb(target)}" for word, target in targets]
        if len(phrases) == 1:
            return f"Reply {phrases[0]}."
        return f"Reply {', '.join(phrases[:-1])} or {phrases[-1]}."

    def _verb(self, target: str) -> str:
        if target == END:
            return "let us know"
        step = self.steps[target]
        if target in self.option_targets:
            return f"see {self.option_targets[target]}"
        if target == self.targets.get("decline"):
            return "skip reminders"
        return {
            "purchase": "buy now" if self.pb.name != "vip_reorder" else "reorder",
            "product_choice": "see our picks",
            "purchase_offer": "reorder",
            "message": "stay subscribed" if self.pb.name == "sunset" else "chat with us",
        }.get(step.type, "continue")

    # ------------------------------------------------------------------ reply targets

    def _target(self, word: str, source_kind: str) -> str:
        """Where a reply keyword leads; targets are shared so replies converge."""
        word = self._meant(word)
        if self.pb.name == "sunset" and word in ("yes", "stay", "keep", "y"):
            return self._shared("stay", self._stay_message)
        if word in _DECLINE_WORDS:
            return self._shared("decline", self._decline_message)
        if word in self.options and len(self.options) >= 2 and not word.isdigit():
            return self._shared(f"option_{word}", lambda: self._option_branch(word))
        if word in _PURCHASE_WORDS or (word in _REORDER_WORDS and source_kind != "message"):
            return self._purchase()
        if source_kind in ("purchase_offer", "product_choice") and word not in _HELP_WORDS:
            return self._purchase()
        if word in _REORDER_WORDS:
            return self._shared(
                "reorder",
                lambda: self._send(
                    "reorder_offer",
                    "purchase_offer",
                    lead="here's your last order, ready to go again: {{Cart List}}",
                    first=False,
                    discount=self.main_discount,
                    free_shipping=False,
                    keywords=["yes"],
                    label="Reorder offer",
                ),
            )
        if word in _HELP_WORDS:
            return self._shared("help", self._help_message)
        return self._shared(
            "shop",
            lambda: self._send(
                "product_picks",
                "product_choice",
                lead=f"here are our top picks{self._for_topic()}:",
                first=False,
                discount=self.main_discount,
                free_shipping=False,
                keywords=["buy"],
                label="Product picks",
            ),
        )

    def _meant(self, word: str) -> str:
        """A brand keyword ("CANDLE to reorder") routes like the word its stated meaning names."""
        known = _PURCHASE_WORDS | _REORDER_WORDS | _HELP_WORDS | _DECLINE_WORDS | set(self.options)
        if word in known:
            return word
        meaning = self.brief.reply_meanings.get(word, "")
        if _REORDER_MEANING.search(meaning):
            return "reorder"
        if _PURCHASE_MEANING.search(meaning):
            return "buy"
        if _HELP_MEANING.search(meaning):
            return "help"
        return word

    def _for_topic(self) -> str:
        return f" in {self.topic}" if self.topic and self.topic != self.pb.topic else ""

    def _shared(self, name: str, factory: Any) -> str:
        if name not in self.targets:
            self.targets[name] = "__pending__"
            self.targets[name] = factory()
        return self.targets[name]

    def _purchase(self) -> str:
        if "purchase" in self.targets:
            return self.targets["purchase"]
        nxt = END
        if self.properties and self.property_after_purchase:
            nxt = self._property_step(END, self.properties, key="tag_buyer")
            self.properties = []
        fields: dict[str, Any] = {
            "label": "Purchase",
            "cart_source": "manual" if self.brief.products else "latest",
        }
        if self.brief.products:
            fields["products"] = self._products()
        if self.main_discount is not None and not self.variant_offers:
            fields["discount"] = self.main_discount
        key = self.add("purchase", "purchase", **fields)
        self.link(key, "default", nxt)
        self.targets["purchase"] = key
        return key

    def _option_branch(self, word: str) -> str:
        label = to_gsm7(self.options[word])
        key = self._send(
            f"{word}_picks",
            "product_choice",
            lead=f"here are our {label}:",
            first=False,
            discount=self.main_discount,
            free_shipping=False,
            keywords=["buy"],
            label=capitalise(label)[:40],
        )
        self.option_targets[key] = label
        return key

    def _decline_message(self) -> str:
        return self._final_message(
            "no_thanks", "No thanks", "No problem, {{first_name}}. We won't remind you about this one again."
        )

    def _help_message(self) -> str:
        return self._final_message(
            "support_reply",
            "Support reply",
            "Thanks, {{first_name}}! Someone from our team will get back to you shortly.",
        )

    def _stay_message(self) -> str:
        return self._final_message(
            "stay_subscribed",
            "Stay subscribed",
            "Great, {{first_name}}! You're still on the list. We'll keep the good stuff coming.",
        )

    def _final_message(self, key: str, label: str, text: str) -> str:
        """A one-off answer that ends the flow (declines, help requests, survey outcomes)."""
        step = self.add(key, "message", label=label, text=compose([Part(text)]))
        self.link(step, "default", END)
        return step

    # ------------------------------------------------------------------ reminders

    def _attach_reminders(self, sends: list[str], keywords: list[str]) -> list[str]:
        """Chain the reminders after `sends`; returns the sends that end the chain."""
        if self.reminders <= 0:
            return sends
        previous = sends
        for index in range(self.reminders):
            kind = self.pb.reminder_kind if index == 0 else "message"
            reminder_keywords = ["buy"] if kind == "product_choice" else keywords
            if self.brief.reminders is not None:
                # The brief caps the sends ("one reminder, then stop"): a reminder's replies must not
                # lead to yet another text, so keep only keywords that go straight to checkout.
                direct = [
                    w for w in reminder_keywords if self.steps[self._target(w, kind)].type not in _SEND_KINDS
                ]
                reminder_keywords = direct or ["yes" if kind != "product_choice" else "buy"]
            quote = self.quoted[len(sends) + index] if len(sends) + index < len(self.quoted) else None
            neutral = self.variant_offers
            discount = self.reminder_discount or (None if neutral else self.main_discount)
            lead = self.pb.reminder or "just checking in."
            key = self._send(
                "reminder" if index == 0 else f"reminder_{index + 1}",
                kind,
                lead=lead,
                first=False,
                discount=discount,
                free_shipping=self.free_shipping_reminder or (self.free_shipping_main and not neutral),
                keywords=reminder_keywords,
                quote=quote,
                reminder=True,
                label="Reminder" if index == 0 else f"Reminder {index + 1}",
            )
            after = self._noreply_after(index)
            for send in previous:
                self.link(send, "noreply", key, after=after)
            previous = [key]
        return previous

    # ------------------------------------------------------------------ special playbooks

    def _entry_of(self, sends: list[str]) -> str:
        return sends[0] if len(sends) == 1 else self._experiment_entry

    def _welcome(self) -> str:
        lead = self.pb.lead
        if re.search(r"text us|reply (?:with )?(?:any )?questions|anytime", self.low):
            lead += " Text us anytime, we're here to help."
        keywords = list(self.keywords)
        sends = self._main_sends("message", keywords, lead=lead, key="welcome", label="Welcome")
        entry = self._entry_of(sends)
        follow_up = bool(self.waits) or bool(
            re.search(r"popular|bestsell|best sellers|products|series|then\b|follow", self.low)
        )
        if not follow_up:
            if not keywords and self.properties:
                after = self._property_step(END, self.properties)
                self.properties = []
                for send in sends:
                    self.steps[send].next.clear()
                    self.link(send, "default", after)
            return entry
        wait = self.waits.pop(0) if self.waits else Duration(value=3, unit="days")
        picks = self._send(
            "popular_products",
            "product_choice",
            lead="here are our most popular products:",
            first=False,
            discount=None,
            free_shipping=False,
            keywords=["buy"],
            label="Popular products",
        )
        if keywords:
            for send in sends:
                self.link(send, "noreply", picks, after=PlanWait(value=wait.value, unit=wait.unit))
            return entry
        nxt = self._delay("wait", wait, picks)
        if self.properties and not self.property_after_purchase:
            nxt = self._property_step(nxt, self.properties)
            self.properties = []
        for send in sends:
            self.steps[send].next.clear()
            self.link(send, "default", nxt)
        return entry

    def _drip(self) -> str:
        count = series_length(self.low)
        wait = self.waits.pop(0) if self.waits else Duration(value=2, unit="days")
        topic = self.topic
        tips = [
            f"welcome to our {count}-part guide to {topic}. Tip 1: keep it simple. A few steps done daily beat a "
            "complicated routine.",
            f"tip 2 of {count} for {topic}: timing matters. Build it into a moment you already have every day.",
            f"tip 3 of {count} for {topic}: pay attention to what works for you and adjust as you go.",
            f"tip 4 of {count} for {topic}: quality over quantity. Pick a few products you love.",
            f"tip 5 of {count} for {topic}: be patient. Real results take a few weeks.",
            f"tip 6 of {count} for {topic}: keep notes on what you change so you can see what helps.",
            f"tip 7 of {count} for {topic}: share what works with a friend. Habits stick better together.",
        ]
        keys: list[str] = []
        for index in range(count):
            last = index == count - 1
            key = self._send(
                f"part_{index + 1}",
                "message",
                lead=tips[index] + (" Want product picks for it?" if last else ""),
                first=index == 0,
                discount=self.main_discount if last else None,
                free_shipping=self.free_shipping_main and last,
                keywords=self._cta_keywords("shop") if last else [],
                label=f"Part {index + 1} of {count}",
            )
            keys.append(key)
        for index, key in enumerate(keys[:-1]):
            self.steps[key].next.clear()
            nxt = self._delay("wait", wait, keys[index + 1])
            if index == 0 and self.properties and not self.property_after_purchase:
                nxt = self._property_step(nxt, self.properties)
                self.properties = []
            self.link(key, "default", nxt)
        return keys[0]

    def _launch_split(self) -> str:
        keywords = list(self.keywords)
        early = self._entry_of(
            self._main_sends(
                "message",
                keywords,
                lead=f"you're on the VIP list, so you get early access to {self.topic}. Shop before anyone else: "
                "{{store_url}}",
                key="early_access",
                label="Early access",
            )
        )
        conditions = self._audience()
        segment = self.add("audience", "segment", label="Audience", conditions=conditions)
        self.link(segment, "split", early, label="include", action="include")
        rest = END
        if re.search(r"everyone else|every one else|all other|others|the rest|non-?vip|later", self.low):
            wait = self.waits.pop(0) if self.waits else Duration(value=1, unit="days")
            standard = self._send(
                "launch",
                "message",
                lead=f"{self.topic} is here! Shop the launch now: {{{{store_url}}}}",
                first=True,
                discount=self.main_discount,
                free_shipping=self.free_shipping_main,
                keywords=keywords,
                quote=self.quoted[1] if len(self.quoted) > 1 else None,
                label="Launch message",
            )
            rest = self._delay("wait", wait, standard)
        self.link(segment, "split", rest, label="exclude", action="exclude")
        return segment

    def _scale(self) -> tuple[int, int] | None:
        m = re.search(r"\b(0|1)\s*(?:to|-|through)\s*(3|4|5|7|10)\b", self.low)
        if m:
            return int(m.group(1)), int(m.group(2))
        if re.search(r"\bnps\b|net promoter", self.low):
            return 0, 10
        return None

    def _survey(self) -> str:
        scale = self._scale()
        if scale is None and len(self.poll) >= 2:
            return self._poll("message")
        if scale is None and len(self.keywords) >= 2:
            return self._keyword_survey()
        low, high = scale or (1, 5)
        scores = list(range(low, high + 1))
        happy = self._happy_scores(scores)
        score_name = "satisfaction_score" if high <= 5 else "nps_score"
        extra = [p for p in self.properties if p.value.strip()]
        for prop in self.properties:
            if re.search(r"score|rating|nps", prop.name):
                score_name = prop.name
                extra = [p for p in extra if p is not prop]
        self.properties = []
        happy_msg = self.add(
            "review_request",
            "message",
            label="Review request",
            text=compose(
                [Part("So glad to hear it, {{first_name}}! Would you leave us a quick review? {{store_url}}")]
            ),
        )
        self.link(happy_msg, "default", END)
        unhappy_msg = self.add(
            "support_follow_up",
            "message",
            label="Support follow-up",
            text=compose(
                [
                    Part(
                        "We're sorry to hear that, {{first_name}}. Our support team will reach out shortly to "
                        "make it right."
                    )
                ]
            ),
        )
        self.link(unhappy_msg, "default", END)
        branches: list[tuple[str, str]] = []
        for score in scores:
            target = happy_msg if score in happy else unhappy_msg
            props = [PlanProperty(name=score_name, value=str(score)), *extra]
            branches.append((str(score), self._property_step(target, props, key=f"score_{score}")))
        ask = f"how was your recent experience with us? Reply {low} to {high} ({high} = loved it, {low} = not great)."
        return self._survey_send(
            [Part(f"{self.brand}: Hi {{{{first_name}}}}, {ask}"), Part(OPT_OUT)],
            f"Reply {low} to {high}.",
            branches,
        )

    def _keyword_survey(self) -> str:
        """'Respond YES or NO. YES -> review; NO -> support': answers are words, not scores."""
        answers = self.keywords[:4]
        meanings = self.brief.reply_meanings
        review = self._final_message("review_request", "Review request", _REVIEW_TEXT)
        support = self._final_message("support_follow_up", "Support follow-up", _SUPPORT_TEXT)
        properties = [p for p in self.properties if p.value.strip()]
        self.properties = []
        branches: list[tuple[str, str]] = []
        for index, word in enumerate(answers):
            meaning = meanings.get(word, "")
            unhappy = bool(_UNHAPPY_MEANING.search(meaning)) or (
                not _HAPPY_MEANING.search(meaning) and (word in _NEGATIVE_ANSWERS or index > 0)
            )
            target = support if unhappy else review
            props = [PlanProperty(name="survey_answer", value=word), *properties]
            branches.append((word, self._property_step(target, props, key=f"answer_{word}")))
        choices = " or ".join(word.upper() for word in answers)
        return self._survey_send(
            [
                Part(f"{self.brand}: Hi {{{{first_name}}}}, did you love your recent order?"),
                Part(f"Reply {choices}."),
                Part(OPT_OUT),
            ],
            f"Reply {choices}.",
            branches,
        )

    def _survey_send(self, parts: list[Part], reply_cta: str, branches: list[tuple[str, str]]) -> str:
        """The survey question (quoted copy wins) and its optional reminder, both routing the answers."""
        main = self.add(
            "survey",
            "message",
            label="Survey",
            text=self.quoted[0] if self.quoted else compose(parts, max_segments=self.max_segments),
        )
        for intent, target in branches:
            self.link(main, "reply", target, intent=intent)
        if self.reminders > 0:
            reminder = self.add(
                "reminder",
                "message",
                label="Reminder",
                text=compose([Part(f"Hi {{{{first_name}}}}, we'd still love your feedback. {reply_cta}")]),
            )
            for intent, target in branches:
                self.link(reminder, "reply", target, intent=intent)
            self.link(main, "noreply", reminder, after=self._noreply_after(0))
        return main

    def _happy_scores(self, scores: list[int]) -> set[int]:
        high = scores[-1]
        groups: list[set[int]] = []
        for m in re.finditer(r"\b(\d{1,2})\s*(?:to|-|through)\s*(\d{1,2})\b", self.low):
            a, b = int(m.group(1)), int(m.group(2))
            if (a, b) != (scores[0], high) and a <= b:
                groups.append(set(range(a, b + 1)))
        for m in re.finditer(r"\b(\d{1,2})\s*(?:or|and|,|/)\s*(\d{1,2})\b", self.low):
            groups.append({int(m.group(1)), int(m.group(2))})
        valid = [g for g in groups if g and g <= set(scores) and g != set(scores)]
        for group in valid:
            if high in group:
                return group
        for group in valid:
            if scores[0] in group:
                return set(scores) - group
        return {9, 10} if high >= 10 else {high - 1, high}

    def _poll(self, kind: str) -> str:
        options = self.options
        branches: list[tuple[str, str]] = []
        properties = self.properties
        self.properties = []
        for digit in self.poll:
            label = to_gsm7(options.get(digit, f"option {digit}"))
            target = self._send(
                f"option_{digit}",
                "product_choice",
                lead=f"here are our {label}:",
                first=False,
                discount=self.main_discount,
                free_shipping=False,
                keywords=["buy"],
                label=capitalise(label)[:40],
            )
            if properties:
                target = self._property_step(target, properties, key=f"record_{digit}")
            branches.append((digit, target))
        choices = ", ".join(f"{d.upper()} for {to_gsm7(options.get(d, f'option {d}'))}" for d in self.poll)
        lead = re.split(r"(?<=[.!?])\s", self.pb.lead, maxsplit=1)[0]
        lead = "" if "{" in lead or self.pb.name not in ("winback", "sunset") else lead
        text = self.quoted[0] if self.quoted else None
        if text is None:
            text = compose(
                [
                    Part(f"{self.brand}: Hi {{{{first_name}}}}, quick question! What would you like to see?"),
                    Part(capitalise(lead), required=False),
                    Part(f"Reply {choices}."),
                    Part(OPT_OUT),
                ],
                max_segments=self.max_segments,
            )
        main = self.add("poll", "message", label="Poll", text=text)
        for intent, target in branches:
            self.link(main, "reply", target, intent=intent)
        if self.reminders > 0:
            reminder = self.add(
                "reminder",
                "message",
                label="Reminder",
                text=compose(
                    [Part(f"Hi {{{{first_name}}}}, still curious what you'd like! Reply {choices}.")]
                ),
            )
            for intent, target in branches:
                self.link(reminder, "reply", target, intent=intent)
            self.link(main, "noreply", reminder, after=self._noreply_after(0))
        return main


# ----------------------------------------------------------------------------- helpers

_REORDER_MEANING = re.compile(
    r"\b(?:re-?order|order\s+again|same\s+order|refill|restock|replenish|buy\s+again)"
)
_PURCHASE_MEANING = re.compile(r"\b(?:buy|purchase|order|check\s*out|claim|get\s+(?:it|yours|one))\b")
_HELP_MEANING = re.compile(r"\b(?:help|questions?|support|talk|chat|agent)\b")
_NOREPLY_PROPERTY = re.compile(
    r"(?:\bno\s+(?:reply|response|answer)|\b(?:don'?t|do\s+not|doesn'?t|never)\s+(?:reply|respond|answer)"
    r"|\botherwise|\bignores?\b|\bsilent)[^.;]{0,50}?\b(?:set|sets|mark|tag|update|flag|label)\b"
)
_LEAD_WAIT_RE = re.compile(
    r"\bwait(?:ing)?\s+(?:for\s+)?(?:about\s+)?(?:an?\s+|\d+\s*|one\s+|two\s+|a\s+few\s+)\w*"
    # "30 min later text them", "25 days after someone buys, ask ..."
    r"|(?:^|[.;:,!-]\s*)(?:\d+|an?|one|two|three|four|five|six|seven|ten|twelve)\s*-?\s*"
    r"(?:min\w*|hours?|hrs?|days?|weeks?)\s+(?:later|after)\b"
    # "feedback request 3 days after purchase": a wait counted from the trigger
    r"|\b(?:\d+|an?|one|two|three|four|five|six|seven|ten|twelve)\s*-?\s*(?:min\w*|hours?|hrs?|days?|weeks?)\s+"
    r"after\s+(?:a\s+|an\s+|the\s+|their\s+|each\s+)?(?:purchase|order|delivery|checkout|sign-?up|they|someone"
    r"|customers?|people|subscrib\w*|joining|opt\w*)"
)
_SEND_VERB_RE = re.compile(
    r"\b(?:send|sends|text\s+them|message\s+them|offer|recommend|remind|email|thank|give|say|show|share|tell"
    r"|ask|announce|promote|invite|greet)\b"
)
_REVIEW_TEXT = "So glad to hear it, {{first_name}}! Would you leave us a quick review? {{store_url}}"
_SUPPORT_TEXT = (
    "We're sorry to hear that, {{first_name}}. Our support team will reach out shortly to make it right."
)
_NEGATIVE_ANSWERS = {"no", "n", "nope", "nah", "bad", "meh", "poor", "unhappy", "sad"}
_UNHAPPY_MEANING = re.compile(r"support|sorry|help|contact|reach out|refund|complain|fix", re.I)
_HAPPY_MEANING = re.compile(r"review|rate|testimonial|share|referr|love|happy|great", re.I)

_OPTION = re.compile(
    r"(?<![\w'])(\d{1,2}|[A-Z]|[A-Z][A-Z0-9]{1,11}(?=\s+(?:for|to see|to get|to browse)\b))\s*"
    r"(?:for|=|:|-|to see|to get|to browse)\s+(?:our\s+|the\s+)?([A-Za-z][A-Za-z\s'-]{1,40}?)"
    r"(?=\s*(?:,|\.|;|\bor\b|\band\b|$))"
)


def _poll_options(text: str) -> dict[str, str]:
    """'reply 1 for new arrivals, 2 for sale items' -> {"1": "new arrivals", "2": "sale items"}."""
    if not re.search(r"\b(?:reply|text|respond)\b", text, re.I):
        return {}
    options: dict[str, str] = {}
    for m in _OPTION.finditer(text):
        key = m.group(1).lower()
        if key not in options:
            options[key] = m.group(2).strip().lower()
    return options


_OCCASIONS = [
    (r"valentine", "Valentine's Day"),
    (r"christmas|xmas", "Christmas"),
    (r"black friday", "Black Friday"),
    (r"cyber monday", "Cyber Monday"),
    (r"mother'?s day", "Mother's Day"),
    (r"father'?s day", "Father's Day"),
    (r"halloween", "Halloween"),
    (r"thanksgiving", "Thanksgiving"),
    (r"new year", "New Year's"),
    (r"easter", "Easter"),
    (r"hanukkah", "Hanukkah"),
]


def _occasion_adjective(occasion: str) -> str:
    return "holiday" if occasion == "the holidays" else occasion


def _plan_discount(discount: Discount | None, code: str | None) -> PlanDiscount | None:
    if discount is None:
        return None
    value = re.sub(r"[^0-9]", "", discount.value or "") or None
    code = discount.code or code
    if discount.kind in ("percentage", "amount") and value:
        return PlanDiscount(kind=discount.kind, value=value, code=code)
    if code:
        return PlanDiscount(kind="code", code=code)
    return None


def _as_brief_discount(discount: PlanDiscount | None) -> Discount | None:
    if discount is None or discount.kind == "none":
        return None
    return Discount(kind=discount.kind, value=discount.value, code=discount.code)


def _limit(cap: Any) -> PlanLimit:
    return PlanLimit(occurrences=cap.occurrences, timespan=cap.timespan, period=cap.period)


def _parse_moment(raw: str | None) -> tuple[datetime, bool] | None:
    """(moment, had_time) from an ISO date or date-time."""
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=None), "T" in raw or " " in raw.strip()


def _window(start_raw: str | None, end_raw: str | None) -> PlanWindow | None:
    start = _parse_moment(start_raw)
    end = _parse_moment(end_raw)
    if start is None and end is None:
        return None
    if start is None:
        assert end is not None
        begin = end[0].replace(hour=0, minute=0, second=0)
        start = (begin, False)
    begin = start[0]
    if not start[1] or (begin.hour, begin.minute, begin.second) == (0, 0, 0):
        # A day, not a time: start the window at 9am, outside quiet hours.
        begin = begin.replace(hour=9, minute=0, second=0)
        start = (begin, False)
    if end is None:
        finish = begin + timedelta(hours=4) if start[1] else begin.replace(hour=23, minute=59, second=59)
    else:
        finish = end[0] if end[1] else end[0].replace(hour=23, minute=59, second=59)
    if finish <= begin:
        finish = begin + timedelta(hours=1)
    label = f"{_fmt(begin)} - {_fmt(finish)}"
    return PlanWindow(
        label=label, start=begin.isoformat(timespec="seconds"), end=finish.isoformat(timespec="seconds")
    )


def _fmt(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{moment.strftime('%b')} {moment.day}, {hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


# Keep the registry importable from here for callers that list playbooks.
PLAYBOOK_NAMES = tuple(PLAYBOOKS)


def _promise(step: PlanStep) -> PlanDiscount | None:
    """The discount a send carries, or None."""
    if step.type not in ("message", "product_choice", "purchase_offer", "reply_cart_choice"):
        return None
    if step.discount is None or step.discount.kind == "none":
        return None
    return step.discount
