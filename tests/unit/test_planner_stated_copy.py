"""The offline planner's copy says what the brief says its messages must say."""

from __future__ import annotations

from typing import Any

from flowgen_core.brief import extract_brief
from flowgen_core.planners.offline.composer import OfflineGenerator


def _flow(text: str) -> tuple[dict[str, Any], list[str]]:
    result = OfflineGenerator().generate(extract_brief(text), brand_name="Acme")
    return result.flow, [w.code for w in result.report.warnings]


def _texts(flow: dict[str, Any]) -> list[str]:
    return [str(s["text"]) for s in flow["steps"] if s.get("text")]


def _step(flow: dict[str, Any], label: str) -> dict[str, Any]:
    return next(s for s in flow["steps"] if s.get("label") == label)


def test_the_first_message_says_the_stated_content_with_brand_and_opt_out() -> None:
    flow, _ = _flow("Bike owners tagged service_due = yes: let them know their tune-up slot opens Monday.")
    first = _texts(flow)[0]
    assert first.startswith("Acme: Hi {{first_name}}! Your tune-up slot opens Monday.")
    assert "Reply STOP to opt out." in first
    assert "something special" not in first


def test_numbered_lines_go_to_their_own_sends() -> None:
    flow, _ = _flow(
        "Plan\n- Audience: customers who ordered in the last 7 days\n- Msg 1: your course login is in your inbox\n"
        "- Msg 2: the first live session starts Thursday"
    )
    texts = _texts(flow)
    assert "Your course login is in your inbox." in texts[0]
    assert any("The first live session starts Thursday." in t for t in texts[1:])


def test_the_no_reply_text_carries_its_quote() -> None:
    flow, _ = _flow(
        "Tagged wait_class = pilates_am: text them when a mat frees up, reply MAT within 15 minutes; "
        "if no reply in 15 min send a 'the mat went to the next person' text."
    )
    assert "The mat went to the next person." in _step(flow, "Reminder")["text"]


def test_each_branch_of_a_dated_window_says_its_own_thing() -> None:
    flow, _ = _flow(
        "Craft fair weekend, Pacific time: from Sat Oct 4 9am through Sun Oct 5 6pm send the stall map and "
        "workshop times; any other time send a 'see you at the spring fair' message."
    )
    schedule = next(s for s in flow["steps"] if s["type"] == "schedule")
    by_id = {s["id"]: s for s in flow["steps"]}
    targets = {e.get("label") or e.get("name"): by_id[e["nextStepID"]] for e in schedule["events"]}
    other = targets.pop("All other time")
    assert "See you at the spring fair." in other["text"]
    inside = next(iter(targets.values()))
    assert "stall map and workshop times" in inside["text"]


def test_the_subject_appears_when_the_brief_states_no_content() -> None:
    texts = _texts(_flow("Pumpkin patch opening: customers who ordered this year, reply GO for tickets.")[0])
    assert "Pumpkin patch opening" in texts[0]


def test_a_named_variable_is_used() -> None:
    texts = _texts(
        _flow(
            "Reorder check-in for shops that haven't ordered in 45 days, signed by {{agent_name}}. Reply YES to reorder."
        )[0]
    )
    assert "{{agent_name}}" in texts[0]


def test_a_playbook_lead_is_kept_and_never_said_twice() -> None:
    texts = _texts(_flow("Replenishment nudge 30 days after purchase: ask if they're running low on tea.")[0])
    assert texts[0].lower().count("running low on tea") == 1


def test_localized_copy_carries_the_brief_s_own_line() -> None:
    texts = _texts(
        _flow(
            "Clientes que compraron en los últimos 7 días.\nMensaje 1: tus entradas ya están en la app\nResponde SI para confirmar."
        )[0]
    )
    assert "tus entradas ya estan en la app" in texts[0].lower()
    assert "Responde STOP" in texts[0]


def test_stated_copy_adds_no_warnings() -> None:
    briefs = [
        "Bike owners tagged service_due = yes: let them know their tune-up slot opens Monday.",
        "Plan\n- Msg 1: your course login is in your inbox\n- Msg 2: the first live session starts Thursday",
        "Tell customers who ordered in the last 30 days that the cafe now opens at 7. Reply MENU for the menu.",
    ]
    for text in briefs:
        _, warnings = _flow(text)
        assert not {
            "sms_too_long",
            "reply_cta_without_event",
            "discount_text_mismatch",
            "unknown_variable",
        } & set(warnings), (text, warnings)


def test_a_tight_text_keeps_its_product_list() -> None:
    texts = _texts(
        _flow(
            "Restock alert for studios that viewed the clay kit, signed by {{agent_name}}. Reply YES or CALL."
        )[0]
    )
    assert "{{Product List}}" in texts[0] and "{{agent_name}}" in texts[0]


def test_a_launch_names_its_heading_unless_it_only_says_launch() -> None:
    named = _texts(
        _flow(
            "Vinyl reissue: VIP customers (tier = vip) get early access to the launch a day before everyone else."
        )[0]
    )
    assert "vinyl reissue" in named[0].lower()
    plain = _texts(_flow("Early access launch: VIP customers (tier = vip) get the link a day early.")[0])
    assert "early access to early access" not in plain[0].lower()
