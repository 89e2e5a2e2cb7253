"""A local stand-in for the Slack Web API, served over real HTTP on 127.0.0.1.

The app under test talks to it through `slack_sdk.WebClient(base_url=stub.api_url)`
exactly as it would talk to slack.com: every call is recorded (method, every parameter —
blocks, text, views, file titles and initial comments — and uploaded bytes) so tests
assert on what the app *did*. Also a pytest plugin: the
`slack_stub` fixture yields a running stub, and `sign_slack_request` builds headers the
way Slack signs requests.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest

TEAM_ID = "T0TEST"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    authorized: bool = False  # a bearer token was sent (its value is never recorded)
    response: dict[str, Any] = field(default_factory=dict)


def _parse_body(content_type: str, raw: bytes) -> dict[str, Any]:
    if not raw:
        return {}
    if "application/json" in content_type:
        return json.loads(raw)
    params: dict[str, Any] = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(raw.decode()).items()}
    # slack_sdk form-encodes nested values (blocks, view, prompts) as JSON strings.
    for key in ("blocks", "view", "prompts", "files", "attachments"):
        if isinstance(params.get(key), str):
            with contextlib.suppress(json.JSONDecodeError):
                params[key] = json.loads(params[key])
    return params


# Slack's own limits, enforced on every call the way Slack answers when they are broken.
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_BLOCK_TEXT_CHARS = 12_000  # all text in one message's blocks -> msg_blocks_too_long
MAX_SECTION_TEXT = 3_000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2_000
MAX_ACTION_ELEMENTS = 25
MAX_FALLBACK_TEXT = 40_000
MAX_VIEW_TITLE = 24
_MESSAGE_METHODS = ("chat.postMessage", "chat.update", "chat.postEphemeral")
_VIEW_METHODS = ("views.open", "views.update", "views.publish", "views.push")


def _block_text_chars(value: Any) -> int:
    if isinstance(value, list):
        return sum(_block_text_chars(v) for v in value)
    if isinstance(value, dict):
        return sum(
            len(v) if k == "text" and isinstance(v, str) else _block_text_chars(v) for k, v in value.items()
        )
    return 0


def _text_of(obj: Any) -> str:
    return str(obj.get("text", "")) if isinstance(obj, dict) else ""


def block_errors(blocks: Any, *, max_blocks: int) -> list[str]:
    """What Slack would reject in `blocks` (messages like Slack's response_metadata.messages)."""
    if blocks is None:
        return []
    if not isinstance(blocks, list):
        return ["[ERROR] blocks must be an array"]
    problems = []
    if len(blocks) > max_blocks:
        problems.append(f"[ERROR] no more than {max_blocks} items allowed [json-pointer:/blocks]")
    for i, block in enumerate(blocks):
        kind = block.get("type") if isinstance(block, dict) else None
        if kind is None:
            problems.append(f"[ERROR] missing type [json-pointer:/blocks/{i}]")
            continue
        if kind == "section":
            text = _text_of(block.get("text"))
            if len(text) > MAX_SECTION_TEXT:
                problems.append(f"[ERROR] must be less than 3001 characters [json-pointer:/blocks/{i}/text]")
            if not text and not block.get("fields"):
                problems.append(f"[ERROR] section needs text or fields [json-pointer:/blocks/{i}]")
        if kind == "header" and len(_text_of(block.get("text"))) > MAX_HEADER_TEXT:
            problems.append(f"[ERROR] must be less than 151 characters [json-pointer:/blocks/{i}/text]")
        elements = list(block.get("elements") or [])
        if kind == "context" and len(elements) > MAX_CONTEXT_ELEMENTS:
            problems.append(f"[ERROR] no more than 10 items allowed [json-pointer:/blocks/{i}/elements]")
        if kind == "actions" and len(elements) > MAX_ACTION_ELEMENTS:
            problems.append(f"[ERROR] no more than 25 items allowed [json-pointer:/blocks/{i}/elements]")
        if block.get("accessory"):
            elements.append(block["accessory"])
        action_ids = [e.get("action_id") for e in elements if isinstance(e, dict) and e.get("action_id")]
        if len(action_ids) != len(set(action_ids)):
            problems.append(f"[ERROR] action_id must be unique [json-pointer:/blocks/{i}]")
        styles = [e.get("style") for e in elements if isinstance(e, dict) and e.get("style") == "primary"]
        if kind == "actions" and len(styles) > 1:
            # Slack accepts it, but the app promises one primary action: fail loudly in tests.
            problems.append(f"[ERROR] more than one primary button [json-pointer:/blocks/{i}]")
        for element in elements:
            if isinstance(element, dict) and element.get("type") == "button":
                if len(_text_of(element.get("text"))) > MAX_BUTTON_TEXT:
                    problems.append(f"[ERROR] button text too long [json-pointer:/blocks/{i}]")
                if len(str(element.get("value", ""))) > MAX_BUTTON_VALUE:
                    problems.append(f"[ERROR] button value too long [json-pointer:/blocks/{i}]")
    return problems


def check_limits(method: str, params: dict[str, Any]) -> dict[str, Any] | None:
    """Slack's error answer for a call that breaks a limit, or None when it is within them."""
    if method in _MESSAGE_METHODS:
        blocks = params.get("blocks")
        problems = block_errors(blocks, max_blocks=MAX_MESSAGE_BLOCKS)
        if problems:
            return {"ok": False, "error": "invalid_blocks", "response_metadata": {"messages": problems}}
        if blocks and _block_text_chars(blocks) > MAX_BLOCK_TEXT_CHARS:
            return {"ok": False, "error": "msg_blocks_too_long"}
        if len(str(params.get("text") or "")) > MAX_FALLBACK_TEXT:
            return {"ok": False, "error": "msg_too_long"}
        if not blocks and not params.get("text") and method != "chat.update":
            return {"ok": False, "error": "no_text"}
    if method in _VIEW_METHODS:
        view = params.get("view") or {}
        problems = block_errors(view.get("blocks") or [], max_blocks=MAX_VIEW_BLOCKS)
        title = _text_of(view.get("title"))
        if len(title) > MAX_VIEW_TITLE:
            problems.append("[ERROR] title must be less than 25 characters [json-pointer:/view/title]")
        if problems:
            return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": problems}}
    return None


class SlackStub:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.uploads: dict[str, dict[str, Any]] = {}  # file_id -> {"filename", "bytes", "length"}
        self.inaccessible_channels: set[str] = set()  # chat.postMessage answers not_in_channel
        self.admins: set[str] = set()
        self.user_teams: dict[str, str] = {}  # users.info team_id, e.g. a Slack Connect guest's own team
        self.failures: dict[str, str] = {}  # method -> error code to answer with
        self.fail_next: dict[str, list[str]] = {}  # method -> error codes for its next calls, in order
        self.files: dict[str, bytes] = {}  # file_id -> bytes served at /files/<id>/<name>
        self.downloads: list[str] = []  # file ids served, in order
        self.file_token: str | None = None  # when set, downloads need exactly this bearer token
        self.file_content_type = "application/octet-stream"
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                pass

            def handle(self) -> None:
                # A client that stops reading at its size limit hangs up mid-body: that's expected.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    super().handle()

            def do_GET(self) -> None:
                if not self.path.startswith("/files/"):
                    self._send(404, b"not found", "text/plain")
                    return
                file_id = self.path[len("/files/") :].split("/", 1)[0]
                auth = self.headers.get("Authorization") or ""
                expected = f"Bearer {stub.file_token}" if stub.file_token else None
                if not auth.startswith("Bearer ") or (expected and auth != expected):
                    self._send(403, b"forbidden", "text/plain")
                    return
                data = stub.files.get(file_id)
                if data is None:
                    self._send(404, b"file not found", "text/plain")
                    return
                with stub._lock:
                    stub.downloads.append(file_id)
                self._send(200, data, stub.file_content_type)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if self.path.startswith("/upload/"):
                    stub._record_upload(self.path.rsplit("/", 1)[-1], raw)
                    self._send(200, b"OK - " + str(len(raw)).encode(), "text/plain")
                    return
                if not self.path.startswith("/api/"):
                    self._send(404, b"not found", "text/plain")
                    return
                method = self.path[len("/api/") :].split("?", 1)[0]
                params = _parse_body(self.headers.get("Content-Type", ""), raw)
                authorized = (self.headers.get("Authorization") or "").startswith("Bearer ")
                answer = stub._answer(method, params, authorized)
                self._send(200, json.dumps(answer).encode(), "application/json")

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # ------------------------------------------------------------------ lifecycle
    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def start(self) -> SlackStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # ------------------------------------------------------------------ queries
    def calls_to(self, method: str, **match: Any) -> list[Call]:
        with self._lock:
            found = [c for c in self.calls if c.method == method]
        return [c for c in found if all(c.params.get(k) == v for k, v in match.items())]

    def wait_for(
        self,
        method: str,
        *,
        count: int = 1,
        timeout: float = 10.0,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Poll until at least `count` matching calls were recorded (asynchronous work)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [c for c in self.calls_to(method) if where is None or where(c)]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                seen = [c.method for c in self.calls]
                raise AssertionError(f"expected {count} {method} call(s), got {len(found)}; calls: {seen}")
            time.sleep(0.02)

    def wait_until(self, predicate: Callable[[list[Call]], bool], *, timeout: float = 10.0) -> list[Call]:
        """Poll until `predicate(all calls so far)` holds."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                calls = list(self.calls)
            if predicate(calls):
                return calls
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not met; calls: {[c.method for c in calls]}")
            time.sleep(0.02)

    def upload_named(self, filename: str) -> dict[str, Any] | None:
        with self._lock:
            for upload in self.uploads.values():
                if upload["filename"] == filename and "bytes" in upload:
                    return upload
        return None

    def add_file(self, name: str, data: bytes, *, filetype: str | None = None) -> dict[str, Any]:
        """Serve `data` as a private file and return the file object Slack puts in events."""
        file_id = f"F{next(self._ids):08d}"
        with self._lock:
            self.files[file_id] = data
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else "text"
        url = f"{self.base_url}/files/{file_id}/{name}"
        return {
            "id": file_id,
            "name": name,
            "title": name,
            "filetype": filetype or extension,
            "mimetype": "application/json" if extension == "json" else "application/octet-stream",
            "size": len(data),
            "url_private": url,
            "url_private_download": url,
        }

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.uploads.clear()

    # ------------------------------------------------------------------ answers
    def _next_ts(self) -> str:
        return f"{1700000000 + next(self._ts)}.{next(self._ids):06d}"

    def _record_upload(self, file_id: str, data: bytes) -> None:
        with self._lock:
            entry = self.uploads.setdefault(file_id, {"filename": None})
            entry["bytes"] = data
            # The bytes are the file itself (data, not mrkdwn); the call records that they came.
            self.calls.append(Call(method="file.upload", params={"file_id": file_id, "length": len(data)}))

    def _answer(self, method: str, params: dict[str, Any], authorized: bool) -> dict[str, Any]:
        call = Call(method=method, params=params, authorized=authorized)
        call.response = self._respond(method, params)
        with self._lock:
            self.calls.append(call)
        return call.response

    def _respond(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method in self.failures:
            return {"ok": False, "error": self.failures[method]}
        with self._lock:
            queued = self.fail_next.get(method)
            forced = queued.pop(0) if queued else None
        if forced:
            return {"ok": False, "error": forced}
        refused = check_limits(method, params)
        if refused is not None:
            return refused
        channel = params.get("channel") or params.get("channel_id")
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://stub.slack.test/",
                "team": "Stub",
                "team_id": TEAM_ID,
                "user": "flowgen",
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            if channel in self.inaccessible_channels:
                return {"ok": False, "error": "not_in_channel"}
            ts = self._next_ts()
            return {
                "ok": True,
                "channel": channel,
                "ts": ts,
                "message": {"text": params.get("text"), "ts": ts},
            }
        if method == "chat.update":
            return {"ok": True, "channel": channel, "ts": params.get("ts"), "text": params.get("text")}
        if method == "chat.startStream":
            return {"ok": True, "channel": channel, "ts": self._next_ts()}
        if method in ("chat.appendStream", "chat.stopStream"):
            if not params.get("ts"):
                return {"ok": False, "error": "invalid_arguments"}
            return {"ok": True, "channel": channel, "ts": params.get("ts")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "chat.getPermalink":
            ts = str(params.get("message_ts", "")).replace(".", "")
            return {
                "ok": True,
                "channel": channel,
                "permalink": f"https://stub.slack.test/archives/{channel}/p{ts}",
            }
        if method == "conversations.open":
            users = str(params.get("users", "U0"))
            return {"ok": True, "channel": {"id": "D" + users.split(",")[0].lstrip("U")}}
        if method in ("views.open", "views.update", "views.publish"):
            return {"ok": True, "view": {"id": f"V{next(self._ids)}", **(params.get("view") or {})}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ids):08d}"
            with self._lock:
                self.uploads[file_id] = {"filename": params.get("filename"), "length": params.get("length")}
            return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = params.get("files") or []
            return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in files]}
        if method == "users.info":
            user = params.get("user")
            info = {"id": user, "is_admin": user in self.admins, "is_owner": False}
            if user in self.user_teams:
                info["team_id"] = self.user_teams[user]
            return {"ok": True, "user": info}
        if method == "oauth.v2.access":
            return {
                "ok": True,
                "app_id": "A0STUB",
                "authed_user": {"id": "U0INSTALLER"},
                "scope": "commands,chat:write",
                "token_type": "bot",
                "access_token": "xoxb-stub-installed",
                "bot_user_id": BOT_USER_ID,
                "team": {"id": TEAM_ID, "name": "Stub"},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        # reactions.add, assistant.threads.setStatus/setSuggestedPrompts, and anything else
        return {"ok": True}


def sign_slack_request(secret: str, body: str | bytes, *, timestamp: int | None = None) -> dict[str, str]:
    """Headers Slack sends: `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    raw = body.decode() if isinstance(body, bytes) else body
    digest = hmac.new(secret.encode(), f"v0:{ts}:{raw}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


class AppServer:
    """Serve an ASGI app with uvicorn on 127.0.0.1:<ephemeral> in a background thread."""

    def __init__(self, asgi_app: Any) -> None:
        import uvicorn

        config = uvicorn.Config(asgi_app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> AppServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the app server did not start")
            time.sleep(0.01)
        return self

    @property
    def base_url(self) -> str:
        sock = self._server.servers[0].sockets[0]
        host, port = sock.getsockname()[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


class SlackSender:
    """Sends requests to the app the way Slack does: signed, form-encoded or JSON."""

    def __init__(self, url: str, secret: str, *, team_id: str = TEAM_ID) -> None:
        import httpx

        self.url = url
        self.secret = secret
        self.team_id = team_id
        self.http = httpx.Client(timeout=10)
        self._n = itertools.count(1)

    def post(
        self,
        body: str,
        content_type: str,
        *,
        secret: str | None = None,
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        signed = sign_slack_request(secret or self.secret, body, timestamp=timestamp)
        return self.http.post(
            self.url,
            content=body.encode(),
            headers={"Content-Type": content_type, **signed, **(headers or {})},
        )

    def command(self, text: str, *, user: str = "U0ALICE", channel: str = "C0GENERAL", **kw: Any) -> Any:
        from urllib.parse import urlencode

        form = {
            "token": "legacy",
            "team_id": self.team_id,
            "team_domain": "stub",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/flowgen",
            "text": text,
            "api_app_id": "A0STUB",
            "response_url": "https://hooks.slack.test/commands/1",
            "trigger_id": f"trigger-{next(self._n)}-{time.monotonic_ns()}",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded", **kw)

    def interaction(self, payload: dict[str, Any], **kw: Any) -> Any:
        from urllib.parse import urlencode

        return self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded", **kw
        )

    def click(
        self,
        action_id: str,
        value: str,
        *,
        user: str = "U0ALICE",
        channel: str = "C0GENERAL",
        message_ts: str,
        thread_ts: str | None = None,
        **kw: Any,
    ) -> Any:
        message: dict[str, Any] = {"type": "message", "ts": message_ts, "text": "preview"}
        if thread_ts:
            message["thread_ts"] = thread_ts
        payload = {
            "type": "block_actions",
            "team": {"id": self.team_id, "domain": "stub"},
            "user": {"id": user, "team_id": self.team_id},
            "api_app_id": "A0STUB",
            "trigger_id": f"trigger-{next(self._n)}",
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
            "channel": {"id": channel},
            "message": message,
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "flow_actions",
                    "value": value,
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
        return self.interaction(payload, **kw)

    def event(self, event: dict[str, Any], *, event_id: str | None = None, **kw: Any) -> Any:
        body = {
            "token": "legacy",
            "team_id": self.team_id,
            "api_app_id": "A0STUB",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._n):08d}{time.monotonic_ns()}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": self.team_id, "user_id": BOT_USER_ID, "is_bot": True}],
            "event": event,
        }
        return self.post(json.dumps(body), "application/json", **kw)

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def slack_stub() -> Iterator[SlackStub]:
    from flowgen_apps.slack.admins import forget_admins

    forget_admins()  # admin answers cached for an earlier stub's users are not this one's
    stub = SlackStub().start()
    try:
        yield stub
    finally:
        stub.stop()
