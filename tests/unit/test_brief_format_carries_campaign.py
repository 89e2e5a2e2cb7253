"""A brief laid out as a checklist or as minutes is read by what it carries, not by its format.

A list or minutes whose items name who gets a send and what they get (an offer, a reply keyword,
dates) are a brief in every language; a to-do list of design tasks, a standup, minutes with no
campaign, a question about last campaign's numbers and a support ticket stay refused with a
one-line reason.
"""

from __future__ import annotations

import pytest

from flowgen_core.brief import not_a_brief_reason

CARRIES_A_CAMPAIGN = [
    pytest.param(
        "Campaña reactivación enero\n[x] Público: socios sin pedidos en los últimos 90 días\n[x] Oferta: 20 € de descuento, código VUELVE20\n[x] Respuesta VOLVER -> enlace a la tienda\n[ ] Test A/B (no esta vez)\n",
        id="es_check",
    ),
    pytest.param(
        "Compte rendu – réunion marketing du 18 décembre\nPrésents : Claire, Hugo, Inès\nPoints abordés : bilan de Noël, budget du T1.\nActions :\n- Hugo : envoyer un SMS aux clientes qui ont acheté en décembre, du 2 au 12 janvier (heure de Paris). En dehors de cette période, on n'envoie rien.\n- Le SMS propose deux produits : répondre BOUGIE pour la bougie d'hiver, répondre THE pour le coffret de thé.\n- Signature obligatoire dans le SMS : « L'équipe Maison Lune »\n- Inès : préparer les visuels pour Instagram.\n",
        id="fr_minutes",
    ),
    pytest.param(
        "Compte-rendu réunion du 15/12\nParticipants : Léa, Marc, Sophie\n1. Bilan du trimestre : RAS.\n2. Actions :\n- Campagne SMS du 2 au 12 janvier (heure de Paris). En dehors de cette période, on n'envoie rien.\n- Les abonnés répondent CHOCO pour recevoir le lien du coffret chocolat, ou THE pour le coffret thé.\n- Signature obligatoire dans le SMS : « L'équipe Maison Lune »\nProchaine réunion : 8 janvier.\n",
        id="fr2",
    ),
    pytest.param(
        "Notes de réunion – marketing\nActions : SMS à tous les clients du 2 au 12 janvier (heure de Paris) ; en dehors de cette période, on n'envoie rien. Réponse CHOCO = coffret chocolat, réponse THE = coffret thé. Signature obligatoire dans le SMS : « Maison Lune ».\n",
        id="fr3",
    ),
    pytest.param(
        "January winback\n[x] Audience: members with no orders in the last 90 days\n[x] Offer: $20 off, code BACK20\n[x] Reply BACK -> link to the shop\n[ ] A/B test (not this time)\n",
        id="en_check",
    ),
    pytest.param(
        "Protokoll Marketing-Runde, 10. Dezember\nTeilnehmer: Jana, Tobias\nAufgaben:\n- Tobias: SMS an alle Kundinnen, die im Dezember bestellt haben, vom 2. bis 12. Januar.\n- Antwort KERZE = Link zur Winterkerze, Antwort TEE = Link zum Teeset.\n- Inès: Grafiken für Instagram.\n",
        id="de_protokoll",
    ),
    pytest.param(
        "Checklist campagne de janvier\n[x] Cible : abonnés sans commande depuis 90 jours\n[x] Offre : 15 % de réduction, code RETOUR15\n[x] Réponse OUI -> lien vers la boutique\n",
        id="fr_check",
    ),
]

