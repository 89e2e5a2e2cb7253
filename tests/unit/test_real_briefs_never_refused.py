"""No real brief is refused as "not a brief", however it is written or wherever it is pasted.

The briefs are the shipped evaluation fixtures, the briefs the refinement tests build their
flows from, and the example briefs in the README and docs; hypothesis rewrites them the way
people type (no capitals, no punctuation, shouting, a greeting first) and buries them in a
longer pasted document.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from flowgen_core.brief import EXAMPLE_BRIEFS, not_a_brief_reason
from tests.fakes import briefs as fake_briefs
from tests.shared_data import EXTRA_BRIEFS, PUBLIC_BRIEFS

ROOT = Path(__file__).resolve().parents[2]
# how the docs show a brief: on the command line, in a REST body, after the slash command
_DOC_BRIEF_RES = (
    re.compile(r'flowgen generate "([^"]+)"'),
    re.compile(r'"campaignDescription": "([^"]+)"'),
    re.compile(r"`/flowgen ([^`<]+)`"),
)
_SUBCOMMANDS = ("help", "validate", "refine", "history", "diff")


def _fixture_briefs(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["brief"] for line in lines if line.strip()]


def _doc_briefs() -> list[str]:
    found: list[str] = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for pattern in _DOC_BRIEF_RES:
            # `flowgen generate "brief"` in a usage table names the argument, not a brief
            found += [
                m.strip() for m in pattern.findall(text) if not m.startswith(_SUBCOMMANDS) and m != "brief"
            ]
    return found


def _refine_briefs() -> list[str]:
    return [value for name, value in vars(fake_briefs).items() if name.isupper() and isinstance(value, str)]


REAL_BRIEFS = sorted(
    {
        *_fixture_briefs(EXTRA_BRIEFS),
        *_fixture_briefs(PUBLIC_BRIEFS),
        *_refine_briefs(),
        *_doc_briefs(),
        *EXAMPLE_BRIEFS,
    }
)

_FILLER_BEFORE = [
    "Notes from the planning meeting, pasted below.\n\n",
    "Forwarding this from the marketing doc:\n---\n",
    "Q3 retention plan (draft 2). Owner: growth team. Status: approved.\n\n",
]
_FILLER_AFTER = [
    "\n\nBudget and reporting are covered in a separate document.",
    "\n---\nLet me know if anything is unclear. Thanks!",
    "",
]


def _sloppy(text: str, how: str) -> str:
    if how == "lower":
        return text.lower()
    if how == "upper":
        return text.upper()
    if how == "unpunctuated":
        return re.sub(r"[.,;:!()\"]", " ", text)
    if how == "greeting":
        return f"hi team, {text}"
    return text


def test_the_corpus_covers_every_source() -> None:
    assert len(_doc_briefs()) >= 3 and len(_refine_briefs()) >= 4
    assert len(REAL_BRIEFS) > 90


def test_no_real_brief_is_refused() -> None:
    refused = {brief: not_a_brief_reason(brief) for brief in REAL_BRIEFS if not_a_brief_reason(brief)}
    assert not refused


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(REAL_BRIEFS),
    st.sampled_from(["as is", "lower", "upper", "unpunctuated", "greeting"]),
)
def test_a_sloppily_typed_real_brief_is_not_refused(brief: str, how: str) -> None:
    text = _sloppy(brief, how)
    assert not_a_brief_reason(text) is None, text


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(REAL_BRIEFS), st.sampled_from(_FILLER_BEFORE), st.sampled_from(_FILLER_AFTER))
def test_a_real_brief_buried_in_a_pasted_document_is_not_refused(brief: str, before: str, after: str) -> None:
    text = before + brief + after
    assert not_a_brief_reason(text) is None, text
