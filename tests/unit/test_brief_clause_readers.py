"""One test per general reading rule of the brief interpreter: the kind of clause, the language
construction or the number pattern it covers, with sentences written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import (
    AudienceCondition,
    Discount,
    Duration,
    FrequencyCap,
    PropertyUpdate,
    extract_brief,
)
from flowgen_core.brief.glossary import to_english_cues

TODAY = date(2026, 3, 2)


def _facts(text: str):
    return extract_brief(text, today=TODAY)


# ------------------------------------------------------------------ money: prices are not discounts


@pytest.mark.parametrize(
    "text",
    [
        "Let past buyers know the deluxe kettle is $64 and ships Monday.",
        "Our courier now charges $12 for next-day delivery. Reply SHIP for tracking.",
        "Tell them the $39 gift box is back.",
    ],
)
def test_a_price_is_no_discount(text: str) -> None:
    assert not [d for d in _facts(text).discounts if d.kind == "amount"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("$15 off boots for lapsed buyers", "15"),
        ("save $8 on your next refill", "8"),
        ("Audience: everyone\nOffer: $12 for their next visit", "12"),
        ("€20 off the winter range", "20"),
        ("send the 7 dollar off voucher for the candles", "7"),
        ("give regulars 10 bucks off a refill", "10"),
    ],
)
def test_money_framed_as_an_offer_is_a_discount(text: str, value: str) -> None:
    assert Discount(kind="amount", value=value) in _facts(text).discounts


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Stammkunden erhalten 12 € Rabatt auf die nächste Bestellung.", "12"),
        ("Les clients fidèles reçoivent 7 € de remise sur la prochaine commande.", "7"),
    ],
)
def test_euro_amount_written_after_the_number(text: str, value: str) -> None:
    assert Discount(kind="amount", value=value) in _facts(text).discounts


def test_minus_sign_before_a_percentage_is_money_off() -> None:
    facts = _facts("Cette semaine, -25 % pour nos abonnés fidèles.")
    assert Discount(kind="percentage", value="25") in facts.discounts


# ------------------------------------------------------------------ no-reply timeouts


@pytest.mark.parametrize(
    ("text", "timeout"),
    [
        (
            "Text the VIPs about the sale; if nothing back after 5 hours, ping them once more.",
            Duration(value=5, unit="hours"),
        ),
        ("If they ignore the first text for two days, send a last nudge.", Duration(value=2, unit="days")),
        ("if they're ignoring us for 3 days, stop", Duration(value=3, unit="days")),
        ("Give them five days to answer before one reminder.", Duration(value=5, unit="days")),
        ("allow 36 hours to respond, then nudge", Duration(value=36, unit="hours")),
    ],
)
def test_silence_in_other_words_is_a_no_reply_timeout(text: str, timeout: Duration) -> None:
    assert _facts(text).no_reply_after == [timeout]


@pytest.mark.parametrize(
    "text",
    [
        "Text customers where the property coat_size have value xl.",
        "customers whose coat_size has the value xl get early access",
    ],
)
def test_a_property_that_has_a_value_is_a_filter(text: str) -> None:
    (condition,) = _facts(text).audience
    assert (condition.property_name, condition.property_value) == ("coat_size", "xl")


# ------------------------------------------------------------------ property updates


def test_receiving_a_property_is_an_update_not_a_filter() -> None:
    facts = _facts(
        "Ask subscribers about the club. Anyone who replies JOIN receives the property club_member set to true."
    )
    assert PropertyUpdate(name="club_member", value="true", on_reply="join") in facts.property_updates
    assert not [c for c in facts.audience if c.property_name == "club_member"]


@pytest.mark.parametrize(
    "text",
    [
        "Ask for group size: reply 3, 5 or 8, and store it as group_size.",
        "Reply 1 for North, 2 for South, and save the answer on the customer as group_size.",
        "Reply S or L; log their choice under group_size",
    ],
)
def test_storing_the_answer_under_a_snake_case_name_records_the_reply(text: str) -> None:
    assert PropertyUpdate(name="group_size", value="{{reply}}") in _facts(text).property_updates


@pytest.mark.parametrize(
    ("text", "wait"),
    [
        ("send the first text, wait like 3 hrs, then the follow up", Duration(value=3, unit="hours")),
        ("wait roughly two days before the reminder", Duration(value=2, unit="days")),
        ("after about ~5 days send the last one", Duration(value=5, unit="days")),
    ],
)
def test_a_hedged_wait_is_still_a_wait(text: str, wait: Duration) -> None:
    assert wait in _facts(text).waits


def test_saving_the_answer_in_a_named_property_stores_the_reply() -> None:
    facts = _facts("Ask which size they wear, reply S, M or L. Store the answer in property size_pref.")
    assert facts.property_updates == [PropertyUpdate(name="size_pref", value="{{reply}}")]


# ------------------------------------------------------------------ caps and message length


@pytest.mark.parametrize(
    ("text", "cap"),
    [
        (
            "Weekly tips, no more than 3 texts per customer per week.",
            FrequencyCap(occurrences=3, timespan=7, period="Days"),
        ),
        ("promo blast. cap 2/day.", FrequencyCap(occurrences=2, timespan=1, period="Days")),
        (
            "make sure nobody gets more than 3 texts a week",
            FrequencyCap(occurrences=3, timespan=7, period="Days"),
        ),
        (
            "no one should receive more than 2 messages per day",
            FrequencyCap(occurrences=2, timespan=1, period="Days"),
        ),
    ],
)
def test_caps_with_recipient_or_bare_cap(text: str, cap: FrequencyCap) -> None:
    facts = _facts(text)
    assert cap in facts.frequency_caps + facts.entry_limits


def test_a_send_count_over_time_is_no_message_length() -> None:
    facts = _facts("Send the care tips, at most one SMS within 4 days.")
    assert facts.max_segments is None
    assert FrequencyCap(occurrences=1, timespan=4, period="Days") in facts.frequency_caps + facts.entry_limits


# ------------------------------------------------------------------ audience


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Say hi to people who subscribed in the past 3 days.", 3),
        ("Welcome new subscribers from the last 48 hours with our story.", 2),
    ],
)
def test_subscribed_within_a_window(text: str, days: int) -> None:
    assert AudienceCondition(kind="event", action="opted_into_sms", days=days) in _facts(text).audience


def test_two_word_property_value_that_ends_the_clause() -> None:
    facts = _facts("Invite shoppers whose property plan_tier = silver plus. Reply UP to upgrade.")
    assert [c.property_value for c in facts.audience] == ["silver plus"]


def test_a_property_value_does_not_swallow_the_audience_noun() -> None:
    facts = _facts("Promo for property home_city = austin customers.")
    assert [c.property_value for c in facts.audience] == ["austin"]


def test_a_snake_case_name_is_read_whole() -> None:
    facts = _facts("Remind everyone with property gift_wrap = yes that wrapping is free.")
    assert [c.property_name for c in facts.audience] == ["gift_wrap"]


def test_text_orders_and_shop_shorthand() -> None:
    assert (
        AudienceCondition(kind="event", action="placed_order_text", days=30)
        in _facts("Thank customers who placed an SMS order in the last 30 days.").audience
    )
    shorthand = _facts("browse abandon: viewed a product in 3 days, no ATC. 10% off.")
    assert (
        AudienceCondition(kind="event", action="added_product_to_cart", operator="has_not")
        in shorthand.audience
    )


def test_a_misspelt_checkout_verb_still_reads_as_checkout() -> None:
    actions = [c.action for c in _facts("ppl who startd checkout yesterday, send the cart").audience]
    assert "started_checkout" in actions


# ------------------------------------------------------------------ replies and waits


def test_german_verb_last_reply_keyword() -> None:
    assert (
        "info"
        in _facts(
            "Kunden bekommen den neuen Katalog. Wer mit INFO antwortet, bekommt den Link."
        ).reply_keywords
    )


def test_remind_them_again_in_a_span_is_a_wait() -> None:
    assert Duration(value=3, unit="days") in _facts("Reply WAIT and we remind them again in 3 days.").waits


# ------------------------------------------------------------------ topics


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Our spring granola is here. Text the list.", "granola"),
        ("Be sure to highlight the refill program.", "refill program"),
    ],
)
def test_announced_or_mentioned_topics(text: str, topic: str) -> None:
    assert topic in _facts(text).topics


# ------------------------------------------------------------------ Spanish, French, German constructions


def test_numbered_glossary_phrase_keeps_its_number() -> None:
    assert "every 4 days" in to_english_cues("Pflegetipps: alle 4 Tage eine Nachricht.", "de")


@pytest.mark.parametrize(
    ("text", "check"),
    [
        (
            "Escribe a los clientes que no han pedido hace 3 meses con un 10% de descuento.",
            lambda f: (
                AudienceCondition(kind="event", action="placed_order", operator="has_not", days=90)
                in f.audience
            ),
        ),
        (
            "Consejos de jardín para los suscriptores. Como máximo dos mensajes por persona cada 3 días.",
            lambda f: (
                FrequencyCap(occurrences=2, timespan=3, period="Days") in f.frequency_caps + f.entry_limits
            ),
        ),
        (
            "Segmento: socios con la propiedad club = plata. Un recordatorio si no hay respuesta en 4 horas.",
            lambda f: f.no_reply_after == [Duration(value=4, unit="hours")] and f.reminders == 1,
        ),
        (
            "Écris aux clients qui ont vu un produit ces 5 derniers jours pour leur montrer les nouveautés.",
            lambda f: AudienceCondition(kind="event", action="viewed_product", days=5) in f.audience,
        ),
        (
            "Offre : livraison offerte pour nos abonnés. Sans réponse sous 12 h : envoyer une relance.",
            lambda f: f.no_reply_after == [Duration(value=12, unit="hours")] and f.reminders == 1,
        ),
        (
            "Kunden, die seit Monaten nichts gekauft haben: alle 3 Tage eine Nachricht mit neuen Produkten.",
            lambda f: Duration(value=3, unit="days") in f.waits,
        ),
        (
            "Pflegeserie für unsere Kunden: höchstens zwei Nachrichten innerhalb von 5 Tagen pro Kunde.",
            lambda f: (
                FrequencyCap(occurrences=2, timespan=5, period="Days") in f.frequency_caps + f.entry_limits
                and f.max_segments is None
            ),
        ),
        (
            "Kunden mit Interesse an Outdoor: Wer mit JA antwortet, erhält die Eigenschaft outdoor_fan = ja.",
            lambda f: (
                PropertyUpdate(name="outdoor_fan", value="ja", on_reply="ja") in f.property_updates
                and "ja" in f.reply_keywords
            ),
        ),
    ],
)
def test_other_language_constructions(text: str, check) -> None:
    facts = _facts(text)
    assert facts.language in ("es", "fr", "de")
    assert check(facts), facts.model_dump(exclude={"text"})


# ------------------------------------------------------------------ number words


def test_money_off_in_number_words() -> None:
    assert Discount(kind="amount", value="15") in _facts("take fifteen dollars off the first box").discounts


def test_cap_period_in_number_words() -> None:
    facts = _facts("at most three texts per two days")
    assert FrequencyCap(occurrences=3, timespan=2, period="Days") in facts.frequency_caps + facts.entry_limits


# ------------------------------------------------------------------ daily send hours and copy language


@pytest.mark.parametrize(
    ("text", "start", "end", "zone"),
    [
        (
            "Flash promo. Texts go out from 11am to 6pm Pacific time only.",
            "11:00",
            "18:00",
            "America/Los_Angeles",
        ),
        (
            "Promo d'été : envoyer uniquement entre 10 h et 19 h, heure de Montréal.",
            "10:00",
            "19:00",
            "America/Toronto",
        ),
        ("Text the list from 9:30 to 17:00, no zone named.", "09:30", "17:00", None),
        ("Restock alert, only between 9am and 4pm Mountain.", "09:00", "16:00", "America/Denver"),
    ],
)
def test_daily_send_hours(text: str, start: str, end: str, zone: str | None) -> None:
    hours = _facts(text).send_hours
    assert [(h.start, h.end, h.timezone) for h in hours] == [(start, end, zone)]


def test_a_date_range_is_no_daily_window() -> None:
    assert _facts("Send between May 3 and May 9 with code SPRING.").send_hours == []


@pytest.mark.parametrize(
    ("text", "language", "source"),
    [
        (
            "Merci d'écrire les messages en anglais pour nos clients canadiens anglophones. Ils répondent OK.",
            "en",
            "fr",
        ),
        (
            "Para los clientes de Alemania, los mensajes deben estar escritos en alemán, por favor.",
            "de",
            "es",
        ),
        (
            "Kunden mit Interesse an Tee: bitte die Nachrichten auf Englisch verfassen, mit 10% Rabatt.",
            "en",
            "de",
        ),
    ],
)
def test_a_clause_asking_for_another_copy_language(text: str, language: str, source: str) -> None:
    facts = _facts(text)
    assert (facts.language, facts.source_language) == (language, source)


def test_a_language_named_outside_a_writing_clause_changes_nothing() -> None:
    facts = _facts("Promote our English breakfast tea to customers who ordered in the last 30 days, 10% off.")
    assert facts.language == "en"
    facts = _facts("Des conseils pour nos clients: ils aiment le thé en anglais style, 10% de réduction.")
    assert facts.language == facts.source_language


def test_a_bracketed_aside_does_not_cut_the_window_off() -> None:
    facts = _facts("Customers who bought a gift card (gift_buyers) in the last 45 days get a thank-you.")
    assert AudienceCondition(kind="event", action="placed_order", days=45) in facts.audience


# ------------------------------------------------------------------ content series


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("A 5-part skincare routine series for new buyers, one text every 3 days.", 5),
        ("Vierteilige Gartenserie für unsere Kunden: alle 6 Tage eine Nachricht.", 4),
    ],
)
def test_a_content_series_is_a_drip_with_its_length(text: str, count: int) -> None:
    facts = _facts(text)
    assert (facts.playbook, facts.series_length) == ("drip", count)


def test_a_series_count_is_read_once_by_the_brief_reader() -> None:
    assert _facts("A 6-part tips series for new buyers.").series_length == 6
    assert _facts("Win back lapsed buyers with 10% off.").series_length is None


def test_a_weekday_naming_a_thing_is_no_send_date() -> None:
    assert _facts("Remember our Friday livestream? Send 10% off to recent buyers.").send_windows == []
    assert _facts("Send the reminder on Sunday morning.").send_windows != []


def test_a_cap_is_no_cadence() -> None:
    facts = _facts("Weekly tips for subscribers, at most one text every 4 days.")
    assert facts.waits == []
    assert FrequencyCap(occurrences=1, timespan=4, period="Days") in facts.frequency_caps + facts.entry_limits


def test_an_offer_next_to_a_split_ratio_is_still_an_offer() -> None:
    facts = _facts("A/B test $10 off vs 20% off for lapsed buyers, 50/50 split")
    assert Discount(kind="percentage", value="20") in facts.discounts
    assert not [
        d for d in _facts("Send it to a 30% split of the list first.").discounts if d.kind == "percentage"
    ]


def test_topics_of_a_glossary_read_brief_skip_its_grammar_words() -> None:
    facts = _facts("Manda a los clientes un 10% de descuento con el código HOLA10 para nuestras velas.")
    assert facts.language == "es"
    assert "con" not in facts.topics


def test_an_update_names_the_reply_that_sets_it_only_when_one_is_named() -> None:
    facts = _facts(
        "Reply BLUE or RED. Whoever replies BLUE gets the property likes_blue set to yes. Tag everyone as polled_once."
    )
    assert {u.name: u.on_reply for u in facts.property_updates} == {"likes_blue": "blue", "polled_once": None}


# ------------------------------------------------------------------ replies in spec-sheet routing lines


def test_routing_lines_name_keywords_and_where_they_lead() -> None:
    facts = _facts("Keyword routing\nHATS -> product picker of our winter hats\n- HELP → a text from support")
    assert facts.reply_keywords == ["hats", "help"]
    assert facts.reply_meanings == {
        "hats": "product picker of our winter hats",
        "help": "a text from support",
    }


def test_an_all_caps_label_is_no_routing_keyword() -> None:
    assert _facts("OFFER: 20% off\nAUDIENCE: everyone").reply_keywords == []


def test_an_update_under_if_keyword_is_tied_to_that_reply() -> None:
    facts = _facts("Reply LOVE or MEH. If MEH, set mood_flag = low and send a note from support.")
    assert facts.property_updates == [PropertyUpdate(name="mood_flag", value="low", on_reply="meh")]
