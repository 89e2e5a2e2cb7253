"""Schema layer: the shipped JSON Schema (jsonschema, Draft 2020-12) plus per-node field rules.

Each jsonschema error becomes one `Finding` with a stable code: enum errors -> `invalid_enum`
(allowed values in the hint), `required` -> `missing_field`, an unknown step or event `type`
-> `unknown_step_type` / `unknown_event_type`, and a few field-specific codes the auto-fixer
keys on (`invalid_cart_source`, `missing_intent`, `invalid_wait`, ...).

Speed: the Python `jsonschema` package costs about 1 ms per step, too slow for large flows
and for a 5 ms budget on typical ones. So a flow is first checked for validity with
`jsonschema_rs` (the same Draft 2020-12 schema, compiled in Rust, ~10 us per step); only
when that says "invalid" are the offending steps located (again with `jsonschema_rs`, one
compiled validator per step type) and explained with `jsonschema`'s detailed errors. The
root is then checked with a shallow schema and each failing step with the validator of its
own type (the `then` branch the full schema would pick), which yields the same errors;
tests/unit/test_validator_schema.py proves both equivalences. Without `jsonschema_rs` the
pure-Python path is used for every step.
The cross-field rules that JSON Schema cannot express well (a percentage of 1-100, an image
URL when `addImage` is on, products for a manual cart) are `check_nodes`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

try:  # optional accelerator, see the module docstring
    import jsonschema_rs
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    jsonschema_rs = None  # type: ignore[assignment]  # the module or None, checked before use

from flowgen_core.check import codes
from flowgen_core.check.report import Finding
from flowgen_core.format.schema import load_schema
from flowgen_core.format.sms import step_text
from flowgen_core.steps import kind_of
from flowgen_core.steps.base import FieldRule

if TYPE_CHECKING:  # the Python validator is imported only to explain an invalid flow
    # jsonschema (pure Python, slow to import) only explains a flow jsonschema_rs found invalid
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


def _step_refs(schema: dict[str, Any]) -> dict[str, str]:
    """step type -> `$ref` of its definition, read from the schema's `if type == … then $ref`."""
    refs: dict[str, str] = {}
    for branch in schema["properties"]["steps"]["items"].get("allOf", []):
        refs[branch["if"]["properties"]["type"]["const"]] = branch["then"]["$ref"]
    return refs


@cache
def full_validator() -> Draft202012Validator:
    """A validator for the complete shipped schema (the reference behaviour)."""
    # jsonschema (pure Python, slow to import) only explains a flow jsonschema_rs found invalid
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema())


@cache
def _root_validator() -> Draft202012Validator:
    # jsonschema (pure Python, slow to import) only explains a flow jsonschema_rs found invalid
    from jsonschema import Draft202012Validator

    schema = load_schema()
    schema["properties"]["steps"]["items"] = {"type": "object"}
    return Draft202012Validator(schema)


@cache
def _step_validators() -> dict[str, Draft202012Validator]:
    # jsonschema (pure Python, slow to import) only explains a flow jsonschema_rs found invalid
    from jsonschema import Draft202012Validator

    schema = load_schema()
    defs = schema["$defs"]
    return {
        step_type: Draft202012Validator({"$defs": defs, "$ref": ref})
        for step_type, ref in _step_refs(schema).items()
    }


@cache
def _fast_validator() -> Any | None:
    """The full-schema validator compiled by jsonschema_rs, if present."""
    if jsonschema_rs is None:
        return None
    return jsonschema_rs.Draft202012Validator(load_schema())


@cache
def _fast_step_validator(step_type: str) -> Any | None:
    """The jsonschema_rs validator of one step type, if present and the type is known.

    Compiled on first need, one type at a time: a valid flow needs none of them, and
    compiling all twenty is most of what checking a valid flow costs (start-up time).
    """
    if jsonschema_rs is None:
        return None
    schema = load_schema()
    ref = _step_refs(schema).get(step_type)
    if ref is None:
        return None
    return jsonschema_rs.Draft202012Validator({"$defs": schema["$defs"], "$ref": ref})


