"""`POST /api/v1/generateFlow` through the whole ASGI app in one process: CPU per request.

The app `flowgen_apps.web.create_app` builds (request middleware, authentication, FastAPI
routing, dependencies, body parsing, the service with its SQLite store and in-process cache,
response validation and rendering) is called directly with ASGI messages, so everything but
uvicorn's HTTP parsing and the socket is measured. Each miss has its own brief; a hit repeats
one. The first `--warmup` requests are not counted (patterns and validators compile on first use).

With `--inline`, the app's thread hops (`anyio.to_thread`, `run_in_threadpool`) run the call
on the event loop's thread instead: the work is the same and all of it happens on one thread,
so a profiler or an instruction counter sees every request. Under callgrind the instruction
count is what other work on the machine cannot change; per request it is the difference of
two runs divided by the difference of their `--requests`:

    valgrind --tool=callgrind python benchmarks/api_inprocess.py --inline --requests 0
    valgrind --tool=callgrind python benchmarks/api_inprocess.py --inline --requests 60

Usage: python benchmarks/api_inprocess.py [--requests 200] [--warmup 20] [--hit] [--inline]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BRIEF = (
    "Win back customers who haven't ordered in 90 days with 15% off using code COMEBACK15. "
    "Reply YES to claim; if no reply within 2 days, send a reminder."
)
KEY = "bench_inprocess_key_0123456789"


def _environment(workdir: Path) -> None:
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "XDG_DATA_HOME": str(workdir),
            "FLOWGEN_GENERATOR": "offline",
            "RATE_LIMIT_PER_MINUTE": "0",
            "LOG_LEVEL": "WARNING",
            "OPENAI_API_KEY": "",
            "REDIS_URL": "",
            "FLOWGEN_API_KEYS": KEY,
        }
    )
    flowgen = str(Path(sys.executable).with_name("flowgen"))
    subprocess.run([flowgen, "db", "upgrade"], check=True, capture_output=True)


def _run_hops_inline() -> None:
    # Imported here: only the --inline mode replaces the thread hops, and before the app loads.
    import anyio.to_thread
    import starlette.concurrency

    async def run_sync(func: Callable[..., Any], *args: Any, **_: Any) -> Any:
        return func(*args)

    async def run_in_threadpool(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    anyio.to_thread.run_sync = run_sync  # type: ignore[assignment]
    starlette.concurrency.run_in_threadpool = run_in_threadpool
    # Imported here: these modules bound the name at import; rebind it where it is used.
    import flowgen_apps.api.auth
    import flowgen_apps.api.routes.generation

    flowgen_apps.api.auth.run_in_threadpool = run_in_threadpool  # type: ignore[attr-defined]
    flowgen_apps.api.routes.generation.run_in_threadpool = run_in_threadpool  # type: ignore[attr-defined]


async def _request(app: Any, brief: str) -> int:
    body = json.dumps({"campaignDescription": brief}).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/generateFlow",
        "raw_path": b"/api/v1/generateFlow",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"authorization", f"Bearer {KEY}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)  # no disconnect while the response is being sent
        return {"type": "http.disconnect"}

    status = 0

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def _measure(app: Any, *, requests: int, warmup: int, hit: bool) -> tuple[float, float, int]:
    for index in range(warmup):
        await _request(app, f"{BRIEF} Warm-up {index}.")
    if hit:
        await _request(app, BRIEF)
    errors = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for index in range(requests):
        status = await _request(app, BRIEF if hit else f"{BRIEF} Campaign batch {index}.")
        errors += status != 200
    return time.process_time() - cpu, time.perf_counter() - wall, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200, help="counted requests (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="uncounted requests first (default 20)")
    parser.add_argument("--hit", action="store_true", help="repeat one brief (cache hits) instead of misses")
    parser.add_argument("--inline", action="store_true", help="run the thread hops on the loop's thread")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="flowgen-bench-") as workdir:
        _environment(Path(workdir))
        if args.inline:
            _run_hops_inline()
        # Imported here: the environment above must be set before the settings are read.
        from flowgen_apps.web import create_app

        app = create_app()
        cpu, wall, errors = asyncio.run(
            _measure(app, requests=args.requests, warmup=args.warmup, hit=args.hit)
        )
    per = max(args.requests, 1)
    print(
        f"{'hit' if args.hit else 'miss'}: {args.requests} requests, CPU {cpu * 1000 / per:.2f} ms/request, "
        f"wall {wall * 1000 / per:.2f} ms/request, errors {errors}"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
