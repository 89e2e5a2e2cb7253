"""The REST API's request and response models (their JSON Schemas are the OpenAPI components).

The field descriptions and examples here are what /docs shows; the route modules under
`flowgen_apps.api.routes` fill these shapes from the service's results (`api.shaping`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from flowgen_core.check.report import Finding

GeneratorChoice = Literal["auto", "offline", "llm"]
MAX_VERSION = 2**31 - 1  # version numbers are 32-bit integers in the database

EXAMPLE_BRIEF = (
    "Win back customers who haven't ordered in 90 days with 15% off using code COMEBACK15. "
    "Reply YES to claim; if no reply within 2 days, send a reminder."
)
EXAMPLE_FLOW: dict[str, Any] = {
    "name": "Welcome",
    "description": "Welcome new subscribers",
    "initialStepID": "welcome-001",
    "steps": [
        {
            "id": "welcome-001",
            "type": "message",
            "label": "Welcome",
            "content": "Welcome to Acme! Reply STOP to opt out.",
            "text": "Welcome to Acme! Reply STOP to opt out.",
            "messageText": "Welcome to Acme! Reply STOP to opt out.",
            "active": True,
            "parameters": {},
            "events": [
                {"id": "e-1", "type": "default", "nextStepID": "end-002", "active": True, "parameters": {}}
            ],
        },
        {"id": "end-002", "type": "end", "label": "End", "active": True, "parameters": {}, "events": []},
    ],
}
EXAMPLE_REPORT: dict[str, Any] = {
    "valid": False,
    "errors": [
        {
            "code": "event.next_step_missing",
            "severity": "error",
            "message": "Event e-1 points at step 'end-9', which does not exist.",
            "hint": "Point nextStepID at an existing step id.",
            "step_id": "welcome-001",
            "path": "/steps/0/events/0/nextStepID",
        }
    ],
    "warnings": [],
    "truncated": 0,
}


class GenerateFlowRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"campaignDescription": EXAMPLE_BRIEF},
                {"campaignDescription": EXAMPLE_BRIEF, "generator": "offline", "brandName": "Acme"},
            ]
        }
    )

    campaignDescription: str = Field(
        description="The campaign brief in plain language. Must not be empty; at most MAX_BRIEF_CHARS "
        "characters (default 4,000) — longer briefs are answered with 400 `brief_too_long`.",
    )
    generator: GeneratorChoice | None = Field(
        default=None,
        description="`auto` (LLM when configured, else offline rules), `offline` or `llm`. "
        "Default: the server's FLOWGEN_GENERATOR.",
    )
    brandName: str | None = Field(
        default=None, max_length=100, description="Brand used in the SMS copy (overrides workspace settings)."
    )


class ValidationReport(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_REPORT]})

    valid: bool = Field(description="True when there are no errors (warnings allowed).")
    errors: list[Finding] = Field(default_factory=list)
    warnings: list[Finding] = Field(default_factory=list)
    truncated: int = Field(default=0, description="Findings left out: at most 100 are listed, errors first.")


class FlowMetadata(BaseModel):
    model_config = ConfigDict(extra="allow")

    generated_at: str | None = Field(default=None, description="ISO-8601 UTC time of generation.")
    generator: str | None = Field(default=None, description="`offline`, `llm` or `autofix`.")
    model_used: str | None = Field(default=None, description="LLM model, or `rules` for the offline planner.")
    tokens_used: int = Field(default=0, description="LLM tokens spent on this request (0 when cached).")
    generation_time_ms: int = Field(default=0, description="Time the generator took.")
    flow_id: str | None = Field(default=None, description="Stable id of the flow across versions.")
    version: int | None = Field(default=None, description="Version number of this flow (1, 2, …).")
    version_id: str | None = Field(default=None, description="Id of this exact version.")
    cached: bool = Field(default=False, description="Served from the result cache (identical recent brief).")
    persisted: bool = Field(default=True, description="False when the database was down (queued for saving).")
    fallback_reason: str | None = Field(
        default=None, description="Why the LLM was not used when it was expected to be."
    )
    notices: list[str] = Field(default_factory=list, description="Remarks for people (fallback, cache…).")
    understood: list[str] = Field(
        default_factory=list, description="What the planner read from the brief, and what it assumed."
    )
    spec: FlowSpecView | None = Field(default=None, description="The spec stored with this version.")


class GenerateFlowResponse(BaseModel):
    """The FlowBuilder flow itself (importable as is) plus metadata and the validation report."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    **EXAMPLE_FLOW,
                    "metadata": {
                        "generated_at": "2026-01-01T12:00:00+00:00",
                        "generator": "offline",
                        "model_used": "rules",
                        "tokens_used": 0,
                        "generation_time_ms": 12,
                        "flow_id": "f_6c1d2e",
                        "version": 1,
                        "version_id": "v_91ab07",
                        "cached": False,
                        "persisted": True,
                        "fallback_reason": None,
                        "notices": [],
                    },
                    "validation": {"valid": True, "errors": [], "warnings": []},
                }
            ]
        },
    )

    name: str | None = None
    description: str | None = None
    initialStepID: str
    steps: list[dict[str, Any]]
    metadata: FlowMetadata
    validation: ValidationReport


class FixFlowRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"flow": EXAMPLE_FLOW}, {"flowId": "f_6c1d2e", "version": 2}]}
    )

    flow: dict[str, Any] | None = Field(default=None, description="A FlowBuilder flow to correct.")
    flowId: str | None = Field(
        default=None, min_length=1, max_length=100, description="Or the id of a stored flow."
    )
    version: int | None = Field(
        default=None, ge=1, le=MAX_VERSION, description="With flowId: that version (default latest)."
    )

    @model_validator(mode="after")
    def _one_source(self) -> FixFlowRequest:
        if (self.flow is None) == (self.flowId is None):
            raise ValueError("give exactly one of `flow` or `flowId`")
        return self


class Change(BaseModel):
    model_config = ConfigDict(extra="allow")

    code: str
    step_id: str | None = None
    path: str | None = None
    before: Any = None
    after: Any = None
    reason: str | None = None


class VersionRef(BaseModel):
    flowId: str | None = Field(default=None, description="Stable id of the flow.")
    version: int | None = Field(default=None, description="Version number created by this call.")
    versionId: str | None = Field(default=None, description="Id of the version created by this call.")


class FixFlowResponse(VersionRef):
    flow: dict[str, Any] = Field(description="The corrected flow.")
    changes: list[Change] = Field(description="The automatic corrections, in order (at most 200).")
    changesTruncated: int = Field(default=0, description="Corrections made but not listed.")
    summary: str
    validation: ValidationReport


class RefineFlowRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"flowId": "f_6c1d2e", "instruction": "make the discount 20%"},
                {"flow": EXAMPLE_FLOW, "instruction": "add a reminder after 1 day without reply"},
            ]
        }
    )

    instruction: str = Field(description="What to change, in plain language.", max_length=2000)
    flowId: str | None = Field(
        default=None, min_length=1, max_length=100, description="Refine a stored flow…"
    )
    version: int | None = Field(
        default=None, ge=1, le=MAX_VERSION, description="…at this version (default latest)."
    )
    flow: dict[str, Any] | None = Field(default=None, description="…or refine this flow.")
    baseVersion: int | None = Field(
        default=None,
        ge=1,
        le=MAX_VERSION,
        description="With flowId: the version this edit was made against. When the flow has a newer "
        "version, nothing is saved and the answer is 409 `stale_version` (`details.latestVersion`). "
        "Without it, an edit whose base was overtaken is applied to the newest version.",
    )
    generator: GeneratorChoice | None = None

    @model_validator(mode="after")
    def _one_source(self) -> RefineFlowRequest:
        if (self.flow is None) == (self.flowId is None):
            raise ValueError("give exactly one of `flow` or `flowId`")
        return self


class FlowSpecView(BaseModel):
    """What the flow must satisfy: the brief's facts plus every accepted refinement's change."""

    lines: list[str] = Field(description='The facts as people read them: "Offer: 20% off", …')
    changes: list[str] = Field(
        default_factory=list,
        description='Accepted refinement changes, oldest first: "Offer: 15% off → 20% off".',
    )
    facts: dict[str, Any] = Field(
        description="The facts as structured data (the brief interpreter's fields)."
    )


class RefineFlowResponse(VersionRef):
    flow: dict[str, Any] = Field(description="The refined flow (a new version).")
    diff: dict[str, Any] | None = Field(description="Steps added, removed and changed.")
    summary: str
    notices: list[str] = Field(default_factory=list)
    validation: ValidationReport
    spec: FlowSpecView | None = Field(default=None, description="The refined flow's spec.")
    specChanges: list[str] = Field(
        default_factory=list, description="What this refinement changed in the spec."
    )


class StoredFlowResponse(VersionRef):
    name: str | None = None
    createdAt: str | None = None
    action: str | None = Field(default=None, description="generated, refined, fixed, regenerated…")
    generator: str | None = None
    model: str | None = None
    valid: bool | None = None
    approved: bool | None = None
    instruction: str | None = None
    parentVersionId: str | None = None
    flow: dict[str, Any]
    validation: dict[str, Any]
    spec: FlowSpecView | None = Field(default=None, description="The spec this version was made to satisfy.")


class VersionSummary(BaseModel):
    version: int
    versionId: str
    createdAt: str | None = None
    action: str | None = None
    generator: str | None = None
    valid: bool | None = None
    approved: bool | None = None
    instruction: str | None = None


class VersionList(BaseModel):
    flowId: str
    versions: list[VersionSummary]


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    model_config = ConfigDict(extra="allow")

    status: Literal["ready", "degraded", "unavailable"]
    database: dict[str, Any]
    cache: dict[str, Any]
    llm: dict[str, Any]
