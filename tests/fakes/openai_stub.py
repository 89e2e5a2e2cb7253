"""A local OpenAI-compatible chat-completions server for tests.

Real HTTP on 127.0.0.1 (ephemeral port) in a background thread, so the real `openai`
client — its retries, timeouts and response parsing — is exercised end to end. Each test
scripts the replies as a queue of actions and asserts on the recorded request bodies.

    def test_something(openai_stub):
        openai_stub.script(plan(my_plan), status(429, retry_after=0.05), refusal("no"))
        settings = openai_stub.settings(llm_repair_rounds=1)
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from flowgen_core.plan.model import FlowPlan
from flowgen_core.settings import Settings

_COMPLETION_PATHS = ("/v1/chat/completions", "/chat/completions")


@dataclass(frozen=True)
class Action:
    """One scripted reply. Build them with the helpers below rather than directly."""

    kind: str  # plan | raw | refusal | status | sleep | length | drip
    content: str | None = None
    status_code: int = 200
    retry_after: float | None = None
    seconds: float = 0.0
    then: Action | None = None  # what a `sleep` answers once it wakes up
    tokens: int = 100
    finish_reason: str = "stop"
    error_type: str = "server_error"
    error_code: str | None = None
    param: str | None = None
    cached_tokens: int = 0


def plan(value: FlowPlan | dict[str, Any], *, tokens: int = 100, cached_tokens: int = 0) -> Action:
    """A well-formed completion whose content is the plan as JSON."""
    payload = value.model_dump(mode="json") if isinstance(value, FlowPlan) else value
    return Action("plan", content=json.dumps(payload), tokens=tokens, cached_tokens=cached_tokens)


def raw(text: str, *, tokens: int = 50) -> Action:
    """A completion whose content is `text` as is (not JSON, truncated JSON, ...)."""
    return Action("raw", content=text, tokens=tokens)


def refusal(text: str = "I'm sorry, I can't help with that.", *, tokens: int = 20) -> Action:
    return Action("refusal", content=text, tokens=tokens)


def length(text: str = '{"name": "Cut short", "steps": [{"key": "of', *, tokens: int = 4096) -> Action:
    """A completion cut off by the token limit (finish_reason "length")."""
    return Action("length", content=text, tokens=tokens, finish_reason="length")


def status(
    code: int,
    *,
    retry_after: float | None = None,
    message: str = "scripted error",
    error_type: str | None = None,
    error_code: str | None = None,
    param: str | None = None,
) -> Action:
    """An HTTP error with an OpenAI-shaped error body (and a Retry-After header when given).

    The body is `{"error": {"message", "type", "param", "code"}}` as api.openai.com sends it.
    """
    default_type = {400: "invalid_request_error", 401: "invalid_request_error", 429: "requests"}
    return Action(
        "status",
        status_code=code,
        retry_after=retry_after,
        content=message,
        error_type=error_type or default_type.get(code, "server_error"),
        error_code=error_code if error_code is not None else (None if code >= 500 else str(code)),
        param=param,
    )


def unsupported(param: str, *, code: str = "unsupported_value") -> Action:
    """OpenAI's answer to a reasoning model sent `temperature` (or `max_tokens`)."""
    messages = {
        "temperature": "Unsupported value: 'temperature' does not support 0.2 with this model. "
        "Only the default (1) value is supported.",
        "max_tokens": "Unsupported parameter: 'max_tokens' is not supported with this model. "
        "Use 'max_completion_tokens' instead.",
    }
    return status(
        400,
        message=messages.get(param, f"Unsupported parameter: '{param}' is not supported with this model."),
        error_code=code,
        param=param,
    )


def drip(text: str, *, interval: float = 0.5, status_code: int = 200) -> Action:
    """Answer headers at once, then the body one byte every `interval` seconds (per-read
    timeouts never fire; only an overall deadline ends the wait)."""
    return Action("drip", content=text, seconds=interval, status_code=status_code)


def sleep(seconds: float, then: Action | None = None) -> Action:
    """Hold the request for `seconds` (to trip client timeouts), then answer `then` (or a 500)."""
    return Action("sleep", seconds=seconds, then=then)


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    received_at: float  # time.monotonic()
    query: str = ""

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.body.get("messages", [])


