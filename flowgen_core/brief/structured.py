"""Briefs pasted as a JSON object or a YAML document -> the labelled lines the readers take.

`{"audience": {"property": "favorite_tea", "equals": "matcha"}, "offer": {"type": "amount",
"value": 5}}` is read as "Audience: property favorite_tea = matcha" and "Discount: $5 off". The
text is parsed with a real parser (json, PyYAML's safe composer, which keeps where every value
stands), and each value written is the brief's own characters, so every fact read still points
at the user's words. Keys (EN/ES/FR/DE), the fields of nested values and the line frames are
data in `vocab/structured.json`; background keys (notes, last year's figures) are left out, as
they state no fact of this flow. Text that is not plainly such a document gives None and is
read as it stands: a YAML reading needs lower-case identifier keys and a nested value or list.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import yaml

from flowgen_core import lazy_re as re
from flowgen_core.brief.vocabulary import load_vocabulary

if TYPE_CHECKING:
    from flowgen_core.brief.formats import Reshaped, SourceWriter

Span = tuple[int, int]

_FENCE_RE = re.compile(r"^\s*```[a-zA-Z]*[ \t]*\n(?P<body>.*?)\n\s*```\s*$", re.S)
# a YAML brief's top-level keys look like config keys ("audience", "follow_up", "zielgruppe")
_YAML_KEY_RE = re.compile(r"^[a-zäöüßéèêàáíóúñç][a-zäöüßéèêàáíóúñç0-9_-]{0,40}$")
_YAML_TOP_RE = re.compile(r"^[a-zäöüßéèêàáíóúñç][\wäöüßéèêàáíóúñç-]*[ \t]*:", re.M)
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")


def _vocab() -> dict[str, Any]:
    return load_vocabulary("structured")


def _words(key: str) -> str:
    return re.sub(r"[_\s-]+", " ", key).strip().lower()


@lru_cache(maxsize=1)
def _kinds() -> dict[str, tuple[str, str]]:
    """key words -> (kind, language)."""
    found: dict[str, tuple[str, str]] = {}
    for kind, by_language in _vocab()["keys"].items():
        for language, words in by_language.items():
            for word in words:
                found.setdefault(_words(word), (kind, language))
    return found


def _kind(key: str) -> tuple[str, str] | None:
    words = _words(key)
    kinds = _kinds()
    if words in kinds:
        return kinds[words]
    # "offer_details", "audience_filter": a known key the key starts with
    for size in range(len(words.split()) - 1, 0, -1):
        head = " ".join(words.split()[:size])
        if head in kinds:
            return kinds[head]
    return None


def _sub(field: str, key: str) -> bool:
    return _words(key) in {_words(w) for w in _vocab()["sub"][field]}


def _frame(name: str, language: str) -> str:
    frames: dict[str, str] = _vocab()["frames"][name]
    return frames.get(language, frames["en"])


# ---------------------------------------------------------------------------------------------
# parsing


def _document(text: str) -> tuple[yaml.Node, int] | None:
    """The composed document of a JSON or YAML brief, and the offset of its body in `text`."""
    fenced = _FENCE_RE.match(text)
    offset = fenced.start("body") if fenced else 0
    body = fenced.group("body") if fenced else text
    stripped = body.strip()
    if not stripped:
        return None
    if stripped[0] == "{":
        try:
            if not isinstance(json.loads(stripped), dict):
                return None
        except ValueError:
            return None
    elif not _plainly_yaml(body):
        return None
    try:
        node = yaml.compose(body, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    return node, offset


def _plainly_yaml(body: str) -> bool:
    """Config-like key: value structure with nesting or a list, not "Audience: ..." prose."""
    if len(_YAML_TOP_RE.findall(body)) < 2:
        return False
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError:
        return False
    if not isinstance(data, dict) or len(data) < 2:
        return False
    if not all(isinstance(k, str) and _YAML_KEY_RE.match(k) for k in data):
        return False
    if not any(_kind(k) for k in data):
        return False
    return any(isinstance(v, dict | list) for v in data.values())


# ---------------------------------------------------------------------------------------------
# writing


class _Writer:
    def __init__(self, out: SourceWriter, offset: int) -> None:
        self.out = out
        self.offset = offset

    def span(self, node: yaml.Node) -> Span:
        a, b = node.start_mark.index + self.offset, node.end_mark.index + self.offset
        if isinstance(node, yaml.ScalarNode) and node.style in ('"', "'") and b - a >= 2:
            a, b = a + 1, b - 1
        return a, b

    def fill(self, template: str, slots: dict[str, yaml.Node | str], at: Span) -> None:
        """Write `template`, each {slot} the user's words of its node (or the given words)."""
        for part in re.split(r"(\{[a-z]\})", template):
            slot = slots.get(part[1:-1]) if part.startswith("{") and part.endswith("}") else None
            if isinstance(slot, yaml.Node):
                self.out.copy(*self.span(slot))
            elif isinstance(slot, str):
                self.out.add(slot, *at)
            elif part:
                self.out.add(part, *at)

    def line(self, at: Span) -> None:
        self.out.newline(at[1])


