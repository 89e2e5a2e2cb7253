"""decompile∘compile round-trips for every step type (hypothesis, bounded).

A plan step of each type, with random values for the plan fields its kind declares,
compiles to a flow; reading that flow back and compiling it again with the same ids gives
the same flow, and reading it again gives the same plan. So the compiler and the reader of
each kind agree on every field the kind owns.
"""

from __future__ import annotations

import string
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowgen_core.check import validate_flow
from flowgen_core.plan.compile import EVENT_FILTERS, compile_plan_with_ids
from flowgen_core.plan.decompile import decompile
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
from flowgen_core.steps import STEP_KINDS, kind_of

_WORDS = st.text(alphabet=string.ascii_letters + string.digits + " ", min_size=1, max_size=30).filter(
    str.strip
)
_KEYWORD = st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8)
_DISCOUNT = st.one_of(
    st.none(),
    st.builds(PlanDiscount, kind=st.just("percentage"), value=st.integers(1, 100).map(str)),
    st.builds(PlanDiscount, kind=st.just("amount"), value=st.integers(1, 500).map(str)),
    st.builds(
        PlanDiscount, kind=st.just("code"), code=st.text(alphabet="ABCDEF0123", min_size=3, max_size=8)
    ),
)
_EVENT_CONDITION = st.builds(
    PlanCondition,
    kind=st.just("event"),
    operator=st.sampled_from(["has", "has_not"]),
    action=st.sampled_from(sorted(EVENT_FILTERS)),
    days=st.one_of(st.none(), st.integers(1, 365)),
)
_PROPERTY_CONDITION = st.builds(
    PlanCondition,
    kind=st.just("property"),
    operator=st.sampled_from(["has", "has_not"]),
    # names the compiler keeps as written (it describes the condition in the plan's words)
    property_name=st.from_regex(r"[a-z][a-z_]{0,10}[a-z]", fullmatch=True),
    property_operator=st.sampled_from(["with a value of", "with a value containing"]),
    property_value=_KEYWORD,
)
_START = datetime(2026, 12, 1, 9, 0)
_WINDOW = st.integers(0, 60).map(
    lambda day: PlanWindow(
        label=f"Window {day}",
        start=(_START + timedelta(days=day)).isoformat(),
        end=(_START + timedelta(days=day, hours=8)).isoformat(),
    )
)
_VARIANT = st.text(alphabet=string.digits, min_size=1, max_size=8)

# A strategy per plan field a kind may declare (the names of PlanStep's fields).
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "text": _WORDS,
    "discount": _DISCOUNT,
    "image_url": st.one_of(st.none(), st.sampled_from(["https://img.test/a.jpg", "https://img.test/b.png"])),
    "conditions": st.lists(st.one_of(_EVENT_CONDITION, _PROPERTY_CONDITION), min_size=1, max_size=3),
    "wait": st.builds(PlanWait, value=st.integers(1, 90), unit=st.sampled_from(["minutes", "hours", "days"])),
    "limit": st.builds(
        PlanLimit,
        occurrences=st.integers(1, 5),
        timespan=st.integers(1, 30),
        period=st.sampled_from(["Minutes", "Hours", "Days"]),
    ),
    "experiment_name": _WORDS,
    "split_percentages": st.none(),  # drawn with the transitions (one per group)
    "timezone": st.sampled_from(["UTC", "America/New_York", "Europe/Berlin"]),
    "windows": st.lists(_WINDOW, min_size=1, max_size=3, unique_by=lambda w: w.label),
    "cart_source": st.sampled_from(["manual", "latest"]),
    "products": st.one_of(
        st.none(),
        st.lists(
            st.builds(PlanProduct, variant_id=_VARIANT, quantity=st.integers(1, 3)), min_size=1, max_size=3
        ),
    ),
    "product_selection": st.sampled_from(["manually", "automatically", "popularity", "recently_viewed"]),
    "message_type": st.one_of(st.none(), st.sampled_from(["standard", "personalized"])),
    "properties": st.lists(
        st.builds(
            PlanProperty,
            name=st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=10),
            value=_KEYWORD,
        ),
        min_size=1,
        max_size=3,
        unique_by=lambda p: p.name,
    ),
    "intent": _KEYWORD,
    "questions": st.lists(_WORDS, min_size=1, max_size=3),
}


@st.composite
def plans(draw: st.DrawFn, type_name: str) -> FlowPlan:
    kind = STEP_KINDS[type_name]
    fields = {field.rstrip("!"): draw(FIELD_VALUES[field.rstrip("!")]) for field in kind.plan_fields}
    groups = draw(st.integers(2, 4))
    if type_name == "experiment":
        # the only kind whose plan field depends on its transitions
        fields["split_percentages"] = draw(st.one_of(st.none(), st.just([100 // groups] * (groups - 1))))
        if fields["split_percentages"] is not None:
            fields["split_percentages"].append(100 - sum(fields["split_percentages"]))
    after = PlanStep(key="after", type="message", text="Thanks from {{brand_name}}", next=[])
    step = PlanStep(
        key="first",
        type=type_name,  # type: ignore[arg-type]  # a registered name is a StepType
        # Every END collapses into the plan's one "end" target, so an end step's label is not kept.
        label=None if kind.terminal else draw(st.one_of(st.none(), _WORDS)),
        next=[] if kind.terminal else [PlanTransition(on="default", to="after")],
        **fields,
    )
    if type_name == "experiment":
        step = step.model_copy(update={"next": [PlanTransition(on="split", to="after")] * groups})
    if type_name == "schedule":
        windows = step.windows or []
        step = step.model_copy(update={"next": [PlanTransition(on="split", to="after") for _ in windows]})
    if kind.terminal:
        # An END is reached from another step (a flow of only an END has nothing to plan).
        before = PlanStep(
            key="before", type="message", text="Hi", next=[PlanTransition(on="default", to="first")]
        )
        return FlowPlan(name="Round trip", start="before", steps=[before, step])
    return FlowPlan(name="Round trip", start="first", steps=[step, after])


_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("type_name", list(STEP_KINDS))
def test_decompile_compile_round_trips(type_name: str) -> None:
    @_SETTINGS
    @given(plans(type_name))
    def check(plan: FlowPlan) -> None:
        flow, _ = compile_plan_with_ids(plan)
        read, id_map = decompile(flow)
        again, _ = compile_plan_with_ids(read, id_map=id_map)
        assert again == flow
        assert decompile(again)[0] == read
        compiled_first = next(s for s in flow["steps"] if s["id"].startswith("first"))
        assert kind_of(compiled_first).name == type_name

    check()


@pytest.mark.parametrize("type_name", [name for name, kind in STEP_KINDS.items() if kind.planned])
def test_planned_kinds_compile_to_valid_flows(type_name: str) -> None:
    @_SETTINGS
    @given(plans(type_name))
    def check(plan: FlowPlan) -> None:
        flow, _ = compile_plan_with_ids(plan)
        report = validate_flow(flow)
        assert report.valid, [e.message for e in report.errors]

    check()
