"""The pre-parse scanner agrees with a byte-by-byte JSON tokenizer on any input, hostile or not."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from flowgen_core.io import max_nesting_depth, outside_strings

# The bytes that matter to the scanner, plus filler; adversarial inputs are made of these.
ALPHABET = st.sampled_from([b'"', b"\\", b"[", b"]", b"{", b"}", b"a", b":", b",", b"\n", b"\xc3\xa9"])


def reference_outside(data: bytes) -> bytes:
    """What a JSON tokenizer treats as outside string literals (an open string runs to the end).

    A backslash outside a string is invalid JSON: the parser rejects the text at that byte,
    so the scanner may skip it and the byte after it (nothing past it is ever parsed).
    """
    out = bytearray()
    in_string = escaped = False
    for byte in data:
        if escaped:
            escaped = False
        elif byte == 0x5C:  # backslash
            escaped = True
        elif in_string:
            if byte == 0x22:  # closing quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        else:
            out.append(byte)
    return bytes(out)


def reference_depth(data: bytes) -> int:
    depth = deepest = 0
    for byte in reference_outside(data):
        if byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        elif byte in b"]}":
            depth -= 1
    return deepest


@settings(max_examples=400)
@given(st.lists(ALPHABET, max_size=300).map(b"".join))
def test_scanner_matches_the_reference_tokenizer_on_adversarial_bytes(data: bytes) -> None:
    assert max_nesting_depth(data) == reference_depth(data)


@settings(max_examples=200)
@given(st.lists(ALPHABET, max_size=300).map(b"".join))
def test_outside_strings_matches_inside_valid_strings(data: bytes) -> None:
    # Only the bracket/colon/comma skeleton matters; compare that part exactly.
    skeleton = bytes(b for b in reference_outside(data) if b in b"[]{}:,")
    assert bytes(b for b in outside_strings(data) if b in b"[]{}:,") == skeleton


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='"\\[]{}ab\u00e9\n', max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=30,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@given(json_values)
def test_depth_of_real_json_documents(value: object) -> None:
    assert max_nesting_depth(json.dumps(value).encode()) == _depth(value)


def test_the_quadratic_case_of_the_old_regex_is_answered() -> None:
    # `{"a":"` + many `\"` never closes: the old regex backtracked over it quadratically.
    data = b'{"a":"' + b'\\"' * 200_000
    assert max_nesting_depth(data) == 1
