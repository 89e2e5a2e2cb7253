"""Briefs pasted as JSON objects or YAML documents are read as the facts their fields state, in
EN/ES/FR/DE; background fields (notes, last year's figures) give none, and text that is not
plainly such a document keeps its usual path."""

from __future__ import annotations

from datetime import date

import pytest

from flowgen_core.brief import CampaignBrief
from flowgen_core.brief.formats import SourceWriter, reshape_brief
from flowgen_core.brief.structured import structured_brief
from tests.brief_reading import read_with_own_spans

TODAY = date(2026, 3, 2)


def _read(text: str) -> CampaignBrief:
    return read_with_own_spans(text, TODAY)


def _filters(brief: CampaignBrief) -> set[tuple[str | None, str | None]]:
    return {(c.property_name, c.property_value) for c in brief.audience if c.kind == "property"}


def _events(brief: CampaignBrief) -> set[tuple[str, str | None, int | None]]:
    return {(c.operator, c.action, c.days) for c in brief.audience if c.kind == "event"}


def _money(brief: CampaignBrief) -> set[tuple[str, str | None]]:
    return {(d.kind, d.value or d.code) for d in brief.discounts}


def _hours(brief: CampaignBrief) -> list[float]:
    return [d.value * {"hours": 1, "days": 24}.get(d.unit, 1) for d in brief.no_reply_after]


@pytest.mark.parametrize(
    "text",
    [
        '{"audience": {"property": "favorite_tea", "equals": "matcha"}, "offer": {"type": "amount", '
        '"value": 5, "currency": "USD"}, "frequency_cap": "max 2 texts per 7 days", '
        '"last_run": {"sent": 2300, "revenue": 1840}}',
        '```json\n{\n  "segment": {"field": "favorite_tea", "value": "matcha"},\n  "discount": '
        '{"kind": "fixed", "amount": "5"},\n  "frequency_cap": "max 2 texts per 7 days",\n'
        '  "notes": "last time 2300 sent, 20% off"\n}\n```',
        "audience:\n  property: favorite_tea\n  equals: matcha\noffer:\n  type: amount\n  value: 5\n"
        "frequency_cap: max 2 texts per 7 days\nlast_year:\n  discount: 30% off\n",
    ],
)
def test_property_filter_amount_and_cap(text: str) -> None:
    brief = _read(text)
    assert _filters(brief) == {("favorite_tea", "matcha")}
    assert _money(brief) == {("amount", "5")}
    assert [(c.occurrences, c.timespan, c.period) for c in brief.frequency_caps] == [(2, 7, "Days")]


@pytest.mark.parametrize(
    "text",
    [
        "audience:\n  - viewed_product: last 14 days\n  - placed_order: none in the last 14 days\n"
        "offer:\n  type: percentage\n  value: 15\n  code: SCENT15\nsteps:\n"
        "  - product_choice: 3 sets picked manually (A, B, C)\n  - reply_keyword: BUY\n"
        "  - no_reply: 24h -> one reminder\nnotes: sets retail at $38",
        '{"audience": [{"event": "viewed_product", "days": 14}, {"event": "placed_order", '
        '"operator": "has_not", "days": 14}], "discount": {"type": "percent", "value": "15", '
        '"code": "SCENT15"}, "reply": "BUY", "follow_up": {"hours": 24, "action": "one reminder"}, '
        '"notes": "sets retail at $38"}',
    ],
)
def test_event_list_percent_code_reply_and_no_reply(text: str) -> None:
    brief = _read(text)
    assert _events(brief) == {("has", "viewed_product", 14), ("has_not", "placed_order", 14)}
    assert _money(brief) == {("percentage", "15"), ("code", "SCENT15")}
    assert brief.reply_keywords == ["buy"]
    assert _hours(brief) == [24]


def test_reply_routes_set_a_property_and_must_include() -> None:
    brief = _read(
        '{"audience": [{"event": "placed_order", "operator": "has_not", "days": 365}], '
        '"message": {"must_include": "shop.example/exam"}, "replies": {"BOOK": "send booking link", '
        '"LATER": "set property exam_reminder = later"}, "follow_up": {"no_reply_hours": 72, '
        '"action": "one reminder"}}'
    )
    assert _events(brief) == {("has_not", "placed_order", 365)}
    assert brief.reply_keywords == ["book", "later"]
    assert [(u.name, u.value, u.on_reply) for u in brief.property_updates] == [
        ("exam_reminder", "later", "later")
    ]
    assert _hours(brief) == [72]
    assert brief.stated is not None
    assert [m.words for m in brief.stated.must_say] == ["shop.example/exam"]


