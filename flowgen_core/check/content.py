"""Content layer: warnings about what the customer reads and how often.

- SMS length (more than 3 segments), unknown and non-canonical template variables.
- "Reply X" calls to action without a matching `reply` event.
- A discount in the text that the node does not set (or a different one), and the reverse.
- A discount a send promises that the offer/purchase step it leads to does not apply
  (kind, value, code); a later send with a discount of its own starts its own offer.
- Brand identification and opt-out wording in the first message(s) a customer receives.
- More than one promotional send within 24 hours on a path without a `rate_limit`/`limit`.
- Schedule windows not wholly inside 08:00-21:00 in the schedule's time zone (quiet hours):
  a start or an end outside it, or a window running through a night; dated windows and
  daily ones (times of day only) alike (`flowgen_core.check.hours`). A schedule that names
  no time zone, or no IANA one, is reported too.
- A property the flow sets that its entry segment already filters on.

The frequency rule is a linear approximation: it propagates "hours since the last
promotional send" (the minimum over incoming paths) along a topological order of the
reachable graph; edges that close a loop are not followed (loops without a wait are
already errors). A send reached through a `reply` event answers the customer and is not
counted as promotional. Waits are the delay steps, `noreply` events and `no_reply` steps
on the path; a `rate_limit` or `limit` step resets the clock.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from flowgen_core.check import codes
from flowgen_core.check.hours import ALLOWED, quiet_hours_problem, window_problem, zone_of
from flowgen_core.check.report import Finding
from flowgen_core.check.schema import finding, type_of
from flowgen_core.format.sms import segment_info, step_text, text_field
from flowgen_core.format.variables import canonical_name, variable_spans
from flowgen_core.steps import StepKind, kind_of
from flowgen_core.steps.base import APPLIES_OFFER
from flowgen_core.steps.read import digits

__all__ = ["check_content", "quiet_hours_problem"]

MAX_SEGMENTS = 3
PROMO_GAP_HOURS = 24.0

_CTA = re.compile(
    r"\b(?:reply|text|respond)\s+(?:with\s+)?[\"'“‘]?([A-Za-z0-9]+)[\"'”’]?"
    r"(?:\s*(?:or|/)\s*(?!(?:reply|text|respond)\b)[\"'“‘]?([A-Za-z0-9]+)[\"'”’]?)?",
    re.IGNORECASE,
)
# Words after "reply"/"text" that are not keywords ("reply to this message").
_CTA_STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "any",
        "anytime",
        "at",
        "back",
        "below",
        "by",
        "for",
        "here",
        "if",
        "in",
        "it",
        "me",
        "now",
        "on",
        "or",
        "our",
        "the",
        "this",
        "to",
        "us",
        "when",
        "with",
        "within",
        "your",
    }
)
# Handled by the carrier/platform, never by a flow event.
_COMPLIANCE_KEYWORDS = frozenset({"stop", "unsubscribe", "cancel", "end", "quit", "help", "stopall"})
_PERCENT = re.compile(r"(\d{1,3})\s*%")
# "$5 off", and the money off of Spanish, French and German copy: "10 € de descuento", "5 € Rabatt"
_MONEY_OFF_WORDS = r"(?:off|de\s+descuento|de\s+r[ée]duction|de\s+remise|rabatt)\b"
_AMOUNT = re.compile(
    rf"\$\s?(\d+(?:\.\d{{1,2}})?)\s*off|(?:[$€£]|\b(?:CHF|GBP|USD|EUR)\b)\s?(\d+(?:[.,]\d{{1,2}})?)\s*{_MONEY_OFF_WORDS}"
    rf"|(\d+(?:[.,]\d{{1,2}})?)\s?(?:\$|€|£|(?:EUR|GBP|USD|CHF|euros?|pounds?)\b)\s*{_MONEY_OFF_WORDS}",
    re.IGNORECASE,
)


def _amount_of(m: re.Match[str]) -> str:
    """The sum an `_AMOUNT` match names, with a decimal point ("10,50 €" -> "10.50")."""
    return next(g for g in m.groups() if g).replace(",", ".")


_CODE = re.compile(r"\bcode[:\s]+[\"'“]?([A-Z0-9]{3,})\b")
# English, Spanish, French and German opt-out wording ("Responde STOP", "Répondez STOP", "Antworte STOP")
_OPT_OUT = re.compile(
    r"\b(?:reply|text|responde|contesta|envía|r[ée]pondez|r[ée]ponds|envoyez|antworte|antworten\s+sie|sende)\s+stop\b"
    r"|opt[\s-]?out|unsubscribe|darte\s+de\s+baja|d[ée]sabonner|d[ée]sinscri|abmelden|\{\{\s*opt_in_terms\s*\}\}",
    re.I,
)
_BRAND_VARIABLES = ("brand_name",)
_HOURS = {"seconds": 1 / 3600, "minutes": 1 / 60, "hours": 1.0, "days": 24.0}


def check_content(
    flow: Any, *, verbatim: Iterable[str] = (), brand: str | None = None, strict: bool = False
) -> list[Finding]:
    """Content warnings for `flow`; never raises, tolerates any JSON value.

    `strict` makes a first message without brand or opt-out wording an error."""
    if not isinstance(flow, dict) or not isinstance(flow.get("steps"), list):
        return []
    steps: list[Any] = flow["steps"]
    verbatim_copy = [text.strip() for text in verbatim if isinstance(text, str) and text.strip()]
    out: list[Finding] = []
    for i, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        kind = kind_of(type_of(step))
        sid = step.get("id") if isinstance(step.get("id"), str) else None
        if kind.sends_text:
            text = step_text(step)
            if text:
                out.extend(_text_rules(step, i, sid, text, verbatim_copy))
        elif "send_window" in kind.roles:
            out.extend(_quiet_hours(step, i, sid))
    graph = _Graph(steps, flow.get("initialStepID"))
    out.extend(_first_message_rules(graph, brand, strict))
    out.extend(_property_entry_filters(graph))
    out.extend(_promo_frequency(graph))
    out.extend(_discount_consistency(graph))
    return out


def _text_field(step: dict[str, Any]) -> str:
    return text_field(step) or "content"


def _covered(text: str, verbatim_copy: list[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    stripped = text.strip()
    for copy in verbatim_copy:
        if stripped and stripped in copy:
            return [(0, len(text))]
        start = text.find(copy)
        while start != -1:
            spans.append((start, start + len(copy)))
            start = text.find(copy, start + 1)
    return spans


def _text_rules(
    step: dict[str, Any], i: int, sid: str | None, text: str, verbatim_copy: list[str]
) -> list[Finding]:
    step_type = str(type_of(step))
    path = f"/steps/{i}/{_text_field(step)}"
    out: list[Finding] = []

    info = segment_info(text)
    if info.segments > MAX_SEGMENTS:
        extra = f"; characters outside GSM-7: {' '.join(info.non_gsm_chars)}" if info.non_gsm_chars else ""
        out.append(
            finding(
                codes.SMS_TOO_LONG,
                f"Text is about {info.segments} SMS segments ({info.encoding}, {info.units} units with "
                f"variables at typical length){extra}",
                path=path,
                step_id=sid,
            )
        )

    allowed = kind_of(type_of(step)).variables
    covered = _covered(text, verbatim_copy)
    reported: set[tuple[str, str]] = set()
    for start, end, name in variable_spans(text):
        if name[:1] in "#/^" or name == "else":
            continue
        canonical = canonical_name(name)
        if canonical is None or canonical not in allowed:
            where = "" if canonical is None else f" in a {step_type} step"
            key = (codes.UNKNOWN_VARIABLE, name)
            if key not in reported:
                reported.add(key)
                out.append(
                    finding(
                        codes.UNKNOWN_VARIABLE,
                        f"Unknown template variable {{{{{name}}}}}{where}",
                        path=path,
                        step_id=sid,
                        hint="Known here: " + ", ".join("{{" + v + "}}" for v in sorted(allowed)),
                    )
                )
        elif canonical != name and not any(a <= start and end <= b for a, b in covered):
            key = (codes.NONCANONICAL_VARIABLE, name)
            if key not in reported:
                reported.add(key)
                out.append(
                    finding(
                        codes.NONCANONICAL_VARIABLE,
                        f"{{{{{name}}}}} is the dotted dialect; write {{{{{canonical}}}}}",
                        path=path,
                        step_id=sid,
                        hint=f"Replace {{{{{name}}}}} with {{{{{canonical}}}}} (copy quoted verbatim may keep it).",
                    )
                )

    out.extend(_cta_rule(step, path, sid, text))
    out.extend(_discount_rules(step, path, sid, text))
    return out


def _cta_rule(step: dict[str, Any], path: str, sid: str | None, text: str) -> list[Finding]:
    raw_events = step.get("events")
    events: list[Any] = raw_events if isinstance(raw_events, list) else []
    intents = {
        str(event.get("intent", "")).strip().lower()
        for event in events
        if isinstance(event, dict) and type_of(event) == "reply"
    }
    out: list[Finding] = []
    for match in _CTA.finditer(_strip_variables(text)):
        for word in (match.group(1), match.group(2)):
            if not word:
                continue
            keyword = word.lower()
            if keyword in _CTA_STOPWORDS or keyword in _COMPLIANCE_KEYWORDS or keyword in intents:
                continue
            out.append(
                finding(
                    codes.REPLY_CTA_WITHOUT_EVENT,
                    f"The text asks the customer to reply {word!r} but the step has no reply event "
                    f"with intent {keyword!r}",
                    path=path,
                    step_id=sid,
                    hint=f"Add a reply event with intent {keyword!r}, or change the call to action.",
                )
            )
    return out


def _strip_variables(text: str) -> str:
    return re.sub(r"\{\{[^{}]*\}\}", " ", text)


def _number_equal(a: str, b: str) -> bool:
    try:
        return float(a) == float(b)
    except ValueError:
        return a == b


def _discount_rules(step: dict[str, Any], path: str, sid: str | None, text: str) -> list[Finding]:
    plain = _strip_variables(text)
    percents = _PERCENT.findall(plain)
    amounts = [_amount_of(m) for m in _AMOUNT.finditer(plain)]
    text_codes = _CODE.findall(plain)
    mentions_label = bool(re.search(r"\{\{\s*(Discount Label|discount\.label)\s*\}\}", text))
    node = kind_of(type_of(step)).node_discount(step)
    mentioned = bool(percents or amounts or text_codes)
    out: list[Finding] = []
    if node is None:
        if mentioned:
            shown = ", ".join([p + "%" for p in percents] + ["$" + a for a in amounts] + text_codes)
            out.append(
                finding(
                    codes.DISCOUNT_TEXT_MISMATCH,
                    f"The text mentions a discount ({shown}) that the step does not set",
                    path=path,
                    step_id=sid,
                    hint="Set the discount on the step, or remove it from the text.",
                )
            )
        return out
    kind, value = node
    if not (mentioned or mentions_label):
        out.append(
            finding(
                codes.DISCOUNT_NOT_IN_TEXT,
                f"The step sets a {kind} discount ({value}) that the text does not mention",
                path=path,
                step_id=sid,
            )
        )
        return out
    said = {"percentage": percents, "amount": amounts, "code": text_codes}.get(kind, [])
    if mentioned and not any(_number_equal(v, value) if kind != "code" else v == value for v in said):
        out.append(
            finding(
                codes.DISCOUNT_TEXT_MISMATCH,
                f"The step sets a {kind} discount of {value!r} but the text says "
                f"{', '.join([p + '%' for p in percents] + ['$' + a for a in amounts] + text_codes)}",
                path=path,
                step_id=sid,
            )
        )
    return out


def _quiet_hours(step: dict[str, Any], i: int, sid: str | None) -> list[Finding]:
    schedule = step.get("schedule")
    windows = schedule.get("windows") if isinstance(schedule, dict) else None
    if not isinstance(schedule, dict) or not isinstance(windows, list):
        return []
    zone_name = schedule.get("timezone")
    zone = zone_of(zone_name)
    out: list[Finding] = []
    if windows and zone is None:
        out.append(_zone_finding(zone_name, i, sid))
    for j, window in enumerate(windows):
        if not isinstance(window, dict):
            continue
        problem, daily = window_problem(window, zone)
        if problem is None:
            continue
        label = window.get("label") if isinstance(window.get("label"), str) else None
        named = f"{label!r}" if label else f"{j + 1}"
        where = f"{zone_name} time" if zone is not None else "local time as written"
        out.append(
            finding(
                codes.QUIET_HOURS,
                f"Send window {named} {problem} ({'every day, ' if daily else ''}{where}): {ALLOWED}",
                path=f"/steps/{i}/schedule/windows/{j}/{'start' if problem.startswith('starts') else 'end'}",
                step_id=sid,
            )
        )
    return out


def _zone_finding(zone_name: Any, i: int, sid: str | None) -> Finding:
    if isinstance(zone_name, str) and zone_name.strip():
        said = f"names the time zone {zone_name.strip()!r}, which is no IANA time zone"
    else:
        said = "names no time zone"
    return finding(
        codes.SCHEDULE_TIMEZONE,
        f"Schedule {sid or i + 1} {said}: when its windows open depends on how the platform reads "
        "them (often as UTC), not on the customers' time; its hours were checked as written",
        path=f"/steps/{i}/schedule/timezone",
        step_id=sid,
    )


class _Graph:
    """Index of the well-formed part of the flow: the content rules only need that."""

    def __init__(self, steps: list[Any], initial: Any) -> None:
        self.steps = steps
        self.index_of: dict[str, int] = {}
        for i, step in enumerate(steps):
            sid = step.get("id") if isinstance(step, dict) else None
            if isinstance(sid, str) and sid not in self.index_of:
                self.index_of[sid] = i
        # out-edges: (target, event type, hours waited on this edge)
        self.edges: list[list[tuple[int, str, float]]] = [[] for _ in steps]
        for i in self.index_of.values():
            step = steps[i]
            step_wait = _step_wait_hours(step)
            events = step.get("events")
            for event in events if isinstance(events, list) else []:
                if not isinstance(event, dict):
                    continue
                next_id = event.get("nextStepID")
                target = self.index_of.get(next_id) if isinstance(next_id, str) else None
                if target is None or target == i:
                    continue
                kind = str(type_of(event))
                wait = step_wait + (_after_hours(event.get("after")) if kind == "noreply" else 0.0)
                self.edges[i].append((target, kind, wait))
        self.initial = self.index_of.get(initial) if isinstance(initial, str) else None

    def is_send(self, i: int) -> bool:
        return kind_of(type_of(self.steps[i])).sends_text

    def topological(self) -> list[int]:
        """Reachable steps in topological order; steps on loops follow in BFS order."""
        if self.initial is None:
            return []
        reachable = [False] * len(self.steps)
        reachable[self.initial] = True
        bfs = [self.initial]
        queue = deque(bfs)
        while queue:
            for target, _, _ in self.edges[queue.popleft()]:
                if not reachable[target]:
                    reachable[target] = True
                    bfs.append(target)
                    queue.append(target)
        indegree = [0] * len(self.steps)
        for node in bfs:
            for target, _, _ in self.edges[node]:
                indegree[target] += 1
        order: list[int] = []
        ready = deque(node for node in bfs if indegree[node] == 0)
        placed = [False] * len(self.steps)
        while ready:
            node = ready.popleft()
            order.append(node)
            placed[node] = True
            for target, _, _ in self.edges[node]:
                indegree[target] -= 1
                if indegree[target] == 0:
                    ready.append(target)
        order.extend(node for node in bfs if not placed[node])
        return order


def _after_hours(after: Any) -> float:
    if not isinstance(after, dict):
        return 0.0
    value, unit = after.get("value"), after.get("unit")
    if isinstance(value, int | float) and isinstance(unit, str):
        return float(value) * _HOURS.get(unit.lower(), 0.0)
    return 0.0


def _step_wait_hours(step: dict[str, Any]) -> float:
    pause = kind_of(type_of(step)).pause(step)
    if pause is None:
        return 0.0
    value, unit = pause
    if isinstance(value, int | float):
        return _after_hours({"value": value, "unit": unit})
    try:
        number = float(str(value))
    except ValueError:
        return 0.0
    return number * _HOURS.get(str(unit or "").lower(), 0.0)


def _before_first_send(graph: _Graph, stop: Callable[[int], bool] = lambda node: False) -> list[int]:
    """Steps reachable from the start without passing a send (the sends that end the search
    included), in BFS order; the search does not go past a step where `stop` holds either."""
    if graph.initial is None:
        return []
    found: list[int] = []
    seen = {graph.initial}
    queue = deque([graph.initial])
    while queue:
        node = queue.popleft()
        found.append(node)
        if graph.is_send(node) or stop(node):
            continue  # what follows is not reached before the first message
        for target, _, _ in graph.edges[node]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return found


def names_sender(text: str, brand: str | None = None) -> bool:
    """Whether `text` says who is texting: `{{brand_name}}`, or `brand` written out."""
    names = {canonical_name(name) for _, _, name in variable_spans(text)}
    return "brand_name" in names or (bool(brand) and _folded(str(brand)) in _folded(text))


def has_opt_out(text: str) -> bool:
    """Whether `text` tells the recipient how to stop the texts (in EN, ES, FR or DE)."""
    return bool(_OPT_OUT.search(text))


def _folded(text: str) -> str:
    """Lower case without accents: copy written in GSM-7 spells "Café Olé" as "Cafe Ole"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _first_message_rules(graph: _Graph, brand: str | None, strict: bool) -> list[Finding]:
    """Brand and opt-out wording in each first send (no send before it on its path)."""
    firsts = [node for node in _before_first_send(graph) if graph.is_send(node)]
    out: list[Finding] = []
    for i in firsts:
        step = graph.steps[i]
        text = step_text(step)
        if not text:
            continue
        sid = step.get("id")
        path = f"/steps/{i}/{_text_field(step)}"
        if not names_sender(text, brand):
            out.append(
                finding(
                    codes.MISSING_BRAND,
                    f"The first message ({sid!r}) does not say who is texting",
                    path=path,
                    step_id=sid,
                )
            )
        if not has_opt_out(text):
            out.append(
                finding(
                    codes.MISSING_OPT_OUT,
                    f"The first message ({sid!r}) has no opt-out wording",
                    path=path,
                    step_id=sid,
                )
            )
    if strict:
        return [_as_error(f) for f in out]
    return out


