"""The model's reading of the brief against the extractor's: disagreements become findings.

With a model the plan carries `reading` (audience, discount, reply keywords, timing). The
extractor's facts stay what the flow is checked against; where the two readings differ the
report says so with both, so a person decides — neither side silently overrides the other.
"""

from __future__ import annotations

import re

from flowgen_core.brief import CampaignBrief, Discount
from flowgen_core.check.report import Finding
from flowgen_core.plan.model import PlanReading

INTERPRETATION_MISMATCH = "brief_interpretation_mismatch"

_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_AMOUNT = re.compile(r"\$\s*(\d+(?:\.\d+)?)")
_CODE = re.compile(r"\bcode\s+([A-Z0-9][A-Z0-9_-]{2,})\b", re.IGNORECASE)
_NONE = re.compile(r"^\s*(?:none|no|null|n/?a|-)?\s*$", re.IGNORECASE)


def _norm_number(value: str | None) -> str:
    text = (value or "").strip()
    return text[:-2] if text.endswith(".0") else text


def _extracted_discounts(discounts: list[Discount]) -> set[str]:
    out: set[str] = set()
    for d in discounts:
        if d.kind == "percentage":
            out.add(f"{_norm_number(d.value)}%")
        elif d.kind == "amount":
            out.add(f"${_norm_number(d.value)}")
        elif d.kind == "code" and d.code:
            out.add(f"code {d.code.upper()}")
        elif d.kind == "free_shipping":
            out.add("free shipping")
    return out


def _read_discounts(text: str | None) -> set[str]:
    if text is None or _NONE.match(text):
        return set()
    out = {f"{_norm_number(m)}%" for m in _PERCENT.findall(text)}
    out |= {f"${_norm_number(m)}" for m in _AMOUNT.findall(text)}
    out |= {f"code {m.upper()}" for m in _CODE.findall(text)}
    if "free shipping" in text.lower():
        out.add("free shipping")
    return out


def _show(values: set[str]) -> str:
    return ", ".join(sorted(values)) or "none"


def compare_readings(reading: PlanReading | None, brief: CampaignBrief | None) -> list[Finding]:
    """Warnings where the model's reading and the extracted facts disagree."""
    if reading is None or brief is None:
        return []
    findings: list[Finding] = []
    extracted, read = _extracted_discounts(brief.discounts), _read_discounts(reading.discount)
    # Only compare what both can express: the extractor may know a code the model folded into a %.
    if extracted != read and (extracted or read):
        findings.append(_mismatch("discount", _show(extracted), reading.discount or "none"))
    extracted_kw = {k.lower() for k in brief.reply_keywords}
    read_kw = {k.strip().lower() for k in reading.reply_keywords if k.strip()}
    if extracted_kw != read_kw:
        findings.append(_mismatch("reply keywords", _show(extracted_kw), _show(read_kw)))
    days_extracted = {c.days for c in brief.audience if c.days}
    days_read = {int(n) for n in re.findall(r"\b(\d{1,4})\s*days?\b", reading.audience or "")}
    if days_extracted and days_read and days_extracted != days_read:
        findings.append(
            _mismatch(
                "audience window",
                ", ".join(f"{d} days" for d in sorted(days_extracted)),
                reading.audience or "",
            )
        )
    return findings


def _mismatch(fact: str, extracted: str, model: str) -> Finding:
    return Finding(
        code=INTERPRETATION_MISMATCH,
        severity="warning",
        message=f"The brief's {fact} was read two ways: the rule reader found {extracted}; the model read {model!r}.",
        hint="Check the brief and say which reading is right (e.g. refine the flow with the intended value).",
        path=f"reading.{fact.replace(' ', '_')}",
    )
