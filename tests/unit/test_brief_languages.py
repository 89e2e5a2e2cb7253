"""Spanish, French and German briefs: detected, and the offline copy speaks the brief's language."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.language import detect_language
from flowgen_core.errors import UnsupportedLanguageError
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

BRIEFS = {
    "es": (
        "Recupera a los clientes que no han comprado en 90 días con un 15% de descuento.",
        "darte de baja",
    ),
    "fr": ("Souhaitez la bienvenue aux nouveaux abonnés avec 10% de réduction.", "vous désabonner"),
    "de": ("Begrüße neue Abonnenten mit 10% Rabatt und dem Code HALLO10.", "zum Abmelden"),
}


@pytest.mark.parametrize("lang", sorted(BRIEFS))
def test_language_is_detected(lang: str) -> None:
    assert extract_brief(BRIEFS[lang][0]).language == lang


@pytest.mark.parametrize(
    "text", ["Win back lapsed buyers with 15% off", "more sales this weekend", "VIP REORDER, CODE VIP10"]
)
def test_english_and_short_briefs_read_as_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize("lang", sorted(BRIEFS))
def test_offline_copy_is_in_the_brief_language_with_opt_out(lang: str) -> None:
    brief, opt_out = BRIEFS[lang]
    result = generate_flow(brief, settings=Settings(flowgen_generator="offline"))
    texts = " ".join(s.get("messageText") or "" for s in result.flow["steps"])
    assert opt_out in texts
    assert "Reply STOP" not in texts
    assert "%" in texts and "STOP" in texts
    assert result.report.valid


def test_other_languages_are_refused_not_answered_in_english() -> None:
    with pytest.raises(UnsupportedLanguageError, match="English, Spanish, French and German") as caught:
        generate_flow(
            "Invia un messaggio ai clienti VIP con uno sconto del 20% questo fine settimana",
            settings=Settings(flowgen_generator="offline"),
        )
    assert caught.value.language == "it"
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "action"),
    [
        (
            "Escribe a los clientes que abandonaron su carrito; espera 2 horas y ofrece 10% de descuento.",
            "added_product_to_cart",
        ),
        (
            "Relancez les clients qui ont abandonné leur panier : attendez 2 heures, puis 10% de réduction.",
            "added_product_to_cart",
        ),
        (
            "Schreibe Kunden, die etwas in den Warenkorb gelegt haben: nach 2 Stunden erinnern, 10% Rabatt.",
            "added_product_to_cart",
        ),
    ],
)
def test_the_same_facts_are_read_in_each_language(text: str, action: str) -> None:
    facts = extract_brief(text)
    assert any(c.action == action for c in facts.audience)
    assert [d.value for d in facts.discounts if d.kind == "percentage"] == ["10"]
    assert [w.seconds for w in facts.waits] == [7200]
