"""Offline generation speed, and how much smaller a FlowPlan is than the flow it compiles to.

    python benchmarks/generate.py [--briefs FILE.jsonl] [--runs N]

For each brief: median in-process time of brief extraction (and, within it, of locating each
fact's source words), of the "What I understood" lines, of planning + compilation alone,
and of the whole offline generation (extract, plan, compile, auto-correct, validate); then
the size of the plan JSON (without nulls; as a model answering the per-type strict schema
writes it; and in the flat form where every step spells out every field) vs. the compiled
FlowBuilder JSON in characters and estimated tokens (characters / 4). Prints medians over the briefs and the flow/plan ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from flowgen_core.brief import extract_brief, understood_lines
from flowgen_core.brief.provenance import locate_sources
from flowgen_core.plan.compile import compile_plan
from flowgen_core.plan.wire_schema import plan_wire_json
from flowgen_core.planners.offline.composer import OfflineGenerator

DEFAULT_BRIEFS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "briefs-public.jsonl"


def _median_ms(action: object, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=Path, default=DEFAULT_BRIEFS)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    briefs = [
        json.loads(line)["brief"]
        for line in args.briefs.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    generator = OfflineGenerator()
    extract_ms, plan_ms, total_ms, plan_chars, strict_chars, flow_chars = [], [], [], [], [], []
    locate_ms: list[float] = []
    lines_ms: list[float] = []
    flat_chars: list[int] = []
    for text in briefs:
        brief = extract_brief(text)
        generator.generate(brief)  # warm caches (regexes, schema) before timing
        extract_ms.append(_median_ms(lambda t=text: extract_brief(t), args.runs))
        locate_ms.append(_median_ms(lambda b=brief: locate_sources(b), args.runs))  # part of extract
        lines_ms.append(_median_ms(lambda b=brief: understood_lines(b), args.runs))
        plan_ms.append(_median_ms(lambda b=brief: compile_plan(generator.plan(b)), args.runs))
        total_ms.append(_median_ms(lambda t=text: generator.generate(extract_brief(t)), args.runs))
        plan = generator.plan(brief)
        flow = compile_plan(plan, description=text)
        plan_chars.append(len(plan.model_dump_json(exclude_none=True)))
        strict_chars.append(len(plan_wire_json(plan)))  # what the model writes under the strict schema
        flat_chars.append(len(plan.model_dump_json()))  # a single flat step object: every field, nulls too
        flow_chars.append(len(json.dumps(flow, separators=(",", ":"))))
    plan_median, flow_median = statistics.median(plan_chars), statistics.median(flow_chars)
    print(f"briefs: {len(briefs)}, runs per brief: {args.runs}")
    print(f"extract brief          median {statistics.median(extract_ms):7.2f} ms")
    print(f"  of which sources     median {statistics.median(locate_ms):7.2f} ms")
    print(f"understood lines       median {statistics.median(lines_ms):7.2f} ms")
    print(f"plan + compile         median {statistics.median(plan_ms):7.2f} ms")
    print(
        f"full offline generate  median {statistics.median(total_ms):7.2f} ms  (max {max(total_ms):.2f} ms)"
    )
    print(f"plan JSON              median {plan_median:7.0f} chars  ~{plan_median / 4:6.0f} tokens")
    strict_median = statistics.median(strict_chars)
    print(f"plan JSON, as written  median {strict_median:7.0f} chars  ~{strict_median / 4:6.0f} tokens")
    flat_median = statistics.median(flat_chars)
    print(f"plan JSON, flat+nulls  median {flat_median:7.0f} chars  ~{flat_median / 4:6.0f} tokens")
    print(f"compiled flow JSON     median {flow_median:7.0f} chars  ~{flow_median / 4:6.0f} tokens")
    ratios = [f / p for f, p in zip(flow_chars, plan_chars, strict=True)]
    print(f"flow/plan size ratio   median {statistics.median(ratios):7.2f}x")
    strict_ratios = [f / p for f, p in zip(flow_chars, strict_chars, strict=True)]
    print(f"flow/plan-as-written   median {statistics.median(strict_ratios):7.2f}x")
    flat_ratios = [f / p for f, p in zip(flow_chars, flat_chars, strict=True)]
    print(f"flow/plan-flat         median {statistics.median(flat_ratios):7.2f}x")


if __name__ == "__main__":
    main()
