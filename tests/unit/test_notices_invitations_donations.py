"""Short notices, invitations, donation asks and product-choice briefs are read; near misses that
use the same words are still refused.

A notice needs no offer: a headline addressed to everyone ("Storm notice for all customers:",
"Noche de tapas para todos:") counts as a send, an invitation or a donation appeal as a goal, and
"everyone", "tout le monde", "todo el mundo", families and donors as an audience. A calendar
invite, a donation page that throws an error, or a colleague asked for the invitation is no
campaign. Spanish "todos" opens no to-do list and "todo" (everything) fills no placeholder.
"""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.intent import campaign_evidence, framing, not_a_brief_reason
from flowgen_core.brief.summary import nothing_read_reason

NOTICES = [
    "Storm notice for all customers: our emergency line is 555-0100 if your heating fails.",
    "Heads-up to everyone: we're closed Monday for the holiday.",
    "Notice to all tenants: water will be off Tuesday 9-12.",
    "Power outage notice for all members: the gym is closed until 3pm.",
    "Holiday hours for everyone: we open at 10 on Boxing Day.",
    "Noche de tapas para todos: viernes 20h",
    "Aviso para todos los clientes: el lunes cerramos por festivo.",
    "Comunicado a todos los socios: la piscina cierra el martes por mantenimiento.",
    "Soirée portes ouvertes jeudi 18h, tout le monde est invité",
    "Avis à tous nos clients : fermeture exceptionnelle lundi.",
    "Prévenir tout le monde : fermé lundi.",
    "Information pour tous les clients : en cas de panne de chauffage, appelez le 01 23 45 67 89.",
    "Hinweis an alle Kunden: Am Montag geschlossen.",
    "Für alle Kunden: Bei Heizungsausfall erreicht ihr unseren Notdienst unter 0800 123 456.",
    "Sturmwarnung für alle Kunden: Unser Notdienst ist unter 0800 123 456 erreichbar.",
]
INVITATIONS = [
    "Invite families to our Spring Open Day on Saturday.",
    "Invite parents to the school fair next Saturday, 10am to 2pm.",
    "Invitation for all members: summer BBQ on June 21.",
    "Everyone is invited to our open evening on Thursday at 6pm.",
    "Invitar a los socios a la cata del jueves, responder SÍ para reservar plaza",
    "Invita a las familias a la jornada de puertas abiertas del sábado.",
    "Invitación para todos los vecinos: fiesta del barrio el domingo a las 12h.",
    "Todo el mundo invitado a la fiesta de aniversario del sábado a las 19h.",
    "Inviter les familles à la journée portes ouvertes samedi.",
    "Invitation pour tous les adhérents : barbecue d'été le 21 juin.",
    "Lade die Familien zum Tag der offenen Tür am Samstag ein.",
    "Einladung an alle Mitglieder: Sommerfest am 21. Juni ab 15 Uhr.",
    "Tag der offenen Tür am Samstag ab 10 Uhr, alle sind herzlich eingeladen.",
]
DONATIONS = [
    "Everyone except donors gets the donation appeal; donors get a thank-you instead.",
    "Ask supporters to donate to our winter coat drive before Friday.",
    "Todos excepto los donantes reciben la petición de donación; a los donantes, un agradecimiento en su lugar",
    "Llamamiento a donar para el banco de alimentos, a todos los vecinos.",
    "Tout le monde sauf les donateurs reçoit l'appel aux dons ; les donateurs reçoivent un merci à la place",
    "Appel aux dons pour la rénovation du toit, à tous nos adhérents.",
    "Alle außer Spendern bekommen den Spendenaufruf, Spender stattdessen ein Dankeschön",
    "Spendenaufruf an alle Mitglieder für das neue Vereinsheim.",
    "Thank donors for their support this year.",
    "Agradecer a los donantes su apoyo este año.",
    "Remercier les donateurs de cette année pour leur soutien.",
    "Bedanke dich bei allen Spendern für ihre Unterstützung.",
]
PRODUCT_CHOICE = [
    "Schick den Stammkunden die zuletzt angesehenen Artikel.",
    "Zeig Stammkunden die zuletzt angesehenen Produkte.",
    "Show regulars the items they viewed most recently.",
    "Muestra a los clientes habituales los artículos vistos recientemente.",
    "Proposer aux clients fidèles les articles consultés récemment.",
]
# Spanish "todos" / "todo" are everyone and everything, not a to-do list or a placeholder
SPANISH_ALL = [
    "Todos los clientes VIP reciben 20% de descuento",
    "Todos salvo los VIP reciben un 10 % de descuento.",
    "20% en todo",
    "Todo el catálogo con 15% de descuento",
]
BRIEFS = NOTICES + INVITATIONS + DONATIONS + PRODUCT_CHOICE + SPANISH_ALL

