"""A cap said with "never"/"nie"/"jamais"/"nunca", a count of sends paced "one every N days", and
a "Do: | Don't:" block, in EN/ES/FR/DE (sentences written for the test)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from flowgen_core.brief import FrequencyCap, extract_brief
from flowgen_core.brief.formats import reshape_brief
from tests.offline_flows import delays, valid_offline_flow

TODAY = date(2026, 3, 2)
DAILY_ONE = FrequencyCap(occurrences=1, timespan=1, period="Days")


def _texts(flow: dict[str, Any]) -> str:
    return " ".join(str(s.get("text", "")) for s in flow["steps"]).lower()


@pytest.mark.parametrize(
    "text",
    [
        "Promote the new candle scents to past buyers. Never more than 1 text per day.",
        "Restock news for the wool socks, and no more than one message a day to anyone.",
        "Avisa del nuevo menú a los clientes. Nunca más de un mensaje al día.",
        "Annonce de la nouvelle carte aux clients. Jamais plus d'un SMS par jour.",
        "Neue Speisekarte an alle Kunden ankündigen. Nie mehr als eine SMS pro Tag.",
        "Neue Speisekarte ankündigen. Niemals mehr als 1 SMS pro Tag.",
    ],
)
def test_a_never_more_than_cap_in_four_languages(text: str) -> None:
    assert DAILY_ONE in extract_brief(text, TODAY).frequency_caps


def test_a_cap_inside_a_dont_list_is_read() -> None:
    text = "Flash sale on yoga mats.\nDo:\n- keep it short\nDon't:\n- text anyone more than 1 time per day\n- use emojis"
    assert DAILY_ONE in extract_brief(text, TODAY).frequency_caps
    flow = valid_offline_flow(text)
    assert any(
        s["type"] in ("rate_limit", "limit") and str(s.get("occurrences")) == "1" for s in flow["steps"]
    )


@pytest.mark.parametrize(
    ("text", "sends", "gap"),
    [
        ("Holiday launch: a three-message countdown, one text every 2 days, to all subscribers.", 3, "2"),
        ("Back-to-school push: four messages before the sale, one every 3 days.", 4, "3"),
        ("Campaña de rebajas: tres mensajes antes del evento, uno cada 2 días.", 3, "2"),
        ("Lancement des soldes : trois messages pour préparer la vente, un tous les 2 jours.", 3, "2"),
        ("Sommerschlussverkauf: drei Nachrichten vor dem Start, alle 2 Tage eine.", 3, "2"),
    ],
)
def test_a_count_of_sends_one_every_n_days(text: str, sends: int, gap: str) -> None:
    brief = extract_brief(text, TODAY)
    assert brief.series_length == sends
    flow = valid_offline_flow(text)
    assert sum(1 for s in flow["steps"] if s["type"] == "message") >= sends
    assert delays(flow) == [(gap, "Days")] * (sends - 1)


def test_a_cadence_without_a_count_of_sends_is_no_series() -> None:
    assert extract_brief("We send 3 texts a week, a discount every 2 days.", TODAY).series_length is None


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        (
            "Party supplies promo.\n\n| Do: | Don't: |\n|---|---|\n| mention free shipping | mention birthday parties |\n"
            "| keep it friendly | use a discount code |",
            ["mention free shipping.", "Don't mention birthday parties."],
            "mention free shipping | mention",
        ),
        (
            "Garden tools push.\n\nDo:                        Don't:\n- talk about the new rakes  - mention the winter sale\n"
            "- keep it upbeat            - use a discount code",
            ["talk about the new rakes.", "Don't mention the winter sale."],
            "rakes  - mention",
        ),
        (
            "Juguetes.\n\n| Hacer: | No hacer: |\n|---|---|\n| hablar del envío gratis | mencionar fiestas de cumpleaños |",
            ["hablar del envío gratis.", "No mencionar fiestas de cumpleaños."],
            "gratis | mencionar",
        ),
        (
            "Jouets.\n\n| À faire : | À éviter : |\n|---|---|\n| parler de la livraison | mentionner les anniversaires |",
            ["parler de la livraison.", "Ne pas mentionner les anniversaires."],
            "livraison | mentionner",
        ),
        (
            "Spielzeug.\n\n| Tun: | Nicht tun: |\n|---|---|\n| Versand erwähnen | Geburtstage erwähnen |",
            ["Versand erwähnen.", "Nicht Geburtstage erwähnen."],
            "Versand erwähnen | Geburtstage",
        ),
    ],
)
def test_a_do_dont_block_keeps_its_columns_apart(text: str, kept: list[str], dropped: str) -> None:
    shaped = reshape_brief(text).text
    for line in kept:
        assert line in shaped
    assert dropped not in shaped


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (
            "Party supplies promo for parents.\n\n| Do: | Don't: |\n|---|---|\n| mention free shipping | mention birthday parties |\n"
            "| keep it friendly | use a discount code |",
            ["birthday part", "code"],
        ),
        (
            "Promoción de juguetes.\n\n| Hacer: | No hacer: |\n|---|---|\n| hablar del envío gratis | mencionar fiestas de cumpleaños |\n"
            "| tono alegre | usar un código de descuento |",
            ["cumpleaños", "código"],
        ),
        (
            "Promotion jouets.\n\n| À faire : | À éviter : |\n|---|---|\n| parler de la livraison offerte | mentionner les anniversaires |",
            ["anniversaire"],
        ),
        (
            "Spielzeugaktion.\n\n| Tun: | Nicht tun: |\n|---|---|\n| kostenlosen Versand nennen | Geburtstagsfeiern erwähnen |",
            ["geburtstag"],
        ),
    ],
)
def test_what_is_under_dont_stays_out_of_the_copy(text: str, absent: list[str]) -> None:
    copy = _texts(valid_offline_flow(text))
    for words in absent:
        assert words not in copy
