"""Brief extraction across the ways marketers actually write: number words, windows before the
action, property existence, keyword capitals, per-product quantities and similar."""

from __future__ import annotations

import pytest

from flowgen_core.brief import AudienceCondition, extract_brief, parse_count


def _events(text: str) -> list[tuple[str | None, str, int | None]]:
    return [(c.action, c.operator, c.days) for c in extract_brief(text).audience if c.kind == "event"]


@pytest.mark.parametrize(
    ("word", "value"),
    [("forty-five", 45), ("sixty", 60), ("ninety nine", 99), ("twelve", 12), ("fifteen", 15), ("7", 7)],
)
def test_number_words(word: str, value: int) -> None:
    assert parse_count(word) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lapsed buyers who haven't purchased since sixty days ago", ("placed_order", "has_not", 60)),
        ("winback 120 days no purchase", ("placed_order", "has_not", 120)),
        ("customers who bought vitamins in the last forty-five days", ("placed_order", "has", 45)),
        ("WIN BACK Customers Who Havent Ordered In 30 Days", ("placed_order", "has_not", 30)),
        ("Message viewers from the last 7 days", ("viewed_product", "has", 7)),
        ("Lapsed customers - last order more than 4 months ago", ("placed_order", "has_not", 120)),
        ("offer it to recent buyers from the last 10 days", ("placed_order", "has", 10)),
        ("When someone subscribes to texts, say hi", ("opted_into_sms", "has", None)),
    ],
)
def test_audience_phrasings(text: str, expected: tuple[str, str, int | None]) -> None:
    assert expected in _events(text)


def test_negated_checkout_and_click() -> None:
    assert ("started_checkout", "has_not", None) in _events("added to cart and haven't checked out")
    assert ("clicked_link", "has_not", None) in _events("received a text in the last 7 days but didn't click")


def test_property_existence_condition() -> None:
    brief = extract_brief("Message everyone with a loyalty_points property about double points week")
    assert (
        AudienceCondition(kind="property", property_name="loyalty_points", property_operator="that exists")
        in brief.audience
    )
    assert not extract_brief("tag buyers with a vip_buyer property").audience


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("give them twenty percent off", "percentage", "20"),
        ("20% de descuento para clientes", "percentage", "20"),
    ],
)
def test_discount_phrasings(text: str, kind: str, value: str) -> None:
    assert any(d.kind == kind and d.value == value for d in extract_brief(text).discounts)


def test_code_in_capitals_but_not_prose() -> None:
    codes = [d.code for d in extract_brief("40% OFF, CODE FLASH40. USE CODE AT CHECKOUT").discounts if d.code]
    assert codes == ["FLASH40"]


@pytest.mark.parametrize(
    ("text", "variant", "quantity"),
    [("offer SKU 8812 x2 to buyers", "8812", 2), ("variant 991, qty 3, to people", "991", 3)],
)
def test_quantity_beside_variant(text: str, variant: str, quantity: int) -> None:
    assert [(p.variant_id, p.quantity) for p in extract_brief(text).products] == [(variant, quantity)]


def test_capitalised_keyword_without_punctuation() -> None:
    assert "yes" in extract_brief("Anyone who replies YES gets tagged").reply_keywords
    # a brief in capitals must not turn every word after "text" into a keyword
    assert extract_brief("TEXT SHOP TO BROWSE").reply_keywords == ["shop"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Remind people who started checkout in the last day, twice: after 2 hours", 2),
        ("follow up once if they ignore it", 1),
        ("nudge them 3 times", 3),
        ("no reminders", 0),
    ],
)
def test_reminder_counts(text: str, count: int) -> None:
    assert extract_brief(text).reminders == count


def test_property_update_verbs() -> None:
    updates = extract_brief("otherwise after 5 days mark sms_status = inactive").property_updates
    assert [(u.name, u.value) for u in updates] == [("sms_status", "inactive")]
    assert not extract_brief("otherwise after 5 days mark sms_status = inactive").audience


def test_topics_from_the_offer_object() -> None:
    assert "sandals" in extract_brief("35% off sandals for folks who viewed sandals").topics


def test_restock_reminder_is_replenishment_not_back_in_stock() -> None:
    assert extract_brief("Restock reminder for candles, text CANDLE to reorder").playbook == "replenishment"
    assert extract_brief("The tote is restocked! Tell viewers").playbook == "back_in_stock"


def test_keyword_meaning_with_equals_is_not_a_property_condition() -> None:
    brief = extract_brief("reply GOOD or BAD. GOOD = review link, BAD = support will contact them")
    assert not [c for c in brief.audience if c.kind == "property"]
    assert brief.reply_keywords[:2] == ["good", "bad"]
    assert extract_brief("customers with tier = gold").audience[0].property_name == "tier"
