"""`flowgen validate` imports only what validating needs (start-up time, docs/benchmarks.md).

Each check runs the command in a fresh interpreter and lists the heavy packages it loaded:
an import added anywhere on the validate path (the report, the step kinds, the settings)
shows up here, where a timed assertion would only be noise.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FLOW = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "reminder-loop.json"

# The server, the model client, the store and the typed models behind them.
NOT_ON_THE_VALIDATE_PATH = ("sqlalchemy", "alembic", "openai", "fastapi", "pydantic", "pydantic_settings")

_PROBE = """
import json, sys
from flowgen_apps.cli import main
sys.argv = ["flowgen", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
loaded = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps(loaded), file=sys.stderr)
"""


def _top_level_modules_loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=FLOW.parent,  # not the checkout: the installed package is the one imported
    )
    last_line = done.stderr.strip().splitlines()[-1]
    return set(json.loads(last_line))


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_validate_does_not_import_the_server_the_store_or_pydantic(extra: list[str]) -> None:
    loaded = _top_level_modules_loaded("validate", *extra, str(FLOW))
    assert "flowgen_core" in loaded  # the probe did run the command
    assert loaded.isdisjoint(NOT_ON_THE_VALIDATE_PATH), sorted(loaded & set(NOT_ON_THE_VALIDATE_PATH))


def test_validating_an_invalid_flow_stays_light(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text(json.dumps({"name": "x", "steps": [{"id": "a", "type": "nope"}]}), encoding="utf-8")
    loaded = _top_level_modules_loaded("validate", str(path))
    assert loaded.isdisjoint(NOT_ON_THE_VALIDATE_PATH), sorted(loaded & set(NOT_ON_THE_VALIDATE_PATH))
