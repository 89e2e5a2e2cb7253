"""CLI start-up: whole-process wall time of `flowgen validate` and `flowgen generate`.

Each command runs as a fresh process (as a user runs it) several times; the figure is the
median, next to `python -c "import json"` — the floor any Python CLI pays — and the ratio;
the CPU time (user + system) of the same runs is printed beside it, because on a busy
machine wall time mostly measures the wait for a core.
`generate` uses the offline generator and a throw-away history database.
PYTHONDONTWRITEBYTECODE is dropped from the children's environment, so the warm-up round leaves
the checkout's bytecode cached as an installed package has it; with it set, every run compiled
the project's modules from source, which was most of the difference measured. The warm-up
round likewise leaves `generate`'s compiled regular expressions (flowgen_core/regex_cache.py)
in the throw-away cache directory, as any run after a user's first finds them.

With `--baseline DIR` (a checkout of an earlier commit, e.g. `git archive REV | tar -x -C DIR`)
each command also runs from DIR (on PYTHONPATH, so it shadows this checkout), alternating run
by run with this checkout: on a shared machine both sides then see the same load.

With --baseline both sides start through `python -c` calling the tree's entry point (`run`, or
`main` in a tree from before it), since the installed script imports `run`.

Usage: python benchmarks/cli_startup.py [--runs 7] [--json] [--baseline DIR]
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FLOW = ROOT / "tests" / "fixtures" / "valid" / "reminder-loop.json"
BRIEF = "Win back customers who haven't ordered in 90 days with 15% off, reply YES to claim"


# The console script's entry point whichever tree is imported: `run` since the plain command
# lines skip click, `main` (the click group) before; used on both sides with --baseline, since
# the installed script imports `run`, which an earlier tree on PYTHONPATH may not have.
_ENTRY = "import sys, flowgen_apps.cli as c; sys.argv[0] = 'flowgen'; sys.exit((getattr(c, 'run', None) or c.main)())"


def _flowgen(*, either_tree: bool = False) -> list[str]:
    script = Path(sys.executable).with_name("flowgen")
    if script.exists() and not either_tree:
        return [str(script)]
    return [sys.executable, "-c", _ENTRY]


def _times_s(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of `command`."""
    started = time.perf_counter()
    # Run outside the checkout: `python -c` puts the working directory first on sys.path, where
    # it would shadow the --baseline tree on PYTHONPATH (both sides then ran this checkout).
    child = subprocess.Popen(
        command,
        env=env,
        cwd=env["XDG_DATA_HOME"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, _status, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped by wait4 above
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def _medians_s(command: list[str], envs: list[dict[str, str]], runs: int) -> list[tuple[float, float]]:
    """Median (wall, CPU) time per environment, the environments taking turns run by run."""
    timings: list[list[tuple[float, float]]] = [[] for _ in envs]
    for _ in range(runs + 1):  # the first round warms the OS file cache and is dropped
        for index, env in enumerate(envs):
            timings[index].append(_times_s(command, env))
    return [
        (statistics.median(t[0] for t in values[1:]), statistics.median(t[1] for t in values[1:]))
        for values in timings
    ]


def _print_table(results: dict[str, tuple[float, float]], title: str) -> None:
    floor_wall, floor_cpu = results['python -c "import json"']
    print(title)
    print(f"{'command':<28} {'wall':>9} {'ratio':>7} {'cpu':>9} {'ratio':>7}")
    for name, (wall, cpu) in results.items():
        print(
            f"{name:<28} {wall * 1000:>6.0f} ms {wall / floor_wall:>6.1f}x {cpu * 1000:>6.0f} ms {cpu / floor_cpu:>6.1f}x"
        )


def _ms(times: tuple[float, float]) -> dict[str, float]:
    return {"wall_ms": round(times[0] * 1000, 1), "cpu_ms": round(times[1] * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--baseline", type=Path, help="an earlier checkout to compare with, run by run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "XDG_DATA_HOME": scratch,
            "XDG_CACHE_HOME": scratch,  # generate's compiled patterns, left by the warm-up round
            "DATABASE_URL": f"sqlite:///{Path(scratch) / 'history.sqlite3'}",
            "FLOWGEN_GENERATOR": "offline",
            "OPENAI_API_KEY": "",
            "REDIS_URL": "",
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        flowgen = _flowgen(either_tree=args.baseline is not None)
        commands = {
            'python -c "import json"': [sys.executable, "-c", "import json"],
            "flowgen validate FILE": [*flowgen, "validate", str(FLOW)],
            "flowgen generate BRIEF": [*flowgen, "generate", "--generator", "offline", BRIEF],
        }
        envs = [env]
        if args.baseline is not None:
            # its own history database: the two sides must not share (or migrate) one file
            baseline_db = f"sqlite:///{Path(scratch) / 'baseline.sqlite3'}"
            envs.append({**env, "PYTHONPATH": str(args.baseline.resolve()), "DATABASE_URL": baseline_db})
        medians = {name: _medians_s(command, envs, args.runs) for name, command in commands.items()}
    results = {name: values[0] for name, values in medians.items()}
    baseline = {name: values[1] for name, values in medians.items()} if args.baseline else None
    if args.json:
        out: dict[str, Any] = {name: _ms(value) for name, value in results.items()}
        if baseline is not None:
            out = {"after": out, "before": {name: _ms(value) for name, value in baseline.items()}}
        print(json.dumps(out))
        return
    if baseline is not None:
        _print_table(baseline, f"baseline ({args.baseline})")
    _print_table(results, "this checkout")


if __name__ == "__main__":
    main()
