"""Speed of the advisor, measured side by side in one run (not a test; run by hand):

    python benchmarks/bench_advise.py [--runs 15]

1. cold start: `igs-kg advise --format json` on a small situation, as a whole process, against
   `python -c "import rdflib"` (target: at most 2x);
2. warm advice in-process: the median of repeated `advise()` calls (target: <= 10 ms),
   checked to give the same JSON as the command line.

The compiled rule cache (~/.cache/igs-kg) is warmed once first, as after any first use.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_ms, percentile_ms, warm_times  # noqa: E402

SITUATION = ROOT / "examples" / "situations" / "drie-colleges-ict-hr.yaml"


def wall(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    advise_cmd = [sys.executable, "-m", "igs_kg.cli", "advise", str(SITUATION), "--format", "json"]
    # The first run warms the rule cache and writes the bytecode (.pyc) as an installed package has
    # it (pip compiles rdflib's at install; PYTHONDONTWRITEBYTECODE, set on some machines, would
    # make every cold run compile igs_kg's sources again and compare unlike with like).
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cli_json = subprocess.run(advise_cmd, check=True, capture_output=True, text=True, cwd=ROOT, env=env).stdout

    rdflib_t = wall([sys.executable, "-c", "import rdflib"], args.runs)
    advise_t = wall(advise_cmd, args.runs)
    r, a = statistics.median(rdflib_t), statistics.median(advise_t)
    print(f"cold: python -c 'import rdflib'   median {r * 1000:7.1f} ms")
    print(f"cold: igs-kg advise --format json median {a * 1000:7.1f} ms  ratio {a / r:4.2f}x (target <= 1.5x)")

    sys.path.insert(0, str(ROOT))
    from igs_kg import advice, inputs

    situation = inputs.read_file(str(SITUATION))
    first = advice.advise(situation)
    assert json.dumps(first, ensure_ascii=False, indent=2) == cli_json.rstrip("\n"), "in-process differs from CLI"
    warm = warm_times(lambda: advice.advise(situation), max(500, args.runs * 4))
    print(f"warm: advise() in-process         median {median_ms(warm):7.2f} ms  "
          f"p90 {percentile_ms(warm, 0.9):6.2f} ms  p99 {percentile_ms(warm, 0.99):6.2f} ms "
          "(target median <= 10 ms, p99 <= 25 ms)")


if __name__ == "__main__":
    main()
