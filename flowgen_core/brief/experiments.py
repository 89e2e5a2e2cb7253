"""A/B tests: how many groups, the split between them, and the variants named."""

from __future__ import annotations

from functools import lru_cache

from flowgen_core import lazy_re as re  # patterns compile on first use (start-up time)
from flowgen_core.brief.context import mentions
from flowgen_core.brief.discounts import extract_discounts
from flowgen_core.brief.model import Discount, ExperimentSpec
from flowgen_core.brief.numbers import parse_count
from flowgen_core.brief.timing import split_noun_pattern, variant_count_pattern
from flowgen_core.brief.vocabulary import load_vocabulary

_EXPERIMENT_RE = re.compile(
    r"\ba\s*/\s*b(?:\s*/\s*[c-f])*\b|\bab\s+test|\bsplit[- ]test|\bmultivariate|\bexperiment\w*"
    # "an 80-20 split", "70/30 split": shares that sum to 100 name a test
    r"|\b(?:[1-9]\d\s*%?\s*[/-]\s*){1,4}[1-9]\d\s*%?\s*(?:traffic\s+)?split\b"
    r"|\btest(?:ing)?\s+(?:two|three|four|2|3|4)\s+(?:versions|variants|variations|messages|options)"
    rf"|\b(?:two|three|four|five|2|3|4|5)[- ]way\s+{split_noun_pattern()}\b",
    re.I,
)
_WAY_COUNT_RE = re.compile(rf"\b(?P<n>two|three|four|five|2|3|4|5)[- ]way\s+{split_noun_pattern()}\b", re.I)
_GROUP_COUNT_RE = re.compile(
    r"\b(?P<n>two|three|four|five|2|3|4|5)\s+(?:different\s+)?(?:versions|variants|variations|groups|arms|options|messages)\b",
    re.I,
)
_SPLIT_RE = re.compile(
    r"\b(\d{1,2})\s*%?\s*[/-]\s*(\d{1,2})\s*%?(?:\s*[/-]\s*(\d{1,2})\s*%?)?(?=\s*(?:split|%|\b))"
)
_ONE_AND_ONE_RE = re.compile(
    r"\bone\s+(?:that(?:'s|\s+is)\s+|more\s+)?(?P<a>[\w%$-]+)\s+(?:one\s+|version\s+|tone\s+)?"
    r"(?:and|,)\s+(?:one|the\s+other|another)\s+(?:that(?:'s|\s+is)\s+|more\s+)?(?P<b>[\w%$-]+)",
    re.I,
)
_VERSUS_RE = re.compile(r"\s+(?:versus|vs\.?|v\.)\s+", re.I)
_VARIANT_LEFT_CUT_RE = re.compile(r"\b(?:test(?:ing)?|compare|comparing|between|of)\b|[,:;(]", re.I)


# "60% get version A and 40% version B", "variant A 70%, variant B 30%": a share per named group
_SHARE_BEFORE_RE = re.compile(
    r"\b(?P<n>\d{1,2})\s*%\s+(?:of\s+(?:the\s+)?(?:audience|people|customers|list|traffic|recipients)\s+)?"
    r"(?:(?:gets?|sees?|receives?|goes\s+to|to|on|for)\s+)?(?:the\s+)?(?:version|variant|group|arm|copy|message)\s+"
    r"(?P<g>[A-E1-5])\b",
    re.I,
)
_SHARE_AFTER_RE = re.compile(
    r"\b(?:version|variant|group|arm)\s+(?P<g>[A-E1-5])\b\s*(?:[:=(-]|\bat\b|\bgets\b|\bwith\b|\bto\b)?\s*"
    r"(?P<n>\d{1,2})\s*%",
    re.I,
)


@lru_cache(maxsize=1)
def _named_variant_re() -> re.Pattern[str]:
    """ "variant A says 15% off, variant B free shipping", "version 1: urgent; version 2: playful",
    "la versión A con 15 %, la B con envío gratis": what each named group gets, in the order the
    groups are named. A later group may drop its label noun after an article ("la B")."""
    vocab = load_vocabulary("experiments")
    labels, elided = ("|".join(vocab[key]) for key in ("group_labels", "elided_labels"))
    # an article alone names a group only with a capital letter after a first group ("la B con")
    label = rf"(?:\b(?:{labels})\s+(?P<g>[A-E1-5])|(?<!\w)(?:{elided})\s+(?-i:(?P<e>[B-E])))\b"
    return re.compile(
        rf"{label}\s*"
        r"(?:[:=(-]\s*|(?:says|gets|with|is|offers|shows|sees|receives|dice|ofrece|recibe|con|dit|offre|propose"
        r"|re[çc]oit|avec|sagt|bietet|bekommt|erh[äa]lt|mit)\s+)?"
        r"(?P<d>[^,.;:()]{1,60}?)\s*(?=[,.;()]|\b(?:and|y|et|und)\b|$"
        rf"|\b(?:{labels})\s+[A-E1-5]\b|(?<!\w)(?:{elided})\s+(?-i:[B-E])\b)",
        re.I,
    )


