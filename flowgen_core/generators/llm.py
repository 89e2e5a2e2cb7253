"""The LLM planner: brief -> FlowPlan via OpenAI structured outputs, then a repair loop.

The model writes only the compact plan (its JSON Schema is sent in strict mode), the
compiler makes it a FlowBuilder flow, auto-fix applies the deterministic corrections and
the validator checks the rest. Remaining errors and unmet brief requirements are sent back
as a repair turn, a bounded number of times; the flow with the fewest problems wins.

Failure policy: anything that leaves us without a flow (API errors after retries,
timeouts, refusals, truncated or unusable replies) raises `LLMError`, which makes the
dispatcher fall back to the offline planner. A flow that still has errors after the
repair rounds is returned, not raised: its report says what is wrong.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from dataclasses import dataclass, field
from typing import Any

import openai
from pydantic import ValidationError
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
)

from flowgen_core.autofix import autofix
from flowgen_core.brief import CampaignBrief
from flowgen_core.compile import PlanError, compile_plan_with_ids
from flowgen_core.flowbuilder import SCHEMA_VERSION
from flowgen_core.generators.base import GenerationError, GenerationResult, LLMError
from flowgen_core.generators.prompts import (
    SYSTEM_PROMPT,
    build_compile_repair_prompt,
    build_repair_prompt,
    build_user_prompt,
)
from flowgen_core.plan import FlowPlan, plan_json_schema
from flowgen_core.settings import Settings
from flowgen_core.validate import validate_flow
from flowgen_core.validate.report import Finding, Report

log = logging.getLogger(__name__)

GENERATOR_NAME = "llm"
SCHEMA_NAME = "flow_plan"
_RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
_BRIEF_CODE_PREFIX = "brief_"  # validator codes for requirements of the brief that the flow misses

Message = dict[str, str]


class PlanContentError(LLMError):
    """A reply arrived but holds no usable plan.

    `repairable` replies (not JSON, JSON that is not a plan) are worth one more turn with
    the parse error; refusals and truncated replies are not — asking again rarely helps.
    """

    def __init__(self, reason: str, *, tokens: int = 0, repairable: bool = False, content: str = "") -> None:
        super().__init__(reason)
        self.tokens = tokens
        self.repairable = repairable
        self.content = content


@dataclass(frozen=True)
class PlanReply:
    plan: FlowPlan
    content: str  # the JSON exactly as the model wrote it, replayed in repair turns
    tokens: int


@dataclass
class _Candidate:
    plan: FlowPlan
    flow: dict[str, Any] | None
    report: Report = field(default_factory=Report)
    changes: list[Any] = field(default_factory=list)
    repair_prompt: str = ""
    problem: str = ""  # why the plan gave no flow (compiler message)

    @property
    def unmet(self) -> list[Finding]:
        return [w for w in self.report.warnings if w.code.startswith(_BRIEF_CODE_PREFIX)]

    @property
    def score(self) -> tuple[int, int, int]:
        """Lower is better: errors first, then unmet requirements, then other warnings."""
        if self.flow is None:
            return (10**6, 0, 0)
        return (len(self.report.errors), len(self.unmet), len(self.report.warnings))

    @property
    def done(self) -> bool:
        return self.flow is not None and not self.report.errors and not self.unmet


def _retry_after_seconds(exc: BaseException) -> float | None:
    """The server's requested pause (`retry-after-ms` or `Retry-After` in seconds), if any."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        if headers.get("retry-after-ms"):
            return float(headers["retry-after-ms"]) / 1000
        if headers.get("retry-after"):
            return float(headers["retry-after"])
    except ValueError:
        return None  # an HTTP date: not worth parsing for the short pauses we honour
    return None


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code in _RETRYABLE_STATUS


def _describe_api_error(exc: BaseException) -> str:
    if isinstance(exc, openai.APITimeoutError):
        return "the OpenAI request timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "could not connect to the OpenAI API"
    if isinstance(exc, openai.AuthenticationError):
        return "the OpenAI API key was rejected"
    if isinstance(exc, openai.RateLimitError):
        return "the OpenAI API is rate limiting requests (HTTP 429)"
    if isinstance(exc, openai.APIStatusError):
        return f"the OpenAI API answered HTTP {exc.status_code}"
    return f"the OpenAI request failed ({type(exc).__name__})"


