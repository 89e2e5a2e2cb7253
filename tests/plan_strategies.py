"""Hypothesis strategies for FlowPlan (flowgen_core/plan/model.py).

The plans are drawn from the model's own fields, with the loose values a planner (a
model or the rule composer) may write: labels with stray spaces or none, intents in
capitals, lower-case discount codes, spaced template variables. Transitions point
forward, or back only from a wait, so that most drawn plans are sound; the tests skip
the ones the compiler refuses with PlanError.
"""

from __future__ import annotations

from typing import Any, get_args

from hypothesis import strategies as st

from flowgen_core.format.vocabulary import OFFER_TYPES, STEP_TYPE_NAMES, WAIT_STEP_TYPES
from flowgen_core.plan.compile import EVENT_FILTERS
from flowgen_core.plan.model import (
    END,
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
    WaitUnit,
)

_LOOSE_LABELS = st.one_of(
    st.none(),
    st.sampled_from(["", "  ", "Welcome", " VIP offer ", "Group A", "include", "All other time"]),
)
_WORDS = st.sampled_from(
    [
        "Acme",
        "new",
        "arrivals",
        "are",
        "here",
        "Reply",
        "YES",
        "to",
        "shop",
        "save",
        "15%",
        "off",
        "today",
        "!",
    ]
)
# Canonical names only: the compiler passes copy through untouched (it may be quoted
# verbatim from the brief), and the dotted dialect is autofix's to resolve.
_VARIABLES = st.sampled_from(
    ["{{first_name}}", "{{brand_name}}", "{{store_url}}", "{{Discount Label}}", "{{agent_name}}"]
)
TEXTS = st.one_of(
    st.none(),
    st.just(""),
    st.just("   "),
    st.lists(st.one_of(_WORDS, _VARIABLES), min_size=1, max_size=12).map(" ".join),
)
INTENTS = st.sampled_from(["yes", "YES", " Buy ", "stop", "1", "refill", "shop now", "Save"])
WAITS = st.builds(PlanWait, value=st.integers(1, 90), unit=st.sampled_from(get_args(WaitUnit)))
DISCOUNTS = st.one_of(
    st.none(),
    st.builds(PlanDiscount, kind=st.just("none")),
    st.builds(
        PlanDiscount,
        kind=st.sampled_from(["percentage", "amount"]),
        value=st.sampled_from(["10", "15", "5", "100", "20%", "$5", None]),
    ),
    st.builds(PlanDiscount, kind=st.just("code"), code=st.sampled_from(["save15", "VIP20", "welcome", None])),
)
LIMITS = st.one_of(
    st.none(),
    st.builds(
        PlanLimit,
        occurrences=st.integers(1, 12),
        timespan=st.integers(1, 365),
        period=st.sampled_from(["Minutes", "Hours", "Days"]),
    ),
)
CONDITIONS = st.one_of(
    st.builds(
        PlanCondition,
        kind=st.just("event"),
        operator=st.sampled_from(["has", "has_not"]),
        action=st.sampled_from([*EVENT_FILTERS, "ordered", "Clicked", "add_to_cart"]),
        days=st.one_of(st.none(), st.integers(0, 365)),
    ),
    st.builds(
        PlanCondition,
        kind=st.just("property"),
        operator=st.sampled_from(["has", "has_not"]),
        property_name=st.sampled_from(["customer_type", "VIP tier", "score"]),
        property_operator=st.sampled_from(
            [None, "with a value of", "That Exists", "does not exist", "equals"]
        ),
        property_value=st.sampled_from([None, "", "vip", " gold "]),
    ),
)
PRODUCTS = st.lists(
    st.builds(
        PlanProduct,
        variant_id=st.from_regex(r"[0-9]{1,6}", fullmatch=True),
        quantity=st.integers(1, 5),
        label=st.one_of(st.none(), st.just("Refill pack")),
    ),
    max_size=2,
)


@st.composite
def _windows(draw: st.DrawFn) -> list[PlanWindow]:
    days = draw(st.lists(st.integers(1, 20), unique=True, min_size=1, max_size=3))
    return [
        PlanWindow(
            label=draw(st.sampled_from([f"Dec {d}, 10:00 AM - Dec {d + 1}, 10:00 AM", "", " Launch week "])),
            start=f"2026-12-{d:02d}T10:00:00",
            end=f"2026-12-{d + 1:02d}T10:00:00",
        )
        for d in days
    ]


