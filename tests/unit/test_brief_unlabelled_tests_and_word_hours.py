"""Shapes a brief writes without the usual labels: a test of N versions with no "A/B", daily
hours given as words ("noon", "midnight", "midi", "Mittag", "mediodía") with a zone, dated windows
whose zone is a city's time, and a brief that is only a product line and its offer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowgen_core.brief.experiments import extract_experiment
from flowgen_core.brief.extract import extract_brief
from flowgen_core.brief.glossary import to_english_cues
from flowgen_core.brief.windows import extract_send_hours
from tests.offline_flows import valid_offline_flow
from tests.scoring import requirement_met


def _steps(flow: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [s for s in flow["steps"] if s["type"] == kind]


@pytest.mark.parametrize(
    ("text", "lang", "groups"),
    [
        ("Lapsed gym members: test four opener styles (coach, buddy, data, meme), a quarter each.", "en", 4),
        ("Spring tote launch for subscribers: try out two versions of the copy, 50/50.", "en", 2),
        ("Promo de otoño para clientes VIP con 10% de descuento: probar dos versiones del texto.", "es", 2),
        ("Soldes d'hiver pour les abonnés : tester quatre variantes du message.", "fr", 4),
        ("Sommerschlussverkauf für Abonnenten: zwei Varianten der SMS testen.", "de", 2),
    ],
)
def test_a_counted_test_without_ab_is_an_even_experiment(text: str, lang: str, groups: int) -> None:
    spec = extract_experiment(to_english_cues(text, lang) if lang != "en" else text)
    assert spec is not None
    assert spec.groups == groups
    assert sum(spec.split) == 100 and max(spec.split) - min(spec.split) <= 1


@pytest.mark.parametrize(
    "text",
    [
        "Send two reminders a day apart and try to keep each under one segment.",
        "We send three messages a week to VIPs.",
    ],
)
def test_a_count_of_sends_near_try_is_no_experiment(text: str) -> None:
    assert extract_experiment(text) is None


def test_an_unlabelled_test_becomes_an_experiment_step() -> None:
    flow = valid_offline_flow(
        "Winter boots 20% off for subscribers: test three message styles (cozy, urgent, funny)."
    )
    assert [len(s["events"]) for s in _steps(flow, "experiment")] == [3]


@pytest.mark.parametrize(
    ("text", "lang", "start", "end", "zone"),
    [
        ("Only send from noon until 5pm Mountain.", "en", "12:00", "17:00", "America/Denver"),
        ("Text them from 10am to midnight Central.", "en", "10:00", "23:59", "America/Chicago"),
        ("Envoyer de midi à 14 h (heure de Paris).", "fr", "12:00", "14:00", "Europe/Paris"),
        ("Nur ab Mittag bis 16 Uhr (Wiener Zeit) senden.", "de", "12:00", "16:00", "Europe/Vienna"),
        ("Enviar desde el mediodía hasta las 5 (hora de Madrid).", "es", "12:00", "17:00", "Europe/Madrid"),
    ],
)
def test_hours_written_as_words_keep_their_zone(
    text: str, lang: str, start: str, end: str, zone: str
) -> None:
    english = to_english_cues(text, lang) if lang != "en" else text
    hours = extract_send_hours(english)
    assert [(h.start, h.end, h.timezone) for h in hours] == [(start, end, zone)]


def test_word_hours_with_an_end_outside_them_branch_to_the_end() -> None:
    flow = valid_offline_flow(
        "Lunch deal 10% off for members. Send only between noon and 2pm Eastern; "
        "at other hours send nothing and finish."
    )
    by_id = {s["id"]: s for s in flow["steps"]}
    (schedule,) = _steps(flow, "schedule")
    assert "America/New_York" in str(schedule)
    assert any(by_id[e["nextStepID"]]["type"] == "end" for e in schedule["events"])


@pytest.mark.parametrize(
    ("text", "lang", "zone"),
    [
        ("Herbstrabatt 10 % für Abonnenten, vom 2. bis 12. Oktober (Wiener Zeit).", "de", "Europe/Vienna"),
        (
            "Remise d'automne 10 % pour les abonnés, du 2 au 12 octobre (heure de Paris).",
            "fr",
            "Europe/Paris",
        ),
        (
            "Descuento de otoño 10% para suscriptores, del 2 al 12 de octubre (hora de Madrid).",
            "es",
            "Europe/Madrid",
        ),
        ("Fall markdown 10% off for subscribers, October 2-12 (Denver time).", "en", "America/Denver"),
    ],
)
def test_a_dated_window_names_the_city_zone(text: str, lang: str, zone: str) -> None:
    brief = extract_brief(text, language=lang)
    assert [w.timezone for w in brief.send_windows] == [zone]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("14-day keto snack box 30% off", "keto snack box"),
        ("new oat milk latte range 15% off", "oat milk latte range"),
        ("nueva colección de velas artesanales 20% de descuento", "velas artesanales"),
        ("nouvelle collection de bougies parfumées -20 %", "bougies parfum"),
        ("neue Kaffeebohnen-Auswahl 20 % Rabatt", "Kaffeebohnen-Auswahl"),
    ],
)
def test_a_product_line_brief_names_its_subject_first(text: str, words: str) -> None:
    flow = valid_offline_flow(text)
    first = next(s for s in flow["steps"] if s["id"] == flow["initialStepID"] or s["type"] == "message")
    assert words.lower() in str(first.get("messageText", "")).lower()


def test_a_brief_that_is_an_instruction_gets_no_product_line_subject() -> None:
    brief = extract_brief("remind everyone 10% off")
    assert brief.stated.subject is None


_FIXTURE = Path(__file__).parents[1] / "fixtures" / "briefs-unlabelled-tests-hours.jsonl"
_ROWS = [json.loads(line) for line in _FIXTURE.read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("row", _ROWS, ids=[row["id"] for row in _ROWS])
def test_fixture_briefs_meet_every_requirement(row: dict[str, Any]) -> None:
    flow = valid_offline_flow(row["brief"])
    assert [req for req in row["expect"] if not requirement_met(req, flow)] == []
