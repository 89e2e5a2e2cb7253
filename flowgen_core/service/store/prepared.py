"""INSERTs compiled once per dialect and column set, run as driver SQL: the write every generation makes.

A Core `connection.execute(insert(table), row)` looks the statement up in SQLAlchemy's compiled
cache, builds an execution context from the compiled form and converts each bound value on
every call: about 25 µs of CPU per statement on SQLite, three statements per generated version.
`PreparedInsert` does the compiling and the lookup of each column's bind conversion (JSON
text, SQLite's datetime text, booleans) once, and hands the driver its SQL and converted
values through `Connection.exec_driver_sql` (about 14 µs). The row written is the same
(tests/integration/test_prepared_insert.py compares it with the Core statement's on SQLite and
PostgreSQL), and it runs on the session's connection, in its transaction, with the engine's
cursor events still seen.

A row whose columns the compiled statement would have to complete (a Python-side default of a
column the row leaves out) is written through the Core statement instead, which applies it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.engine import Dialect


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    order: tuple[str, ...] | None  # positional drivers (qmark: SQLite): the values' order
    convert: tuple[tuple[str, Callable[[Any], Any]], ...]  # columns whose values the type converts
    complete: bool  # the row's columns are all the statement binds (no default to fill in)


class PreparedInsert:
    """`INSERT INTO table (the row's columns) VALUES (…)`, compiled once per dialect and column set."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.statement = insert(table)
        self._compiled: dict[tuple[str, tuple[str, ...]], _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, dialect: Dialect, keys: tuple[str, ...]) -> _Compiled:
        compiled = self.statement.compile(dialect=dialect, column_keys=list(keys))
        bound = set(compiled.binds)
        convert = []
        for key in keys:
            processor = self.table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                convert.append((key, processor))
        order = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None
        return _Compiled(compiled.string, order, tuple(convert), complete=bound == set(keys))

    def compiled_for(self, dialect: Dialect, keys: tuple[str, ...]) -> _Compiled:
        cache_key = (dialect.name, keys)
        found = self._compiled.get(cache_key)
        if found is None:
            with self._lock:
                found = self._compiled.setdefault(cache_key, self._compile(dialect, keys))
        return found

    def execute(self, connection: Connection, row: Mapping[str, Any]) -> None:
        """Insert `row` (column name -> value) on `connection`, in its current transaction."""
        compiled = self.compiled_for(connection.dialect, tuple(row))
        if not compiled.complete:
            connection.execute(self.statement, dict(row))
            return
        values = dict(row)
        for key, processor in compiled.convert:
            values[key] = processor(values[key])
        if compiled.order is not None:
            connection.exec_driver_sql(compiled.sql, tuple(values[key] for key in compiled.order))
        else:
            connection.exec_driver_sql(compiled.sql, values)