@dataclass
class OpenAIStub:
    base_url: str = ""
    requests: list[RecordedRequest] = field(default_factory=list)
    # Parameters this "model" rejects like a reasoning model does (400 unsupported_value),
    # checked before the script; e.g. {"temperature", "max_tokens"} for gpt-5 / o-series.
    rejects: set[str] = field(default_factory=set)
    _queue: deque[Action] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)

    def script(self, *actions: Action) -> OpenAIStub:
        """Append replies; each request consumes one. An empty queue answers 500 "script exhausted"."""
        with self._lock:
            self._queue.extend(actions)
        return self

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def settings(self, **overrides: Any) -> Settings:
        """Settings pointing the LLM generator at this stub, fast by default."""
        values: dict[str, Any] = {
            "openai_api_key": "test-key",
            "openai_base_url": self.base_url,
            "openai_model": "stub-model",
            "openai_timeout_s": 5.0,
            "openai_max_retries": 2,
            "llm_repair_rounds": 2,
            "flowgen_generator": "llm",
        }
        values.update(overrides)
        return Settings(_env_file=None, **values)

    # --- server side -------------------------------------------------------------------------

    def _next_action(self) -> Action | None:
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def _record(self, path: str, headers: dict[str, str], body: dict[str, Any], query: str = "") -> None:
        with self._lock:
            self.requests.append(RecordedRequest(path, headers, body, time.monotonic(), query))


def _completion(action: Action, model: str) -> dict[str, Any]:
    is_refusal = action.kind == "refusal"
    completion_tokens = max(1, action.tokens // 3)
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": None if is_refusal else action.content,
                    "refusal": action.content if is_refusal else None,
                },
                "logprobs": None,
                "finish_reason": action.finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": action.tokens - completion_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": action.tokens,
            "prompt_tokens_details": {"cached_tokens": action.cached_tokens},
        },
    }


def _handler_for(stub: OpenAIStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            path = self.path.split("?", 1)[0]
            size = int(self.headers.get("Content-Length") or 0)
            raw_body = self.rfile.read(size) if size else b""
            if path not in _COMPLETION_PATHS:
                self._send_json(404, {"error": {"message": f"no route {path}", "type": "not_found"}})
                return
            try:
                body = json.loads(raw_body or b"{}")
            except json.JSONDecodeError:
                self._send_json(400, {"error": {"message": "body is not JSON", "type": "invalid_request"}})
                return
            query = self.path.split("?", 1)[1] if "?" in self.path else ""
            stub._record(path, {k.lower(): v for k, v in self.headers.items()}, body, query)
            rejected = next((p for p in sorted(stub.rejects) if p in body), None)
            if rejected is not None:
                self._answer(unsupported(rejected), str(body.get("model", "stub-model")))
                return
            self._answer(stub._next_action(), str(body.get("model", "stub-model")))

        def _answer(self, action: Action | None, model: str) -> None:
            if action is None:
                self._send_json(500, {"error": {"message": "stub script exhausted", "type": "server_error"}})
            elif action.kind == "sleep":
                stub._stopping.wait(action.seconds)
                # The client may have given up waiting, which is the point of a sleep.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._answer(action.then or status(500, message="slept"), model)
            elif action.kind == "status":
                headers = {}
                if action.retry_after is not None:
                    headers["Retry-After"] = f"{action.retry_after:g}"
                error = {
                    "message": action.content,
                    "type": action.error_type,
                    "param": action.param,
                    "code": action.error_code,
                }
                self._send_json(action.status_code, {"error": error}, headers)
            elif action.kind == "drip":
                self._drip(action, model)
            else:
                self._send_json(200, _completion(action, model))

        def _drip(self, action: Action, model: str) -> None:
            data = json.dumps(_completion(Action("raw", content=action.content), model)).encode()
            self.send_response(action.status_code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError, OSError):
                for i in range(len(data)):
                    if stub._stopping.wait(action.seconds):
                        return
                    self.wfile.write(data[i : i + 1])
                    self.wfile.flush()

        def _send_json(
            self, code: int, payload: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler still sleeping must not keep the test process alive


@pytest.fixture
def openai_stub() -> Iterator[OpenAIStub]:
    """An OpenAI-compatible server on 127.0.0.1; `.base_url` ends in /v1."""
    with running_stub() as stub:
        yield stub


@contextlib.contextmanager
def running_stub() -> Iterator[OpenAIStub]:
    """The stub server outside pytest (benchmarks): started on entry, stopped on exit."""
    stub = OpenAIStub()
    server = _Server(("127.0.0.1", 0), _handler_for(stub))
    host, port = server.server_address[:2]
    stub.base_url = f"http://{host}:{port}/v1"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="openai-stub", daemon=True
    )
    thread.start()
    try:
        yield stub
    finally:
        stub._stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
