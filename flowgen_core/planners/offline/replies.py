"""Texts and where their replies lead: reply keywords, the branch each one opens (shared, so
replies converge), and the no-reply reminders chained after a send.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flowgen_core.brief import BriefCues, CampaignBrief, confirmed_by_default
from flowgen_core.brief.model import Duration
from flowgen_core.format.vocabulary import OFFER_TYPES, SEND_TYPES
from flowgen_core.plan.model import END, PlanDiscount, PlanProperty, PlanWait
from flowgen_core.planners.offline.copywriting import capitalise, our, to_gsm7
from flowgen_core.planners.offline.draft import PlanDraft
from flowgen_core.planners.offline.facts import BriefFacts, Offer, answered
from flowgen_core.planners.offline.first_message import with_sender_and_opt_out
from flowgen_core.planners.offline.localized import (
    LOCALIZED_LANGUAGES,
    english_keyword,
    local_keyword,
    templates,
)
from flowgen_core.planners.offline.messages import Messages
from flowgen_core.planners.offline.offers import Offers
from flowgen_core.planners.offline.stated_copy import said_for_answer
from flowgen_core.planners.offline.timing import Timing

PURCHASE_WORDS = {
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
REORDER_WORDS = {"refill", "reorder", "restock", "again", "repeat", "replenish"}
_HELP_WORDS = {"help", "info", "question", "questions", "support", "agent", "chat", "talk"}
_DECLINE_WORDS = {"no", "n", "nope", "later", "pause", "notnow"}
_STOP_WORDS = {"stop", "unsubscribe", "cancel", "quit", "end", "stopall", "optout"}
_REORDER_MEANING = re.compile(
    r"\b(?:re-?order|order\s+again|same\s+order|refill|restock|replenish|buy\s+again)"
)
_PURCHASE_MEANING = re.compile(r"\b(?:buy|purchase|order|check\s*out|claim|get\s+(?:it|yours|one))\b")
_HELP_MEANING = re.compile(r"\b(?:help|questions?|support|talk|chat|agent)\b")
# "SOCKS -> product picker of the most popular socks": the reply asks to see products
_PICKS_MEANING = re.compile(
    r"\b(?:product\s+(?:picker|choice|picks?|list)|picker|browse|catalog\w*|best\s*sellers|top\s+picks)\b"
)
_SEE_PICKS = "__see_picks__"
# what a generic flow's reply may lead to products for: its meaning names something to see or buy
_SHOPPING_MEANING = re.compile(
    r"\b(?:shop\w*|brows\w*|see|view\w*|look\w*|check\s+out|products?|items?|articles?|artículos?|artikel|collection|range|sale|deals?|"
    r"offers?|menu|drops?|new\w*|picks?|catalog\w*|store|buy\w*|order\w*|discount\w*|code|"
    r"ver|verlo|verla|verlos|tienda|comprar|productos?|ofertas?|voir|boutique|acheter|produits?|"
    r"offres?|ansehen|sehen|kaufen|bestellen|produkte?|angebote?)\b",
    re.I,
)
# "CART to get their last cart", "BASKET to see what you left": the reply asks for the saved cart
_CART_MEANING = re.compile(r"\b(?:carts?|baskets?|checkout\s+you\s+left)\b")
_CART_WORDS = {"cart", "basket"}
_SEE_CART = "__see_cart__"


def read_reply_words(
    brief: CampaignBrief, cues: BriefCues, quoted: list[str]
) -> tuple[list[str], list[str], dict[str, str], bool]:
    """(keywords, poll answers, poll options, whether STOP gets its own exit)."""
    words: list[str] = []
    stop_requested = False
    for raw in list(brief.reply_keywords) + _quoted_keywords(quoted):
        word = reply_word(raw)
        if word in _STOP_WORDS:
            stop_requested = word == "stop"
        elif word and word not in words:
            words.append(word)
    options = dict(cues.poll_options)
    if brief.language == "en":
        # a numbered answer the interpreter read ("which do you prefer? 1) roast 2) blend") is an option
        for word, meaning in brief.reply_meanings.items():
            if word.isdigit() and word in words:
                options.setdefault(word, meaning)
    letters = [k for k in options if len(k) == 1 and k.isalpha()]
    if len(letters) >= 2:
        # the letters go last, once each, whether or not the interpreter already read them
        words = [w for w in words if w not in letters] + letters
    poll = [w for w in words if w.isdigit() or (w in letters and len(letters) >= 2)]
    return [w for w in words if w not in poll], poll, options, stop_requested


def reply_word(raw: str) -> str:
    """A reply keyword as the flow routes it: lower-case letters (accents kept: "réserver")
    and digits."""
    return re.sub(r"[\W_]+", "", raw.lower())


def _quoted_keywords(quoted: list[str]) -> list[str]:
    found: list[str] = []
    for quote in quoted:
        found += re.findall(r"\breply\s+([A-Za-z0-9]{1,20})\b", quote, re.I)
    return found


# the branches that only answer with a closing text: a text the brief states for the reply replaces it
_CLOSING_TEXTS = frozenset({"decline", "confirmation", "help", "stay"})


class Conversation:
    """Sends and the branches their replies open; each branch is built once and shared."""

    def __init__(
        self, draft: PlanDraft, facts: BriefFacts, offers: Offers, messages: Messages, timing: Timing
    ) -> None:
        self.draft = draft
        self.facts = facts
        self.offers = offers
        self.messages = messages
        self.timing = timing
        self.targets: dict[str, str] = {}  # branch name -> its first step
        self.option_targets: dict[str, str] = {}  # step key -> option label
        # (reply, target) -> the property step on that way, or the target when it sets none
        self.recorded: dict[tuple[str, str], str] = {}
        # the "{{reply}}" updates, once the first send that takes replies claimed them
        self.answer_properties: list[PlanProperty] | None = None
        # the discount of the send whose replies are being routed (`send`)
        self.pricing: PlanDiscount | None = facts.main_discount
        # "reply LATER -> wait 7 days and ask again": waits that lead back to the next send built
        self.asks_again: set[str] = set()
        # the reply whose target is being found (`target`): a closing text the brief states for it wins
        self.answering: str | None = None

    def cta_keywords(self, default: str) -> list[str]:
        return list(self.facts.keywords) or [default]

    def send(
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
        cart: str | None = None,
        selection: str | None = None,
    ) -> str:
        """A message-like step with its copy and one reply event per keyword; a purchase offer
        shows `cart` ("latest": the customer's own last cart), else the brief's products."""
        # taken before the targets are built, so a checkout branch does not claim them
        bound = {word: self.facts.take_reply_properties(word) for word in keywords}
        if keywords:  # "mark everyone who replies with rsvp = yes": the first reply sets it
            bound[keywords[0]] += self.facts.take_any_reply_properties()
        if keywords and self.answer_properties is None:
            self.answer_properties = self.facts.take_answer_properties()
        # the branches a reply opens sell at this send's price ("20% off" leads to picks at 20%)
        # (a test whose variants carry their own offers gives no variant the main one)
        price = discount if discount is not None or self.offers.variant_offers else self.facts.main_discount
        outer, self.pricing = self.pricing, price
        targets = [(word, self.target(word, kind)) for word in keywords]
        self.pricing = outer
        # the copy names, and the reply routes, the keyword in the brief's language
        shown = {word: self.shown_keyword(word) for word in keywords}
        if quote and first:
            quote = with_sender_and_opt_out(quote, self.facts.brand, self.facts.brief.language)
        text = quote or self.messages.write(
            kind,
            lead,
            first,
            discount,
            free_shipping,
            [(shown[w], t) for w, t in targets],
            self.verb,
            tone,
            reminder,
        )
        fields: dict[str, Any] = {"label": label or capitalise(key.replace("_", " ")), "text": text}
        if discount is not None:
            fields["discount"] = discount
        if kind == "purchase_offer":
            fields["cart_source"] = cart or ("manual" if self.facts.brief.products else "latest")
            fields["products"] = (
                (self.offers.products() or None) if fields["cart_source"] == "manual" else None
            )
            fields["message_type"] = self.offers.message_type()  # "a personalised offer"
        elif kind == "product_choice":
            fields["product_selection"] = selection or self.offers.selection()
            fields["products"] = self.offers.choice_products() if selection is None else None
            fields["message_type"] = self.offers.message_type()
        step = self.draft.add(key, kind, **fields)
        for _, target in targets:
            if target in self.asks_again:  # the wait leads back to the question it answers
                self.asks_again.discard(target)
                self.draft.link(target, "default", step)
        for word, target in targets:
            recorded = bound[word] + (self.answer_properties or [])
            self.draft.link(step, "reply", self._through(shown[word], target, recorded), intent=shown[word])
        if first and targets and self.facts.stop_requested:
            self.draft.link(step, "reply", END, intent="stop")
        if not targets:
            self.draft.link(step, "default", END)
        return step

    def shown_keyword(self, word: str) -> str:
        """The keyword the customer is told to send: the brief's own as written, a default translated."""
        if word in self.facts.keywords or word in self.facts.poll:
            return word
        return local_keyword(self.facts.brief.language, word)

    def copy(self, key: str, english: str) -> str:
        """A fixed text of the planner, from the brief language's templates when it has them."""
        lang = self.facts.brief.language
        return templates(lang)[key].format() if lang in LOCALIZED_LANGUAGES else english

    def _through(self, word: str, target: str, properties: list[PlanProperty]) -> str:
        """The reply's way to `target`, through the updates its answer sets; shared by every send."""
        if (word, target) not in self.recorded:
            # each reply's branch knows the answer: "1 for Downtown" records downtown, "reply 4" 4
            answer = self.facts.brief.reply_meanings.get(word) or word
            properties = answered(properties, answer)
            self.recorded[(word, target)] = (
                self.draft.property_step(target, properties, key=f"record_{word}") if properties else target
            )
        return self.recorded[(word, target)]

    def verb(self, target: str) -> str:
        """What replying does, for the call to action ("YES to buy now")."""
        if target == END:
            return "let us know"
        step = self.draft.steps[target]
        if target in self.option_targets:
            return f"see {self.option_targets[target]}"
        if target == self.targets.get("decline"):
            return "skip reminders"
        if target == self.targets.get("confirmation"):
            return "confirm"
        pb_name = self.facts.pb.name
        return {
            "purchase": "buy now" if pb_name != "vip_reorder" else "reorder",
            "product_choice": "see our picks",
            "purchase_offer": "reorder",
            "message": "stay subscribed" if pb_name == "sunset" else "chat with us",
        }.get(step.type, "continue")

    # ------------------------------------------------------------------ reply targets

    def target(self, word: str, source_kind: str) -> str:
        """Where a reply keyword leads; targets are shared so replies converge."""
        outer, self.answering = self.answering, word
        try:
            return self._target(word, source_kind)
        finally:
            self.answering = outer

    def _target(self, word: str, source_kind: str) -> str:
        stated = self._stated_destination(word, source_kind)
        if stated is not None:
            return stated
        written = word
        word = self._meant(english_keyword(self.facts.brief.language, word))
        options = self.facts.options
        if self.facts.pb.name == "sunset" and word in ("yes", "stay", "keep", "y"):
            return self._shared("stay", self._stay_message)
        if word in _DECLINE_WORDS:
            return self._shared("decline", self._decline_message)
        if word in options and len(options) >= 2 and not word.isdigit():
            return self._shared(f"option_{word}", lambda: self._option_branch(word), priced=True)
        if word not in _HELP_WORDS and confirmed_by_default(self.facts.brief, written):
            # a flow about news, an event or a booking sells nothing: a reply whose destination
            # the brief leaves unsaid is confirmed by text (reported as assumed), never sent to
            # product picks or a checkout the brief never asked for
            return self._shared("confirmation", self._confirmation_message)
        if word == _SEE_PICKS:
            return self._shared("shop", self._product_picks, priced=True)
        if word == _SEE_CART and source_kind != "purchase_offer":
            return self._shared("cart", self._cart_offer, priced=True)
        if word in PURCHASE_WORDS or (word in REORDER_WORDS and source_kind != "message"):
            return self.purchase()
        # any other answer to a step that offers products means "I'll take it"
        if source_kind in OFFER_TYPES and word not in _HELP_WORDS:
            return self.purchase()
        if word in REORDER_WORDS:
            return self._shared("reorder", self._reorder_offer, priced=True)
        if word in _HELP_WORDS:
            return self._shared("help", self._help_message)
        if self._asks_for_no_products(word):
            return self._shared("confirmation", self._confirmation_message)
        return self._shared("shop", self._product_picks, priced=True)

    def _asks_for_no_products(self, word: str) -> bool:
        """In a generic flow, the brief's own keyword whose stated meaning names nothing to shop
        ("JOIN to join the league", "QUIZ to sign up your team") is answered with a confirmation:
        the generic playbook's picks and purchase would be facts the brief never gave."""
        if self.facts.pb.name != "generic" or self.facts.brief.products:
            return False
        meaning = self.facts.brief.reply_meanings.get(word, "")
        return bool(meaning.strip()) and not _SHOPPING_MEANING.search(meaning)

    def _stated_destination(self, word: str, source_kind: str) -> str | None:
        """The step the brief's own words after the keyword name ("reply APPT and we confirm by
        text": a confirmation; "RENEW -> purchase offer": one); None when they name none. A
        step that already offers products does not open another offer from its replies."""
        brief = self.facts.brief
        if word not in brief.reply_keywords:
            return None
        wait = brief.reply_asks_again.get(word)
        if wait is not None:
            return self._shared(f"ask_again_{word}", lambda: self._ask_again(wait))
        stated = brief.reply_destinations.get(word)
        if stated == "confirmation":
            return self._shared("confirmation", self._confirmation_message)
        if stated == "service":  # a call back, an advisor, the open slots: the team texts back
            return self._shared("help", self._help_message)
        # a purchase offer's other reply may still ask to see products ("YES to buy the copy,
        # BOOK to see the new releases"): picks are no second offer of the same cart
        shows = stated in ("product_choice", "popular") and source_kind == "purchase_offer"
        if stated is None or (source_kind in OFFER_TYPES and not shows):
            return None
        if stated == "latest_cart":
            return self._shared("cart", self._cart_offer, priced=True)
        if stated == "purchase_offer":
            return self._shared("offer", self._stated_offer, priced=True)
        if stated == "product_choice":  # "COURT -> product choice of three slots": picks
            return self._shared("shop", self._product_picks, priced=True)
        return self._shared("popular", self._popular_picks, priced=True)

    def _meant(self, word: str) -> str:
        """A brand keyword ("CANDLE to reorder") routes like the word its stated meaning names."""
        # one "option" alone is no poll ("reply BAG to see the cart"): its meaning still routes
        options = set(self.facts.options) if len(self.facts.options) >= 2 else set()
        known = PURCHASE_WORDS | REORDER_WORDS | _HELP_WORDS | _DECLINE_WORDS | options
        if word in known:
            return word
        meaning = self.facts.brief.reply_meanings.get(word, "")
        if _REORDER_MEANING.search(meaning):
            return "reorder"
        if word in _CART_WORDS or _CART_MEANING.search(meaning):
            return _SEE_CART
        if _PURCHASE_MEANING.search(meaning):
            return "buy"
        if _HELP_MEANING.search(meaning):
            return "help"
        if _PICKS_MEANING.search(meaning):
            return _SEE_PICKS
        return word

    def _shared(self, name: str, factory: Callable[[], str], priced: bool = False) -> str:
        """The branch `name`, built once; a branch that sells is built once per price, so a
        follow-up with a raised discount opens picks at its own price."""
        said = (
            said_for_answer(self.facts.brief, self.answering, self.facts.max_segments)
            if self.answering is not None and name in _CLOSING_TEXTS
            else None
        )
        if said is not None:
            # "if they say NO, tell them we'll hold their spot": the brief's text closes that reply
            index, text = said
            name = f"said_{index}"
            factory = lambda: self.draft.final_message(f"answer_{index + 1}", "Answer", text)  # noqa: E731
        if priced and self.pricing != self.facts.main_discount:
            price = self.pricing
            name += f"@{price.kind}:{price.value}:{price.code}" if price is not None else "@none"
        if name not in self.targets:
            self.targets[name] = "__pending__"
            self.targets[name] = factory()
        return self.targets[name]

    def purchase(self) -> str:
        if "purchase" not in self.targets:
            self.targets["purchase"] = self.offers.purchase_step()
        return self.targets["purchase"]

    def _reorder_offer(self) -> str:
        return self.send(
            "reorder_offer",
            "purchase_offer",
            lead="here's your last order, ready to go again: {{Cart List}}",
            first=False,
            discount=self.pricing,
            free_shipping=False,
            keywords=["yes"],
            label="Reorder offer",
        )

    def _cart_offer(self) -> str:
        key = self.send(
            "cart_offer",
            "purchase_offer",
            lead="here's your cart, saved and ready: {{Cart List}}",
            first=False,
            discount=self.pricing,
            free_shipping=False,
            keywords=["yes"],
            label="Cart offer",
            cart="latest",
        )
        if self.facts.brief.products:
            # the cart it shows is the customer's own, so is the one its checkout charges
            if "purchase_latest" not in self.targets:
                self.targets["purchase_latest"] = self.offers.purchase_step(cart="latest")
            for t in self.draft.steps[key].next:
                if t.to == self.targets.get("purchase"):
                    t.to = self.targets["purchase_latest"]
        return key

    def _product_picks(self) -> str:
        return self.send(
            "product_picks",
            "product_choice",
            lead=f"here are our top picks{self.messages.for_topic()}:",
            first=False,
            discount=self.pricing,
            free_shipping=False,
            keywords=["buy"],
            label="Product picks",
        )

    def _ask_again(self, wait: Duration) -> str:
        step = self.draft.add(
            "ask_again",
            "delay",
            label=f"Wait {wait.value} {wait.unit}",
            wait=PlanWait(value=wait.value, unit=wait.unit),
        )
        self.asks_again.add(step)
        return step

    def _stated_offer(self) -> str:
        return self.send(
            "purchase_offer",
            "purchase_offer",
            lead="here's your offer, ready to go: {{Cart List}}",
            first=False,
            discount=self.pricing,
            free_shipping=False,
            keywords=["yes"],
            label="Purchase offer",
        )

    def _popular_picks(self) -> str:
        return self.send(
            "popular_picks",
            "product_choice",
            lead=f"here are our most popular picks{self.messages.for_topic()}:",
            first=False,
            discount=self.pricing,
            free_shipping=False,
            keywords=["buy"],
            label="Most popular picks",
            selection="popularity",
        )

    def _option_branch(self, word: str) -> str:
        label = to_gsm7(self.facts.options[word])
        key = self.send(
            f"{word}_picks",
            "product_choice",
            lead=f"here are {our(label)}:",
            first=False,
            discount=self.pricing,
            free_shipping=False,
            keywords=["buy"],
            label=capitalise(label)[:40],
        )
        self.option_targets[key] = label
        return key

    def _decline_message(self) -> str:
        return self.draft.final_message(
            "no_thanks",
            "No thanks",
            self.copy(
                "decline_text", "No problem, {{first_name}}. We won't remind you about this one again."
            ),
        )

    def confirmation(self) -> str:
        """The shared thank-you text a reply gets when it leads to no offer."""
        return self._shared("confirmation", self._confirmation_message)

    def _confirmation_message(self) -> str:
        return self.draft.final_message(
            "confirmation",
            "Confirmation",
            self.copy("confirm_text", "Thanks, {{first_name}}! You're all set: we've got your reply."),
        )

    def _help_message(self) -> str:
        return self.draft.final_message(
            "support_reply",
            "Support reply",
            self.copy(
                "help_text", "Thanks, {{first_name}}! Someone from our team will get back to you shortly."
            ),
        )

    def _stay_message(self) -> str:
        return self.draft.final_message(
            "stay_subscribed",
            "Stay subscribed",
            self.copy(
                "stay_text",
                "Great, {{first_name}}! You're still on the list. We'll keep the good stuff coming.",
            ),
        )

    # ------------------------------------------------------------------ reminders

    def attach_reminders(self, sends: list[str], keywords: list[str], delayed: bool = False) -> list[str]:
        """Chain the reminders after `sends`; returns the sends that end the chain. `delayed`: the
        first reminder follows the sends after the brief's first wait, whoever answered."""
        facts = self.facts
        previous = sends
        for index in range(facts.reminders):
            kind = facts.pb.reminder_kind if index == 0 else "message"
            if facts.cues.named_step_each_send and facts.cues.named_step:
                kind = facts.cues.named_step  # "both should be a purchase offer"
            quote_at = len(sends) + index
            neutral = self.offers.variant_offers
            offer = self._follow_up_offer(index, neutral)
            # an escalated offer is news, not "still yours"
            raised = index < len(facts.follow_up_offers) and offer != Offer(
                facts.main_discount, facts.free_shipping_main
            )
            lead = self.messages.reminder_lead(index)
            # the brief's own words for this reminder win over the stock "even better" news
            if raised and kind == "message" and lead == (facts.pb.reminder or "just checking in."):
                last = index == len(facts.follow_up_offers) - 1 and index > 0
                lead = (
                    "last chance: we've made your offer even better."
                    if last
                    else "we've made your offer even better."
                )
            key = self.send(
                "reminder" if index == 0 else f"reminder_{index + 1}",
                kind,
                lead=lead,
                first=False,
                discount=offer.discount,
                free_shipping=offer.free_shipping,
                keywords=self._reminder_keywords(kind, keywords),
                quote=facts.quoted[quote_at] if quote_at < len(facts.quoted) else None,
                reminder=not raised,
                label="Reminder" if index == 0 else f"Reminder {index + 1}",
            )
            if delayed and index == 0:
                wait = self.timing.delay("wait", facts.waits.pop(0), key)
                for send in previous:
                    self.draft.steps[send].next.clear()
                    self.draft.link(send, "default", wait)
                previous = [key]
                continue
            after = self.timing.noreply_after(index)
            for send in previous:
                self.draft.link(send, "noreply", key, after=after)
            previous = [key]
        return previous

    def _follow_up_offer(self, index: int, neutral: bool) -> Offer:
        """The `index`-th follow-up's offer: its own escalation step (the last one holds for
        any after it; a step naming no money off keeps the one before it: "15% off, then free
        shipping" adds shipping to the 15%), else the main send's offer unless experiment
        variants carry theirs."""
        facts = self.facts
        steps = facts.follow_up_offers[: index + 1]
        own = steps[-1] if steps else Offer()
        before = next((s.discount for s in reversed(steps) if s.discount is not None), None)
        return Offer(
            before or (None if neutral else facts.main_discount),
            own.free_shipping or (facts.free_shipping_main and not neutral),
        )

    def _reminder_keywords(self, kind: str, keywords: list[str]) -> list[str]:
        reminder_keywords = ["buy"] if kind == "product_choice" else keywords
        if self.facts.brief.reminders is None:
            return reminder_keywords
        # The brief caps the sends ("one reminder, then stop"): a reminder's replies must not
        # lead to yet another text, so keep only keywords that go straight to checkout.
        direct = [
            w for w in reminder_keywords if self.draft.steps[self.target(w, kind)].type not in SEND_TYPES
        ]
        if direct or kind == "product_choice" or not self.facts.keywords:
            return direct or ["yes" if kind != "product_choice" else "buy"]
        # the brief's own keywords lead to texts: a stock "YES to buy" would invent a keyword and
        # a purchase it never asked for, so the reminder carries no reply call to action
        return []