def _as_error(f: Finding) -> Finding:
    return Finding(
        code=f.code, severity="error", message=f.message, hint=f.hint, step_id=f.step_id, path=f.path
    )


def _promo_frequency(graph: _Graph) -> list[Finding]:
    """Two channels per step: "promotional" (the flow pushes) and "conversation" (a reply
    event was followed and no wait since). Only sends on the promotional channel count."""
    order = graph.topological()
    if not order or graph.initial is None:
        return []
    inf = float("inf")
    n = len(graph.steps)
    promo_in: list[float | None] = [None] * n  # None: not reached on this channel
    reply_in: list[float | None] = [None] * n
    promo_in[graph.initial] = inf
    out: list[Finding] = []

    def merge(channel: list[float | None], target: int, value: float) -> None:
        current = channel[target]
        channel[target] = value if current is None else min(current, value)

    for node in order:
        step = graph.steps[node]
        promo, reply = promo_in[node], reply_in[node]
        if "cap" in kind_of(type_of(step)).roles:
            promo = inf if promo is not None else None
            reply = inf if reply is not None else None
        elif graph.is_send(node):
            if promo is not None and promo < PROMO_GAP_HOURS:
                out.append(
                    finding(
                        codes.PROMO_FREQUENCY,
                        f"Step {step.get('id')!r} can send a second promotional text "
                        f"{promo:g} h after the previous one",
                        path=f"/steps/{node}",
                        step_id=step.get("id"),
                    )
                )
            promo = 0.0 if promo is not None else None
            reply = 0.0 if reply is not None else None
        either = min(value for value in (promo, reply, inf) if value is not None)
        for target, kind, wait in graph.edges[node]:
            if kind == "reply":
                merge(reply_in, target, either)
            elif wait > 0:
                merge(promo_in, target, either + wait)
            else:
                if promo is not None:
                    merge(promo_in, target, promo)
                if reply is not None:
                    merge(reply_in, target, reply)
    return out


