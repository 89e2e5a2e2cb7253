"""The Slack app's generations in worker processes: the same previews, and no request lost to a worker.

Real worker processes (`flowgen_apps.slack.generation.GenerationPool`), a real FlowService
(SQLite in a temporary directory, in-process cache, offline generator) and, for the
deliveries, the local Slack Web API stub.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from slack_sdk import WebClient

from flowgen_apps.slack import blocks
from flowgen_apps.slack.app import work_pool
from flowgen_apps.slack.generation import GenerationInterrupted, GenerationPool
from flowgen_apps.slack.listeners.commands import run_command
from flowgen_apps.slack.preview import PreviewData, preview_blocks
from flowgen_core.context import RequestContext
from flowgen_core.errors import GenerationError, NotABriefError, UnsupportedLanguageError
from flowgen_core.service.cache import MemoryCache
from flowgen_core.service.facade import FlowService, generate_checked
from flowgen_core.settings import Settings
from tests.fakes.slack_stub import SlackStub

BRIEF = "Win back customers who haven't ordered in 90 days with 15% off, reply SAVE for the code"
_T = TypeVar("_T")


# Jobs for the workers: module-level, so they are sent by name.
def _exit_worker() -> None:
    os._exit(3)


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "slept"


def _warm(pool: GenerationPool) -> None:
    """Load this module in the pool's worker outside any job's time: unpickling a job defined here
    imports it, which takes seconds on a loaded machine and is no part of what a test times."""
    limit, pool.timeout_s = pool.timeout_s, 120.0
    try:
        pool(_pid)
    finally:
        pool.timeout_s = limit


def _pid() -> int:
    return os.getpid()


def _raise_unsupported_language() -> None:
    raise UnsupportedLanguageError("I can't read Finnish briefs yet.", language="fi")


class _Unpicklable(Exception):
    def __init__(self, message: str, handle: Any) -> None:
        super().__init__(message)
        self.handle = handle

    def __reduce__(self) -> Any:
        raise TypeError("not picklable")


def _raise_unpicklable() -> None:
    raise _Unpicklable("a library's odd error", handle=object())


@pytest.fixture(scope="module")
def pool() -> Iterator[GenerationPool]:
    pool = GenerationPool(1)
    yield pool
    pool.shutdown()


def _service(tmp_path: Path, name: str) -> FlowService:
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite:///{tmp_path / f'{name}.sqlite3'}",
        flowgen_generator="offline",
        slack_generation_processes=0,
    )
    return FlowService(settings, cache=MemoryCache())


def _shown(service: FlowService) -> str:
    """The preview of BRIEF as Slack would get it, with the ids of the stored version blanked."""
    outcome = service.generate(BRIEF, context=RequestContext(source="slack", workspace_id="T1", user_id="U1"))
    payload = json.dumps(preview_blocks(PreviewData.from_outcome(outcome, elapsed_ms=0, requested_by="U1")))
    for value in (outcome.flow_id, outcome.version_id):
        assert value
        payload = payload.replace(value, "<id>")
    return re.sub(r"\d{4}-\d\d-\d\dT[\d:.]+(\+00:00|Z)?", "<time>", payload)


def test_a_preview_from_the_pool_is_the_preview_made_in_the_thread(
    tmp_path: Path, pool: GenerationPool
) -> None:
    in_thread = _shown(_service(tmp_path, "thread"))
    in_pool = _shown(_service(tmp_path, "pool").with_generation_runner(pool))
    assert in_pool == in_thread


def test_generation_refinement_and_regeneration_all_run_in_the_pool(
    tmp_path: Path, pool: GenerationPool
) -> None:
    jobs: list[str] = []

    def recording(job: Callable[..., _T], /, **kwargs: Any) -> _T:
        jobs.append(job.__name__)
        return pool(job, **kwargs)

    base = _service(tmp_path, "jobs")
    service = base.with_generation_runner(recording)
    ctx = RequestContext(source="slack", workspace_id="T1", user_id="U1")
    first = service.generate(BRIEF, context=ctx)
    assert first.version_id
    refined = service.refine("make the discount 20%", version_id=first.version_id, context=ctx)
    assert refined.version_id
    again = service.regenerate(refined.version_id, context=ctx)
    assert (first.version, refined.version, again.version) == (1, 2, 3)
    assert "20%" in json.dumps(refined.flow)
    assert jobs == ["generate_checked", "refine", "generate_flow"]
    # The service it was made from still generates in the calling thread.
    base.generate(BRIEF + " today", context=ctx)
    assert len(jobs) == 3


def test_errors_raised_in_a_worker_are_raised_as_themselves(pool: GenerationPool) -> None:
    with pytest.raises(NotABriefError) as not_a_brief:
        pool(generate_checked, description="hello there", **_generation_args())
    assert not_a_brief.value.examples
    with pytest.raises(UnsupportedLanguageError) as unsupported:
        pool(_raise_unsupported_language)
    assert unsupported.value.language == "fi"
    # An error that can't travel between processes arrives as a GenerationError with its message.
    with pytest.raises(GenerationError, match="a library's odd error"):
        pool(_raise_unpicklable)
    assert pool(_sleep, seconds=0) == "slept"


def _generation_args() -> dict[str, Any]:
    return {
        "settings": Settings(_env_file=None, flowgen_generator="offline"),
        "generator": None,
        "brand_name": None,
    }


def test_a_worker_that_dies_is_an_error_and_the_next_job_gets_a_new_one() -> None:
    pool = GenerationPool(1)
    try:
        before = pool(_pid)
        with pytest.raises(GenerationInterrupted, match="stopped before finishing"):
            pool(_exit_worker)
        after = pool(_pid)
        assert after != before
    finally:
        pool.shutdown()


def test_a_job_past_its_time_is_stopped_and_its_worker_replaced() -> None:
    pool = GenerationPool(1, timeout_s=5.0)
    try:
        pool.wait_ready()  # a worker's start and warm-up are not the job's time
        _warm(pool)
        hung = pool(_pid)
        started = time.monotonic()
        with pytest.raises(GenerationInterrupted, match="took too long"):
            pool(_sleep, seconds=60)
        assert time.monotonic() - started < 20
        pool.wait_ready()  # the replacement worker's start is not the next job's time either
        _warm(pool)
        assert pool(_sleep, seconds=0) == "slept"
        assert pool(_pid) != hung
    finally:
        pool.shutdown()


def test_a_shut_down_pool_refuses_new_jobs() -> None:
    pool = GenerationPool(1)
    pool.shutdown()
    with pytest.raises(GenerationInterrupted, match="shutting down"):
        pool(_pid)


class _DiesOnce:
    """A runner whose first job kills its worker; every later job runs as given."""

    def __init__(self, pool: GenerationPool) -> None:
        self.pool = pool
        self.died = False

    def __call__(self, job: Callable[..., _T], /, **kwargs: Any) -> _T:
        if not self.died:
            self.died = True
            self.pool(_exit_worker)
        return self.pool(job, **kwargs)


def _command(channel: str, trigger: str) -> dict[str, Any]:
    return {
        "command": "/flowgen",
        "text": BRIEF,
        "team_id": "T0TEST",
        "user_id": "U0ALICE",
        "channel_id": channel,
        "trigger_id": trigger,
    }


def test_a_worker_that_dies_in_slack_is_a_clear_message_and_the_next_flow_arrives(
    tmp_path: Path, slack_stub: SlackStub
) -> None:
    pool = GenerationPool(1)
    try:
        service = _service(tmp_path, "slack").with_generation_runner(_DiesOnce(pool))
        client = WebClient(token="xoxb-test-token", base_url=slack_stub.api_url)
        run_command(_command("C0FIRST", "t1"), client, service)
        # The placeholder says what happened; it never stays "Generating…".
        updates = slack_stub.calls_to("chat.update", channel="C0FIRST")
        assert len(updates) == 1
        assert "stopped before finishing" in updates[0].params["text"]
        assert blocks.ACTION_DOWNLOAD not in json.dumps(updates[0].params.get("blocks") or [])

        run_command(_command("C0FIRST", "t2"), client, service)
        updates = slack_stub.calls_to("chat.update", channel="C0FIRST")
        assert len(updates) == 2
        assert blocks.ACTION_DOWNLOAD in json.dumps(updates[1].params.get("blocks") or [])
    finally:
        pool.shutdown()


def test_the_setting_sizes_the_pool_and_zero_keeps_generations_in_threads() -> None:
    in_threads = work_pool(
        Settings(_env_file=None, flowgen_generator="offline", slack_generation_processes=0)
    )
    in_threads.shutdown()
    assert in_threads.generations is None
    # A model generator waits on the network: its generations stay in the work threads.
    llm = work_pool(
        Settings(
            _env_file=None, flowgen_generator="llm", openai_api_key="sk-test", slack_generation_processes=2
        )
    )
    llm.shutdown()
    assert llm.generations is None
    pooled = work_pool(Settings(_env_file=None, flowgen_generator="offline", slack_generation_processes=1))
    try:
        assert pooled.generations is not None and pooled.generations.processes == 1
    finally:
        pooled.shutdown()


_KILLED_SERVER = """
import os, signal
from flowgen_apps.slack.generation import GenerationPool

if __name__ == "__main__":
    pool = GenerationPool(1)
    pool.wait_ready()
    print(pool(os.getpid), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # no shutdown, no atexit
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
def test_workers_end_when_their_server_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "server.py"
    script.write_text(_KILLED_SERVER, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )
    worker = int(done.stdout.split()[0])
    deadline = time.monotonic() + 20
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker)


def _niceness() -> int:
    return os.nice(0)


def test_the_pool_takes_its_priority_and_deadline_from_the_settings() -> None:
    settings = Settings(
        _env_file=None,
        flowgen_generator="offline",
        slack_generation_processes=1,
        slack_generation_nice=3,
        slack_generation_timeout_s=7.5,
    )
    background = work_pool(settings)
    generations = background.generations
    assert generations is not None
    try:
        generations.wait_ready()
        assert generations.timeout_s == 7.5
        _warm(generations)
        assert generations(_niceness) == os.nice(0) + 3
    finally:
        background.shutdown()


def test_out_of_range_pool_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        Settings(_env_file=None, slack_generation_nice=20)
    with pytest.raises(ValueError):
        Settings(_env_file=None, slack_generation_timeout_s=0)
