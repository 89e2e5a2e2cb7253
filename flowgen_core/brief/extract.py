"""`extract_brief`: a marketer's brief -> the `CampaignBrief` of the facts it states.

Everything is pure `re` over a normalised copy of the brief. Each fact has its own small
extractor (one module per fact in this package); `extract_brief` runs them in isolation so
one surprising phrasing can never take the others (or the caller) down.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from flowgen_core.brief.audience import extract_audience, for_new_subscribers, not_set_by_flow
from flowgen_core.brief.background import without_background
from flowgen_core.brief.caps import extract_caps, message_count_limit
from flowgen_core.brief.clauses import Clause, split_clauses
from flowgen_core.brief.context import normalise_text
from flowgen_core.brief.corrections import apply_corrections
from flowgen_core.brief.cues import read_cues, read_translated_cues
from flowgen_core.brief.destinations import reply_asks_again, reply_destinations
from flowgen_core.brief.disclaimed import without_disclaimed
from flowgen_core.brief.discounts import extract_discounts, extract_free_item, refuses_discount
from flowgen_core.brief.excepted import without_excepted
from flowgen_core.brief.exclusions import without_other_campaigns
from flowgen_core.brief.experiments import extract_experiment, quoted_challenger
from flowgen_core.brief.formats import in_source_words, reshape_brief
from flowgen_core.brief.glossary import to_english_cues
from flowgen_core.brief.language import detect_language, requested_copy_language
from flowgen_core.brief.late_notes import audience_taken_back
from flowgen_core.brief.media import MediaFacts, extract_media
from flowgen_core.brief.messages import extract_max_segments, extract_reminders, extract_topics
from flowgen_core.brief.model import (
    AudienceCondition,
    CampaignBrief,
    Discount,
    Duration,
    ExperimentSpec,
    FrequencyCap,
    PropertyUpdate,
)
from flowgen_core.brief.negated import mask_negated, without_ruled_out
from flowgen_core.brief.playbook import classify_playbook, is_series, playbook_for_audience, series_count
from flowgen_core.brief.products import extract_products
from flowgen_core.brief.provenance import fact_value, locate_sources
from flowgen_core.brief.quotes import blank_quotes, extract_quoted_copy, unwrap_forwarded
from flowgen_core.brief.replies import extract_replies
from flowgen_core.brief.reply_actions import local_reply_actions
from flowgen_core.brief.shorthand import tidy_shorthand
from flowgen_core.brief.source import FactSource
from flowgen_core.brief.stated import read_stated_content
from flowgen_core.brief.timing import without_fillers
from flowgen_core.brief.updates import extract_property_updates
from flowgen_core.brief.vip_things import without_vip_things
from flowgen_core.brief.waits import extract_waits, plain_follow_up, series_sends
from flowgen_core.brief.windows import extract_send_hours, extract_send_windows, mask_recurring_days

_T = TypeVar("_T")
_MAX_PHRASE_WORDS = 5


def _safe(fn: Callable[[], _T], default: _T) -> _T:
    try:
        return fn()
    except Exception:  # one odd phrasing must not cost the other facts
        return default


def extract_brief(
    text: str, today: date | None = None, *, language: str | None = None, corrected: bool = False
) -> CampaignBrief:
    """Extract the hard facts a marketer stated in `text`.

    Deterministic, regex-only and cheap (well under a millisecond for a typical brief).
    Never raises: blank input gives an empty brief, and any extractor that trips on odd
    input contributes nothing. Relative dates ("tomorrow", "Friday", "this weekend",
    "December 1") resolve against `today` (default: the local date). `language` reads the
    text in that language instead of the detected one (see `read_instruction`).

    Playbook priority, first match wins: back_in_stock, birthday, abandoned_checkout,
    abandoned_cart, replenishment, sunset, winback, welcome, cross_sell, survey,
    flash_sale, holiday, launch, vip_reorder, else generic. The most specific trigger
    wins; occasions (holiday) and audiences (VIP) only decide when nothing else does.

    Property updates from "record their score as a property" get the value "{{reply}}"
    (the customer's answer) and the name nps_score; "tag them as X" sets X = "true".
    "Only once per customer" becomes an entry limit of 1 per 365 days.

    A brief that corrects itself ("28 days... no wait, 30", "after 24 hours, not 48", "in the
    end no discount") is read with its corrections applied (`corrections.py`); `corrected` says
    they already are.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if not text.strip():
        return CampaignBrief(text=text)
    today = today or date.today()
    # "txt ppl w/ no ordr", "los q vieron", "chekout": read in full words, told in the user's own
    first_language = language or _safe(lambda: detect_language(normalise_text(text)), "en")
    tidied = _safe(lambda: tidy_shorthand(text, first_language), None)
    if tidied is not None and tidied.changed:
        return in_source_words(extract_brief(tidied.text, today, language=language), tidied)
    # INI, KEY=value, CSV rows, FAQ, markdown sections...: read as the labelled clauses they
    # stand for, then told in the user's own words (`formats.py`)
    shaped = _safe(lambda: reshape_brief(text), None)
    if shaped is not None and shaped.changed:
        return in_source_words(extract_brief(shaped.text, today, language=language), shaped)
    fixed = None if corrected else _safe(lambda: apply_corrections(text), None)
    if fixed is not None and fixed.changed:
        # the language of the brief as written: a dropped clause ("El año pasado hicimos …")
        # leaves fewer words to tell it by
        language = language or _safe(lambda: detect_language(normalise_text(text)), None)
        brief = extract_brief(fixed.text, today, language=language, corrected=True)
        return in_source_words(brief, fixed, keep_words=True)
    clean = unwrap_forwarded(normalise_text(text))
    language = language or _safe(lambda: detect_language(clean), "en")
    if language != "en":
        # "in so etwa zwei Stunden": the glossary reads the phrase without its filler
        clean = _safe(lambda: to_english_cues(without_fillers(clean, hedges_only=True), language), clean)
    facts = blank_quotes(clean)
    no_clauses: list[Clause] = []
    clauses = _safe(lambda: split_clauses(clean), no_clauses)
    no_durations: tuple[list[Duration], list[Duration]] = ([], [])
    no_replies: tuple[list[str], dict[str, str]] = ([], {})
    keywords, meanings = _safe(lambda: extract_replies(clean), no_replies)
    waits, no_reply = _safe(lambda: extract_waits(facts, asks_reply=bool(keywords)), no_durations)
    no_caps: tuple[list[FrequencyCap], list[FrequencyCap]] = ([], [])
    caps, entries = _safe(lambda: extract_caps(facts), no_caps)
    no_updates: list[PropertyUpdate] = []
    updates = _safe(lambda: extract_property_updates(facts), no_updates)
    no_audience: list[AudienceCondition] = []
    # background told in passing ("last year we did 30% off") states no fact of this flow
    # and "VIP pricing for everyone" prices a thing: its VIP names no audience
    # and "... - ignore that, it's not a filter" names a group the send does not test
    told = _safe(lambda: without_disclaimed(without_vip_things(without_background(facts, clauses))), facts)
    audience = _safe(lambda: extract_audience(told, clauses), no_audience)
    audience = _safe(lambda: not_set_by_flow(audience, updates, facts, clauses), audience)
    if _safe(lambda: audience_taken_back(facts), False):
        audience = []  # "P.S. don't filter on membership at all": the note takes the filter back
    playbook = _safe(
        lambda: playbook_for_audience(
            classify_playbook(
                mask_negated(
                    without_ruled_out(
                        without_excepted(
                            without_other_campaigns(
                                without_disclaimed(without_vip_things(without_background(clean, clauses))),
                                clauses,
                            )
                        )
                    )
                )
            ),
            audience,
        ),
        "generic",
    )
    audience = _safe(lambda: for_new_subscribers(audience, playbook, facts, clauses), audience)
    stated = _safe(lambda: read_stated_content(text, language), None)
    # a short quoted phrase a message must contain ('the copy must say "by appointment only"') is
    # a part of that message, not its whole copy
    no_copy: list[str] = []
    must_say = {m.words for m in stated.must_say if _short_phrase(m.words)} if stated else set()
    # read from the brief as written: a URL and the questions keep their own spelling
    media = _safe(lambda: extract_media(text), MediaFacts())
    no_discounts: list[Discount] = []
    discounts = _safe(lambda: extract_discounts(without_background(clean, clauses), clauses), no_discounts)
    brief = CampaignBrief(
        text=text,
        playbook=playbook,
        audience=audience,
        discounts=discounts,
        # read as written: the copy names the item in the brief's own words
        free_item=_safe(lambda: extract_free_item(normalise_text(text), language, discounts), None),
        no_discount=_safe(lambda: refuses_discount(clean), False),
        reply_keywords=keywords,
        reply_meanings=meanings,
        reply_destinations=_safe(lambda: reply_destinations(text, keywords), {}),
        # the brief's own words, and the English cues for a wait its language writes in words
        # ("esperamos dos semanas" -> "wait 2 weeks")
        reply_asks_again=_safe(
            lambda: {**reply_asks_again(clean, keywords), **reply_asks_again(text, keywords)}, {}
        ),
        reply_actions_local=_safe(
            lambda: local_reply_actions(text, requested_copy_language([c.text for c in clauses]) or language),
            {},
        ),
        waits=waits,
        no_reply_after=no_reply,
        follow_up_unconditional=_safe(lambda: not no_reply and plain_follow_up(facts), False),
        frequency_caps=caps,
        entry_limits=entries,
        send_windows=_safe(lambda: extract_send_windows(mask_recurring_days(facts), today), []),
        send_hours=_safe(lambda: extract_send_hours(facts), []),
        # the sends a series states ("3 texts, 3 days apart") before the count a series cue names
        series_length=_safe(
            lambda: series_sends(facts) or (series_count(facts) if is_series(facts) else None), None
        ),
        experiment=_safe(lambda: _with_challenger(extract_experiment(facts), normalise_text(text)), None),
        products=_safe(lambda: extract_products(facts), []),
        quoted_copy=[q for q in _safe(lambda: extract_quoted_copy(clean), no_copy) if q not in must_say],
        property_updates=updates,
        max_segments=_safe(lambda: extract_max_segments(facts), None),
        reminders=_safe(lambda: extract_reminders(facts), None),
        max_sends=_safe(lambda: message_count_limit(facts), None),
        # an audience named only to be ruled out ("without singling out VIPs") is no topic of the copy
        topics=_safe(
            lambda: extract_topics(without_ruled_out(mask_negated(facts)), english=language == "en"), []
        ),
        language=_safe(lambda: requested_copy_language([c.text for c in clauses]), None) or language,
        source_language=language,
        image_url=media.image_url,
        image_requested=media.image_requested,
        quiz_questions=media.quiz_questions,
        quiz_requested=media.quiz_requested,
    )
    for source in media.sources:  # located by the reader itself, valued like every other fact
        source.value = fact_value(brief, source.fact, source.index)
    no_sources: list[FactSource] = []
    brief.sources = _safe(lambda: locate_sources(brief), no_sources) + media.sources
    if language == "en":
        brief.cues = _safe(lambda: read_cues(text, brief.discounts), None)
    else:
        brief.cues = _safe(lambda: read_translated_cues(text, clean, brief.discounts), None)
    brief.stated = stated
    return brief


def _with_challenger(experiment: ExperimentSpec | None, text: str) -> ExperimentSpec | None:
    """A test against a version whose words the brief quotes ("against a version that just says
    'free engraving'"): the first group gets the flow's own copy, the second says the quote (kept
    in its quote marks, so the planner writes it as given, in the brief's own language)."""
    if experiment is None or experiment.variants:
        return experiment
    words = quoted_challenger(text)
    if words is None:
        return experiment
    variants = ["", f"\u201c{words}\u201d", *([""] * (experiment.groups - 2))]
    return experiment.model_copy(update={"variants": variants, "offers": [None] * len(variants)})


def _short_phrase(words: str) -> bool:
    """A phrase of a few words, no template variable and no sentence end: not a whole SMS."""
    return len(words.split()) <= _MAX_PHRASE_WORDS and "{{" not in words and words[-1:] not in ".!?"
