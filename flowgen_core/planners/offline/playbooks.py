"""Campaign playbooks: what each kind of campaign sends by default.

A playbook only supplies defaults (who to target, which node makes the offer, the call
to action, the wording). Which playbook a brief gets is the interpreter's call
(`flowgen_core.brief.classify_playbook`, carried as `CampaignBrief.playbook`); the planner
(composer.py) composes the playbook's defaults with the facts the brief states, and stated
facts always win.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flowgen_core.brief import AudienceCondition


@dataclass(frozen=True)
class Playbook:
    name: str
    title: str  # flow name prefix
    main: str  # node that makes the offer: message | purchase_offer | product_choice
    cta: str  # default reply keyword
    lead: str  # first-send sentence; {topic} is filled in
    reminder: str  # follow-up sentence
    topic: str = "our bestsellers"  # used when the brief names no topic
    audience: tuple[AudienceCondition, ...] = ()  # used when the brief states no audience
    defining_action: str | None = None  # event action the playbook is about (always in the segment)
    lead_wait: bool = False  # the brief's first wait goes before the first send
    reminder_kind: str = "message"
    selection: str = "popularity"  # product_choice selection
    tags: tuple[str, ...] = field(default_factory=tuple)


def _event(action: str, operator: str = "has", days: int | None = None) -> AudienceCondition:
    return AudienceCondition(kind="event", action=action, operator=operator, days=days)  # type: ignore[arg-type]


def _prop(name: str, value: str) -> AudienceCondition:
    return AudienceCondition(
        kind="property", property_name=name, property_operator="with a value of", property_value=value
    )


PLAYBOOKS: dict[str, Playbook] = {
    p.name: p
    for p in [
        Playbook(
            "vip_reorder",
            "VIP reorder",
            "purchase_offer",
            "yes",
            "as one of our VIPs, your favorites are ready to reorder in one tap: {{Cart List}}",
            "your VIP reorder is still waiting for you.",
            audience=(_prop("customer_type", "vip"),),
        ),
        Playbook(
            "winback",
            "Win-back",
            "message",
            "yes",
            "we miss you! Come back and see what's new in {topic}.",
            "just a reminder, your offer is still waiting.",
            topic="our shop",
            audience=(_event("placed_order", "has_not", 90),),
        ),
        Playbook(
            "welcome",
            "Welcome series",
            "message",
            "shop",
            "thanks for joining our texts! We're so glad you're here.",
            "here are our most popular products: {{Product List}}",
        ),
        Playbook(
            "abandoned_cart",
            "Abandoned cart recovery",
            "purchase_offer",
            "yes",
            "you left something in your cart: {{Cart List}}",
            "still thinking it over? Here are picks chosen for you: {{Product List}}",
            audience=(_event("added_product_to_cart", "has", 1),),
            defining_action="added_product_to_cart",
            lead_wait=True,
            reminder_kind="product_choice",
            selection="recently_viewed",
        ),
        Playbook(
            "abandoned_checkout",
            "Abandoned checkout recovery",
            "purchase_offer",
            "yes",
            "you're almost done! Your cart is saved: {{Cart List}}",
            "your cart is still saved and ready to go.",
            audience=(_event("started_checkout", "has", 1), _event("placed_order", "has_not", 1)),
            defining_action="started_checkout",
            lead_wait=True,
        ),
        Playbook(
            "cross_sell",
            "Post-purchase cross-sell",
            "product_choice",
            "buy",
            "thanks for your order! Picked for you to go with it: {{Product List}}",
            "your picks are still here if you want them.",
            audience=(_event("placed_order", "has", 7),),
            lead_wait=True,
            selection="automatically",
        ),
        Playbook(
            "replenishment",
            "Replenishment reminder",
            "message",
            "refill",
            "running low on {topic}? Reorder your last order in seconds.",
            "still need a refill? Your last order is ready to go.",
            topic="your favorites",
            audience=(_event("placed_order", "has", 30),),
        ),
        Playbook(
            "back_in_stock",
            "Back in stock alert",
            "product_choice",
            "buy",
            "good news, {topic} you viewed is back in stock: {{Product List}}",
            "it's back in stock but selling fast.",
            topic="the item",
            audience=(_event("viewed_product", "has", 30),),
            defining_action="viewed_product",
            selection="recently_viewed",
        ),
        Playbook(
            "birthday",
            "Birthday treat",
            "message",
            "yes",
            "happy birthday from all of us! Here's a birthday treat on {topic}.",
            "your birthday treat is still waiting for you.",
            topic="us",
            audience=(
                AudienceCondition(
                    kind="property", property_name="birthday_month", property_operator="that exists"
                ),
            ),
        ),
        Playbook(
            "survey",
            "Customer survey",
            "message",
            "1",
            "how did we do?",
            "we'd still love your feedback.",
            audience=(_event("placed_order", "has", 14),),
        ),
        Playbook(
            "launch",
            "Launch",
            "message",
            "shop",
            "it's here: {topic} just dropped. Shop now: {{store_url}}",
            "the new drop is selling fast. Shop now: {{store_url}}",
            topic="our new collection",
        ),
        Playbook(
            "holiday",
            "Holiday campaign",
            "message",
            "shop",
            "our holiday gift guide is here, with gifts for everyone on your list.",
            "last call to grab your gifts, the offer ends soon.",
            topic="gifts",
        ),
        Playbook(
            "flash_sale",
            "Flash sale",
            "message",
            "shop",
            "flash sale on {topic}, today only!",
            "last chance, the flash sale ends soon.",
            topic="everything",
        ),
        Playbook(
            "sunset",
            "Sunset unengaged subscribers",
            "message",
            "yes",
            "we haven't heard from you in a while. Still want our texts?",
            "last check: should we keep texting you?",
            audience=(_event("clicked_link", "has_not", 90),),
        ),
        Playbook(
            "drip",
            "Education series",
            "message",
            "shop",
            "tips for getting the most out of {topic}.",
            "",
            topic="your routine",
        ),
        Playbook(
            "generic",
            "Promotion",
            "message",
            "shop",
            "we have something special for you: {topic}, picked just for you.",
            "just a reminder, our picks for you are still here.",
            topic="our bestsellers",
        ),
    ]
}
