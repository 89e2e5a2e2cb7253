"""compile_plan: structurally sound plans always compile to flows without validation errors."""

from __future__ import annotations

import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowgen_core.check import validate_flow
from flowgen_core.format.vocabulary import STEP_TYPE_NAMES
from flowgen_core.plan.compile import EVENT_FILTERS, PlanError, compile_plan, compile_plan_with_ids
from flowgen_core.plan.model import (
    FlowPlan,
    PlanCondition,
    PlanDiscount,
    PlanLimit,
    PlanProduct,
    PlanProperty,
    PlanStep,
    PlanTransition,
    PlanWait,
    PlanWindow,
)
from flowgen_core.planners.offline.playbooks import PLAYBOOKS


def _errors(flow: dict[str, Any]) -> list[str]:
    return [f"{f.code} {f.step_id}: {f.message}" for f in validate_flow(flow).errors]


def _simple_plan() -> FlowPlan:
    return FlowPlan(
        name="Win-back",
        start="audience",
        steps=[
            PlanStep(
                key="audience",
                type="segment",
                conditions=[PlanCondition(kind="event", action="placed_order", operator="has_not", days=90)],
                next=[PlanTransition(on="split", to="offer", label="include")],
            ),
            PlanStep(
                key="offer",
                type="message",
                text="{{brand_name}}: Hi {{first_name}}, 15% off. Reply YES to buy. Reply STOP to opt out.",
                discount=PlanDiscount(kind="percentage", value="15"),
                next=[
                    PlanTransition(on="reply", intent="YES", to="buy"),
                    PlanTransition(on="noreply", to="end", after=PlanWait(value=2, unit="days")),
                ],
            ),
            PlanStep(key="buy", type="purchase", cart_source="latest"),
        ],
    )


def test_compiles_root_ids_mirrors_and_end() -> None:
    flow = compile_plan(_simple_plan(), description="win them back", metadata={"generator": "test"})
    assert set(flow) == {"name", "description", "initialStepID", "steps", "metadata"}
    assert flow["description"] == "win them back" and flow["metadata"] == {"generator": "test"}
    ids = [s["id"] for s in flow["steps"]]
    assert ids == ["audience-001", "offer-002", "buy-003", "end-004"]
    assert flow["initialStepID"] == "audience-001"
    offer = flow["steps"][1]
    assert offer["content"] == offer["text"] == offer["messageText"]
    assert offer["discountType"] == "percentage" and offer["discountValue"] == "15"
    assert offer["aiGenerated"] is True and offer["handled"] is False and offer["addImage"] is False
    reply = offer["events"][0]
    assert reply["intent"] == "yes" and reply["id"].startswith("evt-")
    segment = flow["steps"][0]
    assert segment["conditions"][0] | {} == segment["conditions"][0]
    cond = segment["conditions"][0]
    assert (
        cond["id"] == 1 and cond["filter"] == "all orders" and cond["timePeriod"] == "within the last 90 Days"
    )
    assert [e["action"] for e in segment["events"]] == ["include", "exclude"]
    end = flow["steps"][-1]
    assert end["type"] == "end" and end["label"] == "End" and end["events"] == []
    for step in flow["steps"]:
        assert step["active"] is True and step["parameters"] == {}
    assert _errors(flow) == []


def test_id_map_keeps_ids_and_avoids_collisions() -> None:
    plan = _simple_plan()
    _, first_ids = compile_plan_with_ids(plan)
    flow, ids = compile_plan_with_ids(plan, id_map={"offer": "kept-offer", "buy": "offer-002"})
    assert ids["offer"] == "kept-offer" and ids["buy"] == "offer-002"
    assert len({s["id"] for s in flow["steps"]}) == len(flow["steps"])
    assert set(first_ids) == set(ids)
    assert _errors(flow) == []


def test_unknown_target_raises_plan_error_naming_the_key() -> None:
    plan = _simple_plan()
    plan.steps[2].next = [PlanTransition(on="default", to="nowhere")]
    with pytest.raises(PlanError, match="nowhere"):
        compile_plan(plan)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda p: setattr(p, "start", "missing"),
        lambda p: p.steps.append(PlanStep(key="offer", type="delay")),
        lambda p: setattr(p.steps[2], "next", [PlanTransition(on="default", to="buy")]),
        lambda p: setattr(p.steps[0], "conditions", []),
        lambda p: setattr(
            p.steps[0], "conditions", [PlanCondition(kind="event", action="teleported", operator="has")]
        ),
        lambda p: p.steps[1].next.append(PlanTransition(on="reply", intent="yes", to="end")),
    ],
)
def test_unsound_plans_raise_plan_error(mutate: Any) -> None:
    plan = _simple_plan()
    mutate(plan)
    with pytest.raises(PlanError):
        compile_plan(plan)


