"""Flow bodies for playbooks that are not one offer: a welcome with its follow-up, a drip
series, and a launch that gives VIPs early access.
"""

from __future__ import annotations

from flowgen_core.brief import Duration
from flowgen_core.plan.model import END, PlanWait
from flowgen_core.planners.offline.audience import add_segment, audience_conditions, exclude
from flowgen_core.planners.offline.copywriting import repeats
from flowgen_core.planners.offline.draft import PlanDraft
from flowgen_core.planners.offline.experiments import Experiments
from flowgen_core.planners.offline.facts import BriefFacts, Offer
from flowgen_core.planners.offline.replies import Conversation
from flowgen_core.planners.offline.timing import Timing

_DRIP_TIPS = [
    "welcome to our {count}-part guide to {topic}. Tip 1: keep it simple. A few steps done daily beat a "
    "complicated routine.",
    "tip 2 of {count} for {topic}: timing matters. Build it into a moment you already have every day.",
    "tip 3 of {count} for {topic}: pay attention to what works for you and adjust as you go.",
    "tip 4 of {count} for {topic}: quality over quantity. Pick a few products you love.",
    "tip 5 of {count} for {topic}: be patient. Real results take a few weeks.",
    "tip 6 of {count} for {topic}: keep notes on what you change so you can see what helps.",
    "tip 7 of {count} for {topic}: share what works with a friend. Habits stick better together.",
]


