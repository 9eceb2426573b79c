"""Validation at scale (issue #12, targets 3 and 6), side by side in one run (not a test):

    python benchmarks/bench_validate_scale.py [--sizes 100,1000,10000] [--pyshacl 100] [--no-jena]

For each size N, N proposal files (the valid and invalid examples in turn) are written to a
temporary folder and validated end to end, files in and JSON out, as a user would:
`igs-kg validate FOLDER --format jsonl`, with its wall time and peak resident memory. Beside it,
on the same shapes and the same data (the knowledge plus the same proposals as N-Triples, under
the same IRIs), Apache Jena's SHACL command line (tools/jena-shacl), and the result sets
compared: (focus node, shape, severity) must be identical. Plain pySHACL runs on the smallest
size only (it takes minutes on a thousand).

Targets: faster than Jena at 10,000 with identical results; at least 20x plain pySHACL; the time
per proposal at 10,000 at most 1.2x that at 100; peak memory at most 512 MiB.
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
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
JENA = ROOT / "tools" / "jena-shacl"
EXAMPLES = sorted((ROOT / "examples" / "valid").glob("*.yaml")) + sorted((ROOT / "examples" / "invalid").glob("*.yaml"))


def timed(cmd: list[str], stdout) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MiB) and exit code of one process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t, usage.ru_maxrss / 1024, proc.returncode


def write_files(folder: Path, n: int) -> list[Path]:
    files = []
    for i in range(n):
        src = EXAMPLES[i % len(EXAMPLES)]
        dst = folder / f"{i:05d}-{src.name}"
        shutil.copy(src, dst)
        files.append(dst)
    return files


def ours(folder: Path, out: Path) -> tuple[float, float, set[tuple[str, str, str]]]:
    with out.open("w") as f:
        seconds, rss, code = timed([sys.executable, "-m", "igs_kg.cli", "validate", str(folder), "--format", "jsonl"], f)
    assert code in (0, 1), f"igs-kg validate exited {code}"
    results = set()
    for line in out.read_text().splitlines():
        report = json.loads(line)
        for r in report.get("results", []):
            results.add((r["focus"], r["constraint"], r["severity"]))
    return seconds, rss, results


def jena(files: list[Path], folder: Path, tmp: Path) -> tuple[float, set[tuple[str, str, str]]]:
    import pyoxigraph as ox

    from igs_kg import inputs, store
    from igs_kg import validation as v

    # the same IRIs as `validate FOLDER` gives: situation/N/FILE, N counted from 1 in sorted order
    sits = [inputs.read_file(str(f), iri=f"https://w3id.org/igs-kg/situation/{i + 1}/{quote(str(f), safe='')}", strict=False)
            for i, f in enumerate(sorted(files))]
    data, shapes = tmp / "data.nt", tmp / "shapes.nt"
    ox.serialize(list(store.load().triples()) + [t for s in sits for t in s.triples], output=str(data),
                 format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(v.shapes_triples(), output=str(shapes), format=ox.RdfFormat.N_TRIPLES)
    report_file = tmp / "jena-report.ttl"
    with report_file.open("w") as f:
        seconds, _, code = timed([str(JENA), "--shapes", str(shapes), "--data", str(data)], f)
    assert code == 0, f"jena-shacl exited {code}"
    report = ox.Store()
    report.load(path=str(report_file), format=ox.RdfFormat.TURTLE)
    found = {(r["f"].value, r["s"].value.rsplit("#", 1)[-1], r["sev"].value.rsplit("#", 1)[1]) for r in report.query(
        """PREFIX sh: <http://www.w3.org/ns/shacl#>
           SELECT ?f ?s ?sev WHERE { ?r a sh:ValidationResult ; sh:focusNode ?f ; sh:sourceShape ?s ; sh:resultSeverity ?sev }""")}
    return seconds, found


def plain_pyshacl(files: list[Path]) -> float:
    from igs_kg import inputs
    from igs_kg import validation as v

    sits = [inputs.read_file(str(f), iri=f"https://w3id.org/igs-kg/situation/p/{i}", strict=False) for i, f in enumerate(files)]
    t = time.perf_counter()
    v.run_pyshacl(sits)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--pyshacl", type=int, default=100, help="proposals for plain pySHACL (0: skip)")
    parser.add_argument("--no-jena", action="store_true")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    per: dict[int, float] = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmpdir:
            tmp = Path(tmpdir)
            folder = tmp / "proposals"
            folder.mkdir()
            files = write_files(folder, n)
            seconds, rss, mine = ours(folder, tmp / "out.jsonl")
            per[n] = seconds / n
            line = f"{n:6} proposals: igs-kg validate {seconds:7.2f} s ({seconds / n * 1000:6.2f} ms each), peak {rss:5.0f} MiB"
            if not args.no_jena and JENA.exists():
                j_seconds, theirs = jena(files, folder, tmp)
                line += f"; Jena SHACL CLI {j_seconds:7.2f} s ({j_seconds / seconds:4.1f}x ours); identical: {mine == theirs}"
                if mine != theirs:
                    line += f" (ours only {len(mine - theirs)}, Jena only {len(theirs - mine)})"
            print(line, flush=True)
            if n == sizes[0] and args.pyshacl:
                ref = plain_pyshacl(files[:args.pyshacl])
                k = min(n, args.pyshacl)
                print(f"{k:6} proposals: plain pySHACL {ref:7.2f} s ({ref / k * 1000:7.1f} ms each; "
                      f"{ref / k / (seconds / n):.0f}x igs-kg end to end)", flush=True)
    if len(sizes) > 1:
        print(f"time per proposal at {sizes[-1]} / at {sizes[0]}: {per[sizes[-1]] / per[sizes[0]]:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
