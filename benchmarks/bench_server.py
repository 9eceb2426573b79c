"""Speed of the HTTP service, side by side in one run on loopback (not a test; run by hand):

    python benchmarks/bench_server.py [--seconds 10]

1. queries per second of a competency query through igs-kg's /sparql against the raw
   `oxigraph serve` holding the same data (target: at least as many), with 1 and 4 clients;
2. /advise median and 99th-percentile latency under 4 concurrent clients.
Every loop is bounded in time and stops by itself; all traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUERY = """PREFIX igs: <https://w3id.org/igs-kg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?form ?label WHERE { ?concept igs:realisedBy ?form . ?form rdfs:label ?label .
  FILTER(LANG(?label) = "nl") } ORDER BY ?form"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(url: str) -> None:
    for _ in range(300):
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(url)


def first_answer(cmd: list[str], url: str, query: str) -> tuple[float, subprocess.Popen]:
    """Seconds from starting a server to its first answer to `query` (polled every 10 ms)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    headers = {"Accept": "application/sparql-results+json", "Content-Type": "application/sparql-query"}
    while time.perf_counter() - t < 60:
        try:
            if httpx.post(url, content=query, headers=headers, timeout=5).status_code == 200:
                return time.perf_counter() - t, proc
        except httpx.HTTPError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"no answer from {url}")


def load(fn, clients: int, seconds: float) -> list[float]:
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.time() + seconds

    def worker() -> None:
        with httpx.Client(timeout=30) as c:
            while time.time() < stop_at:
                t = time.perf_counter()
                fn(c)
                with lock:
                    latencies.append(time.perf_counter() - t)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    igs_port, ox_port = free_port(), free_port()
    tmp = tempfile.mkdtemp()
    igs_url, ox_url = f"http://127.0.0.1:{igs_port}", f"http://127.0.0.1:{ox_port}"
    # from start to the first answer of a small SELECT (target: igs-kg within 1 s)
    igs_first, igs = first_answer([sys.executable, "-m", "igs_kg.cli", "serve", "--port", str(igs_port)],
                                  igs_url + "/sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    ox_first, oxi = first_answer([str(Path(sys.executable).with_name("oxigraph")), "serve", "--location", tmp, "--bind",
                                  f"127.0.0.1:{ox_port}"], ox_url + "/query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    print(f"first answer after start: igs-kg serve {igs_first:5.2f} s, oxigraph serve {ox_first:5.2f} s (target igs-kg <= 1 s)")
    try:
        wait(igs_url + "/healthz")
        wait(ox_url + "/")
        subprocess.run([sys.executable, "-m", "igs_kg.cli", "publish", ox_url + "/store", "--graph", "urn:kb"], check=True,
                       cwd=ROOT, capture_output=True)
        # the same data in the default graph of oxigraph, as igs-kg has it
        kb = httpx.get(igs_url + "/ontology", headers={"Accept": "application/n-triples"}).content
        httpx.post(ox_url + "/store?default", content=kb, headers={"Content-Type": "application/n-triples"}, timeout=60)
        headers = {"Accept": "application/sparql-results+json", "Content-Type": "application/sparql-query"}
        a = httpx.post(igs_url + "/sparql", content=QUERY, headers=headers).json()
        b = httpx.post(ox_url + "/query", content=QUERY, headers=headers).json()
        assert a["results"]["bindings"] == b["results"]["bindings"], "different answers"
        for clients in (1, 4):
            for name, url in (("igs-kg /sparql", igs_url + "/sparql"), ("oxigraph serve", ox_url + "/query")):
                lat = load(lambda c: c.post(url, content=QUERY, headers=headers).raise_for_status(), clients, args.seconds)
                rate, median = len(lat) / args.seconds, statistics.median(lat) * 1000
                print(f"{name:15} {clients} client(s): {rate:7.1f} queries/s  median {median:6.2f} ms")
        # a named query: igs-kg's /queries/NAME against its text sent to oxigraph
        named = (ROOT / "queries" / "legal-forms.rq").read_text()
        a = httpx.get(igs_url + "/queries/legal-forms", headers={"Accept": "application/sparql-results+json"}).json()
        b = httpx.post(ox_url + "/query", content=named, headers=headers).json()
        assert a["results"]["bindings"] == b["results"]["bindings"], "different answers (named query)"
        for clients in (1, 4):
            for name, fn in (("igs-kg /queries", lambda c: c.get(igs_url + "/queries/legal-forms", headers={
                                 "Accept": "application/sparql-results+json"}).raise_for_status()),
                             ("oxigraph serve", lambda c: c.post(ox_url + "/query", content=named,
                                                                 headers=headers).raise_for_status())):
                lat = load(fn, clients, args.seconds)
                rate, median = len(lat) / args.seconds, statistics.median(lat) * 1000
                print(f"{name:15} {clients} client(s): {rate:7.1f} named q/s   median {median:6.2f} ms")
        situation = (ROOT / "examples" / "situations" / "drie-colleges-ict-hr.yaml").read_text()
        lat = load(lambda c: c.post(igs_url + "/advise", content=situation,
                                    headers={"Content-Type": "application/yaml"}).raise_for_status(), 4, args.seconds)
        lat.sort()
        print(f"/advise, 4 clients: {len(lat) / args.seconds:6.1f} req/s  median {statistics.median(lat) * 1000:6.1f} ms  "
              f"p99 {lat[int(len(lat) * 0.99) - 1] * 1000:6.1f} ms")
    finally:
        igs.terminate()
        oxi.terminate()


if __name__ == "__main__":
    main()
