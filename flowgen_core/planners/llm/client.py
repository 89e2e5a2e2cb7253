"""The LLM planner: brief -> FlowPlan via OpenAI structured outputs, then a repair loop.

The model writes only the compact plan (its JSON Schema is sent in strict mode when the
model's profile supports it), the compiler makes it a FlowBuilder flow, auto-fix applies
the deterministic corrections and the validator checks the rest. Remaining errors, unmet
requirements and fixable warnings are sent back in plan terms as a repair turn, a bounded
number of times; the flow with the fewest problems wins.

Time: one `Deadline` per generation covers every request, retry pause and repair round
(deadline.py); requests carry only the parameters the model's profile accepts
(profiles.py), always with an output-token cap.

Failure policy: anything that leaves us without a flow (API errors after retries, the
deadline, refusals, truncated or unusable replies) raises `LLMError` carrying every model
attempt made, which makes the dispatcher fall back to the offline planner and still
account for those attempts. A flow that still has errors after the repair rounds is
returned, not raised: its report says what is wrong.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import random
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import openai

from flowgen_core.brief import CampaignBrief
from flowgen_core.check.report import Finding, Report
from flowgen_core.format import SCHEMA_VERSION
from flowgen_core.pipeline import EMPTY_BRIEF_MESSAGE, finish_fixed
from flowgen_core.plan.compile import PlanError, compile_plan_with_ids
from flowgen_core.plan.model import FlowPlan
from flowgen_core.plan.wire_schema import GENERATION_STEP_TYPES, plan_json_schema
from flowgen_core.planners.base import (
    Finisher,
    GenerationError,
    GenerationResult,
    LLMError,
    ModelAttempt,
    attempts_summary,
)
from flowgen_core.planners.llm.deadline import (
    Deadline,
    DeadlineExceeded,
    DeadlineGuard,
    ModelBusy,
    call_within,
)
from flowgen_core.planners.llm.interpretation import INTERPRETATION_MISMATCH, compare_readings
from flowgen_core.planners.llm.profiles import ModelProfile, profile_for
from flowgen_core.planners.llm.prompts import (
    FIXABLE_WARNINGS,
    SYSTEM_PROMPT,
    build_compile_repair_prompt,
    build_repair_prompt,
    build_user_prompt,
)
from flowgen_core.planners.llm.reply_parsing import ReplyParseError, parse_plan
from flowgen_core.settings import Settings

log = logging.getLogger(__name__)

GENERATOR_NAME = "llm"
SCHEMA_NAME = "flow_plan"
_RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
_BRIEF_CODE_PREFIX = "brief_"  # validator codes for requirements of the brief that the flow misses
_UNSUPPORTED_CODES = frozenset({"unsupported_value", "unsupported_parameter"})
_SECRET = re.compile(
    r"(sk-[A-Za-z0-9_-]{6,}|Bearer\s+[A-Za-z0-9._-]{6,}|api[-_]?key[=:]\s*\S+)", re.IGNORECASE
)

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
    content: str  # the JSON the model wrote (fences and prose removed), replayed in repair turns
    tokens: int


@dataclass
class _Candidate:
    plan: FlowPlan
    flow: dict[str, Any] | None
    report: Report = field(default_factory=Report)
    changes: list[Any] = field(default_factory=list)
    repair_prompt: str = ""
    problem: str = ""  # why the plan gave no flow (compiler message)
    fixable_blocks: bool = True  # whether fixable warnings alone are worth another round

    @property
    def unmet(self) -> list[Finding]:
        return [
            w
            for w in self.report.warnings
            if w.code.startswith(_BRIEF_CODE_PREFIX) and w.code != INTERPRETATION_MISMATCH
        ]

    @property
    def fixable(self) -> list[Finding]:
        return [w for w in self.report.warnings if w.code in FIXABLE_WARNINGS]

    @property
    def score(self) -> tuple[int, int, int, int]:
        """Lower is better: errors, unmet requirements, fixable warnings, other warnings."""
        if self.flow is None:
            return (10**6, 0, 0, 0)
        return (len(self.report.errors), len(self.unmet), len(self.fixable), len(self.report.warnings))

    @property
    def done(self) -> bool:
        if self.flow is None or self.report.errors or self.unmet:
            return False
        return not (self.fixable_blocks and self.fixable)


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


def redact(text: str, *secrets: str | None) -> str:
    """`text` with API keys and bearer tokens (and the given secrets) masked."""
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "[redacted]")
    return _SECRET.sub("[redacted]", text)


def _provider_error(exc: BaseException) -> tuple[str | None, str | None]:
    """The provider's `error.code` and `error.message` from an OpenAI-shaped error body."""
    body = getattr(exc, "body", None)
    error = body.get("error", body) if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return getattr(exc, "code", None), None
    code = error.get("code") or error.get("type")
    message = error.get("message")
    return (str(code) if code is not None else None), (str(message)[:300] if message else None)


