"""FlowSpec: the brief's facts plus every accepted refinement's change."""

from __future__ import annotations

from flowgen_core.brief import extract_brief
from flowgen_core.spec import FlowSpec, apply_instruction, describe_changes
from tests.fakes.briefs import WINBACK


def _winback() -> FlowSpec:
    return FlowSpec.from_brief(extract_brief(WINBACK))


def test_a_new_spec_has_the_brief_facts_and_no_changes() -> None:
    spec = _winback()
    assert spec.changes == []
    assert spec.lines()["Offer"] == "15% off"


def test_an_instruction_changes_the_fact_and_says_so() -> None:
    spec, changed = apply_instruction(_winback(), "make the discount 20%")
    assert changed == ["Offer: 15% off → 20% off"]
    assert spec.changes == changed
    assert [(d.kind, d.value) for d in spec.facts.discounts] == [("percentage", "20")]


def test_a_second_instruction_keeps_the_first_change() -> None:
    first, _ = apply_instruction(_winback(), "make the discount 20%")
    second, changed = apply_instruction(first, "shorten the first message")
    assert [(d.kind, d.value) for d in second.facts.discounts] == [("percentage", "20")]
    assert changed == ['As asked: "shorten the first message"']
    assert second.changes == ["Offer: 15% off → 20% off", 'As asked: "shorten the first message"']


def test_applying_does_not_change_the_spec_it_was_given() -> None:
    spec = _winback()
    apply_instruction(spec, "make the discount 20%")
    assert spec.lines()["Offer"] == "15% off" and spec.changes == []


def test_removals_and_additions_are_described() -> None:
    removed, changed = apply_instruction(_winback(), "remove the discount")
    assert changed == ["Offer: removed 15% off"] and not removed.facts.discounts
    assert describe_changes(removed.facts, _winback().facts) == ["Offer: added 15% off"]


def test_a_long_instruction_is_clipped_in_the_change_list() -> None:
    _, changed = apply_instruction(_winback(), "shorten the first message " + "please " * 40)
    assert len(changed[0]) < 140 and changed[0].endswith('…"')


def test_the_spec_round_trips_through_json() -> None:
    spec, _ = apply_instruction(_winback(), "make the discount 20%")
    # (the facts' source records are not serialized: they are located again on demand)
    assert FlowSpec.model_validate_json(spec.model_dump_json()).model_dump() == spec.model_dump()
