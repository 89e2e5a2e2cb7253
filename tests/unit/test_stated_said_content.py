"""What a brief says its messages must say, in shapes the copy has to carry: acceptance-criteria
and spec clauses ("- Message says ...", "The first text invites them to ...", "El primer SMS invita
a ...", "Le premier SMS annonce ...", "Die erste SMS lädt zum ... ein"), news in the brand's voice
and in its own words ("el aviso de que ..."), a price stated as a price, the numbered parts of a
series and each A/B variant's own content."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.stated import read_stated_content
from flowgen_core.planners.offline.composer import OfflineGenerator
from flowgen_core.planners.offline.copywriting import segments
from tests.offline_flows import first_send_text, valid_offline_flow


def _sends(text: str) -> dict[str, str]:
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(text), brand_name="Acme").flow
    return {s["id"]: str(s["text"]) for s in flow["steps"] if s["type"] == "message"}


@pytest.mark.parametrize(
    ("text", "language", "content", "order"),
    [
        (
            "Send to all subscribers.\n- Message says our repair kits now ship in two days",
            "en",
            "our repair kits now ship in two days",
            None,
        ),
        (
            "Everyone on the list. The first text invites them to the rooftop screening on Thursday.",
            "en",
            "You're invited to the rooftop screening on Thursday!",
            1,
        ),
        (
            "Panadería Luz, todos los suscriptores. El primer SMS invita a la feria del pan del domingo.",
            "es",
            "Te invitamos a la feria del pan del domingo",
            1,
        ),
        (
            "Librairie Cadran, tous les abonnés. Le premier SMS annonce la lecture publique de samedi.",
            "fr",
            "Découvrez la lecture publique de samedi !",
            1,
        ),
        (
            "Bad am See, alle Abonnenten. Die erste SMS lädt zum Mondschein-Schwimmen am Freitag ein.",
            "de",
            "Wir laden Sie zum Mondschein-Schwimmen am Freitag ein",
            1,
        ),
    ],
)
def test_a_copy_clause_is_the_messages_content(
    text: str, language: str, content: str, order: int | None
) -> None:
    stated = read_stated_content(text, language)
    assert [(m.content, m.order) for m in stated.messages] == [(content, order)]
    assert (content[:1].upper() + content[1:]).rstrip(" !.") in first_send_text(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Plant Corner SMS to all subscribers. Our Stockbridge shop opens Thursday. Just the news and a link.",
            "Our Stockbridge shop opens Thursday",
        ),
        (
            "Tienda Sol, a todos los suscriptores. Solo el aviso de que vuelve la paleta de acuarela.",
            "Vuelve la paleta de acuarela",
        ),
        (
            "Maison Brume, tous les abonnés. Juste l'annonce que la bougie figue revient.",
            "La bougie figue revient",
        ),
        (
            "Hof Linde, alle Abonnenten. Die erste SMS kündigt den Hofladen-Markt am Samstag an.",
            "Neu: den Hofladen-Markt am Samstag",
        ),
    ],
)
def test_news_is_the_first_messages_subject(text: str, words: str) -> None:
    sent = first_send_text(text)
    assert words in sent
    assert segments(sent) <= 2


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("Text all customers: our gift vouchers start at $40 (that is the price, not a discount).", "$40"),
        ("Send to all subscribers.\n- Message says our tasting boxes start at $25", "$25"),
    ],
)
def test_a_price_stays_a_price(text: str, price: str) -> None:
    flow = valid_offline_flow(text)
    first = next(s for s in flow["steps"] if s["type"] == "message")
    assert price in first["text"]
    assert first.get("discountType", "none") == "none"
    assert "off" not in first["text"].split(price)[1][:10]


def test_a_stated_discount_is_still_no_price() -> None:
    stated = read_stated_content("Send to all subscribers.\n- Message says 20% off from $40 orders", "en")
    assert stated.messages == []


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        (
            "Drip for new subscribers: three texts, one every two days - (1) the best trails this season, "
            "(2) the packing list, (3) the guide schedule.",
            ["the best trails this season", "the packing list", "the guide schedule"],
        ),
        (
            "Serie de 3 SMS para los suscriptores, uno cada dos días: (1) las rutas del mes, (2) la lista de "
            "equipaje, (3) el calendario de salidas.",
            ["las rutas del mes", "la lista de equipaje", "el calendario de salidas"],
        ),
        (
            "Série de 3 SMS pour les abonnés, un tous les deux jours : (1) les sentiers du mois, (2) la liste "
            "du sac, (3) le calendrier des sorties.",
            ["les sentiers du mois", "la liste du sac", "le calendrier des sorties"],
        ),
        (
            "Drei SMS für neue Abonnenten, eine alle zwei Tage: (1) die Touren des Monats, (2) die Packliste, "
            "(3) der Tourenkalender.",
            ["die Touren des Monats", "die Packliste", "der Tourenkalender"],
        ),
    ],
)
def test_each_part_of_a_series_carries_its_topic(text: str, topics: list[str]) -> None:
    stated = read_stated_content(text, extract_brief(text).language)
    assert [(m.content, m.order) for m in stated.messages] == [(t, i + 1) for i, t in enumerate(topics)]
    texts = list(_sends(text).values())
    for topic in topics:
        assert any(topic in t for t in texts), topic


@pytest.mark.parametrize(
    ("text", "own"),
    [
        (
            "A/B test for all subscribers: version A says 15% off pedicures, version B says a free hand "
            "massage with any pedicure.",
            "A free hand massage with any pedicure",
        ),
        (
            "Split test for our members, version A: 10% off colour, version B says a free blow-dry with any "
            "colour appointment.",
            "A free blow-dry with any colour appointment",
        ),
    ],
)
def test_each_variant_says_its_own_offer(text: str, own: str) -> None:
    sends = _sends(text)
    a = next(t for k, t in sends.items() if k.startswith("variant-a"))
    b = next(t for k, t in sends.items() if k.startswith("variant-b"))
    assert own in b and own not in a
    assert "10%" not in b and "15%" not in b  # variant A's discount is not variant B's
    assert "STOP" in a and "STOP" in b
    assert segments(b) <= 2


def test_a_tone_variant_names_no_content() -> None:
    sends = _sends("A/B test for VIPs with 20% off: variant A urgent, variant B playful.")
    assert all("Urgent." not in t and "Playful." not in t for t in sends.values())
