"""A/B tests: the main send, or one variant per experiment group behind an experiment step."""

from __future__ import annotations

import re

from flowgen_core.plan.model import PlanDiscount
from flowgen_core.planners.offline.copywriting import to_gsm7
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
        self.offers.variant_offers = any(
            re.search(r"\d\s*(?:%|percent)|\$\s*\d|free (?:shipping|delivery)", v, re.I) for v in variants
        )
        sends: list[str] = []
        for index in range(groups):
            variant = variants[index] if index < len(variants) else ""
            tone, discount, free_shipping = self._variant(variant, index)
            sends.append(
                self.conversation.send(
                    f"variant_{chr(ord('a') + index)}",
                    kind,
                    lead=lead,
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

    def _variant(self, variant: str, index: int) -> tuple[str | None, PlanDiscount | None, bool]:
        """(tone, discount, free shipping) a variant's description names; the main offer otherwise."""
        wording = variant.lower()  # the experiment fact's wording, not the brief
        percent = re.search(r"(\d{1,3})\s*(?:%|percent)", wording)
        amount = re.search(r"\$\s*(\d+)", wording)
        main = self.facts.main_discount
        code = main.code if main else None
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
