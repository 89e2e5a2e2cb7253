"""The phrase vocabularies of the brief reader, kept as JSON data in `vocab/`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from flowgen_core.regex_cache import memoized


@lru_cache(maxsize=16)
def load_vocabulary(name: str) -> dict[str, Any]:
    """The parsed `vocab/<name>.json` (read once per process)."""
    raw = resources.files("flowgen_core.brief").joinpath(f"vocab/{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


Entry = tuple[str, str]  # (literal words, regex that must match right after them)


def word_trie(entries: Iterable[Entry]) -> str:
    """One regex over a phrase list, its literals merged into a prefix tree.

    The regex matches at a position exactly when one entry does there (its literal, matched
    character by character under the caller's flags, then its tail regex), so `search` finds
    a match exactly when one of the separate patterns `escape(literal) + tail` would. Which
    entry matches, and how far, is not kept: use it to ask *whether* a list occurs. A phrase
    list written as one alternation makes `re` try every phrase at every position; the tree
    tries only the phrases that start with the character in front of it.
    """
    # Built once and kept with the compiled patterns by the command line (regex_cache.py).
    return memoized(_word_trie, tuple(entries))


def _word_trie(entries: tuple[Entry, ...]) -> str:
    root: dict[str | None, Any] = {}
    for literal, tail in entries:
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node.setdefault(None, set()).add(tail)
    return _branches(root) if root else r"(?!)"


def _branches(node: dict[str | None, Any]) -> str:
    tails: set[str] = node.get(None, set())
    if "" in tails:  # this entry matches here whatever follows: longer ones add nothing
        return ""
    alternatives = [re.escape(char) + _branches(child) for char, child in _children(node)]
    alternatives += [f"(?:{tail})" for tail in sorted(tails)]
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def _children(node: dict[str | None, Any]) -> list[tuple[str, dict[str | None, Any]]]:
    return sorted((char, child) for char, child in node.items() if char is not None)


def phrase_alternation(words: Iterable[str]) -> str:
    """`words` as one non-capturing regex group, longest first so a longer phrase wins, each
    space matching any run of whitespace ("no need to" also matches "no  need\nto")."""
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"
