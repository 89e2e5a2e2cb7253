"""A text that talks about a campaign without asking for one is refused; a brief that mentions one is read.

A question about a past campaign's figures, a customer's complaint pasted from support, a question
about what the tool costs, a design task for a colleague, an internal rule for the team and a
question whether a campaign went to someone are full of campaign words (percentages, codes, VIPs,
reminders, carts); what they say about the campaign (`vocab/about_campaign.json`) marks them, unless
they also ask for a send ("do it again", "text ...", "can you set up ...", "reply YES"). English,
Spanish, French and German both ways.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from flowgen_apps.cli import main
from flowgen_core.brief.about_campaign import about_campaign_reason
from flowgen_core.brief.intent import not_a_brief_reason

ABOUT_CAMPAIGNS = [
    # results of a past campaign
    "hey, how did last week's spring winback do? the 15% code SPRING15 went to the lapsed list but I can't find the reply numbers — can you send me the stats?",
    "Quick one: the VIP early-access text went out Tuesday with code EARLY20. What was the click rate? Can't see it on the dashboard.",
    "Hola, ¿cómo fue la campaña de recuperación del mes pasado? El código VUELVE15 se envió a los inactivos pero no encuentro la tasa de respuesta, ¿me pasas las estadísticas?",
    "Salut, comment s'est passée la relance panier de la semaine dernière ? Le code PANIER10 a été envoyé aux clients inactifs mais je ne trouve pas les chiffres, tu peux m'envoyer les stats ?",
    "Hallo, wie ist die Frühlingsaktion von letzter Woche gelaufen? Der Code FRUEHLING15 wurde an die inaktiven Kunden verschickt, aber ich finde die Antwortquote nicht. Kannst du mir die Zahlen schicken?",
    # complaint pasted from support
    'From the support inbox: "I got two texts about a 10% cart reminder and never added anything, stop texting me at night" — can someone check?',
    'A customer wrote in: "why am I getting VIP 20% off texts, I never signed up" - can we look into it?',
    "Del buzón de soporte: «me llegaron dos SMS del recordatorio de carrito con 10 % y nunca añadí nada, dejen de escribirme por la noche». ¿Alguien lo revisa?",
    "Une cliente se plaint : « j'ai reçu deux SMS de relance panier à -10 % alors que je n'ai rien ajouté, arrêtez de m'écrire la nuit ». Quelqu'un peut vérifier ?",
    "Eine Kundin beschwert sich: „Ich habe zweimal die Warenkorb-Erinnerung mit 10 % bekommen und nie etwas hineingelegt, schreibt mir nicht mehr nachts.“ Kann das jemand prüfen?",
    # pricing of the tool
    "What does the SMS tool cost above 20,000 messages a month? We're planning a big sale with A/B tests and reminders and I need a number for the budget.",
    "¿Cuánto cuesta la herramienta si enviamos más de 20.000 SMS al mes? Preparamos unas rebajas grandes con recordatorios y necesito la cifra para el presupuesto.",
    "Combien coûte l'outil au-delà de 20 000 SMS par mois ? On prépare des soldes avec des relances et des tests A/B, il me faut un chiffre pour le budget.",
    "Was kostet das Tool ab 20.000 Nachrichten im Monat? Wir planen einen großen Sale mit Erinnerungen und A/B-Tests und ich brauche eine Zahl fürs Budget.",
    # deliverable for a person
    "TODO for Sam (design): new banner for the autumn launch SMS, 1080x1080, include the 20% badge and code FALL20. Due Friday.",
    "Task for Priya (copy): three headline options for the Black Friday MMS image, mention 25% off and code BF25, deadline Thursday.",
    "Tarea para Lucía (diseño): banner nuevo para el SMS de lanzamiento de otoño, 1080x1080, con la insignia del 20 % y el código OTONO20. Entrega el viernes.",
    "Tâche pour Julie (graphisme) : nouvelle bannière pour le SMS de lancement d'automne, 1080x1080, avec le badge -20 % et le code AUTOMNE20. À rendre vendredi.",
    "Aufgabe für Lena (Grafik): neues Banner für die Herbst-SMS, 1080x1080, mit dem 20 %-Badge und dem Code HERBST20. Abgabe Freitag.",
    # internal policy reminder
    "Internal reminder to the whole team: anyone who replies STOP must be removed from the list within 24 hours, cart reminders included.",
    "Recordatorio interno para todo el equipo: quien responda STOP debe darse de baja de la lista en 24 horas, también de los recordatorios de carrito.",
    "Rappel interne à toute l'équipe : toute personne qui répond STOP doit être retirée de la liste sous 24 heures, y compris des relances panier",
    "Interne Erinnerung: Wer STOP antwortet, muss innerhalb von 24 Stunden ausgetragen werden.",
    # whether a past campaign was sent to someone
    "Oye, ¿sabes si la campaña de la semana pasada, la del 15% para VIP, se envió también a los que no compran hace 90 días? Un cliente dice que le llegó dos veces.",
    "Do you know if last week's 15% VIP campaign also went to people who haven't ordered in 90 days? A customer says she got it twice.",
    "Tu sais si la campagne de la semaine dernière, celle à -15 % pour les VIP, a été envoyée aussi aux clients sans commande depuis 90 jours ? Une cliente dit l'avoir reçue deux fois.",
    "Weißt du, ob die Kampagne von letzter Woche mit 15 % für VIPs auch an Kunden ohne Bestellung seit 90 Tagen verschickt wurde? Ein Kunde sagt, er hat sie zweimal bekommen.",
]
BRIEFS_THAT_MENTION_ONE = [
    # a past campaign, a question, quoted copy, a complaint: each asks for a send too
    "Last year's Black Friday text did great — do it again with 25% off, code BF25, for VIPs",
    "can you set up a winback for lapsed VIPs with 15% off?",
    'Text VIPs "Hey! 20% off today only with code VIP20" on Friday',
    "Last year's spring sale went out to 5,000 VIPs and got a 12% reply rate. Send it again this year with 20% off, code SPRING20.",
    "The winback went to lapsed customers last week; remind everyone who didn't reply with 10% off, code BACK10.",
    "Text everyone who was sent the spring promo but didn't click: 15% off, code SPRING15",
    'Copy: "Stop scrolling! 20% off everything tonight, code NIGHT20" to all subscribers at 7pm',
    "Can you text customers who got the cart reminder twice an apology with 10% off?",
    "Send VIPs an MMS with the new 1080x1080 banner, 20% off, code FALL20, Friday 10am",
    "Remind members their renewal is due Friday; reply RENEW to renew",
    "Quick survey to last month's buyers: how did we do? Reply 1-5.",
    "¿Puedes preparar una campaña de recuperación para VIP inactivos con 15% de descuento?",
    "El Black Friday del año pasado funcionó muy bien: repítelo este año con 25 % de descuento, código BF25, para los VIP.",
    "Envía un SMS a quienes recibieron la promo de primavera y no compraron: 15 % con el código PRIMA15.",
    "Pouvez-vous créer une relance pour les VIP inactifs avec 15 % de réduction ?",
    "Le Black Friday de l'an dernier a très bien marché : refaites-le cette année avec -25 %, code BF25, pour les VIP.",
    "Envoyez un SMS aux clients qui ont reçu la promo de printemps sans acheter : -15 % avec le code PRINT15.",
    "Kannst du eine Rückgewinnung für inaktive VIPs mit 15 % Rabatt einrichten?",
    "Der Black Friday letztes Jahr lief super – dieses Jahr nochmal mit 25 % Rabatt, Code BF25, für VIPs.",
    "Schick allen, die die Frühlingsaktion bekommen und nicht gekauft haben, 15 % mit dem Code FRUEH15.",
    "Customers complained about too many texts, so VIPs get one text only this Friday: 20% off, reply YES to shop",
    "Internal staff sale: text all employees 30% off this weekend with code STAFF30",
]
# a status report, a question whether it went out, a request for a deliverable, rules for the team
ABOUT_CAMPAIGNS += [
    "The spring promo went out to 5,000 VIPs on Monday with a 12% click rate, code SPRING20.",
    "¿Se envió ya la promo del 20 % a los VIP? No la veo en el panel.",
    "La relance panier à -10 % est-elle bien partie hier soir ? Je ne vois rien dans le tableau de bord.",
    "Ist die VIP-Aktion mit 20 % gestern rausgegangen? Im Dashboard sehe ich nichts.",
    "Did the 20% VIP promo go out yesterday? I can't see it anywhere.",
    "Hi, what's the price per SMS on the Growth plan if we send 50k texts a month for the holiday sale with reminders?",
    "@lena can you make the Instagram image for the VIP sale (20% off, code VIP20)? Needed by Thursday.",
    "Recordatorio para el equipo de diseño: la imagen del SMS de rebajas (1080x1080, 30 %) es para el lunes, fecha límite.",
    "Team reminder: per our policy, never text customers before 9am or after 8pm, and every opt-out must be honoured the same day.",
    "Interne Richtlinie für alle Mitarbeiter: Abmeldungen per STOP müssen sofort ausgetragen werden, auch bei Warenkorb-Erinnerungen.",
    "Politique interne : ne jamais envoyer de SMS promo après 21h, les désinscriptions doivent être traitées sous 24h.",
    "Ticket from support: customer says she got the 15% winback text twice and never signed up. Can someone look?",
]
# a brief that names a complaint, a due date, a past result or a team, and asks for a send besides
BRIEFS_THAT_MENTION_ONE += [
    "Customers complained about getting texts at night. Only send between 10am and 6pm from now on: VIPs 20% off Friday",
    "Due to high demand the sale is extended: VIPs get the banner image MMS with 20% off until Sunday",
    "Did you know? Last week's sale went so well we're extending it: 20% off for VIPs until Sunday",
    "¿Sabías que la promo de la semana pasada se agotó? Repetimos: 20 % para VIP este viernes, código VIP20",
    "La promo de la semaine dernière a été envoyée trop tard ; cette fois envoyez-la vendredi à 10h aux VIP avec -20 %",
    "Die Aktion letzte Woche wurde zu spät verschickt – diesmal Freitag 10 Uhr an alle VIPs mit 20 % Rabatt",
    "Weekly stats text to store managers every Monday 8am",
    "New plan pricing for members: $29 a month from June. Questions? Reply INFO",
    "Reminder to the team: text all VIPs tomorrow 9am with 20% off, code VIP20",
    "TODO for Sam: text VIPs 20% off Friday with the new banner image",
    "Flash sale for VIPs, 30% off, code FLASH30. Banner image attached (1080x1080).",
    "Our last campaign got a 2% reply rate. New plan: VIPs, 20% off, reply YES to claim",
    "We sent VIPs early access last week; now text everyone else 15% off, code EARLY15",
]

# figures, prices asked in a question
ABOUT_CAMPAIGNS += [
    "What was the reply rate on the VIP early-access campaign? Need it for the Monday report.",
    "¿Cuál es el precio por mensaje en el plan Pro si mandamos 30.000 SMS al mes?",
    "Quel est le tarif de l'outil pour 50 000 SMS par mois ? On prépare le Black Friday avec -30 %.",
]
# a question in the copy, a product's performance or price, a customer's policy: no text about a campaign
BRIEFS_THAT_MENTION_ONE += [
    "Performance running gear: ready for race day? 20% off for runners who bought in the last year",
    "New price for the annual plan? Just $99! Members who renew by Friday get a free month",
    "¿Quieres ver el nuevo panel solar? 20 % de descuento para clientes que compraron el año pasado",
    "Le meilleur rapport qualité-prix ? -20 % pour les clientes fidèles ce week-end",
    "Which message wins on reply rate? Test 2 versions for VIPs: 15% off vs free shipping",
    "Insurance customers: the policy renewal is due June 30 and they must confirm their details",
    "Want results? Our protein bundle is 25% off for gym members this week",
]

# a request for figures, a deliverable asked of "@jo", a rule for "everyone on the team"
ABOUT_CAMPAIGNS += [
    "Can you pull the click numbers for Friday's flash sale text? The boss wants them.",
    "Any idea why the cart reminder went out twice to the same people yesterday?",
    "How much would it cost us to send the Black Friday blast to 40k VIPs?",
    "@jo need the hero image for the spring SMS by Thursday — 20% off, code SPRING20",
    "Heads-up for everyone on the team: we must not text before 8am, it's the law.",
    "Vous avez les chiffres de la promo de vendredi dernier ?",
    "Hat jemand die Klickrate der Black-Friday-SMS? Ging an alle VIPs mit 30 % Rabatt.",
    "¿Alguien tiene la tasa de respuesta de la campaña VIP del viernes pasado? Se envió con el código VIP20.",
]
# a request to make a campaign, its verb first, last (German) or a making verb with a campaign noun
BRIEFS_THAT_MENTION_ONE += [
    "Could we do a welcome series for new subscribers? 10% off, code HELLO10. The last one had a 9% reply rate?",
    "Kannst du den VIPs, die letzte Woche die Aktion bekommen haben, morgen 20 % Rabatt schicken?",
    "We'd like to text everyone the Black Friday promo reached last year: 25% off, code BF25",
]


@pytest.mark.parametrize("text", ABOUT_CAMPAIGNS)
def test_a_text_about_a_campaign_is_refused(text: str) -> None:
    assert about_campaign_reason(text) is not None, text
    assert not_a_brief_reason(text) is not None, text


@pytest.mark.parametrize("text", BRIEFS_THAT_MENTION_ONE)
def test_a_brief_that_mentions_a_past_campaign_or_such_words_is_read(text: str) -> None:
    assert not_a_brief_reason(text) is None, text


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (ABOUT_CAMPAIGNS[0], "results"),
        (ABOUT_CAMPAIGNS[5], "complaint"),
        (ABOUT_CAMPAIGNS[10], "costs"),
        (ABOUT_CAMPAIGNS[14], "copy task for a person"),
        (ABOUT_CAMPAIGNS[21], "internal reminder"),
        (ABOUT_CAMPAIGNS[23], "already sent"),
    ],
)
def test_each_kind_says_what_the_text_is(text: str, said: str) -> None:
    reason = not_a_brief_reason(text)
    assert reason is not None and said in reason


def test_an_opt_out_reply_asks_for_no_send_but_a_keyword_does() -> None:
    rule = "Internal reminder to the team: whoever replies STOP must be removed within 24 hours."
    assert about_campaign_reason(rule) is not None
    past = "Last week's VIP text went out Monday with a 12% reply rate?"
    assert about_campaign_reason(past) is not None
    assert about_campaign_reason(past + " Beat it: VIPs get 20% off Friday, reply YES to shop.") is None


@pytest.mark.parametrize("text", [ABOUT_CAMPAIGNS[0], ABOUT_CAMPAIGNS[14], ABOUT_CAMPAIGNS[21]])
def test_the_cli_refuses_with_one_line_and_exit_2(text: str) -> None:
    result = CliRunner().invoke(main, ["generate", "--generator", "offline", text])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "campaign brief" in lines[0]


def test_a_forwarded_brief_asks_in_its_own_quoted_words() -> None:
    forwarded = (
        'Fwd: from the owner\n"Customers complained about texts at night. Only send between 10am '
        'and 6pm from now on: VIPs 20% off Friday, code VIP20."'
    )
    assert not_a_brief_reason(forwarded) is None
    complaint = 'Fwd: from support\n"A customer says she got the 15% text twice and never signed up, can someone check?"'
    assert not_a_brief_reason(complaint) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Last year's launch text went out at 9am: did that work? This season: 10% off with code FRESH24.",
        "¿La campaña del año pasado se envió a las 9? Esta temporada: envía un SMS a los VIP con 10 % y el código FRESCO24.",
        "La campagne de l'an dernier a été envoyée à 9h, trop tôt ? Cette saison : -10 % avec FRAIS24.",
        "Wurde die Aktion letztes Jahr um 9 Uhr verschickt? Diese Saison: 10 % mit FRISCH24.",
    ],
)
def test_a_question_about_last_years_campaign_then_this_seasons_offer_is_a_brief(text: str) -> None:
    assert not_a_brief_reason(text) is None