LOOK_ALIKES = [
    pytest.param(
        "Aufgaben diese Woche\n[x] SMS-Text für den Sommerschlussverkauf prüfen\n[ ] Banner mit 20 % Rabatt bei der Grafik bestellen\n[ ] Termin mit der Agentur am Donnerstag\n",
        id="de_todo",
    ),
    pytest.param(
        'Design checklist\n[x] New logo variants for the spring sale\n[ ] Banner 1080x1080 with "20% off" in the brand font\n[ ] Send the mockups to Lea by Friday\n[ ] Export icons for the SMS landing page\n',
        id="design",
    ),
    pytest.param(
        "Tareas de la semana\n[x] Revisar el texto del SMS de rebajas\n[ ] Pedir a diseño el banner del 20 %\n[ ] Reunión con la agencia el jueves\n",
        id="es_todo",
    ),
    pytest.param(
        "Compte rendu de la réunion du 4 mars\nPrésents : Claire, Hugo\nPoints : budget du T2, recrutement d'un graphiste, nouveau contrat avec l'agence.\nActions : Hugo envoie le contrat au service financier avant vendredi.\n",
        id="fr_cr",
    ),
    pytest.param(
        "Meeting minutes – marketing weekly, 12 March\nAttendees: Dana, Luis, Priya\nDiscussed: Q2 budget, the new agency contract, hiring a designer.\nActions:\n- Luis: send the contract to finance by Friday\n- Priya: book the room for the offsite\n",
        id="minutes",
    ),
    pytest.param(
        "Hi Sam,\nhow did last week's winback SMS campaign do? I'd love the numbers: how many customers clicked the 15% off link and how many replied YES?\nThanks, Dana\n",
        id="results",
    ),
    pytest.param(
        "Standup update – Tuesday\nYesterday: finished the copy review for the spring sale SMS, fixed the discount banner.\nToday: QA on the landing page, sync with design.\nBlockers: waiting on legal for the opt-out wording.\n",
        id="standup",
    ),
    pytest.param(
        "Support ticket #48213\nSubject: SMS campaign sent twice\nOur Black Friday text with the 20% discount went out twice to the same customers yesterday and several replied STOP. Please investigate why this happened.\n",
        id="ticket",
    ),
]


@pytest.mark.parametrize("text", CARRIES_A_CAMPAIGN)
def test_a_list_or_minutes_with_a_campaign_is_a_brief(text: str) -> None:
    assert not_a_brief_reason(text) is None


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alike_documents_stay_refused_with_one_line(text: str) -> None:
    reason = not_a_brief_reason(text)
    assert reason is not None
    assert "\n" not in reason


def test_minutes_with_an_sms_plan_give_its_dates_zone_and_signature() -> None:
    from flowgen_core.brief import extract_brief

    text = CARRIES_A_CAMPAIGN[1].values[0]
    brief = extract_brief(text)
    assert [k.upper() for k in brief.reply_keywords] == ["BOUGIE", "THE"]
    assert [w.timezone for w in brief.send_windows] == ["Europe/Paris"]
    assert brief.stated is not None
    assert [m.words for m in brief.stated.must_say] == ["L'équipe Maison Lune"]


@pytest.mark.parametrize(
    ("text", "language", "words"),
    [
        (
            'Text VIPs 20% off on Friday. Required sign-off in the SMS: "- The Lune team"',
            "en",
            "- The Lune team",
        ),
        (
            "Envía un SMS a los socios el viernes. Firma obligatoria en el SMS: «El equipo de Luna»",
            "es",
            "El equipo de Luna",
        ),
        (
            "Schick allen Kunden am Freitag eine SMS. Pflichtsignatur in der SMS: „Dein Luna-Team“",
            "de",
            "Dein Luna-Team",
        ),
    ],
)
def test_a_label_for_required_words_makes_them_must_say(text: str, language: str, words: str) -> None:
    from flowgen_core.brief.stated import read_stated_content

    stated = read_stated_content(text, language)
    assert stated is not None
    assert [m.words for m in stated.must_say] == [words]


@pytest.mark.parametrize(
    "text",
    [
        "Envoyer un SMS aux clients. Notre signature : « Ambre » est en promo.",
        'Text VIPs about the sale. Email subject line: "Big news"',
    ],
)
def test_a_quote_after_a_plain_label_is_no_must_say(text: str) -> None:
    from flowgen_core.brief.stated import read_stated_content

    stated = read_stated_content(text, "fr" if "Envoyer" in text else "en")
    assert stated is None or stated.must_say == []
