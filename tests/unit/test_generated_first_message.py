"""Generated flows: a first message that does not name the sender or say how to stop is an error."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.check.content import has_opt_out, names_sender
from flowgen_core.pipeline import finish_fixed, generate_flow
from flowgen_core.settings import Settings


def _flow(text: str) -> dict[str, Any]:
    return {
        "name": "t",
        "initialStepID": "m1",
        "steps": [
            {
                "id": "m1",
                "type": "message",
                "messageText": text,
                "events": [{"id": "e1", "type": "default", "nextStepID": "end"}],
            },
            {"id": "end", "type": "end", "events": []},
        ],
    }


def _codes(report: Any, severity: str) -> set[str]:
    return {f.code for f in (report.errors if severity == "error" else report.warnings)}


@pytest.fixture(autouse=True)
def _default_strictness(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMPLIANCE_STRICT", raising=False)


def test_a_generated_flow_without_sender_or_opt_out_is_invalid() -> None:
    report = finish_fixed(_flow("Hi {{first_name}}, new mugs are in."), generated=True).report
    assert {"missing_brand", "missing_opt_out"} <= _codes(report, "error")


def test_a_flow_handed_in_gets_warnings_only() -> None:
    report = finish_fixed(_flow("Hi {{first_name}}, new mugs are in."), generated=False).report
    assert {"missing_brand", "missing_opt_out"} <= _codes(report, "warning")
    assert not {"missing_brand", "missing_opt_out"} & _codes(report, "error")


def test_the_workspace_brand_written_out_names_the_sender() -> None:
    text = "Cafe Ole: Hi {{first_name}}, new mugs are in. Reply STOP to opt out."
    report = finish_fixed(_flow(text), generated=True, brand="Café Olé").report
    assert "missing_brand" not in _codes(report, "error") | _codes(report, "warning")


@pytest.mark.parametrize(
    ("text", "brand", "expected"),
    [
        ("{{brand_name}}: hello", None, True),
        ("{{ brand_name }}: hello", None, True),
        ("NORTHWIND: hello", "Northwind", True),
        ("Crème Brûlée Co: hi", "Creme Brulee Co", True),
        ("hello there", "Northwind", False),
        ("hello there", None, False),
    ],
)
def test_names_sender(text: str, brand: str | None, expected: bool) -> None:
    assert names_sender(text, brand) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reply STOP to opt out.", True),
        ("Text STOP to unsubscribe", True),
        ("Responde STOP para darte de baja.", True),
        ("Antworte STOP zum Abmelden.", True),
        ("Stop by our store today", False),
    ],
)
def test_has_opt_out(text: str, expected: bool) -> None:
    assert has_opt_out(text) is expected


def _first_text(flow: dict[str, Any]) -> str:
    by_id = {s["id"]: s for s in flow["steps"]}
    step = by_id[flow["initialStepID"]]
    while step["type"] != "message":
        step = by_id[step["events"][0]["nextStepID"]]
    return str(step.get("messageText") or step.get("content") or step.get("text"))


@pytest.mark.parametrize("brand", [None, "Harbor & Pine"])
def test_quoted_first_copy_keeps_its_words_and_gains_what_it_lacks(brand: str | None) -> None:
    quote = "Our spring bulbs just landed, come pick yours"
    result = generate_flow(
        f'Text everyone on the list with this copy: "{quote}"',
        settings=Settings(flowgen_generator="offline"),
        brand_name=brand,
    )
    text = _first_text(result.flow)
    assert quote in text
    assert names_sender(text, brand) and has_opt_out(text)
    assert result.report.valid, [f.message for f in result.report.errors]


def test_quoted_spanish_copy_gets_a_spanish_opt_out() -> None:
    quote = "Llegaron las plantas de temporada, ven a verlas"
    result = generate_flow(
        f'Enviar a todos los clientes este mensaje: "{quote}"',
        settings=Settings(flowgen_generator="offline"),
    )
    text = _first_text(result.flow)
    assert quote in text
    assert "darte de baja" in text


def test_quoted_copy_that_already_complies_is_left_alone() -> None:
    quote = "{{brand_name}}: Fresh bagels at 7am tomorrow! Reply STOP to opt out."
    result = generate_flow(
        f'Send this to everyone: "{quote}"',
        settings=Settings(flowgen_generator="offline"),
    )
    assert _first_text(result.flow) == quote