@lru_cache(maxsize=1)
def _halves_re() -> re.Pattern[str]:
    """ "half get 10% off, the other half free shipping", "half get 10% off, half get $5 off",
    "la mitad recibe 10% off, la otra mitad 5 € off", "send half the list version 1 and the other
    half version 2": what each half of the audience gets."""
    vocab = load_vocabulary("experiments")
    half, other, gets, send, of, joined, audience = (
        "|".join(vocab[key]) for key in ("half", "other_half", "gets", "send_verbs", "of", "and", "audience")
    )
    # a first half gets its words through a verb: "half of our customers are VIPs" is no group
    first = rf"(?:\b(?:{send})\s+(?:{half})\s+(?:(?:{of})\s+)?(?:(?:{audience})\s+)?(?:(?:{gets})\s+)?"
    first += rf"|\b(?:{half})\s+(?:(?:{of})\s+(?:{audience})\s+)?(?:{gets})\s+)"
    return re.compile(
        rf"{first}(?P<a>[^,.;()]{{1,60}}?)\s*[,;]?\s*(?:(?:{joined})\s+)?"
        rf"(?<!\w)(?:{other})\s+(?:(?:{gets})\s+)?(?P<b>[^,.;()]{{1,60}}?)\s*(?=[,.;()]|$)",
        re.I,
    )


@lru_cache(maxsize=1)
def _shares_re() -> re.Pattern[str]:
    """ "70% get 10% off, 30% get free shipping", "60% of them receive X and the other 40% Y":
    two shares of the audience, each with what it gets."""
    vocab = load_vocabulary("experiments")
    gets, audience = ("|".join(vocab[key]) for key in ("gets", "audience"))
    share = rf"(?P<{{n}}>[1-9]\d)\s*%\s+(?:of\s+(?:{audience})\s+)?"
    return re.compile(
        rf"(?<![\d.,])(?:(?<=\s)|^){share.format(n='n1')}(?:{gets})\s+(?P<a>[^,.;()]{{1,60}}?)\s*[,;]?\s*"
        rf"(?:and\s+|while\s+)?(?:the\s+(?:other|remaining|rest)\s+)?{share.format(n='n2')}"
        rf"(?:(?:{gets})\s+)?(?P<b>[^,.;()]{{1,60}}?)\s*(?=[,.;()]|$)",
        re.I,
    )


@lru_cache(maxsize=1)
def _split_audience_re() -> re.Pattern[str]:
    """ "split them 50/50", "split the list 70/30", "split our customers in half": the audience
    divided into groups ("split payment", "a 50/50 chance" divide no audience)."""
    audience = "|".join(load_vocabulary("experiments")["audience"])
    return re.compile(
        rf"\bsplit(?:ting)?\s+(?:{audience})\s+(?:(?:in|into)\s+)?"
        r"(?:(?:[1-9]\d\s*%?\s*[/-]\s*){1,4}[1-9]\d\b|half\b|halves\b|two\b|2\s+groups\b)",
        re.I,
    )


# a description that is only the group's share of the audience ("variant A 70%") names no variant
_SHARE_ONLY_RE = re.compile(r"^\d{1,3}\s*%(?:\s+(?:of\s+\w+|traffic|split|share))?$", re.I)


def _shares(text: str) -> tuple[list[str], list[int]]:
    """(what each share gets, the shares) for "70% get X, 30% get Y" when they sum to 100."""
    for m in _shares_re().finditer(text):
        shares = [int(m.group("n1")), int(m.group("n2"))]
        if sum(shares) == 100:
            return [m.group("a").strip().lower(), m.group("b").strip().lower()], shares
    return [], []


def _named_variants(text: str) -> list[str]:
    """What each named group of the test gets, when two or more are described."""
    halves = _halves_re().search(text)
    if halves:
        return [_bare(halves.group("a")), _bare(halves.group("b"))]
    shared, _ = _shares(text)
    if shared:
        return [_bare(v) for v in shared]
    found: dict[str, str] = {}
    for m in _named_variant_re().finditer(text):
        group = (m.group("g") or m.group("e")).upper()
        if m.group("e") and not found:
            continue  # "la B" is a group's label only after a first group is named
        described = m.group("d").strip()
        if described and not _SHARE_ONLY_RE.match(described):
            found.setdefault(group, _bare(described))
    return list(found.values()) if len(found) >= 2 else []


def _bare(words: str) -> str:
    """A variant's words without a leading article ("la versión 1" -> "versión 1"), lower case."""
    elided = "|".join(load_vocabulary("experiments")["elided_labels"])
    return re.sub(rf"^(?:{elided})\s+", "", words.strip(), flags=re.I).lower()


def _told_apart(text: str) -> bool:
    """Whether the groups are told apart as test groups on their own: halves or shares that each
    get something, or groups named by a test label ("Gruppe A ..., Gruppe B ..."); a menu's
    "option A ..., option B ..." is a test only beside a test word."""
    if _halves_re().search(text) or _shares(text)[0]:
        return True
    labels = "|".join(load_vocabulary("experiments")["test_group_labels"])
    return re.search(rf"\b(?:{labels})\s+[A-E1-5]\b", text, re.I) is not None


