"""Start `flowgen serve --dev-key` in its own process and read the address and key it announces."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

_DEV_KEY = re.compile(r"Development API key \(.*\): (\S+)")
_ADDRESS = re.compile(r"(http://127\.0\.0\.1:\d+)")


def flowgen_command() -> list[str]:
    """The installed `flowgen` script beside this interpreter, else `python -m flowgen_apps.cli`."""
    script = Path(sys.executable).with_name("flowgen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "flowgen_apps.cli"]


def start_dev_server(
    env: dict[str, str], cwd: Path, *, timeout_s: float = 30
) -> tuple[subprocess.Popen[str], str | None, str | None]:
    """Serve on an ephemeral loopback port; return the process, its URL and its dev key.

    URL and key are None when the server did not announce them within `timeout_s`; the
    caller owns the process either way. `env` needs LOG_LEVEL=INFO: uvicorn announces
    its address at INFO.
    """
    process = subprocess.Popen(
        [*flowgen_command(), "serve", "--host", "127.0.0.1", "--port", "0", "--dev-key"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=cwd,
    )
    assert process.stdout is not None
    key = url = None
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and not (key and url):
        line = process.stdout.readline()
        if not line:
            break
        if match := _DEV_KEY.search(line):
            key = match.group(1)
        if match := _ADDRESS.search(line):
            url = match.group(1)
    return process, url, key
