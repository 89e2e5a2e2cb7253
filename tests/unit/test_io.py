"""Reading flow JSON: every bad input becomes one clear InputError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowgen_core.io import InputError, dump_json, load_json_file, max_nesting_depth, parse_json_text


def test_parses_an_object() -> None:
    assert parse_json_text('{"a": [1, {"b": "[[["}]}', expect_object=True) == {"a": [1, {"b": "[[["}]}


def test_bytes_with_bom_are_accepted() -> None:
    assert parse_json_text(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{\n  "a": 1,\n}', "line 3, column 1"),
        ("", "empty"),
        ("   ", "empty"),
        ("[1, 2]", "not a JSON object"),
        ('"just text"', "not a JSON object"),
        (b"\x00\x01\x02binary", "binary"),
        (b"\xff\xfe{}", "not UTF-8"),
        ("[" * 10_000 + "]" * 10_000, "nested too deeply"),
        ('{"a": ' * 300 + "1" + "}" * 300, "nested too deeply"),
    ],
)
def test_bad_text_is_one_clear_line(text: str | bytes, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_json_text(text, expect_object=True)
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message


def test_depth_limit_is_inclusive() -> None:
    assert parse_json_text("[" * 200 + "]" * 200) is not None
    with pytest.raises(InputError):
        parse_json_text("[" * 201 + "]" * 201)


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"copy": "[" * 5000 + '\\"' + "{" * 5000})
    assert max_nesting_depth(text.encode()) == 1
    assert parse_json_text(text)["copy"].startswith("[[[")


def test_too_large_text_says_the_limit() -> None:
    with pytest.raises(InputError, match="limit is 1 kB"):
        parse_json_text("[" + "1," * 1000 + "1]", max_bytes=1000)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_json_file(tmp_path / "absent.json")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load_json_file(tmp_path)


def test_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB without writing them
    with pytest.raises(InputError, match=r"50 MB.*limit is 10 MB"):
        load_json_file(big)


def test_file_error_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{oops}", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.json: not valid JSON: .* line 1, column 2"):
        load_json_file(bad)


def test_round_trip_with_dump_json(tmp_path: Path) -> None:
    flow = {"name": "Café ✨", "steps": [{"id": "a"}]}
    text = dump_json(flow)
    assert text.endswith("}\n") and "Café ✨" in text and '\n  "steps"' in text
    path = tmp_path / "flow.json"
    path.write_text(text, encoding="utf-8")
    assert load_json_file(path, expect_object=True) == flow
