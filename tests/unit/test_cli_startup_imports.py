"""`flowgen validate` and `generate` import only what they need (start-up time, docs/benchmarks.md).

Each check runs the command in a fresh interpreter and lists the heavy packages it loaded:
an import added anywhere on the validate path (the report, the step kinds, the settings)
shows up here, where a timed assertion would only be noise.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

FLOW = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "reminder-loop.json"

# The server, the model client, the store and the typed models behind them.
NOT_ON_THE_VALIDATE_PATH = ("sqlalchemy", "alembic", "openai", "fastapi", "pydantic", "pydantic_settings")
# `generate` needs pydantic (the plan models), not the ORM, the migrations (its history database
# is at head), the model client, the server, pydantic-settings, the Python `jsonschema` package
# (only an invalid flow is explained with it) or a date parser.
NOT_ON_THE_GENERATE_PATH = (
    "sqlalchemy",
    "alembic",
    "openai",
    "fastapi",
    "pydantic_settings",
    "jsonschema",
    "dateparser",
)
BRIEF = "Win back customers who haven't ordered in 90 days with 15% off, reply YES to claim"

_PROBE = """
import json, sys
from flowgen_apps.cli import main
sys.argv = ["flowgen", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
loaded = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps(sorted(name for name in sys.modules if name.startswith("flowgen"))), file=sys.stderr)
print(json.dumps(loaded), file=sys.stderr)
"""


def _top_level_modules_loaded(*args: str, env: dict[str, str] | None = None) -> set[str]:
    return _modules_loaded(*args, env=env)[0]


def _modules_loaded(*args: str, env: dict[str, str] | None = None) -> tuple[set[str], set[str]]:
    """The top-level packages and the project's own modules the command loaded."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=FLOW.parent,  # not the checkout: the installed package is the one imported
        env=env,
    )
    *_, own, top_level = done.stderr.strip().splitlines()
    return set(json.loads(top_level)), set(json.loads(own))


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


def _offline_environment(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),  # the outbox directory
        "XDG_CACHE_HOME": str(tmp_path / "cache"),  # the compiled patterns
        "DATABASE_URL": f"sqlite:///{tmp_path / 'history.sqlite3'}",
        "FLOWGEN_GENERATOR": "offline",
        "OPENAI_API_KEY": "",
        "REDIS_URL": "",
    }


def test_generate_records_history_without_the_orm_once_the_database_is_at_head(tmp_path: Path) -> None:
    env = _offline_environment(tmp_path)
    first = _top_level_modules_loaded("generate", BRIEF, env=env)
    assert "sqlalchemy" in first  # a new database: the store creates and migrates it
    loaded = _top_level_modules_loaded("generate", BRIEF, env=env)
    assert "flowgen_core" in loaded and "pydantic" in loaded  # the probe did generate
    assert loaded.isdisjoint(NOT_ON_THE_GENERATE_PATH), sorted(loaded & set(NOT_ON_THE_GENERATE_PATH))
    with sqlite3.connect(tmp_path / "history.sqlite3") as connection:
        versions = connection.execute("SELECT count(*) FROM flow_versions").fetchone()[0]
        audits = connection.execute("SELECT count(*) FROM audit_log WHERE action = 'generated'").fetchone()[0]
    assert (versions, audits) == (2, 2)  # both runs were recorded


def test_generate_on_a_database_behind_head_migrates_it_through_the_store(tmp_path: Path) -> None:
    env = _offline_environment(tmp_path)
    _top_level_modules_loaded("generate", BRIEF, env=env)
    with sqlite3.connect(tmp_path / "history.sqlite3") as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'an_older_revision'")
    loaded = _top_level_modules_loaded("generate", BRIEF, env=env)
    assert "sqlalchemy" in loaded  # not at head: the ORM store decides (here: cannot migrate)


# Refinement (its instruction reader and text helpers) and the model planner's modules.
NOT_ON_THE_OFFLINE_GENERATE_PATH = ("flowgen_core.refine", "flowgen_core.planners.llm")


def test_offline_generate_leaves_the_refinement_and_model_planner_modules_unloaded(tmp_path: Path) -> None:
    env = _offline_environment(tmp_path)
    _modules_loaded("generate", BRIEF, env=env)  # creates and migrates the history database
    top_level, own = _modules_loaded("generate", "--generator", "offline", "boost VIP reorders", env=env)
    assert "flowgen_core.planners.offline" in own  # the probe did plan offline
    assert top_level.isdisjoint(NOT_ON_THE_GENERATE_PATH), sorted(top_level & set(NOT_ON_THE_GENERATE_PATH))
    strays = sorted(
        name
        for name in own
        if any(name == p or name.startswith(p + ".") for p in NOT_ON_THE_OFFLINE_GENERATE_PATH)
    )
    assert not strays, strays