def _describe_api_error(exc: BaseException, *secrets: str | None) -> str:
    if isinstance(exc, openai.APITimeoutError):
        return "the OpenAI request timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "could not connect to the OpenAI API"
    if isinstance(exc, openai.APIStatusError):
        code, message = _provider_error(exc)
        detail = ": ".join(part for part in (code, message) if part)
        detail = f" — {redact(detail, *secrets)}" if detail else ""
        if isinstance(exc, openai.AuthenticationError):
            return f"the OpenAI API key was rejected (HTTP 401{detail})"
        if isinstance(exc, openai.RateLimitError):
            return f"the OpenAI API is rate limiting requests (HTTP 429{detail})"
        return f"the OpenAI API answered HTTP {exc.status_code}{detail}"
    return f"the OpenAI request failed ({type(exc).__name__})"


def _outcome_of(exc: BaseException) -> str:
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "connection_error"
    return "http_error"


class LLMGenerator:
    """Plans flows with an OpenAI-compatible chat-completions endpoint.

    One `Deadline` (`LLM_DEADLINE_S`) bounds a whole generation: every request, retry pause
    and repair round. `backoff_base_s` is the first retry pause (doubled each retry, capped
    at `backoff_cap_s`); a `Retry-After` up to `max_retry_after_s` is honoured, a longer one
    (or one past the deadline) ends the retries at once.
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
        finish: Finisher | None = None,
    ) -> None:
        self.settings = settings
        # Each compiled candidate is corrected and validated by the pipeline's finisher.
        self._finish: Finisher = finish or finish_fixed
        self.model = settings.openai_model
        self.profile: ModelProfile = profile_for(self.model, settings.llm_model_profile)
        self.temperature = temperature
        self.backoff_base_s = backoff_base_s
        self.backoff_cap_s = backoff_cap_s
        self.max_retry_after_s = max_retry_after_s
        self._client = client
        self._guard = DeadlineGuard()
        self._attempts: list[ModelAttempt] = []
        self._round = 0
        self._deadline = Deadline(settings.llm_deadline_s)
        self._step_types: tuple[str, ...] = GENERATION_STEP_TYPES

    # --- public API --------------------------------------------------------------------------

    def generate(
        self,
        brief: CampaignBrief,
        *,
        brand_name: str | None = None,
        today: dt.date | None = None,
        timezone: str | None = None,
    ) -> GenerationResult:
        """Plan a flow for `brief`; raises `LLMError` when the model gives nothing usable."""
        if brief.is_empty():
            raise GenerationError(EMPTY_BRIEF_MESSAGE)
        user = build_user_prompt(
            brief,
            brand_name=brand_name or self.settings.brand_name,
            today=today,
            timezone=timezone or self.settings.brand_timezone,
        )
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
        step_types: Iterable[str] | None = None,
        repair_warnings: bool = True,
    ) -> GenerationResult:
        """Ask for a plan, compile, auto-fix, validate, and re-ask with what is still wrong.

        Reusable with any prompt whose answer is a FlowPlan (e.g. refinement: the system
        prompt explains the edit, the user message carries the current plan and the
        instruction). `brief` is what the flow must satisfy — for a refinement, the current
        requirements, never the original brief — and drives the compliance checks and the
        repair turns; `id_map` keeps step ids stable across versions; `step_types` widens
        the schema's step variants (a refinement keeps the types its plan already has);
        `repair_warnings=False` spends no round on fixable warnings alone (a refinement's
        copy may come verbatim from the instruction).
        """
        started = time.monotonic()
        self._deadline = Deadline(self.settings.llm_deadline_s)
        self._guard.deadline = self._deadline
        self._attempts = []
        if step_types is not None:
            self._step_types = tuple(dict.fromkeys([*GENERATION_STEP_TYPES, *step_types]))
        base: list[Message] = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        messages = list(base)
        rounds = 0
        best: _Candidate | None = None
        last_problem = "the model returned no plan"
        notices: list[str] = []

        for round_no in range(1, 2 + max(0, self.settings.llm_repair_rounds)):
            if round_no > 1 and self._deadline.expired:
                notices.append(
                    f"The repair rounds stopped at the {self.settings.llm_deadline_s:g} s time limit."
                )
                break
            rounds = round_no
            self._round = round_no
            try:
                reply = self.request_plan(messages)
            except PlanContentError as exc:
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
            candidate = self._evaluate(reply.plan, brief, description, id_map)
            candidate.fixable_blocks = repair_warnings
            if candidate.flow is not None and (best is None or candidate.score < best.score):
                best = candidate
            if candidate.done:
                break
            if candidate.flow is None:
                last_problem = candidate.problem
            messages = [*base, _assistant(reply.content), _user(candidate.repair_prompt)]

        latency_ms = int((time.monotonic() - started) * 1000)
        tokens = sum(a.total_tokens for a in self._attempts)
        if best is None or best.flow is None:
            log.warning(
                "llm planning failed",
                extra={"reason": last_problem, "attempts": rounds, "model": self.model},
            )
            raise LLMError(last_problem, attempts=self._attempts)
        if best.report.errors:
            notices.append(
                f"The model's flow still has {len(best.report.errors)} error(s) after "
                f"{rounds} attempt(s); review them before using the flow."
            )
        report = best.report.copy()
        for finding in compare_readings(best.plan.reading, brief):
            report.add(finding)
        flow = best.flow
        metadata = dict(flow.get("metadata") or {})
        metadata.update(
            generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            generator=GENERATOR_NAME,
            model=self.model,
            tokens_used=tokens,
            latency_ms=latency_ms,
            attempts=rounds,
            schema_version=metadata.get("schema_version") or SCHEMA_VERSION,
            llm=self.accounting(rounds=rounds),
        )
        flow["metadata"] = metadata
        log.info(
            "llm flow planned",
            extra={"model": self.model, "tokens": tokens, "attempts": rounds, "latency_ms": latency_ms},
        )
        return GenerationResult(
            flow=flow,
            plan=best.plan,
            report=report,
            brief=brief,
            generator=GENERATOR_NAME,
            model=self.model,
            tokens_used=tokens,
            attempts=rounds,
            latency_ms=latency_ms,
            notices=notices,
            llm_attempts=list(self._attempts),
        )

    def accounting(self, *, rounds: int | None = None) -> dict[str, Any]:
        """The metadata block describing every model request this generator made."""
        summary = attempts_summary(self._attempts)
        summary.update(
            model=self.model,
            profile=self.profile.name,
            deadline_s=self.settings.llm_deadline_s,
            rounds=rounds if rounds is not None else self._round,
        )
        return summary

    def request_plan(self, messages: list[Message]) -> PlanReply:
        """One request (with transient-error retries) parsed into a FlowPlan.

        Raises `PlanContentError` when a reply arrives without a usable plan and `LLMError`
        when no reply arrives at all.
        """
        completion, attempt = self._create_with_retries(messages)
        tokens = attempt.total_tokens
        if not completion.choices:
            raise self._unusable(attempt, PlanContentError("the model returned no choices", tokens=tokens))
        choice = completion.choices[0]
        message = choice.message
        if getattr(message, "refusal", None):
            raise self._unusable(
                attempt, PlanContentError(f"the model refused: {message.refusal[:200]}", tokens=tokens)
            )
        if choice.finish_reason == "length":
            raise self._unusable(
                attempt,
                PlanContentError(
                    f"the model's reply was cut off (token limit {self.settings.llm_max_output_tokens})",
                    tokens=tokens,
                ),
            )
        if choice.finish_reason == "content_filter":
            raise self._unusable(
                attempt,
                PlanContentError("the model's reply was blocked by the content filter", tokens=tokens),
            )
        content = (message.content or "").strip()
        if not content:
            raise self._unusable(
                attempt, PlanContentError("the model returned an empty reply", tokens=tokens)
            )
        try:
            plan, text = parse_plan(content)
        except ReplyParseError as exc:
            raise self._unusable(
                attempt,
                PlanContentError(str(exc), tokens=tokens, repairable=True, content=exc.extracted or content),
            ) from exc
        return PlanReply(plan=plan, content=text, tokens=tokens)

    # --- internals ---------------------------------------------------------------------------

    @staticmethod
    def _unusable(attempt: ModelAttempt, exc: PlanContentError) -> PlanContentError:
        attempt.outcome = "unusable"
        attempt.error_message = str(exc)[:300]
        return exc

    @property
    def client(self) -> openai.OpenAI:
        if self._client is None:
            key = self.settings.openai_api_key
            if key is None or not key.get_secret_value():
                raise LLMError("no OpenAI API key is configured")
            # Retries are ours (they respect the deadline): the client's own would multiply with them.
            common: dict[str, Any] = {
                "api_key": key.get_secret_value(),
                "timeout": self.settings.openai_timeout_s,
                "max_retries": 0,
                "http_client": openai.DefaultHttpxClient(event_hooks=self._guard.event_hooks()),
            }
            if self.settings.is_azure:
                self._client = openai.AzureOpenAI(
                    azure_endpoint=_azure_endpoint(str(self.settings.openai_base_url)),
                    api_version=self.settings.openai_api_version,
                    **common,
                )
            else:
                query = (
                    {"api-version": self.settings.openai_api_version}
                    if self.settings.openai_api_version
                    else None
                )
                self._client = openai.OpenAI(
                    base_url=self.settings.openai_base_url, default_query=query, **common
                )
        return self._client

    def _request_params(self) -> dict[str, Any]:
        params = self.profile.request_params(
            schema=plan_json_schema(self._step_types),
            schema_name=SCHEMA_NAME,
            max_output_tokens=self.settings.llm_max_output_tokens,
            temperature=self.temperature,
        )
        if self.settings.llm_reasoning_effort and "reasoning_effort" in params:
            params["reasoning_effort"] = self.settings.llm_reasoning_effort
        return params

    def _create_with_retries(self, messages: list[Message]) -> tuple[Any, ModelAttempt]:
        client = self.client
        params = self._request_params()
        max_retries = max(0, self.settings.openai_max_retries)
        retries = 0
        adjusted: set[str] = set()  # the unsupported-parameter safety net: once per parameter
        secret = self.settings.openai_api_key.get_secret_value() if self.settings.openai_api_key else None
        while True:
            remaining = self._deadline.remaining()
            if remaining <= 0:
                self._record(outcome="deadline", latency_ms=0, error_message="no time left for the request")
                raise LLMError(self._deadline_message(), attempts=self._attempts)
            started = time.monotonic()
            # One number for connect/read/write: never longer than what is left of the budget.
            timeout = min(self.settings.openai_timeout_s, remaining)
            try:
                completion = call_within(
                    functools.partial(
                        client.chat.completions.create,
                        model=self.model,
                        messages=self.profile.messages(messages),
                        timeout=timeout,
                        **params,
                    ),
                    self._deadline,
                    max_concurrency=self.settings.llm_max_concurrency,
                )
            except DeadlineExceeded:
                self._record(
                    outcome="deadline", latency_ms=_ms_since(started), error_message="deadline reached"
                )
                log.warning(
                    "llm deadline reached", extra={"model": self.model, "deadline_s": self._deadline.seconds}
                )
                raise LLMError(self._deadline_message(), attempts=self._attempts) from None
            except ModelBusy as exc:
                self._record(outcome="busy", latency_ms=_ms_since(started), error_message=str(exc))
                raise LLMError(
                    f"too many model requests in flight ({exc}); try again shortly", attempts=self._attempts
                ) from None
            except openai.OpenAIError as exc:
                if isinstance(exc, openai.APITimeoutError) and self._deadline.expired:
                    # The transport ended the read at the deadline a moment before the waiter did.
                    self._record(
                        outcome="deadline", latency_ms=_ms_since(started), error_message="deadline reached"
                    )
                    raise LLMError(self._deadline_message(), attempts=self._attempts) from None
                code, message = _provider_error(exc)
                self._record(
                    outcome=_outcome_of(exc),
                    latency_ms=_ms_since(started),
                    status=getattr(exc, "status_code", None),
                    error_code=code,
                    error_message=redact(message, secret) if message else None,
                )
                if self._drop_unsupported(exc, params, adjusted):
                    continue
                if _is_transient(exc) and retries < max_retries:
                    pause = self._pause(exc, retries)
                    if pause is not None and pause < self._deadline.remaining():
                        retries += 1
                        log.info(
                            "llm request retry",
                            extra={
                                "model": self.model,
                                "attempt": retries,
                                "error": type(exc).__name__,
                                "status": getattr(exc, "status_code", None),
                                "sleep_s": round(pause, 3),
                            },
                        )
                        time.sleep(pause)
                        continue
                log.warning(
                    "llm request failed",
                    extra={"model": self.model, "error": type(exc).__name__, "error_code": code},
                )
                raise LLMError(_describe_api_error(exc, secret), attempts=self._attempts) from exc
            attempt = self._record(outcome="ok", latency_ms=_ms_since(started), usage=completion.usage)
            log.info(
                "llm reply",
                extra={"model": self.model, "tokens": attempt.total_tokens, "latency_ms": attempt.latency_ms},
            )
            return completion, attempt

    def _drop_unsupported(self, exc: BaseException, params: dict[str, Any], adjusted: set[str]) -> bool:
        """Safety net for a profile that got a model wrong: adapt the rejected parameter once.

        The token cap is renamed rather than dropped (every request keeps one); a rejected
        schema format falls back to JSON mode; anything else optional is left out.
        """
        if not isinstance(exc, openai.BadRequestError):
            return False
        code, message = _provider_error(exc)
        param = getattr(exc, "param", None) or _param_in(message or "")
        if code not in _UNSUPPORTED_CODES or not param or param not in params or param in adjusted:
            return False
        adjusted.add(param)
        if param == "max_tokens":
            params["max_completion_tokens"] = params.pop("max_tokens")
        elif param == "max_completion_tokens":
            params["max_tokens"] = params.pop("max_completion_tokens")
        elif param == "response_format" and params[param].get("type") == "json_schema":
            params[param] = {"type": "json_object"}
        else:
            params.pop(param)
        log.warning(
            "llm parameter rejected; retrying without it",
            extra={"model": self.model, "profile": self.profile.name, "param": param, "error_code": code},
        )
        return True

    def _pause(self, exc: BaseException, retries: int) -> float | None:
        retry_after = _retry_after_seconds(exc)
        if retry_after is not None:
            return None if retry_after > self.max_retry_after_s else max(0.0, retry_after)
        backoff = self.backoff_base_s * 2**retries
        return min(self.backoff_cap_s, backoff) * random.uniform(1.0, 1.25)  # jitter spreads herds

    def _deadline_message(self) -> str:
        return f"the model did not answer within the {self.settings.llm_deadline_s:g} s time limit"

    def _record(self, *, outcome: str, latency_ms: int, usage: Any = None, **error: Any) -> ModelAttempt:
        details = getattr(usage, "prompt_tokens_details", None) if usage is not None else None
        attempt = ModelAttempt(
            round=max(1, self._round),
            model=self.model,
            outcome=outcome,
            latency_ms=latency_ms,
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
            cached_tokens=int(getattr(details, "cached_tokens", 0) or 0),
            **error,
        )
        self._attempts.append(attempt)
        return attempt

    def _evaluate(
        self,
        plan: FlowPlan,
        brief: CampaignBrief | None,
        description: str,
        id_map: dict[str, str] | None,
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
        # One correction and one validation per candidate (the brief's quoted copy is kept verbatim).
        fixed = self._finish(flow, brief)
        candidate = _Candidate(plan=plan, flow=fixed.flow, report=fixed.report, changes=list(fixed.changes))
        if candidate.flow is not None:
            candidate.repair_prompt = build_repair_prompt(
                fixed.report.errors,
                candidate.unmet,
                step_keys={step_id: key for key, step_id in ids.items()},
                fixable=candidate.fixable,
            )
        return candidate


def _ms_since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _param_in(message: str) -> str | None:
    match = re.search(r"'([a-z_]+)'", message)
    return match.group(1) if match else None


def _azure_endpoint(base_url: str) -> str:
    """`https://res.openai.azure.com` from any Azure URL (with /openai/deployments/... or not)."""
    return re.sub(r"/openai(/.*)?$", "", base_url.rstrip("/"))


def _user(content: str) -> Message:
    return {"role": "user", "content": content}


def _assistant(content: str) -> Message:
    return {"role": "assistant", "content": content}
