"""Refinements written in Spanish, French and German: the edit words are understood, the refined
flow's spec states what the instruction said, and the copy the editor writes speaks the flow's
language (offers in euros, reply calls to action, reminders), with shortened copy keeping its call
to action and its sender. Each flow is a Spanish, French or German win-back with a wait, an offer,
a reply keyword and a no-reply reminder."""

from __future__ import annotations

import copy
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from flowgen_core.brief import CampaignBrief, extract_brief, read_instruction
from flowgen_core.context import RequestContext
from flowgen_core.errors import RefinementRefused
from flowgen_core.format.sms import segment_info
from flowgen_core.pipeline import generate_flow
from flowgen_core.pipeline import refine as refine_flow
from flowgen_core.plan.decompile import decompile
from flowgen_core.plan.model import FlowPlan
from flowgen_core.planners.llm.requirements import refinement_requirements
from flowgen_core.refine.editor import edit_plan, refine
from flowgen_core.refine.instruction import Instruction
from flowgen_core.refine.ops.shorten import shorten_copy
from flowgen_core.refine.result import RefineResult
from flowgen_core.service.cache import MemoryCache
from flowgen_core.service.facade import FlowService
from flowgen_core.service.store import FlowStore
from flowgen_core.settings import Settings
from flowgen_core.spec import FlowSpec

TODAY = date(2026, 11, 24)
SETTINGS = Settings(_env_file=None, flowgen_generator="offline")
BRIEFS = {
    "es": (
        "Recupera a los clientes que no han comprado en 90 días: envía un SMS con 15% de descuento, "
        "espera 2 días y envía un segundo mensaje. Si no responden en 1 día, envía un recordatorio. "
        "Responde SI para comprar."
    ),
    "fr": (
        "Relancez les clients qui n'ont pas commandé depuis 90 jours avec 15% de réduction. Attendez "
        "1 jour, puis envoyez un deuxième message. Sans réponse après 1 jour, envoyez une relance. "
        "Répondez OUI pour acheter."
    ),
    "de": (
        "Gewinne Kunden zurück, die seit 90 Tagen nicht bestellt haben, mit 15% Rabatt. Warte 2 Tage, "
        "dann schicke eine zweite Nachricht. Ohne Antwort nach 1 Tag eine Erinnerung. Antworte JA zum Kaufen."
    ),
}
# the same win-back offering 10 € off
EURO_BRIEFS = {
    "es": "Recupera a los clientes que no han comprado en 90 días con un descuento de 10 €. Responde SI para comprar.",
    "fr": (
        "Relancez les clients qui n'ont pas commandé depuis 90 jours avec une remise de 10 €. "
        "Répondez OUI pour acheter."
    ),
    "de": "Gewinne Kunden zurück, die seit 90 Tagen nicht bestellt haben, mit 10 € Rabatt. Antworte JA zum Kaufen.",
}
KEYWORD = {"es": "si", "fr": "oui", "de": "ja"}
REPLY = {"es": "Responde", "fr": "Répondez", "de": "Antworte"}
OFFER_WORDS = {"es": "de descuento", "fr": "de réduction", "de": "Rabatt"}
ENGLISH_COPY = re.compile(r"\b(?:Reply|Hi|Enjoy|Use code|quick reminder|best sellers|off)\b")


@cache
def _generated(lang: str) -> dict[str, Any]:
    result = generate_flow(BRIEFS[lang], settings=SETTINGS, today=TODAY)
    assert result.report.valid
    return result.flow


def _flow(lang: str) -> dict[str, Any]:
    return copy.deepcopy(_generated(lang))


@cache
def _brief(lang: str) -> CampaignBrief:
    return extract_brief(BRIEFS[lang], today=TODAY)


@cache
def _euro_generated(lang: str) -> dict[str, Any]:
    result = generate_flow(EURO_BRIEFS[lang], settings=SETTINGS, today=TODAY)
    assert result.report.valid and not result.report.warnings
    return result.flow


def _refine(lang: str, instruction: str, flow: dict[str, Any] | None = None, **kw: Any) -> RefineResult:
    spec = kw.pop("spec", None) or FlowSpec.from_brief(_brief(lang))
    return refine(flow or _flow(lang), instruction, spec=spec, settings=SETTINGS, today=TODAY, **kw)


