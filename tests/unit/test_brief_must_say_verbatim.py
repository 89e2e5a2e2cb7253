"""What the brief gives to be said as written reaches the copy verbatim: a link given bare ("the
link is g.page/oakdoors/review"), a phone number ("our emergency line is 555-0199"), a sign-off
("sign it Maple & Co"), a named product or event the campaign is about ("the new AeroLite 3 is
out", "our Gruyère is back"), the words after "make sure it says" and a price to be mentioned
("mention the $89 price", never money off), in English, Spanish, French and German."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowgen_core.brief import extract_brief, read_stated_content
from flowgen_core.check import validate_flow
from flowgen_core.planners.offline.composer import OfflineGenerator


def _flow(text: str) -> dict[str, Any]:
    flow: dict[str, Any] = OfflineGenerator().generate(extract_brief(text), brand_name="Acme").flow
    return flow


def _texts(text: str) -> list[str]:
    return [str(s["text"]) for s in _flow(text)["steps"] if s.get("text")]


def _musts(text: str) -> list[tuple[str, str]]:
    language = extract_brief(text).source_language
    return [(m.words, m.kind) for m in read_stated_content(text, language).must_say]


_CASES = [
    # links, given bare
    (
        "Text customers who bought last month and ask them for a review, the link is g.page/oakdoors/review",
        "g.page/oakdoors/review",
        "link",
    ),
    (
        "Flash sale this weekend for all subscribers, send everyone to shop.example.com/sale",
        "shop.example.com/sale",
        "link",
    ),
    (
        "Win back lapsed customers with 15% off, code BACK15. Link: https://acme.shop/back?u=1",
        "https://acme.shop/back?u=1",
        "link",
    ),
    (
        "Pide una reseña a los clientes de este mes, el enlace es g.page/panaderia/review",
        "g.page/panaderia/review",
        "link",
    ),
    (
        "Demandez un avis aux clients du mois, le lien est bit.ly/avis-boulangerie",
        "bit.ly/avis-boulangerie",
        "link",
    ),
    (
        "Bitte alle Kunden dieses Monats um eine Bewertung, der Link ist www.baeckerei-huber.de/bewertung",
        "www.baeckerei-huber.de/bewertung",
        "link",
    ),
    # phone numbers
    (
        "Let patients know the clinic is closed Monday; call 0161 496 0000 for urgent care.",
        "0161 496 0000",
        "phone",
    ),
    (
        "Storm notice for all customers this week: if your heating fails, our emergency line is 555-0199.",
        "555-0199",
        "phone",
    ),
    (
        "Avisa a todos los clientes que cerramos el lunes; nuestro teléfono de urgencias es 600 123 456.",
        "600 123 456",
        "phone",
    ),
    (
        "Prévenez les patients que le cabinet est fermé lundi, appelez le 01 23 45 67 89 en cas d'urgence.",
        "01 23 45 67 89",
        "phone",
    ),
    (
        "Sag allen Kunden, dass wir Montag geschlossen haben. Unsere Notfallnummer ist +49 30 1234567.",
        "+49 30 1234567",
        "phone",
    ),
    ("Tell customers the shop moved to Elm Street; reach us at 555-0199 anytime.", "555-0199", "phone"),
    ("Recuerda a los clientes su cita de revisión; contacto: 612 345 678", "612 345 678", "phone"),
    ("Rappelez aux clients leur rendez-vous, joignez-nous au 06 12 34 56 78", "06 12 34 56 78", "phone"),
    ("Erinnere die Kunden an ihren Termin, Kontakt: 030 1234567", "030 1234567", "phone"),
    # sign-offs
    (
        "Sign off as Maple & Co. Text all clients about their spring cleanup, reply BOOK.",
        "Maple & Co",
        "sign_off",
    ),
    (
        "Remind clients to book their autumn cleanup, reply BOOK to pick a day. Sign it Maple & Co.",
        "Maple & Co",
        "sign_off",
    ),
    (
        "Checkup reminder for patients due a cleaning, reply YES to book, from Dr. Lee's team.",
        "Dr. Lee's team",
        "sign_off",
    ),
    (
        "Recuerda a los clientes su revisión anual, responde SI para reservar. Fírmalo Taller Ruiz.",
        "Taller Ruiz",
        "sign_off",
    ),
    (
        "Relance pour le détartrage des patients, répondez OUI pour réserver. Signez Cabinet Dupont.",
        "Cabinet Dupont",
        "sign_off",
    ),
    (
        "Erinnere die Stammkunden an den Tag der offenen Tür und unterschreibe mit Bäckerei Huber.",
        "Bäckerei Huber",
        "sign_off",
    ),
    # named things the campaign is about
    ("Tell our subscribers the new AeroLite 3 is out.", "AeroLite 3", "words"),
    ("Our Gruyère is back! Text cheese club members to let them know.", "Gruyère", "words"),
    ("Invite families to our Spring Open Day on Saturday, reply YES to RSVP.", "Spring Open Day", "words"),
    ("Text members about the Winter Gala 2027 on Jan 9, reply YES to RSVP", "Winter Gala 2027", "words"),
    ("Envía a los clientes VIP que el nuevo Café Ñandú ya llegó.", "Café Ñandú", "words"),
    ("Annoncez aux clients fidèles que notre Comté 24 mois est de retour.", "Comté 24", "words"),
    (
        "Annoncez notre Fête des Voisins à tous les clients, répondez OUI pour venir.",
        "Fête des Voisins",
        "words",
    ),
    ("Schreib allen Kunden: der neue AeroLite 3 ist da, antworte JA für Infos.", "AeroLite 3", "words"),
    # "make sure it says ...", "the text must name ..."
    ("Promote teeth whitening to past patients. Make sure it says whitening.", "whitening", "words"),
    (
        "Text wine club members that the pressing sold out; the text must name Red Maple.",
        "Red Maple",
        "words",
    ),
    (
        "Anuncia la nueva colección a los suscriptores. Asegúrate de que el texto diga Otoño Dorado.",
        "Otoño Dorado",
        "words",
    ),
    (
        "Prévenez nos clients du retour du fromage. Le texte doit nommer le Comté 24 mois.",
        "le Comté 24 mois",
        "words",
    ),
    (
        "Schreib den Stammkunden, dass der Käse wieder da ist. Die SMS muss Gruyère nennen.",
        "Gruyère",
        "words",
    ),
    (
        "Text VIPs about members night: make sure the text literally says 'Members Night 2027'.",
        "Members Night 2027",
        "words",
    ),
    # a price to be mentioned
    ("Announce our new facial to members, mention the $89 price in the text.", "$89", "price"),
    ("Anuncia el nuevo tinte a las clientas, menciona el precio de 45 € en el texto.", "45 €", "price"),
]


@pytest.mark.parametrize(("brief", "words", "kind"), _CASES)
def test_the_words_are_read_as_a_must_say(brief: str, words: str, kind: str) -> None:
    assert (words, kind) in _musts(brief)


@pytest.mark.parametrize(("brief", "words", "kind"), _CASES)
def test_the_first_text_carries_them_within_its_budget(brief: str, words: str, kind: str) -> None:
    flow = _flow(brief)
    texts = [str(s["text"]) for s in flow["steps"] if s.get("text")]
    assert words in texts[0]
    report = validate_flow(flow)
    assert report.valid, report


@pytest.mark.parametrize(
    "brief",
    [
        "Announce our new facial to members, mention the $89 price in the text.",
        "Anuncia el nuevo tinte a las clientas, menciona el precio de 45 € en el texto.",
        "Text members about the spa day, make sure it says $120.",
    ],
)
def test_a_price_to_mention_is_no_discount(brief: str) -> None:
    assert not extract_brief(brief).discounts
    for step in _flow(brief)["steps"]:
        assert step.get("discountType") in (None, "none")


def test_a_sign_off_closes_the_text_before_its_opt_out() -> None:
    text = _texts(
        "Remind clients to book their autumn cleanup, reply BOOK to pick a day. Sign it Maple & Co."
    )[0]
    assert text.index("Maple & Co") > text.index("Reply BOOK")
    assert text.rstrip().endswith("Reply STOP to opt out.")


@pytest.mark.parametrize(
    "brief",
    [
        # dates, times, prices and counts are no phone numbers
        "Spring sale for all customers on 2026-04-12, 10% off from 10:30 to 18:00.",
        "Reward VIPs with 10 000 points when they spend $1,250.50 this month.",
        # an email address is no link, a plain capitalised word no name
        "Win back lapsed customers with 15% off; questions go to help@acme.com.",
        "Text our Gold Members about the sale with 10% off.",
        "Please text our Santa Fe Springs customers about the sale, 10% off.",
        "New Year Sale for VIPs with 20% off",
        "Promo para todos los clientes: nombra la tienda en el texto.",
        # German capitalises nouns: no name without a digit, an inner capital or an accent
        "Schreib allen Kunden, dass unsere Sommer Aktion startet, mit 10 % Rabatt.",
    ],
)
def test_no_verbatim_token_is_invented(brief: str) -> None:
    assert _musts(brief) == []


def test_words_inside_quoted_copy_are_not_read_again() -> None:
    brief = 'Send all customers this text: "Acme: our new AeroLite 3 is out, see acme.shop/aero. Reply STOP to opt out."'
    assert _musts(brief) == []


_HOSTS = st.sampled_from(["g.page", "bit.ly", "shop.example.com", "acme.co", "tiny.cc"])
_PATHS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
_LINK_FRAMES = [
    "Ask last month's buyers for a review, the link is {x}",
    "Send our subscribers to {x} for the flash sale this weekend.",
    "Pide una reseña a los clientes del mes, el enlace es {x}",
    "Demandez un avis aux clients du mois : {x}",
    "Bitte alle Kunden um eine Bewertung, hier der Link: {x}",
]
_PHONE_FRAMES = [
    "Storm notice for all customers: call our emergency line on {x} if the heating fails.",
    "Avisa a todos los clientes del cierre, llamad al {x} para urgencias.",
    "Prévenez tous les clients de la fermeture, appelez le {x} en cas d'urgence.",
    "Sag allen Kunden, dass wir zu haben, Notfälle bitte unter {x} anrufen.",
]


@settings(deadline=None, max_examples=40)
@given(st.sampled_from(_LINK_FRAMES), _HOSTS, _PATHS)
def test_any_bare_link_reaches_the_first_text(frame: str, host: str, path: str) -> None:
    link = f"{host}/{path}"
    brief = frame.format(x=link)
    assert (link, "link") in _musts(brief)
    assert link in _texts(brief)[0]


@settings(deadline=None, max_examples=40)
@given(
    st.sampled_from(_PHONE_FRAMES),
    st.lists(st.integers(min_value=10, max_value=9999), min_size=2, max_size=4),
)
def test_any_phone_number_reaches_the_first_text(frame: str, groups: list[int]) -> None:
    number = " ".join(str(g) for g in groups)
    if not 7 <= sum(c.isdigit() for c in number) <= 15:
        return
    brief = frame.format(x=number)
    assert (number, "phone") in _musts(brief)
    assert number in _texts(brief)[0]
