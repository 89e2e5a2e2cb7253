"""Validate a FlowBuilder flow: schema, graph, content and (optionally) brief compliance.

`validate_flow` never raises on malformed input: every problem becomes a `Finding` in the
returned `Report`. The layers run in order and each one tolerates garbage, so a flow with a
schema error still gets graph and content findings where they can be computed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flowgen_core.check.content import check_content
from flowgen_core.check.graph import check_graph
from flowgen_core.check.report import Finding, Report
from flowgen_core.check.schema import check_schema

if TYPE_CHECKING:
    from flowgen_core.brief import CampaignBrief

__all__ = ["Finding", "Report", "validate_flow"]


def validate_flow(flow: Any, brief: CampaignBrief | None = None, *, verbatim: Iterable[str] = ()) -> Report:
    """Check `flow` against the FlowBuilder spec (and `brief`, when given).

    `verbatim` holds copy quoted verbatim in the brief: dotted-dialect variables inside it
    are kept as written and so are not reported as non-canonical.
    """
    verbatim_copy = list(verbatim)
    if brief is not None:
        verbatim_copy.extend(brief.quoted_copy)
    report = Report()
    findings: list[Finding] = []
    findings.extend(check_schema(flow))
    findings.extend(check_graph(flow))
    findings.extend(check_content(flow, verbatim=verbatim_copy))
    if brief is not None:
        try:
            from flowgen_core.check.compliance import check_brief
        except ImportError:
            pass
        else:
            findings.extend(check_brief(flow, brief))
    for finding in findings:
        report.add(finding)
    return report
