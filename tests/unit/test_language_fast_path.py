"""Plain English briefs are read as English without loading the language model."""

from __future__ import annotations

import pytest

from flowgen_core.brief import language


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    language.detect_language.cache_clear()

    def refuse() -> None:
        raise AssertionError("the language model was loaded")

    monkeypatch.setattr(language, "_identifier", refuse)


@pytest.mark.parametrize(
    "brief",
    [
        "Win back customers who haven't ordered in 90 days with 15% off and a reminder after two days",
        "send the VIPs a thank-you text with free shipping on their next order",
        "Flash sale tonight: 25% off everything for the first hour, then remind them at 9am",
    ],
)
def test_plain_english_needs_no_model(no_model: None, brief: str):
    assert language.detect_language(brief) == "en"


@pytest.mark.parametrize(
    "brief",
    [
        "Recupera a los clientes que no compran desde hace 90 días con un 15% de descuento",
        "Relancez les clients qui n'ont pas commandé depuis 90 jours avec 15 % de remise",
        "Kunden, die seit 90 Tagen nicht bestellt haben, mit 15 % Rabatt zurückgewinnen",
        "Send the customers a text about the Fête de la Musique sale with 20% off",
    ],
)
def test_anything_with_another_languages_words_or_letters_goes_to_the_model(no_model: None, brief: str):
    with pytest.raises(AssertionError, match="model was loaded"):
        language.detect_language(brief)
