"""Evaluation data the tests use: shipped in `tests/fixtures/`, so a fresh clone runs the suite.

Only the external evaluation script itself (`CHECK_FLOWS`) lives outside the repository, in
`../shared` beside it (or `FLOWGEN_SHARED_DIR`); the tests that cross-check against it skip when
it is absent.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PUBLIC_BRIEFS = FIXTURES / "briefs-public.jsonl"
EXTRA_BRIEFS = FIXTURES / "briefs-extra.jsonl"
UPSTREAM_DIR = FIXTURES / "upstream-llm-outputs"

SHARED = Path(os.environ.get("FLOWGEN_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared")
CHECK_FLOWS = SHARED / "eval" / "check_flows.py"


def fixture_texts() -> list[str]:
    """Every fixture brief, then every refinement instruction: the texts the brief-reading
    benchmark and the reader's equivalence tests read."""
    texts = []
    for name, key in (
        ("briefs-public.jsonl", "brief"),
        ("briefs-extra.jsonl", "brief"),
        ("refine_phrasings.jsonl", "instruction"),
    ):
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)[key])
    return texts
