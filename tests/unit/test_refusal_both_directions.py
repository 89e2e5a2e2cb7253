"""A brief with no offer is still a brief; a near-miss text that asks for no campaign is refused.

Both directions in English, Spanish, French and German: announcements, reminders, surveys,
re-engagement without a discount and back-in-stock notices are read; meeting summaries, questions
to the vendor, notices to one customer, to-do lists, placeholders, out-of-office replies, job ads,
account help, bare links and lists of channels are refused with one line (CLI exit 2).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from flowgen_apps.cli import main
from flowgen_core.brief.intent import not_a_brief_reason

NO_OFFER_BRIEFS = [
    "SMS an alle Stammkunden: Ab Montag haben wir neue Öffnungszeiten, Mo-Fr 9-19 Uhr. Wir freuen uns auf euren Besuch!",
    "Erinnerung an alle, die sich für den Workshop am Samstag angemeldet haben: Beginn 10 Uhr im Laden.",
    "Neuigkeiten für unsere Kundinnen: Unsere neue Herbstkollektion ist da. Schick eine kurze SMS an die VIP-Gruppe, Donnerstag 18 Uhr.",
    "Die Wollsocken sind wieder auf Lager – allen Bescheid geben, die sich dafür vorgemerkt haben.",
    "Kurze Umfrage an Kunden der letzten 3 Monate: Wie zufrieden wart ihr mit der Lieferung? Antwort 1-5.",
    "Wir vermissen dich! Nachricht an alle, die seit einem halben Jahr nicht mehr bei uns waren, ganz ohne Rabatt, einfach ein Hallo.",
    "Aviso a todos los clientes del club: el sábado cerramos a las 14h por inventario.",
    "Recordatorio para los inscritos en la cata de vinos del jueves a las 19h, traed vuestra entrada.",
    "Ya volvieron las zapatillas Trail X: avisar a quienes preguntaron por ellas.",
    "Encuesta corta para quienes compraron en octubre: ¿qué tal la experiencia? Responder del 1 al 5.",
    "Annonce aux clients fidèles : notre boutique déménage au 12 rue Victor Hugo à partir du 3 mars.",
    "Rappel pour les inscrits à l'atelier poterie de samedi 10h : pensez à apporter un tablier.",
    "Le pull marin est de retour en stock, prévenir les clientes qui l'avaient demandé.",
    "Petit sondage auprès des clients du mois dernier : êtes-vous satisfaits ? Répondez de 1 à 5.",
    "Announcement for our loyalty members: new opening hours from Monday, 9am to 7pm.",
    "Reminder to everyone registered for Saturday's tasting event at 6pm, doors open at 5:30.",
    "Let customers who haven't visited in 6 months know we miss them, no discount, just a friendly hello.",
    "The linen shirts are back in stock; let the waitlist know.",
    "Quick survey to last month's buyers: how did we do? Reply 1-5.",
    "Text everyone who got a delivery notification last week a 10% code THANKS10.",
    "Send our newsletter subscribers a heads-up that the summer market is on June 14 from 10am.",
    "Neuigkeiten an alle Newsletter-Abonnenten: Ab 1. März liefern wir auch nach Österreich.",
    "Nachricht an die Stammkunden: Am Freitag ist der Laden wegen Inventur geschlossen.",
    "Erinnerung für die Gruppe Yoga-Kurs: morgen 18 Uhr, bitte Matte mitbringen.",
    "Die Kundengruppe Weinclub über die neue Lieferung informieren, Versand Dienstag 10 Uhr.",
    "An alle Kunden mit Kundenkarte: unser Sommerfest am 20. Juli, ab 15 Uhr im Innenhof.",
    "Kurze Mitteilung an unsere Abonnenten, dass der Onlineshop umgezogen ist.",
    "Hinweis an alle Kunden: Neue Filiale in Köln eröffnet am Samstag.",
    "Anuncio para los socios: nueva tienda en Valencia a partir del lunes.",
    "À nos adhérents du club : la soirée de dégustation a lieu vendredi à 19h.",
    "Nouvelle pour nos clientes : la boutique ouvre le dimanche dès ce mois-ci.",
    "Novedades para nuestros clientes: ya abrimos los domingos.",
]

NOT_BRIEFS = [
    "Sprint retro: went well - launched new landing page. Didn't go well - SMS open rates down. Action items: Anna to review the holiday campaign calendar, Ben to check VIP segment size.",
    "Zusammenfassung Meeting Marketing: Lisa prüft das Budget für Q3, Tom klärt die Kampagnenplanung mit der Agentur bis Freitag.",
    "Resumen de la reunión: Marta revisará el calendario de campañas, Luis preparará el informe de clientes VIP para el lunes.",
    "How much does the pro plan cost per month, and is there a discount for annual billing?",
    "Wie viel kostet das Tool im Monat und kann ich mehrere Shops verbinden?",
    "¿Cuánto cuesta el plan premium y se puede cancelar en cualquier momento?",
    "Does your tool support sending to customers in Canada?",
    "Hi Sarah, your order #48213 has shipped! Track your package here: https://track.example.com/48213. Expected delivery: Thursday.",
    "Hallo Herr Müller, Ihre Bestellung Nr. 10294 wurde versandt und kommt voraussichtlich am Dienstag an.",
    "Thank you for your order! Order confirmation #5521: 2x Wool Scarf, total $48.00. Shipping to 12 Main St.",
    "Bonjour Mme Durand, votre commande n°7781 a été expédiée. Suivi du colis : https://suivi.example.fr/7781",
    "To do for the office move: book the movers, pack the monitors, order new desks, cancel the old internet contract.",
    "Event setup checklist: chairs, banner, sound check at 4pm, order pizza for the volunteers, print name badges.",
    "brief to follow after the call",
    "draft — fill in",
    "Brief kommt nach dem Call",
    "borrador, lo completo luego",
    "I am out of the office until Monday 12 May with limited access to email. For urgent matters please contact marketing@example.com.",
    "Ich bin bis zum 15. August nicht im Büro und habe keinen Zugriff auf meine E-Mails. In dringenden Fällen wenden Sie sich an info@example.de.",
    "Je suis absente du bureau jusqu'au 3 juin. Pour toute urgence, contactez support@example.fr.",
    "We're hiring! Marketing Manager (m/f/d), full-time, Berlin. You'll own our SMS and email campaigns. Apply by March 31 at jobs@example.com.",
    "Wir suchen eine:n Social Media Manager:in in Teilzeit. Bewerbung bitte bis 30.6. an jobs@example.de.",
    "I forgot my password, can you send me a reset link?",
    "Please reset my password, I can't log in to the dashboard.",
    "Olvidé mi contraseña, ¿me pueden enviar un enlace para restablecerla?",
    "https://www.example-shop.com/collections/summer-sale",
    "www.example.de/produkte",
    "SMS, email, push, WhatsApp",
    "#marketing #sms-campaigns #general",
]

# briefs that only mention such things
MENTIONS = [
    "Text everyone who got a delivery notification last week a 10% code THANKS10.",
    "order confirmation text with the tracking link",
    "Meeting notes: text VIPs 20% off on Friday, reply YES to order.",
    "Retro action item: text lapsed customers 15% off, code BACK15, wait 2 days and remind them.",
    "Aufgaben: SMS an alle Stammkunden mit 10% Rabatt, Antwort JA zum Bestellen.",
    "Send a reminder to everyone who asked about the password reset feature: it is live, reply HELP for a guide.",
]


@pytest.mark.parametrize("text", NO_OFFER_BRIEFS)
def test_a_brief_without_an_offer_is_a_brief(text: str) -> None:
    assert not_a_brief_reason(text) is None


@pytest.mark.parametrize("text", NOT_BRIEFS)
def test_a_near_miss_is_refused(text: str) -> None:
    assert not_a_brief_reason(text) is not None


@pytest.mark.parametrize("text", MENTIONS)
def test_a_brief_that_mentions_a_near_miss_is_a_brief(text: str) -> None:
    assert not_a_brief_reason(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Hallo Herr Müller, Ihre Bestellung Nr. 10294 wurde versandt und kommt voraussichtlich am Dienstag an.",
        "https://www.example-shop.com/collections/summer-sale",
        "Sprint retro: SMS open rates down. Action items: Anna to review the holiday campaign calendar.",
    ],
)
def test_the_cli_refuses_with_one_line_and_exit_2(text: str) -> None:
    result = CliRunner().invoke(main, ["generate", "--generator", "offline", text])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
