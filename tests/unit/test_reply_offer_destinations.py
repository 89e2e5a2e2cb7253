"""A reply leads to the purchase offer or the product choice its brief names, whatever form the
brief writes it in: a plan line with a verb of leading, a run-on sentence, a reply-noun branch
line, an offer named before the keyword it claims, a choice among named things."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief
from tests.offline_flows import reply_targets, valid_offline_flow

_OFFERS = [
    (
        "Spring bundle push to VIP customers.\nAcceptance criteria:\n"
        "- Reply BUNDLE leads to a purchase offer for variant 55102 x 2\n- Reply STOP opts out",
        "bundle",
        ("55102", "2"),
    ),
    (
        "Flight school promo to subscribers.\n1. Send an SMS about our discovery flight.\n"
        "2. Ask them to reply YES or NO.\n3. YES goes to a purchase offer for the discovery flight.\n"
        "4. NO sets property flight_interest = declined and the flow ends.",
        "yes",
        None,
    ),
    (
        "Promo to subscribers. Ask them to reply YES or NO.\n- YES leads to a purchase offer for "
        "variant 4410 quantity 3\n- NO ends the flow",
        "yes",
        ("4410", "3"),
    ),
    (
        "text our subscribers about the new four pack if they reply yes send them a purchase offer "
        "for the four pack that's variant 88213 quantity one",
        "yes",
        ("88213", "1"),
    ),
    (
        "SMS to past buyers about sneaker care they can reply clean to get the purchase offer for "
        "sneaker cleaning variant 22018 quantity one",
        "clean",
        ("22018", "1"),
    ),
    (
        "Campagne SMS pour nos abonnés sur le vol découverte.\nCritères d'acceptation :\n"
        "- Réponse OUI → offre d'achat pour le vol découverte (variant 71002, quantité 1)\n"
        "- Réponse NON → propriété vol_decouverte = refuse, puis fin",
        "oui",
        ("71002", "1"),
    ),
    (
        "Campaña SMS para suscriptores.\n- Respuesta SI → oferta de compra para el curso (variante 33001, cantidad 2)\n"
        "- Respuesta NO → fin",
        "si",
        ("33001", "2"),
    ),
    (
        "SMS an alle Abonnenten.\n- Antwort JA → Kaufangebot für den Rundflug (Variante 44120, Menge 1)\n"
        "- Antwort NEIN → Ende",
        "ja",
        ("44120", "1"),
    ),
    (
        "Record store drop: we're pressing the LP (variant 60921) for our newsletter list. "
        "Offer one copy per customer as a purchase offer - reply YES to claim it.",
        "yes",
        ("60921", "1"),
    ),
]


@pytest.mark.parametrize(("brief", "keyword", "product"), _OFFERS)
def test_a_reply_reaches_the_purchase_offer_its_brief_names(
    brief: str, keyword: str, product: tuple[str, str] | None
) -> None:
    assert extract_brief(brief).reply_destinations.get(keyword) == "purchase_offer"
    offers = [t for t in reply_targets(valid_offline_flow(brief), keyword) if t["type"] == "purchase_offer"]
    assert offers
    if product is not None:  # a named variant and quantity are the offer's own products
        assert offers[0]["cartSource"] == "manual"
        item = offers[0]["products"][0]
        assert (item["productVariantId"], str(item["quantity"])) == product


def test_the_other_branch_line_sets_its_property() -> None:
    brief = extract_brief(_OFFERS[5][0])
    assert "non" in brief.reply_keywords
    assert any(u.name == "vol_decouverte" for u in brief.property_updates)


@pytest.mark.parametrize(
    ("brief", "keyword"),
    [
        (
            "Campagne pour nos abonnés : nouvelle collection de plaids. Le SMS doit proposer de répondre "
            "VOIR pour choisir parmi nos 3 modèles (Lin, Velours, Thermique).",
            "voir",
        ),
        (
            "New throws for subscribers. Reply PICK to choose from our 3 styles (Linen, Velvet, Thermal).",
            "pick",
        ),
        ("Mantas nuevas. Responde VER para elegir entre nuestros 3 modelos (Lino, Terciopelo).", "ver"),
        ("Neue Decken. Antworte WAHL, um aus unseren 3 Modellen zu wählen.", "wahl"),
    ],
)
def test_a_reply_to_choose_among_named_things_reaches_a_product_choice(brief: str, keyword: str) -> None:
    assert extract_brief(brief).reply_destinations.get(keyword) == "product_choice"
    assert any(t["type"] == "product_choice" for t in reply_targets(valid_offline_flow(brief), keyword))


@pytest.mark.parametrize(
    "brief",
    [
        "Promo for subscribers about the winter sale. Reply YES for details.",
        "Promo para suscriptores. Responde SI para más detalles.",
        "Promo pour nos abonnés. Répondez OUI pour plus d'infos.",
        "Aktion für Abonnenten. Antworte JA für mehr Details.",
    ],
)
def test_a_reply_for_details_is_a_text_not_an_offer(brief: str) -> None:
    flow = valid_offline_flow(brief)
    keyword = extract_brief(brief).reply_keywords[0]
    assert extract_brief(brief).reply_destinations.get(keyword) == "service"
    assert all(t["type"] == "message" for t in reply_targets(flow, keyword))


@pytest.mark.parametrize(
    "brief",
    [
        # the offer is named, but the reply does not claim it
        "We sent a purchase offer last week. Reply YES if you liked it.",
        # no verb of leading after the plan line's keyword
        "Plan:\n3. YES or NO, both fine.\n4. Later a purchase offer goes out to everyone.",
        # a lower-case word that gets no offer is no keyword
        "Reply today to get 20% off everything.",
        # a run-on answer word with no verb of giving after it
        "if they reply no later than friday we send a purchase offer",
    ],
)
def test_near_misses_name_no_offer(brief: str) -> None:
    read = extract_brief(brief)
    assert "purchase_offer" not in read.reply_destinations.values()
    assert "today" not in read.reply_keywords


def test_choosing_a_date_is_no_product_choice() -> None:
    brief = extract_brief("Event invite. Reply DATE to choose from the available dates.")
    assert brief.reply_destinations.get("date") != "product_choice"
