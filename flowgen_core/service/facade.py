"""FlowService: the one façade the CLI, the REST API and the Slack app call.

Data flows one way: brief -> plan -> flow -> report -> stored version. The service adds
what every shell needs around the core: the result cache, per-conversation locks, the
version history and an audit trail. A backing service that is down degrades the service
(memory cache, write outbox) but never costs the user their flow.

Tenancy and the change policy are enforced here, once, for every shell: a version of another
tenant (or, from Slack, of another channel) is "not found"; only the flow's creator or a
workspace admin may approve or reopen; an approved flow is locked until it is reopened.
See docs/security.md.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from flowgen_core.check.autofix import Change
from flowgen_core.check.report import Report
from flowgen_core.context import RequestContext
from flowgen_core.diff import FlowDiff
from flowgen_core.errors import (
    BusyError,
    FlowLockedError,
    GenerationError,
    NotFoundError,
    PermissionDeniedError,
    StaleVersionError,
)
from flowgen_core.format.schema import SCHEMA_VERSION
from flowgen_core.io import InputError
from flowgen_core.pipeline import (
    brief_of,
    check_brief_text,
    finish,
    finish_fixed,
    generate_flow,
    read_brief,
)
from flowgen_core.pipeline import generate as generate_from_brief
from flowgen_core.pipeline import refine as refine_flow
from flowgen_core.planners.base import GenerationResult
from flowgen_core.service.cache import result_cache_key
from flowgen_core.settings import Settings, get_settings
from flowgen_core.spec import FlowSpec
from flowgen_core.storable import check_text, check_value, text_problem, with_version_ids

if TYPE_CHECKING:
    from flowgen_core.service.cache import Cache
    from flowgen_core.service.store import FlowStore, StoredVersion

log = logging.getLogger(__name__)

_LOCKED = "This flow is approved, so it is locked against changes. Reopen it first if it needs to change."
_MAY_NOT_APPROVE = "Only the flow's creator or a workspace admin can {what} it."
_REFINE_QUEUE_WAIT_S = 20.0  # refinements of one flow wait their turn this long, then 409 busy
_STALE_RETRIES = 10  # re-applications to the newest version when other processes saved first
MAX_HISTORY_QUERY_CHARS = 200  # a search of names and briefs; longer text is not a search
_CACHE_HIT_NOTICE = "Served from the result cache: an identical brief was generated recently."


_OPERATOR = RequestContext(source="cli")

_T = TypeVar("_T")


class GenerationRunner(Protocol):
    """Runs one CPU-bound job of the core — `job(**kwargs)` — and returns its result or raises its error.

    The jobs are module-level functions of pure, picklable inputs and outputs (brief text,
    flows, settings), so a runner may run them in another thread or process; the service
    keeps everything with state (the store, the cache, locks) on its own side.
    """

    def __call__(self, job: Callable[..., _T], /, **kwargs: Any) -> _T: ...


def run_here(job: Callable[..., _T], /, **kwargs: Any) -> _T:
    """The default runner: the job runs in the calling thread."""
    return job(**kwargs)


class FlowOutcome(BaseModel):
    """What every service operation that produces a flow version returns."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    flow: dict[str, Any]
    report: Report
    brief: str = ""
    flow_id: str | None = None
    version: int | None = None
    version_id: str | None = None
    persisted: bool = False
    generator: str = "offline"
    model: str | None = None
    tokens_used: int = 0
    latency_ms: int = 0
    fallback_reason: str | None = None
    notices: list[str] = Field(default_factory=list)
    understood: list[str] = Field(default_factory=list)  # brief.summary.understood_lines
    cached: bool = False
    changes: list[Change] = Field(default_factory=list)
    diff: FlowDiff | None = None
    summary: str = ""
    # What the flow must satisfy (the brief's facts plus accepted refinement changes), stored
    # with the version; spec_changes: what this refinement changed in it.
    spec: FlowSpec | None = None
    spec_changes: list[str] = Field(default_factory=list)


