"""Batch advice (issue #12, target 2), side by side in one run (not a test):

    python benchmarks/bench_batch.py [--files 2000] [--per-file 20]

N situation files (the example situations and valid proposals in turn) in a temporary folder:
`igs-kg advise FOLDER --format jsonl` on one process and on two (target: >= 500 situations per
second on 2 cores), against what a batch did before 0.2, one `igs-kg advise FILE --format json`
process per file (timed on --per-file files and scaled). The jsonl lines are checked against the
one-file outputs for those files.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "examples" / "situations").glob("*.yaml")) + sorted((ROOT / "examples" / "valid").glob("*.yaml"))


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {})})
    assert out.returncode == 0, out.stderr[-500:]
    return time.perf_counter() - t, out.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--per-file", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(args.files):
            src = SOURCES[i % len(SOURCES)]
            shutil.copy(src, folder / f"{i:05d}-{src.name}")
        cli = [sys.executable, "-m", "igs_kg.cli", "advise"]
        one_s, one_out = run(cli + [str(folder), "--format", "jsonl"], {"IGS_KG_PARALLEL_FROM": str(args.files + 1)})
        two_s, two_out = run(cli + [str(folder), "--format", "jsonl"], {"IGS_KG_PARALLEL_FROM": "2"})
        assert one_out == two_out, "one and two processes differ"
        lines = [json.loads(x) for x in one_out.splitlines()]
        files = sorted(folder.iterdir())[:args.per_file]
        t = time.perf_counter()
        for f, line in zip(files, lines):
            _, alone = run(cli + [str(f), "--format", "json"])
            assert json.loads(alone) == {k: v for k, v in line.items() if k != "file"}, f"{f.name} differs"
        per_process = (time.perf_counter() - t) / len(files)
    n = args.files
    print(f"{n} situations, one process:   {one_s:6.2f} s  {n / one_s:6.1f} situations/s")
    print(f"{n} situations, two processes: {two_s:6.2f} s  {n / two_s:6.1f} situations/s (target >= 500)")
    print(f"one process per file (before 0.2): {per_process * 1000:6.0f} ms each, {1 / per_process:5.1f} situations/s "
          f"({(n / two_s) * per_process:.0f}x slower than the batch)")


if __name__ == "__main__":
    main()