def _named_shares(text: str) -> list[int]:
    """Shares written per group, in group order, when they sum to 100; else []."""
    for pattern in (_SHARE_BEFORE_RE, _SHARE_AFTER_RE):
        shares: dict[str, int] = {}
        for m in pattern.finditer(text):
            shares.setdefault(m.group("g").upper(), int(m.group("n")))
        if len(shares) >= 2 and sum(shares.values()) == 100 and all(shares.values()):
            return [shares[g] for g in sorted(shares)]
    return []


def _stated_split(text: str) -> list[int]:
    """The group shares the brief writes ("70/30", "60% get version A and 40% version B"), or []."""
    for m in _SPLIT_RE.finditer(text):
        parts = [int(x) for x in m.groups() if x]
        near_split = re.search(
            r"split|group|traffic|audience|\ba\s*/\s*b\b|\bab\b|test|variants?\b|versions?\b|experiment|arms?\b",
            text[max(0, m.start() - 20) : m.end() + 20],
            re.I,
        )
        if sum(parts) == 100 and all(parts) and near_split:
            return parts
    return _named_shares(text) or _shares(text)[1]


def _experiment_keyword(text: str) -> re.Match[str] | None:
    keyword = _EXPERIMENT_RE.search(text) or variant_count_pattern().search(text)
    if keyword:
        return keyword
    # "run a test: 3 versions, 40/30/30": shares summing to 100 beside a test word
    for m in _SPLIT_RE.finditer(text):
        parts = [int(x) for x in m.groups() if x]
        near = text[max(0, m.start() - 30) : m.end() + 30]
        if (
            sum(parts) == 100
            and all(parts)
            and re.search(r"\btest\w*|\bvariants?\b|\bversions?\b", near, re.I)
        ):
            return m
    return None


# words one of which any test the reader knows contains: a brief with none skips every pattern
_GATE_WORDS = (
    "/", "test", "experiment", "multivariate", "versus", "vs", " v. ", "way", "split", "try", "trial",
    "compar", "rotat", "half", "%", "group", "grup", "versi", "varia",
)  # fmt: skip


def extract_experiment(text: str) -> ExperimentSpec | None:
    if not mentions(text.lower(), *_GATE_WORDS):
        return None
    keyword = _experiment_keyword(text)
    versus = _VERSUS_RE.search(text)
    variants = _named_variants(text)
    # groups told apart by what each gets ("half get X, the other half Y", "Gruppe A ..., Gruppe
    # B ...") or an audience split ("split them 50/50") are a test without the word
    told_apart = bool(variants) and _told_apart(text)
    split_audience = _split_audience_re().search(text) is not None
    if not keyword and not versus and not told_apart and not split_audience:
        return None
    if not keyword and not told_apart:
        variants = []
    variants = variants or _paired_variants(text, versus)
    if not keyword and not variants and not split_audience:
        return None
    groups = _group_count(text, keyword)
    split = _stated_split(text)
    if split:
        groups = len(split)
    groups = max(groups, len(variants))
    if split and len(split) != groups:
        split = []  # shares for some other count of groups: not this test's split
    if not split:
        base = 100 // groups
        split = [base + (1 if i < 100 - base * groups else 0) for i in range(groups)]
    return ExperimentSpec(groups=groups, split=split, variants=variants, offers=[_offer(v) for v in variants])


def _paired_variants(text: str, versus: re.Match[str] | None) -> list[str]:
    """The two variants of "one urgent and one playful" or "BOGO vs 30% off", or []."""
    one_and_one = _ONE_AND_ONE_RE.search(text)
    if one_and_one:
        return [one_and_one.group("a").lower(), one_and_one.group("b").lower()]
    if versus:
        left = text[max(0, versus.start() - 40) : versus.start()]
        cut = 0
        for m in _VARIANT_LEFT_CUT_RE.finditer(left):
            cut = m.end()
        right = re.split(
            # " / " ends an item of a terse list ("BOGO vs 30% off / lapsed 45d / reply YES")
            r"[,.;:!?()\n]|\s/\s|\s+(?:and|with|to|for|then)\s+",
            text[versus.end() : versus.end() + 40],
        )[0]
        a, b = left[cut:].strip(), right.strip()
        if a and b:
            return [a.lower(), b.lower()]
    return []


def _group_count(text: str, keyword: re.Match[str] | None) -> int:
    """How many groups the test's words name ("A/B/C", "four-way", "three versions"); 2 at least."""
    groups = 2
    if keyword:
        letters = re.findall(r"[a-f]", keyword.group(0).lower().replace("test", ""))
        if "/" in keyword.group(0):
            groups = max(groups, len(letters))
    count = _WAY_COUNT_RE.search(text) or _GROUP_COUNT_RE.search(text) or variant_count_pattern().search(text)
    if count:
        groups = max(groups, parse_count(count.group("n") or count.group("m")))
    return groups


def _offer(variant: str) -> Discount | None:
    """The money off a variant's own words offer ("$5 off", "5 € off"), read as any discount is."""
    return next(iter(extract_discounts(variant)), None)
