"""The post-ack pool: generations bounded per core, diagrams on their own low-priority lane."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from flowgen_apps.slack.listeners import delivery
from flowgen_apps.slack.listeners.delivery import Background, running_background


def test_generation_slots_bound_how_many_generations_run_at_once() -> None:
    background = Background(max_workers=8, generation_slots=2)
    running = {"now": 0, "most": 0}
    guard = threading.Lock()

    def generation() -> None:
        with background.generation_slot():
            with guard:
                running["now"] += 1
                running["most"] = max(running["most"], running["now"])
            time.sleep(0.02)
            with guard:
                running["now"] -= 1

    for _ in range(8):
        background.submit(generation)
    background.shutdown(wait=True)
    assert running["most"] == 2


def test_without_slots_generations_are_bounded_by_the_pool_only() -> None:
    background = Background(max_workers=4)
    started = threading.Barrier(4, timeout=5)

    def generation() -> None:
        with background.generation_slot():
            started.wait()  # all four must be inside at once, or this times out

    futures = [background.submit(generation) for _ in range(4)]
    background.shutdown(wait=True)
    assert all(f.exception() is None for f in futures)


def test_tasks_know_their_pool_and_code_outside_does_not() -> None:
    background = Background(max_workers=1)
    assert running_background() is None
    seen = background.submit(running_background).result(timeout=5)
    drawn = background.submit_diagram(running_background).result(timeout=5)
    background.shutdown(wait=True)
    assert seen is background and drawn is background


@pytest.mark.skipif(sys.platform != "linux", reason="per-thread nice values are a Linux feature")
def test_drawing_runs_at_a_lower_priority_than_work_and_posting() -> None:
    background = Background(max_workers=1, diagram_nice=5)

    def nice() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    work = background.submit(nice).result(timeout=5)
    posting = background.submit_diagram(nice).result(timeout=5)
    drawing = background.submit_diagram(background.render, nice).result(timeout=5)
    background.shutdown(wait=True)
    assert posting == work
    assert drawing == min(19, work + 5)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == work  # the caller is untouched


def test_delivery_in_the_pool_hands_the_diagram_to_the_lane(monkeypatch: pytest.MonkeyPatch) -> None:
    """A work thread returns from a delivery without waiting for Graphviz; the diagram follows."""
    background = Background(max_workers=1)
    release = threading.Event()
    drawn: list[str] = []

    def slow_diagram(client: object, where: delivery.Where, preview: object) -> None:
        release.wait(5)
        drawn.append(threading.current_thread().name)

    monkeypatch.setattr(delivery, "upload_diagram", slow_diagram)
    monkeypatch.setattr(delivery, "show_preview", lambda *a, **k: (delivery.Where("C1", ts="1.1"), "full"))
    monkeypatch.setattr(delivery, "supersede_previous", lambda *a, **k: None)
    monkeypatch.setattr(delivery.PreviewData, "from_outcome", staticmethod(lambda *a, **k: object()))

    class Outcome:
        version_id = None
        version = 1

    ctx = delivery.slack_context("T1", "U1", "C1")
    shown = background.submit(
        delivery.deliver_outcome,
        None,
        None,
        ctx,
        delivery.Where("C1"),
        Outcome(),
        started=time.perf_counter(),
        update=False,
    ).result(timeout=5)
    assert shown.ts == "1.1" and drawn == []  # delivered while the diagram is still being drawn
    release.set()
    background.shutdown(wait=True)
    assert drawn and drawn[0].startswith("flowgen-diagram")
