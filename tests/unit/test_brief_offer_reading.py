"""Offers as briefs written without the code in mind state them: pasted tables, labelled fields,
money in euros and pounds in four languages, and values the brief corrects itself on."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")


def _offers(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(d.kind, d.value, d.code) for d in extract_brief(text).discounts]


def _money(flow: dict[str, Any]) -> set[tuple[str, str]]:
    """Every (kind, value) a send or checkout of the flow carries."""
    out: set[tuple[str, str]] = set()
    for s in flow["steps"]:
        if s["type"] == "message" and s.get("discountType") in ("percentage", "amount"):
            out.add((s["discountType"], s["discountValue"]))
        if s["type"] in ("purchase", "purchase_offer") and s.get("discount") is True:
            value = s.get("discountPercentage") or s.get("discountAmount")
            out.add((s["discountType"], value))
        if s["type"] == "product_choice" and s.get("discount") not in (None, "", "None"):
            label = str(s["discount"])
            out.add(("percentage", label[:-1]) if label.endswith("%") else ("amount", label.lstrip("$")))
    return out


@pytest.mark.parametrize(
    ("text", "value", "code"),
    [
        ("Winback for lapsed customers.\nsegment,discount,code\nvip,20%,SPRING20", "20", "SPRING20"),
        ("segment;discount;code\nvip;15%;VIP15", "15", "VIP15"),
        ("Audience\tDiscount\tCoupon code\nloyal\t25%\tLOYAL25", "25", "LOYAL25"),
        ("| segment | discount | code |\n|---|---|---|\n| vip | 30% | VIP30 |", "30", "VIP30"),
        ("segmento,descuento,código\nvip,10%,VIP10", "10", "VIP10"),
        ("Segment;Rabatt;Gutscheincode\nStammkunden;12 %;TREUE12", "12", "TREUE12"),
    ],
)
def test_a_pasted_table_states_the_offer_and_its_code(text: str, value: str, code: str) -> None:
    offers = _offers(text)
    assert ("percentage", value, None) in offers
    assert ("code", None, code) in offers


def test_a_table_of_other_numbers_is_no_offer() -> None:
    assert _offers("store,visits,orders\nAustin,120,30\nDallas,90,12\nSend a hello text") == []


@pytest.mark.parametrize(
    ("text", "offer"),
    [
        ("Discount: 20%\nAudience: VIPs", ("percentage", "20", None)),
        ("Discount: €10\nAudience: everyone", ("amount", "10", None)),
        ("Promo: 15%\nReply YES to shop", ("percentage", "15", None)),
        ("Descuento: 20 %\nCódigo: VERANO20", ("code", None, "VERANO20")),
        ("Rabatt: 15 %\nGutscheincode: FRUEHLING15", ("code", None, "FRUEHLING15")),
        ("Offer: free shipping\nCode: SHIPFREE", ("code", None, "SHIPFREE")),
    ],
)
def test_a_labelled_field_states_the_offer(text: str, offer: tuple[str, str | None, str | None]) -> None:
    assert offer in _offers(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Flash sale: 5 £ off everything, reply SHOP", "5"),
        ("Flash sale: £5 off everything, reply SHOP", "5"),
        ("Get 5 pounds off your next order, reply SHOP", "5"),
        ("10 GBP off for VIPs, reply YES", "10"),
        ("Ofrece 50 € de descuento a clientes VIP. Responde SI", "50"),
        ("10 EUR Rabatt für alle Kunden. Antwort JA", "10"),
        ("5 € de remise pour nos clients fidèles, répondez OUI", "5"),
    ],
)
def test_money_off_in_pounds_and_euros(text: str, value: str) -> None:
    assert ("amount", value, None) in _offers(text)
    assert ("amount", value) in _money(generate_flow(text, settings=SETTINGS).flow)


@pytest.mark.parametrize(
    ("text", "kept", "rejected"),
    [
        ("Spring sale: 30% off - actually no, make it 40%. Reply SHOP.", "40", "30"),
        ("Spring sale: 30% off — actually no, make it 40%. Reply SHOP.", "40", "30"),
        ("Give VIPs 20%... scratch that, 25% off. Reply YES", "25", "20"),
        ("Winback: 10% off, wait no, 15% off for lapsed buyers. Reply YES", "15", "10"),
        ("Summer promo with 20% off (correction: 22%), reply SHOP", "22", "20"),
        ("Soldes : 20 % de remise, en fait non, 15 %. Répondez OUI", "15", "20"),
        ("Rebajas: 30% de descuento, perdón, mejor dicho 35%. Responde SI", "35", "30"),
        ("Sommerschlussverkauf: 20 % Rabatt, Korrektur: 25 %. Antworte JA", "25", "20"),
    ],
)
def test_a_corrected_value_wins_and_the_rejected_one_is_nowhere(text: str, kept: str, rejected: str) -> None:
    assert [(k, v) for k, v, _ in _offers(text) if k == "percentage"] == [("percentage", kept)]
    flow = generate_flow(text, settings=SETTINGS).flow
    money = _money(flow)
    assert ("percentage", kept) in money
    assert all(v != rejected for _, v in money)
    texts = [s.get("messageText") or "" for s in flow["steps"]]
    assert not any(f"{rejected}%" in t.replace(" ", "") for t in texts)


def test_a_corrected_amount_wins() -> None:
    assert _offers("$10 off, I mean $15 off for VIPs. Reply YES") == [("amount", "15", None)]


def test_rather_than_is_no_correction() -> None:
    offers = _offers("10% off now, then 20% off in the reminder if no reply")
    assert [v for k, v, _ in offers if k == "percentage"] == ["10", "20"]


def test_a_table_offer_is_quoted_from_its_cell() -> None:
    from flowgen_core.brief import understood_lines

    lines = understood_lines(
        extract_brief("Winback for lapsed customers.\nsegment,discount,code\nvip,20%,SPRING20")
    )
    assert any(line.startswith("Offer: 20% off") and "“20%”" in line for line in lines)


@pytest.mark.parametrize(
    "text",
    [
        "Clientes con un pedido en los últimos 60 días: 10 € de descuento con el código VUELVE10.",
        "Kunden, die in den letzten 60 Tagen bestellt haben: 10 € Rabatt mit dem Code ZURUECK10.",
        "Send VIPs 10 EUR off their next order with code TEN.",
    ],
)
def test_money_off_in_euros_is_shown_in_euros(text: str) -> None:
    from flowgen_core.brief.summary import fact_lines, understood_lines

    brief = extract_brief(text)
    assert fact_lines(brief)["Offer"].startswith("€10 off")
    assert any("€10 off" in line for line in understood_lines(brief))
    assert not any("$10" in line for line in understood_lines(brief))


def test_money_off_in_dollars_stays_in_dollars() -> None:
    from flowgen_core.brief.summary import fact_lines

    assert fact_lines(extract_brief("Send VIPs $10 off with code TEN."))["Offer"].startswith("$10 off")


@pytest.mark.parametrize(
    ("text", "kept", "rejected"),
    [
        ("Pilates launch: 10% off the first class. hmm, actually make it 20 not 10. Reply BOOK", "20", "10"),
        ("Lapsed buyers get 25% off. scratch that, 30 instead of 25. Reply YES", "30", "25"),
        ("Clases de cocina: 10% de descuento... mejor un 20%, no un 10%. Responde SI", "20", "10"),
        ("Clases de cocina: 10% de descuento, perdón, 20 en lugar de 10. Responde SI", "20", "10"),
        ("Relance : 10 % de réduction sur la commande, non, plutôt 20. Répondez OUI", "20", "10"),
        ("Stammkunden: 10 % Rabatt auf die Buchung, nein, lieber 20 statt 10. Antworte JA", "20", "10"),
    ],
)
def test_a_correction_with_a_bare_number_keeps_the_unit_it_corrects(
    text: str, kept: str, rejected: str
) -> None:
    assert [(k, v) for k, v, _ in _offers(text) if k in ("percentage", "amount")] == [("percentage", kept)]
    money = _money(generate_flow(text, settings=SETTINGS).flow)
    assert ("percentage", kept) in money
    assert all(v != rejected for _, v in money)


def test_a_bare_corrected_amount_stays_an_amount() -> None:
    assert _offers("Cart recovery with $5 off, I mean 8 not 5. Reply YES") == [("amount", "8", None)]


def test_a_bare_number_that_is_a_time_corrects_nothing() -> None:
    offers = _offers("20% off for VIPs, actually make it 48 hours later. Reply YES")
    assert [(k, v) for k, v, _ in offers] == [("percentage", "20")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Reward VIPs with eighteen percent off the candles. Reply GLOW", "18"),
        ("Give lapsed buyers thirty-five percent off this week. Reply BACK", "35"),
        ("Take twelve per cent off the new range. Reply SHOP", "12"),
        ("Ofrece a los VIP un treinta y cinco por ciento de descuento. Responde SI", "35"),
        ("Ofrece a los VIP diecisiete por ciento de descuento. Responde SI", "17"),
        ("Offrez quarante-deux pour cent de remise aux fidèles. Répondez OUI", "42"),
        ("Offrez dix-huit pour cent de remise aux fidèles. Répondez OUI", "18"),
        ("Biete Stammkunden achtzehn Prozent Rabatt. Antworte JA", "18"),
        ("Biete Stammkunden dreiunddreißig Prozent Rabatt. Antworte JA", "33"),
    ],
)
def test_a_percentage_written_in_words(text: str, value: str) -> None:
    assert ("percentage", value, None) in _offers(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Send cart abandoners a $7-off coupon. Reply CART", "7"),
        ("Win back UK customers with 25 quid off the next box. Reply YES", "25"),
        ("Treat VIP members to €12 off the winter range. Reply SHOP", "12"),
        ("Recupera clientes con 8€ de descuento en su pedido. Responde SI", "8"),
        ("Proposez aux abonnés la box découverte à -20 € cette semaine. Répondez OUI", "20"),
        ("Schenke Stammkunden CHF 20 Rabatt auf die Bestellung. Antworte JA", "20"),
        ("Biete Neukunden 12 CHF Rabatt auf die erste Bestellung. Antworte JA", "12"),
    ],
)
def test_money_off_in_more_forms(text: str, value: str) -> None:
    assert ("amount", value, None) in _offers(text)
    assert ("amount", value) in _money(generate_flow(text, settings=SETTINGS).flow)


@pytest.mark.parametrize(
    "text",
    [
        "Promote the cooking class to past attendees: tickets are £25 per person. Reply BOOK",
        "Tell past buyers the espresso machine is now $249, was $299. Reply BUY",
        "El menú degustación cuesta 45 € por persona. Responde SI para reservar",
    ],
)
def test_a_price_is_no_money_off(text: str) -> None:
    assert not [d for d in _offers(text) if d[0] == "amount"]


def test_a_dated_window_offer_keeps_its_code_on_the_in_window_send() -> None:
    text = (
        "Between 1 August and 31 August, text beach-gear buyers 20% off with code WAVE20, sent "
        "09:00-18:00 Europe/Madrid; outside that window send a standard text with no discount. Reply SHOP"
    )
    offers = _offers(text)
    assert ("code", None, "WAVE20") in offers and ("percentage", "20", None) in offers
    brief = extract_brief(text)
    assert [w.text for w in brief.send_windows] == ["Between 1 August and 31 August"]
    flow = generate_flow(text, settings=SETTINGS).flow
    coded = [s for s in flow["steps"] if s["type"] == "message" and s.get("discountCode") == "WAVE20"]
    assert coded


@pytest.mark.parametrize(
    "text",
    [
        "Entre el 1 y el 30 de junio, 10% de descuento con el código JUNIO10. Responde SI",
        "Entre le 1er et le 30 juin, 10 % de remise avec le code JUIN10. Répondez OUI",
        "Zwischen dem 1. und 30. Juni 10 % Rabatt mit Code JUNI10. Antworte JA",
    ],
)
def test_a_dated_window_between_two_days(text: str) -> None:
    windows = extract_brief(text).send_windows
    assert len(windows) == 1 and windows[0].start.endswith("-06-01T00:00:00")
