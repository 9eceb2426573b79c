"""Advice for an action on an existing regeling, side by side with founding advice (not a test):

    python benchmarks/bench_actions.py [--runs 60]

Warm, in-process, YAML text in and advice JSON out, the same three municipalities and openbaar
lichaam on 2025-03-01: founding, and each action (amend, join, leave, dissolve).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import median_ms, percentile_ms, warm_times  # noqa: E402

REGELING = ("regeling: {legal_form: OpenbaarLichaam, participants: [Aalsmeer, Amstelveen, Uithoorn], "
            "provisions: [wijziging, opheffing, toetreding, uittreding_voorwaarden, uittreding_gevolgen, vereffening]}\n")
CASES = {
    "found": "participants: [Aalsmeer, Amstelveen, Uithoorn]\nlegal_form: OpenbaarLichaam\n",
    "amend": "action: amend\n" + REGELING,
    "join": "action: join\njoining: [Ouder-Amstel]\n" + REGELING,
    "leave": "action: leave\nleaving: [Uithoorn]\n" + REGELING,
    "dissolve": "action: dissolve\n" + REGELING,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    from igs_kg import advice, inputs

    for name, body in CASES.items():
        text = "date: 2025-03-01\nbodies: [college]\n" + body
        times = warm_times(lambda: advice.advise(inputs.parse_text(text, "bench", "yaml")), args.runs)
        print(f"{name:9s} warm advice median {median_ms(times):6.1f} ms, p99 {percentile_ms(times, 0.99):6.1f} ms")


if __name__ == "__main__":
    main()