# (kind, value, code): value only for percentage/amount, code "" when none is given.
_Terms = tuple[str, str, str]
_PERCENT_OFF = re.compile(r"(\d{1,3})\s*%\s*off", re.IGNORECASE)


def _step_terms(step: dict[str, Any]) -> _Terms | None:
    """The discount a step's own fields set, or None."""
    return kind_of(type_of(step)).discount_terms(step)


def _promised_terms(step: dict[str, Any]) -> _Terms | None:
    """What a send promises: its discount fields, else the discount its copy states."""
    terms = _step_terms(step)
    if terms is not None or not kind_of(type_of(step)).sends_text:
        return terms
    plain = _strip_variables(step_text(step) or "")
    percent, amount, code = _PERCENT_OFF.search(plain), _AMOUNT.search(plain), _CODE.search(plain)
    text_code = code.group(1) if code else ""
    if percent:
        return ("percentage", digits(percent.group(1)), text_code)
    if amount:
        return ("amount", digits(_amount_of(amount)), text_code)
    return ("code", "", text_code) if text_code else None


def _describe_terms(terms: _Terms | None) -> str:
    if terms is None:
        return "no discount"
    kind, value, code = terms
    main = f"{value}% off" if kind == "percentage" else f"${value} off" if kind == "amount" else ""
    with_code = f"code {code}" if code else ""
    return " with ".join(part for part in (main, with_code) if part) or "a discount code"


