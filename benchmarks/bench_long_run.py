"""Advice in a long-lived process (issue #12, target 1), side by side in one run (not a test):

    python benchmarks/bench_long_run.py [--advices 10000] [--baseline 2000]

Gives N advices in one process over every situation and valid example in turn and prints the
median of the first and the last 1,000 and the resident memory, first with the store compacted
as shipped (KnowledgeGraph.COMPACT_RATIO), then, as the comparison, with compaction switched off
(pyoxigraph's store as it is, which keeps every removed quad) for --baseline advices. Targets: the
last 1,000 at most 1.1x the first 1,000, memory flat within 50 MiB.

Every 500th advice is checked against the first advice of the same input: a rebuilt store must
give identical answers.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def inputs_to_run():
    from igs_kg import inputs

    files = sorted((ROOT / "examples" / "situations").glob("*.yaml")) + sorted((ROOT / "examples" / "valid").glob("*.yaml"))
    return [(f.name, inputs.read_file(str(f))) for f in files]


def run(n: int, ratio: float, situations, label: str) -> dict:
    from igs_kg import advice, store

    kg = store.load()
    kg.COMPACT_RATIO = ratio
    expected = {name: json.dumps(advice.advise(s), sort_keys=True) for name, s in situations}
    times: list[float] = []
    rss_start = rss_mib()
    compactions = kg.compactions
    for i in range(n):
        name, s = situations[i % len(situations)]
        t = time.perf_counter()
        result = advice.advise(s)
        times.append(time.perf_counter() - t)
        if i % 500 == 0:
            assert json.dumps(result, sort_keys=True) == expected[name], f"advice {i} ({name}) differs"
    window = min(1000, n // 2)
    first, last = statistics.median(times[:window]) * 1000, statistics.median(times[-window:]) * 1000
    out = {"label": label, "advices": n, "first_median_ms": round(first, 2), "last_median_ms": round(last, 2),
           "ratio": round(last / first, 2), "rss_start_mib": round(rss_start), "rss_end_mib": round(rss_mib()),
           "compactions": kg.compactions - compactions, "window": window}
    print(f"{label:>26}: {n:6} advices, median first {window} {first:6.2f} ms, last {window} {last:6.2f} ms "
          f"(x{last / first:4.2f}, target <= 1.10); RSS {rss_start:.0f} -> {rss_mib():.0f} MiB; "
          f"{out['compactions']} rebuilds", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--advices", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=2_000, help="advices without compaction (0: skip)")
    args = parser.parse_args()
    from igs_kg import store

    situations = inputs_to_run()
    shipped = store.KnowledgeGraph.COMPACT_RATIO
    run(args.advices, shipped, situations, f"compacted (ratio {shipped})")
    if args.baseline:
        store._load.cache_clear()  # a fresh store, as a new process would have
        run(args.baseline, math.inf, situations, "never compacted")


if __name__ == "__main__":
    main()
