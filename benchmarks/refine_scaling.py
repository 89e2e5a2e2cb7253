"""How offline refinement scales with flow size: it must be linear.

Refines the ladder flows of validate_scaling.py (segments, messages and delays, about
`size` steps) with one instruction and prints the median seconds and the time per step
relative to the smallest flow (a ratio that stays near 1 means linear growth).

    python benchmarks/refine_scaling.py [--runs 3] [--sizes 1000 4000 10000]
        [--instruction "make the discount 20%"]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from validate_scaling import ladder_flow

from flowgen_core.refine.editor import refine_offline


def time_refine(flow: dict, instruction: str, runs: int) -> float:  # type: ignore[type-arg]
    timings = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        refine_offline(flow, instruction)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 10000])
    parser.add_argument("--instruction", default="make the discount 20%")
    args = parser.parse_args()
    refine_offline(ladder_flow(40), args.instruction)  # warm caches
    base: float | None = None
    print(f"{'steps':>8} {'median s':>9} {'ms/step':>8} {'ratio':>7}")
    for size in args.sizes:
        flow = ladder_flow(size)
        count = len(flow["steps"])
        median = time_refine(flow, args.instruction, args.runs)
        per_step = median / count
        base = base or per_step
        print(f"{count:>8} {median:>9.2f} {per_step * 1000:>8.2f} {per_step / base:>7.2f}")


if __name__ == "__main__":
    main()
