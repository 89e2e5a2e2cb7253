"""CLI start-up: whole-process wall time of `flowgen validate` and `flowgen generate`.

Each command runs as a fresh process (as a user runs it) several times; the figure is the
median, next to `python -c "import json"` — the floor any Python CLI pays — and the ratio.
`generate` uses the offline generator and a throw-away history database.

Usage: python benchmarks/cli_startup.py [--runs 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOW = ROOT / "tests" / "fixtures" / "valid" / "reminder-loop.json"
BRIEF = "Win back customers who haven't ordered in 90 days with 15% off, reply YES to claim"


def _flowgen() -> list[str]:
    script = Path(sys.executable).with_name("flowgen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "flowgen_apps.cli"]


def _median_s(command: list[str], env: dict[str, str], runs: int) -> float:
    timings = []
    for _ in range(runs + 1):  # the first run warms the OS file cache and is dropped
        started = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "XDG_DATA_HOME": scratch,
            "DATABASE_URL": f"sqlite:///{Path(scratch) / 'history.sqlite3'}",
            "FLOWGEN_GENERATOR": "offline",
            "OPENAI_API_KEY": "",
            "REDIS_URL": "",
        }
        commands = {
            'python -c "import json"': [sys.executable, "-c", "import json"],
            "flowgen validate FILE": [*_flowgen(), "validate", str(FLOW)],
            "flowgen generate BRIEF": [*_flowgen(), "generate", "--generator", "offline", BRIEF],
        }
        results = {name: _median_s(command, env, args.runs) for name, command in commands.items()}
    floor = results['python -c "import json"']
    if args.json:
        print(json.dumps({name: round(value * 1000, 1) for name, value in results.items()}))
        return
    print(f"{'command':<28} {'median':>9} {'ratio':>7}")
    for name, value in results.items():
        print(f"{name:<28} {value * 1000:>7.0f} ms {value / floor:>6.1f}x")


if __name__ == "__main__":
    main()