def test_loop_without_wait_is_refused_but_loop_through_noreply_is_fine() -> None:
    loop = FlowPlan(
        name="loop",
        start="a",
        steps=[
            PlanStep(
                key="a",
                type="message",
                text="Hi. Reply YES.",
                next=[PlanTransition(on="reply", intent="yes", to="b")],
            ),
            PlanStep(
                key="b",
                type="property",
                properties=[PlanProperty(name="x", value="1")],
                next=[PlanTransition(on="default", to="a")],
            ),
        ],
    )
    with pytest.raises(PlanError, match="loop"):
        compile_plan(loop)
    loop.steps[0].next.append(PlanTransition(on="noreply", to="end"))
    loop.steps[1].next = [PlanTransition(on="default", to="c")]
    loop.steps.append(
        PlanStep(
            key="c",
            type="delay",
            wait=PlanWait(value=1, unit="days"),
            next=[PlanTransition(on="default", to="a")],
        )
    )
    assert _errors(compile_plan(loop)) == []


def test_defaults_fill_what_the_plan_leaves_null() -> None:
    plan = FlowPlan(
        name="defaults",
        start="exp",
        steps=[
            PlanStep(
                key="exp",
                type="experiment",
                next=[PlanTransition(on="split", to="a"), PlanTransition(on="split", to="b")],
                split_percentages=[70, 20],
            ),
            PlanStep(key="a", type="purchase_offer", text="Cart {{Cart List}}. Reply YES to buy."),
            PlanStep(key="b", type="product_choice", text="Picks {{Product List}}. Reply BUY to buy."),
        ],
    )
    flow = compile_plan(plan)
    assert _errors(flow) == []
    exp = flow["steps"][0]
    assert exp["version"] == "1" and exp["experimentName"]
    assert sum(s["percentage"] for s in exp["experimentConfig"]["splits"]) == 100
    assert [e["label"] for e in exp["events"]] == ["Group A", "Group B"]
    assert [e["action"] for e in exp["events"]] == ["control", "variant"]
    offer = next(s for s in flow["steps"] if s["type"] == "purchase_offer")
    assert offer["cartSource"] == "latest" and offer["events"][0]["intent"] == "yes"
    choice = next(s for s in flow["steps"] if s["type"] == "product_choice")
    assert choice["productSelection"] == "popularity" and choice["events"][0]["intent"] == "buy"


# ----------------------------------------------------------------------------- property test

GSM_TEXT = st.text(alphabet=string.ascii_letters + string.digits + " .,!?'-:", min_size=1, max_size=120)
WAIT = st.builds(
    PlanWait, value=st.integers(1, 90), unit=st.sampled_from(["seconds", "minutes", "hours", "days"])
)
CONDITION = st.one_of(
    st.builds(
        PlanCondition,
        kind=st.just("event"),
        operator=st.sampled_from(["has", "has_not"]),
        action=st.sampled_from(sorted(EVENT_FILTERS)),
        days=st.one_of(st.none(), st.integers(1, 365)),
    ),
    st.builds(
        PlanCondition,
        kind=st.just("property"),
        operator=st.sampled_from(["has", "has_not"]),
        property_name=st.from_regex(r"[a-z][a-z_]{0,15}", fullmatch=True),
        property_operator=st.sampled_from(["with a value of", "that exists", "does not exist", "odd", None]),
        property_value=st.one_of(st.none(), st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True)),
    ),
)
DISCOUNT = st.one_of(
    st.none(),
    st.builds(PlanDiscount, kind=st.just("percentage"), value=st.integers(1, 100).map(str), code=st.none()),
    st.builds(PlanDiscount, kind=st.just("amount"), value=st.integers(1, 500).map(str)),
    st.builds(
        PlanDiscount, kind=st.just("code"), code=st.from_regex(r"[A-Z]{2,6}[0-9]{0,3}", fullmatch=True)
    ),
)


