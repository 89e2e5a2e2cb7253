"""Briefs written as "v2, changes from v1" notes: the new value counts, the old one never does."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.model import CampaignBrief
from flowgen_core.brief.versions import version_edits

_TODAY = date(2026, 12, 7)


def _read(text: str) -> CampaignBrief:
    return extract_brief(text, _TODAY)


def _offers(brief: CampaignBrief) -> list[tuple[str, str | None]]:
    return [(d.kind, d.value or d.code) for d in brief.discounts]


@pytest.mark.parametrize(
    "text",
    [
        "Vinyl sale v2, changes from v1:\n- Audience: everyone\n- Two texts\n"
        "- Wait CHANGED: was 1 day between the two texts, now 2 days\n- Reply YES to order",
        "Vinyl sale v2:\n- Two texts to everyone\n- Wait between the two texts: 2 days (v1 said 1 day)",
        "Campagne fromage v2 :\n- Public : tous les abonnés\n- Deux SMS\n"
        "- Attente entre les deux SMS : 2 jours (la v1 disait 1 jour)",
        "Campagne v2 :\n- Deux SMS à tous les abonnés\n- Attente : avant 1 jour, maintenant 2 jours",
        "Campaña v2:\n- Público: todos los suscriptores\n- Dos SMS\n- Espera entre los dos SMS: antes 1 día, ahora 2 días",
        "Kampagne v2:\n- Zielgruppe: alle Abonnenten\n- Zwei SMS\n- Wartezeit zwischen den zwei SMS: statt 1 Tag jetzt 2 Tage",
        "Kampagne v2:\n- Zwei SMS an alle Abonnenten\n- Wartezeit: vorher 1 Tag, neu 2 Tage",
    ],
)
def test_a_changed_wait_keeps_only_the_new_value(text: str) -> None:
    brief = _read(text)
    assert [(w.value, w.unit) for w in brief.waits] == [(2, "days")]


@pytest.mark.parametrize(
    ("text", "offers"),
    [
        (
            "Vinyl sale v2 (changes from v1):\n- Send to all subscribers\n"
            "- Code CHANGED: VINYL10 is dead, use SPIN20 for 20% off",
            [("code", "SPIN20"), ("percentage", "20")],
        ),
        (
            "Send to all subscribers. VINYL10 has expired, use SPIN20 for 20% off.",
            [("code", "SPIN20"), ("percentage", "20")],
        ),
        (
            "Enviad un SMS a todos. El código VINYL10 ya no vale, usa SPIN20 para 20 % de descuento.",
            [("code", "SPIN20"), ("percentage", "20")],
        ),
        (
            "Envoyez un SMS à tous. Le code VINYL10 n'est plus valable, utilisez SPIN20 pour 20 % de remise.",
            [("code", "SPIN20"), ("percentage", "20")],
        ),
        (
            "Schickt allen eine SMS. Der Code VINYL10 gilt nicht mehr, nutzt SPIN20 für 20 % Rabatt.",
            [("code", "SPIN20"), ("percentage", "20")],
        ),
    ],
)
def test_a_dead_code_is_dropped_everywhere(text: str, offers: list[tuple[str, str]]) -> None:
    found = _offers(_read(text))
    assert sorted(found) == sorted(offers)
    assert "VINYL10" not in str(found)


@pytest.mark.parametrize(
    ("text", "offers"),
    [
        (
            "Campagne fromage v2 :\n- Public : tous les abonnés\n"
            "- Remise : on passe de 10 % à 5 € de réduction (code FROMAGE5)",
            [("amount", "5"), ("code", "FROMAGE5")],
        ),
        (
            "Campaña v2:\n- Público: todos los suscriptores\n- Descuento: antes 10 %, ahora 15 % con el código VERANO15",
            [("percentage", "15"), ("code", "VERANO15")],
        ),
        (
            "Campaña v2:\n- Enviar a todos\n- Descuento: pasamos de 10 % a 15 % (código VERANO15)",
            [("percentage", "15"), ("code", "VERANO15")],
        ),
        (
            "Kampagne v2:\n- Zielgruppe: alle Abonnenten\n- Rabatt: vorher 10 %, neu 15 % mit Code SOMMER15",
            [("percentage", "15"), ("code", "SOMMER15")],
        ),
        (
            "Kampagne v2:\n- An alle Abonnenten\n- Rabatt: von 10 % auf 15 % mit Code SOMMER15",
            [("percentage", "15"), ("code", "SOMMER15")],
        ),
        (
            "Spring sale v2:\n- Everyone\n- Discount CHANGED: was 10%, now 15% with code SPRING15",
            [("percentage", "15"), ("code", "SPRING15")],
        ),
        (
            "Spring sale v2:\n- Everyone\n- Discount: 15% with code SPRING15 (v1 had 10%)",
            [("percentage", "15"), ("code", "SPRING15")],
        ),
        (
            "Text all subscribers about the spring sale: ~~15%~~ 20% off with code SPRING20.",
            [("percentage", "20"), ("code", "SPRING20")],
        ),
        (
            "Text all subscribers. Offer: ~~15% off~~ 20% off, code ~~SPRING15~~ SPRING20.",
            [("percentage", "20"), ("code", "SPRING20")],
        ),
        (
            "Enviad un SMS a todos: ~~10 %~~ 15 % de descuento con el código VERANO15.",
            [("percentage", "15"), ("code", "VERANO15")],
        ),
    ],
)
def test_a_changed_offer_keeps_only_the_new_value(text: str, offers: list[tuple[str, str]]) -> None:
    assert sorted(_offers(_read(text))) == sorted(offers)


@pytest.mark.parametrize(
    "text",
    [
        "Vinyl sale v2 - changes from v1:\n- Audience CHANGED: was everyone, now VIPs only (customer_type = vip)",
        "Campaña v2:\n- Público: antes todos, ahora solo VIP (customer_type = vip)",
        "Kampagne v2:\n- Zielgruppe: vorher alle, jetzt nur VIPs (customer_type = vip)",
    ],
)
def test_a_changed_audience_keeps_the_new_one(text: str) -> None:
    brief = _read(text)
    assert [(c.property_name, c.property_value) for c in brief.audience] == [("customer_type", "vip")]


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("Campagne v2 :\n- Public : tous\n- Inchangé : réponse PLATEAU pour commander", "plateau"),
        ("Campaign v2:\n- Audience: everyone\n- Unchanged: reply YES to order", "yes"),
        ("Campaña v2:\n- Público: todos\n- Sin cambios: responder SI para pedir", "si"),
        ("Kampagne v2:\n- Zielgruppe: alle\n- Unverändert: Antwort JA zum Bestellen", "ja"),
    ],
)
def test_an_unchanged_line_still_reads(text: str, keyword: str) -> None:
    assert keyword in _read(text).reply_keywords


@pytest.mark.parametrize(
    ("text", "offers"),
    [
        (
            "Enviad un SMS a los socios inactivos: 20 € de descuento en la cuota, código VUELVE20.",
            [("amount", "20"), ("code", "VUELVE20")],
        ),
        (
            "Schickt allen Abonnenten eine SMS: 3 € Rabatt auf die nächste Wäsche mit Code WASCH3.",
            [("amount", "3"), ("code", "WASCH3")],
        ),
        (
            "Envoyez un SMS à tous les abonnés : 5 € de réduction sur le prochain plateau, code FROMAGE5.",
            [("amount", "5"), ("code", "FROMAGE5")],
        ),
    ],
)
def test_euros_off_are_amounts(text: str, offers: list[tuple[str, str]]) -> None:
    assert sorted(_offers(_read(text))) == sorted(offers)


@pytest.mark.parametrize(
    "text",
    [
        "Text all subscribers: prices went from $30 to $25 on the whole vinyl range.",
        "Enviad un SMS a todos: los precios pasan de 30 € a 25 € en todos los vinilos.",
        "Envoyez un SMS à tous : les prix passent de 30 € à 25 € sur tous les vinyles.",
        "Schickt allen eine SMS: die Preise gehen von 30 € auf 25 € für alle Platten.",
        "Text all subscribers about the new vinyl range. Last year we did 15%.",
    ],
)
def test_a_price_change_or_a_past_offer_is_no_discount(text: str) -> None:
    assert [d for d in _read(text).discounts if d.kind in ("percentage", "amount")] == []


@pytest.mark.parametrize(
    "text",
    [
        # no old value: the note words alone change nothing
        "Vinyl sale v2:\n- Two texts to everyone\n- Wait: 2 days between the two texts\n- Reply YES to order",
        # "was" that names no earlier value
        "Text everyone: the vinyl fair was a hit, send 2 texts 2 days apart.",
    ],
)
def test_a_note_without_an_old_value_reads_as_written(text: str) -> None:
    assert [(w.value, w.unit) for w in _read(text).waits] == [(2, "days")]


def test_a_code_that_merely_follows_a_verb_is_not_dead() -> None:
    found = _offers(_read("Text everyone: SPIN20 is live, 20% off for all."))
    assert ("percentage", "20") in found


@pytest.mark.parametrize(
    "text",
    [
        "Campaña v2:\n- Espera entre los dos SMS: de 1 día a 2 días",
        "Campagne v2 :\n- Attente entre les deux SMS : de 1 jour à 2 jours",
        "Kampagne v2:\n- Wartezeit zwischen den zwei SMS: von 1 Tag auf 2 Tage",
        "Vinyl sale v2:\n- Wait between the two texts: from 1 day to 2 days",
    ],
)
def test_a_wait_changed_from_one_length_to_another_keeps_the_new_one(text: str) -> None:
    assert [(w.value, w.unit) for w in _read(text).waits] == [(2, "days")]


@pytest.mark.parametrize(
    "text",
    [
        # a dated window, sending hours or a time of day: a range, not an old and a new value
        "Venta de verano del 1 al 15 de julio (hora de Madrid), 20% de descuento",
        "15% de descuento. Enviar solo de 10 a 20 hs, hora de Buenos Aires.",
        "Oferta: 20 % de descuento, enviar de 9 h a 18 h",
        "Soldes d'été du 2 au 12 juillet : 20 % de remise pour tous.",
        "20 % de remise, envoi de 10 h à 20 h, heure de Paris.",
        "20 % de remise, envoi de 9 heures à 18 heures.",
        "Attente entre les deux SMS : 2 jours. Envoi de 9 heures à 18 heures.",
        "Sommerschlussverkauf vom 2. bis 12. Juli: 20 % Rabatt für alle.",
        "20 % Rabatt, Versand nur von 9 bis 17 Uhr.",
        "Summer sale from 1 July to 15 July: 20% off for everyone.",
        "20% off, send from 9 am to 5 pm New York time.",
        "20% off with code SUN20, texts go out from 10 to 20 every day.",
    ],
)
def test_a_range_is_no_version_change(text: str) -> None:
    assert version_edits(text) == []
