"""Near-miss texts that are no brief are refused; real briefs, however short, are not.

Two general causes: a text from which the interpreter reads no campaign fact at all (no
audience, offer, reply, timing, product, stated copy or kind of flow) while most of its clauses
go unread is no brief (`nothing_read_reason`, checked after extraction by every shell); and kinds
of document recognised as data in `vocab/not_a_brief.json` (a notice to one customer, a
retrospective's headings, checkbox lists, a question signed like a letter, a brief still to come).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from flowgen_apps.cli import main
from flowgen_core.brief import extract_brief, not_a_brief_reason
from flowgen_core.brief.summary import nothing_read_reason
from flowgen_core.errors import NotABriefError
from flowgen_core.pipeline import generate_flow, read_brief
from flowgen_core.settings import Settings, get_settings

VENDOR = [
    "Hello support, before our contract renews next month: does the MMS price match plain texts, and are test sends billed against our monthly allowance? Cheers, Dana",
    "Hi folks — one thing ahead of the renewal: is the A/B test feature included in the Growth tier, and do SMS to Canada use up our credits? Many thanks, Tom",
    "Hey team, small question before we upgrade — are inbound replies free, and does the link shortener count toward the quota? Best, Priya",
    "Hola equipo, antes de renovar: ¿el precio por SMS es igual para números de México, y las pruebas A/B cuentan en nuestra cuota? Gracias, Lucía",
    "Bonjour l'équipe, petite question avant le renouvellement : le tarif SMS est-il le même pour la Belgique, et les envois de test sont-ils décomptés de notre quota ? Merci, Camille",
    "Hallo zusammen, kurze Frage vor der Verlängerung: kostet eine SMS nach Österreich gleich viel, und zählen A/B-Tests gegen unser Kontingent? Danke, Jonas",
]
CHECKLIST = [
    "Office move — Fri 14 March\n[ ] rent the truck\n[x] tape up the boxes\n[ ] cancel the internet at the old place\n[ ] order pizza for the crew",
    "Pop-up stand setup (Sat 3/22)\n- [x] print banners\n- [ ] pick up the tables\n- [ ] charge the card reader\n- [ ] buy ice",
    "Mudanza de oficina — 12 de abril\n[ ] alquilar la furgoneta\n[x] etiquetar las cajas\n[ ] dar de baja el wifi",
    "Déménagement du bureau – 5 mai\n[ ] réserver le camion\n[x] étiqueter les cartons\n[ ] rendre les clés",
    "Umzug Büro – 20. Juni\n[ ] Transporter mieten\n[x] Kartons beschriften\n[ ] Schlüssel abgeben",
    "Event setup checklist for the launch party Thursday\n[ ] confirm the caterer\n[x] send invites to the band\n[ ] test the speakers",
]
TRANSACTIONAL = [
    "Your Bloomly order #55102 is out for delivery! Courier: Sam. Expected between 2-4pm. Follow it here: https://bloom.ly/t/55102 Reply STOP to unsubscribe",
    "Great news, Maria! Your Kettle&Co package #90311 has shipped. Arrives Thursday. Track: https://kco.io/t/90311. Txt STOP to opt out",
    "¡Tu pedido #30442 de Verdeo ya va en camino! Repartidor: Iván. Llegada estimada 18:00. Sigue tu envío: https://verdeo.es/t/30442 Responde BAJA para no recibir más",
    "Votre commande Lumio n°77120 est en route ! Livreur : Karim. Arrivée prévue vers 15h. Suivi : https://lumio.fr/s/77120 Répondez STOP pour vous désabonner",
    "Ihre Bestellung #61234 bei Holzwerk ist unterwegs! Fahrer: Lars. Voraussichtliche Ankunft 14 Uhr. Sendungsverfolgung: https://holzwerk.de/t/61234 Antworte STOP zum Abmelden",
    "Hi Jordan, good news: order 48811 from Peak Outfitters has been dispatched. ETA tomorrow by 6pm. Track it: peak.co/t/48811. Reply STOP to opt out.",
]
RETRO = [
    "Q3 review\nWent well: the Labor Day discount got a 14% reply rate; VIP early access sold out\nDidn't go well: the winback texts went out late\nActions: Ana to fix the send schedule, Raj to clean the list",
    "What worked: spring sale at 20% off beat last year; reply YES flow converted 9%\nWhat didn't: too many reminders, opt-outs up\nNext steps: cap at 2 per week",
    "Lo que funcionó: la campaña de rebajas con 15% de descuento tuvo buena tasa de respuesta\nLo que no: enviamos demasiados recordatorios\nAcciones: Marta revisa la lista",
    "Ce qui a bien marché : la promo de Noël à -20 %, bon taux de réponse\nCe qui n'a pas marché : les relances trop fréquentes\nActions : Julie nettoie la liste",
    "Was gut lief: die Sommeraktion mit 10% Rabatt, gute Antwortquote\nWas nicht gut lief: zu viele Erinnerungen\nMaßnahmen: Ben bereinigt die Liste",
    "Campaign post-launch sync — highlights: Black Friday promo had a 11% reply rate. Lowlights: the cart texts fired twice. Action items: fix dedupe, Tom owns it.",
]
LATER = [
    "brief to come once we've spoken with the agency — I'll drop the audience and the offer in here tonight",
    "placeholder until the call with the design studio; will add target list + promo details by end of day",
    "brief pending — waiting on the client call, will paste segment and discount here later today",
    "brief pendiente tras la llamada con la agencia — pegaré aquí el público y la oferta esta tarde",
    "brief à venir après l'appel avec l'agence — je colle ici l'audience et l'offre ce soir",
    "Briefing folgt nach dem Call mit der Agentur – Zielgruppe und Angebot trage ich heute Abend hier ein",
]
# no shape of a known kind: refused because nothing in them was read as a campaign fact
NOTHING_READ = [
    "Office move Friday: rent the truck, tape up the boxes, cancel the internet at the old place",
    "Mudanza el viernes: alquilar la furgoneta, etiquetar las cajas, dar de baja el wifi",
    "Déménagement vendredi : réserver le camion, étiqueter les cartons, rendre les clés",
    "Umzug am Freitag: Transporter mieten, Kartons beschriften, Schlüssel abgeben",
]
NEAR_MISSES = NOTHING_READ + VENDOR + CHECKLIST + TRANSACTIONAL + RETRO + LATER

BRIEFS = [
    # requests signed like a letter name what the flow is about
    "Hi team, can you set up a winback flow for lapsed VIPs? Thanks, Dana",
    "Could we do a welcome series for new subscribers? Cheers, Tom",
    "Hola, ¿podéis preparar una campaña de bienvenida para nuevos suscriptores? Gracias, Lucía",
    "Bonjour, pouvez-vous créer une relance panier abandonné ? Merci, Camille",
    "Hallo, könnt ihr eine Geburtstagskampagne für Stammkunden bauen? Danke, Jonas",
    "Black Friday: what should we offer VIPs? 20% off or free shipping? Best, Priya",
    # "Actions" and "Next steps" are no report's headings
    "Actions: text VIPs 20% off Friday. Next steps: reminder after 2 days",
    "Highlights: new collection. Send it to subscribers Friday 10am",
    "[ ] text VIPs 20% off Friday\n[ ] reminder after 2 days if no reply",
    "TBD: 15% off for lapsed customers, reply YES to claim",
    "Brief: winback lapsed customers, 10% off",
    "Brief after the call: text VIPs early access Friday",
    "nuevo lanzamiento",
    "abandoned cart txt 1hr",
    "Frühlingsrabatt 15 % für alle Abonnenten, gültig vom 3. bis 20. Mai (Berliner Zeit).",
    "boost VIP reorders",
    "spring sale",
    "winback lapsed customers",
    "boost my VIP reorders",
    "Hi team, please text our VIPs 20% off this Friday, reply YES to claim. Thanks, Dana",
    "Hola equipo, enviad un SMS a los clientes VIP con 15% de descuento el viernes. Gracias, Lucía",
    "Bonjour, envoyez un SMS aux abonnés avec 10% de réduction samedi. Merci, Camille",
    "Hallo Team, bitte schickt den Stammkunden am Freitag eine SMS mit 15% Rabatt. Danke, Jonas",
    "A/B test two messages for the spring sale: 15% off vs free shipping",
    "Checklist: text cart abandoners after 1 hour with 10% off, reply STOP to opt out",
    "Order shipped text with tracking link, then a review request 5 days after delivery",
    "Retro learnings applied: winback with 15% off for lapsed customers, reply YES to claim",
    "Text VIPs: early access to the sale tomorrow at 10am ET",
    "new collection drop friday",
    "birthday text 20% off",
    "abandoned cart reminder",
    "Post-purchase thank you for first-time buyers",
    "Black Friday teaser for subscribers",
    "Rebajas de verano para clientes VIP",
    "Relance panier abandonné",
    "Willkommens-SMS für neue Abonnenten",
    "Flash sale tonight, 30% off everything",
]


def _refused(text: str) -> str | None:
    return not_a_brief_reason(text) or nothing_read_reason(extract_brief(text))


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_miss_texts_are_refused(text: str) -> None:
    assert _refused(text), text
    with pytest.raises(NotABriefError):
        read_brief(text)


@pytest.mark.parametrize("text", BRIEFS)
def test_real_briefs_near_those_shapes_still_generate(text: str) -> None:
    assert _refused(text) is None, text
    read_brief(text)


def test_a_text_with_no_fact_read_is_refused_only_when_most_of_it_went_unread() -> None:
    # the vendor question and the checklist are refused for reading nothing, not by their shape
    assert nothing_read_reason(extract_brief("Hey team, are inbound replies free here? Best, Priya"))
    # an offer in the words is a brief whose offer went unread, never a non-brief
    assert (
        nothing_read_reason(
            extract_brief("Frühlingsrabatt 15 % für alle Abonnenten, gültig vom 3. bis 20. Mai.")
        )
        is None
    )
    assert nothing_read_reason(extract_brief("spring sale")) is None


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("FLOWGEN_GENERATOR", "offline")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


@pytest.mark.parametrize("text", [VENDOR[2], CHECKLIST[0], TRANSACTIONAL[0], RETRO[0], LATER[0]])
def test_cli_refuses_near_misses_with_exit_2_and_one_line(runner: CliRunner, text: str) -> None:
    result = runner.invoke(main, ["generate", text])
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "campaign brief" in lines[0]


@pytest.mark.parametrize("text", [VENDOR[0], CHECKLIST[3], TRANSACTIONAL[2]])
def test_the_shared_pipeline_refuses_them_for_rest_and_slack(text: str) -> None:
    with pytest.raises(NotABriefError):
        generate_flow(text, settings=Settings(flowgen_generator="offline"))


@pytest.mark.parametrize(
    "text",
    [
        "Fresh snow alert for anyone who clicked a link in the last 30 days",
        "Alerta de nieve para quienes hicieron clic en un enlace en los últimos 30 días",
        "Alerte neige pour ceux qui ont cliqué sur un lien ces 30 derniers jours",
        "Neuschnee-Alarm für alle, die in den letzten 30 Tagen einen Link geklickt haben",
    ],
)
def test_an_alert_for_people_who_clicked_is_a_brief(text: str) -> None:
    assert not_a_brief_reason(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I clicked the link and nothing happened",
        "My customers who clicked the link say it is broken, can you check?",
    ],
)
def test_a_complaint_about_a_link_is_still_no_brief(text: str) -> None:
    assert not_a_brief_reason(text) is not None
