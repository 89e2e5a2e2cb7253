"""The one boundary between user text and Slack's mrkdwn.

Outgoing: every string that came from a user (a brief, a file name, a flow name, step ids and
copy from an uploaded flow, an instruction) goes through `escape()` before it is placed in a
block, a `text` fallback, an `initial_comment`, a file title, a modal or App Home. Escaping
`&`, `<` and `>` is all Slack asks for: it turns `<!channel>` and `<https://x|label>` into
inert text.

Incoming: Slack sends message text with `&`, `<` and `>` escaped and with links, mentions and
channel references as `<…>` markup. `to_plain()` turns that into the plain text the user
meant before it is stored or parsed, so `&amp;` does not become `&amp;amp;` on the way back
and a pasted link does not land in a flow's description as `<url|label>`.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"<([^<>\n]{1,2000})>")


def escape(text: str) -> str:
    """Make user text inert in mrkdwn (and in plain_text fields, where it is harmless)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _unescape_entities(text: str) -> str:
    # `&amp;` last, so `&amp;lt;` (a user who typed "&lt;") stays "&lt;".
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _plain_reference(inner: str) -> str:
    target, _, label = inner.partition("|")
    if target.startswith("@"):  # <@U123> or <@U123|name>
        return "@" + (label or target[1:])
    if target.startswith("#"):  # <#C123|general>
        return "#" + (label or target[1:])
    if target.startswith("!"):  # <!channel>, <!here>, <!subteam^S1|@team>, <!date^…|fallback>
        if label:
            return label if label.startswith("@") or not target.startswith("!subteam") else "@" + label
        word = target[1:].split("^", 1)[0]
        return "@" + word
    if target.startswith("mailto:"):
        return label or target[len("mailto:") :]
    # A link: keep what the user wrote. Slack shows a bare URL as the URL itself, so the URL is
    # the text when there is no label; a label that differs from the URL keeps the URL beside it.
    if not label or label == target:
        return target
    return f"{label} ({target})"


def to_plain(text: str) -> str:
    """Slack message text -> what the user typed, without live markup. Linear in the input."""
    if not text:
        return ""
    plain = _MARKUP.sub(lambda m: _plain_reference(m.group(1)), text)
    return _unescape_entities(plain)


__all__ = ["escape", "to_plain"]
