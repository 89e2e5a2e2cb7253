"""The offline planner: brief -> FlowPlan by rules, no API key needed.

A playbook (playbooks.py) supplies the campaign's defaults; `Composer` lays the brief's
stated facts over them. The parts, one module each: facts.py (the brief as read once),
draft.py (the steps under construction), audience.py (segment), timing.py (waits, send
windows, caps), offers.py (discounts, purchase steps), messages.py (the copy), replies.py
(reply branches and reminders), experiments.py (A/B tests), surveys.py (surveys and polls),
bodies.py (welcome, drip and launch shapes). Output is deterministic for a given brief.
"""

from __future__ import annotations

import contextlib
import time
from datetime import UTC, datetime
from typing import Any

from flowgen_core.brief import BriefCues, CampaignBrief, Duration, cues_of, description_of, playbook_of
from flowgen_core.check import validate_flow
from flowgen_core.check.autofix import autofix
from flowgen_core.check.compliance import check_brief
from flowgen_core.check.report import Finding, Report
from flowgen_core.format.schema import SCHEMA_VERSION
from flowgen_core.plan.compile import compile_plan
from flowgen_core.plan.model import END, FlowPlan
from flowgen_core.planners.base import GenerationError, GenerationResult
from flowgen_core.planners.offline.audience import add_segment, audience_conditions, exclude
from flowgen_core.planners.offline.bodies import PlaybookBodies
from flowgen_core.planners.offline.copywriting import brand_token, discount_phrase, free_item_phrase
from flowgen_core.planners.offline.draft import PlanDraft
from flowgen_core.planners.offline.experiments import Experiments
from flowgen_core.planners.offline.facts import BriefFacts, Offer
from flowgen_core.planners.offline.messages import Messages, read_topic
from flowgen_core.planners.offline.offers import (
    Offers,
    allocate_discounts,
    as_brief_discount,
    branch_discounts,
    branch_offer,
    checkout_per_offer,
)
from flowgen_core.planners.offline.playbooks import PLAYBOOKS
from flowgen_core.planners.offline.properties import read_property_updates
from flowgen_core.planners.offline.replies import (
    PURCHASE_WORDS,
    REORDER_WORDS,
    Conversation,
    read_reply_words,
    reply_word,
)
from flowgen_core.planners.offline.surveys import Surveys
from flowgen_core.planners.offline.timing import Timing
from flowgen_core.steps import kind_of

__all__ = ["EMPTY_BRIEF_MESSAGE", "OfflineGenerator"]

EMPTY_BRIEF_MESSAGE = (
    "The brief is empty: describe the campaign in a sentence or two, e.g. "
    "'Win back customers who haven't ordered in 90 days with 15% off'."
)
# Keep the registry importable from here for callers that list playbooks.
PLAYBOOK_NAMES = tuple(PLAYBOOKS)


class OfflineGenerator:
    """Rule-based planner: deterministic, fast, and always produces a flow for a non-empty brief."""

    name = "offline"

    def plan(self, brief: CampaignBrief, brand_name: str | None = None) -> FlowPlan:
        if brief.is_empty():
            raise GenerationError(EMPTY_BRIEF_MESSAGE)
        return Composer(brief, brand_name).build()

    def generate(self, brief: CampaignBrief, *, brand_name: str | None = None) -> GenerationResult:
        started = time.perf_counter()
        plan = self.plan(brief, brand_name)
        flow = compile_plan(plan, description=description_of(brief))
        flow, report = check_and_fix(flow, brief)
        latency_ms = int((time.perf_counter() - started) * 1000)
        flow["metadata"] = build_metadata("offline", brief, latency_ms=latency_ms)
        return GenerationResult(
            flow=flow, plan=plan, report=report, brief=brief, generator="offline", latency_ms=latency_ms
        )


def check_and_fix(flow: dict[str, Any], brief: CampaignBrief | None) -> tuple[dict[str, Any], Report]:
    """Apply deterministic corrections and validate, including brief compliance."""
    verbatim = tuple(brief.quoted_copy) if brief else ()
    with contextlib.suppress(Exception):
        fixed = autofix(flow, verbatim=verbatim)
        if not any(f.code == "autofix_failed" for f in fixed.report.errors):
            # autofix already validated the corrected flow (schema, graph, content, same
            # verbatim copy): add only the brief's findings instead of validating again.
            return fixed.flow, _with_brief_findings(fixed.flow, fixed.report, brief)
        flow = fixed.flow
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
        for finding in check_brief(flow, brief):
            combined.add(finding)
    return combined


