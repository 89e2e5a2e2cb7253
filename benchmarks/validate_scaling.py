"""How validate_flow scales with flow size: it must be linear.

Builds "ladder" flows: each layer is a segment whose include/exclude branches each send a
message and rejoin at a delay, so the graph has many paths (2^layers) but linear size.
Prints the median time per size and time/step relative to the smallest flow.

    python benchmarks/validate_scaling.py [--runs 5] [--sizes 40 400 4000 40000]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from typing import Any

from flowgen_core.check import validate_flow

STEPS_PER_LAYER = 4  # segment, two messages, delay


def _event(eid: str, kind: str, target: str, **extra: Any) -> dict[str, Any]:
    return {"id": eid, "type": kind, "nextStepID": target, "active": True, "parameters": {}, **extra}


def ladder_flow(steps: int) -> dict[str, Any]:
    """A valid flow of about `steps` steps (layers of segment -> 2 messages -> delay) + end."""
    layers = max(1, (steps - 1) // STEPS_PER_LAYER)
    out: list[dict[str, Any]] = []
    for layer in range(layers):
        seg, left, right, wait = (f"seg-{layer}", f"a-{layer}", f"b-{layer}", f"wait-{layer}")
        following = f"seg-{layer + 1}" if layer + 1 < layers else "end"
        out.append(
            {
                "id": seg,
                "type": "segment",
                "active": True,
                "parameters": {},
                "conditions": [
                    {
                        "id": 1,
                        "type": "event",
                        "action": "clicked_link",
                        "operator": "has",
                        "timePeriod": "all time",
                    }
                ],
                "events": [
                    _event(f"e-{seg}-in", "split", left, label="include", action="include"),
                    _event(f"e-{seg}-out", "split", right, label="exclude", action="exclude"),
                ],
            }
        )
        for name in (left, right):
            text = f"{{{{brand_name}}}}: news #{layer} for {{{{first_name}}}}. Reply STOP to opt out."
            out.append(
                {
                    "id": name,
                    "type": "message",
                    "active": True,
                    "parameters": {},
                    "content": text,
                    "text": text,
                    "messageText": text,
                    "events": [_event(f"e-{name}", "default", wait)],
                }
            )
        out.append(
            {
                "id": wait,
                "type": "delay",
                "active": True,
                "parameters": {},
                "time": "1",
                "period": "Days",
                "events": [_event(f"e-{wait}", "default", following)],
            }
        )
    out.append({"id": "end", "type": "end", "active": True, "parameters": {}, "events": []})
    return {"name": "ladder", "initialStepID": "seg-0", "steps": out}


def time_validate(flow: dict[str, Any], runs: int) -> float:
    # Like timeit, collect garbage before and not during a run: the cyclic collector's
    # passes over the (large) input flow would otherwise be timed as validation work.
    timings = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            report = validate_flow(flow)
            timings.append(time.perf_counter() - start)
        finally:
            gc.enable()
    if not report.valid:
        raise SystemExit(f"benchmark flow is invalid: {report.errors[:3]}")
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[40, 400, 4000, 40000])
    args = parser.parse_args()
    validate_flow(ladder_flow(40))  # warm caches (compiled validators)
    base: float | None = None
    print(f"{'steps':>8} {'median ms':>11} {'us/step':>9} {'ratio':>7}")
    for size in args.sizes:
        flow = ladder_flow(size)
        count = len(flow["steps"])
        median = time_validate(flow, args.runs if size < 40000 else max(3, args.runs // 2))
        per_step = median / count
        base = base or per_step
        print(f"{count:>8} {median * 1000:>11.2f} {per_step * 1e6:>9.1f} {per_step / base:>7.2f}")


if __name__ == "__main__":
    main()
