"""Golden check for the brief reader: the same texts, read on two revisions, must read the same.

    python benchmarks/brief_golden.py collect [--out FILE]      # gather the texts (once)
    python benchmarks/brief_golden.py dump OUT.jsonl            # this tree's readings
    python benchmarks/brief_golden.py compare [--base REV]      # base revision vs this tree

`collect` runs the unit tests that read briefs with a hook that records every text handed to
`extract_brief`, `read_instruction`, `not_a_brief_reason`, `not_understood` and
`split_clauses` (fixtures, literals, and the generated inputs of the property tests), adds
the fixture briefs and instructions, and writes them, sorted and de-duplicated, to
`benchmarks/data/brief_texts.jsonl`. `dump` reads every text with a fixed "today" and writes
one JSON line per text: the full `CampaignBrief` (facts, sources, cues, stated content: every
field, also those a brief's own dump leaves out),
`read_instruction`'s facts, the non-brief verdict, the framing and campaign evidence, the
unread clauses and the clauses with their kinds. `compare` checks out `--base` (default
`main`) in a temporary worktree, dumps both trees with this interpreter and prints the number
of texts whose readings differ (0 means no change of behaviour), showing the first few.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "data" / "brief_texts.jsonl"
TODAY = date(2026, 11, 2)
RECORDED = ("extract_brief", "read_instruction", "not_a_brief_reason", "not_understood", "split_clauses")


# --------------------------------------------------------------------------- collect


class _Recorder:
    """A pytest plugin: after collection, wraps the reader's entry points wherever imported."""

    def __init__(self) -> None:
        self.texts: set[str] = set()

    def pytest_collection_finish(self, session: Any) -> None:
        import flowgen_core.brief as brief

        originals = {id(getattr(brief, name)): getattr(brief, name) for name in RECORDED}
        wrappers = {key: self._wrap(fn) for key, fn in originals.items()}
        for module in list(sys.modules.values()):
            name = getattr(module, "__name__", "")
            if not name.startswith(("flowgen_core", "flowgen_apps", "tests")):
                continue
            for attr, value in list(vars(module).items()):
                if id(value) in wrappers and value is originals[id(value)]:
                    setattr(module, attr, wrappers[id(value)])

    def _wrap(self, fn: Any) -> Any:
        def recording(text: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(text, str):
                self.texts.add(text)
            return fn(text, *args, **kwargs)

        return recording


def _fixture_texts() -> set[str]:
    texts = set()
    for name, key in (
        ("briefs-public.jsonl", "brief"),
        ("briefs-extra.jsonl", "brief"),
        ("refine_phrasings.jsonl", "instruction"),
    ):
        for line in (ROOT / "tests" / "fixtures" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.add(json.loads(line)[key])
    return texts


def collect(out: Path) -> None:
    import pytest

    recorder = _Recorder()
    tests = sorted(
        str(path)
        for path in (ROOT / "tests" / "unit").glob("test_*.py")
        if any(name in path.read_text(encoding="utf-8") for name in (*RECORDED, "generate_flow", "refine"))
    )
    os.environ.setdefault("FLOWGEN_SKIP_SERVICES", "1")
    pytest.main(["-q", "-p", "no:randomly", "-m", "not services", "--no-header", *tests], plugins=[recorder])
    texts = sorted(recorder.texts | _fixture_texts())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(t) + "\n" for t in texts), encoding="utf-8")
    print(f"{len(texts)} texts -> {out}")


# --------------------------------------------------------------------------- dump


def _plain(value: Any) -> Any:
    """`value` as JSON data, every field of a model included: a brief's sources, cues and
    stated content are excluded from its dump, and they are readings too."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return {name: _plain(getattr(value, name)) for name in type(value).model_fields}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return repr(value)  # dates, enums: their repr says all of them


def _reading(text: str) -> dict[str, Any]:
    from flowgen_core.brief import extract_brief, not_a_brief_reason, not_understood, read_instruction
    from flowgen_core.brief.clauses import split_clauses
    from flowgen_core.brief.intent import campaign_evidence, framing

    def safely(fn: Any) -> Any:
        try:
            return fn()
        except Exception as exc:  # a reader that raises must raise the same way on both trees
            return f"raised {type(exc).__name__}: {exc}"

    evidence = safely(lambda: campaign_evidence(text))
    return {
        "text": text,
        "brief": safely(lambda: _plain(extract_brief(text, TODAY))),
        "instruction": safely(lambda: _plain(read_instruction(text, today=TODAY))),
        "not_a_brief": safely(lambda: not_a_brief_reason(text)),
        "framing": safely(lambda: framing(text)),
        "evidence": evidence
        if isinstance(evidence, str)
        else [sorted(evidence.categories), evidence.weight, evidence.strong],
        "not_understood": safely(lambda: not_understood(text)),
        "clauses": safely(lambda: _plain(split_clauses(text))),
    }


def dump(out: Path, corpus: Path) -> None:
    texts = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    with out.open("w", encoding="utf-8") as handle:
        for text in texts:
            handle.write(json.dumps(_reading(text), sort_keys=True) + "\n")


# --------------------------------------------------------------------------- compare


def _dump_tree(tree: Path, out: Path, corpus: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    code = (
        "import sys, flowgen_core; from pathlib import Path;"
        f"assert Path(flowgen_core.__file__).resolve().is_relative_to({str(tree.resolve())!r}), flowgen_core.__file__;"
        f"sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import brief_golden;"
        f"brief_golden.dump(Path({str(out)!r}), Path({str(corpus)!r}))"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tree)


def compare(base: str, corpus: Path, show: int) -> int:
    with tempfile.TemporaryDirectory(prefix="brief-golden-") as tmp:
        base_tree = Path(tmp) / "base"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base_tree), base], check=True
        )
        try:
            _dump_tree(base_tree, Path(tmp) / "base.jsonl", corpus)
            _dump_tree(ROOT, Path(tmp) / "head.jsonl", corpus)
            before = (Path(tmp) / "base.jsonl").read_text(encoding="utf-8").splitlines()
            after = (Path(tmp) / "head.jsonl").read_text(encoding="utf-8").splitlines()
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)], check=True
            )
    differ = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    for b, a in differ[:show]:
        old, new = json.loads(b), json.loads(a)
        keys = [k for k in old if old[k] != new[k]]
        print(f"DIFF {old['text'][:80]!r}: {keys}")
    print(f"texts: {len(before)}, readings that differ from {base}: {len(differ)}")
    return len(differ)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_collect = sub.add_parser("collect")
    p_collect.add_argument("--out", type=Path, default=CORPUS)
    p_dump = sub.add_parser("dump")
    p_dump.add_argument("out", type=Path)
    p_dump.add_argument("--corpus", type=Path, default=CORPUS)
    p_compare = sub.add_parser("compare")
    p_compare.add_argument("--base", default="main")
    p_compare.add_argument("--corpus", type=Path, default=CORPUS)
    p_compare.add_argument("--show", type=int, default=5)
    args = parser.parse_args()
    if args.command == "collect":
        collect(args.out)
    elif args.command == "dump":
        dump(args.out, args.corpus)
    else:
        sys.exit(1 if compare(args.base, args.corpus, args.show) else 0)


if __name__ == "__main__":
    main()
