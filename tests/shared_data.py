"""Evaluation data the tests use: shipped in `tests/fixtures/`, so a fresh clone runs the suite.

Only the external evaluation script itself (`CHECK_FLOWS`) lives outside the repository, in
`../shared` beside it (or `FLOWGEN_SHARED_DIR`); the tests that cross-check against it skip when
it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PUBLIC_BRIEFS = FIXTURES / "briefs-public.jsonl"
EXTRA_BRIEFS = FIXTURES / "briefs-extra.jsonl"
UPSTREAM_DIR = FIXTURES / "upstream-llm-outputs"

SHARED = Path(os.environ.get("FLOWGEN_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared")
CHECK_FLOWS = SHARED / "eval" / "check_flows.py"
