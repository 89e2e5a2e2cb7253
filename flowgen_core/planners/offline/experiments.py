"""A/B tests: the main send, or one variant per experiment group behind an experiment step."""

from __future__ import annotations

import re

from flowgen_core.brief.model import Discount
from flowgen_core.brief.vocabulary import load_vocabulary
from flowgen_core.plan.model import PlanDiscount
from flowgen_core.planners.offline.copywriting import capitalise, to_gsm7
from flowgen_core.planners.offline.draft import PlanDraft
from flowgen_core.planners.offline.facts import BriefFacts
from flowgen_core.planners.offline.messages import TONES
from flowgen_core.planners.offline.offers import Offers
from flowgen_core.planners.offline.replies import Conversation

# Tones given to variants the brief does not describe, by group index.
_DEFAULT_TONES: list[str | None] = [None, "urgent", "playful", "friendly", "exclusive"]


class Experiments:
    """The brief's A/B test, placed on the first main send."""

    def __init__(
        self, draft: PlanDraft, facts: BriefFacts, offers: Offers, conversation: Conversation
    ) -> None:
        self.draft = draft
        self.facts = facts
        self.offers = offers
        self.conversation = conversation
        self.done = False  # the brief's experiment is placed once, on the first main send
        self.entry = ""

    def main_sends(
        self,
        kind: str,
        keywords: list[str],
        lead: str | None = None,
        key: str = "offer",
        label: str | None = None,
    ) -> list[str]:
        """One send, or one per experiment group behind an experiment node."""
        facts = self.facts
        lead = lead or self.conversation.messages.lead()
        experiment = facts.brief.experiment
        if experiment is None or self.done:
            key = self.conversation.send(
                key,
                kind,
                lead=lead,
                first=True,
                discount=facts.main_discount,
                free_shipping=facts.free_shipping_main,
                keywords=keywords,
                quote=facts.quoted[0] if facts.quoted else None,
                label=label,
            )
            return [key]
        self.done = True
        variants = list(experiment.variants)
        groups = max(2, min(5, max(experiment.groups, len(variants))))
        offers = list(experiment.offers) if len(experiment.offers) == len(variants) else []
        self.offers.variant_offers = any(offers) or any(
            re.search(r"\d\s*(?:%|percent)|\$\s*\d|free (?:shipping|delivery)", v, re.I) for v in variants
        )
        sends: list[str] = []
        for index in range(groups):
            variant = variants[index] if index < len(variants) else ""
            tone, discount, free_shipping = self._variant(variant, index, offers[index] if offers else None)
            own = self._variant_content(variant)
            if own is not None and self.offers.variant_offers and discount is self.facts.main_discount:
                discount, free_shipping = None, False  # another variant's offer is not this one's
            sends.append(
                self.conversation.send(
                    f"variant_{chr(ord('a') + index)}",
                    kind,
                    lead=self._variant_lead(lead, own),
                    first=True,
                    discount=discount,
                    free_shipping=free_shipping,
                    keywords=keywords,
                    tone=tone,
                    quote=facts.quoted[index] if index < len(facts.quoted) else None,
                    label=f"Variant {chr(ord('A') + index)}"
                    + (f" ({to_gsm7(variant)[:30]})" if variant else ""),
                )
            )
        split = experiment.split if len(experiment.split) == groups and sum(experiment.split) == 100 else None
        key = self.draft.add(
            "experiment",
            "experiment",
            label="A/B test",
            experiment_name=f"{facts.pb.title} test",
            split_percentages=split,
        )
        for send in sends:
            self.draft.link(key, "split", send)
        self.entry = key
        return sends

    def entry_of(self, sends: list[str]) -> str:
        """Where `main_sends` starts: the single send, or the experiment step."""
        return sends[0] if len(sends) == 1 else self.entry

    def _variant_lead(self, lead: str, own: str | None) -> str:
        """The lead of a variant that says `own`: after the shared lead, or alone when the shared
        lead is the planner's English one and the copy is in another language."""
        if own is None:
            return lead
        messages = self.conversation.messages
        shared = self.facts.brief.language == "en" or any(lead.startswith(w) for w in messages.stated_leads)
        return messages.mark_stated(f"{capitalise(lead)} {own}" if shared else own)

    def _variant_content(self, variant: str) -> str | None:
        """What a variant says in the brief's words ("a free hand massage with any pedicure"), as a
        sentence, when its description is content rather than an offer, a tone or a format."""
        brief = self.facts.brief
        quoted = re.fullmatch(r"\u201c(.+)\u201d", variant.strip())
        if quoted:  # words the brief quotes for this version: its copy as written, any language
            words = quoted.group(1).strip()
            return capitalise(to_gsm7(words)) + ("" if words[-1:] in ".!?" else ".")
        wording = variant.strip().rstrip(".!")
        if (
            len(wording.split()) < 3
            # the test is read in plain English words ("un" -> "one"): only English copy can say them
            or brief.language != "en"
            or brief.source_language != "en"
            or any(re.search(rf"\b{t}\b", wording, re.I) for t in TONES)
            or re.search(r"\d\s*(?:%|percent)|[$€£]\s*\d|free\s+(?:shipping|delivery)", wording, re.I)
            or re.search(load_vocabulary("stated")["variant_not_content"], wording, re.I)
        ):
            return None
        return capitalise(to_gsm7(wording)) + "."

    def _variant(
        self, variant: str, index: int, offer: Discount | None = None
    ) -> tuple[str | None, PlanDiscount | None, bool]:
        """(tone, discount, free shipping) a variant's description names; the main offer otherwise.
        `offer` is the money off the interpreter read in the variant's words ("5 € off")."""
        wording = variant.lower()  # the experiment fact's wording, not the brief
        main = self.facts.main_discount
        code = main.code if main else None
        if offer is not None and offer.kind in ("percentage", "amount") and offer.value:
            tone = next((t for t in TONES if t in wording), None)
            return tone, PlanDiscount(kind=offer.kind, value=offer.value, code=offer.code or code), False
        percent = re.search(r"(\d{1,3})\s*(?:%|percent)", wording)
        amount = re.search(r"\$\s*(\d+)", wording)
        tone = next((t for t in TONES if t in wording), None)
        if tone is None and not (percent or amount or "free shipping" in wording):
            tone = _DEFAULT_TONES[index % 5]
        if percent:
            return tone, PlanDiscount(kind="percentage", value=percent.group(1), code=code), False
        if amount:
            return tone, PlanDiscount(kind="amount", value=amount.group(1), code=code), False
        if "free shipping" in wording or "free delivery" in wording:
            return tone, (PlanDiscount(kind="code", code=code) if code else None), True
        return tone, main, self.facts.free_shipping_main
