"""The pre-parse JSON depth scan on hostile input: the old regex against the linear scan.

The adversarial body is `{"a":"` followed by n copies of `\\"` and never closed: the old
string-stripping regex backtracks over it quadratically (it tries every quote as the start
of a string that runs to the end); the new scan removes escape pairs and splits on quotes,
one pass each. Prints the median time per size for both (the old one only up to
`--old-max`, since it takes hours at the 1 MB body limit).

    python benchmarks/json_scan.py [--runs 5] [--sizes 1000 4000 16000 64000 1000000] [--old-max 16000]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from array import array
from collections.abc import Callable
from itertools import accumulate

from flowgen_core.io import max_nesting_depth

# The scan flowgen used before: kept here only to measure against.
_OLD_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_STEP = bytes.maketrans(b"[]{}", b"\x01\xff\x01\xff")


def old_max_nesting_depth(data: bytes) -> int:
    brackets = _OLD_JSON_STRING.sub(b"", data).translate(None, _NOT_A_BRACKET).translate(_BRACKET_STEP)
    return max(accumulate(array("b", brackets)), default=0)


def adversarial(n: int) -> bytes:
    return b'{"a":"' + b'\\"' * n


def median_s(scan: Callable[[bytes], int], data: bytes, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        scan(data)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000, 16000, 64000, 500_000]
    )
    parser.add_argument("--old-max", type=int, default=16000, help="largest n to run the old regex on")
    args = parser.parse_args()
    print(f"{'n':>9} {'bytes':>9} {'old median':>12} {'new median':>12}")
    for n in args.sizes:
        data = adversarial(n)
        new = median_s(max_nesting_depth, data, args.runs)
        old = median_s(old_max_nesting_depth, data, max(1, args.runs // 2)) if n <= args.old_max else None
        old_text = f"{old * 1000:10.1f}ms" if old is not None else f"{'(skipped)':>12}"
        print(f"{n:>9} {len(data):>9} {old_text} {new * 1000:10.2f}ms")


if __name__ == "__main__":
    main()
