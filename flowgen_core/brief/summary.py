""" "What I understood": the facts read from a brief, in a few lines a marketer can check at a glance.

Pure: facts in, lines out. Shells decide where the lines go (CLI stderr, the REST response,
the Slack preview).
"""

from __future__ import annotations

from flowgen_core.brief.extract import (
    AudienceCondition,
    CampaignBrief,
    Discount,
    Duration,
    FrequencyCap,
)
from flowgen_core.brief.intent import not_understood

_MAX_QUOTED = 80


def _condition(c: AudienceCondition) -> str:
    if c.kind == "event":
        verb = "has" if c.operator == "has" else "has not"
        action = (c.action or "done something").replace("_", " ")
        window = f" in the last {c.days} days" if c.days else ""
        return f"{verb} {action}{window}"
    operator = c.property_operator or "with a value of"
    if c.property_value is None:
        return f"{c.property_name} {operator}"
    symbol = {"with a value of": "=", "with a value not equal to": "≠"}.get(operator, operator)
    return f"{c.property_name} {symbol} {c.property_value}"


def _discount(d: Discount) -> str:
    if d.kind == "percentage":
        return f"{d.value}% off"
    if d.kind == "amount":
        return f"${d.value} off"
    if d.kind == "code":
        return f"code {d.code}"
    return "free shipping"


def _duration(d: Duration) -> str:
    unit = d.unit[:-1] if d.value == 1 else d.unit
    return f"{d.value} {unit}"


def _cap(c: FrequencyCap) -> str:
    times = "once" if c.occurrences == 1 else f"{c.occurrences} times"
    return f"at most {times} per {c.timespan} {c.period.lower()}"


def _quote(words: str) -> str:
    return f'"{words}"' if len(words) <= _MAX_QUOTED else f'"{words[: _MAX_QUOTED - 3]}..."'


def fact_lines(brief: CampaignBrief) -> dict[str, str]:
    """The stated facts of `brief` by kind ("Offer" -> "15% off"), in reading order.

    One wording for a fact everywhere it is shown: "What I understood" and a flow spec's
    change list ("Offer: 15% off → 20% off") are built from these.
    """
    facts: dict[str, str] = {}
    if brief.audience:
        facts["Audience"] = "; ".join(_condition(c) for c in brief.audience)
    if brief.discounts:
        facts["Offer"] = ", ".join(_discount(d) for d in brief.discounts)
    if brief.reply_keywords:
        replies = [
            f"{kw.upper()} → {brief.reply_meanings[kw]}" if kw in brief.reply_meanings else kw.upper()
            for kw in brief.reply_keywords
        ]
        facts["Replies"] = ", ".join(replies)
    timing = [f"wait {_duration(d)}" for d in brief.waits]
    timing += [f"no reply after {_duration(d)}" for d in brief.no_reply_after]
    if brief.reminders:
        timing.append(f"{brief.reminders} reminder(s)")
    if timing:
        facts["Timing"] = ", ".join(timing)
    caps = [_cap(c) for c in brief.frequency_caps] + [f"enter {_cap(c)}" for c in brief.entry_limits]
    if caps:
        facts["Caps"] = "; ".join(caps)
    if brief.send_windows:
        windows = [w.text or f"{w.start or '?'} – {w.end or '?'}" for w in brief.send_windows]
        facts["Send windows"] = "; ".join(windows)
    if brief.send_hours:
        hours = [f"{h.start}–{h.end}" + (f" {h.timezone}" if h.timezone else "") for h in brief.send_hours]
        facts["Send hours (daily)"] = "; ".join(hours)
    if brief.property_updates:
        facts["Updates"] = ", ".join(f"set {u.name} = {u.value}" for u in brief.property_updates)
    if brief.experiment:
        facts["Test"] = f"{brief.experiment.groups}-way split {brief.experiment.split}"
    if brief.products:
        facts["Products"] = ", ".join(p.name or p.variant_id for p in brief.products)
    if brief.max_segments:
        facts["Length"] = f"at most {brief.max_segments} SMS segment(s) per message"
    return facts


def understood_lines(brief: CampaignBrief) -> list[str]:
    """'What I understood' then 'Not used / assumed' lines for `brief`, each one short sentence."""
    lines = [f"{kind}: {value}" for kind, value in fact_lines(brief).items() if kind != "Length"]
    assumed: list[str] = []
    if not brief.audience:
        assumed.append("Assumed: everyone who entered the flow (no audience filter was stated)")
    if brief.playbook:
        assumed.append(f"Assumed: a {brief.playbook.replace('_', ' ')} flow")
    unread = [f"Not used: {_quote(words)}" for words in not_understood(brief.text)]
    # Plain lines: each shell adds its own heading (the CLI's "What I understood:", the Slack
    # preview's bold title, REST's `metadata.understood` field name).
    return (lines or ["Nothing specific"]) + unread + assumed