# What the console script's plain `validate` loads, whole modules: `dataclasses` brings `inspect`,
# `dis`, `ast`, `tokenize` and `linecache` (together a seventh of its instructions); click, the
# typed models and the Python `jsonschema` package are only for other command lines.
NOT_ON_THE_PLAIN_VALIDATE_PATH = (
    "click",
    "dataclasses",
    "inspect",
    "dis",
    "ast",
    "tokenize",
    "linecache",
    "zoneinfo",
    "jsonschema",
    *NOT_ON_THE_VALIDATE_PATH,
)

_SCRIPT_PROBE = """
import json, sys
from flowgen_apps.cli import run
sys.argv = ["flowgen", *sys.argv[1:]]
try:
    run()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_loaded_by_the_script(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT_PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=FLOW.parent,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_the_plain_validate_command_line_loads_no_dataclasses_inspect_or_click(extra: list[str]) -> None:
    loaded = _modules_loaded_by_the_script("validate", *extra, str(FLOW))
    assert "flowgen_core.check.content" in loaded  # the probe did validate
    assert loaded.isdisjoint(NOT_ON_THE_PLAIN_VALIDATE_PATH), sorted(
        loaded & set(NOT_ON_THE_PLAIN_VALIDATE_PATH)
    )


# Compiling the brief reader's ~450 patterns was over half of `generate`'s instructions; a run
# after the first takes their programs from the cache (flowgen_core/regex_cache.py) and parses none
# of the project's patterns (a library imported before the cache is installed may still compile).
_PARSE_PROBE = """
import re, sys
parsed = []
parse = re._parser.parse
COMPILING = ("re", "re._compiler", "re._parser", "flowgen_core.regex_cache")
def counting(pattern, flags=0):
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") in COMPILING:
        frame = frame.f_back
    if frame is not None and frame.f_globals.get("__name__", "").startswith("flowgen_"):
        parsed.append(pattern)
    return parse(pattern, flags)
re._parser.parse = counting
from flowgen_apps.cli import run
sys.argv = ["flowgen", *sys.argv[1:]]
try:
    run()
except SystemExit:
    pass
print(len(parsed), file=sys.stderr)
"""


def _probe_count(probe: str, *args: str, env: dict[str, str]) -> int:
    """Run the CLI under a counting probe; the count is the last line it writes on stderr."""
    done = subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=FLOW.parent,
        env=env,
    )
    assert '"steps"' in done.stdout  # the probe did generate
    return int(done.stderr.strip().splitlines()[-1])


def _patterns_parsed(*args: str, env: dict[str, str]) -> int:
    return _probe_count(_PARSE_PROBE, *args, env=env)


def test_generate_compiles_no_pattern_an_earlier_run_compiled(tmp_path: Path) -> None:
    env = _offline_environment(tmp_path)
    _top_level_modules_loaded("generate", BRIEF, env=env)  # creates and migrates the history database
    assert _patterns_parsed("generate", BRIEF, env=env) > 100  # a new cache: compiled and saved
    assert _patterns_parsed("generate", BRIEF, env=env) == 0
    assert _patterns_parsed("generate", "--generator", "offline", BRIEF, env=env) == 0


# Counts the calls of the pure string builders whose results the cache keeps (the vocabularies'
# prefix trees, the assertion factoring): a run after the first takes them all from the file.
_BUILD_PROBE = """
import sys
BUILDERS = {
    ("vocabulary.py", "_word_trie"),
    ("regex_shape.py", "factor_assertions"),
    ("intent.py", "_built_cues_trie"),
    ("clauses.py", "_cue_regex"),
}
built = []
def count(frame, event, arg):
    code = frame.f_code
    if event == "call" and "flowgen_core" in code.co_filename:
        if (code.co_filename.rpartition("/")[2], code.co_name) in BUILDERS:
            built.append(code.co_name)
sys.setprofile(count)
from flowgen_apps.cli import run
sys.argv = ["flowgen", *sys.argv[1:]]
try:
    run()
except SystemExit:
    pass
sys.setprofile(None)
print(len(built), file=sys.stderr)
"""


def _texts_built(*args: str, env: dict[str, str]) -> int:
    return _probe_count(_BUILD_PROBE, *args, env=env)


def test_generate_builds_no_pattern_text_an_earlier_run_built(tmp_path: Path) -> None:
    env = _offline_environment(tmp_path)
    _top_level_modules_loaded("generate", BRIEF, env=env)  # creates and migrates the history database
    assert _texts_built("generate", BRIEF, env=env) > 50  # a new cache: built and saved
    assert _texts_built("generate", "--generator", "offline", BRIEF, env=env) == 0
