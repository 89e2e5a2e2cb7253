"""The words of each text: greeting, lead, offer sentence, call to action and opt-out,
fitted to the brief's segment budget (or written from the localized templates).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flowgen_core.brief import (
    BriefCues,
    CampaignBrief,
    StatedContent,
    asks_for_no_products,
    sells_nothing,
    stated_of,
)
from flowgen_core.plan.model import PlanDiscount
from flowgen_core.planners.offline.copywriting import (
    OPT_OUT,
    Part,
    capitalise,
    compose,
    discount_phrase,
    free_item_phrase,
    repeats,
    segments,
    sentence_case,
    to_gsm7,
)
from flowgen_core.planners.offline.facts import BriefFacts
from flowgen_core.planners.offline.localized import (
    LOCALIZED_LANGUAGES,
    localized_copy,
    offer_phrase,
    templates,
)
from flowgen_core.planners.offline.offers import as_brief_discount
from flowgen_core.planners.offline.playbooks import Playbook
from flowgen_core.planners.offline.stated_copy import (
    StatedCopy,
    reply_action,
    variable_sentence,
)

# One sentence per tone: experiment variants differ in wording, not only in a prefix.
TONES = {
    "urgent": "Hurry, it won't last long!",
    "playful": "Go on, treat yourself!",
    "friendly": "We're so happy to have you here.",
    "fun": "Let the fun begin!",
    "casual": "No pressure, just good stuff.",
    "formal": "Thank you for being our customer.",
    "exclusive": "This one is just for our insiders.",
    "personal": "We picked this with you in mind.",
}


def read_topic(brief: CampaignBrief, pb: Playbook, cues: BriefCues) -> str:
    """What the copy is about: a drip's subject, named products, the first topic, or the playbook's."""
    if cues.drip_subject and pb.name == "drip":
        return cues.drip_subject
    named = [to_gsm7(p.name).strip() for p in brief.products if p.name and to_gsm7(p.name).strip()]
    if named and pb.name in ("generic", "flash_sale", "launch", "winback"):
        return " and ".join(named[:2])
    lead = pb.lead.replace("{topic}", "").lower()
    topics = [t for t in brief.topics if t.strip() and t.strip().lower() not in lead]
    if topics:
        return to_gsm7(topics[0].strip())
    if pb.name == "launch" and cues.new_line:
        return f"our {cues.new_line}"
    subject = to_gsm7(stated_of(brief).subject or "")
    # a heading that only says "launch" or "early access" again names nothing on sale
    launch_words = f"{pb.lead} early access launch"
    if pb.name == "launch" and subject and brief.language == "en" and not repeats(launch_words, subject):
        # what goes on sale early is the brief's heading ("Concert presale: ..."), not "our new collection"
        return sentence_case(subject)
    return pb.topic


def _occasion_adjective(occasion: str) -> str:
    return "holiday" if occasion == "the holidays" else occasion


class Messages:
    """Copy for the sends of one brief."""

    def __init__(self, facts: BriefFacts) -> None:
        self.facts = facts
        brief = facts.brief
        # stated content is in the brief's own words: only copy in that language can carry it
        own_language = brief.language == brief.source_language
        self.stated = StatedCopy(stated_of(brief) if own_language else StatedContent(), brief.language)
        self.stated_leads: set[str] = set()  # leads written from the brief's stated content
        # a generic flow that asks for no products: its copy offers and reminds of none
        self.sells_nothing = sells_nothing(brief)
        # a discount on something the brief names no products for ("£20 off the renewal")
        # (its own keyword claims it; a default keyword still leads to picks)
        self.no_products = asks_for_no_products(brief) and (not brief.discounts or bool(brief.reply_keywords))

    def _stated(self, lead: str | None) -> str | None:
        if lead:
            self.stated_leads.add(lead)
        return lead

    def mark_stated(self, lead: str) -> str:
        """`lead`, written from the brief's own words (an A/B variant's content): kept as stated."""
        self.stated_leads.add(lead)
        return lead

    def stated_lead(self, position: int) -> str | None:
        """The main sentence the brief states for the send at `position` on the main path."""
        return self._stated(self.stated.lead(position))

    def lead(self, position: int = 0) -> str:
        """The main sentence of the send at `position` on the main path (0: the first send)."""
        facts = self.facts
        stated = self.stated_lead(position)
        if facts.pb.name == "generic":
            # the generic lead says nothing of its own: the brief's content, or its subject, replaces it
            subject = stated or self._stated(self.stated.subject_lead())
            if subject:
                return subject
        return (
            self.with_stated(self._playbook_lead(), stated)
            if position == 0
            else stated or self._playbook_lead()
        )

    @staticmethod
    def with_stated(base: str, stated: str | None) -> str:
        """A playbook's lead keeps its sense ("running low on coffee?"); the brief's content follows
        it, unless it only says the same again."""
        return f"{base} {stated}" if stated and not repeats(base, stated) else base

    def _playbook_lead(self) -> str:
        facts = self.facts
        if facts.pb.name == "holiday":
            occasion = facts.cues.occasion or "the holidays"
            if facts.cues.gift_guide:
                return f"our {_occasion_adjective(occasion)} gift guide is here, with gifts for everyone on your list."
            topic = facts.topic if facts.topic != facts.pb.topic else "our bestsellers"
            verb = "are" if occasion == "the holidays" else "is"
            return f"{occasion} {verb} almost here! Find the perfect gift, from {topic} and more."
        if facts.pb.name == "cross_sell" and facts.cues.asks_review:
            return (
                "thanks for your order! We'd love a quick review: {{store_url}} And picked for you to go with it: "
                "{{Product List}}"
            )
        if self.no_products:
            # no products asked for: no "bestsellers, picked just for you" either
            return (
                f"we have news for you about {facts.topic}."
                if facts.topic != facts.pb.topic
                else ("we have news for you.")
            )
        return facts.pb.lead.replace("{topic}", facts.topic)

    def reminder_lead(self, index: int) -> str:
        """The main sentence of reminder `index`: what the brief states for it, else the playbook's."""
        stated = self._stated(self.stated.reminder_lead(index, echo_first=self.facts.pb.name == "generic"))
        if stated:
            return stated
        if self.no_products:
            # news, an event, a booking, a renewal: the reminder is of what the first text was about, never "picks"
            topic = self.facts.topic
            return (
                f"just a reminder about {topic}."
                if topic != self.facts.pb.topic
                else ("just a reminder about our last message.")
            )
        return self.facts.pb.reminder or "just checking in."

    def other_times_lead(self, default: str) -> str:
        """The main sentence of the send outside the brief's dated window."""
        return self._stated(self.stated.other_times_lead()) or default

    def _stated_actions(self) -> dict[str, str]:
        """What each reply does in the brief's own words ("MENU to get today's menu"), when it says."""
        meanings = self.facts.brief.reply_meanings
        return {
            word.lower(): action for word, meaning in meanings.items() if (action := reply_action(meaning))
        }

    def topic_tail(self) -> str:
        """Topics the brief names beyond the first, kept in copy as a short optional sentence."""
        extra = [to_gsm7(t) for t in self.facts.brief.topics[1:3] if t.strip()]
        return f"Think {' and '.join(extra)}." if extra else ""

    def for_topic(self) -> str:
        topic = self.facts.topic
        return f" in {topic}" if topic and topic != self.facts.pb.topic else ""

    def write(
        self,
        kind: str,
        lead: str,
        first: bool,
        discount: PlanDiscount | None,
        free_shipping: bool,
        targets: list[tuple[str, str]],
        verb: Callable[[str], str],
        tone: str | None,
        reminder: bool,
    ) -> str:
        """The text of a send; `targets` are its (reply word, step) pairs, `verb` says what each does."""
        # words the brief says this send must contain go in verbatim, whatever the rest says
        musts = self.stated.must_say(first)
        text = self._write(kind, lead, first, discount, free_shipping, targets, verb, tone, reminder, musts)
        return self.stated.with_must_say(text, musts)

    def _write(
        self,
        kind: str,
        lead: str,
        first: bool,
        discount: PlanDiscount | None,
        free_shipping: bool,
        targets: list[tuple[str, str]],
        verb: Callable[[str], str],
        tone: str | None,
        reminder: bool,
        musts: list[str],
    ) -> str:
        facts = self.facts
        # a stated lead, or one that starts with it (a drip's last part adds a question)
        stated = any(lead.startswith(words) for words in self.stated_leads)
        if facts.brief.language in LOCALIZED_LANGUAGES:
            return self._localized(
                kind, first, discount, free_shipping, targets, reminder, lead if stated else None
            )
        lead = lead.strip()
        # a stated lead is a sentence of its own, capitalised as the brief wrote it
        mark = "!" if stated else ","
        greeting = f"{facts.brand}: Hi {{{{first_name}}}}{mark}" if first else f"Hi {{{{first_name}}}}{mark}"
        parts = [Part(f"{greeting} {lead}")]
        if first:
            parts += [Part(variable_sentence(name)) for name in self.stated.missing_variables(lead)]
        if tone in TONES:
            parts.append(Part(TONES[tone]))
        if kind == "purchase_offer" and "{{Cart List}}" not in lead:
            parts.append(Part("Your cart: {{Cart List}}"))
        if kind == "product_choice" and "{{Product List}}" not in lead:
            parts.append(Part("{{Product List}}"))
        offer = discount_phrase(as_brief_discount(discount), facts.cues.currency)
        # a code that gives a free item ("a free churro with code CHURRO") is no discount
        item = facts.brief.free_item if discount is not None and discount.kind == "code" else None
        if item:
            offer = ""
        parts += _offer_parts(offer, discount, free_shipping, reminder, item)
        unsaid = [w for w in musts if w.casefold() not in lead.casefold()]
        must_parts = [Part(self.stated.must_sentence(w)) for w in unsaid]
        # a sign-off closes the message, before its opt-out
        signed = [p for w, p in zip(unsaid, must_parts, strict=True) if self.stated.kind_of(w) == "sign_off"]
        parts += [p for p in must_parts if p not in signed]
        tail = self.topic_tail()
        if tail and first:
            parts.append(Part(tail, required=False))
        if targets:
            parts.append(Part(_cta(targets, verb, self._stated_actions())))
        if kind == "purchase_offer":
            parts.append(Part("Or check out here: {{Purchase Link}}", required=False))
        elif kind == "message" and "{{store_url}}" not in lead:
            parts.append(Part("Shop: {{store_url}}", required=False))
        parts += signed
        if first:
            parts.append(Part(OPT_OUT))
        text = compose(parts, max_segments=facts.max_segments)
        if segments(text) <= facts.max_segments:
            return text
        kept = {p.text for p in must_parts} | ({OPT_OUT} if first else set())
        return self._compact(parts, greeting, offer, lead, kept, brand=facts.brand if first else None)

    def _localized(
        self,
        kind: str,
        first: bool,
        discount: PlanDiscount | None,
        free_shipping: bool,
        targets: list[tuple[str, str]],
        reminder: bool,
        lead: str | None,
    ) -> str:
        facts = self.facts
        if lead is None and reminder and not first and kind == "message" and self.sells_nothing:
            lead = templates(facts.brief.language)["reminder_news"]
        return localized_copy(
            facts.brief.language,
            brand=facts.brand,
            playbook=facts.pb.name,
            first=first,
            offer=offer_phrase(
                facts.brief.language,
                discount.kind if discount else None,
                discount.value if discount else None,
                discount.code if discount else None,
                currency=facts.cues.currency,
            ),
            code=discount.code if discount else None,
            item=facts.brief.free_item if discount is not None and discount.kind == "code" else None,
            free_shipping=free_shipping,
            reminder=reminder,
            keywords=[word for word, _ in targets],
            kind=kind,
            max_segments=facts.max_segments,
            lead=lead,
            # the brief's own "Responde RESERVAR para reservar tu plaza", in its language
            actions={
                word: action
                for word, _ in targets
                if (action := facts.brief.reply_actions_local.get(word.lower()))
            },
        )

    def _compact(
        self, parts: list[Part], greeting: str, offer: str, lead: str, kept: set[str], brand: str | None
    ) -> str:
        max_segments = self.facts.max_segments
        text = self._headline(parts, greeting, offer, lead)
        if segments(text) <= max_segments:
            return text
        # Product and cart lists are long once filled in: keep only the list and the reply, and
        # what a message may never lose: the sender and opt-out of a first text, the words the
        # brief says it must contain
        essentials = [p for p in parts if "List}}" in p.text or p.text.startswith("Reply ") or p.text in kept]
        if offer:
            essentials.insert(
                1 if essentials and "List}}" in essentials[0].text else 0, Part(f"{capitalise(offer)}!")
            )
        if brand:
            essentials.insert(0, Part(f"{brand}:"))
        shorter = compose(essentials, max_segments=max_segments)
        return shorter if essentials and segments(shorter) < segments(text) else text

    def _headline(self, parts: list[Part], greeting: str, offer: str, lead: str) -> str:
        """Same message with a one-line headline instead of the lead sentence, for tight budgets."""
        topic = self.facts.topic
        if offer and topic != self.facts.pb.topic:
            headline = f"{offer} {topic} just for you!"
        elif offer:
            headline = f"{offer} just for you!"
        else:
            headline = re.split(r"(?<=[.!?:])\s", lead, maxsplit=1)[0]
            # a product or cart list the lead shows is what the text is for: the headline keeps it
            lists = [v for v in re.findall(r"\{\{[^{}]*List\}\}", lead) if v not in headline]
            headline = " ".join([headline, *lists])
        offer_parts = {p.text for p in parts if p.text.startswith(("Enjoy ", "Your "))}
        rest = [p for p in parts[1:] if p.text not in offer_parts and p.required]
        return compose([Part(f"{greeting} {headline}"), *rest], max_segments=self.facts.max_segments)