def _plan(flow: dict[str, Any]) -> FlowPlan:
    return decompile(flow)[0]


def _reminders(flow: dict[str, Any]) -> int:
    """No-reply branches that lead to another message."""
    plan = _plan(flow)
    types = {s.key: s.type for s in plan.steps}
    return sum(1 for s in plan.steps for t in s.next if t.on == "noreply" and types.get(t.to) == "message")


def _delays(flow: dict[str, Any]) -> list[tuple[int, str]]:
    return [(s.wait.value, s.wait.unit) for s in _plan(flow).steps if s.type == "delay" and s.wait]


def _offers(flow: dict[str, Any]) -> set[tuple[str, str | None]]:
    plan = _plan(flow)
    return {
        (s.discount.kind, s.discount.value) for s in plan.steps if s.discount and s.discount.kind != "none"
    }


def _sends(flow: dict[str, Any]) -> list[str]:
    """The copy of every send, in the flow's step order."""
    sends = ("message", "purchase_offer", "product_choice")
    return [s.get("messageText") or "" for s in flow["steps"] if s["type"] in sends]


def _brief_findings(result: RefineResult) -> list[str]:
    return [f.code for f in result.report.warnings + result.report.errors if f.code.startswith("brief_")]


def _no_english(texts: list[str]) -> None:
    for text in texts:
        assert not ENGLISH_COPY.search(text), text


# ---- removing the reminder

REMOVE_REMINDER = [
    ("es", "quita el recordatorio"),
    ("es", "elimina los recordatorios"),
    ("es", "sin recordatorio, por favor"),
    ("fr", "supprime la relance"),
    ("fr", "enlevez le rappel"),
    ("fr", "pas de relance"),
    ("de", "entferne die Erinnerung"),
    ("de", "die Erinnerung bitte löschen"),
    ("de", "ohne Erinnerung"),
]


@pytest.mark.parametrize(("lang", "instruction"), REMOVE_REMINDER)
def test_removing_the_reminder(lang: str, instruction: str) -> None:
    assert _reminders(_flow(lang)) == 1
    result = _refine(lang, instruction)
    assert _reminders(result.flow) == 0
    # the spec no longer asks for it, so the check does not ask for it back
    assert result.spec is not None and result.spec.facts.no_reply_after == []
    assert _brief_findings(result) == [] and result.report.valid


# ---- the discount

NEW_PERCENT = [
    ("es", "cambia el descuento al 20%"),
    ("es", "pon el descuento en un 20 %"),
    ("fr", "mets la remise à 20 %"),
    ("fr", "passe la réduction à 20%"),
    ("de", "Rabatt auf 20 % ändern"),
    ("de", "ändere den Rabatt auf 20%"),
]


@pytest.mark.parametrize(("lang", "instruction"), NEW_PERCENT)
def test_a_percentage_instead_of_euros_off_reaches_copy_node_checkout_and_spec(
    lang: str, instruction: str
) -> None:
    """The flow offered 10 € off: its copy now says 20% in its own words, with no euros left."""
    flow = copy.deepcopy(_euro_generated(lang))
    result = refine(
        flow, instruction, brief=extract_brief(EURO_BRIEFS[lang], today=TODAY), settings=SETTINGS, today=TODAY
    )
    assert _offers(result.flow) == {("percentage", "20")}
    offers = [t for t in _sends(result.flow) if "%" in t]
    assert offers and all(f"20% {OFFER_WORDS[lang]}" in t for t in offers)
    assert not any("€" in t for t in _sends(result.flow))
    _no_english(_sends(result.flow))
    assert [(d.kind, d.value) for d in result.spec.facts.discounts] == [("percentage", "20")]  # type: ignore[union-attr]
    assert not [f.code for f in result.report.warnings + result.report.errors]


EURO_AMOUNT = [
    ("es", "cambia el descuento a 10 euros"),
    ("es", "pon un descuento de 10 €"),
    ("es", "el descuento a 10 EUR"),
    ("fr", "mets la remise à 10 EUR"),
    ("fr", "change la réduction à 10 €"),
    ("fr", "remise de 10 euros"),
    ("de", "Rabatt auf 10 € ändern"),
    ("de", "setze den Rabatt auf 10 Euro"),
    ("de", "10 EUR Rabatt"),
]