def _terms_disagree(promised: _Terms, applied: _Terms | None, checkout: StepKind) -> bool:
    if applied is None:
        return True
    if applied == APPLIES_OFFER:
        return False
    kind, value, code = promised
    if checkout.discount_as_label:
        # Its label names one thing: a percentage, an amount or a code.
        return code != applied[2] if applied[0] == "code" else (kind, value) != applied[:2]
    if kind != applied[0]:
        return True
    if kind in ("percentage", "amount") and value != applied[1]:
        return True
    return bool(code) and code != applied[2]


def _discount_consistency(graph: _Graph) -> list[Finding]:
    """A send's discount must be the one the offer/purchase steps it leads to apply.

    Every purchase step reached is compared. The search stops at a send with a discount of
    its own (an escalating reminder starts its own offer; an offer step that names a
    discount is compared first); a send without one (a reminder, product picks) is passed."""
    out: list[Finding] = []
    for source in graph.topological():
        step = graph.steps[source]
        if not graph.is_send(source):
            continue
        promised = _promised_terms(step)
        if promised is None:
            continue
        seen, queue = {source}, deque([source])
        while queue:
            for target, _, _ in graph.edges[queue.popleft()]:
                if target in seen:
                    continue
                seen.add(target)
                target_step = graph.steps[target]
                target_kind = kind_of(type_of(target_step))
                if target_kind.checkout and not target_kind.sends_text:
                    applied = _step_terms(target_step)
                    if _terms_disagree(promised, applied, target_kind):
                        out.append(_inconsistent(graph, source, target, promised, applied))
                elif target_kind.sends_text and (applied := _promised_terms(target_step)) is not None:
                    # An offer step that names a discount must name this one; any send that
                    # carries a discount promises on its own from here.
                    if target_kind.checkout and _terms_disagree(promised, applied, target_kind):
                        out.append(_inconsistent(graph, source, target, promised, applied))
                    continue
                queue.append(target)
    return out


