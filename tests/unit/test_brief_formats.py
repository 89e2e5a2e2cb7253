"""Structured brief formats (INI, KEY=value, CSV rows, bracketed values, footnotes, one-liners,
timelines, acceptance criteria, FAQ, markdown sections, checkboxes) are read as the labelled
clauses they stand for, in EN/ES/FR/DE, and every stated fact still quotes the user's words.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowgen_core.brief import CampaignBrief, not_understood
from flowgen_core.brief.formats import reshape_brief
from tests.brief_reading import read_with_own_spans

TODAY = date(2026, 3, 2)


def _read(text: str) -> CampaignBrief:
    return read_with_own_spans(text, TODAY)


def _percent(brief: CampaignBrief) -> set[str]:
    return {d.value for d in brief.discounts if d.kind == "percentage" and d.value}


def _codes(brief: CampaignBrief) -> set[str]:
    return {d.code for d in brief.discounts if d.code}


def _filters(brief: CampaignBrief) -> set[tuple[str | None, str | None]]:
    return {(c.property_name, c.property_value) for c in brief.audience if c.kind == "property"}


def _hours(brief: CampaignBrief) -> list[float]:
    return [
        d.value * {"hours": 1, "days": 24, "minutes": 1 / 60}.get(d.unit, 1) for d in brief.no_reply_after
    ]


def test_ini_sections_label_their_keys() -> None:
    brief = _read(
        "[who]\nproperty = favourite_colour\nvalue = teal\n\n[deal]\ndiscount = 30%\n\n"
        "[replies]\nSWATCH = send the swatch card\nSTOCK = send the stock list\n\n"
        "[followup]\nno_reply = 3 days, then a single reminder\n"
    )
    assert _filters(brief) == {("favourite_colour", "teal")}
    assert _percent(brief) == {"30"}
    assert brief.reply_keywords == ["swatch", "stock"]
    assert _hours(brief) == [72]
    assert brief.reminders == 1


def test_ini_unknown_key_in_an_audience_section_is_a_filter_not_a_followup() -> None:
    brief = _read("[segment]\nloyalty_tier = gold\n\n[offer]\ncode = GOLD5\n")
    assert _filters(brief) == {("loyalty_tier", "gold")}
    assert _codes(brief) == {"GOLD5"}


def test_env_style_upper_snake_keys_are_labels() -> None:
    brief = _read(
        "OFFER_PERCENT=35\nOFFER_CODE=HARBOR35\nCTA_REPLY=KAYAK\nNO_REPLY_AFTER_HOURS=18\n"
        "ON_REPLY=set property harbor_fan=yes\nAUDIENCE=viewed_product, past 14 days\n"
    )
    assert [(c.action, c.days) for c in brief.audience] == [("viewed_product", 14)]
    assert _percent(brief) == {"35"}
    assert _codes(brief) == {"HARBOR35"}
    assert brief.reply_keywords == ["kayak"]
    assert _hours(brief) == [18]
    assert [(u.name, u.value) for u in brief.property_updates] == [("harbor_fan", "yes")]


def test_csv_field_value_rows() -> None:
    brief = _read(
        "field,value\nbrand,Oak Street Cinema\naudience,clicked a link in the last 21 days\n"
        "discount,40%\nfollowup,no reply after 5 hours -> one reminder\n"
    )
    assert [(c.action, c.days) for c in brief.audience] == [("clicked_link", 21)]
    assert _percent(brief) == {"40"}
    assert _hours(brief) == [5]


def test_csv_semicolon_rows_in_spanish_keep_a_spaced_percent() -> None:
    brief = _read(
        "campo;valor\npúblico;vieron un producto en los últimos 10 días\ndescuento;30 %\n"
        "respuesta;GAFAS -> las gafas que vieron\nsin respuesta;8 horas -> un recordatorio\n"
    )
    assert brief.source_language == "es"
    assert [(c.action, c.days) for c in brief.audience] == [("viewed_product", 10)]
    assert _percent(brief) == {"30"}
    assert brief.reply_keywords == ["gafas"]
    assert _hours(brief) == [8]


def test_csv_header_row_with_one_data_row() -> None:
    brief = _read("segment,discount,code\nvip,35%,AUTUMN35\n")
    assert _percent(brief) == {"35"}
    assert _codes(brief) == {"AUTUMN35"}
    assert ("customer_type", "vip") in _filters(brief)


def test_markdown_table_rows() -> None:
    brief = _read(
        "| field | value |\n|---|---|\n| audience | viewed a product in the last 4 days |\n| discount | 18% |\n"
        "| reply | FIT -> the fit guide |\n"
    )
    assert [(c.action, c.days) for c in brief.audience] == [("viewed_product", 4)]
    assert _percent(brief) == {"18"}
    assert brief.reply_keywords == ["fit"]


def test_bracketed_values_and_two_fields_on_one_line() -> None:
    brief = _read(
        "Cart reminder.\nDiscount: [12%]    Code: [BAGS12]\nReply keyword: [BAG] -> [the cart they left]\n"
    )
    assert _percent(brief) == {"12"}
    assert _codes(brief) == {"BAGS12"}
    assert brief.reply_keywords == ["bag"]


def test_footnote_markers_do_not_cut_a_filter() -> None:
    brief = _read("Audience: property hobby = quilting³\nOffer: 10% off⁴\n\n³ from the quiz\n⁴ sitewide\n")
    assert _filters(brief) == {("hobby", "quilting")}
    assert _percent(brief) == {"10"}


def test_slash_separated_one_liner() -> None:
    brief = _read(
        "people who bought in the last 45 days / 15% off with code BACK15 / reply GO → best sellers "
        "/ 1 reminder after 2 days / then end"
    )
    assert [(c.action, c.days) for c in brief.audience] == [("placed_order", 45)]
    assert _percent(brief) == {"15"}
    assert brief.reply_keywords == ["go"]


def test_semicolon_clauses_with_numbered_texts() -> None:
    brief = _read(
        "Customers who bought in the last 20 days; text 1: the new roast is in ; wait 4 days; text 2: one more look"
    )
    assert brief.reply_keywords == []
    assert [d.value for d in brief.waits] == [4]
    assert brief.stated is not None and brief.stated.messages[0].content == "the new roast is in"
    first = brief.stated.messages[0]
    assert brief.text[first.start : first.end] == first.words == "the new roast is in"


def test_timeline_rows() -> None:
    brief = _read(
        "T+0: 20% off for cart abandoners, reply CART to check out\nT+4h: no reply yet? second text\n"
    )
    assert _percent(brief) == {"20"}
    assert brief.reply_keywords == ["cart"]
    assert _hours(brief) == [4]


def test_acceptance_criteria_words_are_not_reply_keywords() -> None:
    brief = _read(
        "AC1: GIVEN a customer who added to cart in the last 2 days WHEN they reply LINK THEN send the cart link\n"
    )
    assert brief.reply_keywords == ["link"]
    assert "then" not in brief.reply_keywords and "given" not in brief.reply_keywords


def test_faq_answers_take_the_question_as_their_label() -> None:
    brief = _read(
        "Who is it for? Customers who placed an order in the last 60 days.  Is there a deal? "
        "25% off.  What if they don't answer? After 10 hours, one nudge."
    )
    assert [(c.action, c.days) for c in brief.audience] == [("placed_order", 60)]
    assert _percent(brief) == {"25"}
    assert _hours(brief) == [10]


def test_spanish_faq_answers() -> None:
    brief = _read(
        "¿Para quién es? Clientes que compraron en los últimos 30 días.  ¿Hay descuento? 20 %.  "
        "¿Y si no responden? Después de 6 horas, un recordatorio."
    )
    assert brief.source_language == "es"
    assert _percent(brief) == {"20"}
    assert _hours(brief) == [6]


def test_markdown_copy_section_quotes_its_blockquote() -> None:
    brief = _read(
        "## Offer\n10% off\n\n## Copy (use verbatim)\n> Ahoy {{first_name}}! Your tide chart is ready.\n"
    )
    assert brief.quoted_copy == ["Ahoy {{first_name}}! Your tide chart is ready."]
    assert _percent(brief) == {"10"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "☐ Zielgruppe: Kunden, die in den letzten 14 Tagen gekauft haben\n☐ Rabatt: 15 %\n[ ] Code: WALD15\n",
            "de",
        ),
        (
            "[ ] Public : clients ayant acheté ces 14 derniers jours\n[ ] Remise : 15 %\n[x] Code : BOIS15\n",
            "fr",
        ),
        (
            "Do: Audience: customers who placed an order in the last 14 days\nAlso: Discount: 15%\nAlso: Code: WOOD15\n",
            "en",
        ),
    ],
)
def test_checkbox_and_prefixed_lists(text: str, language: str) -> None:
    brief = _read(text)
    assert brief.source_language == language
    assert _percent(brief) == {"15"}
    assert len(_codes(brief)) == 1


def test_prose_briefs_are_not_rewritten() -> None:
    text = "Win back customers who haven't ordered in 90 days. Offer 15% off; reply YES to claim."
    assert not reshape_brief(text).changed


@pytest.mark.parametrize(
    "text",
    [
        "Recordatorio: 20 días después de la compra, proponer responder SI para volver a pedir.",
        "Send Mon / Wed / Fri between 10am and 6pm Eastern.",
        "Outline\n- Who: buyers from the last 10 days\n- Msg 1: your wristbands are at the desk\n",
    ],
)
def test_labelled_prose_stays_as_written(text: str) -> None:
    assert not reshape_brief(text).changed


def test_not_understood_quotes_the_users_lines() -> None:
    text = "[audience]\nproperty = vip_level\nvalue = 3\n\n[misc]\nflurble = zonk\n"
    unread = not_understood(text)
    assert "[audience]" not in unread  # a section header is the label of its lines, not a clause
    assert all(words in text for words in unread)


# ---------------------------------------------------------------------------------------------
# Property: prose, "Label: value" lines, INI and CSV rows of one brief give the same facts


@st.composite
def _facts(draw: st.DrawFn) -> dict[str, object]:
    return {
        "days": draw(st.sampled_from([7, 14, 30, 60, 90])),
        "pct": draw(st.sampled_from([10, 15, 20, 25, 40])),
        "code": draw(st.sampled_from(["SAVE", "TIDE", "LOOM", "FERN"])) + str(draw(st.integers(1, 99))),
        "keyword": draw(st.sampled_from(["SHOP", "BOOK", "MORE", "PICK"])),
        "hours": draw(st.sampled_from([2, 6, 12, 24, 48])),
    }


def _writings(f: dict[str, object]) -> list[str]:
    who = f"customers who placed an order in the last {f['days']} days"
    return [
        f"Text {who}. Give them {f['pct']}% off with code {f['code']}. Reply {f['keyword']} for the new range. "
        f"If no reply after {f['hours']} hours, send one reminder.",
        f"Audience: {who}\nDiscount: {f['pct']}%\nCode: {f['code']}\nReply: {f['keyword']} -> the new range\n"
        f"No reply: {f['hours']} hours, then one reminder\n",
        f"[audience]\nwho = {who}\n\n[offer]\ndiscount = {f['pct']}%\ncode = {f['code']}\n\n"
        f"[replies]\n{f['keyword']} = the new range\n\n[followup]\nno_reply = {f['hours']} hours, then one reminder\n",
        f"field,value\naudience,{who}\ndiscount,{f['pct']}%\ncode,{f['code']}\nreply,{f['keyword']} -> the new range\n"
        f"no reply,{f['hours']} hours -> one reminder\n",
    ]


def _key_facts(brief: CampaignBrief) -> tuple[object, ...]:
    return (
        sorted((c.kind, c.action, c.days) for c in brief.audience),
        _percent(brief),
        _codes(brief),
        brief.reply_keywords,
        _hours(brief),
        brief.reminders,
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_facts())
def test_prose_labels_ini_and_csv_give_the_same_facts(facts: dict[str, object]) -> None:
    read = [_key_facts(_read(text)) for text in _writings(facts)]
    assert read[0][1] == {str(facts["pct"])}
    assert all(r == read[0] for r in read[1:]), read


_OTHER_LANGUAGES = {
    "es": (
        "clientes que compraron en los últimos {days} días",
        "Dales un {pct} % de descuento con el código {code}. Responde {kw} para ver la colección. "
        "Si no responden en {hours} horas, envía un recordatorio.",
        "[público]\nquién = {who}\n\n[oferta]\ndescuento = {pct} %\ncódigo = {code}\n\n[respuestas]\n"
        "{kw} = la colección\n\n[seguimiento]\nsin respuesta = {hours} horas, luego un recordatorio\n",
        "campo;valor\npúblico;{who}\ndescuento;{pct} %\ncódigo;{code}\nrespuesta;{kw} -> la colección\n"
        "sin respuesta;{hours} horas -> un recordatorio\n",
    ),
    "fr": (
        "clients ayant acheté ces {days} derniers jours",
        "Offrez {pct} % de remise avec le code {code}. Répondez {kw} pour voir la collection. "
        "Sans réponse après {hours} heures, envoyez un rappel.",
        "[public]\nqui = {who}\n\n[offre]\nremise = {pct} %\ncode = {code}\n\n[réponses]\n{kw} = la collection\n\n"
        "[relance]\nsans réponse = {hours} heures, puis un rappel\n",
        "champ;valeur\npublic;{who}\nremise;{pct} %\ncode;{code}\nréponse;{kw} -> la collection\n"
        "sans réponse;{hours} heures -> un rappel\n",
    ),
    "de": (
        "Kunden, die in den letzten {days} Tagen gekauft haben",
        "Gib ihnen {pct} % Rabatt mit dem Code {code}. Antworte {kw} für die Kollektion. "
        "Ohne Antwort nach {hours} Stunden eine Erinnerung senden.",
        "[zielgruppe]\nwer = {who}\n\n[angebot]\nrabatt = {pct} %\ncode = {code}\n\n[antworten]\n{kw} = die Kollektion\n\n"
        "[nachfassen]\nkeine antwort = {hours} Stunden, dann eine Erinnerung\n",
        "feld;wert\nzielgruppe;{who}\nrabatt;{pct} %\ncode;{code}\nantwort;{kw} -> die Kollektion\n"
        "keine antwort;{hours} Stunden -> eine Erinnerung\n",
    ),
}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(_OTHER_LANGUAGES)),
    st.sampled_from([14, 30, 60]),
    st.sampled_from([10, 15, 20, 25]),
    st.sampled_from([6, 12, 24]),
    st.sampled_from(["SOL20", "MAR5", "HIVER30"]),
    st.sampled_from(["SI", "OUI", "JA", "MAS"]),
)
def test_prose_ini_and_csv_give_the_same_facts_in_other_languages(
    language: str, days: int, pct: int, hours: int, code: str, kw: str
) -> None:
    who, rest, ini, csv = _OTHER_LANGUAGES[language]
    who = who.format(days=days)
    values = {"who": who, "pct": pct, "hours": hours, "code": code, "kw": kw}
    texts = [
        f"{who[0].upper()}{who[1:]}. {rest.format(**values)}",
        ini.format(**values),
        csv.format(**values),
    ]
    read = [_read(text) for text in texts]
    assert all(brief.source_language == language for brief in read)
    facts = [_key_facts(brief) for brief in read]
    assert facts[0][1] == {str(pct)} and facts[0][2] == {code}
    assert all(f == facts[0] for f in facts[1:]), facts
