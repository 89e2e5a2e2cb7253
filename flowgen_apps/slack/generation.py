"""Generations in a small pool of worker processes, so the Slack acks never wait for them.

An offline generation is pure CPU work in Python. Run in a thread of the server it holds the
GIL for milliseconds at a time, and a burst of them delays the event loop and Bolt's dispatch
thread, which must answer Slack within 3 seconds. In a worker process it holds only that
process's GIL, at a lower CPU priority (`nice`): the server's threads answer first and the
generations take the CPU they leave.

The pool runs the service's generation jobs (`FlowService.with_generation_runner`): brief
text, flows and settings go in, results or the job's own error come back. A worker that dies
or a job that overruns `timeout_s` never loses the request: the caller gets a
`GenerationInterrupted` (shown as a normal error message) and the pool is replaced, so the
next request works.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import pickle
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from flowgen_core.brief import EXAMPLE_BRIEFS
from flowgen_core.errors import GenerationError
from flowgen_core.logging import configure_logging
from flowgen_core.pipeline import generate_flow
from flowgen_core.settings import Settings

log = logging.getLogger(__name__)

_T = TypeVar("_T")

# Defaults of SLACK_GENERATION_NICE and SLACK_GENERATION_TIMEOUT_S (flowgen_core.settings).
WORKER_NICE = 10  # the workers yield the CPU to the server's acks and deliveries
TIMEOUT_S = 120.0  # far above any offline generation; a job past it is treated as hung
# Imported once by the fork server, so every worker starts with the generator already loaded
# (and with the server's main module, which a worker would otherwise import again on its own).
_PRELOAD = [
    "__main__",
    "flowgen_core.service.facade",
    "flowgen_core.pipeline",
    "flowgen_apps.slack.generation",
]


class GenerationInterrupted(GenerationError):
    """The process running a generation died or overran its time; nothing was produced."""


def _start_worker(nice: int, log_level: str, log_json: bool) -> None:
    """Initializer of each worker: lower priority, the server's log format, then a warm-up."""
    if nice > 0 and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(nice)
    _exit_with_owner()
    configure_logging(log_level, log_json)
    _warm_up()
    # What the warm-up loaded lives as long as the worker: collections need not walk it again.
    gc.collect()
    gc.freeze()


def _exit_with_owner() -> None:
    """End this worker when the server that started it is gone, even if it was killed and could
    not shut the pool down (a worker holds its own queues open, so it would wait forever)."""
    owner = multiprocessing.parent_process()
    if owner is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([owner.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="flowgen-owner-watch", daemon=True).start()


def _warm_up() -> None:
    """One offline generation, so the lazily built tables and compiled patterns are ready."""
    try:
        generate_flow(EXAMPLE_BRIEFS[0], settings=Settings(_env_file=None, flowgen_generator="offline"))
    except Exception:  # a warm-up failure is the first real job's to report
        log.warning("generation worker warm-up failed", exc_info=True)


def _run_job(job: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    """In the worker: the job's result, or its error in a form that always unpickles."""
    try:
        return job(**kwargs)
    except Exception as exc:
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            raise GenerationError(str(exc) or type(exc).__name__) from None
        raise


def _ready(hold_s: float = 0.0) -> int:
    time.sleep(hold_s)  # held, so that each of a round of these finds its own worker
    return os.getpid()


class GenerationPool:
    """`processes` worker processes (forkserver), started at once and replaced when one dies."""

    def __init__(
        self,
        processes: int,
        *,
        nice: int = WORKER_NICE,
        timeout_s: float = TIMEOUT_S,
        log_level: str = "INFO",
        log_json: bool = False,
    ) -> None:
        if processes < 1:
            raise ValueError("a generation pool needs at least one process")
        self.processes = processes
        self.timeout_s = timeout_s
        self._initargs = (nice, log_level, log_json)
        self._lock = threading.Lock()
        self._closed = False
        self._started: list[Future[int]] = []
        self._executor = self._new_executor()

    def wait_ready(self, timeout_s: float = 60.0) -> None:
        """Until every worker has started and warmed up, as in a server that has been up a while."""
        deadline = time.monotonic() + timeout_s
        for started in list(self._started):
            started.result(timeout=timeout_s)
        seen: set[int] = set()
        while len(seen) < self.processes and time.monotonic() < deadline:
            round_ = [self._executor.submit(_ready, 0.05) for _ in range(self.processes)]
            seen |= {started.result(timeout=max(0.1, deadline - time.monotonic())) for started in round_}

    def _new_executor(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        executor = ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=context,
            initializer=_start_worker,
            initargs=self._initargs,
        )
        # Started now, not on the first command: the first preview does not pay a worker's start.
        self._started = [executor.submit(_ready) for _ in range(self.processes)]
        return executor

    def __call__(self, job: Callable[..., _T], /, **kwargs: Any) -> _T:
        """Run `job(**kwargs)` in a worker; raise its error, or GenerationInterrupted."""
        with self._lock:
            if self._closed:
                raise GenerationInterrupted("The server is shutting down; try again in a moment.")
            executor = self._executor
            try:
                future: Future[_T] = executor.submit(_run_job, job, kwargs)
            except BrokenProcessPool:
                executor = self._replace(executor)
                future = executor.submit(_run_job, job, kwargs)
        try:
            return future.result(timeout=self.timeout_s)
        except BrokenProcessPool:
            log.error("a generation worker died", extra={"job": getattr(job, "__name__", "?")})
            self._replace_if_current(executor)
            raise GenerationInterrupted(
                "The flow generator stopped before finishing this flow; try again in a moment."
            ) from None
        except FutureTimeout:
            log.error(
                "a generation overran its time",
                extra={"job": getattr(job, "__name__", "?"), "s": self.timeout_s},
            )
            self._replace_if_current(executor, kill=True)
            raise GenerationInterrupted(
                "Generating this flow took too long and was stopped; try again in a moment."
            ) from None

    def _replace_if_current(self, executor: ProcessPoolExecutor, *, kill: bool = False) -> None:
        with self._lock:
            if executor is self._executor and not self._closed:
                self._replace(executor, kill=kill)

    def _replace(self, executor: ProcessPoolExecutor, *, kill: bool = False) -> ProcessPoolExecutor:
        """A fresh pool in place of `executor` (call with the lock held)."""
        _stop(executor, kill=kill)
        self._executor = self._new_executor()
        return self._executor

    def shutdown(self, wait: bool = True) -> None:
        """Stop the workers; jobs already submitted finish first when `wait`."""
        with self._lock:
            self._closed = True
            executor = self._executor
        executor.shutdown(wait=wait, cancel_futures=not wait)


def _stop(executor: ProcessPoolExecutor, *, kill: bool) -> None:
    # A hung worker never takes its next job: it is killed, which fails its pool's other jobs.
    processes = list(getattr(executor, "_processes", {}).values()) if kill else []
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()


__all__ = ["GenerationInterrupted", "GenerationPool"]