def _inconsistent(
    graph: _Graph, source: int, target: int, promised: _Terms, applied: _Terms | None
) -> Finding:
    send, checkout = graph.steps[source], graph.steps[target]
    send_id, checkout_id = send.get("id"), checkout.get("id")
    return finding(
        codes.DISCOUNT_INCONSISTENT,
        f"Step {send_id!r} promises {_describe_terms(promised)} but the {type_of(checkout)} step "
        f"{checkout_id!r} it leads to applies {_describe_terms(applied)}",
        path=f"/steps/{target}",
        step_id=checkout_id if isinstance(checkout_id, str) else None,
        hint=f"Set {_describe_terms(promised)} on {checkout_id!r} (discount type, value and code), "
        f"or change the discount in {send_id!r} so the customer is charged what the message says.",
    )


# ------------------------------------------------------------------ properties as entry filters

# Segment property operators that admit only customers who already have the property (or a
# given value of it). The negative ones ("does not exist", "not equal to", "not containing")
# are the usual way to keep customers from going through a flow twice: not reported.
_REQUIRES_PROPERTY = frozenset({"that exists", "with a value of", "with a value containing"})
_TRUE_WORDS = frozenset({"true", "yes", "1", "y", "on"})


def _property_key(name: Any) -> str:
    # Property steps write snake_case names; a segment may spell the same property otherwise.
    return re.sub(r"[^a-z0-9]+", "_", str(name or "").strip().lower()).strip("_")


