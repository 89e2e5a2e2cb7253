"""Slack work of one conversation runs in the order it arrived; other conversations run beside it."""

from __future__ import annotations

import threading
import time

from flowgen_apps.slack.listeners.delivery import Background


def test_tasks_with_one_key_run_one_at_a_time_in_order() -> None:
    background = Background(max_workers=8)
    order: list[int] = []
    running = {"now": 0, "most": 0}
    guard = threading.Lock()

    def task(n: int) -> None:
        with guard:
            running["now"] += 1
            running["most"] = max(running["most"], running["now"])
        time.sleep(0.01 if n % 2 else 0.03)  # later tasks would overtake earlier ones if run in parallel
        with guard:
            order.append(n)
            running["now"] -= 1

    for n in range(8):
        background.submit_in_order("C1:1.1", task, n)
    background.shutdown(wait=True)
    assert order == list(range(8))
    assert running["most"] == 1


def test_other_keys_do_not_wait() -> None:
    background = Background(max_workers=4)
    release = threading.Event()
    done = threading.Event()
    background.submit_in_order("C1:1.1", release.wait, 5)
    background.submit_in_order("C2:2.2", done.set)
    assert done.wait(2), "a second conversation waited for the first"
    release.set()
    background.shutdown(wait=True)


def test_a_failing_task_does_not_stop_the_queue() -> None:
    background = Background(max_workers=2)
    seen: list[str] = []

    def boom() -> None:
        raise RuntimeError("boom")

    background.submit_in_order("k", boom)
    background.submit_in_order("k", seen.append, "after")
    background.shutdown(wait=True)
    assert seen == ["after"]