@pytest.mark.parametrize(("lang", "instruction"), EURO_AMOUNT)
def test_an_amount_in_euros_is_an_amount_discount_written_in_euros(lang: str, instruction: str) -> None:
    result = _refine(lang, instruction)
    assert _offers(result.flow) == {("amount", "10")}
    offers = [t for t in _sends(result.flow) if "€" in t]
    assert offers and all(f"10 € {OFFER_WORDS[lang]}" in t for t in offers)
    assert not any("$" in t for t in _sends(result.flow))
    assert [(d.kind, d.value) for d in result.spec.facts.discounts] == [("amount", "10")]  # type: ignore[union-attr]
    codes = [f.code for f in result.report.warnings + result.report.errors]
    assert "discount_not_in_text" not in codes and "discount_text_mismatch" not in codes
    assert result.report.valid


REMOVE_DISCOUNT = [
    ("es", "elimina el descuento"),
    ("es", "sin descuento"),
    ("fr", "supprime la remise"),
    ("fr", "retirez la réduction"),
    ("de", "Rabatt entfernen"),
    ("de", "streiche den Rabatt"),
]


@pytest.mark.parametrize(("lang", "instruction"), REMOVE_DISCOUNT)
def test_removing_the_discount(lang: str, instruction: str) -> None:
    result = _refine(lang, instruction)
    assert _offers(result.flow) == set()
    assert not any("%" in t for t in _sends(result.flow))
    # the reply call to action survives the offer's sentences
    assert all(f"{REPLY[lang]} {KEYWORD[lang].upper()}" in t for t in _sends(result.flow))
    assert result.spec is not None and result.spec.facts.discounts == []
    assert _brief_findings(result) == []


@pytest.mark.parametrize(
    ("lang", "instruction", "sentence"),
    [
        ("es", "cambia el código a VUELVE10", "Usa el código VUELVE10."),
        ("es", "usa el código VUELVE10", "Usa el código VUELVE10."),
        ("fr", "utilise le code RETOUR10", "Utilisez le code RETOUR10."),
        ("de", "nutze den Code ZURUECK10", "Nutze den Code ZURUECK10."),
    ],
)
def test_a_new_code_is_announced_in_the_flow_language(lang: str, instruction: str, sentence: str) -> None:
    result = _refine(lang, instruction)
    offers = [t for t in _sends(result.flow) if "%" in t]
    assert offers and all(sentence in t for t in offers)
    _no_english(_sends(result.flow))


# ---- waits


@pytest.mark.parametrize(
    ("lang", "instruction", "before", "after"),
    [
        ("es", "espera 3 días en vez de 2", (2, "days"), (3, "days")),
        ("es", "mejor espera 4 días en lugar de 2", (2, "days"), (4, "days")),
        ("fr", "attends 2 jours au lieu d'un", (1, "days"), (2, "days")),
        ("fr", "attendez 3 jours plutôt que 1", (1, "days"), (3, "days")),
        ("de", "warte 3 Tage statt 2", (2, "days"), (3, "days")),
        ("de", "warte lieber 5 Tage anstatt 2", (2, "days"), (5, "days")),
    ],
)
def test_a_wait_instead_of_another(
    lang: str, instruction: str, before: tuple[int, str], after: tuple[int, str]
) -> None:
    assert _delays(_flow(lang)) == [before]
    # "en vez de", "au lieu de", "statt" are read as the edit word they are
    assert Instruction.read(instruction, today=TODAY, language=lang).asks("instead_of")
    result = _refine(lang, instruction)
    assert _delays(result.flow) == [after]
    assert [(w.value, w.unit) for w in result.spec.facts.waits] == [after]  # type: ignore[union-attr]
    assert _brief_findings(result) == []


# ---- adding things


