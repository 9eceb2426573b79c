"""Speed of validation, measured side by side in one run (not a test; run by hand):

    python benchmarks/bench_validate.py [--batch 1000]

1. one proposal validated warm, in-process, with the fast path (target: median <= 10 ms);
2. a batch of proposals (the examples, repeated under distinct IRIs) validated by the fast path
   against plain `pyshacl.validate` on the same shapes and the same data (target: faster), and the
   two result sets compared (they must be identical).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from igs_kg import inputs  # noqa: E402
from igs_kg import validation as v  # noqa: E402

EXAMPLES = sorted((ROOT / "examples" / "valid").glob("*.yaml")) + sorted((ROOT / "examples" / "invalid").glob("*.yaml"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()

    one = inputs.read_file(str(ROOT / "examples" / "valid" / "bvo-werkorganisatie.yaml"))
    v.validate(one)  # warm: knowledge, shapes and compiled queries loaded
    times = []
    for _ in range(100):
        t = time.perf_counter()
        v.validate(one)
        times.append(time.perf_counter() - t)
    print(f"one proposal, fast path, warm:  median {statistics.median(times) * 1000:6.2f} ms (target <= 10 ms)")

    batch = [inputs.read_file(str(EXAMPLES[i % len(EXAMPLES)]), iri=f"https://w3id.org/igs-kg/situation/bench/{i}")
             for i in range(args.batch)]
    t = time.perf_counter()
    fast = v.run_fast(batch)
    t_fast = time.perf_counter() - t
    t = time.perf_counter()
    ref = v.run_pyshacl(batch)
    t_ref = time.perf_counter() - t
    print(f"{args.batch} proposals, fast path:       {t_fast:7.2f} s")
    print(f"{args.batch} proposals, pyshacl.validate: {t_ref:7.2f} s  ({t_ref / t_fast:.0f}x slower)")
    print(f"identical results: {fast == ref} ({len(fast)} results)")


if __name__ == "__main__":
    main()
