"""Structured logging for every shell: one JSON object per line, a correlation id, no secrets.

stdlib `logging` is the backbone (not structlog) because the core, SQLAlchemy, httpx,
uvicorn and Slack Bolt all log through it already: one handler on the root logger
formats everything the same way, and `extra={...}` fields become JSON keys without an
adapter layer in every module.

The correlation id lives in a `ContextVar`, so it follows a request through the
threadpool and into generation, LLM calls and database writes without being passed
around. This module is core-safe: it imports nothing HTTP- or Slack-specific.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import logging
import re
import sys
import uuid
from contextvars import ContextVar, Token
from typing import IO, Any

_request_id: ContextVar[str | None] = ContextVar("flowgen_request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged as a field.
_RECORD_ATTRS = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
    | {"message", "asctime", "request_id", "color_message"}
)

# Order matters: specific token shapes first, then the generic "key=value" forms.
_SECRET_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bxox[a-z]-[A-Za-z0-9-]+"), "xox*-[REDACTED]"),
    (re.compile(r"\bxapp-[A-Za-z0-9-]+"), "xapp-[REDACTED]"),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{6,}"), "sk-[REDACTED]"),
    (re.compile(r"\bfgk?_[A-Za-z0-9_-]{16,}"), "fgk_[REDACTED]"),
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+"), r"\1 [REDACTED]"),
    (
        re.compile(
            r"(?i)\b((?:api[_-]?key|x-api-key|access[_-]?token|token|secret|password|signing[_-]?secret)"
            r"['\"]?\s*[=:]\s*['\"]?)[^\s'\",;&}]+"
        ),
        r"\1[REDACTED]",
    ),
    # Credentials inside URLs: postgresql://user:password@host, redis://:password@host
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^\s:/@]*:)[^\s@/]+@"), r"\1[REDACTED]@"),
]

# Set on a record once `RedactingFilter` has masked its message and extras, so the formatter
# does not run every pattern over them a second time.
_REDACTED = "_flowgen_redacted"

_REQUEST_ID_SHAPE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


# --------------------------------------------------------------------------- correlation id
def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


def clean_request_id(candidate: str | None) -> str:
    """A caller-supplied id if it is safe to echo into logs and headers, else a fresh one."""
    if candidate and _REQUEST_ID_SHAPE.match(candidate):
        return candidate
    return new_request_id()


def bind_request_id(request_id: str | None) -> Token[str | None]:
    """Make `request_id` the correlation id of the current context; returns a token for `reset_request_id`."""
    return _request_id.set(request_id)


def reset_request_id(token: Token[str | None]) -> None:
    _request_id.reset(token)


def get_request_id() -> str | None:
    return _request_id.get()


# --------------------------------------------------------------------------- redaction
def redact(text: str) -> str:
    """Mask tokens and keys (Slack xoxb-/xapp-, OpenAI sk-, API keys, Bearer values, URL passwords)."""
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _redact_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_value(v) for v in value]
    return value


class RedactingFilter(logging.Filter):
    """Rewrites the message and string `extra` fields of every record with secrets masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        for key, value in list(vars(record).items()):
            if key not in _RECORD_ATTRS:
                setattr(record, key, _redact_value(value))
        setattr(record, _REDACTED, True)
        return True


class RequestIdFilter(logging.Filter):
    """Stamps the current correlation id on each record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = get_request_id()
        return True


# --------------------------------------------------------------------------- formatters
def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _RECORD_ATTRS and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, request_id, extras, exception.

    Values are redacted before serialisation, so masking can never break the JSON.
    """

    def format(self, record: logging.LogRecord) -> str:
        redacted = getattr(record, _REDACTED, False)
        message = record.getMessage()
        entry: dict[str, Any] = {
            "ts": _dt.datetime.fromtimestamp(record.created, tz=_dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": message if redacted else redact(message),
            "request_id": getattr(record, "request_id", None),
        }
        extras = _extras(record)
        entry.update(extras if redacted else _redact_value(extras))
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return _json.dumps(entry, default=lambda value: redact(str(value)), ensure_ascii=False)


def _masked_already(value: Any) -> bool:
    """Whether `RedactingFilter` has masked everything `str(value)` can show."""
    if value is None or isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list | tuple):  # (a dict's keys are not masked by the filter)
        return all(_masked_already(v) for v in value)
    return False


class TextFormatter(logging.Formatter):
    """Human-readable lines for local development; extras appended as key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = get_request_id()
        line = super().format(record)
        extras = _extras(record)
        if extras:
            line += " " + " ".join(f"{k}={v}" for k, v in extras.items())
        # Message and string extras are masked already by the filter; a traceback (possibly
        # formatted and cached by another handler) and objects' str() are not.
        already = getattr(record, _REDACTED, False) and not (record.exc_info or record.exc_text)
        if already and not record.stack_info and all(_masked_already(v) for v in extras.values()):
            return line
        return redact(line)


# --------------------------------------------------------------------------- setup
class _FlowgenHandler(logging.StreamHandler):
    """Marker class so `configure_logging` can replace its own handler and leave others alone."""


def configure_logging(
    level: str | int = "INFO",
    json: bool = False,
    *,
    stream: IO[str] | None = None,
    replace: bool = True,
) -> None:
    """Install one redacting, correlation-id-aware handler on the root logger (idempotent).

    With `replace=False` an existing flowgen handler is kept as it is: an app factory
    then respects the logging its host process (CLI, tests) has already set up.
    """
    root = logging.getLogger()
    ours = [handler for handler in root.handlers if isinstance(handler, _FlowgenHandler)]
    if ours and not replace:
        return
    for handler in ours:
        root.removeHandler(handler)
    handler = _FlowgenHandler(stream or sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JsonFormatter() if json else TextFormatter())
    root.addHandler(handler)
    root.setLevel(level.upper() if isinstance(level, str) else level)
    # uvicorn's loggers log through the root handler instead of their own, except an access
    # log that `--no-access-log` switched off (no handler, not propagating): uvicorn writes
    # one whenever the logger has a handler anywhere up the tree, a record per request.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        if name == "uvicorn.access" and not logger.handlers and not logger.propagate:
            continue
        logger.handlers.clear()
        logger.propagate = True


__all__ = [
    "JsonFormatter",
    "RedactingFilter",
    "RequestIdFilter",
    "TextFormatter",
    "bind_request_id",
    "clean_request_id",
    "configure_logging",
    "get_request_id",
    "new_request_id",
    "redact",
    "reset_request_id",
]