@pytest.mark.parametrize(
    ("lang", "remove", "add", "opening"),
    [
        (
            "es",
            "quita el recordatorio",
            "añade un recordatorio",
            "Hola {{first_name}}, un recordatorio rápido",
        ),
        ("fr", "supprime la relance", "ajoute une relance", "Bonjour {{first_name}}, un petit rappel"),
        (
            "de",
            "entferne die Erinnerung",
            "füge eine Erinnerung hinzu",
            "Hallo {{first_name}}, eine kurze Erinnerung",
        ),
    ],
)
def test_an_added_reminder_speaks_the_flow_language(lang: str, remove: str, add: str, opening: str) -> None:
    removed = _refine(lang, remove)
    added = _refine(lang, add, flow=removed.flow, spec=removed.spec)
    assert _reminders(added.flow) == 1
    reminder = next(s for s in _plan(added.flow).steps if s.label == "Reminder")
    assert (reminder.text or "").startswith(opening)
    assert f"{REPLY[lang]} {KEYWORD[lang].upper()}" in (reminder.text or "")
    _no_english([reminder.text or ""])


@pytest.mark.parametrize("lang", sorted(BRIEFS))
def test_an_english_instruction_writes_the_flow_language(lang: str) -> None:
    result = _refine(lang, "add reply INFO leading to product list")
    first = _sends(result.flow)[0]
    assert f"{REPLY[lang]} INFO " in first
    _no_english(_sends(result.flow))


# ---- shortening keeps the call to action and the sender

SHORTEN = [
    ("es", "acorta los mensajes"),
    ("es", "haz los mensajes más cortos"),
    ("fr", "raccourcis les messages"),
    ("fr", "des messages plus courts"),
    ("de", "mach die Nachrichten kürzer"),
    ("de", "Nachrichten kürzen"),
]


@pytest.mark.parametrize(("lang", "instruction"), SHORTEN)
def test_shortened_copy_keeps_the_call_to_action_and_the_sender(lang: str, instruction: str) -> None:
    result = _refine(lang, instruction)
    texts = _sends(result.flow)
    assert all(segment_info(t).segments == 1 for t in texts)
    assert all(f"{REPLY[lang]} {KEYWORD[lang].upper()}" in t for t in texts)
    assert texts[0].startswith("{{brand_name}}")
    assert result.report.valid, [f.message for f in result.report.errors]


@pytest.mark.parametrize(
    "text",
    [
        "Acme: Hola {{first_name}}, te echamos mucho de menos y tenemos muchísimas novedades esta temporada "
        "solo para ti y tu familia. Vuelve y descubre todo lo nuevo en nuestra tienda online. "
        "Responde SI para tu oferta. Responde STOP para darte de baja.",
        "{{brand_name}} : Bonjour {{first_name}}, vous nous manquez beaucoup ces derniers temps et nous avons "
        "tant de nouveautés pour vous. Revenez découvrir les nouveautés de la saison en boutique. "
        "Répondez OUI pour en profiter. Répondez STOP pour vous désabonner.",
        "Kaffee Klatsch: Hallo {{first_name}}, wir vermissen dich sehr und haben so viele Neuheiten im Sortiment "
        "nur für dich ausgesucht. Schau dir unsere Neuheiten im Shop an, es lohnt sich wirklich. "
        "Antworte JA für dein Angebot. Antworte STOP zum Abmelden.",
    ],
)
def test_shortening_keeps_a_named_sender_and_the_reply(text: str) -> None:
    short = shorten_copy(text)
    assert segment_info(short).segments == 1
    sender = text.split(":")[0]
    assert short.startswith(sender)
    assert any(cta in short for cta in ("Responde SI", "Répondez OUI", "Antworte JA"))
    assert "STOP" in short


# ---- naming, rewriting, keywords, send windows, acknowledgements


@pytest.mark.parametrize(
    ("lang", "instruction", "name"),
    [
        ("es", "renombra el flujo a Vuelta VIP", "Vuelta VIP"),
        ("es", "cambia el nombre del flujo a Regreso", "Regreso"),
        ("fr", "renomme le flux en Retour VIP", "Retour VIP"),
        ("de", "benenne den Flow in Rückkehr VIP um", "Rückkehr VIP"),
    ],
)
def test_renaming_the_flow_states_no_facts(lang: str, instruction: str, name: str) -> None:
    result = _refine(lang, instruction)
    assert result.flow["name"] == name
    # "VIP" in a name is no audience: the spec keeps the brief's facts
    assert result.spec is not None and result.spec.facts.audience == _brief(lang).audience
    assert _brief_findings(result) == []


