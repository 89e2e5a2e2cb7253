""".env.example documents every setting, and its defaults are the real defaults."""

from __future__ import annotations

import re
from pathlib import Path

from flowgen_core.settings import Settings

ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"
_LINE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=(.*)$")


def _documented() -> dict[str, str]:
    entries: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line.strip())
        if match:
            entries[match.group(1)] = match.group(2).strip()
    return entries


def test_every_setting_is_in_env_example() -> None:
    documented = _documented()
    missing = [name.upper() for name in Settings.model_fields if name.upper() not in documented]
    assert not missing, f"add to .env.example: {missing}"


def test_env_example_has_no_unknown_settings() -> None:
    known = {name.upper() for name in Settings.model_fields}
    unknown = set(_documented()) - known
    assert not unknown, f".env.example names settings that do not exist: {sorted(unknown)}"


def test_every_setting_has_a_comment_above_it() -> None:
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        match = _LINE.match(line.strip())
        if match and not line.startswith("# " + match.group(1)):
            assert lines[index - 1].startswith("#"), f"{match.group(1)} needs an explanation"


def test_uncommented_values_parse_to_the_defaults(monkeypatch) -> None:
    """Copying .env.example to .env must not change behaviour."""
    defaults = Settings(_env_file=None)
    for name, value in _documented().items():
        monkeypatch.setenv(name, value)
    active = {
        name: value
        for name, value in _documented().items()
        if f"\n{name}=" in "\n" + ENV_EXAMPLE.read_text(encoding="utf-8")
    }
    for name in _documented():
        if name not in active:
            monkeypatch.delenv(name, raising=False)
    loaded = Settings(_env_file=None)
    for name in active:
        field = name.lower()
        assert getattr(loaded, field) == getattr(defaults, field), name
