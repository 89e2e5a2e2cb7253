"""`flowgen_core.records` gives a class what `dataclasses.dataclass` would, without importing it."""

from __future__ import annotations

import dataclasses

import pytest

from flowgen_core.check.report import Finding, Report
from flowgen_core.records import record, record_fields


@record(frozen=True)
class Point:
    x: int
    y: int = 0


@dataclasses.dataclass(frozen=True)
class DataPoint:
    x: int
    y: int = 0


@record(kw_only=True)
class Named:
    name: str
    tags: tuple[str, ...] = ()


def test_a_frozen_record_behaves_like_a_frozen_dataclass() -> None:
    point, data = Point(1), DataPoint(1)
    assert repr(point) == repr(data).replace("DataPoint", "Point")
    assert Point(1, 2) == Point(x=1, y=2) and Point(1) != Point(2)
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert Point(1) != data  # another class is never equal
    assert Point.__match_args__ == DataPoint.__match_args__ == ("x", "y")
    with pytest.raises(AttributeError):
        point.x = 3  # type: ignore[misc]
    assert record_fields(Point) == ("x", "y")


def test_a_keyword_only_record_refuses_positional_arguments_and_is_unhashable() -> None:
    with pytest.raises(TypeError):
        Named("a")  # type: ignore[misc]
    named = Named(name="a")
    named.name = "b"
    assert named == Named(name="b") and named.tags == ()
    with pytest.raises(TypeError):
        hash(named)


def test_the_report_types_keep_their_dataclass_repr_equality_and_dict() -> None:
    finding = Finding(code="c", severity="warning", message="m", step_id="s")
    assert repr(finding) == (
        "Finding(code='c', severity='warning', message='m', hint='', step_id='s', path='')"
    )
    assert Finding.from_dict({**finding.to_dict(), "extra": 1}) == finding
    report = Report()
    report.add(finding)
    assert report == Report(warnings=[finding]) and report != Report()
    assert repr(report) == f"Report(errors=[], warnings=[{finding!r}])"
    assert Report().errors is not Report().errors  # each report has its own lists
    with pytest.raises(TypeError):
        hash(report)