@pytest.mark.parametrize(
    ("lang", "instruction", "index"),
    [
        ("es", "cambia el segundo mensaje a: Última oportunidad, Responde SI.", 1),
        ("es", "cambia el recordatorio a: Última oportunidad, Responde SI.", 1),
        ("es", "cambia el primer mensaje a: Hola, Responde SI. Responde STOP para darte de baja.", 0),
        ("fr", "change le deuxième message en : Dernière chance, Répondez OUI.", 1),
        ("fr", "remplace le texte de la relance par : Dernière chance, Répondez OUI.", 1),
        ("de", "ändere die zweite Nachricht zu: Letzte Chance, Antworte JA.", 1),
        ("de", "ersetze den Text der Erinnerung durch: Letzte Chance, Antworte JA.", 1),
    ],
)
def test_rewriting_the_message_a_language_names(lang: str, instruction: str, index: int) -> None:
    result = _refine(lang, instruction)
    new_copy = instruction.split(":", 1)[1].strip()
    assert _sends(result.flow)[index] == new_copy


@pytest.mark.parametrize(
    ("lang", "instruction", "new"),
    [
        ("es", "cambia SI por COMPRAR", "comprar"),
        ("es", "sustituye la palabra clave SI por VALE", "vale"),
        ("fr", "remplace OUI par ACHAT", "achat"),
        ("de", "ersetze JA durch KAUFEN", "kaufen"),
        ("de", "ändere das Stichwort JA zu BESTELLEN", "bestellen"),
    ],
)
def test_renaming_a_reply_keyword(lang: str, instruction: str, new: str) -> None:
    result = _refine(lang, instruction)
    intents = {t.intent for s in _plan(result.flow).steps for t in s.next if t.on == "reply"}
    assert new in intents and KEYWORD[lang] not in intents
    assert result.spec is not None
    assert new in result.spec.facts.reply_keywords and KEYWORD[lang] not in result.spec.facts.reply_keywords
    assert "brief_reply_missing" not in _brief_findings(result)


# ---- reply branches: add one and where it leads, remove one

ADD_BRANCH = [
    ("es", "añade la respuesta INFO que lleve a la lista de productos", "product_choice"),
    ("es", "si responden INFO, que vaya al pago", "purchase"),
    ("fr", "ajoute la réponse INFO qui mène vers le catalogue", "product_choice"),
    ("fr", "mot-clé INFO qui renvoie au panier", "purchase"),
    ("de", "füge die Antwort INFO hinzu, die zu den Bestsellern führt", "product_choice"),
    ("de", "Antwort INFO soll zur Kasse führen", "purchase"),
]


def _reply_targets(flow: dict[str, Any]) -> dict[str, str | None]:
    """Each reply keyword of the flow's first send, with the type of the step it leads to."""
    plan = _plan(flow)
    types = {s.key: s.type for s in plan.steps}
    first = next(s for s in plan.steps if s.type == "message")
    return {t.intent or "": types.get(t.to) for t in first.next if t.on == "reply"}


@pytest.mark.parametrize(("lang", "instruction", "target"), ADD_BRANCH)
def test_adding_a_reply_branch(lang: str, instruction: str, target: str) -> None:
    result = _refine(lang, instruction)
    assert _reply_targets(result.flow).get("info") == target
    assert f"{REPLY[lang]} INFO" in _sends(result.flow)[0]
    assert result.spec is not None
    assert result.spec.facts.reply_keywords == [KEYWORD[lang], "info"]
    assert result.spec_changes and result.spec_changes[0].startswith("Replies:")
    assert "brief_reply_missing" not in _brief_findings(result) and result.report.valid


