"""SMS segment arithmetic and template variables."""

from __future__ import annotations

import pytest

from flowgen_core.format.sms import VARIABLE_LENGTHS, segment_info, step_text
from flowgen_core.format.variables import (
    canonical_name,
    canonicalize_text,
    find_variables,
    variables_for,
)


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),  # extension characters count twice
        ("€" * 81, "GSM-7", 162, 2),
        ("é" * 160, "GSM-7", 160, 1),  # é is in the GSM-7 basic table
        ("ç" * 70, "UCS-2", 70, 1),  # lower-case ç is not (only Ç is)
        ("ç" * 71, "UCS-2", 71, 2),
        ("a" * 133 + "’", "UCS-2", 134, 2),
        ("a" * 134 + "’", "UCS-2", 135, 3),  # one curly quote turns the text into UCS-2
        ("😀" * 35, "UCS-2", 70, 1),  # outside the BMP: a surrogate pair each
        ("😀" * 36, "UCS-2", 72, 2),
    ],
)
def test_segment_counts(text: str, encoding: str, units: int, segments: int) -> None:
    info = segment_info(text)
    assert (info.encoding, info.units, info.segments) == (encoding, units, segments)


def test_non_gsm_characters_are_listed_once_in_order() -> None:
    info = segment_info("Hi “there” 😀 😀")
    assert info.non_gsm_chars == ["“", "”", "😀"]


def test_variables_count_at_estimated_length() -> None:
    assert segment_info("{{first_name}}").units == VARIABLE_LENGTHS["first_name"]
    assert segment_info("{{customer.first_name}}").units == VARIABLE_LENGTHS["first_name"]
    assert segment_info("{{Product List}}").units == 120
    assert segment_info("{{something_odd}}").units == 10
    # block helpers vanish; braces are not counted as extension characters
    assert segment_info("{{#if discount}}ab{{/if}}").units == 2


def test_step_text_prefers_message_text() -> None:
    assert step_text({"messageText": "A", "content": "B", "text": "C"}) == "A"
    assert step_text({"messageText": "  ", "content": "B", "text": "C"}) == "B"
    assert step_text({"text": "C"}) == "C"
    assert step_text({"content": 5}) == ""
    assert step_text(None) == ""  # type: ignore[arg-type]


def test_find_variables_skips_block_helpers() -> None:
    text = "Hi {{ first_name }}{{#if discount}} {{discount.label}}{{else}}x{{/if}} {{Cart List}}"
    assert find_variables(text) == ["first_name", "discount.label", "Cart List"]
    assert find_variables(None) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("customer.first_name", "first_name"),
        ("merchant.name", "brand_name"),
        ("cart.list", "Cart List"),
        ("checkout.link", "Purchase Link"),
        ("discount.label", "Discount Label"),
        ("brand_name", "brand_name"),
        ("Product List", "Product List"),
        ("discount.code", None),
        ("firstname", None),
    ],
)
def test_canonical_name(name: str, canonical: str | None) -> None:
    assert canonical_name(name) == canonical


def test_canonicalize_text_keeps_unknown_variables() -> None:
    assert canonicalize_text("{{customer.first_name}} {{x.y}}") == "{{first_name}} {{x.y}}"


def test_variables_per_step_type() -> None:
    assert "Cart List" in variables_for("purchase_offer")
    assert "Cart List" not in variables_for("message")
    assert "Product List" in variables_for("product_choice")
