"""The structure's rules, checked on the source so a change that breaks one fails here.

- the core never imports the apps, Slack, or the web framework;
- no module imports another module's private (`_name`) names;
- an import inside a function says why, in a comment on its line or the line above.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "flowgen_core"
APPS = ROOT / "flowgen_apps"
APP_ONLY_PACKAGES = ("flowgen_apps", "slack_bolt", "slack_sdk", "fastapi", "starlette", "uvicorn")


def _modules(*packages: Path) -> Iterator[Path]:
    for package in packages:
        yield from sorted(p for p in package.rglob("*.py") if "migrations" not in p.parts)


def _imported_modules(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


@pytest.mark.parametrize("path", list(_modules(CORE)), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_imports_no_app_or_web_framework(path: Path):
    tree = ast.parse(path.read_text("utf-8"))
    offending = [
        f"{line}: {name}" for line, name in _imported_modules(tree) if name.split(".")[0] in APP_ONLY_PACKAGES
    ]
    assert not offending, offending


@pytest.mark.parametrize("path", list(_modules(CORE, APPS)), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_names_are_imported_across_modules(path: Path):
    tree = ast.parse(path.read_text("utf-8"))
    offending = [
        f"{node.lineno}: from {node.module} import {alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith(("flowgen_core", "flowgen_apps"))
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert not offending, offending


def _function_level_imports(tree: ast.AST) -> Iterator[ast.stmt]:
    for func in ast.walk(tree):
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(func):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    yield node


@pytest.mark.parametrize("path", list(_modules(CORE, APPS)), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_inside_functions_say_why(path: Path):
    lines = path.read_text("utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    unexplained = []
    for node in _function_level_imports(tree):
        here = lines[node.lineno - 1]
        # The comment may sit on the import's line or just above it (over a run of imports,
        # or over the `if`/`try` that makes the import conditional).
        above = [line.strip() for line in lines[max(0, node.lineno - 7) : node.lineno - 1]]
        if "#" not in here and not any("#" in line for line in above):
            unexplained.append(f"{node.lineno}: {here.strip()}")
    assert not unexplained, unexplained
