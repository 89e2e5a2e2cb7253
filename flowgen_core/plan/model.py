"""FlowPlan: the compact, semantic description of a flow.

A plan holds only decisions (which steps, what copy, which conditions, where each
transition leads). Ids, mirrored text fields, UI flags and defaults are the compiler's
job (compile.py). This is what an LLM fills in, so it is kept small. In Python every step
has the same fields (unused ones are None); the schema sent to a model has one variant per
step type with only that type's fields (`plan_json_schema` in flowgen_core/plan/wire_schema.py,
built from the step registry).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from flowgen_core.format.vocabulary import EventType, StepType

# The plan speaks the format's vocabulary; re-exported for callers that type plan steps.
TransitionKind = EventType

WaitUnit = Literal["seconds", "minutes", "hours", "days"]

END = "end"  # a transition to "end" goes to the flow's END step


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanWait(_Strict):
    value: int = Field(gt=0)
    unit: WaitUnit


class PlanTransition(_Strict):
    on: TransitionKind
    to: str  # key of another plan step, or "end"
    intent: str | None = None  # reply: lower-case keyword, e.g. "yes"
    after: PlanWait | None = None  # noreply: how long to wait
    label: str | None = None  # split: "include"/"exclude", "Group A", a schedule window
    action: str | None = None  # split: include/exclude, control/variant, schedule


class PlanCondition(_Strict):
    kind: Literal["event", "property"]
    operator: Literal["has", "has_not"] = "has"
    action: str | None = None  # event action, e.g. placed_order
    days: int | None = None  # within the last N days; null = all time
    property_name: str | None = None
    property_operator: str | None = None  # e.g. "with a value of"
    property_value: str | None = None


class PlanDiscount(_Strict):
    kind: Literal["none", "percentage", "amount", "code"]
    value: str | None = None  # digits
    code: str | None = None  # upper-case letters/digits


class PlanLimit(_Strict):
    occurrences: int = Field(gt=0)
    timespan: int = Field(gt=0)
    period: Literal["Minutes", "Hours", "Days"]


class PlanWindow(_Strict):
    label: str  # e.g. "Dec 1, 12:00 AM - Dec 20, 11:59 PM"
    start: str  # ISO-8601 local date-time
    end: str
    days: list[str] | None = None  # a daily window's days of the week ("mon".."sun"); None: every day


class PlanProduct(_Strict):
    variant_id: str
    quantity: int = 1
    label: str | None = None


class PlanProperty(_Strict):
    name: str  # snake_case
    value: str


class PlanStep(_Strict):
    key: str  # unique short name inside the plan, e.g. "offer", "reminder"
    type: StepType
    label: str | None = None
    text: str | None = None  # SMS copy (message, product_choice, purchase_offer, reply_cart_choice)
    discount: PlanDiscount | None = None
    conditions: list[PlanCondition] | None = None  # segment
    wait: PlanWait | None = None  # delay, no_reply
    limit: PlanLimit | None = None  # rate_limit, limit
    experiment_name: str | None = None  # experiment
    split_percentages: list[int] | None = None  # experiment, one per split transition
    timezone: str | None = None  # schedule
    windows: list[PlanWindow] | None = None  # schedule
    cart_source: Literal["manual", "latest"] | None = None  # purchase_offer, purchase
    products: list[PlanProduct] | None = None
    product_selection: Literal["manually", "automatically", "popularity", "recently_viewed"] | None = None
    message_type: Literal["standard", "personalized"] | None = None
    properties: list[PlanProperty] | None = None  # property
    intent: str | None = None  # reply step
    questions: list[str] | None = None  # quiz
    image_url: str | None = None  # message: the picture it carries (addImage/imageUrl)
    next: list[PlanTransition] = Field(default_factory=list)


class PlanReading(_Strict):
    """The model's own reading of the brief's key facts, compared with the extractor's."""

    audience: str | None = None  # who receives it, in a few words
    discount: str | None = None  # "15%", "$5", "code SAVE20", "free shipping"; null = none offered
    reply_keywords: list[str] = Field(default_factory=list)  # lower-case, as the customer texts them
    timing: str | None = None  # waits, send window, time zone, in a few words


class FlowPlan(_Strict):
    name: str
    description: str = ""
    reading: PlanReading | None = None  # what the planner understood the brief to ask (LLM only)
    start: str  # key of the first step
    steps: list[PlanStep]

    def step(self, key: str) -> PlanStep | None:
        return next((s for s in self.steps if s.key == key), None)

    def steps_by_key(self) -> dict[str, PlanStep]:
        """Each key's step (the first, like `step`), for callers that look up many keys of a
        plan they do not change meanwhile: one pass instead of a scan per lookup."""
        index: dict[str, PlanStep] = {}
        for s in self.steps:
            index.setdefault(s.key, s)
        return index
