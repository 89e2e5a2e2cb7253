"""A reply whose words ask to be shown things a store sells ("RIDE to see the bikes", "VER para
ver los modelos") reaches a product choice; one that asks for a schedule or the details does not."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief
from tests.offline_flows import valid_offline_flow
from tests.scoring import requirement_met


@pytest.mark.parametrize(
    ("brief", "intent"),
    [
        (
            "Text the newsletter list about our new bike fleet. Reply RIDE to see the bikes -> show the bikes.",
            "ride",
        ),
        ("Weekend surf promo for subscribers. Reply RENT to see available boards.", "rent"),
        ("Mensaje a los suscriptores por la nueva temporada: responde VER para ver los modelos.", "ver"),
        ("SMS pour nos abonnés : répondez VOIR pour découvrir la collection.", "voir"),
        ("SMS an alle Abonnenten zum Saisonstart. Antwort MIETEN zeigt die verfügbaren Räder.", "mieten"),
        ("SMS an unsere Kunden. Antworte RAD, um die neuen Räder zu sehen.", "rad"),
    ],
)
def test_a_reply_asking_to_see_products_reaches_a_product_choice(brief: str, intent: str) -> None:
    assert extract_brief(brief).reply_destinations.get(intent) == "product_choice"
    flow = valid_offline_flow(brief)
    assert requirement_met({"check": "reply_reaches", "intent": intent, "type": "product_choice"}, flow)
    # the picks check out: a brief that asks to see products does not end in a plain confirmation
    assert requirement_met({"check": "node", "type": "purchase"}, flow)


@pytest.mark.parametrize(
    ("brief", "keyword"),
    [
        ("Conference invite. Reply INFO to see the schedule.", "info"),
        ("Gala para socios. Responde INFO para ver los horarios.", "info"),
        ("Soirée des membres. Répondez PLAN pour voir le programme.", "plan"),
        ("Sommerfest. Antworte INFO, um die Termine zu sehen.", "info"),
        ("Conference next week. Reply YES to see you there!", "yes"),
    ],
)
def test_seeing_a_schedule_or_the_details_names_no_product_destination(brief: str, keyword: str) -> None:
    assert "product_choice" not in extract_brief(brief).reply_destinations.values()


def test_open_times_stay_a_service_reply() -> None:
    brief = extract_brief("Salon news. Reply SLOTS to see available times.")
    assert brief.reply_destinations == {"slots": "service"}


def test_a_purchase_offers_other_reply_may_still_show_products() -> None:
    flow = valid_offline_flow(
        "Text subscribers about the new novel. Reply BOOK to see the new releases, "
        "or reply YES to get 1 copy (variant 88120) directly."
    )
    assert requirement_met({"check": "reply_reaches", "intent": "book", "type": "product_choice"}, flow)
    assert requirement_met({"check": "reply_reaches", "intent": "yes", "type": "purchase"}, flow)
