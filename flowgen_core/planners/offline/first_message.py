"""The sender's name and the opt-out around copy the brief quotes for a first message.

Quoted copy is used word for word, but a first text must still say who is texting and how to
stop (carrier rules; the validator makes both an error in generated flows). Rather than drop
the marketer's words or send a non-compliant text, the missing part is added around them and
the words themselves stay untouched.
"""

from __future__ import annotations

from flowgen_core.check.content import has_opt_out, names_sender
from flowgen_core.planners.offline.copywriting import OPT_OUT
from flowgen_core.planners.offline.localized import LOCALIZED_LANGUAGES, templates


def with_sender_and_opt_out(text: str, brand: str, language: str | None) -> str:
    """`text` with "<brand>: " before it and the opt-out after it, each only when missing."""
    out = text.strip()
    if not names_sender(out, brand):
        out = f"{brand}: {out}"
    if not has_opt_out(out):
        opt_out = templates(language)["opt_out"] if language in LOCALIZED_LANGUAGES else OPT_OUT
        separator = " " if out.endswith((".", "!", "?")) else ". "
        out = f"{out}{separator}{opt_out}"
    return out