class FlowService:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        store: FlowStore | None = None,
        cache: Cache | None = None,
    ) -> None:
        # The store (SQLAlchemy) and cache (redis) load when a service is built, not when the
        # module is imported: commands that never build one (validate, schema) skip them.
        from flowgen_core.service.cache import build_cache

        self.settings = settings or get_settings()
        if store is None:
            from flowgen_core.service.store import FlowStore

            store = FlowStore(self.settings.database_url, auto_migrate=self.settings.db_auto_migrate)
        self.store = store
        self.cache = cache or build_cache(self.settings)
        self._run: GenerationRunner = run_here

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> FlowService:
        return cls(settings)

    def with_generation_runner(self, runner: GenerationRunner) -> FlowService:
        """This service (same store, cache and settings) with generation and refinement run by
        `runner`, e.g. in a pool of processes: the shell that owns the pool decides, not the core."""
        twin = copy.copy(self)
        twin._run = runner
        return twin

    # ------------------------------------------------------------------ produce versions
    def generate(
        self,
        description: str,
        *,
        context: RequestContext,
        generator: str | None = None,
        brand_name: str | None = None,
    ) -> FlowOutcome:
        # The boundary check of brief text, for every shell; nothing deeper checks it again.
        description = check_brief_text(description, max_chars=self.settings.max_brief_chars, stored=True)
        settings, workspace_brand = self._workspace(context.workspace_id)
        result, cached = self._generate_cached(
            description,
            settings=settings,
            generator=generator,
            brand_name=brand_name or workspace_brand,
            tenant=context.tenant,
        )
        outcome = self._outcome_from_generation(result, description, cached=cached)
        return self._save(outcome, context=context, action="generated")

    def regenerate(self, version_id: str, *, context: RequestContext) -> FlowOutcome:
        base = self._changeable(version_id, context)
        settings, brand_name = self._workspace(context.workspace_id)
        # A regenerate is an explicit request for a fresh take: it skips the result cache.
        result = self._run(generate_flow, description=base.brief, settings=settings, brand_name=brand_name)
        outcome = self._outcome_from_generation(result, base.brief, cached=False)
        return self._save(
            outcome, context=context, action="regenerated", flow_id=base.flow_id, parent=base.version_id
        )

    def refine(
        self,
        instruction: str,
        *,
        context: RequestContext,
        version_id: str | None = None,
        flow: dict[str, Any] | None = None,
        generator: str | None = None,
        follow_latest: bool = True,
        base_version: int | None = None,
    ) -> FlowOutcome:
        """Apply `instruction` to a stored version (`version_id`) or to a given `flow`.

        A stored flow is refined under its lock, and the new version is saved only if no other
        version landed since the base was read (an optimistic check in the same transaction as
        the insert). With `follow_latest` (the default) a refinement whose base was overtaken
        is applied to the newest version instead, so concurrent refinements all survive, in
        turn; `base_version` pins the version the caller saw and makes a newer one a
        StaleVersionError instead. `follow_latest=False` refines exactly `version_id`.
        """
        check_text(instruction or "", "The instruction")
        if version_id is None:
            if not isinstance(flow, dict):
                raise GenerationError("Give a flow (or the id of a stored version) to refine.")
            check_value(flow, "The flow")
            with self.cache.lock(f"refine:{context.request_id}", ttl_s=120):
                outcome = self._refined(flow, None, instruction, context=context, generator=generator)
            return self._save(outcome, context=context, action="refined", instruction=instruction)
        first = self._changeable(version_id, context)
        with self.cache.lock(f"refine:{first.flow_id}", ttl_s=120, wait_s=_REFINE_QUEUE_WAIT_S):
            for _ in range(_STALE_RETRIES):
                latest = self.get_flow(first.flow_id, context=context)
                if base_version is not None and latest.version != base_version:
                    raise StaleVersionError(
                        f"The flow is at version {latest.version}, not {base_version}: refine the "
                        "latest version or send its number as baseVersion.",
                        latest.version,
                    )
                base = self._changeable(latest.version_id if follow_latest else version_id, context)
                outcome = self._refined(base.flow, base, instruction, context=context, generator=generator)
                try:
                    return self._save(
                        outcome,
                        context=context,
                        action="refined",
                        flow_id=base.flow_id,
                        parent=base.version_id,
                        instruction=instruction,
                        expected_latest=latest.version,
                    )
                except StaleVersionError:
                    # Another process saved a version meanwhile (its lock was not ours to see).
                    if base_version is not None:
                        raise
        raise BusyError("The flow kept changing while this refinement ran; try again in a moment.")

    def _refined(
        self,
        current: dict[str, Any],
        base: StoredVersion | None,
        instruction: str,
        *,
        context: RequestContext,
        generator: str | None,
    ) -> FlowOutcome:
        brief_text = (base.brief if base else "") or str(current.get("description", ""))
        spec = spec_of(base) if base is not None else None
        if spec is None and (brief := brief_of(brief_text)) is not None:
            spec = FlowSpec.from_brief(brief)
        settings, _ = self._workspace(context.workspace_id)
        result = self._run(
            refine_flow,
            flow=current,
            instruction=instruction,
            spec=spec,
            settings=settings,
            generator=generator,
        )
        return FlowOutcome(
            flow=result.flow,
            report=result.report,
            brief=brief_text,
            generator=result.generator,
            model=result.model,
            tokens_used=result.tokens_used,
            fallback_reason=result.fallback_reason,
            notices=list(result.notices),
            diff=result.diff,
            summary=result.summary,
            spec=result.spec,
            spec_changes=list(result.spec_changes),
        )

    def fix(
        self,
        *,
        context: RequestContext,
        version_id: str | None = None,
        flow: Any = None,
    ) -> FlowOutcome:
        base = self._changeable(version_id, context) if version_id else None
        current = base.flow if base else flow
        if not isinstance(current, dict):
            raise InputError("The flow must be a JSON object with initialStepID and steps.")
        if base is None:
            check_value(current, "The flow")
        brief_text = (
            base.brief if base else (current.get("description", "") if isinstance(current, dict) else "")
        )
        verbatim = self._verbatim(brief_text)
        result = finish_fixed(current, verbatim=verbatim)
        n = len(result.changes)
        summary = (
            f"Applied {n} automatic correction{'s' if n != 1 else ''}."
            if n
            else "Nothing to correct automatically."
        )
        if result.report.errors:
            summary += f" {len(result.report.errors)} error(s) need a human decision."
        outcome = FlowOutcome(
            flow=result.flow,
            report=result.report,
            brief=brief_text,
            generator=base.generator if base else "autofix",
            model=base.model if base else None,
            changes=list(result.changes),
            summary=summary,
            # A correction changes no requirement: the version keeps its base's spec.
            spec=spec_of(base) if base is not None else None,
        )
        if base is not None and not result.changes:
            # Nothing changed: answer with the stored version instead of a duplicate one.
            outcome.flow_id, outcome.version, outcome.version_id = base.flow_id, base.version, base.version_id
            outcome.flow, outcome.persisted = base.flow, True
            return outcome
        # A fix of an uploaded flow is recorded too, so it can be refined by id afterwards.
        return self._save(
            outcome,
            context=context,
            action="fixed",
            flow_id=base.flow_id if base else None,
            parent=base.version_id if base else None,
        )

    def validate(self, flow: Any) -> Report:
        return finish(flow, repair=False)[1]

    # ------------------------------------------------------------------ versions & history
    def approve(self, version_id: str, *, context: RequestContext) -> StoredVersion:
        """Approve a version and lock its flow: the creator or a workspace admin only."""
        stored = self._owned(version_id, context)
        self._check_may_decide(stored, context, "approve")
        if stored.approved and stored.locked:
            return stored  # a second click on Approve changes nothing
        if stored.locked:
            raise FlowLockedError(_LOCKED)
        approved = self.store.set_approved(version_id, user_id=context.user_id)
        if approved is None:
            raise NotFoundError(f"No flow version {version_id!r}.")
        self.store.audit("approved", context=context, flow_id=approved.flow_id, version_id=version_id)
        return approved

    def reopen(self, version_id: str, *, context: RequestContext) -> StoredVersion:
        """Unlock an approved flow so it can change again: the creator or a workspace admin only."""
        stored = self._owned(version_id, context)
        self._check_may_decide(stored, context, "reopen")
        if not stored.locked:
            return stored
        self.store.set_locked(stored.flow_id, False)
        self.store.audit("reopened", context=context, flow_id=stored.flow_id, version_id=version_id)
        return self.get_version(version_id, context=context)

    def check_changeable(self, version_id: str, *, context: RequestContext) -> StoredVersion:
        """The version, if the caller may refine, regenerate or fix it now; else the refusal it would get."""
        return self._changeable(version_id, context)

    def feedback(self, version_id: str, rating: int, *, context: RequestContext) -> None:
        self.get_version(version_id, context=context)
        self.store.add_feedback(version_id, user_id=context.user_id, rating=rating)

    def record_download(self, version_id: str, *, context: RequestContext) -> None:
        stored = self.get_version(version_id, context=context)
        self.store.audit("downloaded", context=context, flow_id=stored.flow_id, version_id=version_id)

    def get_version(self, version_id: str, *, context: RequestContext | None = None) -> StoredVersion:
        """A version the caller may see. Without a context: the operator's view (CLI, jobs)."""
        # An id no version can have (NUL, lone surrogate) is unknown, not a database error.
        stored = None if text_problem(version_id) else self.store.get_version(version_id)
        if stored is None or not self._visible(stored, context or _OPERATOR):
            raise NotFoundError(f"No flow version {version_id!r}.")
        return stored

    def get_flow(
        self, flow_id: str, version: int | None = None, *, context: RequestContext | None = None
    ) -> StoredVersion:
        stored = None if text_problem(flow_id) else self.store.get_flow_version(flow_id, version)
        if stored is None or not self._visible(stored, context or _OPERATOR):
            what = f"version {version} of flow {flow_id!r}" if version else f"flow {flow_id!r}"
            raise NotFoundError(f"No {what}.")
        return stored

    def list_versions(self, flow_id: str, *, context: RequestContext | None = None) -> list[StoredVersion]:
        versions = [] if text_problem(flow_id) else self.store.list_versions(flow_id)
        if not versions or not self._visible(versions[0], context or _OPERATOR):
            raise NotFoundError(f"No flow {flow_id!r}.")
        return versions

    def history(
        self,
        *,
        context: RequestContext,
        limit: int = 20,
        query: str | None = None,
        mine_only: bool = True,
    ) -> list[StoredVersion]:
        if query and len(query) > MAX_HISTORY_QUERY_CHARS:
            raise InputError(
                f"The search text is {len(query):,} characters; the limit is {MAX_HISTORY_QUERY_CHARS}."
            )
        return self.store.history(
            tenant_id=None if context.operator else context.tenant,
            workspace_id=context.workspace_id if context.source != "cli" else None,
            user_id=context.user_id if mine_only and context.source != "cli" else None,
            query=query,
            limit=limit,
        )

    def bind_thread(self, version_id: str, *, context: RequestContext) -> None:
        if not (context.channel_id and context.thread_ts):
            return
        # Not `_owned`: the new thread may be in another channel (a DM when the channel refused).
        stored = self.store.get_version(version_id)
        if stored is None or not context.may_change(stored.tenant_id):
            raise NotFoundError(f"No flow version {version_id!r}.")
        self.store.bind_thread(
            stored.flow_id,
            workspace_id=context.workspace_id,
            channel_id=context.channel_id,
            thread_ts=context.thread_ts,
            tenant_id=stored.tenant_id,
        )

    def latest_for_thread(self, *, context: RequestContext) -> StoredVersion | None:
        if not (context.channel_id and context.thread_ts):
            return None
        return self.store.latest_for_thread(
            workspace_id=context.workspace_id,
            channel_id=context.channel_id,
            thread_ts=context.thread_ts,
            tenant_id=context.tenant,
        )

    def workspace_settings(self, workspace_id: str) -> dict[str, Any]:
        return self.store.workspace_settings(workspace_id)

    def update_workspace_settings(self, workspace_id: str, **values: Any) -> dict[str, Any]:
        return self.store.update_workspace_settings(workspace_id, **values)

    def readiness(self) -> dict[str, Any]:
        db_ok = self.store.ping()
        cache_ok = self.cache.ping()
        return {
            "database": {"ok": db_ok, "backend": self.settings.database_url.split(":", 1)[0]},
            "cache": {"ok": cache_ok, "backend": self.cache.backend},
            "llm": {
                "configured": self.settings.llm_enabled,
                "model": self.settings.openai_model if self.settings.llm_enabled else None,
                "generator": self.settings.resolved_generator(),
            },
        }

    # ------------------------------------------------------------------ tenancy and policy
    @staticmethod
    def _visible(stored: StoredVersion, context: RequestContext) -> bool:
        """Another tenant's version does not exist for the caller; nor, in Slack, another channel's."""
        if not context.may_read(stored.tenant_id):
            return False
        bound_elsewhere = (
            context.source == "slack"
            and context.channel_id is not None
            and stored.channel_id is not None
            and stored.channel_id != context.channel_id
        )
        return not bound_elsewhere

    def _owned(self, version_id: str, context: RequestContext) -> StoredVersion:
        """A version the caller may change (seeing it through the cross-tenant read scope is not enough)."""
        stored = self.get_version(version_id, context=context)
        if not context.may_change(stored.tenant_id):
            raise PermissionDeniedError("This key may read other tenants' flows, not change them.")
        return stored

    def _changeable(self, version_id: str, context: RequestContext) -> StoredVersion:
        stored = self._owned(version_id, context)
        if stored.locked:
            raise FlowLockedError(_LOCKED)
        return stored

    @staticmethod
    def _check_may_decide(stored: StoredVersion, context: RequestContext, what: str) -> None:
        creator = stored.created_by or stored.user_id
        if context.operator or context.workspace_admin or creator == context.user_id:
            return
        raise PermissionDeniedError(_MAY_NOT_APPROVE.format(what=what))

    # ------------------------------------------------------------------ internals
    def _workspace(self, workspace_id: str) -> tuple[Settings, str | None]:
        """Settings and brand for one workspace: an admin's choices in App Home override defaults."""
        try:
            chosen = self.store.workspace_settings(workspace_id)
        except Exception:  # a settings lookup must never block generation
            log.warning("workspace settings unavailable", exc_info=True)
            chosen = {}
        settings = self.settings
        if chosen.get("default_model"):
            settings = settings.model_copy(update={"openai_model": str(chosen["default_model"])})
        return settings, self.settings.brand_name or chosen.get("brand_name") or None

    def _generate_cached(
        self,
        description: str,
        *,
        settings: Settings,
        generator: str | None,
        brand_name: str | None,
        tenant: str = "",
    ) -> tuple[GenerationResult, bool]:
        resolved = settings.resolved_generator(generator)
        model = settings.openai_model if resolved == "llm" else "rules"
        # Per tenant: a cache hit must not tell one tenant what another asked for.
        key = result_cache_key(f"{tenant}|{brand_name or ''}|{description}", resolved, model, SCHEMA_VERSION)
        # Serialised and parsed by pydantic in one pass each (not model_dump + json): the cached
        # result, with its brief and plan, is the largest document a generation writes.
        hit = self.cache.get_text(key)
        if hit is not None:
            try:
                return GenerationResult.model_validate_json(hit), True
            except ValueError:
                log.warning("discarding an unreadable cache entry")
        result = self._run(
            generate_checked,
            description=description,
            settings=settings,
            generator=generator,
            brand_name=brand_name,
        )
        # A fallback answer is not what was asked for: don't let it stand in for the LLM's later.
        if result.fallback_reason is None:
            self.cache.set_text(key, result.model_dump_json(), self.settings.cache_ttl_s)
        return result, False

    @staticmethod
    def _outcome_from_generation(result: GenerationResult, description: str, *, cached: bool) -> FlowOutcome:
        notices = list(result.notices)
        if cached:
            notices.append(_CACHE_HIT_NOTICE)
        return FlowOutcome(
            flow=result.flow,
            report=result.report,
            brief=description,
            generator=result.generator,
            model=result.model,
            tokens_used=0 if cached else result.tokens_used,
            latency_ms=result.latency_ms,
            fallback_reason=result.fallback_reason,
            notices=notices,
            understood=list(result.understood),
            cached=cached,
            spec=FlowSpec.from_brief(result.brief) if result.brief is not None else None,
        )

    def _save(
        self,
        outcome: FlowOutcome,
        *,
        context: RequestContext,
        action: str,
        flow_id: str | None = None,
        parent: str | None = None,
        instruction: str | None = None,
        expected_latest: int | None = None,
    ) -> FlowOutcome:
        started = time.perf_counter()
        saved = self.store.save_version(
            context=context,
            flow=outcome.flow,
            report=outcome.report.to_dict(),
            brief=outcome.brief,
            spec=outcome.spec.model_dump(mode="json") if outcome.spec is not None else None,
            generator=outcome.generator,
            model=outcome.model,
            tokens=outcome.tokens_used,
            latency_ms=outcome.latency_ms,
            flow_id=flow_id,
            parent_version_id=parent,
            instruction=instruction,
            action=action,
            fallback_reason=outcome.fallback_reason,
            expected_latest=expected_latest,
            # the audit entry is written in the version's own transaction: one commit per version
            audit_details={"generator": outcome.generator, "valid": outcome.report.valid},
            stamp_ids=True,  # stored = returned: the saved flow carries the ids returned below
        )
        outcome.flow_id, outcome.version, outcome.version_id = saved.flow_id, saved.version, saved.version_id
        outcome.persisted = saved.persisted
        if not saved.persisted:
            outcome.notices.append(
                "The history database is unavailable; this version is queued and will be saved when it is back."
            )
        # The same ids the store stamped into the version it saved: stored = returned.
        outcome.flow = with_version_ids(
            outcome.flow, flow_id=saved.flow_id, version=saved.version, version_id=saved.version_id
        )
        log.info(
            "flow version saved",
            extra={
                "action": action,
                "flow_id": saved.flow_id,
                "version": saved.version,
                "persisted": saved.persisted,
                "save_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return outcome

    @staticmethod
    def _verbatim(brief_text: str) -> list[str]:
        brief = brief_of(brief_text)
        return list(brief.quoted_copy) if brief is not None else []


def generate_checked(
    description: str, *, settings: Settings, generator: str | None, brand_name: str | None
) -> GenerationResult:
    """Brief text that passed the boundary check (`FlowService.generate`) -> finished flow:
    read once, then planned and checked. A job for the service's generation runner."""
    return generate_from_brief(
        read_brief(description), settings=settings, generator=generator, brand_name=brand_name
    )


def spec_of(stored: StoredVersion) -> FlowSpec | None:
    """The version's stored spec; for a version stored before specs were kept, one read from its
    brief (None when it has none). A stored spec that no longer parses is read from the brief too."""
    if stored.spec:
        try:
            return FlowSpec.model_validate(stored.spec)
        except ValidationError:
            log.warning("discarding an unreadable stored spec", extra={"version_id": stored.version_id})
    brief = brief_of(stored.brief)
    return FlowSpec.from_brief(brief) if brief is not None else None
