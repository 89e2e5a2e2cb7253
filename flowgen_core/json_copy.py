"""A deep copy of JSON data, several times faster than `copy.deepcopy` and the same result.

Flows are plain JSON (dicts, lists, strings, numbers, booleans, None); `copy.deepcopy`
dispatches and memoises every string and number of them. Here a dict or list is copied
directly and an immutable scalar is shared, as deepcopy shares it. A value that appears
twice stays one object in the copy (as with deepcopy); anything else (a dict subclass, a
tuple, an object) is handed to `copy.deepcopy` with the same memo.
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["copy_json"]

_SCALARS = frozenset({str, int, float, bool, type(None)})


def copy_json(value: Any) -> Any:
    """A deep copy of `value`, equal to `copy.deepcopy(value)`."""
    if type(value) in _SCALARS:
        return value
    return _copy(value, {})


def _copy(value: Any, memo: dict[int, Any]) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        if id(value) in memo:
            return memo[id(value)]
        if not all(type(key) in _SCALARS for key in value):
            return copy.deepcopy(value, memo)
        copied: dict[Any, Any] = {}
        memo[id(value)] = copied
        for key, item in value.items():
            copied[key] = item if type(item) in _SCALARS else _copy(item, memo)
        return copied
    if kind is list:
        if id(value) in memo:
            return memo[id(value)]
        items: list[Any] = []
        memo[id(value)] = items
        for item in value:
            items.append(item if type(item) in _SCALARS else _copy(item, memo))
        return items
    return copy.deepcopy(value, memo)
