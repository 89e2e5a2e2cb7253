"""Median time to save and to load a 200-step flow version, on SQLite and PostgreSQL.

Usage: python benchmarks/store.py [--runs 50] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]

PostgreSQL runs in a fresh database created for the run and dropped afterwards.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from flowgen_core.context import RequestContext
from flowgen_core.service.store import FlowStore, normalize_database_url


def build_flow(steps: int = 200) -> dict[str, Any]:
    """A FlowBuilder-shaped flow: a chain of messages with a reply branch every tenth step."""
    flow_steps: list[dict[str, Any]] = []
    for index in range(steps):
        step: dict[str, Any] = {
            "id": f"step_{index:03d}",
            "type": "message" if index % 10 else "condition",
            "label": f"Step {index}",
            "text": f"Hi {{{{first_name}}}}, offer #{index}: 10% off with code SAVE{index}. Reply STOP to opt out.",
            "next": f"step_{index + 1:03d}" if index + 1 < steps else None,
            "metadata": {"position": {"x": index * 40, "y": (index % 7) * 90}, "tags": ["bench", str(index)]},
        }
        if step["type"] == "condition":
            step["branches"] = [
                {"when": {"reply": "YES"}, "next": f"step_{min(index + 2, steps - 1):03d}"},
                {"when": {"reply": "NO"}, "next": f"step_{min(index + 3, steps - 1):03d}"},
            ]
        flow_steps.append(step)
    return {
        "name": "Benchmark flow",
        "description": "200 steps",
        "initialStepID": "step_000",
        "steps": flow_steps,
    }


def measure(url: str, runs: int, outbox: Path) -> tuple[float, float]:
    store = FlowStore(url, outbox_path=outbox)
    flow = build_flow()
    report = {"valid": True, "errors": [], "warnings": [{"code": "W1", "message": "x"}] * 5}
    context = RequestContext(source="cli", workspace_id="bench", user_id="bench")
    save_ms: list[float] = []
    load_ms: list[float] = []
    flow_id: str | None = None
    try:
        for _ in range(3):  # warm the pool and caches
            saved = store.save_version(
                context=context, flow=flow, report=report, brief="b", generator="offline"
            )
            store.get_version(saved.version_id)
        for _ in range(runs):
            started = time.perf_counter()
            saved = store.save_version(
                context=context, flow=flow, report=report, brief="bench", generator="offline", flow_id=flow_id
            )
            save_ms.append((time.perf_counter() - started) * 1000)
            assert saved.persisted, "benchmark database unavailable"
            flow_id = saved.flow_id
            started = time.perf_counter()
            loaded = store.get_version(saved.version_id)
            load_ms.append((time.perf_counter() - started) * 1000)
            assert loaded is not None and len(loaded.flow["steps"]) == 200
    finally:
        store.dispose()
    return statistics.median(save_ms), statistics.median(load_ms)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()

    results: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = measure(f"sqlite:///{tmp}/bench.sqlite3", args.runs, Path(tmp) / "o1.jsonl")

        admin_url = make_url(normalize_database_url(args.pg))
        database = "flowgen_bench_" + secrets.token_hex(4)
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{database}"'))
        except Exception as error:
            print(f"PostgreSQL unavailable ({type(error).__name__}); SQLite only", file=sys.stderr)
        else:
            try:
                bench_url = admin_url.set(database=database).render_as_string(hide_password=False)
                results["postgresql"] = measure(bench_url, args.runs, Path(tmp) / "o2.jsonl")
            finally:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()

    print(f"200-step flow version, median of {args.runs} runs")
    print(f"{'backend':<12} {'save ms':>9} {'load ms':>9}")
    for backend, (save, load) in results.items():
        print(f"{backend:<12} {save:>9.2f} {load:>9.2f}")
    if "postgresql" in results:
        (sq_save, sq_load), (pg_save, pg_load) = results["sqlite"], results["postgresql"]
        print(f"PG/SQLite ratio: save {pg_save / sq_save:.2f}x, load {pg_load / sq_load:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