def _plain_value(value: Any) -> str:
    text = str(value if value is not None else "").strip().lower()
    return "true" if text in _TRUE_WORDS else text


def _properties_set(graph: _Graph) -> dict[str, tuple[str, str]]:
    """Property key -> (value written, id of the first property step writing it)."""
    written: dict[str, tuple[str, str]] = {}
    for i in graph.index_of.values():
        step = graph.steps[i]
        props = step.get("properties")
        if "properties" not in kind_of(type_of(step)).roles or not isinstance(props, list):
            continue
        for prop in props:
            key = _property_key(prop.get("name")) if isinstance(prop, dict) else ""
            if key and key not in written:
                written[key] = (str(prop.get("value", "")), str(step.get("id")))
    return written


def _filter_requires(cond: dict[str, Any], value_set: str) -> str | None:
    """How `cond` words its demand, when it admits only customers who already carry what the
    flow sets; None when it does not (a negative filter, or another value of the property)."""
    if str(cond.get("operator") or "has").strip().lower() == "has_not":
        return None
    operator = str(cond.get("propertyOperator") or "").strip().lower()
    wanted = str(cond.get("propertyValue") if cond.get("propertyValue") is not None else "")
    if operator not in _REQUIRES_PROPERTY:
        return None
    if operator == "that exists":
        return "already have it"
    if operator == "with a value of" and _plain_value(wanted) == _plain_value(value_set):
        return f"already have it set to {wanted!r}"
    if operator == "with a value containing" and _plain_value(wanted) in _plain_value(value_set):
        return f"already have a value containing {wanted!r}"
    return None