@pytest.mark.parametrize(
    ("lang", "instruction", "copy_text"),
    [
        (
            "es",
            "añade la respuesta HORARIO que lleve a un mensaje: Abrimos de 10 a 20 h.",
            "Abrimos de 10 a 20 h.",
        ),
        (
            "fr",
            "ajoute la réponse HORAIRES qui mène à un message : Ouvert de 10h à 19h.",
            "Ouvert de 10h à 19h.",
        ),
        (
            "de",
            "Antwort ZEITEN soll zu einer Nachricht führen: Geöffnet von 10 bis 19 Uhr.",
            "Geöffnet von 10 bis 19 Uhr.",
        ),
    ],
)
def test_a_reply_branch_to_a_new_message(lang: str, instruction: str, copy_text: str) -> None:
    result = _refine(lang, instruction)
    assert [s.type for s in result.diff.added] == ["message"]
    assert copy_text in _sends(result.flow)
    assert result.spec is not None and len(result.spec.facts.reply_keywords) == 2


@pytest.mark.parametrize(
    ("lang", "instruction"),
    [
        ("es", "añade la respuesta HORARIO que lleve a un mensaje con el horario"),
        ("fr", "ajoute la réponse HORAIRES qui mène à un message avec les horaires"),
        ("de", "Antwort ZEITEN soll zu einer Nachricht mit den Zeiten führen"),
    ],
)
def test_a_reply_branch_to_a_message_without_its_copy_is_refused(lang: str, instruction: str) -> None:
    with pytest.raises(RefinementRefused, match="after a colon"):
        _refine(lang, instruction)


REMOVE_BRANCH = [
    ("es", "quita la respuesta SI"),
    ("es", "elimina la rama SI"),
    ("fr", "supprime la réponse OUI"),
    ("fr", "retire le mot-clé OUI"),
    ("de", "entferne die Antwort JA"),
    ("de", "Antwort JA löschen"),
]


@pytest.mark.parametrize(("lang", "instruction"), REMOVE_BRANCH)
def test_removing_a_reply_branch(lang: str, instruction: str) -> None:
    result = _refine(lang, instruction)
    intents = {t.intent for s in _plan(result.flow).steps for t in s.next if t.on == "reply"}
    assert KEYWORD[lang] not in intents
    assert not any(f"{REPLY[lang]} {KEYWORD[lang].upper()}" in text for text in _sends(result.flow))
    assert result.spec is not None and KEYWORD[lang] not in result.spec.facts.reply_keywords
    assert [line.split(" ", 2)[:2] for line in result.spec_changes] == [["Replies:", "removed"]]
    assert _brief_findings(result) == [] and result.report.valid


@pytest.mark.parametrize(
    ("lang", "instruction"),
    [
        ("es", "quita la respuesta QUIZAS"),
        ("fr", "supprime la réponse PEUTETRE"),
        ("de", "Antwort VIELLEICHT entfernen"),
    ],
)
def test_removing_a_reply_the_flow_lacks_is_refused(lang: str, instruction: str) -> None:
    with pytest.raises(RefinementRefused, match="has no reply"):
        _refine(lang, instruction)


@pytest.mark.parametrize("lang", ["es", "fr", "de"])
def test_a_reply_branch_chain_keeps_the_spec(lang: str) -> None:
    """Added, then renamed, then removed: each version is checked against the spec so far."""
    add = {
        "es": "añade la respuesta INFO que lleve al catálogo",
        "fr": "ajoute la réponse INFO qui mène au catalogue",
        "de": "Antwort INFO soll zum Katalog führen",
    }[lang]
    rename = {
        "es": "cambia INFO por AYUDA",
        "fr": "remplace INFO par AIDE",
        "de": "ersetze INFO durch HILFE",
    }[lang]
    remove = {"es": "quita la respuesta {}", "fr": "supprime la réponse {}", "de": "Antwort {} entfernen"}[
        lang
    ]
    first = _refine(lang, add)
    second = _refine(lang, rename, flow=first.flow, spec=first.spec)
    assert second.spec is not None
    new = second.spec.facts.reply_keywords[-1]
    assert second.spec.facts.reply_keywords == [KEYWORD[lang], new] and new != "info"
    third = _refine(lang, remove.format(new.upper()), flow=second.flow, spec=second.spec)
    assert third.spec is not None and third.spec.facts.reply_keywords == [KEYWORD[lang]]
    assert set(_reply_targets(third.flow)) == {KEYWORD[lang]}
    assert _brief_findings(third) == [] and third.report.valid
    assert len(third.spec.changes) == 3


