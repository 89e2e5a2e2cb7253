"""One error tree: every exception class the core defines derives from FlowgenError."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil

import pytest

import flowgen_core
from flowgen_core.errors import (
    BriefInputError,
    FlowgenError,
    NotABriefError,
    RefinementRefused,
    StaleVersionError,
    UnsupportedLanguageError,
)

# Exceptions that deliberately stay outside the tree, each with the reason.
OUTSIDE_THE_TREE: dict[str, str] = {}


def _core_modules() -> list[str]:
    walked = pkgutil.walk_packages(flowgen_core.__path__, prefix=f"{flowgen_core.__name__}.")
    # Migration scripts run only inside alembic (they read its context at import time).
    return sorted(info.name for info in walked if ".migrations" not in info.name)


def _exception_classes() -> list[type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for name in _core_modules():
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            # Only classes defined in the core (not ones it imports from a library).
            if issubclass(value, BaseException) and value.__module__.startswith("flowgen_core."):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[key] for key in sorted(found)]


def test_the_walk_finds_the_core_errors() -> None:
    names = {cls.__name__ for cls in _exception_classes()}
    assert {"GenerationError", "LLMError", "PlanError", "InputError", "StoreUnavailable"} <= names


@pytest.mark.parametrize("cls", _exception_classes(), ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_every_core_error_derives_from_flowgen_error(cls: type[BaseException]) -> None:
    if f"{cls.__module__}.{cls.__qualname__}" in OUTSIDE_THE_TREE:
        return
    assert issubclass(cls, FlowgenError), f"{cls.__module__}.{cls.__qualname__} is outside FlowgenError"


def test_documented_exceptions_still_exist() -> None:
    # An allowance for a class that is gone would silently excuse a new one of the same name.
    known = {f"{cls.__module__}.{cls.__qualname__}" for cls in _exception_classes()}
    assert set(OUTSIDE_THE_TREE) <= known


def test_errors_survive_pickling_with_their_attributes() -> None:
    # A generation run in a worker process raises its error in the caller: the error must
    # arrive whole, whatever its constructor takes.
    errors: list[FlowgenError] = [
        BriefInputError("too long", code="brief_too_long", max_chars=10, length=12),
        UnsupportedLanguageError("no Finnish yet", language="fi"),
        NotABriefError("not a brief", examples=["Win back customers"]),
        RefinementRefused("can't", suggestions=["make the discount 20%"]),
        StaleVersionError("stale", 3),
    ]
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert str(copy) == str(error)
        assert copy.__dict__ == error.__dict__