class LLMGenerator:
    """Plans flows with an OpenAI-compatible chat-completions endpoint.

    `backoff_base_s` is the first retry pause (doubled each retry, capped at
    `backoff_cap_s`); a `Retry-After` up to `max_retry_after_s` is honoured, a longer one
    ends the retries at once. `retry_budget_s` bounds the time spent retrying one request.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        client: openai.OpenAI | None = None,
        temperature: float = 0.2,
        backoff_base_s: float = 0.5,
        backoff_cap_s: float = 8.0,
        max_retry_after_s: float = 20.0,
        retry_budget_s: float = 60.0,
    ) -> None:
        self.settings = settings
        self.model = settings.openai_model
        self.temperature = temperature
        self.backoff_base_s = backoff_base_s
        self.backoff_cap_s = backoff_cap_s
        self.max_retry_after_s = max_retry_after_s
        self.retry_budget_s = retry_budget_s
        self._client = client

    # --- public API --------------------------------------------------------------------------

    def generate(self, brief: CampaignBrief, *, brand_name: str | None = None) -> GenerationResult:
        """Plan a flow for `brief`; raises `LLMError` when the model gives nothing usable."""
        if brief.is_empty():
            raise GenerationError("The brief is empty: describe the campaign you want to send.")
        user = build_user_prompt(brief, brand_name=brand_name or self.settings.brand_name)
        return self.run_plan_loop(
            system=SYSTEM_PROMPT, user=user, brief=brief, description=brief.text.strip()
        )

    def run_plan_loop(
        self,
        *,
        system: str,
        user: str,
        brief: CampaignBrief | None,
        description: str,
        id_map: dict[str, str] | None = None,
    ) -> GenerationResult:
        """Ask for a plan, compile, auto-fix, validate, and re-ask with what is still wrong.

        Reusable with any prompt whose answer is a FlowPlan (e.g. refinement: the system
        prompt explains the edit, the user message carries the current plan and the
        instruction). `brief` enables the brief-compliance checks; `id_map` is handed to
        the compiler to keep step ids stable across versions.
        """
        started = time.monotonic()
        base: list[Message] = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        messages = list(base)
        verbatim = tuple(brief.quoted_copy) if brief else ()
        tokens = 0
        attempts = 0
        best: _Candidate | None = None
        last_problem = "the model returned no plan"
        notices: list[str] = []

        for _ in range(1 + max(0, self.settings.llm_repair_rounds)):
            attempts += 1
            try:
                reply = self.request_plan(messages)
            except PlanContentError as exc:
                tokens += exc.tokens
                last_problem = str(exc)
                if not exc.repairable:
                    if best is not None:
                        notices.append(f"The last repair round was skipped: {exc}.")
                    break
                messages = [*base, _assistant(exc.content), _user(build_compile_repair_prompt(str(exc)))]
                continue
            except LLMError as exc:
                last_problem = str(exc)
                if best is not None:
                    notices.append(f"The last repair round was skipped: {exc}.")
                break
            tokens += reply.tokens
            candidate = self._evaluate(reply.plan, brief, description, id_map, verbatim)
            if candidate.flow is not None and (best is None or candidate.score < best.score):
                best = candidate
            if candidate.done:
                break
            if candidate.flow is None:
                last_problem = candidate.problem
            messages = [*base, _assistant(reply.content), _user(candidate.repair_prompt)]

        latency_ms = int((time.monotonic() - started) * 1000)
        if best is None or best.flow is None:
            log.warning("llm planning failed", extra={"reason": last_problem, "attempts": attempts})
            raise LLMError(last_problem)
        if best.report.errors:
            notices.append(
                f"The model's flow still has {len(best.report.errors)} error(s) after "
                f"{attempts} attempt(s); review them before using the flow."
            )
        flow = best.flow
        metadata = dict(flow.get("metadata") or {})
        metadata.update(
            generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            generator=GENERATOR_NAME,
            model=self.model,
            tokens_used=tokens,
            latency_ms=latency_ms,
            attempts=attempts,
            schema_version=metadata.get("schema_version") or SCHEMA_VERSION,
        )
        flow["metadata"] = metadata
        log.info(
            "llm flow planned",
            extra={"model": self.model, "tokens": tokens, "attempts": attempts, "latency_ms": latency_ms},
        )
        return GenerationResult(
            flow=flow,
            plan=best.plan,
            report=best.report,
            brief=brief,
            generator=GENERATOR_NAME,
            model=self.model,
            tokens_used=tokens,
            attempts=attempts,
            latency_ms=latency_ms,
            notices=notices,
        )

    def request_plan(self, messages: list[Message]) -> PlanReply:
        """One structured-output request (with transient-error retries) parsed into a FlowPlan.

        Raises `PlanContentError` when a reply arrives without a usable plan and `LLMError`
        when no reply arrives at all.
        """
        started = time.monotonic()
        try:
            completion = self._create_with_retries(messages)
        except openai.OpenAIError as exc:
            log.warning("llm request failed", extra={"model": self.model, "error": type(exc).__name__})
            raise LLMError(_describe_api_error(exc)) from exc
        tokens = completion.usage.total_tokens if completion.usage else 0
        log.info(
            "llm reply",
            extra={
                "model": self.model,
                "tokens": tokens,
                "latency_ms": int((time.monotonic() - started) * 1000),
            },
        )
        if not completion.choices:
            raise PlanContentError("the model returned no choices", tokens=tokens)
        choice = completion.choices[0]
        message = choice.message
        if message.refusal:
            raise PlanContentError(f"the model refused: {message.refusal[:200]}", tokens=tokens)
        if choice.finish_reason == "length":
            raise PlanContentError("the model's reply was cut off (token limit)", tokens=tokens)
        if choice.finish_reason == "content_filter":
            raise PlanContentError("the model's reply was blocked by the content filter", tokens=tokens)
        content = (message.content or "").strip()
        if not content:
            raise PlanContentError("the model returned an empty reply", tokens=tokens)
        try:
            plan = FlowPlan.model_validate_json(content)
        except ValidationError as exc:
            problem = _summarise_validation_error(exc)
            raise PlanContentError(
                f"the reply is not a valid plan: {problem}", tokens=tokens, repairable=True, content=content
            ) from exc
        return PlanReply(plan=plan, content=content, tokens=tokens)

    # --- internals ---------------------------------------------------------------------------

    @property
    def client(self) -> openai.OpenAI:
        if self._client is None:
            key = self.settings.openai_api_key
            if key is None or not key.get_secret_value():
                raise LLMError("no OpenAI API key is configured")
            # Retries are ours (tenacity): the client's own would multiply with them.
            self._client = openai.OpenAI(
                api_key=key.get_secret_value(),
                base_url=self.settings.openai_base_url,
                timeout=self.settings.openai_timeout_s,
                max_retries=0,
            )
        return self._client

    def _create_with_retries(self, messages: list[Message]) -> Any:
        client = self.client
        response_format = {
            "type": "json_schema",
            "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": plan_json_schema()},
        }
        retrying = Retrying(
            retry=retry_if_exception(_is_transient),
            stop=(
                stop_after_attempt(1 + max(0, self.settings.openai_max_retries))
                | stop_before_delay(self.retry_budget_s)
                | self._retry_after_too_long
            ),
            wait=self._wait,
            before_sleep=self._log_retry,
            reraise=True,
        )
        return retrying(
            client.chat.completions.create,
            model=self.model,
            messages=messages,
            response_format=response_format,
            temperature=self.temperature,
        )

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        retry_after = _retry_after_seconds(exc) if exc else None
        if retry_after is not None:
            return max(0.0, retry_after)
        backoff = self.backoff_base_s * 2 ** (state.attempt_number - 1)
        return min(self.backoff_cap_s, backoff) * random.uniform(1.0, 1.25)  # jitter spreads herds

    def _retry_after_too_long(self, state: RetryCallState) -> bool:
        exc = state.outcome.exception() if state.outcome else None
        retry_after = _retry_after_seconds(exc) if exc else None
        return retry_after is not None and retry_after > self.max_retry_after_s

    def _log_retry(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        log.info(
            "llm request retry",
            extra={
                "model": self.model,
                "attempt": state.attempt_number,
                "error": type(exc).__name__ if exc else None,
                "status": getattr(exc, "status_code", None),
                "sleep_s": round(state.upcoming_sleep, 3),
            },
        )

    def _evaluate(
        self,
        plan: FlowPlan,
        brief: CampaignBrief | None,
        description: str,
        id_map: dict[str, str] | None,
        verbatim: tuple[str, ...],
    ) -> _Candidate:
        try:
            flow, ids = compile_plan_with_ids(plan, description=description, metadata={}, id_map=id_map)
        except PlanError as exc:
            return _Candidate(
                plan=plan,
                flow=None,
                repair_prompt=build_compile_repair_prompt(str(exc)),
                problem=f"the plan could not be compiled: {exc}",
            )
        fixed = autofix(flow, verbatim=verbatim)
        report = validate_flow(fixed.flow, brief, verbatim=verbatim)
        candidate = _Candidate(plan=plan, flow=fixed.flow, report=report, changes=list(fixed.changes))
        if not candidate.done:
            candidate.repair_prompt = build_repair_prompt(
                report.errors, candidate.unmet, step_keys={step_id: key for key, step_id in ids.items()}
            )
        return candidate


def _user(content: str) -> Message:
    return {"role": "user", "content": content}


def _assistant(content: str) -> Message:
    return {"role": "assistant", "content": content}


def _summarise_validation_error(exc: ValidationError, limit: int = 8) -> str:
    parts = []
    for error in exc.errors()[:limit]:
        where = ".".join(str(p) for p in error.get("loc", ())) or "reply"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    more = len(exc.errors()) - limit
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts)
