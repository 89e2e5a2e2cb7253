"""A group named only to say the audience is wider ("not just VIPs") is no audience filter."""

from __future__ import annotations

import pytest

from flowgen_core.brief import extract_brief


def _conditions(text: str) -> set[str]:
    return {c.action or c.property_name or "" for c in extract_brief(text).audience}


@pytest.mark.parametrize(
    ("brief", "absent"),
    [
        ("Workshop reminder for Saturday. Everyone on the list gets it, not just VIPs.", "customer_type"),
        (
            "Restock alert for the wool socks to all subscribers, not just people who viewed them.",
            "viewed_product",
        ),
        (
            "Tell the whole list about the pop-up, not only the customers who clicked last month.",
            "clicked_link",
        ),
        ("Open house invite to everybody, not limited to tier = gold.", "tier"),
        ("Anuncia la venta a todos, no solo a los VIP.", "customer_type"),
        ("Annonce l'atelier à tous, pas seulement aux VIP.", "customer_type"),
        ("Einladung an alle, nicht nur an VIPs.", "customer_type"),
    ],
)
def test_a_group_after_not_just_is_no_filter(brief: str, absent: str) -> None:
    assert absent not in _conditions(brief)


@pytest.mark.parametrize(
    ("brief", "present"),
    [
        ("VIP early access: 20% off for VIPs only.", "customer_type"),
        ("Text people who viewed the boots in the last 7 days.", "viewed_product"),
        ("Not a sale, just news: tell customers who clicked the launch email.", "clicked_link"),
    ],
)
def test_a_group_named_as_the_audience_stays_a_filter(brief: str, present: str) -> None:
    assert present in _conditions(brief)


def test_a_group_after_not_just_names_no_playbook_of_its_own() -> None:
    brief = extract_brief("Workshop reminder for Saturday. Everyone on the list gets it, not just VIPs.")
    assert brief.playbook != "vip_reorder"
    assert extract_brief("Boost VIP reorders this month.").playbook == "vip_reorder"


@pytest.mark.parametrize(
    "brief",
    [
        "Back in stock: the linen aprons. Text everyone on the list.",
        "Tell the whole list the cafe opens an hour early on Friday.",
        "Restock alert for the trail socks to all subscribers, not just people who viewed them.",
    ],
)
def test_a_brief_for_the_whole_list_assumes_no_playbook_audience(brief: str) -> None:
    from flowgen_core.pipeline import generate_flow
    from flowgen_core.settings import Settings

    flow = generate_flow(brief, settings=Settings(flowgen_generator="offline")).flow
    assert not [s for s in flow["steps"] if s["type"] == "segment"]