def test_reading_reply_branches_in_four_languages() -> None:
    for text, where in [
        ("add reply INFO leading to checkout", "checkout"),
        ("la respuesta INFO que lleve al pago", "pago"),
        ("la réponse INFO qui mène au panier", "panier"),
        ("Antwort INFO, die zur Kasse führt", "Kasse"),
    ]:
        branch = Instruction.read(text).new_reply_branch()
        assert branch is not None and branch[0] == "info" and where in branch[1], text
    # a rename is no new branch
    assert Instruction.read("ändere die Antwort JA zu KAUFEN").new_reply_branch() is None
    assert Instruction.read("cambia la respuesta SI a COMPRAR").new_reply_branch() is None
    for text, word in [
        ("remove the NO branch", "no"),
        ("quita la respuesta NO", "no"),
        ("supprime la réponse NON", "non"),
        ("Antwort NEIN entfernen", "nein"),
    ]:
        assert Instruction.read(text).removed_reply({"yes", "no", "non", "nein"}) == word
    # "remove the reminder" names no reply
    assert Instruction.read("remove the reminder").removed_reply({"yes"}) is None
    assert Instruction.read("quita el recordatorio").removed_reply({"si"}) is None
    assert Instruction.read("remove the no-reply reminder").removed_reply({"yes", "no"}) is None
    assert Instruction.read("remove the no reply follow-up").removed_reply({"yes", "no"}) is None


@pytest.mark.parametrize(
    ("lang", "instruction", "zone"),
    [
        ("es", "envía mañana a las 9 hora de Madrid", "Europe/Madrid"),
        ("fr", "envoie demain à 9h heure de Paris", "Europe/Paris"),
        ("de", "sende morgen um 9 Uhr Berliner Zeit", "Europe/Berlin"),
    ],
)
def test_a_send_time_in_a_city_time_zone(lang: str, instruction: str, zone: str) -> None:
    result = _refine(lang, instruction)
    schedule = next(s for s in _plan(result.flow).steps if s.type == "schedule")
    assert schedule.timezone == zone
    assert schedule.windows and schedule.windows[0].start.startswith("2026-11-25T09:00")  # type: ignore[union-attr]
    window = result.spec.facts.send_windows[0]  # type: ignore[union-attr]
    assert window.timezone == zone


@pytest.mark.parametrize("text", ["send tomorrow at 9am Madrid time", "envía mañana a las 9 hora de Madrid"])
def test_a_city_names_the_instruction_time_zone(text: str) -> None:
    facts = read_instruction(text, today=TODAY, language="es")
    assert [w.timezone for w in facts.send_windows] == ["Europe/Madrid"]


@pytest.mark.parametrize(
    ("lang", "instruction"),
    [("es", "perfecto, gracias"), ("es", "vale"), ("fr", "merci, c'est parfait"), ("de", "passt, danke")],
)
def test_an_acknowledgement_changes_nothing(lang: str, instruction: str) -> None:
    result = _refine(lang, instruction)
    assert result.diff.is_empty() and result.flow == _generated(lang)


@pytest.mark.parametrize(
    ("lang", "instruction"),
    [
        ("es", "añade una prueba A/B en el segundo mensaje"),
        ("es", "añade un test A/B al recordatorio"),
        ("fr", "ajoute un test A/B sur le deuxième message"),
        ("fr", "ajoute un test A/B sur la relance"),
        ("de", "füge einen A/B-Test für die zweite Nachricht hinzu"),
        ("de", "füge einen A/B-Test für die Erinnerung hinzu"),
    ],
)
def test_the_second_message_and_the_reminder_are_named_in_each_language(lang: str, instruction: str) -> None:
    plan = _plan(_flow(lang))
    second = [s for s in plan.steps if s.type == "message"][1]
    edit_plan(plan, instruction, today=TODAY, language=lang)
    test = next(s for s in plan.steps if s.type == "experiment")
    assert test.next[0].to == second.key  # group A is the reminder, not the first message