def _transitions(
    draw: st.DrawFn, step_type: str, forward: st.SearchStrategy[str], anywhere: st.SearchStrategy[str]
) -> list[PlanTransition]:
    waits = step_type in WAIT_STEP_TYPES
    if step_type == "end":
        return []
    if step_type in ("message", "quiz", *OFFER_TYPES):
        if draw(st.booleans()):
            return [PlanTransition(on="default", to=draw(forward))] if draw(st.booleans()) else []
        intents = draw(st.lists(INTENTS, unique_by=lambda i: i.strip().lower(), max_size=3))
        out = [PlanTransition(on="reply", intent=i, to=draw(forward)) for i in intents]
        if draw(st.booleans()):
            out.append(
                PlanTransition(on="noreply", to=draw(anywhere), after=draw(st.one_of(st.none(), WAITS)))
            )
        return out
    if step_type in ("segment", "experiment", "schedule"):
        count = draw(st.integers(0 if step_type == "segment" else 2, 2 if step_type == "segment" else 4))
        return [
            PlanTransition(
                on="split",
                to=draw(forward),
                label=draw(_LOOSE_LABELS),
                action=draw(st.sampled_from([None, "include", "Exclude", "control", "schedule"])),
            )
            for _ in range(count)
        ]
    return (
        [PlanTransition(on="default", to=draw(anywhere if waits else forward))] if draw(st.booleans()) else []
    )


def _fields(draw: st.DrawFn, step_type: str) -> dict[str, Any]:
    fields: dict[str, Any] = {"label": draw(_LOOSE_LABELS)}
    if step_type in ("message", *OFFER_TYPES):
        fields |= {"text": draw(TEXTS), "discount": draw(DISCOUNTS)}
        fields["message_type"] = draw(st.sampled_from([None, "standard", "personalized"]))
    if step_type in ("purchase_offer", "purchase", "reply_cart_choice"):
        fields |= {"products": draw(st.one_of(st.none(), PRODUCTS))}
        fields["cart_source"] = draw(st.sampled_from([None, "manual", "latest"]))
    if step_type == "product_choice":
        fields |= {"products": draw(st.one_of(st.none(), PRODUCTS))}
        fields["product_selection"] = draw(
            st.sampled_from([None, "manually", "automatically", "popularity", "recently_viewed"])
        )
    extra: dict[str, Any] = {
        "segment": lambda: {"conditions": draw(st.lists(CONDITIONS, min_size=1, max_size=3))},
        "delay": lambda: {"wait": draw(st.one_of(st.none(), WAITS))},
        "no_reply": lambda: {"wait": draw(st.one_of(st.none(), WAITS))},
        "rate_limit": lambda: {"limit": draw(LIMITS)},
        "limit": lambda: {"limit": draw(LIMITS)},
        "experiment": lambda: {
            "experiment_name": draw(st.sampled_from([None, "", "Welcome test", " Spring A/B "])),
            "split_percentages": draw(st.one_of(st.none(), st.lists(st.integers(0, 100), max_size=4))),
        },
        "schedule": lambda: {
            "windows": draw(_windows()),
            "timezone": draw(st.sampled_from([None, "America/Los_Angeles"])),
        },
        "property": lambda: {
            "properties": [
                PlanProperty(
                    name=draw(st.sampled_from(["score", "vip"])),
                    value=draw(st.sampled_from(["", "1", "gold"])),
                )
            ]
        },
        "reply": lambda: {"intent": draw(st.one_of(st.none(), INTENTS))},
        "quiz": lambda: {
            "questions": draw(
                st.one_of(st.none(), st.lists(st.sampled_from(["Size?", "Colour?"]), max_size=2))
            )
        },
    }
    if step_type in extra:
        fields |= extra[step_type]()
    return fields


@st.composite
def plans(
    draw: st.DrawFn,
    max_steps: int = 7,
    first: str | None = None,
    types: tuple[str, ...] = STEP_TYPE_NAMES,
) -> FlowPlan:
    """A FlowPlan of up to `max_steps` steps starting at `s0`: of type `first` when given,
    the others drawn from `types`."""
    rest = draw(st.lists(st.sampled_from(types), min_size=0 if first else 1, max_size=max_steps - 1))
    types = (first, *rest) if first else tuple(rest)
    keys = [f"s{i}" for i in range(len(types))]
    steps = []
    for index, (key, step_type) in enumerate(zip(keys, types, strict=True)):
        forward = st.sampled_from([*keys[index + 1 :], END])
        anywhere = st.sampled_from([k for k in [*keys, END] if k != key])
        fields = _fields(draw, step_type)
        fields["next"] = _transitions(draw, step_type, forward, anywhere)
        steps.append(PlanStep(key=key, type=step_type, **fields))  # type: ignore[arg-type]
    return FlowPlan(
        name=draw(st.sampled_from(["", "Plan", " Spring sale "])),
        description=draw(st.sampled_from(["", "A plan"])),
        start="s0",
        steps=steps,
    )
