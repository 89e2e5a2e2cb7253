"""`to_gsm7` on copy that is GSM-7 already: the same text back, without folding it character by character."""

from __future__ import annotations

import re
import unicodedata

import pytest

from flowgen_core.planners.offline import copywriting
from flowgen_core.planners.offline.copywriting import GSM7_BASIC, GSM7_EXTENDED, to_gsm7


def _char_by_char(text: str) -> str:
    # The fold spelled out for every character, as the function did before it had a shortcut.
    out = []
    for char in text:
        for piece in {"\u2019": "'", "\u2026": "...", "\u00a0": " "}.get(char, char):
            if piece not in GSM7_BASIC and piece not in GSM7_EXTENDED:
                piece = unicodedata.normalize("NFD", piece)[0]
            if piece in GSM7_BASIC or piece in GSM7_EXTENDED:
                out.append(piece)
    return re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()


@pytest.mark.parametrize(
    "text",
    [
        "Hi {{first_name}}, 15% off with COMEBACK15. Reply STOP to opt out.",
        "  Two  spaces\tand a tab  ",
        "Ä ö ñ ü à é [brackets] {braces} ~tilde~ €5 | pipe",
        "It\u2019s here\u2026 código rápido 🎉",
        "\u00a0non-breaking\u00a0space",
        "",
    ],
)
def test_the_shortcut_changes_nothing(text: str) -> None:
    assert to_gsm7(text) == _char_by_char(text)


class _CountingTable(dict[str, str]):
    lookups = 0

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        type(self).lookups += 1
        return super().get(key, default)


def test_gsm7_copy_is_not_folded_character_by_character(monkeypatch: pytest.MonkeyPatch) -> None:
    table = _CountingTable(copywriting._REPLACEMENTS)
    monkeypatch.setattr(copywriting, "_REPLACEMENTS", table)
    assert to_gsm7("Hi {{first_name}}, your code is SAVE20.  Reply STOP to opt out.") == (
        "Hi {{first_name}}, your code is SAVE20. Reply STOP to opt out."
    )
    assert _CountingTable.lookups == 0
    assert to_gsm7("It\u2019s here") == "It's here"  # typographic text still takes the fold
    assert _CountingTable.lookups > 0


def _segments_char_by_char(text: str) -> int:
    body = re.sub(r"\{\{[^{}]*\}\}", "x" * copywriting.VARIABLE_BUDGET, text)
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in body):
        length = len(body) + sum(1 for ch in body if ch in GSM7_EXTENDED)
        return 1 if length <= 160 else -(-length // 153)
    length = sum(2 if ord(ch) > 0xFFFF else 1 for ch in body)
    return 1 if length <= 70 else -(-length // 67)


@pytest.mark.parametrize(
    "text",
    [
        "x" * 160,
        "x" * 159 + "€",  # an extended character counts twice: 161 septets, two segments
        "[{}]" * 40,
        "Hi {{first_name}}! " * 9,
        "é" * 70,
        "ç" * 71,  # not GSM-7: the UCS-2 budget
        "🎉" * 35,
        "🎉" * 36,
        "",
    ],
)
def test_segment_estimate_is_unchanged(text: str) -> None:
    assert copywriting.estimated_segments(text) == _segments_char_by_char(text)


@pytest.mark.parametrize(
    ("text", "encoding", "units", "non_gsm"),
    [
        ("Hi there", "GSM-7", 8, []),
        ("€5 [off] ^ {x} \\ ~ |\f", "GSM-7", 21 + 10, []),  # each extension character takes two septets
        ("x" * 153 + "€€€€", "GSM-7", 161, []),
        ("Café ç ✓ ç 🎉", "UCS-2", 13, ["ç", "✓", "🎉"]),
    ],
)
def test_segment_info_counts_as_before(text: str, encoding: str, units: int, non_gsm: list[str]) -> None:
    from flowgen_core.format.sms import segment_info

    info = segment_info(text)
    assert (info.encoding, info.units, info.non_gsm_chars) == (encoding, units, non_gsm)