def pointer(parts: Iterable[Any]) -> str:
    """A JSON Pointer (RFC 6901) for a path of keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def type_of(item: Any) -> str | None:
    """The `type` of a step or event when it is a string (garbage-tolerant)."""
    value = item.get("type") if isinstance(item, dict) else None
    return value if isinstance(value, str) else None


def step_id_at(flow: Any, index: Any) -> str | None:
    try:
        step_id = flow["steps"][index]["id"]
    except (KeyError, IndexError, TypeError):
        return None
    return step_id if isinstance(step_id, str) else None


def finding(
    code: str, message: str, *, path: str = "", step_id: str | None = None, hint: str = ""
) -> Finding:
    severity, default = codes.CODES[code]
    return Finding(
        code=code, severity=severity, message=message, hint=hint or default, step_id=step_id, path=path
    )


def _leaf(error: ValidationError) -> ValidationError:
    # imported on the slow path only, like the validators above
    from jsonschema.exceptions import best_match

    # anyOf/oneOf errors say "not valid under any of the given schemas": report the branch
    # error that explains most. Branches that fail only on the value's type (`X | None`
    # fields) say least; among the rest the deepest error is the most precise.
    while error.validator in ("anyOf", "oneOf") and error.context:
        depth = len(error.absolute_path)
        candidates = [
            e for e in error.context if not (e.validator == "type" and len(e.absolute_path) == depth)
        ] or list(error.context)
        deepest = max(len(e.absolute_path) for e in candidates)
        error = best_match([e for e in candidates if len(e.absolute_path) == deepest])
    return error


def _missing_property(error: ValidationError) -> str | None:
    # jsonschema yields one `required` error per missing name, message "'name' is a required property".
    head = error.message.removesuffix(" is a required property")
    # Imported here: only an invalid flow is explained (`ast` is a seventh of `validate`'s start-up).
    import ast

    try:
        name = ast.literal_eval(head)
    except (ValueError, SyntaxError):
        return None
    return name if isinstance(name, str) else None


def _code_for(error: ValidationError, parts: Sequence[Any]) -> tuple[str, str, str]:
    """(code, message, hint) for one jsonschema error at absolute path `parts`."""
    keyword = error.validator
    field = parts[-1] if parts else ""
    in_event = len(parts) >= 4 and parts[0] == "steps" and parts[2] == "events"
    in_step = len(parts) >= 2 and parts[0] == "steps"
    if keyword == "required":
        return _required_code(error, parts, in_event=in_event, in_step=in_step)
    if keyword == "enum":
        return _enum_code(error, parts, in_event=in_event, in_step=in_step)
    if field == "intent" and keyword in ("pattern", "maxLength", "minLength", "type"):
        return codes.INVALID_INTENT, f"Intent {error.instance!r:.60} is not a short lower-case keyword", ""
    if (in_event and "after" in parts) or (
        in_step and len(parts) == 3 and field in ("time", "value") and keyword != "required"
    ):
        return codes.INVALID_WAIT, f"Invalid wait at {pointer(parts)}: {error.message}", ""
    if field in ("discountValue", "discountPercentage", "discountAmount"):
        return codes.DISCOUNT_VALUE_INVALID, f"{field} {error.instance!r} is not a number", ""
    if field == "properties" and keyword == "minItems":
        return codes.PROPERTY_MISSING, "A property step has an empty properties list", ""
    return codes.SCHEMA_VIOLATION, f"{pointer(parts) or 'root'}: {error.message}", ""


def _required_code(
    error: ValidationError, parts: Sequence[Any], *, in_event: bool, in_step: bool
) -> tuple[str, str, str]:
    missing = _missing_property(error) or "?"
    where = pointer(parts) or "the root object"
    if not parts and missing == "initialStepID":
        return codes.MISSING_INITIAL_STEP, "The flow has no initialStepID", ""
    if in_event and len(parts) == 4 and missing == "intent":
        return codes.MISSING_INTENT, "A reply event has no intent", ""
    if in_event and len(parts) == 4 and missing == "after":
        return codes.INVALID_WAIT, "A noreply event has no `after` wait", ""
    if in_step and len(parts) == 2 and missing == "properties":
        return codes.PROPERTY_MISSING, "A property step has no properties", ""
    if in_step and len(parts) == 2 and missing == "cartSource":
        return codes.INVALID_CART_SOURCE, "cartSource is missing", ""
    return codes.MISSING_FIELD, f"`{missing}` is required at {where}", ""


def _enum_code(
    error: ValidationError, parts: Sequence[Any], *, in_event: bool, in_step: bool
) -> tuple[str, str, str]:
    field = parts[-1] if parts else ""
    allowed = ", ".join(repr(value) for value in error.validator_value)
    hint = f"Allowed values: {allowed}."
    value = error.instance
    if field == "type" and in_step and len(parts) == 3:
        return codes.UNKNOWN_STEP_TYPE, f"Unknown step type {value!r}", hint
    if field == "type" and in_event and len(parts) == 5:
        return codes.UNKNOWN_EVENT_TYPE, f"Unknown event type {value!r}", hint
    if in_event and "after" in parts:
        return codes.INVALID_WAIT, f"noreply wait unit {value!r} is not allowed", hint
    if field in ("cartSource", "cartSelection"):
        return codes.INVALID_CART_SOURCE, f"{field} {value!r} is not manual or latest", hint
    return codes.INVALID_ENUM, f"{field} {value!r} is not an allowed value", hint


def _to_finding(flow: Any, error: ValidationError, prefix: tuple[Any, ...]) -> Finding:
    error = _leaf(error)
    parts = (*prefix, *error.absolute_path)
    code, message, hint = _code_for(error, parts)
    path = pointer(parts)
    if error.validator == "required":
        missing = _missing_property(error)
        if missing:
            path = pointer((*parts, missing))
    step_id = step_id_at(flow, parts[1]) if len(parts) >= 2 and parts[0] == "steps" else None
    return finding(code, message, path=path, step_id=step_id, hint=hint)


def schema_errors(flow: Any) -> list[tuple[tuple[Any, ...], ValidationError]]:
    """(path prefix, error) pairs: the root checked shallowly, each step by its own type."""
    fast = _fast_validator()
    if fast is not None and fast.is_valid(flow):
        return []
    found: list[tuple[tuple[Any, ...], ValidationError]] = [
        ((), error) for error in _root_validator().iter_errors(flow)
    ]
    steps = flow.get("steps") if isinstance(flow, dict) else None
    if isinstance(steps, list):
        validators = _step_validators()
        for index, step in enumerate(steps):
            if not isinstance(step, dict):
                continue
            fast_step = _fast_step_validator(type_of(step) or "")
            if fast_step is not None and fast_step.is_valid(step):
                continue
            validator = validators.get(type_of(step) or "")
            if validator is None:
                # Unknown or missing type: the full step schema reports it precisely.
                found.extend((("steps", index), error) for error in _union_step_validator().iter_errors(step))
                continue
            found.extend((("steps", index), error) for error in validator.iter_errors(step))
    return found


@cache
def _union_step_validator() -> Draft202012Validator:
    """The full step schema, built once: a flow of many unknown steps must not re-read the
    schema file and rebuild a validator for each of them."""
    return full_validator().evolve(schema={"$defs": load_schema()["$defs"], **_step_union_schema()})


@cache
def _step_union_schema() -> dict[str, Any]:
    union: dict[str, Any] = load_schema()["properties"]["steps"]["items"]
    return union


def check_schema(flow: Any) -> list[Finding]:
    """Schema findings for `flow`; never raises, whatever `flow` is."""
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    try:
        pairs = schema_errors(flow)
    except Exception as exc:  # a non-JSON value (e.g. a set) makes jsonschema's type checks raise
        return [finding(codes.SCHEMA_VIOLATION, f"The flow is not JSON data: {exc}")]
    for prefix, error in pairs:
        item = _to_finding(flow, error, prefix)
        key = (item.code, item.path)
        if key not in seen:
            seen.add(key)
            findings.append(item)
    findings.extend(check_nodes(flow))
    return findings


def _positive_number(value: Any, *, maximum: float | None = None) -> bool:
    try:
        number = float(str(value))
    except ValueError:
        return False
    return number > 0 and (maximum is None or number <= maximum)


def check_nodes(flow: Any) -> list[Finding]:
    """Cross-field rules per node (spec section 4) that the JSON Schema does not express."""
    steps = flow.get("steps") if isinstance(flow, dict) else None
    if not isinstance(steps, list):
        return []
    out: list[Finding] = []
    for index, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        step_type = type_of(step)
        kind = kind_of(step_type)
        sid = step.get("id") if isinstance(step.get("id"), str) else None
        base = f"/steps/{index}"
        if kind.sends_text and not step_text(step):
            out.append(
                finding(
                    codes.MESSAGE_TEXT_MISSING,
                    f"{step_type} step {sid!r} has no SMS text",
                    path=f"{base}/{kind.text_field}",
                    step_id=sid,
                )
            )
        for rule in kind.field_rules:
            out.extend(_FIELD_RULES[rule](step, base, sid))
    return out


def _manual_products_rules(step: dict[str, Any], base: str, sid: str | None) -> list[Finding]:
    if step.get("productSelection") == "manually" and not step.get("products"):
        return [
            finding(
                codes.MANUAL_CART_WITHOUT_PRODUCTS,
                f"product_choice {sid!r} selects products manually but lists none",
                path=f"{base}/products",
                step_id=sid,
                hint="Add products, or use productSelection `automatically` or `popularity`.",
            )
        ]
    return []


def _experiment_name_rules(step: dict[str, Any], base: str, sid: str | None) -> list[Finding]:
    name = step.get("experimentName")
    if not isinstance(name, str) or not name.strip():
        return [
            finding(
                codes.EXPERIMENT_NAME_MISSING,
                f"experiment {sid!r} has no experimentName",
                path=f"{base}/experimentName",
                step_id=sid,
            )
        ]
    return []


def _message_rules(step: dict[str, Any], base: str, sid: str | None) -> list[Finding]:
    out: list[Finding] = []
    kind = step.get("discountType", "none")
    value = step.get("discountValue", "")
    if kind == "percentage" and not (
        isinstance(value, str) and value.isdigit() and _positive_number(value, maximum=100)
    ):
        out.append(
            finding(
                codes.DISCOUNT_VALUE_INVALID,
                f"Percentage discount {value!r} is not a whole number from 1 to 100",
                path=f"{base}/discountValue",
                step_id=sid,
            )
        )
    elif kind == "amount" and not (isinstance(value, str) and _positive_number(value)):
        out.append(
            finding(
                codes.DISCOUNT_VALUE_INVALID,
                f"Amount discount {value!r} is not a positive number",
                path=f"{base}/discountValue",
                step_id=sid,
            )
        )
    elif kind == "code" and not (isinstance(step.get("discountCode"), str) and step["discountCode"].strip()):
        out.append(
            finding(
                codes.DISCOUNT_CODE_MISSING,
                "Code discount without discountCode",
                path=f"{base}/discountCode",
                step_id=sid,
            )
        )
    if step.get("addImage") is True and not (
        isinstance(step.get("imageUrl"), str) and step["imageUrl"].strip()
    ):
        out.append(
            finding(
                codes.IMAGE_URL_MISSING,
                "addImage is on but imageUrl is empty",
                path=f"{base}/imageUrl",
                step_id=sid,
            )
        )
    return out


def _cart_rules(step: dict[str, Any], base: str, sid: str | None) -> list[Finding]:
    out: list[Finding] = []
    if step.get("cartSource") == "manual" and not step.get("products"):
        out.append(
            finding(
                codes.MANUAL_CART_WITHOUT_PRODUCTS,
                f"{step.get('type')} {sid!r} has a manual cart without products",
                path=f"{base}/products",
                step_id=sid,
            )
        )
    return out


def _offer_discount_rules(step: dict[str, Any], base: str, sid: str | None) -> list[Finding]:
    out: list[Finding] = []
    if step.get("discount") is True:
        kind = step.get("discountType")
        fields = {"percentage": "discountPercentage", "amount": "discountAmount", "code": "discountCode"}
        field = fields.get(kind) if isinstance(kind, str) else None
        value = step.get(field) if field else None
        if field is None:
            out.append(
                finding(
                    codes.DISCOUNT_VALUE_INVALID,
                    "discount is on but discountType is not percentage, amount or code",
                    path=f"{base}/discountType",
                    step_id=sid,
                )
            )
        elif kind == "code":
            if not (isinstance(value, str) and value.strip()):
                out.append(
                    finding(
                        codes.DISCOUNT_CODE_MISSING,
                        "Code discount without discountCode",
                        path=f"{base}/{field}",
                        step_id=sid,
                    )
                )
        elif not (
            isinstance(value, str) and _positive_number(value, maximum=100 if kind == "percentage" else None)
        ):
            out.append(
                finding(
                    codes.DISCOUNT_VALUE_INVALID,
                    f"{field} {value!r} is not a valid {kind}",
                    path=f"{base}/{field}",
                    step_id=sid,
                )
            )
    return out


# The cross-field rule groups a step kind names in `field_rules`.
_FIELD_RULES: dict[FieldRule, Callable[[dict[str, Any], str, str | None], list[Finding]]] = {
    "message": _message_rules,
    "cart": _cart_rules,
    "offer_discount": _offer_discount_rules,
    "manual_products": _manual_products_rules,
    "experiment_name": _experiment_name_rules,
}
