"""Does resolving participants slow advice down? (not a test; run by hand)

    python benchmarks/bench_participants.py [--runs 60]

Warm advice (read the YAML text, resolve every participant as of its date, reason, build the JSON)
with 2, 20 and 60 participants (the largest real regelingen have about 60), side by side with the
old-style input of GM codes only, which skips name look-ups; and the cost of one name look-up in the
register (a dictionary look-up, no SPARQL query per name).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import median_ms, percentile_ms, warm_times  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    from igs_kg import advice, inputs, register

    reg = register.load()
    day = dt.date(2024, 1, 1)
    living = sorted((b for b in reg.bodies.values() if b.kind == "gemeente" and b.exists_on(day)), key=lambda b: b.iri)
    print(f"register: {len(reg.bodies)} bodies, {len(reg.names)} names")
    t = time.perf_counter()
    n = 0
    for b in living:
        reg.resolve(b.label, day)
        n += 1
    print(f"one name look-up: {(time.perf_counter() - t) / n * 1e6:.1f} µs (mean over {n} names)")
    for size in (2, 20, 60):
        bodies = living[:: max(1, len(living) // size)][:size]
        by_name = "participants: [" + ", ".join(f'"{b.label}"' for b in bodies) + "]"
        by_code = "participants: [" + ", ".join(b.code.upper() for b in bodies) + "]"
        rows = []
        for label, participants in (("names", by_name), ("GM codes", by_code)):
            text = f"date: 2024-01-01\n{participants}\nbodies: [college]\ntasks: [bedrijfsvoering]\n"
            times = warm_times(lambda: advice.advise(inputs.parse_text(text, "bench", "yaml")), args.runs)
            rows.append((label, median_ms(times), percentile_ms(times, 0.99)))
        for label, med, p99 in rows:
            print(f"{size:3d} participants by {label:8s}: warm advice median {med:6.1f} ms, p99 {p99:6.1f} ms")


if __name__ == "__main__":
    main()
