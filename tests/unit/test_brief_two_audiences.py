"""Two audiences with different treatment, as briefs word them in four languages: an early group
and everyone else after a stated lead time, and a group left out of the audience that gets a
send of its own. The flow splits on the audience (a message on each branch) instead of filtering
one group out, and "What I understood" names both."""

from __future__ import annotations

from typing import Any

import pytest

from flowgen_core.brief import cues_of, extract_brief, understood_lines
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

SETTINGS = Settings(_env_file=None, flowgen_generator="offline")
_SECONDS = {"Seconds": 1, "Minutes": 60, "Hours": 3600, "Days": 86400}


def _branches(text: str) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The flow's segment and the steps of its include and exclude branches, in order, up to END."""
    flow = generate_flow(text, settings=SETTINGS).flow
    by_id = {s["id"]: s for s in flow["steps"]}
    segment = next(s for s in flow["steps"] if s["type"] == "segment")

    def path(label: str) -> list[dict[str, Any]]:
        event = next(e for e in segment["events"] if e["label"] == label)
        steps, step = [], by_id[event["nextStepID"]]
        while step["type"] != "end" and len(steps) < 10:
            steps.append(step)
            step = by_id[step["events"][0]["nextStepID"]]
        return steps

    return segment, path("include"), path("exclude")


EARLY_ACCESS = [
    (
        "VIPs (customer_type = vip) get the launch text 24 hours before everyone else; the rest of the "
        "list gets the normal text after that.",
        "customer_type",
        24 * 3600,
    ),
    ("Members with tier = gold get the sale text two days before everyone else. Everyone else gets it after that.",
     "tier", 2 * 86400),
    (
        "Los clientes VIP (tipo_cliente = vip) reciben el mensaje del lanzamiento 48 horas antes, el resto "
        "al día siguiente.",
        "tipo_cliente",
        48 * 3600,
    ),
    ("Acceso anticipado: los socios (nivel = oro) reciben el enlace 12 horas antes que los demás.", "nivel", 12 * 3600),
    (
        "Les clients VIP (customer_type = vip) reçoivent le lien de la nouvelle collection 24 heures avant "
        "tout le monde ; les autres reçoivent le message normal le lendemain.",
        "customer_type",
        24 * 3600,
    ),
    ("Accès anticipé : les membres (statut = or) reçoivent le lien 2 jours plus tôt, les autres ensuite.",
     "statut", 2 * 86400),
    (
        "Stammkunden (stammkunde = ja) bekommen 24 Stunden früher Zugang zur neuen Kollektion, alle anderen "
        "einen Tag später die normale Nachricht.",
        "stammkunde",
        24 * 3600,
    ),
    ("Neue Kollektion: Mitglieder (stufe = gold) bekommen den Link 48 Stunden vor allen anderen.", "stufe", 48 * 3600),
]  # fmt: skip


@pytest.mark.parametrize(("text", "prop", "seconds"), EARLY_ACCESS)
def test_early_group_then_everyone_else_after_the_lead_time(text: str, prop: str, seconds: int) -> None:
    segment, early, rest = _branches(text)
    assert [c["propertyName"] for c in segment["conditions"]] == [prop]
    assert [s["type"] for s in early] == ["message"]
    assert [s["type"] for s in rest] == ["delay", "message"]
    assert int(rest[0]["time"]) * _SECONDS[rest[0]["period"]] == seconds


@pytest.mark.parametrize(("text", "prop", "seconds"), EARLY_ACCESS)
def test_understood_names_both_audiences_and_the_wait(text: str, prop: str, seconds: int) -> None:
    lines = understood_lines(extract_brief(text))
    assert any(line.startswith("Audience:") and prop in line for line in lines)
    rest = [line for line in lines if line.startswith("Everyone else: their own send")]
    assert len(rest) == 1
    hours = seconds // 3600
    assert f"{hours} hours after" in rest[0] or f"{seconds // 86400} days after" in rest[0]


NESTED = [
    "Spring invite:\n- VIPs (customer_type = vip)\n  - get the invite 48 hours early\n"
    "- everyone else: standard invite after the VIP window",
    "Invitación de primavera:\n- Clientes VIP (customer_type = vip)\n  - reciben la invitación 48 horas antes\n"
    "- el resto: la invitación normal después",
    "Invitation de printemps :\n- Clients VIP (customer_type = vip)\n  - reçoivent l'invitation 48 heures plus tôt\n"
    "- les autres : l'invitation normale ensuite",
    "Frühlingseinladung:\n- VIP-Kunden (customer_type = vip)\n  - bekommen die Einladung 48 Stunden früher\n"
    "- alle anderen: die normale Einladung danach",
]


