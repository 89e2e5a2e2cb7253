"""The model path against a scripted "realistic model", and the deadline on a dripping server.

    python benchmarks/llm_model_path.py [--briefs FILE.jsonl] [--deadlines 1,2,5]

Realistic model: for each brief, the offline planner's plan is damaged with one mistake
typical of mid-size models (wrong-case intents, invented template variables, overlong copy
with emoji, experiment splits not summing to 100, wrong delay units, a missing end) and
served by the loopback OpenAI stub as the first answer; every repair turn is answered with
the undamaged plan (a model that follows the repair message). Reported per mistake: how
often the first answer already gave a valid flow (no errors after auto-fix), how often the
final flow was valid and complete (no errors, no unmet brief requirement, no fixable
warning), and the mean number of requests (rounds) used.

Deadline: a server that sends headers at once, then the body one byte every 0.2 s (so no
per-read timeout ever fires, with OPENAI_TIMEOUT_S=30); the wall time of `generate_flow`
until the offline fallback answers, for each LLM_DEADLINE_S.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flowgen_core.brief import extract_brief
from flowgen_core.pipeline import generate_flow
from flowgen_core.planners.llm.client import LLMGenerator
from flowgen_core.planners.offline.composer import OfflineGenerator
from tests.fakes.model_mistakes import MISTAKES
from tests.fakes.openai_stub import drip, plan, running_stub

DEFAULT_BRIEFS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "briefs-public.jsonl"


def realistic_suite(briefs: list[str]) -> None:
    print("| mistake | briefs | first answer valid | final valid and complete | mean requests |")
    print("|---|---|---|---|---|")
    totals = [0, 0, 0, 0]
    with running_stub() as stub:
        settings = stub.settings(llm_repair_rounds=2, openai_max_retries=0)
        for name, damage in MISTAKES.items():
            runs = first_ok = final_ok = 0
            requests: list[int] = []
            for text in briefs:
                brief = extract_brief(text)
                good = OfflineGenerator().plan(brief).model_dump(mode="json")
                bad = copy.deepcopy(good)
                if not damage(bad):
                    continue
                runs += 1
                stub.requests.clear()
                with stub._lock:
                    stub._queue.clear()
                stub.script(plan(bad), plan(good), plan(good))
                generator = LLMGenerator(settings, backoff_base_s=0.01)
                parsed = _parse_or_none(bad)
                if parsed is not None:  # what the first answer alone gives, after auto-fix
                    first = generator._evaluate(parsed, brief, text, None, tuple(brief.quoted_copy))
                    first_ok += int(first.flow is not None and not first.report.errors)
                result = generator.generate(brief)
                final_ok += int(result.report.valid and not _unfinished(result))
                requests.append(len(stub.requests))
            if runs:
                totals = [
                    totals[0] + runs,
                    totals[1] + first_ok,
                    totals[2] + final_ok,
                    totals[3] + sum(requests),
                ]
                print(
                    f"| {name} | {runs} | {first_ok / runs:.0%} | {final_ok / runs:.0%} | "
                    f"{statistics.mean(requests):.2f} |"
                )
    runs, first_ok, final_ok, total_requests = totals
    print(f"| all | {runs} | {first_ok / runs:.0%} | {final_ok / runs:.0%} | {total_requests / runs:.2f} |")


def _parse_or_none(p: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    from flowgen_core.plan.model import FlowPlan

    try:
        return FlowPlan.model_validate(p)
    except ValidationError:
        return None


def _unfinished(result: Any) -> bool:
    from flowgen_core.planners.llm.prompts import FIXABLE_WARNINGS

    return any(
        w.code in FIXABLE_WARNINGS
        or (w.code.startswith("brief_") and w.code != "brief_interpretation_mismatch")
        for w in result.report.warnings
    )


def deadline_suite(brief: str, deadlines: list[float], runs: int) -> None:
    print("| LLM_DEADLINE_S | wall time to the offline answer (median of runs) | max |")
    print("|---|---|---|")
    with running_stub() as stub:
        body = json.dumps(OfflineGenerator().plan(extract_brief(brief)).model_dump(mode="json"))
        for deadline in deadlines:
            times = []
            for _ in range(runs):
                stub.script(drip(body, interval=0.2))
                settings = stub.settings(llm_deadline_s=deadline, openai_timeout_s=30.0)
                started = time.monotonic()
                result = generate_flow(brief, settings=settings)
                times.append(time.monotonic() - started)
                assert result.generator == "offline"
            print(f"| {deadline:g} s | {statistics.median(times):.2f} s | {max(times):.2f} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=Path, default=DEFAULT_BRIEFS)
    parser.add_argument("--deadlines", default="1,2,5")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the fallbacks are the point here, not news
    briefs = [
        json.loads(line)["brief"] for line in args.briefs.read_text(encoding="utf-8").splitlines() if line
    ]
    realistic_suite(briefs)
    print()
    deadline_suite(briefs[0], [float(d) for d in args.deadlines.split(",")], args.runs)


if __name__ == "__main__":
    main()