def _offer_parts(
    offer: str, discount: PlanDiscount | None, free_shipping: bool, reminder: bool, item: str | None = None
) -> list[Part]:
    """The offer sentence (and its code), the code and the free item it gives, or the code or
    free shipping alone."""
    if offer:
        verb = "is still yours" if reminder else "just for you"
        sentence = f"Enjoy {offer} {verb}" if not reminder else f"Your {offer} {verb}"
        parts = [Part(f"{sentence}{' + free shipping' if free_shipping else ''}.")]
        if discount is not None and discount.code:
            parts.append(Part(f"Use code {discount.code.upper()}."))
        return parts
    if discount is not None and discount.code and item:
        return [Part(f"Use code {discount.code.upper()} for {free_item_phrase(item)}.")]
    if discount is not None and discount.code:
        return [Part(f"Use code {discount.code.upper()} for a special discount.")]
    if free_shipping:
        return [
            Part(
                "Enjoy free shipping on your order."
                if not reminder
                else "Plus, shipping is on us: free shipping!"
            )
        ]
    return []


def _cta(
    targets: list[tuple[str, str]], verb: Callable[[str], str], said: dict[str, str] | None = None
) -> str:
    """ "Reply YES to buy now.": each reply word with what it does, in the brief's words when it says."""
    said = said or {}
    phrases = [f"{word.upper()} to {said.get(word.lower()) or verb(target)}" for word, target in targets]
    if len(phrases) == 1:
        return f"Reply {phrases[0]}."
    return f"Reply {', '.join(phrases[:-1])} or {phrases[-1]}."
