"""Spanish, French and German briefs: dated windows, time zones, no-reply timeouts, delays before
the first send, property updates, filters in brackets, cart and opt-in audiences, offer tests and
the latest cart are read as an English brief with the same meaning is read."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.glossary import to_english_cues
from flowgen_core.brief.timing import month_number

_TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "start", "end", "zone"),
    [
        (
            "Del 5 al 12 de abril enviar la oferta de temporada, el resto del tiempo el aviso habitual. "
            "Zona horaria: Europe/Madrid.",
            "2027-04-05T00:00:00",
            "2027-04-12T23:59:59",
            "Europe/Madrid",
        ),
        (
            "Du 4 au 11 octobre, envoyer la promo de rentrée ; le reste du temps, le message habituel. "
            "Fuseau horaire : America/Toronto.",
            "2027-10-04T00:00:00",
            "2027-10-11T23:59:59",
            "America/Toronto",
        ),
        (
            "Frühlingsaktion vom 6. bis 13. Mai (Zeitzone Europe/Vienna): 15 % Rabatt, sonst die normale Nachricht.",
            "2027-05-06T00:00:00",
            "2027-05-13T23:59:59",
            "Europe/Vienna",
        ),
        (
            "Soldes du 28 février au 3 mars 2027 pour les clients fidèles, fuseau horaire Lyon.",
            "2027-02-28T00:00:00",
            "2027-03-03T23:59:59",
            "Europe/Paris",
        ),
        (
            "Rebajas para clientes del 20 al 27 de diciembre, zona horaria CDMX.",
            "2026-12-20T00:00:00",
            "2026-12-27T23:59:59",
            "America/Mexico_City",
        ),
    ],
)
def test_a_day_range_with_a_month_name_is_a_dated_window_in_the_named_zone(
    text: str, start: str, end: str, zone: str
) -> None:
    windows = extract_brief(text, today=_TODAY).send_windows
    assert [(w.start, w.end, w.timezone) for w in windows] == [(start, end, zone)]


@pytest.mark.parametrize(
    "text",
    [
        "Esperar 2 a 3 días y mandar un recordatorio a los clientes.",
        "Relancer les clients 2 à 3 jours plus tard.",
        "Kunden 2 bis 3 Tage später erinnern.",
    ],
)
def test_a_range_of_durations_is_no_dated_window(text: str) -> None:
    assert extract_brief(text, today=_TODAY).send_windows == []


def test_month_names_come_from_dateparser_locales() -> None:
    assert [month_number(w) for w in ("marzo", "mars", "März", "déc.", "Mai", "jours", "Tage")] == [
        3, 3, 3, 12, 5, None, None,
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Del 2 al 9 de junio mandar el cupón de verano; el resto del tiempo las novedades. Zona horaria: Europe/Madrid.",
        "Du 2 au 9 juin, le code d'été ; le reste du temps, les nouveautés. Fuseau horaire : Europe/Paris.",
        "Vom 2. bis 9. Juni der Sommercode, sonst die Neuheiten. Zeitzone Europe/Berlin.",
    ],
)
def test_the_rest_of_the_time_still_gets_a_message(text: str) -> None:
    brief = extract_brief(text, today=_TODAY)
    assert brief.cues is not None and brief.cues.other_times_message


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        (
            "Clientes de la tienda: responder SI para pedir. Sin respuesta en 36 horas, enviar un recordatorio.",
            36,
            "hours",
        ),
        ("Clients de la boutique : répondre OUI pour commander, relance 4h si pas de réponse.", 4, "hours"),
        ("Clients de la boutique : répondre OUI, un rappel 2 jours s'il n'y a pas de réponse.", 2, "days"),
        (
            "Kunden: Antwort JA zum Bestellen. Nach 5 Stunden ohne Antwort eine Erinnerung schicken.",
            5,
            "hours",
        ),
    ],
)
def test_no_reply_timeouts(text: str, value: int, unit: str) -> None:
    brief = extract_brief(text, today=_TODAY)
    assert [(d.value, d.unit) for d in brief.no_reply_after] == [(value, unit)]


@pytest.mark.parametrize(
    "text",
    [
        "Rappel de réassort : 35 jours après la commande, proposer de répondre OUI pour recommander.",
        "Recordatorio: 20 días después de la compra, proponer responder SI para volver a pedir.",
        "Warenkorbabbrecher nach 2 Std anschreiben, Antwort JA kauft.",
    ],
)
def test_a_delay_written_before_the_first_send_is_a_wait_before_it(text: str) -> None:
    brief = extract_brief(text, today=_TODAY)
    assert brief.waits and brief.cues is not None and brief.cues.wait_before_send


@pytest.mark.parametrize(
    ("text", "keyword", "name", "value"),
    [
        (
            "Abonnés : demander s'ils veulent faire une pause. Réponse PAUSE -> mettre la propriété en_pause = oui.",
            "pause",
            "en_pause",
            "oui",
        ),
        (
            "Kunden im Abo fragen, ob sie pausieren wollen. Antwort HALT -> Eigenschaft pausiert = ja setzen.",
            "halt",
            "pausiert",
            "ja",
        ),
        (
            "Suscriptores del club: preguntar si quieren pausar. Respuesta ALTO -> poner pausa_envio = si.",
            "alto",
            "pausa_envio",
            "si",
        ),
    ],
)
def test_a_reply_that_sets_a_property(text: str, keyword: str, name: str, value: str) -> None:
    brief = extract_brief(text, today=_TODAY)
    assert keyword in brief.reply_keywords
    assert [(u.name, u.value, u.on_reply) for u in brief.property_updates] == [(name, value, keyword)]
    assert all(c.property_name != name for c in brief.audience)


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        (
            "Équipe pro : comptes partenaires (niveau_compte = argent) — nouvelle gamme, répondre VOIR.",
            "niveau_compte",
            "argent",
        ),
        (
            "Ventas B2B: cuentas de distribuidores (canal = tienda) — catálogo nuevo, responder VER.",
            "canal",
            "tienda",
        ),
        ("Händler (kundentyp = partner): neuer Katalog, Antwort KATALOG.", "kundentyp", "partner"),
        ("Kunden im Abo (abo_typ = monat): neue Boxen, Antwort JA.", "abo_typ", "monat"),
    ],
)
def test_a_filter_in_brackets_after_the_audience_is_read_as_written(text: str, name: str, value: str) -> None:
    audience = extract_brief(text, today=_TODAY).audience
    assert [(c.property_name, c.property_value) for c in audience if c.kind == "property"] == [(name, value)]


def test_a_value_after_an_equals_sign_is_never_translated() -> None:
    assert "abo_typ = monat" in to_english_cues("Kunden (abo_typ = monat) mit Rabatt", "de")


@pytest.mark.parametrize(
    ("text", "days"),
    [
        (
            "Les personnes qui ont ajouté des places au panier dans les dernières 12 heures sans commander : leur envoyer leur panier.",
            1,
        ),
        (
            "Personas que agregaron entradas al carrito en los últimos 2 días sin comprar: enviarles su carrito.",
            2,
        ),
        (
            "Personen, die in den letzten 48 Stunden etwas in den Warenkorb gelegt haben, ohne zu bestellen.",
            2,
        ),
    ],
)
def test_added_to_cart_without_ordering(text: str, days: int) -> None:
    events = [(c.action, c.operator) for c in extract_brief(text, today=_TODAY).audience]
    cart = [c for c in extract_brief(text, today=_TODAY).audience if c.action == "added_product_to_cart"]
    assert ("placed_order", "has_not") in events
    assert [(c.operator, c.days) for c in cart] == [("has", days)]


@pytest.mark.parametrize(
    "text",
    [
        "Warenkorbabbrecher heute anschreiben, Antwort JA kauft.",
        "warenkorb abbrecher am selben tag anschreiben, antwort KAUF",
    ],
)
def test_german_cart_abandoner_compounds(text: str) -> None:
    audience = extract_brief(text, today=_TODAY).audience
    assert [(c.action, c.operator) for c in audience] == [("added_product_to_cart", "has")]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        (
            "Test A/B pour les inscrits SMS des 14 derniers jours : une version courte, une version longue.",
            14,
        ),
        ("Prueba A/B para los suscritos a SMS de los últimos 10 días: versión corta y versión larga.", 10),
        ("A/B-Test für SMS-Abonnenten der letzten 5 Tage: Version A kurz, Version B lang.", 5),
    ],
)
def test_recent_sms_subscribers(text: str, days: int) -> None:
    audience = extract_brief(text, today=_TODAY).audience
    assert [(c.action, c.operator, c.days) for c in audience] == [("opted_into_sms", "has", days)]


@pytest.mark.parametrize(
    ("text", "variants"),
    [
        (
            "Ehemalige Kunden zurückholen: A/B-Test 15 % Rabatt gegen 5 € Rabatt. Antwort JA.",
            ["15 % off", "5 € off"],
        ),
        (
            "Clientes inactivos: prueba A/B 10 % de descuento frente a 5 € de descuento. Responde SI.",
            ["10 % off", "5 € off"],
        ),
        (
            "Anciens clients : test A/B 30 % de remise contre 8 € de remise. Répondez OUI.",
            ["30 % off", "8 € off"],
        ),
    ],
)
def test_a_test_of_two_offers_names_both(text: str, variants: list[str]) -> None:
    brief = extract_brief(text, today=_TODAY)
    assert brief.experiment is not None and brief.experiment.variants == variants
    assert sorted(d.kind for d in brief.discounts) == ["amount", "percentage"]
    assert brief.cues is not None and len(brief.cues.offer_at) == 2


@pytest.mark.parametrize(
    ("text", "english"),
    [
        (
            "Clientes de la farmacia: responder OTRA para repetir su último carrito.",
            "Customers of the pharmacy: reply OTRA to reorder their last cart.",
        ),
        (
            "Clients de la pharmacie : répondre ENCORE pour recommander son dernier panier.",
            "Customers of the pharmacy: reply ENCORE to reorder their last cart.",
        ),
        (
            "Apothekenkunden: Antwort WIEDER -> letzter Warenkorb.",
            "Pharmacy customers: reply WIEDER -> latest cart.",
        ),
    ],
)
def test_the_latest_cart_reads_as_it_does_in_english(text: str, english: str) -> None:
    theirs = extract_brief(text, today=_TODAY)
    ours = extract_brief(english, today=_TODAY)
    keyword = theirs.reply_keywords[0]
    assert "last cart" in theirs.reply_meanings[keyword]
    assert (
        theirs.reply_meanings[keyword].replace("last", "latest").split()[-2:]
        == ours.reply_meanings[keyword].replace("last", "latest").split()[-2:]
    )
