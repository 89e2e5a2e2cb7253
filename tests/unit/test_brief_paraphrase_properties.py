"""Property: rewording a brief without changing its meaning leaves the extracted facts alone.

The briefs are assembled from clause templates (audience, offer, timing, replies, caps); each is
then written several ways that mean the same: digits or number words, a capital or not at the
start of each clause, with or without closing punctuation, as prose or as a bulleted list, with
or without a hedge before a wait ("wait like 3 days").
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowgen_core.brief import extract_brief

TODAY = date(2026, 3, 2)

_WORDS = {
    2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 10: "ten", 12: "twelve",
    14: "fourteen", 15: "fifteen", 20: "twenty", 25: "twenty-five", 30: "thirty", 45: "forty-five",
}  # fmt: skip

_AUDIENCE = [
    "customers who placed an order in the last {days} days",
    "people who viewed a product in the past {days} days",
    "shoppers who added to cart in the last {hours} hours",
    "subscribers who haven't ordered in {days} days",
]
_OFFER = [
    "give them {pct}% off",
    "offer {pct} percent off with code SAVE{pct}",
    "take ${amount} off their order",
]
_TIMING = [
    "if no reply after {hours} hours send one reminder",
    "wait {days} days then follow up",
    "if they don't respond within {days} days send a last nudge",
]
_REPLIES = ["reply YES to buy", "reply SHOP to see the range", "reply GO to claim it"]
_CAPS = ["no more than {cap} texts per week", "at most {cap} messages per {days} days"]


def _number(n: int, as_word: bool) -> str:
    return _WORDS[n] if as_word and n in _WORDS else str(n)


@st.composite
def _brief(draw: st.DrawFn) -> tuple[list[str], dict[str, int]]:
    numbers = {
        "days": draw(st.sampled_from([2, 3, 4, 5, 7, 14, 30, 45])),
        "hours": draw(st.sampled_from([2, 3, 4, 6, 12])),
        "pct": draw(st.sampled_from([10, 15, 20, 25, 30])),
        "amount": draw(st.sampled_from([5, 10, 15, 20])),
        "cap": draw(st.sampled_from([2, 3, 4])),
    }
    clauses = [draw(st.sampled_from(_AUDIENCE)), draw(st.sampled_from(_OFFER))]
    for optional in (_TIMING, _REPLIES, _CAPS):
        if draw(st.booleans()):
            clauses.append(draw(st.sampled_from(optional)))
    return clauses, numbers


def _write(
    clauses: list[str],
    numbers: dict[str, int],
    *,
    words: bool,
    capital: bool,
    stop: str,
    bullets: bool,
    hedge: str = "",
) -> str:
    # codes keep their digits ("SAVE15" is a code, not a number written out)
    filled = []
    for clause in clauses:
        text = clause.replace("wait {", f"wait {hedge}{{")  # "wait like 3 days" is "wait 3 days"
        for key, n in numbers.items():
            text = text.replace("SAVE{" + key + "}", f"SAVE{n}")
            if words:  # "$5 off" said in words is "five dollars off"
                text = text.replace("${" + key + "}", _number(n, True) + " dollars")
            text = text.replace("{" + key + "}", _number(n, words))
        if words:
            text = text.replace("% off", " percent off")
        filled.append(text[:1].upper() + text[1:] if capital else text)
    if bullets:
        return "\n".join(f"- {c}{stop}" for c in filled)
    return " ".join(f"{c}{stop or '.'}" for c in filled[:-1]) + f" {filled[-1]}{stop}"


def _facts(text: str) -> dict:
    return extract_brief(text, today=TODAY).model_dump(exclude={"text", "topics"})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    brief=_brief(),
    words=st.booleans(),
    capital=st.booleans(),
    stop=st.sampled_from(["", ".", "!"]),
    bullets=st.booleans(),
    hedge=st.sampled_from(["", "like ", "about ", "roughly "]),
)
def test_paraphrase_preserving_changes_keep_the_facts(
    brief: tuple[list[str], dict[str, int]], words: bool, capital: bool, stop: str, bullets: bool, hedge: str
) -> None:
    clauses, numbers = brief
    plain = _write(clauses, numbers, words=False, capital=True, stop=".", bullets=False)
    variant = _write(clauses, numbers, words=words, capital=capital, stop=stop, bullets=bullets, hedge=hedge)
    assert _facts(variant) == _facts(plain), (plain, variant)