def build_metadata(
    generator: str, brief: CampaignBrief | None, *, latency_ms: int, model: str | None = None, tokens: int = 0
) -> dict[str, Any]:
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


def read_facts(brief: CampaignBrief, brand_name: str | None) -> BriefFacts:
    """Everything the build reads from the brief, in dependency order."""
    cues = cues_of(brief)
    pb = PLAYBOOKS.get(playbook_of(brief), PLAYBOOKS["generic"])
    reminders = max(0, min(3, brief.reminders if brief.reminders is not None else 1))
    reminders = max(reminders, _silent_series_reminders(brief))
    quoted = [q for q in brief.quoted_copy if q.strip()]
    keywords, poll, options, stop_requested = read_reply_words(brief, cues, quoted)
    # read with the reminders the brief states, before a no-reply property drops them below:
    # a discount written after the follow-up stays the follow-up's, never the main send's
    # an offer the brief gives the other branch (everyone else, all other times) is only its
    main_path, branch = branch_discounts(brief.discounts, cues, _branch_cue(brief, cues, pb.name))
    main, follow_ups = allocate_discounts(main_path, cues, reminders)
    # as many follow-ups as the brief escalates offers ("10%, then 15%, then 20% as a last chance")
    reminders = max(reminders, min(3, len(follow_ups)))
    properties, after_purchase, on_noreply = read_property_updates(brief, cues)
    if on_noreply and brief.reminders is None:
        reminders = 0  # the property is what happens to the silent, not another text
    return BriefFacts(
        brief=brief,
        description=description_of(brief),
        cues=cues,
        pb=pb,
        brand=brand_token(brand_name),
        max_segments=max(1, brief.max_segments or 2),
        reminders=reminders,
        quoted=quoted,
        keywords=keywords,
        poll=poll,
        options=options,
        stop_requested=stop_requested,
        main_discount=main.discount,
        free_shipping_main=main.free_shipping,
        follow_up_offers=follow_ups,
        branch_offer=branch_offer(branch),
        topic=read_topic(brief, pb, cues),
        property_after_purchase=after_purchase,
        properties_on_noreply=on_noreply,
        waits=list(brief.waits),
        noreply_waits=list(brief.no_reply_after),
        properties=properties,
        # an update for the customers who never answer is no reply's, though "reply KEEP,
        # otherwise mark sms_status = inactive" names KEEP in the sentence that sets it
        property_replies={}
        if on_noreply
        else {(p.name, p.value): reply_word(p.on_reply) for p in brief.property_updates if p.on_reply},
        any_reply_properties=set()
        if on_noreply
        else {p.name for p in brief.property_updates if p.after_reply and not p.on_reply},
    )


def _silent_series_reminders(brief: CampaignBrief) -> int:
    """ "SMS 1: … SMS 2 (2 days later, if no reply): … SMS 3 (if still no reply): …": a stated
    series whose every send after the first waits on silence is the first send and its
    reminders, one per no-reply wait (at most 3, and within the brief's cap on sends)."""
    sends = brief.series_length or 0
    if sends < 2 or len(brief.no_reply_after) < sends - 1:
        return 0
    limit = brief.max_sends - 1 if brief.max_sends else 3
    return max(0, min(3, sends - 1, limit))


def _branch_cue(brief: CampaignBrief, cues: BriefCues, playbook: str) -> str | None:
    """The cue that opens the body's other branch, for the bodies that build one."""
    if playbook == "launch" and brief.audience and cues.rest_of_audience:
        return "rest_of_audience"
    if playbook == "holiday" and brief.send_windows and cues.other_times_message:
        return "other_times_message"
    return None


# a reply destination the brief states -> the kind of step it opens
_OFFER_DESTINATIONS = {
    "purchase_offer": "purchase_offer",
    "latest_cart": "purchase_offer",
    "popular": "product_choice",
    "product_choice": "product_choice",
}


