"""CPU cost of reading a brief: the non-brief check, `extract_brief` and the unread clauses.

    python benchmarks/brief_read.py [--runs N] [--once] [--profile]

Reads a fixed list of texts (the evaluation and tuning briefs in `tests/fixtures/briefs-*.jsonl`
and the refinement instructions of `tests/fixtures/refine_phrasings.jsonl`), each once to warm
the process's caches, then `--runs` rounds that each read every text in turn, and prints the median over texts of each text's
median CPU time (`time.process_time`, so waiting for the CPU on a busy machine is not counted).
A read is what a generation does with its brief before planning: `not_a_brief_reason`,
`extract_brief` (the facts and their source words) and `not_understood`.

`--once` reads every text once after the warm-up and prints nothing: run it under
`valgrind --tool=callgrind` (once with `--once`, once with `--once --warm-only`) and divide the
difference of the two instruction counts by the number of texts; instruction counts do not
move with the machine's load. `--profile` prints the cProfile of the timed reads instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this tree's fixtures, whichever reader runs

from flowgen_core.brief import extract_brief, not_a_brief_reason, not_understood
from tests.shared_data import fixture_texts

TODAY = date(2026, 11, 2)  # relative dates resolve against one fixed day


def brief_texts() -> list[str]:
    """The fixed texts: every fixture brief, then every refinement instruction."""
    return fixture_texts()


def read(text: str) -> None:
    not_a_brief_reason(text)
    extract_brief(text, TODAY)
    not_understood(text)


def _cpu_ms(texts: list[str], runs: int) -> list[float]:
    """Each text's median CPU ms; every run reads all texts in turn, as a server meets them."""
    timings: list[list[float]] = [[] for _ in texts]
    for _ in range(runs):
        for i, text in enumerate(texts):
            started = time.process_time()
            read(text)
            timings[i].append((time.process_time() - started) * 1000)
    return [statistics.median(t) for t in timings]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--once", action="store_true", help="read each text once, print nothing")
    parser.add_argument("--warm-only", action="store_true", help="with --once: only the warm-up")
    parser.add_argument("--profile", action="store_true", help="print the cProfile of the reads")
    args = parser.parse_args()
    texts = brief_texts()
    for text in texts:  # warm-up: vocabularies, compiled patterns, dateparser's locales
        read(text)
    if args.once:
        if not args.warm_only:
            for text in texts:
                read(text)
        return
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            for text in texts:
                read(text)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(40)
        return
    per_text = _cpu_ms(texts, args.runs)
    print(f"texts: {len(texts)}, runs each: {args.runs}")
    print(f"median CPU per read: {statistics.median(per_text):.3f} ms")
    print(f"mean CPU per read:   {statistics.fmean(per_text):.3f} ms")
    print(f"slowest text:        {max(per_text):.3f} ms")


if __name__ == "__main__":
    main()