@pytest.mark.parametrize("text", NESTED)
def test_nested_bullets_keep_both_audiences(text: str) -> None:
    segment, early, rest = _branches(text)
    assert segment["conditions"][0]["propertyValue"] == "vip"
    assert len(segment["conditions"]) == 1  # "VIP" and "(customer_type = vip)" are one condition
    assert [s["type"] for s in early] == ["message"]
    assert [s["type"] for s in rest] == ["delay", "message"]
    assert (rest[0]["time"], rest[0]["period"]) == ("48", "Hours")


LEFT_OUT = [
    ("Everyone except members with donor = yes gets the donation ask; donors get a thank-you message instead.",
     "donor"),
    ("Send the spring donation ask to all subscribers except donors (donor = yes). Donors get a thank-you text.",
     "donor"),
    ("Envía la campaña de donación a todos los suscriptores excepto los donantes (donante = si). Los donantes "
     "reciben un mensaje de agradecimiento.", "donante"),
    ("Envoyez l'offre de 10 % à tous les clients sauf les membres (membre = oui) ; les membres reçoivent un "
     "message de remerciement.", "membre"),
    ("Schick allen Kunden außer Mitgliedern (mitglied = ja) 10 % Rabatt, Mitglieder bekommen eine Dankesnachricht.",
     "mitglied"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "prop"), LEFT_OUT)
def test_the_group_left_out_is_negated_and_gets_its_own_send(text: str, prop: str) -> None:
    brief = extract_brief(text)
    [condition] = brief.audience
    assert (condition.property_name, condition.property_operator) == (prop, "with a value not equal to")
    assert cues_of(brief).left_out_send
    assert any(
        line.startswith("Left out of the audience: their own send") for line in understood_lines(brief)
    )
    segment, included, left_out = _branches(text)
    assert segment["conditions"][0]["propertyOperator"] == "with a value not equal to"
    assert included and left_out[0]["type"] == "message"


@pytest.mark.parametrize(
    ("text", "action", "operator"),
    [
        ("Everyone except VIPs gets 10% off this weekend.", None, None),
        (
            "Text everyone except people who ordered in the last 30 days about the sale.",
            "placed_order",
            "has_not",
        ),
        ("Todos salvo los VIP reciben un 10 % de descuento.", None, None),
        ("Tout le monde sauf les VIP reçoit 10 % de remise.", None, None),
        ("Alle außer VIPs bekommen 10 % Rabatt.", None, None),
    ],
)
def test_an_exception_alone_narrows_the_audience(text: str, action: str | None, operator: str | None) -> None:
    brief = extract_brief(text)
    [condition] = brief.audience
    if action is None:
        assert (condition.property_name, condition.property_operator) == (
            "customer_type",
            "with a value not equal to",
        )
        assert brief.playbook != "vip_reorder"  # VIPs left out make no VIP campaign
    else:
        assert (condition.action, condition.operator) == (action, operator)
    assert not cues_of(brief).left_out_send  # nobody is given a send of their own


def test_one_audience_alone_still_filters() -> None:
    brief = extract_brief("VIPs get 20% off this weekend, code VIP20.")
    assert not cues_of(brief).left_out_send
    assert [c.property_operator for c in brief.audience] == ["with a value of"]
    assert not any(line.startswith(("Everyone else", "Left out")) for line in understood_lines(brief))


@pytest.mark.parametrize(
    "text",
    [
        "VIP customers get the new collection link 24 hours early, everyone else gets the standard launch "
        "message a day later.",
        "Los clientes VIP reciben el enlace de la nueva colección 24 horas antes, el resto al día siguiente.",
        "Les clients VIP reçoivent le lien 24 heures plus tôt ; les autres reçoivent le message normal le lendemain.",
        "VIP-Kunden bekommen den Link 24 Stunden früher, alle anderen einen Tag später die normale Nachricht.",
    ],
)
def test_the_rests_day_restates_the_lead_time(text: str) -> None:
    """ "24 hours early, everyone else a day later" is one wait, told from both sides."""
    brief = extract_brief(text)
    assert [(w.value, w.unit) for w in brief.waits] == [(24, "hours")]


def test_first_then_everyone_else_is_an_early_access_split() -> None:
    segment, early, rest = _branches("VIPs first, everyone else a day later.")
    assert segment["conditions"][0]["propertyValue"] == "vip"
    assert [s["type"] for s in early] == ["message"]
    assert [s["type"] for s in rest] == ["delay", "message"]
    assert (rest[0]["time"], rest[0]["period"]) == ("1", "Days")
