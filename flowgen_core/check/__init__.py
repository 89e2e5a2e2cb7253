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
from flowgen_core.setting_source import read_setting

if TYPE_CHECKING:
    from flowgen_core.brief import CampaignBrief

__all__ = ["Finding", "Report", "first_message_strict", "validate_flow"]


def first_message_strict(generated: bool) -> bool:
    """Whether missing brand/opt-out wording in a first message is an error (COMPLIANCE_STRICT)."""
    # Read on its own, not through `get_settings()`: validating a flow must not import
    # pydantic-settings (start-up time). An unknown value falls back to the default, as an
    # unreadable setting always has: it must not stop a check.
    mode = read_setting("COMPLIANCE_STRICT")
    if mode not in ("generated", "always", "never"):
        mode = "generated"
    return mode == "always" or (mode == "generated" and generated)


def validate_flow(
    flow: Any,
    brief: CampaignBrief | None = None,
    *,
    verbatim: Iterable[str] = (),
    generated: bool | None = None,
    brand: str | None = None,
) -> Report:
    """Check `flow` against the FlowBuilder spec (and `brief`, when given).

    `verbatim` holds copy quoted verbatim in the brief: dotted-dialect variables inside it
    are kept as written and so are not reported as non-canonical.

    `generated` says the flow was generated or refined here rather than handed in to be
    checked; by default a flow checked against a brief is one (generation and refinement
    pass the brief they worked from, validating a user's flow passes none). With the
    COMPLIANCE_STRICT setting it decides whether a first message without brand or opt-out
    wording is an error or a warning. `brand` is the sender's name as the flow's copy writes
    it (a workspace's brand name); without it only the `{{brand_name}}` variable names the sender.
    """
    verbatim_copy = list(verbatim)
    if brief is not None:
        verbatim_copy.extend(brief.quoted_copy)
    report = Report()
    findings: list[Finding] = []
    findings.extend(check_schema(flow))
    findings.extend(check_graph(flow))
    strict = first_message_strict(brief is not None if generated is None else generated)
    findings.extend(check_content(flow, verbatim=verbatim_copy, brand=brand, strict=strict))
    if brief is not None:
        # Imported only with a brief: compliance loads the brief interpreter (a tenth of a
        # second of regex compiling) that validating a flow on its own never needs.
        from flowgen_core.check.compliance import check_brief

        findings.extend(check_brief(flow, brief))
    for finding in findings:
        report.add(finding)
    return report
