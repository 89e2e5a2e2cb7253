"""copy_json is copy.deepcopy for JSON data: equal, nothing mutable shared, aliasing kept."""

from __future__ import annotations

import copy
from collections import OrderedDict
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from flowgen_core.json_copy import copy_json

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=30,
)


def _containers(value: Any) -> list[Any]:
    found = [value] if isinstance(value, (dict, list)) else []
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    for child in children:
        found += _containers(child)
    return found


@given(JSON)
def test_equal_to_deepcopy_and_shares_no_container(value: Any) -> None:
    copied = copy_json(value)
    assert copied == copy.deepcopy(value)
    assert type(copied) is type(value)
    originals = {id(c) for c in _containers(value)}
    assert not originals & {id(c) for c in _containers(copied)}


@given(JSON)
def test_mutating_the_copy_leaves_the_original(value: Any) -> None:
    snapshot = copy.deepcopy(value)
    copied = copy_json(value)
    for container in _containers(copied):
        if isinstance(container, dict):
            container["added"] = 1
        else:
            container.append(1)
    assert value == snapshot


def test_a_shared_value_stays_shared_as_with_deepcopy() -> None:
    shared = {"id": "a", "events": []}
    flow = {"steps": [shared, shared], "meta": {"same": shared}}
    copied = copy_json(flow)
    assert copied["steps"][0] is copied["steps"][1] is copied["meta"]["same"]
    assert copied["steps"][0] is not shared
    cyclic: list[Any] = []
    cyclic.append(cyclic)
    again = copy_json(cyclic)
    assert again[0] is again and again is not cyclic


def test_other_types_are_deep_copied_as_deepcopy_does() -> None:
    ordered = OrderedDict(a=[1, 2])
    value = {"o": ordered, "t": ([1], "x"), 3: {(1, 2): [3]}}
    copied = copy_json(value)
    assert copied == copy.deepcopy(value)
    assert type(copied["o"]) is OrderedDict and copied["o"]["a"] is not ordered["a"]
    assert copied["t"][0] is not value["t"][0]
    assert copied[3][(1, 2)] is not value[3][(1, 2)]