NEAR_MISSES = [
    # a colleague asked for an invitation
    "Hi Tom, can you send me the invite for Thursday's open day planning?",
    "Hola Ana, ¿me puedes mandar la invitación de la reunión del jueves?",
    "Salut Marc, tu peux m'envoyer l'invitation pour la réunion de jeudi ?",
    "Hallo Jana, kannst du mir die Einladung zum Meeting am Donnerstag schicken?",
    "@ana the invitation PDF for the gala has a typo, can you fix it?",
    # a calendar invite to the team
    "Meeting invite: Q3 planning, Tuesday 10am, room 4",
    "Calendar invite: all-hands Friday at 3pm",
    "Convocatoria de reunión: martes 10h, sala 2",
    "Invitation à la réunion d'équipe mardi 10h",
    "Einladung zum Teammeeting am Dienstag um 10 Uhr",
    # complaints and bug reports about giving
    "I donated last month and never got a receipt.",
    "Doné el mes pasado y nunca recibí el recibo.",
    "J'ai fait un don le mois dernier et je n'ai jamais reçu de reçu.",
    "Ich habe letzten Monat gespendet und nie eine Quittung bekommen.",
    "The donation page throws a 500 error when you click submit",
    "La página de donaciones da error al pagar.",
    "Le formulaire de don plante quand on valide.",
    "Das Spendenformular stürzt beim Absenden ab.",
    "Team, the donation report for Q3 is in the shared drive.",
    # questions to the vendor
    "How do donors get their tax receipts?",
    "¿Cómo reciben los donantes su certificado de donación?",
    "Comment les donateurs reçoivent-ils leur reçu fiscal ?",
    "Wie bekommen Spender ihre Spendenquittung?",
    "Where can I see the items a customer viewed recently?",
    "Wo sehe ich die zuletzt angesehenen Artikel eines Kunden?",
    # meeting notes naming donors
    "Meeting notes: Ana to call the donors, Raj to book the hall for the open day.",
    "Acta de la reunión: Luis llama a los donantes, Marta reserva la sala.",
    "Compte rendu : Julie appelle les donateurs, Marc réserve la salle.",
    "Protokoll: Ben ruft die Spender an, Anna bucht den Saal.",
    # everyone as the subject of an internal note, a notice from someone else
    "Everyone is out Friday for the offsite, no standup.",
    "Tout le monde est en réunion jeudi matin, pas de standup.",
    "Alle sind am Freitag im Offsite, kein Standup.",
    "Todo el mundo a la reunión del jueves a las 10h.",
    "We received a notice from the landlord about the rent increase.",
    "Hinweis: der Drucker im 2. Stock ist kaputt.",
    # German "lade ... hoch" uploads, it invites nobody
    "Lade die Datei bis Freitag hoch",
    "Bitte lade die neuen Fotos hoch",
    # out-of-office replies
    "Estoy fuera de la oficina hasta el lunes. Para urgencias escribe a ops@example.com.",
    "Je suis absent jusqu'à lundi. Pour toute urgence, contactez ops@example.fr.",
]


def _refused(text: str) -> str | None:
    return not_a_brief_reason(text) or nothing_read_reason(extract_brief(text))


@pytest.mark.parametrize("text", BRIEFS)
def test_a_short_notice_invitation_or_appeal_is_a_brief(text: str) -> None:
    assert _refused(text) is None, (framing(text), campaign_evidence(text))


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_a_near_miss_with_the_same_words_is_still_refused(text: str) -> None:
    assert _refused(text), (framing(text), campaign_evidence(text))


def test_everyone_opens_a_greeting_only_before_punctuation() -> None:
    assert framing("Everyone is invited to our open evening on Thursday at 6pm.") == "statement"
    assert framing("Everyone, is the VIP list up to date?") == "question"
    assert framing("hi team how do I export a flow") == "question"


def test_the_invitation_and_the_appeal_are_evidence_in_every_language() -> None:
    for text in ("Invite families", "Invitar a los socios", "appel aux dons", "Spendenaufruf"):
        assert "goal" in campaign_evidence(text).categories, text
    for text in ("TODO: fix the footer", "To-dos for Monday: call the printer", "todo list for the move"):
        assert not_a_brief_reason(text), text
