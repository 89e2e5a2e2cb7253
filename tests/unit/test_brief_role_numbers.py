"""Numbers and day words that play another role in their clause are no fact of the flow: a day
word inside a noun phrase is no send date, a count over another noun is no count of reminders, a
percentage stating growth or a share is no discount, and an abbreviation swap never touches a
code or a name."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import extract_brief
from flowgen_core.brief.glossary import to_english_cues

TODAY = date(2026, 12, 7)


def _brief(text: str, language: str | None = None):  # type: ignore[no-untyped-def]
    return extract_brief(text, TODAY, language=language)


# ------------------------------------------------------------------ day words in a noun phrase


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Text the class today's lesson link and a short hello.", "en"),
        ("Include tonight's playlist in the text to our members.", "en"),
        ("Share tomorrow's class schedule with everyone on the list.", "en"),
        ("Mandad a los clientes el menú de hoy con una foto.", "es"),
        ("Envoyez à nos abonnés le programme de ce soir avec une photo.", "fr"),
        ("Envoyez le menu d'aujourd'hui à tous nos clients.", "fr"),
        ("Schick allen Kunden das Menü von heute mit einem Foto.", "de"),
    ],
)
def test_a_day_word_naming_a_thing_is_no_send_date(text: str, language: str) -> None:
    assert _brief(text, language).send_windows == []


@pytest.mark.parametrize(
    ("text", "language", "start"),
    [
        ("Send the lesson link today at 6pm.", "en", "2026-12-07T18:00:00"),
        ("Text everyone tonight about the new playlist.", "en", "2026-12-07T20:00:00"),
        ("Enviad el enlace de la clase hoy a todos los clientes.", "es", "2026-12-07T00:00:00"),
        ("Envoyez le lien ce soir à tous nos abonnés.", "fr", "2026-12-07T20:00:00"),
        ("Schick allen Kunden heute Abend den Link.", "de", "2026-12-07T20:00:00"),
    ],
)
def test_a_day_word_scheduling_the_send_is_its_date(text: str, language: str, start: str) -> None:
    windows = _brief(text, language).send_windows
    assert [w.start for w in windows] == [start]


# ------------------------------------------------------------------ counts over another noun


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("We want to test three reminder tones, send one text to the list.", 3),
        ("Text our members about our 5 reminder apps.", 5),
        ("2 reminder emails already went out, now send a single text.", 2),
        ("Ask them which of our four follow-up questions matters most.", 4),
    ],
)
def test_a_count_over_another_noun_is_no_reminder_count(text: str, count: int) -> None:
    assert _brief(text, "en").reminders != count


@pytest.mark.parametrize(
    ("text", "reminders"),
    [
        ("Send 3 reminders if they do not reply.", 3),
        ("Two follow-ups after the first text.", 2),
        ("Send two reminder texts after the first one.", 2),
        ("Then 3 follow-up messages, a day apart.", 3),
    ],
)
def test_a_count_of_reminders_is_still_read(text: str, reminders: int) -> None:
    assert _brief(text, "en").reminders == reminders


@pytest.mark.parametrize(
    "text",
    [
        "We want to test three reminder tones with our list.",
        "Compare our 5 reminder apps in one text.",
        "3 reminder calls are planned, send one SMS now.",
    ],
)
def test_no_reminders_from_a_qualified_noun(text: str) -> None:
    assert _brief(text, "en").reminders is None


# ------------------------------------------------------------------ growth, statistics, shares


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Angebot: Wir sind um 15 % gewachsen, schick allen eine SMS.", "de"),
        ("Rabatt: 80 % unserer Kunden kommen wieder. Schick eine SMS.", "de"),
        ("Mit 12 % mehr Umsatz feiern wir, schick eine SMS.", "de"),
        ("Offre : 70 % de nos clients reviennent, envoyez un SMS.", "fr"),
        ("Offre : nos ventes ont augmenté de 20 % cette année, envoyez un SMS.", "fr"),
        ("Oferta: el 80 % de nuestros clientes repite, manda un SMS.", "es"),
        ("Oferta: este año crecimos un 30 %, manda un SMS.", "es"),
        ("Offer: our sales grew by 25% this year, text everyone.", "en"),
    ],
)
def test_a_percentage_of_growth_or_share_is_no_discount(text: str, language: str) -> None:
    assert [d for d in _brief(text, language).discounts if d.kind == "percentage"] == []


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("15 % Rabatt für alle, schick eine SMS.", "de", "15"),
        ("Wir sind 20 % gewachsen, deshalb 10 % Rabatt für alle.", "de", "10"),
        ("Soldes -20 % sur tout, envoyez un SMS.", "fr", "20"),
        ("Nos ventes ont augmenté, alors 25 % de réduction pour tous.", "fr", "25"),
        ("30 % de descuento para todos, manda un SMS.", "es", "30"),
        ("We grew a lot, so take 20% off everything.", "en", "20"),
    ],
)
def test_money_off_is_still_read(text: str, language: str, value: str) -> None:
    values = [d.value for d in _brief(text, language).discounts if d.kind == "percentage"]
    assert values == [value]


# ------------------------------------------------------------------ abbreviations and codes


@pytest.mark.parametrize(
    ("text", "language", "code"),
    [
        ("Envoyez un SMS avec le code pr-20 pour 20 % de réduction.", "fr", "PR-20"),
        ("Manda un SMS con el código dto-15 para un 15 % de descuento.", "es", "DTO-15"),
        ("Schick eine SMS mit dem Code tag-10 für 10 % Rabatt.", "de", "TAG-10"),
        ("Envoyez un SMS avec le code PR20 pour 20 % de réduction.", "fr", "PR20"),
    ],
)
def test_a_code_is_never_rewritten(text: str, language: str, code: str) -> None:
    assert code in [d.code for d in _brief(text, language).discounts if d.kind == "code"]


def test_an_abbreviation_is_swapped_only_as_typed() -> None:
    swapped = to_english_cues("Un SMS pr les VIP. Pr nos clients aussi.", "fr")
    assert "for les VIP" in swapped and "for nos" in swapped
    kept = to_english_cues("Notre équipe PR et le Pr Martin invitent, code PR20.", "fr")
    assert "équipe PR" in kept and "Pr Martin" in kept and "PR20" in kept
    assert to_english_cues("15 % dto, el código DTO", "es") == "15 % discount, el code DTO"


@pytest.mark.parametrize(
    ("text", "language", "words"),
    [
        ("Envoyez le lien ce soir à tous nos abonnés.", "fr", "ce soir"),
        ("Enviad el enlace hoy a todos los clientes.", "es", "hoy"),
        ("Schick allen Kunden heute Abend den Link.", "de", "heute Abend"),
    ],
)
def test_a_translated_send_date_is_quoted_in_the_brief_words(text: str, language: str, words: str) -> None:
    sources = [s for s in _brief(text, language).sources if s.fact == "send_window"]
    assert [(s.how, s.words) for s in sources] == [("stated", words)]