class PlaybookBodies:
    """The bodies of the welcome, drip and launch playbooks."""

    def __init__(
        self,
        draft: PlanDraft,
        facts: BriefFacts,
        conversation: Conversation,
        experiments: Experiments,
        timing: Timing,
    ) -> None:
        self.draft = draft
        self.facts = facts
        self.conversation = conversation
        self.experiments = experiments
        self.timing = timing

    def welcome(self) -> str:
        """The welcome, then (when the brief asks for more) popular products after a wait or no reply."""
        facts = self.facts
        messages = self.conversation.messages
        stated = messages.stated_lead(0)
        # ES/FR/DE copy says the brief's own line instead of the template's welcome lead
        lead = (
            stated if stated and facts.brief.language != "en" else messages.with_stated(facts.pb.lead, stated)
        )
        anytime = "Text us anytime, we're here to help."
        if facts.cues.open_questions and not repeats(lead, anytime):
            lead += f" {anytime}"
        keywords = list(facts.keywords)
        if (facts.brief.series_length or 0) >= 3:
            # "3 texts, 3 days apart", "Message 1 ... Wait: 2 days ... Message 3": a welcome series
            return self.drip(first_lead=lead)
        sends = self.experiments.main_sends("message", keywords, lead=lead, key="welcome", label="Welcome")
        entry = self.experiments.entry_of(sends)
        follow_up = (
            bool(facts.waits) or bool(facts.noreply_waits and keywords) or facts.cues.welcome_follow_up
        )
        if not follow_up:
            if not keywords and facts.properties:
                self._continue(sends, self.draft.property_step(END, facts.take_properties()))
            return entry
        if keywords and facts.noreply_waits:
            # the follow-up goes to the customers who did not answer: it waits the stated timeout
            wait = facts.noreply_waits[0]
        else:
            wait = facts.waits.pop(0) if facts.waits else Duration(value=3, unit="days")
        picks = self.conversation.send(
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
                self.draft.link(send, "noreply", picks, after=PlanWait(value=wait.value, unit=wait.unit))
            return entry
        nxt = self.timing.delay("wait", wait, picks)
        if facts.properties and not facts.property_after_purchase:
            nxt = self.draft.property_step(nxt, facts.take_properties())
        self._continue(sends, nxt)
        return entry

    def _continue(self, sends: list[str], nxt: str) -> None:
        """Replace each send's way out with one default to `nxt`."""
        for send in sends:
            self.draft.steps[send].next.clear()
            self.draft.link(send, "default", nxt)

    def drip(self, first_lead: str | None = None) -> str:
        """A numbered series of tips, a wait between each; the last part ends the flow unless the
        brief names a reply for it. A welcome series opens with `first_lead`."""
        facts = self.facts
        # the interpreter's count of the series; 3 when the brief names none
        count = max(2, min(len(_DRIP_TIPS), facts.brief.series_length or 3))
        gaps = self._series_gaps(count - 1)
        messages = self.conversation.messages
        # a part whose content the brief states says it; the others give the stock tips
        tips = [
            messages.stated_lead(index) or tip.format(count=count, topic=facts.topic)
            for index, tip in enumerate(_DRIP_TIPS)
        ]
        if first_lead is not None:
            tips[0] = first_lead
        # the last part is the last send: only reply keywords the brief names lead on from it
        # (a stock "reply SHOP for picks" would add a send the series never asked for)
        closing = list(facts.keywords)
        keys: list[str] = []
        for index in range(count):
            last = index == count - 1
            asks = last and bool(closing)
            key = self.conversation.send(
                f"part_{index + 1}",
                "message",
                lead=tips[index] + (" Want product picks for it?" if asks and "shop" in closing else ""),
                first=index == 0,
                discount=facts.main_discount if last else None,
                free_shipping=facts.free_shipping_main and last,
                keywords=closing if asks else [],
                label=f"Part {index + 1} of {count}",
            )
            keys.append(key)
        for index, key in enumerate(keys[:-1]):
            self.draft.steps[key].next.clear()
            nxt = self.timing.delay("wait", gaps[index], keys[index + 1])
            if index == 0 and facts.properties and not facts.property_after_purchase:
                nxt = self.draft.property_step(nxt, facts.take_properties())
            self.draft.link(key, "default", nxt)
        return keys[0]

    def _series_gaps(self, count: int) -> list[Duration]:
        """The waits between the parts of a series, in the order the brief states them ("2 days
        later ..., then three days after that"); the last stated one holds for the gaps after it."""
        facts = self.facts
        stated = facts.waits[:count]
        del facts.waits[:count]
        if not stated:
            stated = [Duration(value=2, unit="days")]
        return stated + [stated[-1]] * (count - len(stated))

    def launch_split(self) -> str:
        """VIPs (the brief's audience) get early access; everyone else, when named, the launch later."""
        facts = self.facts
        keywords = list(facts.keywords)
        early = self.experiments.entry_of(
            self.experiments.main_sends(
                "message",
                keywords,
                lead=f"you're on the VIP list, so you get early access to {facts.topic}. Shop before anyone else: "
                "{{store_url}}",
                key="early_access",
                label="Early access",
            )
        )
        segment = add_segment(self.draft, audience_conditions(facts), early)
        rest = END
        if facts.cues.rest_of_audience:
            wait = facts.waits.pop(0) if facts.waits else Duration(value=1, unit="days")
            offer = facts.branch_offer or Offer(facts.main_discount, facts.free_shipping_main)
            standard = self.conversation.send(
                "launch",
                "message",
                lead=f"{facts.topic} is here! Shop the launch now: {{{{store_url}}}}",
                first=True,
                discount=offer.discount,
                free_shipping=offer.free_shipping,
                keywords=keywords,
                quote=facts.quoted[1] if len(facts.quoted) > 1 else None,
                label="Launch message",
            )
            rest = self.timing.delay("wait", wait, standard)
        exclude(self.draft, segment, rest)
        return segment

    def left_out_split(self, main: str) -> str:
        """The audience gets `main`; the group the brief leaves out of it ("everyone except
        donors ...; donors get a thank-you instead") a send of its own at once, not nothing. Its
        copy says no more than the brief's facts do: no offer, no reply asked for."""
        segment = add_segment(self.draft, audience_conditions(self.facts), main)
        own = self.conversation.send(
            "left_out",
            "message",
            lead="here's a message just for you: {{store_url}}",
            first=True,
            discount=None,
            free_shipping=False,
            keywords=[],
            label="Their own message",
        )
        exclude(self.draft, segment, own)
        return segment
