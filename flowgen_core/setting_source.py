"""One setting read the way `Settings` reads it (environment first, then `.env`), without pydantic.

`flowgen validate` needs a single knob (COMPLIANCE_STRICT); building the whole `Settings`
model would import pydantic-settings, a large share of the command's start-up time
(docs/benchmarks.md). Anything that needs typed, validated settings uses `get_settings()`.
"""

from __future__ import annotations

import os
from functools import lru_cache


@lru_cache(maxsize=1)
def _dotenv() -> dict[str, str]:
    if not os.path.isfile(".env"):
        return {}
    # Imported here: most runs have no .env file.
    from dotenv import dotenv_values

    return {key.lower(): value for key, value in dotenv_values(".env").items() if value is not None}


def read_setting(name: str) -> str | None:
    """The raw value of setting `name` (case-insensitive, like `Settings`), or None when unset."""
    wanted = name.lower()
    # Keys only: `os.environ.items()` would decode every value to compare the names.
    for key in os.environ:
        if key.lower() == wanted:
            return os.environ[key]
    return _dotenv().get(wanted)
