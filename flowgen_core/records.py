"""Value classes like `dataclasses`' without importing it (start-up time, docs/benchmarks.md).

`import dataclasses` loads `inspect`, which loads `dis`, `ast`, `tokenize` and `linecache`: about
a seventh of `flowgen validate`'s instructions. The classes `validate` builds (the report, the
step kinds, the SMS segment count, the quiet-hours bounds) are declared with `record` instead,
which reads the class's annotations as `dataclass` does and gives it the same `__init__`
(positional or keyword-only, defaults from the class body), `__repr__`, `__eq__`, `__hash__`
(frozen records hash their fields, others are unhashable) and `__match_args__`. A frozen record
refuses attribute assignment with an `AttributeError`. Mutable defaults are not supported:
write an `__init__` for a record that needs one (`Report`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

__all__ = ["record", "record_fields"]

_T = TypeVar("_T", bound=type)


def record_fields(cls: type) -> tuple[str, ...]:
    """The field names of a `record` class, in declaration order."""
    fields: tuple[str, ...] = cls.__dict__["__record_fields__"]
    return fields


@dataclass_transform()
def record(*, frozen: bool = False, kw_only: bool = False) -> Callable[[_T], _T]:
    """Give `cls` the `__init__`, `__repr__`, `__eq__` and `__hash__` `dataclass` would."""

    def build(cls: _T) -> _T:
        names = [
            name
            # Read from the class's own namespace: `inspect.get_annotations` would import `inspect`.
            for name, annotation in cls.__dict__.get("__annotations__", {}).items()  # noqa: RUF063
            if not str(annotation).startswith(("ClassVar", "typing.ClassVar"))
        ]
        defaults = {name: cls.__dict__[name] for name in names if name in cls.__dict__}
        params = [f"{name}=_defaults[{name!r}]" if name in defaults else name for name in names]
        if kw_only and params:
            params.insert(0, "*")
        setter = "object.__setattr__(self, {0!r}, {0})" if frozen else "self.{0} = {0}"
        body = "\n".join(f"    {setter.format(name)}" for name in names) or "    pass"
        source = f"def __init__(self, {', '.join(params)}) -> None:\n{body}\n"
        namespace: dict[str, Any] = {}
        exec(source, {"_defaults": defaults}, namespace)  # built from the class's own field names
        init = namespace["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        fields = tuple(names)

        def __repr__(self: Any) -> str:
            shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in fields)
            return f"{type(self).__qualname__}({shown})"

        def __eq__(self: Any, other: object) -> bool:
            if other.__class__ is not self.__class__:
                return NotImplemented
            return all(getattr(self, name) == getattr(other, name) for name in fields)

        def __hash__(self: Any) -> int:
            return hash(tuple(getattr(self, name) for name in fields))

        def __setattr__(self: Any, name: str, value: Any) -> None:
            raise AttributeError(f"cannot assign to field {name!r}")

        def __delattr__(self: Any, name: str) -> None:
            raise AttributeError(f"cannot delete field {name!r}")

        attributes: dict[str, Any] = {
            "__init__": init,
            "__repr__": __repr__,
            "__eq__": __eq__,
            "__hash__": __hash__ if frozen else None,
            "__match_args__": () if kw_only else fields,
            "__record_fields__": fields,
        }
        if frozen:
            attributes["__setattr__"] = __setattr__
            attributes["__delattr__"] = __delattr__
        for name, value in attributes.items():
            if callable(value) and name != "__hash__":
                value.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, value)
        return cls

    return build