def _scalar(node: yaml.Node) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _fields(node: yaml.MappingNode) -> list[tuple[str, yaml.Node, yaml.Node]]:
    return [(str(k.value), k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]


def _field(node: yaml.MappingNode, name: str) -> yaml.Node | None:
    return next((v for key, _, v in _fields(node) if _sub(name, key)), None)


def _said_none(value: str) -> bool:
    return _words(value) in {_words(w) for w in _vocab()["none_words"]}


def _negated(value: str) -> bool:
    low = _words(value)
    return any(re.search(rf"(?<!\w){re.escape(_words(w))}(?!\w)", low) for w in _vocab()["negated"])


def _event_line(
    w: _Writer,
    language: str,
    event: str,
    event_at: Span,
    negated: bool,
    days: yaml.Node | str | None,
    at: Span,
) -> None:
    w.out.add(_frame("audience", language) + (_frame("event_not", language) if negated else ""), *at)
    # "viewed_product" stands for the user's event name, written as a sentence says it
    named = event.replace("_", " ")
    if days is None:
        w.out.add(named, *event_at)
    else:
        before, _, after = _frame("event_days", language).partition("{n}")
        w.out.add(before.replace("{v}", named), *event_at)
        w.fill("{n}" + after, {"n": days}, at)
    w.line(at)


def _audience_item(w: _Writer, node: yaml.Node, language: str) -> None:
    at = w.span(node)
    text = _scalar(node)
    if text is not None:
        w.out.add(_frame("audience", language), *at)
        w.out.copy(*at)
        w.line(at)
        return
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _audience_item(w, item, language)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    prop, value = _field(node, "property"), _field(node, "value")
    if prop is not None and value is not None and _scalar(prop) and _scalar(value):
        w.out.add(_frame("audience", language), *at)
        w.fill(_frame("property", language), {"k": prop, "v": value}, at)
        w.line(at)
        return
    event = _field(node, "event")
    if event is not None and _scalar(event):
        op = _field(node, "operator")
        negated = op is not None and _negated(_scalar(op) or "")
        _event_line(w, language, _scalar(event) or "", w.span(event), negated, _field(node, "days"), at)
        return
    for key, key_node, value_node in _fields(node):
        # {"viewed_product": "last 14 days"}, {"placed_order": "none in the last 14 days"}
        said = _scalar(value_node)
        if said is None or not re.fullmatch(r"[a-z]+(?:_[a-z]+)+", key):
            continue
        days = _NUMBER_RE.search(said)
        n = days.group(0) if days else None
        _event_line(w, language, key, w.span(key_node), _negated(said), n, w.span(value_node))


def _offer(w: _Writer, node: yaml.Node, key_at: Span, language: str) -> None:
    at = w.span(node)
    said = _scalar(node)
    if said is not None:
        if _said_none(said):
            w.out.add(_frame("no_offer", language), *at)
            w.line(at)
            return
        # formats imports this module: a top-level import would be circular
        from flowgen_core.brief.formats import write_pair

        write_pair(w.out, key_at, at, None)
        w.line(at)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    kind, amount, code = _field(node, "kind"), _field(node, "amount"), _field(node, "code")
    kind_words = _words(_scalar(kind) or "") if kind is not None else ""
    if amount is not None and _scalar(amount) and _NUMBER_RE.fullmatch(_scalar(amount) or ""):
        if kind_words in _vocab()["percent_kinds"]:
            w.fill(_frame("percent", language), {"v": amount}, at)
        elif kind_words in _vocab()["amount_kinds"] or kind is None:
            currency = _field(node, "currency")
            sign = _vocab()["currencies"].get(_words(_scalar(currency) or "usd") if currency else "usd", "$")
            w.fill(_frame("amount", language), {"v": amount, "c": sign}, at)
    elif kind_words and _said_none(kind_words):
        w.out.add(_frame("no_offer", language), *at)
    if code is not None and _scalar(code):
        w.fill(_frame("code", language), {"v": code}, at)
    w.line(at)


def _replies(w: _Writer, node: yaml.Node, language: str) -> None:
    at = w.span(node)
    said = _scalar(node)
    if said is not None:
        w.fill(_frame("reply", language), {"v": node}, at)
        w.line(at)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _replies(w, item, language)
    elif isinstance(node, yaml.MappingNode):
        for _, key_node, value_node in _fields(node):
            if _scalar(value_node) is None:
                continue
            w.fill(_frame("reply_route", language), {"k": key_node, "v": value_node}, at)
            w.line(at)


def _follow_up(w: _Writer, node: yaml.Node, key_at: Span, language: str) -> None:
    at = w.span(node)
    if _scalar(node) is not None:
        # formats imports this module: a top-level import would be circular
        from flowgen_core.brief.formats import write_pair

        write_pair(w.out, key_at, at, None)
        w.line(at)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    hours, days = _field(node, "hours"), _field(node, "no_reply_days")
    if hours is not None and _NUMBER_RE.fullmatch(_scalar(hours) or ""):
        w.fill(_frame("no_reply_hours", language), {"n": hours}, at)
    elif days is not None and _NUMBER_RE.fullmatch(_scalar(days) or ""):
        w.fill(_frame("no_reply_days", language), {"n": days}, at)
    else:
        return
    action = _field(node, "action")
    if action is not None and _scalar(action):
        w.fill(_frame("then", language), {"v": action}, at)
    w.line(at)


def _experiment(w: _Writer, node: yaml.Node, language: str) -> None:
    at = w.span(node)
    if not isinstance(node, yaml.MappingNode):
        return
    groups = _field(node, "groups")
    variants = [(k, v) for key, k, v in _fields(node) if not _sub("groups", key) and _scalar(v)]
    count: yaml.Node | str = groups if groups is not None and _scalar(groups) else str(max(2, len(variants)))
    w.fill(_frame("experiment", language), {"n": count}, at)
    for key_node, value_node in variants:
        w.fill(_frame("variant", language), {"k": key_node, "v": value_node}, at)
    w.line(at)


def _product(w: _Writer, node: yaml.Node, key_at: Span, language: str) -> None:
    at = w.span(node)
    if not isinstance(node, yaml.MappingNode):
        _plain(w, key_at, node)
        return
    variant = _field(node, "variant")
    if variant is None or not _scalar(variant):
        return
    w.fill(_frame("product", language), {"v": variant}, at)
    quantity = _field(node, "quantity")
    if quantity is not None and _NUMBER_RE.fullmatch(_scalar(quantity) or ""):
        w.fill(_frame("quantity", language), {"v": quantity}, at)
    w.line(at)


def _message(w: _Writer, node: yaml.Node, key_at: Span, language: str) -> None:
    if not isinstance(node, yaml.MappingNode):
        _plain(w, key_at, node)
        return
    at = w.span(node)
    for key, _, value_node in _fields(node):
        if _sub("must_include", key) and _scalar(value_node):
            w.fill(_frame("must_include", language), {"v": value_node}, at)
            w.line(at)


def _plain(w: _Writer, key_at: Span, node: yaml.Node) -> None:
    """A field no reader has a shape for: "key words: value", as a labelled line says it."""
    at = w.span(node)
    if _scalar(node) is not None:
        # formats imports this module: a top-level import would be circular
        from flowgen_core.brief.formats import write_pair

        write_pair(w.out, key_at, at, None)
        w.line(at)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _plain(w, key_at, item)
    elif isinstance(node, yaml.MappingNode):
        _mapping(w, node)


def _entry(w: _Writer, key: str, key_node: yaml.Node, value: yaml.Node) -> None:
    found = _kind(key)
    kind, language = found or ("", "en")
    key_at = w.span(key_node)
    if kind == "background":
        return  # what was done before states no fact of this flow
    if kind == "audience":
        _audience_item(w, value, language)
    elif kind == "offer":
        _offer(w, value, key_at, language)
    elif kind == "reply":
        _replies(w, value, language)
    elif kind == "no_reply":
        _follow_up(w, value, key_at, language)
    elif kind == "experiment":
        _experiment(w, value, language)
    elif kind == "product":
        _product(w, value, key_at, language)
    elif kind == "message":
        _message(w, value, key_at, language)
    elif kind == "cta" and _scalar(value) is not None:
        w.out.copy(*w.span(value))
        w.line(w.span(value))
    elif kind == "steps" and isinstance(value, yaml.SequenceNode):
        for item in value.value:
            if isinstance(item, yaml.MappingNode):
                _mapping(w, item)
            else:
                _plain(w, key_at, item)
    else:
        _plain(w, key_at, value)


def _mapping(w: _Writer, node: yaml.MappingNode) -> None:
    for key, key_node, value in _fields(node):
        _entry(w, key, key_node, value)


def structured_brief(text: str, out: SourceWriter) -> Reshaped | None:
    """`text` as labelled lines written to `out` when it is a JSON or YAML brief, else None."""
    found = _document(text)
    if found is None:
        return None
    node, offset = found
    assert isinstance(node, yaml.MappingNode)
    _mapping(_Writer(out, offset), node)
    shaped = out.done()
    shaped.text = shaped.text.rstrip("\n")
    return shaped if shaped.text.strip() else None
