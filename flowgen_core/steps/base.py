"""What a step kind knows: one frozen record per FlowBuilder step type.

Every part of the program that treats step types differently (compiling a plan, reading a
flow back into a plan, the event shapes the validator demands, the outline, diagram and
path wording, the planner prompt, the plan fields of the wire schema) asks the kind of the
step instead of comparing type names, so a new type is one new module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from flowgen_core.format.variables import MESSAGE_VARIABLES
from flowgen_core.records import record

if TYPE_CHECKING:
    # Plan models (pydantic) only in annotations: the validator reads step kinds without
    # loading pydantic (start-up time); the modules that build plan objects import the
    # models where they build them.
    # Imported here: the validator reads step kinds without loading pydantic (start-up).
    from flowgen_core.plan.model import PlanStep, PlanTransition

# A FlowBuilder step or event as JSON: read defensively, any field may be missing.
StepJSON = dict[str, Any]


def dicts_in(value: Any) -> list[dict[str, Any]]:
    """The objects of a JSON list field (`steps`, `events`, `conditions`), or none when the
    field is no list: readers of client and stored flows meet `"events": true` too."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


# Plan step -> its FlowBuilder step (given the step id and the compiled events).
Builder = Callable[["PlanStep", str, list[StepJSON]], StepJSON]
# FlowBuilder step -> the plan fields of its type (besides key, type, label and next).
Reader = Callable[[StepJSON], dict[str, Any]]
# The transitions a plan step gives -> the ones its type requires (raises PlanError).
Shaper = Callable[["PlanStep", list["PlanTransition"]], list["PlanTransition"]]

# The finding codes an event-shape rule may report; equal to the constants in
# flowgen_core.check.codes (a test holds them together; importing them here would tie the
# registry to the validator package, which itself asks the registry).
ShapeCode = Literal["event_count", "segment_branches", "schedule_branches", "experiment_branches"]


@record(frozen=True)
class ShapeProblem:
    """A step's events break the rule of its type."""

    code: ShapeCode
    message: str


# (step type, step id, the step's well-typed events, their types) -> the problem, if any.
EventRule = Callable[[str, str | None, list[StepJSON], list[str]], ShapeProblem | None]
# FlowBuilder step -> outline title and detail lines.
Outliner = Callable[[StepJSON], tuple[str, list[str]]]
# FlowBuilder step -> words or a value read from it (None / "" when it has none).
StepWords = Callable[[StepJSON], str | None]
# FlowBuilder step -> (amount, unit) of the pause it makes, when it pauses.
Pause = Callable[[StepJSON], tuple[Any, Any] | None]
# FlowBuilder step -> (discount kind, value as written) its own fields set, or None.
NodeDiscount = Callable[[StepJSON], tuple[str, str] | None]
# FlowBuilder step -> (discount kind, value in digits, code) it applies, or None.
DiscountTerms = Callable[[StepJSON], tuple[str, str, str] | None]
# A purchase step with `discount: true` and no discount fields of its own applies the
# discount of the offer that led to it (the spec's purchase node has only the flag).
APPLIES_OFFER: tuple[str, str, str] = ("offer", "", "")
# What a step can be for, as a brief states it: an audience filter (conditions), the branch
# of a reply (intent), a wait (time/period), the wait for a reply (value/unit), a cap
# (occurrences/timespan/period; it also resets the promotion clock), send windows
# (schedule; quiet hours apply), an A/B test (experimentName, split events), properties.
Role = Literal["audience", "reply", "wait", "no_reply", "cap", "send_window", "experiment", "properties"]
# The names of the cross-field rule groups flowgen_core.check.schema holds a step to.
FieldRule = Literal["message", "cart", "offer_discount", "manual_products", "experiment_name"]


def no_problem(
    step_type: str, sid: str | None, events: list[StepJSON], kinds: list[str]
) -> ShapeProblem | None:
    return None


def no_words(step: StepJSON) -> str | None:
    return None


def no_pause(step: StepJSON) -> tuple[Any, Any] | None:
    return None


def no_fields(step: StepJSON) -> dict[str, Any]:
    return {}


def no_discount(step: StepJSON) -> None:
    return None


def type_title(step: StepJSON, type_name: str) -> str | None:
    """The label an unlabelled step gets when nothing in it names it better: its type as a title.

    `type_name` is the step's type as the caller resolved it (the auto-corrector passes the
    normalised spelling while `step["type"]` may still be misspelt).
    """
    return type_name.replace("_", " ").title() or None


# Step JSON and its resolved type name -> the label it gets when it has none (None: leave it).
DefaultLabel = Callable[[StepJSON, str], str | None]


# How the split events of a step divide customers, for repairs that complete or convert them:
# include/exclude (a segment), groups (an A/B test), time windows (a schedule).
SplitBranches = Literal["include_exclude", "groups", "time_windows"]


def labelled(step: StepJSON) -> tuple[str, list[str]]:
    """The outline title of a step with nothing more specific to say: its label or type."""
    kind = str(step.get("type", "?"))
    return str(step.get("label") or kind.replace("_", " ").capitalize()), []


@record(frozen=True)
class StepKind:
    """Everything type-specific about one step type.

    `plan_fields` lists the plan fields the type writes besides key/type/label/next, in the
    order of its wire-schema variant; "!" marks a field the type needs (not nullable there).
    """

    name: str
    compile: Builder
    decompile: Reader
    transitions: Shaper
    plan_fields: tuple[str, ...] = ()
    event_rule: EventRule = no_problem
    # Groups the rules talk about.
    sends_text: bool = False  # texts the customer and carries a message body
    carries_image: bool = False  # may send a picture with its text (addImage / imageUrl)
    offer: bool = False  # texts an offer and waits for the reply to it
    single_default: bool = False  # its only valid event is one `default`
    pauses: bool = False  # a loop through it does not text without pause
    terminal: bool = False  # the END step: no events, every path finishes here
    planned: bool = False  # offered to a planner writing a new flow (generation schema)
    # How it reads in previews.
    emoji: str = "▫️"
    outline: Outliner = labelled
    offer_words: StepWords = no_words  # " with 15% off" after the path's message word
    path_word: str | None = None  # what the customer gets here, in the path summary
    path_repeat_word: str | None = None  # the word for a later one sent when no reply came
    path_condition: StepWords = no_words  # the condition reaching this step implies
    pause: Pause = no_pause
    diagram_shape: str = "box"
    diagram_fill: str = "#FFFFFF"
    # What a planner is told about the type (a bullet of STEP RULES), when anything.
    prompt_rule: str | None = None
    # What the validator holds it to beyond its event shape.
    variables: frozenset[str] = MESSAGE_VARIABLES  # the template variables its text may use
    text_field: str = "messageText"  # where a missing SMS text is reported
    field_rules: tuple[FieldRule, ...] = ()
    # What a brief can ask for that this kind provides (flowgen_core.check.compliance
    # compares them; a kind with a role has that role's fields, as the spec lays them out).
    roles: frozenset[Role] = frozenset()
    checkout: bool = False  # applies a discount at checkout (compared with the promise)
    discount_as_label: bool = False  # its discount is one label: a percentage, amount or code
    node_discount: NodeDiscount = no_discount
    discount_terms: DiscountTerms = no_discount
    # What the auto-corrector may rely on.
    default_label: DefaultLabel = type_title
    split_branches: SplitBranches | None = None
    continues_when_dead_end: bool = False  # with no events it goes on to END (single default, too)
