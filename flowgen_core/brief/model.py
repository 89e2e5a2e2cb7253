"""CampaignBrief and its parts: the hard facts a marketer wrote in a brief.

Extraction is deterministic (regular expressions and small vocabularies, no LLM) so it
can both feed the planners and check their output (validate/brief.py); `brief.extract` fills
these models.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from flowgen_core.brief.cues import BriefCues
from flowgen_core.brief.source import FactSource
from flowgen_core.brief.stated import StatedContent

WaitUnit = Literal["seconds", "minutes", "hours", "days"]


class Duration(BaseModel):
    value: int = Field(gt=0)
    unit: WaitUnit

    @property
    def seconds(self) -> int:
        return self.value * {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}[self.unit]


class AudienceCondition(BaseModel):
    kind: Literal["event", "property"]
    operator: Literal["has", "has_not"] = "has"
    # event conditions
    action: str | None = None  # placed_order, clicked_link, viewed_product, ...
    days: int | None = None  # "in the last N days"; None = all time
    # property conditions
    property_name: str | None = None
    property_operator: str | None = None  # "with a value of", "that exists", ...
    property_value: str | None = None


class Discount(BaseModel):
    kind: Literal["percentage", "amount", "code", "free_shipping"]
    value: str | None = None  # digits for percentage/amount
    code: str | None = None


class FrequencyCap(BaseModel):
    occurrences: int = Field(gt=0)
    timespan: int = Field(gt=0)
    period: Literal["Minutes", "Hours", "Days"]


class SendWindow(BaseModel):
    start: str | None = None  # ISO-8601 local date-time or date
    end: str | None = None
    timezone: str | None = None  # IANA name, e.g. America/Los_Angeles
    text: str = ""  # the words it came from


class SendHours(BaseModel):
    """A daily sending window ("only between 10am and 7pm Eastern"): hours, not dates."""

    start: str  # local time of day, "HH:MM"
    end: str
    timezone: str | None = None  # IANA name
    text: str = ""  # the words it came from
    # the days of the week it holds on ("mon".."sun"); empty: every day
    days: list[str] = Field(default_factory=list)


class ExperimentSpec(BaseModel):
    groups: int = 2
    split: list[int] = Field(default_factory=lambda: [50, 50])
    variants: list[str] = Field(default_factory=list)  # e.g. ["urgent", "playful"]
    # the money off each variant's own words offer, in variant order ("$5 off", "5 € off"); None
    # for a variant that offers none ("urgent")
    offers: list[Discount | None] = Field(default_factory=list)


class ProductRef(BaseModel):
    variant_id: str
    quantity: int = 1
    name: str | None = None


class PropertyUpdate(BaseModel):
    name: str
    value: str
    # the reply keyword whose answer sets it ("anyone who replies IN gets waitlist = yes");
    # None when the brief ties it to no single reply
    on_reply: str | None = None
    # set after a reply, whichever keyword it is ("mark everyone who replies with rsvp = yes")
    after_reply: bool = False


class CampaignBrief(BaseModel):
    text: str
    playbook: str | None = None  # vip_reorder, winback, welcome, abandoned_cart, ...
    audience: list[AudienceCondition] = Field(default_factory=list)
    discounts: list[Discount] = Field(default_factory=list)
    # the brief rules money off out ("no discount this time", "sin descuento"): said so in its summary
    no_discount: bool = Field(default=False, exclude=True, repr=False)
    # what a code gives when it is no money off ("a free churro with code CHURRO", "un café offert
    # avec le code CAFE"), as the brief writes it: the copy names it instead of a discount
    free_item: str | None = Field(default=None, exclude=True, repr=False)
    reply_keywords: list[str] = Field(default_factory=list)  # lower-case intents
    # what a keyword stands for when the brief says so: {"1": "new arrivals", "yes": "buy"}
    reply_meanings: dict[str, str] = Field(default_factory=dict)
    # where the brief says a reply leads ("RENEW -> purchase offer"): a name of
    # `brief.destinations.DESTINATIONS`; and the wait before a reply's question comes again
    reply_destinations: dict[str, str] = Field(default_factory=dict)
    reply_asks_again: dict[str, Duration] = Field(default_factory=dict)
    # what a keyword does in the brief's own words, for ES/FR/DE copy ("reservar tu plaza"), by
    # the keyword's letters without accents
    reply_actions_local: dict[str, str] = Field(default_factory=dict, exclude=True, repr=False)
    waits: list[Duration] = Field(default_factory=list)  # explicit delays, in order
    no_reply_after: list[Duration] = Field(default_factory=list)
    # the follow-up is timed "X later" with no word of silence: it follows a plain wait
    follow_up_unconditional: bool = Field(default=False, exclude=True, repr=False)
    frequency_caps: list[FrequencyCap] = Field(default_factory=list)
    entry_limits: list[FrequencyCap] = Field(default_factory=list)
    send_windows: list[SendWindow] = Field(default_factory=list)
    send_hours: list[SendHours] = Field(default_factory=list)  # daily windows, no dates
    series_length: int | None = None  # "three-part series" -> 3 sends
    experiment: ExperimentSpec | None = None
    products: list[ProductRef] = Field(default_factory=list)
    quoted_copy: list[str] = Field(default_factory=list)
    property_updates: list[PropertyUpdate] = Field(default_factory=list)
    max_segments: int | None = None  # "keep it to one SMS"
    reminders: int | None = None  # "send one reminder"
    # the most sends any one path may hold ("2 texts max", "máximo 2 mensajes"); None: no cap
    max_sends: int | None = None
    topics: list[str] = Field(default_factory=list)  # nouns worth keeping in copy (coffee, swimwear)
    # the picture the brief gives its text ("with the photo https://.../fall.jpg"); None: none given
    image_url: str | None = None
    # a picture is asked for ("send it as an MMS"), with or without its address: reported when
    # no address is given, never made up. Derived from `text`, so never dumped.
    image_requested: bool = Field(default=False, exclude=True, repr=False)
    # the questions of a quiz, in the brief's words ("1. What is your skin type?")
    quiz_questions: list[str] = Field(default_factory=list)
    # a quiz is asked for, its questions listed or not (reported when not). Never dumped.
    quiz_requested: bool = Field(default=False, exclude=True, repr=False)
    # ISO 639-1 code of the language the copy is written in: the brief's own language unless a
    # clause asks for another ("the texts must be in English"); source_language is the brief's
    language: str = "en"
    source_language: str = "en"
    # where each fact above was read (brief.provenance): the words, their offsets, stated/assumed.
    # Derived from `text`, so left out of dumps (stored specs, model prompts) and of repr.
    sources: list[FactSource] = Field(default_factory=list, exclude=True, repr=False)
    # the planning cues (brief.cues), read from `text` by `extract_brief`; None on a brief built
    # by hand, whose cues `brief.facts.cues_of` reads on demand. Derived, so never dumped.
    cues: BriefCues | None = Field(default=None, exclude=True, repr=False)
    # what the brief says its messages say (brief.stated), read from `text` like the cues; None
    # on a brief built by hand (`brief.facts.stated_of` reads it on demand). Never dumped.
    stated: StatedContent | None = Field(default=None, exclude=True, repr=False)

    def is_empty(self) -> bool:
        return not self.text.strip()
