"""Briefs written as plain-text step tables (pipe or aligned columns) or as dialogue scripts, in
EN/ES/FR/DE (briefs written for the test)."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import Duration, PropertyUpdate, extract_brief
from flowgen_core.brief.formats import reshape_brief
from tests.offline_flows import delays, valid_offline_flow

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "gap"),
    [
        (
            "Sommer-Gewinnspiel für alle Abonnenten.\n\nSchritt | Wartezeit | Inhalt\n"
            "1 | – | SMS: Mach mit beim Sommerspiel, 10 % Rabatt, Code SPIEL10\n2 | 1 Tag | warten\n"
            "3 | – | SMS: Erinnerung\n4 | – | Ende",
            ("1", "Days"),
        ),
        (
            "Summer quiz for all subscribers.\n\n| Step | Wait | Content |\n|---|---|---|\n"
            "| 1 | - | Text: play the summer quiz, 10% off with code QUIZ10 |\n| 2 | 2 days | wait |\n"
            "| 3 | - | Text: reminder |\n| 4 | - | End |",
            ("2", "Days"),
        ),
        (
            "Concurso de verano para todos los suscriptores.\n\nPaso | Espera | Contenido\n"
            "1 | – | SMS: participa en el concurso, 10 % de descuento con el código VERANO10\n"
            "2 | 3 días | esperar\n3 | – | SMS: recordatorio\n4 | – | Fin",
            ("3", "Days"),
        ),
        (
            "Jeu d'été pour tous les abonnés.\n\nÉtape | Attente | Contenu\n"
            "1 | – | SMS : participez au jeu, 10 % de remise avec le code ETE10\n"
            "2 | 1 jour | attendre\n3 | – | SMS : rappel\n4 | – | Fin",
            ("1", "Days"),
        ),
    ],
)
def test_a_wait_row_of_a_pipe_table_times_the_next_text(text: str, gap: tuple[str, str]) -> None:
    flow = valid_offline_flow(text)
    assert delays(flow) == [gap]
    sends = [s["id"] for s in flow["steps"] if s["type"] == "message"]
    order = [s["id"] for s in flow["steps"]]
    wait = next(s["id"] for s in flow["steps"] if s["type"] == "delay")
    assert order.index(sends[0]) < order.index(wait)  # between the two texts, not before the first


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        (
            "Spring tune-up promo for past customers.\n\nstep | timing | message\n"
            "1 | start | Spring tune-up is here, 15% off with code TUNE15, reply BOOK to grab a slot\n"
            "2 | no reply aftr 5 days | remnder text\n3 | - | end",
            120,
        ),
        (
            "Puesta a punto de primavera.\n\npaso | cuándo | mensaje\n"
            "1 | inicio | 15 % de descuento con el código PUESTA15, responde CITA para reservar\n"
            "2 | sin respuesta en 2 días | recordatorio\n3 | - | fin",
            48,
        ),
        (
            "Révision de printemps.\n\nétape | quand | message\n"
            "1 | début | 15 % de remise avec le code REVISION15, répondez RDV pour réserver\n"
            "2 | sans réponse après 3 jours | un rappel\n3 | - | fin",
            72,
        ),
        (
            "Frühjahrs-Check.\n\nSchritt | Wann | Nachricht\n"
            "1 | Start | 15 % Rabatt mit dem Code CHECK15, antworte TERMIN zum Buchen\n"
            "2 | keine Antwort nach 4 Tagen | Erinnerung\n3 | - | Ende",
            96,
        ),
    ],
)
def test_a_no_reply_timing_cell_is_a_follow_up(text: str, hours: int) -> None:
    waits = extract_brief(text, TODAY).no_reply_after
    assert [w.seconds for w in waits] == [hours * 3600]


ALIGNED = (
    "Membership renewal push.\n\nSTEP  WHEN                 WHAT\n"
    "1     start                Text them: renew now, reply RENEW\n"
    "2     they reply RENEW     Purchase offer for the annual membership (variant 30017, qty 1)\n"
    "3     no reply in 3 days   One reminder text\n"
    "4     after reminder       End"
)


def test_aligned_columns_read_the_reply_step_and_the_follow_up() -> None:
    brief = extract_brief(ALIGNED, TODAY)
    assert brief.reply_destinations.get("renew") == "purchase_offer"
    assert [p.variant_id for p in brief.products] == ["30017"]
    assert brief.no_reply_after == [Duration(value=3, unit="days")]


@pytest.mark.parametrize(
    "text",
    [
        "Motor launch for home owners.\n\n#  Step     Detail\n1  Segment  property home_owner = true\n"
        "2  Message  Our new robot mower is here, 10% off launch code MOTOR10\n3  Wait     2 days\n"
        "4  Message  Our 3 best sellers, reply BUY\n5  End",
        "Lanzamiento para propietarios.\n\n#  Paso      Detalle\n1  Segmento  property home_owner = true\n"
        "2  Mensaje   Nuestro nuevo robot cortacésped, 10 % de descuento con el código MOTOR10\n"
        "3  Espera    2 días\n4  Mensaje   Nuestros más vendidos, responde COMPRAR\n5  Fin",
        "Lancement pour les propriétaires.\n\n#  Étape    Détail\n1  Segment  property home_owner = true\n"
        "2  Message  Notre nouveau robot tondeuse, 10 % de remise avec le code MOTOR10\n"
        "3  Attente  2 jours\n4  Message  Nos meilleures ventes, répondez ACHAT\n5  Fin",
        "Start für Hausbesitzer.\n\n#  Schritt    Detail\n1  Segment    property home_owner = true\n"
        "2  Nachricht  Unser neuer Mähroboter, 10 % Rabatt mit dem Code MOTOR10\n"
        "3  Warten     2 Tage\n4  Nachricht  Unsere Bestseller, antworte KAUFEN\n5  Ende",
    ],
)
def test_a_type_column_reads_each_row_as_its_kind(text: str) -> None:
    brief = extract_brief(text, TODAY)
    assert [(c.property_name, c.property_value) for c in brief.audience] == [("home_owner", "true")]
    assert {d.code for d in brief.discounts if d.kind == "code"} == {"MOTOR10"}
    assert {d.value for d in brief.discounts if d.kind == "percentage"} == {"10"}
    assert brief.waits == [Duration(value=2, unit="days")]


def test_a_wait_row_of_a_type_column_sits_between_the_sends() -> None:
    text = (
        "Motor launch for home owners.\n\n#  Step     Detail\n1  Segment  property home_owner = true\n"
        "2  Message  Our new robot mower is here, 10% off launch code MOTOR10\n3  Wait     2 days\n"
        "4  Message  Product picks: 3 best sellers by popularity, reply BUY\n5  End"
    )
    flow = valid_offline_flow(text)
    assert delays(flow) == [("2", "Days")]
    order = [s["type"] for s in flow["steps"]]
    assert order.index("segment") < order.index("delay")  # the wait follows the first send


@pytest.mark.parametrize(
    ("text", "updates"),
    [
        (
            "Tea sampler campaign for all subscribers.\n\n"
            "Us: New darjeeling just landed! Reply TASTE for a free sample.\nCustomer: TASTE\n"
            "Us: Done! Your sample is on its way. [set property darjeeling_sample = yes]\nCustomer: STOP\n"
            "Us: You're unsubscribed. [set property sms_opt_out = true]\n(no answer for 3 days)\n"
            "Us: Last call for your free darjeeling sample, reply TASTE.",
            [("darjeeling_sample", "yes", "taste"), ("sms_opt_out", "true", "stop")],
        ),
        (
            "Campaña de muestras de té.\n\nNosotros: ¡Llegó el nuevo darjeeling! Responde PROBAR para una muestra.\n"
            "Cliente: PROBAR\nNosotros: ¡Listo! [set property darjeeling_sample = yes]\n"
            "(sin respuesta en 3 días)\nNosotros: Última oportunidad, responde PROBAR.",
            [("darjeeling_sample", "yes", "probar")],
        ),
        (
            "Campagne d'échantillons de thé.\n\nNous : Le nouveau darjeeling est arrivé ! Répondez GOUTER.\n"
            "Client : GOUTER\nNous : C'est fait ! [set property darjeeling_sample = yes]\n"
            "(sans réponse après 3 jours)\nNous : Dernier rappel, répondez GOUTER.",
            [("darjeeling_sample", "yes", "gouter")],
        ),
        (
            "Tee-Proben-Aktion.\n\nWir: Der neue Darjeeling ist da! Antworte PROBE für eine Gratisprobe.\n"
            "Kunde: PROBE\nWir: Erledigt! [set property darjeeling_sample = yes]\n"
            "(keine Antwort nach 3 Tagen)\nWir: Letzte Chance, antworte PROBE.",
            [("darjeeling_sample", "yes", "probe")],
        ),
    ],
)
def test_a_dialogue_script_reads_replies_actions_and_silence(
    text: str, updates: list[tuple[str, str, str]]
) -> None:
    brief = extract_brief(text, TODAY)
    assert [(u.name, u.value, u.on_reply) for u in brief.property_updates] == updates
    assert brief.no_reply_after == [Duration(value=3, unit="days")]


def test_a_script_tag_and_purchase_offer_after_replies() -> None:
    text = (
        "Bowling night promo for league members.\n\n"
        "Us: Book a private lane this Friday, 15% off with code LANE15. Reply PARTY to book or MEASURE "
        "for a fitting.\nCustomer: MEASURE\nUs: Great, a pro will call you. (tag them: measure_requested = yes)\n"
        "Customer: PARTY\nUs: [purchase offer: Private Lane Package, variant 9902, qty 1, with the same 15% off]"
    )
    brief = extract_brief(text, TODAY)
    assert PropertyUpdate(name="measure_requested", value="yes", on_reply="measure") in brief.property_updates
    assert brief.reply_destinations.get("party") == "purchase_offer"
    assert [p.variant_id for p in brief.products] == ["9902"]
    assert {d.value for d in brief.discounts if d.kind == "percentage"} == {"15"}


def test_the_reshaped_script_points_at_the_users_words() -> None:
    text = "Promo.\n\nUs: Reply TASTE for a sample.\nCustomer: TASTE\nUs: Done! [set property sample = yes]"
    shaped = reshape_brief(text)
    at = shaped.text.index("set property")
    a, b = shaped.span(at, at + len("set property sample = yes"))
    assert text[a:b] == "set property sample = yes"


@pytest.mark.parametrize(
    "text",
    [
        "Here is how last year went, for context.\n\nmonth | sends | revenue\nJanuary | 1200 | 3400\n"
        "February | 1500 | 4100\nMarch | 900 | 2800",
        "Resultados del año pasado.\n\nmes | envíos | ingresos\nenero | 1200 | 3400\nfebrero | 1500 | 4100",
        "Month   Sends   Revenue\nJanuary   1200   3400\nFebruary   1500   4100",
    ],
)
def test_a_results_table_gives_no_facts(text: str) -> None:
    brief = extract_brief(text, TODAY)
    assert not brief.waits and not brief.no_reply_after and not brief.discounts
    assert not brief.audience and not brief.reply_keywords and not brief.frequency_caps


@pytest.mark.parametrize(
    "text",
    [
        "Coffee club promo for all subscribers.\n\nUs: Our house blend is back, only $12.99 a bag. Reply BREW "
        "to order.\nCustomer: BREW\nUs: Thanks, we'll send the order link.",
        "Club del café.\n\nNosotros: Vuelve nuestra mezcla, solo 12,99 € la bolsa. Responde CAFE.\n"
        "Cliente: CAFE\nNosotros: Gracias, te mandamos el enlace.",
        "Kaffee-Club.\n\nWir: Unsere Hausmischung ist zurück, nur 12,99 € pro Beutel. Antworte KAFFEE.\n"
        "Kunde: KAFFEE\nWir: Danke, der Link kommt gleich.",
    ],
)
def test_a_price_in_a_script_is_no_discount(text: str) -> None:
    assert extract_brief(text, TODAY).discounts == []


def test_one_customer_label_is_no_script() -> None:
    text = "Client: Acme Bikes\nPromo for past buyers, 10% off."
    assert "Reply" not in reshape_brief(text).text
