"""Where the shared evaluation data lives: `../shared` beside the repository (as in CI)."""

from __future__ import annotations

import os
from pathlib import Path

SHARED = Path(os.environ.get("FLOWGEN_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared")
PUBLIC_BRIEFS = SHARED / "eval" / "briefs-public.jsonl"
CHECK_FLOWS = SHARED / "eval" / "check_flows.py"
UPSTREAM_DIR = SHARED / "fixtures" / "upstream-llm-outputs"
