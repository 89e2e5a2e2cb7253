"""How fast does the Slack app acknowledge `/flowgen`, and how soon is the preview shown?

Runs the real Bolt app over HTTP (uvicorn on 127.0.0.1) against the local Slack Web API
stub, with a real FlowService (SQLite in a temporary directory, in-process cache,
offline generator). Sends N signed `/flowgen` commands, C at a time, and reports the
median and p99 time to the HTTP 200 ack and the median time from sending the command
to the `chat.update` that replaces the placeholder with the preview.

    .venv/bin/python benchmarks/slack_ack.py [--requests 50] [--concurrency 10] [--rounds 1]

With --rounds N each round is a fresh server and database; the last line pools every
round's samples (a p99 over 50 samples is the slowest one; over 150 it is less noisy).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from starlette.applications import Starlette

from flowgen_apps.heap import freeze_startup_heap
from flowgen_apps.slack.app import build_app, work_pool
from flowgen_apps.slack.http import slack_routes
from flowgen_core.service.facade import FlowService
from flowgen_core.settings import Settings
from tests.fakes.slack_stub import AppServer, SlackSender, SlackStub

SECRET = "benchmark-signing-secret"
BRIEFS = (
    "Win back customers who haven't ordered in 90 days with {n}% off, reply SAVE for the code",
    "Cart abandoners from the last 24 hours: remind them in 1 hour, then {n}% off after a day",
    "VIP early access to the summer sale tomorrow 10am PST with {n}% off, reply YES to reserve",
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def run(requests: int, concurrency: int) -> dict[str, Any]:
    stub = SlackStub().start()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            _env_file=None,
            database_url=f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            flowgen_generator="offline",
            slack_bot_token="xoxb-benchmark",
            slack_signing_secret=SECRET,
            slack_api_url=stub.api_url,
            rate_limit_per_minute=10_000,
        )
        service = FlowService(settings)
        background = work_pool(settings)  # the pool the server builds for these settings
        if background.generations is not None:  # measured as a server that has been up a while
            background.generations.wait_ready()
        app = build_app(settings, service, background=background)
        freeze_startup_heap()  # as the server does once it has started
        with AppServer(Starlette(routes=slack_routes(app, signing_secret=SECRET))) as server:
            sender = SlackSender(f"{server.base_url}/slack/events", SECRET)
            sent_at: dict[str, float] = {}
            acks: list[float] = []

            def one(i: int) -> None:
                channel = f"C{i:06d}"  # one channel per request: its preview is easy to find
                brief = BRIEFS[i % len(BRIEFS)].format(n=5 + i % 40)
                started = time.monotonic()
                sent_at[channel] = started
                response = sender.command(brief, channel=channel, user=f"U{i % 7:04d}")
                acks.append(time.monotonic() - started)
                if response.status_code != 200:
                    raise RuntimeError(f"request {i}: HTTP {response.status_code}")

            sender.command("help")  # warm-up: first-request imports and connections
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                list(pool.map(one, range(requests)))

            def previews(calls: list) -> dict[str, float]:
                done: dict[str, float] = {}
                for call in calls:
                    channel = call.params.get("channel")
                    if (
                        call.method == "chat.update"
                        and channel in sent_at
                        and "flowgen_download" in json.dumps(call.params.get("blocks") or [])
                    ):
                        done.setdefault(channel, call.at)
                return done

            calls = stub.wait_until(lambda calls: len(previews(calls)) >= requests, timeout=300)
            done = previews(calls)
            to_preview = [done[channel] - sent_at[channel] for channel in sent_at]
            sender.close()
            background.shutdown(wait=True)  # diagrams may still be uploading
    stub.stop()
    return summary(requests, concurrency, acks, to_preview)


def summary(requests: int, concurrency: int, acks: list[float], to_preview: list[float]) -> dict[str, Any]:
    return {
        "requests": requests,
        "concurrency": concurrency,
        "acks": acks,
        "previews": to_preview,
        "ack_median_ms": statistics.median(acks) * 1000,
        "ack_p99_ms": percentile(acks, 99) * 1000,
        "ack_max_ms": max(acks) * 1000,
        "preview_median_ms": statistics.median(to_preview) * 1000,
        "preview_p99_ms": percentile(to_preview, 99) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    acks: list[float] = []
    previews: list[float] = []
    for round_ in range(1, args.rounds + 1):
        result = run(args.requests, args.concurrency)
        acks += result["acks"]
        previews += result["previews"]
        report(f"round {round_}: " if args.rounds > 1 else "", result)
    if args.rounds > 1:
        report(f"all {args.rounds} rounds: ", summary(len(acks), args.concurrency, acks, previews))


def report(label: str, result: dict[str, Any]) -> None:
    print(
        f"{label}{result['requests']} signed /flowgen requests, {result['concurrency']} at a time\n"
        f"  ack (HTTP 200):  median {result['ack_median_ms']:.0f} ms, p99 {result['ack_p99_ms']:.0f} ms, "
        f"max {result['ack_max_ms']:.0f} ms\n"
        f"  preview update:  median {result['preview_median_ms']:.0f} ms, p99 {result['preview_p99_ms']:.0f} ms",
        flush=True,
    )


if __name__ == "__main__":
    main()
