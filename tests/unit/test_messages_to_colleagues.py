"""A message to a colleague is no brief; an English brief that opens with a foreign question word is.

Asking a named person for a file or an invoice ("Hallo Jana, kannst du mir ... schicken?",
"@maya did the shop send the logo files?") uses send verbs but asks for no campaign; French
"comment" and German "was" open no question in an English text ("Comment thread on ...").
"""

from __future__ import annotations

import pytest

from flowgen_core.brief.intent import framing, not_a_brief_reason

TO_COLLEAGUES = [
    "Hallo Jana, kannst du mir bis Freitag die Rechnung vom letzten Monat schicken? Danke und schönes Wochenende!",
    "Moin Lars, kannst du mir die Fotos vom Shooting schicken? Brauche sie bis Mittwoch.",
    "Hola Marta, ¿me puedes mandar las fotos del catálogo antes del jueves? Gracias",
    "Bonjour Julie, peux-tu m'envoyer la facture de mars ? Merci !",
    "Hi Tom, could you send me the updated price list by Monday? Thanks!",
    "@maya did the kayak shop ever send over their logo files? need them before thursday",
    "@dev @ops is the export to the warehouse running again? orders from yesterday are missing",
]

BRIEFS = [
    'Comment thread on "Launch plan v2":\n> Ana: For Open House week (May 3 to May 9) we text the '
    "early-access list. Any other time this flow sends the regular weekly text.\n>> Ben: Resolved.",
    "Comment from the owner: text VIPs 20% off this Friday, reply YES to order",
    "Was thinking we text lapsed customers 15% off, reply YES to claim",
    "@sam text all VIPs 20% off tomorrow, reply YES to order",
    "Hi team, can you set up a winback for lapsed VIPs with 20% off?",
    "Hi Team, can you send our VIP list a 20% off code this Friday?",
    "Hallo Team, bitte schickt allen Stammkunden am Freitag 10 % Rabatt, Antwort JA zum Bestellen",
    "Hola equipo, ¿podemos mandar un SMS a los clientes VIP con 20% de descuento este viernes?",
    "Can you text me a test of the VIP 20% offer before we launch it to customers who ordered in 90 days?",
]


@pytest.mark.parametrize("text", TO_COLLEAGUES)
def test_a_message_to_a_colleague_is_refused(text: str) -> None:
    assert not_a_brief_reason(text) is not None


@pytest.mark.parametrize("text", BRIEFS)
def test_a_brief_that_opens_like_a_message_is_read(text: str) -> None:
    assert not_a_brief_reason(text) is None


def test_a_french_question_word_opens_a_french_question_only() -> None:
    assert framing("Comment faire une campagne pour les clients VIP ?") == "question"
    assert framing("Comment thread on the VIP launch: text VIPs 20% off on Friday") != "question"


def test_a_self_addressed_send_is_no_request_for_a_campaign() -> None:
    assert framing("could you send me the invoice from March") != "request"
    assert framing("could you send our VIPs the spring offer") == "request"