class Composer:
    """Brief -> FlowPlan: the body the playbook calls for, behind the entry gates."""

    def __init__(self, brief: CampaignBrief, brand_name: str | None) -> None:
        self.facts = facts = read_facts(brief, brand_name)
        self.draft = draft = PlanDraft()
        self.timing = Timing(draft, facts)
        self.offers = Offers(draft, facts)
        self.conversation = Conversation(draft, facts, self.offers, Messages(facts), self.timing)
        self.experiments = Experiments(draft, facts, self.offers, self.conversation)
        self.surveys = Surveys(draft, facts, self.conversation, self.timing)
        self.bodies = PlaybookBodies(draft, facts, self.conversation, self.experiments, self.timing)

    def build(self) -> FlowPlan:
        lead_wait = self.timing.lead_wait()
        body = self._body()
        self._attach_image(body)
        body = self._quiz(body)
        entry = self._gates(body, lead_wait)
        checkout_per_offer(self.draft)
        self.draft.settle_waits()
        if self.facts.brief.max_sends:
            self.draft.cap_sends(entry, self.facts.brief.max_sends)
        return FlowPlan(
            name=self._name(),
            description=self.facts.description,
            start=entry,
            steps=list(self.draft.steps.values()),
        )

    def _quiz(self, body: str) -> str:
        """The brief's quiz, asked before the body that answers it ("then recommend a product");
        only with the questions the brief lists, never made-up ones."""
        questions = self.facts.brief.quiz_questions
        if not questions:
            return body
        quiz = self.draft.add("quiz", "quiz", label="Quiz", questions=list(questions))
        self.draft.link(quiz, "default", body)
        return quiz

    def _attach_image(self, body: str) -> None:
        """The brief's picture on the first text of each path through the body (each variant of
        a test), only with the brief's URL; a path whose first send is no plain text gets none."""
        url = self.facts.brief.image_url
        if not url:
            return
        steps, seen, queue = self.draft.steps, set(), [body]
        while queue:
            key = queue.pop(0)
            if key in seen or key not in steps:
                continue
            seen.add(key)
            kind = kind_of(steps[key].type)
            if kind.carries_image:
                steps[key].image_url = url
            if kind.sends_text:
                continue  # the picture belongs to the first text, not to the follow-ups
            queue += [t.to for t in steps[key].next]

    def _name(self) -> str:
        facts = self.facts
        detail = discount_phrase(as_brief_discount(facts.main_discount), facts.cues.currency)
        if facts.brief.free_item and facts.main_discount is not None and facts.main_discount.kind == "code":
            detail = free_item_phrase(facts.brief.free_item)  # a free item, not a discount
        if not detail and facts.free_shipping_main:
            detail = "free shipping"
        return f"{facts.pb.title} - {detail}" if detail else facts.pb.title

    def _gates(self, body: str, lead_wait: Duration | None) -> str:
        """Entry chain, built back to front: segment -> limit -> rate limit -> wait -> schedule -> body."""
        facts, draft = self.facts, self.draft
        entry = body
        if facts.properties:  # not consumed by the body: set them as the customer enters
            entry = draft.property_step(entry, facts.take_properties())
        if (facts.brief.send_windows or facts.brief.send_hours) and not draft.of_type("schedule"):
            entry = self.timing.schedule(
                entry, self._other_times(stated_only=True) if facts.brief.send_windows else END
            )
        if lead_wait is not None:
            entry = self.timing.delay("wait", lead_wait, entry)
        entry = self.timing.caps(entry)
        if not draft.of_type("segment"):
            conditions = audience_conditions(facts)
            if conditions:
                entry = add_segment(draft, conditions, entry)
                exclude(draft, entry, END)
        return entry

    def _body(self) -> str:
        facts = self.facts
        name = facts.pb.name
        if name == "survey" or (facts.poll and facts.cues.score_scale):
            return self.surveys.survey()
        if name == "welcome":
            return self.bodies.welcome()
        # an announcement with a stated series ("a four-text countdown, one every 2 days") is
        # that series; a trigger's own flow keeps its shape
        if name == "drip" or (
            name in ("generic", "holiday", "launch", "flash_sale") and self._stated_series()
        ):
            return self.bodies.drip()
        if name == "launch" and facts.brief.audience:
            return self.bodies.launch_split()
        if name == "holiday" and facts.brief.send_windows:
            return self._holiday()
        if facts.cues.left_out_send and facts.brief.audience:
            # "everyone except donors gets the ask; donors get a thank-you instead": both groups
            return self.bodies.left_out_split(self._offer_core())
        return self._offer_core()

    def _stated_series(self) -> bool:
        """A series of two or more sends with a plain wait stated before each one after the first
        ("3 texts, 3 days apart", "text 2 on day 3, text 3 on day 7", "1. Send a thank-you. 2. Wait
        2 days. 3. Show our bestsellers.")."""
        count = self.facts.brief.series_length or 0
        return count >= 2 and len(self.facts.waits) >= count - 1

    def _holiday(self) -> str:
        """The offer inside the send windows; at other times new arrivals, unless the brief says nothing."""
        return self.timing.schedule(self._offer_core(), self._other_times())

    def _other_times(self, stated_only: bool = False) -> str:
        """What a dated window's "all other time" branch sends: the brief's message for it, else
        (a holiday flow that asks for a send there) new arrivals, else nothing."""
        messages = self.conversation.messages
        lead = messages.other_times_lead("new arrivals just landed. Come see what's new.")
        asked = self.facts.cues.other_times_message and not stated_only
        if not asked and lead not in messages.stated_leads:
            return END
        offer = self.facts.branch_offer or Offer()
        return self.conversation.send(
            "other_times",
            "message",
            lead=lead,
            first=True,
            discount=offer.discount,
            free_shipping=offer.free_shipping,
            keywords=self.conversation.cta_keywords("shop"),
        )

    def _offer_core(self) -> str:
        """The main offer (or poll), its reminders, and the no-reply property for the silent."""
        facts = self.facts
        main_kind = facts.cues.named_step or ("purchase_offer" if facts.brief.products else facts.pb.main)
        # "reply SHOE -> purchase offer for variant 7": the offer is the reply's, the first send asks
        if main_kind in _OFFER_DESTINATIONS.values() and any(
            _OFFER_DESTINATIONS.get(where) == main_kind for where in facts.brief.reply_destinations.values()
        ):
            main_kind = "message"
        default_cta = "buy" if facts.brief.products else facts.pb.cta
        if main_kind == "purchase_offer" and default_cta not in PURCHASE_WORDS | REORDER_WORDS:
            default_cta = "yes"
        keywords = self.conversation.cta_keywords(default_cta)
        if facts.poll:
            return self.surveys.poll(main_kind)
        lead = None
        if main_kind == "purchase_offer" and facts.pb.main != "purchase_offer":
            named = facts.topic != facts.pb.topic and not facts.topic.startswith("our ")
            lead = (
                f"{facts.topic} is ready for you: {{{{Cart List}}}}"
                if named and facts.brief.products
                else "your cart is saved and ready when you are: {{Cart List}}"
            )
        # "a week later, send a reminder" (no word of silence): a plain message waits and then
        # sends the reminder to everyone; the reminder carries the reply the main send would
        delayed = (
            facts.brief.follow_up_unconditional
            and main_kind == "message"
            and not facts.keywords
            and facts.reminders > 0
            and bool(facts.waits)
            and not facts.noreply_waits
            and facts.brief.experiment is None
        )
        sends = self.experiments.main_sends(main_kind, [] if delayed else keywords, lead=lead)
        finals = self.conversation.attach_reminders(sends, keywords, delayed=delayed)
        if facts.properties_on_noreply and facts.properties:
            # "if no reply in 3 days, set sms_status to unengaged": only the silent get the property
            after = self.timing.noreply_after(facts.reminders)
            marker = self.draft.property_step(END, facts.take_properties(), key="mark_no_reply")
            for send in finals:
                if not any(t.on == "noreply" for t in self.draft.steps[send].next):
                    self.draft.link(send, "noreply", marker, after=after)
        elif facts.reminders == 0 and facts.noreply_waits:
            # "no reply in 48 hours -> end, don't chase": the silent leave after the stated wait
            after = self.timing.noreply_after(0)
            for send in finals:
                transitions = self.draft.steps[send].next
                if transitions and not any(t.on in ("noreply", "default") for t in transitions):
                    self.draft.link(send, "noreply", END, after=after)
        return self.experiments.entry_of(sends)