@pytest.mark.parametrize(
    "text",
    [
        '{"audience": {"property": "kids_age_group", "value": "6-8"}, "ab_test": {"groups": 2, '
        '"A": "lead with kits", "B": "lead with art sets"}, "cta": "reply SHOP to see bestsellers", '
        '"discount": "none", "last_year": "12% off"}',
        "audience:\n  property: kids_age_group\n  value: 6-8\nab_test:\n  A: lead with kits\n"
        "  B: lead with art sets\ncta: reply SHOP to see bestsellers\ndiscount: none\n"
        "last_year: 12% off\n",
    ],
)
def test_experiment_cta_and_no_discount(text: str) -> None:
    brief = _read(text)
    assert _filters(brief) == {("kids_age_group", "6-8")}
    assert brief.experiment is not None and brief.experiment.groups == 2
    assert brief.reply_keywords == ["shop"]
    assert brief.discounts == []
    assert brief.no_discount


def test_german_keys() -> None:
    brief = _read(
        '{"zielgruppe": {"ereignis": "viewed_product", "zeitraum_tage": 14}, "produkt": '
        '{"variant_id": "44017", "menge": "1"}, "antwort": "JA zum Kaufen", "rabatt": "keiner", '
        '"hinweis": "Paket kostet 39 €"}'
    )
    assert _events(brief) == {("has", "viewed_product", 14)}
    assert [(p.variant_id, p.quantity) for p in brief.products] == [("44017", 1)]
    assert brief.reply_keywords == ["ja"]
    assert brief.discounts == [] and brief.no_discount
    assert brief.language == "de"


def test_spanish_keys() -> None:
    brief = _read(
        '{"público": {"propiedad": "talla", "valor": "mediana"}, "descuento": {"tipo": "porcentaje", '
        '"valor": 20, "código": "VERANO20"}, "respuesta": "SI para comprar", '
        '"notas": "el año pasado 30 %"}'
    )
    assert _filters(brief) == {("talla", "mediana")}
    assert _money(brief) == {("percentage", "20"), ("code", "VERANO20")}
    assert brief.reply_keywords == ["si"]


def test_french_yaml() -> None:
    brief = _read(
        "cible:\n  - evenement: placed_order\n    operateur: has_not\n    jours: 90\nremise:\n"
        "  type: pourcentage\n  valeur: 10\nréponses:\n  OUI: envoyer le lien\nrelance:\n"
        "  heures: 48\n"
    )
    assert _events(brief) == {("has_not", "placed_order", 90)}
    assert _money(brief) == {("percentage", "10")}
    assert brief.reply_keywords == ["oui"]
    assert _hours(brief) == [48]


@pytest.mark.parametrize(
    "text",
    [
        '{"notes": "last year 12% off", "last_run": {"sent": 2300, "revenue": 1840}, '
        '"audience": {"property": "tier", "equals": "gold"}}',
        "audience:\n  property: tier\n  equals: gold\nhinweis: Paket kostet 39 €\n"
        "last_year:\n  - 12% off\n  - reply YES\n",
    ],
)
def test_background_fields_state_no_fact(text: str) -> None:
    brief = _read(text)
    assert _filters(brief) == {("tier", "gold")}
    assert brief.discounts == []
    assert brief.reply_keywords == []


@pytest.mark.parametrize(
    "text",
    [
        "Audience: people who viewed a product in the last 14 days\nOffer: 15% off\nReply BUY",
        "Audience:\n- VIPs\n- people who bought twice\nOffer: 20% off",
        "[1, 2, 3]",
        '{"audience": broken',
        "we did 2 sends: one on monday, one on friday",
    ],
)
def test_not_a_structured_document(text: str) -> None:
    assert structured_brief(text, SourceWriter(text)) is None


def test_unknown_json_invents_nothing() -> None:
    brief = _read('{"sent": 2300, "revenue": 1840, "clicks": {"total": 15, "rate": "2%"}}')
    assert brief.discounts == [] and brief.audience == [] and brief.reply_keywords == []


def test_offer_without_number_is_no_money() -> None:
    brief = _read('{"audience": {"property": "tier", "equals": "gold"}, "offer": {"type": "percentage"}}')
    assert brief.discounts == []


def test_reshaped_text_points_at_the_users_values() -> None:
    text = '{"audience": {"property": "favorite_tea", "equals": "matcha"}, "reply": "BUY"}'
    shaped = reshape_brief(text)
    at = shaped.text.index("matcha")
    a, b = shaped.span(at, at + len("matcha"))
    assert text[a:b] == "matcha"
