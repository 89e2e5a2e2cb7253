"""flowgen_core.logging: redaction, correlation ids, the JSON formatter."""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Iterator

import pytest

from flowgen_core.logging import (
    bind_request_id,
    clean_request_id,
    configure_logging,
    get_request_id,
    redact,
    reset_request_id,
)


@pytest.fixture
def buffer() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    configure_logging("DEBUG", json=True, stream=stream)
    yield stream
    configure_logging("WARNING", json=False)


@pytest.mark.parametrize(
    ("secret", "kept"),
    [
        ("xoxb-1234567890-abcdefghijkl", "xox*-[REDACTED]"),
        ("xoxp-1234-5678-abcdef", "xox*-[REDACTED]"),
        ("xapp-1-A0123-456-abcdef", "xapp-[REDACTED]"),
        ("sk-proj-abcdefghijklmnop1234", "sk-[REDACTED]"),
        ("Authorization: Bearer abc.def.ghi", "Bearer [REDACTED]"),
        ("fgk_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5", "fgk_[REDACTED]"),
        ("api_key=hunter2hunter2", "api_key=[REDACTED]"),
        ('{"password": "p4ss"}', '"password": "[REDACTED]"'),
        ("postgresql://app:s3cret@db.internal/flowgen", "postgresql://app:[REDACTED]@db.internal/flowgen"),
        ("redis://:s3cret@cache:6379/0", "redis://:[REDACTED]@cache:6379/0"),
    ],
)
def test_redact_masks_tokens(secret: str, kept: str) -> None:
    masked = redact(f"before {secret} after")
    assert kept in masked
    assert masked.startswith("before ") and masked.endswith(" after")
    for fragment in (
        "1234567890-abcdefghijkl",
        "abcdefghijklmnop1234",
        "hunter2",
        "s3cret",
        "p4ss",
        "abc.def.ghi",
    ):
        assert fragment not in masked


def test_redact_leaves_ordinary_text_alone() -> None:
    text = "Generated flow flw_123 with 4 steps for brief 'skip the sk- prefix talk'"
    assert redact(text) == text


def test_json_lines_carry_request_id_extras_and_are_redacted(buffer: io.StringIO) -> None:
    token = bind_request_id("req-1")
    try:
        logging.getLogger("flowgen_core.test").info(
            "calling %s", "xoxb-123-456-abc", extra={"flow_id": "flw_1", "header": "Bearer zzz"}
        )
    finally:
        reset_request_id(token)
    record = json.loads(buffer.getvalue().strip())
    assert record["request_id"] == "req-1"
    assert record["flow_id"] == "flw_1"
    assert record["level"] == "info" and record["logger"] == "flowgen_core.test"
    assert "xoxb-123" not in buffer.getvalue() and "zzz" not in buffer.getvalue()


def test_exceptions_are_redacted_too(buffer: io.StringIO) -> None:
    try:
        raise ValueError("token=sk-abcdefghijklmnop")
    except ValueError:
        logging.getLogger("x").exception("failed")
    record = json.loads(buffer.getvalue().strip())
    assert "ValueError" in record["exception"]
    assert "sk-abcdefghijklmnop" not in buffer.getvalue()


def test_request_id_is_per_context() -> None:
    seen: list[str | None] = []
    token = bind_request_id("outer")
    try:
        worker = threading.Thread(target=lambda: seen.append(get_request_id()))
        worker.start()
        worker.join()
        assert get_request_id() == "outer"
    finally:
        reset_request_id(token)
    assert seen == [None]  # a plain new thread starts with an empty context
    assert get_request_id() is None


@pytest.mark.parametrize("candidate", [None, "", "has space", "x" * 200, "new\nline", "é"])
def test_unsafe_request_ids_are_replaced(candidate: str | None) -> None:
    cleaned = clean_request_id(candidate)
    assert cleaned != candidate and len(cleaned) == 16


def test_safe_request_id_is_kept() -> None:
    assert clean_request_id("abc-123_X.y:z") == "abc-123_X.y:z"


def test_configure_logging_is_idempotent_and_respects_existing(buffer: io.StringIO) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    configure_logging("INFO", json=False, replace=False)
    assert root.handlers == before
    other = io.StringIO()
    configure_logging("INFO", json=True, stream=other)
    logging.getLogger("y").warning("hello")
    assert "hello" in other.getvalue() and "hello" not in buffer.getvalue()


def test_a_record_is_redacted_once(buffer: io.StringIO, monkeypatch: pytest.MonkeyPatch) -> None:
    import flowgen_core.logging as flowgen_logging

    calls: list[str] = []
    original = flowgen_logging.redact

    def counting(text: str) -> str:
        calls.append(text)
        return original(text)

    monkeypatch.setattr(flowgen_logging, "redact", counting)
    logging.getLogger("z").info("key %s", "sk-abcdefghijklmnop", extra={"note": "plain"})
    assert "sk-abcdefghijklmnop" not in buffer.getvalue()
    assert calls == ["key sk-abcdefghijklmnop", "plain"]


def test_text_lines_mask_exceptions_and_non_text_extras() -> None:
    stream = io.StringIO()
    configure_logging("INFO", json=False, stream=stream)
    try:
        try:
            raise ValueError("token=sk-abcdefghijklmnop")
        except ValueError:
            logging.getLogger("t").exception("failed", extra={"url": ["redis://:s3cret@cache:6379/0"]})
        logging.getLogger("t").info("object", extra={"thing": Exception("password=hunter2")})
    finally:
        configure_logging("WARNING", json=False)
    text = stream.getvalue()
    assert "ValueError" in text and "failed" in text
    assert "sk-abcdefghijklmnop" not in text and "s3cret" not in text and "hunter2" not in text


def test_an_access_log_switched_off_stays_off() -> None:
    access = logging.getLogger("uvicorn.access")
    saved = (list(access.handlers), access.propagate)
    access.handlers, access.propagate = [], False  # what uvicorn's --no-access-log leaves
    try:
        configure_logging("INFO", json=False, stream=io.StringIO())
        assert not access.hasHandlers()
        access.handlers, access.propagate = [logging.NullHandler()], False  # access log on
        configure_logging("INFO", json=False, stream=io.StringIO())
        assert access.propagate and not access.handlers
    finally:
        access.handlers, access.propagate = saved
        configure_logging("WARNING", json=False)
