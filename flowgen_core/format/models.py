"""Pydantic models of the FlowBuilder flow format (see docs/flowbuilder.md).

The models describe *structure*: field types, enums, required fields and simple patterns.
Cross-field rules (a percentage between 1 and 100, an image URL when `addImage` is on,
products for a manual cart, event shapes per step type) live in the validator, which
reports them with their own finding codes. That keeps the models and the exported JSON
Schema (generated from these classes) in exact agreement.

Every model accepts unknown fields: both public revisions of the format carry UI flags and
extra mirrors that importers ignore. Models are strict (no "6" -> 6 coercion) because the
JSON Schema is strict too.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# EVENT_TYPES and STEP_TYPES are re-exported: callers have long imported them from here.
from flowgen_core.format.vocabulary import EVENT_TYPES as EVENT_TYPES
from flowgen_core.format.vocabulary import STEP_TYPES as STEP_TYPES
from flowgen_core.format.vocabulary import PropertyOperator, SegmentAction

Digits = Annotated[str, Field(pattern=r"^[0-9]+$")]
PositiveDigits = Annotated[str, Field(pattern=r"^0*[1-9][0-9]*$")]
# Intents are short lower-case keywords ("yes", "buy", "not_now"), never copy.
Intent = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9ß-öø-ÿ][a-z0-9ß-öø-ÿ_ \-]*$")]
WaitUnit = Literal["seconds", "minutes", "hours", "days"]
DelayPeriod = Literal["Seconds", "Minutes", "Hours", "Days"]
LimitPeriod = Literal["Minutes", "Hours", "Days"]
MessageType = Literal["standard", "personalized"]
CartSource = Literal["manual", "latest"]
NonEmptyStr = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


# ----------------------------------------------------------------------------- events
class WaitAfter(_Model):
    value: int = Field(gt=0)
    unit: WaitUnit


class _EventBase(_Model):
    id: NonEmptyStr
    nextStepID: NonEmptyStr
    active: bool = True
    parameters: dict[str, Any] = Field(default_factory=dict)


class DefaultEvent(_EventBase):
    type: Literal["default"]


class ReplyEvent(_EventBase):
    type: Literal["reply"]
    intent: Intent
    description: str = ""


class NoReplyEvent(_EventBase):
    type: Literal["noreply"]
    after: WaitAfter


class SplitEvent(_EventBase):
    type: Literal["split"]
    label: NonEmptyStr
    action: NonEmptyStr


Event = Annotated[DefaultEvent | ReplyEvent | NoReplyEvent | SplitEvent, Field(discriminator="type")]


# ------------------------------------------------------------------- segment conditions


class _ConditionBase(_Model):
    id: int = Field(ge=1)
    operator: Literal["has", "has_not"]


class EventCondition(_ConditionBase):
    type: Literal["event"]
    action: SegmentAction
    filter: str = ""
    timePeriod: str = "all time"
    timePeriodType: Literal["relative", "absolute"] = "relative"
    customTimeValue: Digits | None = None
    customTimeUnit: Literal["Minutes", "Hours", "Days"] | None = None
    filterData: Any = None


class PropertyCondition(_ConditionBase):
    type: Literal["property"]
    propertyName: NonEmptyStr
    propertyOperator: PropertyOperator
    propertyValue: str | int | float | bool | None = ""


class RefillCondition(_ConditionBase):
    type: Literal["refill"]


Condition = Annotated[EventCondition | PropertyCondition | RefillCondition, Field(discriminator="type")]


# ------------------------------------------------------------------------- products
class ChoiceProduct(_Model):
    """A product offered in product_choice / a cart item in reply_cart_choice."""

    id: str | int
    label: str = ""
    showLabel: bool = True
    uniqueId: str = ""


class CartProduct(_Model):
    """A cart line of purchase_offer / purchase."""

    productVariantId: NonEmptyStr
    quantity: PositiveDigits = "1"
    uniqueId: str = ""


class PropertyItem(_Model):
    id: str | int
    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    value: str | int | float | bool


class QuizQuestion(_Model):
    id: str | int
    question: NonEmptyStr
    type: Literal["single", "multiple", "text"]
    options: list[str] = Field(default_factory=list)


# ---------------------------------------------------------------------------- steps
class _StepBase(_Model):
    id: NonEmptyStr
    label: str = ""
    content: str = ""
    active: bool = True
    parameters: dict[str, Any] = Field(default_factory=dict)
    events: list[Event] = Field(default_factory=list)


class MessageStep(_StepBase):
    type: Literal["message"]
    text: str = ""
    messageText: str = ""
    addImage: bool = False
    imageUrl: str = ""
    sendContactCard: bool = False
    discountType: Literal["none", "percentage", "amount", "code"] = "none"
    discountValue: Annotated[str, Field(pattern=r"^([0-9]+(\.[0-9]{1,2})?)?$")] = ""
    discountCode: Annotated[str, Field(pattern=r"^[A-Z0-9]*$")] = ""
    discountEmail: str = ""
    discountExpiry: Annotated[
        str, Field(pattern=r"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})?$")
    ] = ""
    handled: bool = False
    aiGenerated: bool = True


class SegmentStep(_StepBase):
    type: Literal["segment"]
    # Not nullable, yet absent by default: either field may be missing, never null.
    conditions: Annotated[list[Condition], Field(min_length=1)] = None  # type: ignore[assignment]
    # Older revision: {operator: AND|OR, segments: [{customerAction: {event: ...}}]}. Read only.
    segmentDefinition: dict[str, Any] = None  # type: ignore[assignment]

    model_config = ConfigDict(
        json_schema_extra={"anyOf": [{"required": ["conditions"]}, {"required": ["segmentDefinition"]}]}
    )

    @model_validator(mode="after")
    def _needs_conditions(self) -> SegmentStep:
        if not {"conditions", "segmentDefinition"} & self.model_fields_set:
            raise ValueError("segment needs `conditions` (or legacy `segmentDefinition`)")
        return self


class DelayMirror(_Model):
    value: int | str
    unit: str


class DelayStep(_StepBase):
    type: Literal["delay"]
    time: PositiveDigits
    period: DelayPeriod
    delay: DelayMirror | None = None


class ScheduleStep(_StepBase):
    type: Literal["schedule"]
    schedule: dict[str, Any] = Field(default_factory=dict)


class ExperimentStep(_StepBase):
    type: Literal["experiment"]
    experimentName: str = ""
    version: str = "1"
    experimentConfig: dict[str, Any] = Field(default_factory=dict)


class RateLimitStep(_StepBase):
    type: Literal["rate_limit"]
    occurrences: PositiveDigits
    timespan: PositiveDigits
    period: LimitPeriod
    rateLimit: dict[str, Any] | None = None


class LimitStep(_StepBase):
    type: Literal["limit"]
    occurrences: PositiveDigits
    timespan: PositiveDigits
    period: LimitPeriod
    limit: dict[str, Any] | None = None


class ReplyStep(_StepBase):
    type: Literal["reply"]
    enabled: bool = True
    intent: Intent
    description: str = ""
    replyConfig: dict[str, Any] = Field(default_factory=dict)


class NoReplyStep(_StepBase):
    type: Literal["no_reply"]
    enabled: bool = True
    value: int = Field(gt=0)
    unit: WaitUnit
    after: WaitAfter | None = None
    seconds: int | None = None
    period: DelayPeriod | None = None
    noReplyConfig: dict[str, Any] = Field(default_factory=dict)


class _SplitStepBase(_StepBase):
    enabled: bool = True
    label: NonEmptyStr
    description: str = ""
    splitConfig: dict[str, Any] = Field(default_factory=dict)


class SplitStep(_SplitStepBase):
    type: Literal["split"]
    action: Literal["include", "exclude"]


class SplitGroupStep(_SplitStepBase):
    type: Literal["split_group"]
    action: Literal["control", "variant"]


class SplitRangeStep(_SplitStepBase):
    type: Literal["split_range"]
    action: Literal["schedule", "include"]


class PropertyStep(_StepBase):
    type: Literal["property"]
    properties: Annotated[list[PropertyItem], Field(min_length=1)]


class ProductChoiceStep(_StepBase):
    type: Literal["product_choice"]
    messageType: MessageType = "standard"
    messageText: str = ""
    text: str = ""
    prompt: str = ""
    productSelection: Literal["manually", "automatically", "popularity", "recently_viewed"]
    productSelectionPrompt: str = ""
    products: list[ChoiceProduct] = Field(default_factory=list)
    productImages: bool = False
    customTotals: bool = False
    customTotalsAmount: str | int | float = ""
    discountExpiry: bool = False
    discountExpiryDate: str = ""
    discount: str = "None"


class PurchaseOfferStep(_StepBase):
    type: Literal["purchase_offer"]
    messageType: MessageType = "standard"
    messageText: str = ""
    text: str = ""
    cartSource: CartSource
    products: list[CartProduct] = Field(default_factory=list)
    discount: bool = False
    discountType: Literal["none", "percentage", "amount", "code"] = "none"
    discountPercentage: Annotated[str, Field(pattern=r"^([0-9]+)?$")] = ""
    discountAmount: Annotated[str, Field(pattern=r"^([0-9]+(\.[0-9]{1,2})?)?$")] = ""
    discountCode: Annotated[str, Field(pattern=r"^[A-Z0-9]*$")] = ""
    discountAmountLabel: str = ""
    discountEmail: str = ""
    discountExpiry: bool = False
    discountExpiryDate: str = ""
    customTotals: bool = False
    shippingAmount: str = ""
    includeProductImage: bool = True
    skipForRecentOrders: bool = False


class PurchaseStep(_StepBase):
    type: Literal["purchase"]
    cartSource: CartSource
    products: list[CartProduct] = Field(default_factory=list)
    discount: bool = False
    customTotals: bool = False
    shippingAmount: str = ""
    sendReminderForNonPurchasers: bool = False
    allowAutomaticPayment: bool = False


class ReplyCartChoiceStep(_StepBase):
    type: Literal["reply_cart_choice"]
    messageType: MessageType = "standard"
    messageText: str = ""
    text: str = ""
    cartSelection: CartSource = "latest"
    cartItems: list[ChoiceProduct] = Field(default_factory=list)


class QuizStep(_StepBase):
    type: Literal["quiz"]
    questions: Annotated[list[QuizQuestion], Field(min_length=1)]
    quizConfig: dict[str, Any] = Field(default_factory=dict)


class EndStep(_StepBase):
    type: Literal["end"]
    label: str = "End"


STEP_MODELS: dict[str, type[_StepBase]] = {
    "message": MessageStep,
    "segment": SegmentStep,
    "delay": DelayStep,
    "schedule": ScheduleStep,
    "experiment": ExperimentStep,
    "rate_limit": RateLimitStep,
    "limit": LimitStep,
    "reply": ReplyStep,
    "no_reply": NoReplyStep,
    "split": SplitStep,
    "split_group": SplitGroupStep,
    "split_range": SplitRangeStep,
    "property": PropertyStep,
    "product_choice": ProductChoiceStep,
    "purchase_offer": PurchaseOfferStep,
    "purchase": PurchaseStep,
    "reply_cart_choice": ReplyCartChoiceStep,
    "quiz": QuizStep,
    "end": EndStep,
}

Step = Annotated[
    MessageStep
    | SegmentStep
    | DelayStep
    | ScheduleStep
    | ExperimentStep
    | RateLimitStep
    | LimitStep
    | ReplyStep
    | NoReplyStep
    | SplitStep
    | SplitGroupStep
    | SplitRangeStep
    | PropertyStep
    | ProductChoiceStep
    | PurchaseOfferStep
    | PurchaseStep
    | ReplyCartChoiceStep
    | QuizStep
    | EndStep,
    Field(discriminator="type"),
]


class Flow(_Model):
    """The root object. `metadata` (generator, model, timings) is ignored by importers."""

    initialStepID: NonEmptyStr
    steps: Annotated[list[Step], Field(min_length=1)]
    name: str = ""
    description: str = ""
    metadata: dict[str, Any] | None = None