@st.composite
def plans(draw: st.DrawFn) -> FlowPlan:
    """Random well-formed plans: transitions only point forward (or to end), except noreply
    and delay edges, which may point back since they wait."""
    count = draw(st.integers(1, 9))
    keys = [f"s{i}" for i in range(count)]
    steps: list[PlanStep] = []
    for index, key in enumerate(keys):
        type_ = draw(st.sampled_from(STEP_TYPE_NAMES))
        later = [*keys[index + 1 :], "end"]
        forward = st.sampled_from(later)
        anywhere = st.sampled_from([k for k in [*keys, "end"] if k != key])
        fields: dict[str, Any] = {"key": key, "type": type_}
        nxt: list[PlanTransition] = []
        if type_ in ("message", "product_choice", "purchase_offer", "reply_cart_choice"):
            fields["text"] = draw(st.one_of(st.none(), GSM_TEXT))
            fields["discount"] = draw(DISCOUNT)
            if draw(st.booleans()):
                nxt.append(PlanTransition(on="default", to=draw(forward)))
            else:
                intents = draw(
                    st.lists(
                        st.sampled_from(["yes", "buy", "shop", "1", "2", "refill"]), unique=True, max_size=3
                    )
                )
                nxt += [PlanTransition(on="reply", intent=i, to=draw(forward)) for i in intents]
                if draw(st.booleans()):
                    nxt.append(PlanTransition(on="noreply", to=draw(anywhere), after=draw(WAIT)))
            if type_ in ("purchase_offer",):
                fields["products"] = draw(
                    st.lists(
                        st.builds(
                            PlanProduct,
                            variant_id=st.from_regex(r"[0-9]{1,6}", fullmatch=True),
                            quantity=st.integers(1, 5),
                        ),
                        max_size=2,
                    )
                )
                fields["cart_source"] = draw(st.sampled_from([None, "manual", "latest"]))
        elif type_ == "segment":
            fields["conditions"] = draw(st.lists(CONDITION, min_size=1, max_size=3))
            nxt = [
                PlanTransition(on="split", to=draw(forward), label=lab)
                for lab in draw(
                    st.sampled_from([[], ["include"], ["include", "exclude"], ["exclude", "include"]])
                )
            ]
        elif type_ == "experiment":
            nxt = [PlanTransition(on="split", to=draw(forward)) for _ in range(draw(st.integers(2, 4)))]
            fields["split_percentages"] = draw(
                st.one_of(st.none(), st.lists(st.integers(0, 100), max_size=4))
            )
        elif type_ == "schedule":
            windows = [
                PlanWindow(
                    label=f"Dec {d}, 10:00 AM - Dec {d + 1}, 10:00 AM",
                    start=f"2026-12-{d:02d}T10:00:00",
                    end=f"2026-12-{d + 1:02d}T10:00:00",
                )
                for d in draw(st.lists(st.integers(1, 20), unique=True, min_size=1, max_size=2))
            ]
            fields["windows"] = windows
            fields["timezone"] = draw(st.sampled_from([None, "America/Los_Angeles"]))
            nxt = [PlanTransition(on="split", to=draw(forward), label=w.label) for w in windows]
            if draw(st.booleans()):
                nxt.append(PlanTransition(on="split", to=draw(forward), label="All other time"))
        elif type_ == "end":
            pass
        else:
            waits = type_ in ("delay", "no_reply")
            if draw(st.booleans()):
                nxt = [PlanTransition(on="default", to=draw(anywhere if waits else forward))]
            if waits:
                fields["wait"] = draw(st.one_of(st.none(), WAIT))
            if type_ in ("rate_limit", "limit"):
                fields["limit"] = draw(
                    st.one_of(
                        st.none(),
                        st.builds(
                            PlanLimit,
                            occurrences=st.integers(1, 10),
                            timespan=st.integers(1, 30),
                            period=st.sampled_from(["Minutes", "Hours", "Days"]),
                        ),
                    )
                )
            if type_ == "property":
                fields["properties"] = [
                    PlanProperty(name="score", value=draw(st.from_regex(r"[a-z0-9]{0,5}", fullmatch=True)))
                ]
            if type_ == "reply":
                fields["intent"] = draw(st.sampled_from([None, "yes", "Stop"]))
            if type_ == "purchase":
                fields["cart_source"] = draw(st.sampled_from([None, "latest", "manual"]))
        fields["next"] = nxt
        steps.append(PlanStep(**fields))
    return FlowPlan(name=draw(st.sampled_from(["", "Plan"])), start="s0", steps=steps)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_every_sound_plan_compiles_without_validation_errors(plan: FlowPlan) -> None:
    try:
        flow = compile_plan(plan)
    except PlanError as exc:
        # Backward edges are only drawn from waits, so no plan here should be refused.
        pytest.fail(f"sound plan refused: {exc}")
    assert _errors(flow) == []


@pytest.mark.parametrize("name", sorted(PLAYBOOKS))
def test_every_playbook_compiles_cleanly(name: str) -> None:
    from flowgen_core.brief import CampaignBrief
    from flowgen_core.planners.offline.composer import OfflineGenerator

    brief = CampaignBrief(text=f"A {name.replace('_', ' ')} campaign", playbook=name)
    flow = compile_plan(OfflineGenerator().plan(brief))
    assert _errors(flow) == []