@pytest.mark.parametrize(
    ("lang", "instruction"),
    [
        ("es", "añade una espera de 1 día antes del primer mensaje"),
        ("fr", "ajoute une attente de 1 jour avant le premier message"),
        ("de", "füge vor der ersten Nachricht 1 Tag Wartezeit hinzu"),
    ],
)
def test_an_added_wait_before_a_named_message(lang: str, instruction: str) -> None:
    plan = _plan(_flow(lang))
    before = _delays(_flow(lang))
    edit = edit_plan(plan, instruction, today=TODAY, language=lang)
    assert [a.operation for a in edit.applied] == ["delay"]
    assert sorted((s.wait.value, s.wait.unit) for s in plan.steps if s.type == "delay" and s.wait) == sorted(
        [*before, (1, "days")]
    )


# ---- the spec after a Spanish edit, and compliance that never reverts it


def test_the_spec_after_a_spanish_edit_says_the_new_value_and_compliance_keeps_it() -> None:
    first = _refine("es", "cambia el descuento al 20%")
    assert first.spec is not None
    assert first.spec.lines()["Offer"] == "20% off"
    # the next refinement is checked against the refined spec, not the brief's 15%
    second = _refine("es", "acorta los mensajes", flow=first.flow, spec=first.spec)
    assert second.spec is not None and second.spec.lines()["Offer"] == "20% off"
    assert second.spec.changes == ["Offer: 15% off → 20% off", 'As asked: "acorta los mensajes"']
    assert _offers(second.flow) == {("percentage", "20")}
    assert _brief_findings(second) == [] and second.report.valid
    # and the requirement set a model's repair round would get says 20% too
    wanted = refinement_requirements(first.spec.facts, "acorta los mensajes", today=TODAY)
    assert wanted is not None and [d.value for d in wanted.discounts] == ["20"]


def test_the_pipeline_facade_applies_a_french_edit() -> None:
    result = refine_flow(
        _flow("fr"), "supprime la relance", brief=_brief("fr"), settings=SETTINGS, today=TODAY
    )
    assert _reminders(result.flow) == 0 and result.report.valid


def test_the_service_facade_chains_spanish_edits(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None, database_url=f"sqlite:///{tmp_path / 'flows.sqlite3'}", flowgen_generator="offline"
    )
    service = FlowService(settings, store=FlowStore(settings.database_url), cache=MemoryCache())
    context = RequestContext(source="api", workspace_id="W1", user_id="U1")
    generated = service.generate(BRIEFS["es"], context=context)
    first = service.refine("cambia el descuento al 20%", context=context, version_id=generated.version_id)
    second = service.refine("quita el recordatorio", context=context, version_id=first.version_id)
    assert _offers(second.flow) == {("percentage", "20")} and _reminders(second.flow) == 0
    assert second.spec is not None
    assert second.spec.lines()["Offer"] == "20% off"
    assert not [w.code for w in second.report.warnings if w.code.startswith("brief_")]


NOT_AN_EDIT = {
    "es": ("¿Quién ganó el partido de fútbol anoche en Madrid?", "No he podido convertir"),
    "fr": ("Qui a gagné le match de football hier soir à Paris ?", "Je n'ai pas pu transformer"),
    "de": ("Wer hat gestern Abend das Fußballspiel in Berlin gewonnen?", "Ich konnte"),
}
ALREADY_SO = {
    "es": ("espera 2 días", "El flujo ya funciona así"),
    "fr": ("attendez 1 jour", "Le flux fonctionne déjà ainsi"),
    "de": ("warte 2 Tage", "So funktioniert der Flow bereits"),
}


@pytest.mark.parametrize("lang", sorted(NOT_AN_EDIT))
def test_a_reply_that_is_no_instruction_is_refused_in_its_language(lang: str) -> None:
    reply, words = NOT_AN_EDIT[lang]
    with pytest.raises(RefinementRefused) as refused:
        _refine(lang, reply)
    assert str(refused.value).startswith(words)
    assert "couldn't" not in str(refused.value)


@pytest.mark.parametrize("lang", sorted(ALREADY_SO))
def test_an_edit_that_changes_nothing_is_refused_in_its_language(lang: str) -> None:
    reply, words = ALREADY_SO[lang]
    with pytest.raises(RefinementRefused) as refused:
        _refine(lang, reply)
    assert str(refused.value).startswith(words)


def test_an_english_reply_is_refused_in_english() -> None:
    with pytest.raises(RefinementRefused, match="I couldn't turn"):
        _refine("es", "who won the football game last night?")
