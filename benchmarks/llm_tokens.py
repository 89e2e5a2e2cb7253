"""Prompt and output tokens per brief, before and after the prompt rework, and cost per flow.

    python benchmarks/llm_tokens.py [--briefs FILE.jsonl] [--rounds 1.3]

For each brief: the tokens of the first request (system prompt + user message + the JSON
schema sent as `response_format`) and of the answer (the plan the offline planner makes
for that brief, written as a model answering the strict schema writes it — a stand-in for
the model's answer). "Before" is the prompt, schema and user message as they were before
the rework (frozen in benchmarks/data/llm_prompt_before.json); "after" is today's code.
Tokens are counted with tiktoken (o200k_base) when it is installed, otherwise estimated as
characters / 4 (within ~10% of o200k_base on English prose and compact JSON).

Cost per flow = first request + (rounds - 1) repair requests, each repair replaying the
prompt plus the previous answer and a short repair message; the static system prompt and
schema are billed at the cached-input price from the second request on.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections.abc import Callable
from pathlib import Path

from flowgen_core.brief import extract_brief
from flowgen_core.plan.model import PlanReading
from flowgen_core.plan.wire_schema import GENERATION_STEP_TYPES, plan_json_schema, plan_wire_json
from flowgen_core.planners.llm.prompts import SYSTEM_PROMPT, build_user_prompt
from flowgen_core.planners.offline.composer import OfflineGenerator

DEFAULT_BRIEFS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "briefs-public.jsonl"
BEFORE = Path(__file__).resolve().parent / "data" / "llm_prompt_before.json"
REPAIR_MESSAGE_TOKENS = 150  # a typical repair turn: two or three findings with hints

# USD per 1M tokens: (input, cached input, output). OpenAI list prices as published in
# August 2025 (platform.openai.com/docs/pricing); check before relying on them.
PRICES: dict[str, tuple[float, float, float]] = {
    "gpt-4.1-mini": (0.40, 0.10, 1.60),
    "gpt-5-mini": (0.25, 0.025, 2.00),
}


def token_counter() -> tuple[Callable[[str], int], str]:
    try:
        import tiktoken  # type: ignore[import-not-found]

        encoding = tiktoken.get_encoding("o200k_base")
        return (lambda text: len(encoding.encode(text))), "tiktoken o200k_base"
    except ImportError:
        return (lambda text: max(1, round(len(text) / 4))), "estimate: characters / 4"


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=Path, default=DEFAULT_BRIEFS)
    parser.add_argument(
        "--rounds", type=float, default=1.3, help="mean requests per flow (see llm_model_path.py)"
    )
    args = parser.parse_args()
    count, how = token_counter()
    before = json.loads(BEFORE.read_text(encoding="utf-8"))
    briefs = [
        json.loads(line)["brief"] for line in args.briefs.read_text(encoding="utf-8").splitlines() if line
    ]

    static_before = count(before["system"]) + count(_compact(before["schema"]))
    schema_after = plan_json_schema(GENERATION_STEP_TYPES)
    static_after = count(SYSTEM_PROMPT) + count(_compact(schema_after))
    rows = []
    for text in briefs:
        brief = extract_brief(text)
        plan = OfflineGenerator().plan(brief)
        answer_before = count(
            plan_wire_json(plan.model_copy(update={"reading": None})).replace(',"reading":null', "")
        )
        reading = PlanReading(
            audience="customers in the segment",
            discount=None,
            reply_keywords=list(brief.reply_keywords),
            timing="as the brief says",
        )
        answer_after = count(plan_wire_json(plan.model_copy(update={"reading": reading})))
        user_before = count(before["user_by_brief"].get(text) or "")
        user_after = count(build_user_prompt(brief, brand_name="Bean There"))
        rows.append((user_before, user_after, answer_before, answer_after))

    med = [statistics.median(col) for col in zip(*rows, strict=True)]
    print(f"{len(briefs)} briefs; tokens by {how}")
    print("| part | before | after |")
    print("|---|---|---|")
    print(f"| system prompt | {count(before['system'])} | {count(SYSTEM_PROMPT)} |")
    print(
        f"| schema (response_format) | {count(_compact(before['schema']))} | {count(_compact(schema_after))} |"
    )
    print(f"| user message (median) | {med[0]:.0f} | {med[1]:.0f} |")
    print(
        f"| first request, prompt total (median) | {static_before + med[0]:.0f} | {static_after + med[1]:.0f} |"
    )
    print(f"| answer, plan as written (median) | {med[2]:.0f} | {med[3]:.0f} |")
    print()
    print(f"Estimated cost per flow at {args.rounds:g} requests per flow (USD):")
    print("| model | before | after |")
    print("|---|---|---|")
    for model, (price_in, price_cached, price_out) in PRICES.items():
        costs = []
        for static, user, answer in ((static_before, med[0], med[2]), (static_after, med[1], med[3])):
            repairs = max(0.0, args.rounds - 1)
            first = (static + user) * price_in + answer * price_out
            repair = (
                static * price_cached
                + (user + answer + REPAIR_MESSAGE_TOKENS) * price_in
                + answer * price_out
            )
            costs.append((first + repairs * repair) / 1e6)
        print(f"| {model} | ${costs[0]:.5f} | ${costs[1]:.5f} |")


if __name__ == "__main__":
    main()
