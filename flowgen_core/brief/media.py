"""Images and quizzes a brief asks for: the picture a text carries, the questions a quiz asks.

Both are read from the brief's own words and never made up. An image is attached only with
the address the brief gives; a request without one is reported ("an image was asked for, no
URL given"). A quiz takes only the questions the brief lists (numbered, or "ask them X, Y and
Z"); a quiz named without its questions is reported instead. The words are data in
`vocab/media.json`; each fact carries the span of the brief it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from flowgen_core import lazy_re as re
from flowgen_core.brief.source import FactSource
from flowgen_core.brief.vocabulary import load_vocabulary

_URL_RE = re.compile(r"https?://[^\s<>\"'`]+", re.I)
_URL_TRAIL = ".,;:!?)]}»"
_IMAGE_EXT_RE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp)(?:$|[?#])", re.I)
_SENTENCE_RE = re.compile(r"[^.!?\n]*(?:[.!?](?=\s|$)|\n|$)")
# "1. What is your skin type?" / "2) ¿Qué talla usas?" / "Q3: ..."
_NUMBERED_RE = re.compile(r"(?:^|(?<=\s)|(?<=:))(?:Q|F|P)?([1-9])\s*[.):]\s+(¿?[^?\n]{3,160}?\?)", re.I)
_MAX_QUESTIONS = 10


@dataclass
class MediaFacts:
    image_requested: bool = False
    image_url: str | None = None
    quiz_requested: bool = False
    quiz_questions: list[str] = field(default_factory=list)
    sources: list[FactSource] = field(default_factory=list)


def _vocab() -> dict[str, list[str]]:
    return load_vocabulary("media")


@lru_cache(maxsize=8)
def _words(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(_vocab()[name]) + r")(?!\w)", re.I)


@lru_cache(maxsize=1)
def _negated_image() -> re.Pattern[str]:
    negators = "|".join(_vocab()["image_negators"])
    images = "|".join(_vocab()["image"])
    return re.compile(rf"(?<!\w)(?:{negators})\s+(?:\w+\s+)?(?:{images})(?!\w)", re.I)


def _urls(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in _URL_RE.finditer(text):
        url = m.group(0).rstrip(_URL_TRAIL)
        out.append((url, m.start(), m.start() + len(url)))
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE_RE.finditer(text) if m.group(0).strip()]


def read_image(text: str, out: MediaFacts) -> None:
    """An image word in a sentence asks for a picture; a URL in that sentence (or, failing that,
    an image file's URL anywhere in the brief) is the picture."""
    # a URL's own letters ("/photos/fall.jpg") ask for nothing
    masked = _URL_RE.sub(lambda m: " " * len(m.group(0)), text)
    masked = _negated_image().sub(lambda m: " " * len(m.group(0)), masked)
    hit = _words("image").search(masked)
    if hit is None:
        return
    out.image_requested = True
    urls = _urls(text)
    start, end = next(((s, e) for s, e in _sentences(text) if s <= hit.start() < e), (hit.start(), hit.end()))
    near = [u for u in urls if start <= u[1] < end]
    files = [u for u in urls if _IMAGE_EXT_RE.search(u[0])]
    chosen = (near or files)[0] if near or files else None
    if chosen is None:
        out.sources.append(
            FactSource(
                fact="image",
                value="",
                how="stated",
                words=text[hit.start() : hit.end()],
                start=hit.start(),
                end=hit.end(),
            )
        )
        return
    url, u_start, u_end = chosen
    out.image_url = url
    lo, hi = min(hit.start(), u_start), max(hit.end(), u_end)
    out.sources.append(FactSource(fact="image", value=url, how="stated", words=text[lo:hi], start=lo, end=hi))


def _numbered(text: str) -> list[tuple[str, int, int]]:
    found = [(m.group(2).strip(), m.start(2), m.end(2)) for m in _NUMBERED_RE.finditer(text)]
    # the list counts up from 1: a stray "3. " elsewhere is no question
    out: list[tuple[str, int, int]] = []
    for number, item in zip((int(m.group(1)) for m in _NUMBERED_RE.finditer(text)), found, strict=True):
        if number == len(out) + 1:
            out.append(item)
    return out


@lru_cache(maxsize=1)
def _ask_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """An ask verb, where the asked list stops, and what separates its questions: "and" joins
    two only before a question word ("... and whether they take milk")."""
    vocab = _vocab()
    joiners = "|".join(vocab["list_joiners"])
    opener = "|".join(vocab["question_words"])
    return (
        re.compile(r"(?<!\w)(?:" + "|".join(vocab["ask"]) + r")(?!\w)\s*:?\s*", re.I),
        re.compile(r"[.;!\n]|,?\s+(?:" + "|".join(vocab["ask_end"]) + r")(?!\w)", re.I),
        re.compile(rf"\s*,\s*(?:(?:{joiners})\s+)?|\s+(?:{joiners})\s+(?=(?:{opener})\b)", re.I),
    )


def _asked(text: str, after: int) -> list[tuple[str, int, int]]:
    """'ask them how they brew, how strong they like it and whether they take milk'."""
    ask, stop, separator = _ask_patterns()
    for m in ask.finditer(text, after):
        end_m = stop.search(text, m.end())
        end = end_m.start() if end_m else len(text)
        body = text[m.end() : end]
        parts = separator.split(body)
        items = [p.strip(" ?¿") for p in parts if p and len(p.strip(" ?¿").split()) >= 2]
        if len(items) < 2:
            continue
        out = []
        cursor = m.end()
        for item in items:
            pos = text.find(item, cursor, end)
            out.append((item, pos, pos + len(item)))
            cursor = pos + len(item)
        return out
    return []


def read_quiz(text: str, out: MediaFacts) -> None:
    """A quiz word (or a survey word with numbered questions) and the questions the brief lists."""
    masked = _URL_RE.sub(lambda m: " " * len(m.group(0)), text)
    quiz = _words("quiz").search(masked)
    survey = _words("survey").search(masked)
    if quiz is None and survey is None:
        return
    numbered = _numbered(text)
    if quiz is None:
        if len(numbered) < 2:  # a survey of a score, a poll: the survey playbook's, not a quiz
            return
        cue = survey
    else:
        cue = quiz
    assert cue is not None
    questions = numbered if (numbered and quiz is not None) or len(numbered) >= 2 else []
    if not questions and quiz is not None:
        questions = _asked(text, 0)
    out.quiz_requested = True
    if not questions:
        out.sources.append(
            FactSource(
                fact="quiz", value="", how="stated", words=cue.group(0), start=cue.start(), end=cue.end()
            )
        )
        return
    questions = questions[:_MAX_QUESTIONS]
    out.quiz_questions = [_as_question(q) for q, _, _ in questions]
    for index, (q, start, end) in enumerate(questions):
        out.sources.append(
            FactSource(
                fact="quiz", index=index, value=q, how="stated", words=text[start:end], start=start, end=end
            )
        )


def _as_question(words: str) -> str:
    words = words.strip()
    words = words[:1].upper() + words[1:]
    if words.startswith("¿") and len(words) > 1:
        words = "¿" + words[1:2].upper() + words[2:]
    return words if words.endswith("?") else words + "?"


def extract_media(text: str) -> MediaFacts:
    out = MediaFacts()
    read_image(text, out)
    read_quiz(text, out)
    return out