def _property_entry_filters(graph: _Graph) -> list[Finding]:
    """A property the flow sets must not also be what its entry segment filters on: the
    audience would need the update before receiving it (often nobody enters)."""
    written = _properties_set(graph)
    if not written:
        return []

    def writes_properties(node: int) -> bool:
        return "properties" in kind_of(type_of(graph.steps[node])).roles

    out: list[Finding] = []
    for node in _before_first_send(graph, stop=writes_properties):
        step = graph.steps[node]
        conditions = step.get("conditions")
        if "audience" not in kind_of(type_of(step)).roles or not isinstance(conditions, list):
            continue
        for j, cond in enumerate(conditions):
            if not isinstance(cond, dict) or str(cond.get("type", "")).lower() != "property":
                continue
            key = _property_key(cond.get("propertyName"))
            if key not in written:
                continue
            value, setter = written[key]
            demand = _filter_requires(cond, value)
            if demand is None:
                continue
            out.append(
                finding(
                    codes.PROPERTY_ENTRY_FILTER,
                    f"The flow sets the property {key!r} to {value!r} in step {setter!r}, but the "
                    f"audience segment {step.get('id')!r} only lets in customers who {demand}: "
                    "the update is also an entry filter, so the audience may be empty",
                    path=f"/steps/{node}/conditions/{j}",
                    step_id=step.get("id") if isinstance(step.get("id"), str) else None,
                    hint=f"Remove the {key!r} condition from segment {step.get('id')!r} (the flow sets "
                    f"it in {setter!r}), or filter on {key!r} not existing yet to keep repeat "
                    "customers out.",
                )
            )
    return out
