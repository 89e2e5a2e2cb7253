"""REST API load: offline `generateFlow` throughput and latency at several concurrencies.

Starts `flowgen serve` in its own process (so the client's load does not share the
server's interpreter), on 127.0.0.1 with a throw-away SQLite database, the in-process
cache, the offline generator and a dev key. Two paths are measured:

- miss: every request has a distinct brief, so each one is generated, validated and stored;
- hit:  the same brief repeated, served from the result cache (still stored as a version).

With `--workers N` (N > 1) the server is `uvicorn flowgen_apps.web:create_app --factory --workers N`
(as the Procfile runs it) with a generated API key, instead of `flowgen serve`. That key is an
environment key (`FLOWGEN_API_KEYS`) unless `--stored-key` makes it a database key created with
`flowgen apikey create`, which every request then looks up in the database.

The load client is a raw keep-alive HTTP/1.1 client on asyncio streams (`--client raw`, the
default): one connection per client in flight, a request written as bytes and the response
read by its Content-Length, so the client costs a fraction of the server's CPU on the cores
they share. `--client httpx` drives the same load through an async httpx client (about
three times the client CPU per request) for comparison with earlier figures.

Besides throughput and latency, each run reports the CPU time the server's processes (uvicorn's
and every worker's, read from /proc) and this client used per request: on a machine shared
with other work, wall-clock throughput mostly measures the wait for a core, while CPU per
request says what the server would sustain on cores of its own (1000 ms / CPU per request,
per core).

Usage: python benchmarks/api_load.py [--requests 200] [--concurrency 1,10,50] [--workers 1] [--stored-key] [--json]
       [--client raw|httpx]
       [--paths miss,hit] [--database-url postgresql://…/scratch --redis-url redis://127.0.0.1:6379/15]
(With --redis-url, use a scratch Redis database: results are cached under `flowgen:`.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakes.served_api import start_dev_server

BRIEF = (
    "Win back customers who haven't ordered in 90 days with 15% off using code COMEBACK15. "
    "Reply YES to claim; if no reply within 2 days, send a reminder."
)


@dataclass
class Run:
    path: str
    concurrency: int
    requests: int
    errors: int
    cached: int
    seconds: float
    throughput_rps: float
    median_ms: float
    p99_ms: float
    server_cpu_ms: float  # server CPU (all its processes, user + system) per request
    client_cpu_ms: float  # this load client's CPU per request
    client: str = "raw"


class RawConnection:
    """One kept-alive HTTP/1.1 connection: POSTs a JSON body, reads the answer by its Content-Length.

    Reconnects when the server closed the connection (`Connection: close`, which the server
    sends to spread connections over its workers, or a keep-alive timeout).
    """

    def __init__(self, url: str, key: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self._head = (
            f"Host: {self.host}:{self.port}\r\nAuthorization: Bearer {key}\r\n"
            "Content-Type: application/json\r\n"
        )
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        return self._reader, self._writer

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        request = f"POST {path} HTTP/1.1\r\n{self._head}Content-Length: {len(body)}\r\n\r\n".encode() + body
        for attempt in (1, 2):
            fresh = self._writer is None
            reader, writer = (self._reader, self._writer) if not fresh else await self._connect()
            assert reader is not None and writer is not None
            writer.write(request)
            status_line = await reader.readline()
            if not status_line:  # the server had closed this kept-alive connection: reconnect once
                self.close()
                if fresh or attempt == 2:
                    raise ConnectionError("the server closed the connection without answering")
                continue
            status = int(status_line.split(b" ", 2)[1])
            length, close = 0, False
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"connection" and value.strip().lower() == b"close":
                    close = True
                elif name == b"transfer-encoding":
                    raise ValueError("chunked responses are not supported by the raw client")
            payload = await reader.readexactly(length)
            if close:
                self.close()
            return status, payload
        raise ConnectionError("unreachable")


Post = Callable[[str], Awaitable[tuple[int, bytes]]]


_TICKS_PER_S = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _process_tree(root: int) -> list[int]:
    """`root` and its descendants (uvicorn's workers are children of its supervisor)."""
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        try:
            tasks = Path(f"/proc/{pid}/task").iterdir()
            for task in tasks:
                queue.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def server_cpu_s(root: int) -> float:
    """User + system CPU seconds used so far by `root`'s process tree (0.0 where /proc is absent)."""
    total = 0
    for pid in _process_tree(root):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICKS_PER_S


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def start_server(
    workdir: Path, *, database_url: str | None = None, redis_url: str | None = None
) -> tuple[subprocess.Popen[str], str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "XDG_DATA_HOME": str(workdir),
        "FLOWGEN_GENERATOR": "offline",
        "RATE_LIMIT_PER_MINUTE": "0",
        "LOG_LEVEL": "WARNING",
        "OPENAI_API_KEY": "",
        "REDIS_URL": redis_url or "",
    }
    # uvicorn announces its address at INFO
    process, url, key = start_dev_server({**env, "LOG_LEVEL": "INFO"}, workdir, timeout_s=60)
    if not (key and url):
        process.terminate()
        raise RuntimeError("the server did not start")
    _drain(process)  # a full pipe would block the server
    return process, url, key


def start_workers(
    workdir: Path,
    workers: int,
    *,
    database_url: str | None = None,
    redis_url: str | None = None,
    stored_key: bool = False,
) -> tuple[subprocess.Popen[str], str, str]:
    import secrets
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    key = "bench_" + secrets.token_urlsafe(24)
    env = {
        **os.environ,
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "XDG_DATA_HOME": str(workdir),
        "FLOWGEN_GENERATOR": "offline",
        "RATE_LIMIT_PER_MINUTE": "0",
        "LOG_LEVEL": "WARNING",
        "OPENAI_API_KEY": "",
        "REDIS_URL": redis_url or "",
        "FLOWGEN_API_KEYS": "" if stored_key else key,
    }
    flowgen = str(Path(sys.executable).with_name("flowgen"))
    subprocess.run([flowgen, "db", "upgrade"], env=env, check=True, capture_output=True)
    if stored_key:
        created = subprocess.run(
            [flowgen, "apikey", "create", "bench", "--tenant", "bench"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        key = created.stdout.strip()
    uvicorn = str(Path(sys.executable).with_name("uvicorn"))
    command = [
        uvicorn,
        "flowgen_apps.web:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(
        [*command, "--workers", str(workers), "--no-access-log"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    _drain(process)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return process, url, key
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the workers did not start")


def _drain(process: subprocess.Popen[str]) -> None:
    import threading

    def read() -> None:
        assert process.stdout is not None
        for _ in process.stdout:
            pass

    threading.Thread(target=read, daemon=True).start()


async def _load(
    url: str,
    key: str,
    *,
    path: str,
    concurrency: int,
    requests: int,
    server_pid: int,
    warmup: int = 0,
    client: str = "raw",
) -> Run:
    latencies: list[float] = []
    errors = cached = 0
    counter = iter(range(requests))
    endpoint = "/api/v1/generateFlow"
    closers: list[Callable[[], Awaitable[None] | None]] = []
    posters: list[Post] = []
    if client == "raw":
        for _ in range(concurrency):
            connection = RawConnection(url, key)
            posters.append(_raw_poster(connection, endpoint))
            closers.append(connection.close)
    else:
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        http = httpx.AsyncClient(
            base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=120, limits=limits
        )

        async def httpx_post(brief: str) -> tuple[int, bytes]:
            response = await http.post(endpoint, json={"campaignDescription": brief})
            return response.status_code, response.content

        posters = [httpx_post] * concurrency
        closers.append(http.aclose)

    async def worker(post: Post) -> None:
        nonlocal errors, cached
        for index in counter:
            brief = BRIEF if path == "hit" else f"{BRIEF} Campaign batch {index} at {time.time_ns()}."
            started = time.perf_counter()
            status, payload = await post(brief)
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors += 1
            elif json.loads(payload)["metadata"]["cached"]:
                cached += 1

    try:
        if path == "hit":  # warm the cache once
            await posters[0](BRIEF)
        # Not counted: each worker's first requests compile patterns and validators on first use.
        warm = iter(range(warmup))

        async def warm_worker(post: Post) -> None:
            for index in warm:
                await post(f"{BRIEF} Warm-up {index} at {time.time_ns()}.")

        await asyncio.gather(*(warm_worker(post) for post in posters))
        server_before, client_before = server_cpu_s(server_pid), time.process_time()
        started = time.perf_counter()
        await asyncio.gather(*(worker(post) for post in posters))
        seconds = time.perf_counter() - started
        server_used, client_used = (
            server_cpu_s(server_pid) - server_before,
            time.process_time() - client_before,
        )
    finally:
        for close in closers:
            closing = close()
            if closing is not None:
                await closing
    return Run(
        path=path,
        concurrency=concurrency,
        requests=requests,
        errors=errors,
        cached=cached,
        seconds=round(seconds, 2),
        throughput_rps=round(requests / seconds, 1),
        median_ms=round(statistics.median(latencies), 1),
        p99_ms=round(_percentile(latencies, 0.99), 1),
        server_cpu_ms=round(server_used * 1000 / requests, 2),
        client_cpu_ms=round(client_used * 1000 / requests, 2),
        client=client,
    )


def _raw_poster(connection: RawConnection, endpoint: str) -> Post:
    async def post(brief: str) -> tuple[int, bytes]:
        return await connection.post(endpoint, json.dumps({"campaignDescription": brief}).encode())

    return post


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200, help="requests per run (default 200)")
    parser.add_argument("--concurrency", default="1,10,50", help="comma-separated client counts")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--warmup",
        type=int,
        default=0,
        help="uncounted requests with distinct briefs before each run (default 0)",
    )
    parser.add_argument("--paths", default="miss,hit", help="which paths to run: miss, hit or both (default)")
    parser.add_argument(
        "--database-url", help="a scratch database (e.g. PostgreSQL); default: a fresh SQLite file"
    )
    parser.add_argument("--redis-url", help="use Redis for the cache and rate limits (default: in-process)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
    parser.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="load client: raw keep-alive HTTP/1.1 on asyncio streams (default) or httpx",
    )
    parser.add_argument(
        "--stored-key",
        action="store_true",
        help="with --workers: authenticate with a database key instead of an environment key",
    )
    args = parser.parse_args(argv)
    levels = [int(level) for level in args.concurrency.split(",")]

    with tempfile.TemporaryDirectory(prefix="flowgen-bench-") as workdir:
        if args.workers > 1:
            process, url, key = start_workers(
                Path(workdir),
                args.workers,
                database_url=args.database_url,
                redis_url=args.redis_url,
                stored_key=args.stored_key,
            )
        else:
            process, url, key = start_server(
                Path(workdir), database_url=args.database_url, redis_url=args.redis_url
            )
        try:
            runs = [
                asyncio.run(
                    _load(
                        url,
                        key,
                        path=path,
                        concurrency=level,
                        requests=args.requests,
                        server_pid=process.pid,
                        warmup=args.warmup,
                        client=args.client,
                    )
                )
                for path in args.paths.split(",")
                for level in levels
            ]
        finally:
            process.terminate()
            process.wait(timeout=10)

    if args.json:
        print(json.dumps([asdict(run) for run in runs], indent=2))
        return 0
    print(
        f"offline generateFlow over HTTP, {args.requests} requests per run "
        f"({'PostgreSQL' if args.database_url else 'SQLite'}, {'Redis' if args.redis_url else 'memory'} cache, "
        f"{args.workers} uvicorn worker{'s' if args.workers > 1 else ''}, {args.client} client"
        f"{', database API key' if args.stored_key and args.workers > 1 else ''})"
    )
    print(
        f"{'path':<6} {'clients':>7} {'req/s':>8} {'median ms':>10} {'p99 ms':>8} {'cached':>7} {'errors':>7}"
        f" {'server CPU ms/req':>18} {'client CPU ms/req':>18}"
    )
    for run in runs:
        print(
            f"{run.path:<6} {run.concurrency:>7} {run.throughput_rps:>8} {run.median_ms:>10} "
            f"{run.p99_ms:>8} {run.cached:>7} {run.errors:>7} {run.server_cpu_ms:>18} {run.client_cpu_ms:>18}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
