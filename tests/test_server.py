"""The HTTP service, run as a user runs it (`igs-kg serve` on 127.0.0.1), driven by real SPARQL
clients, plain HTTP, headless Chromium (Debian's, through Playwright) and a real Oxigraph server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import ROOT, fill_three_colleges, free_port, igs, launch_chromium, start, stop

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OXIGRAPH = Path(sys.executable).with_name("oxigraph")


@pytest.fixture(scope="module")
def server():
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start([sys.executable, "-m", "igs_kg.cli", "serve", "--port", str(port), "--timeout", "2",
                  "--max-result-mb", "1", "--max-body-kb", "50", "--cors-origin", "https://raad.example.nl"], url)
    yield url
    stop(proc)


SELECT = "PREFIX igs: <https://w3id.org/igs-kg/def#> SELECT ?form WHERE { ?form igs:canHoldRegulatoryPowers true } ORDER BY ?form"


# ---------------------------------------------------------------------------- SPARQL clients

def test_sparqlwrapper_select_in_every_results_format(server: str) -> None:
    from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(SELECT)
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert [r["form"]["value"].rsplit("#")[1] for r in rows] == ["OpenbaarLichaam", "WgrPlusRegio"]
    sw.setReturnFormat(XML)
    xml = sw.query().convert()
    assert len(xml.getElementsByTagName("result")) == 2
    sw.setReturnFormat(CSV)
    assert sw.query().convert().decode().splitlines()[0].strip() == "form"
    sw.setReturnFormat(TSV)
    assert sw.query().convert().decode().splitlines()[0].strip() == "?form"


def test_sparqlwrapper_ask_and_construct(server: str) -> None:
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery("ASK { <https://w3id.org/igs-kg/def#Bedrijfsvoeringsorganisatie> ?p ?o }")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True
    sw.setQuery("PREFIX igs: <https://w3id.org/igs-kg/def#> CONSTRUCT { ?c igs:realisedBy ?f } WHERE { ?c igs:realisedBy ?f }")
    sw.setReturnFormat(TURTLE)
    data = sw.query().convert()
    import pyoxigraph as ox

    triples = list(ox.parse(data if isinstance(data, bytes) else data.serialize(format="turtle").encode(), ox.RdfFormat.TURTLE))
    from igs_kg import store  # the same as the graph holds, however many pairs it has

    assert len(triples) == len(store.load().select("SELECT ?c ?f WHERE { ?c igs:realisedBy ?f }")) > 0


def test_rdflib_sparqlstore(server: str) -> None:
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(server + "/sparql", returnFormat="json"))
    rows = list(g.query("PREFIX igs: <https://w3id.org/igs-kg/def#> SELECT ?s WHERE { ?s a igs:Stakeholder }"))
    assert len(rows) == 6


def test_post_form_and_post_query_and_accept(server: str) -> None:
    r = httpx.post(server + "/sparql", data={"query": SELECT}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    r = httpx.post(server + "/sparql", content=SELECT, headers={"Content-Type": "application/sparql-query",
                                                                  "Accept": "application/sparql-results+xml"})
    assert r.status_code == 200 and "<sparql" in r.text
    q = "PREFIX igs: <https://w3id.org/igs-kg/def#> CONSTRUCT { igs:BV ?p ?o } WHERE { igs:BV ?p ?o }"
    for accept, needle in (("application/n-triples", "<https://w3id.org/igs-kg/def#BV>"), ("application/ld+json", '"@id"'),
                           ("text/turtle", "BV")):
        r = httpx.get(server + "/sparql", params={"query": q}, headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept) and needle in r.text


def test_service_description_on_a_bare_get(server: str) -> None:
    r = httpx.get(server + "/sparql")
    assert r.status_code == 200 and "sd:Service" in r.text and "sd:SPARQL11Query" in r.text


# ---------------------------------------------------------------------------- refusals

@pytest.mark.parametrize("method,kwargs,status,needle", [
    ("post", {"content": "INSERT DATA { <a:b> <a:c> <a:d> }", "headers": {"Content-Type": "application/sparql-update"}}, 403, "read-only"),
    ("post", {"data": {"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}}, 403, "read-only"),
    ("get", {"params": {"update": "DROP ALL"}}, 403, "read-only"),
    ("get", {"params": {"query": "LOAD <http://example.org/data.ttl>"}}, 403, "read-only"),
    ("get", {"params": {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}}, 400, "SERVICE"),
    ("get", {"params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400, "syntax error"),
    ("get", {"params": {"query": SELECT, "default-graph-uri": "http://example.org/g"}}, 400, "not supported"),
    ("post", {"content": "x", "headers": {"Content-Type": "text/plain"}}, 415, "application/sparql-query"),
])
def test_refusals_are_4xx_with_a_clear_message(server: str, method: str, kwargs: dict, status: int, needle: str) -> None:
    r = getattr(httpx, method)(server + "/sparql", **kwargs)
    assert r.status_code == status, r.text
    body = r.json()
    assert needle in body["error"]
    assert "Traceback" not in r.text and "/work" not in r.text and ".py" not in r.text


def test_a_runaway_query_is_stopped_and_the_server_goes_on(server: str) -> None:
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    t = time.time()
    r = httpx.get(server + "/sparql", params={"query": heavy}, timeout=30)
    assert r.status_code == 503 and "stopped" in r.json()["error"]
    assert time.time() - t < 15
    r = httpx.get(server + "/sparql", params={"query": SELECT}, headers={"Accept": "text/csv"})
    assert r.status_code == 200


def test_result_and_body_limits(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"},
                  headers={"Accept": "application/n-triples"})
    assert r.status_code == 413 and "LIMIT" in r.json()["error"]
    r = httpx.post(server + "/sparql", content="#" * 60_000 + "\nASK {}", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    r = httpx.post(server + "/advise", content=json.dumps({"participants": ["x" * 60_000]}),
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_cors_only_for_the_configured_origin(server: str) -> None:
    ok = httpx.options(server + "/sparql", headers={"Origin": "https://raad.example.nl", "Access-Control-Request-Method": "POST"})
    assert ok.headers.get("access-control-allow-origin") == "https://raad.example.nl"
    other = httpx.options(server + "/sparql", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in other.headers


def test_concurrent_requests_are_safe(server: str) -> None:
    situation = (ROOT / "examples" / "situations" / "drie-colleges-ict-hr.yaml").read_text()
    results: list = []

    def work(i: int) -> None:
        if i % 2:
            r = httpx.post(server + "/advise", content=situation, headers={"Content-Type": "application/yaml"}, timeout=60)
            results.append(("advise", r.status_code, r.json()["legal_forms"][0]["id"]))
        else:
            r = httpx.get(server + "/sparql", params={"query": SELECT}, headers={"Accept": "text/csv"}, timeout=60)
            results.append(("sparql", r.status_code, r.text.count("\n")))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 24
    assert {r[1] for r in results} == {200}
    assert {r[2] for r in results if r[0] == "advise"} == {"Bedrijfsvoeringsorganisatie"}
    assert len({r[2] for r in results if r[0] == "sparql"}) == 1


# ---------------------------------------------------------------------------- the API

def test_advise_is_the_json_of_the_command_line(server: str) -> None:
    path = ROOT / "examples" / "situations" / "drie-colleges-ict-hr.yaml"
    cli = igs("advise", str(path), "--format", "json")
    import yaml

    r = httpx.post(server + "/advise", json=yaml.safe_load(path.read_text()) | {"date": "2025-03-01"}, timeout=60)
    assert r.status_code == 200
    assert r.json() == json.loads(cli.stdout)
    md = httpx.post(server + "/advise?format=markdown&lang=en", content=path.read_text(), headers={"Content-Type": "application/yaml"})
    assert md.status_code == 200 and md.text.startswith("# Advice")


def test_advise_input_errors_are_400(server: str) -> None:
    r = httpx.post(server + "/advise", json={"participants": ["Aalsmeer"]})
    assert r.status_code == 400 and "2 or more municipalities" in r.json()["error"]
    r = httpx.post(server + "/advise", json={"participants": ["Aalsmeer", "Amstelveen"], "bodies": ["gemeenteraad"]})
    assert r.status_code == 400 and "'bodies' cannot be 'gemeenteraad'" in r.json()["error"]
    r = httpx.post(server + "/advise", content="{", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "not valid JSON" in r.json()["error"]
    r = httpx.post(server + "/advise", content='{"@context": "https://example.org/ctx.jsonld"}',
                   headers={"Content-Type": "application/ld+json"})
    assert r.status_code == 400 and "remote @context" in r.json()["error"]


def test_validate_json_turtle(server: str) -> None:
    r = httpx.post(server + "/validate", content=(ROOT / "examples" / "invalid" / "raad-refused-consent.yaml").read_text(),
                   headers={"Content-Type": "application/yaml"})
    assert r.status_code == 200 and r.json()["conforms"] is False
    assert [x["constraint"] for x in r.json()["results"] if x["severity"] == "Violation"] == ["RaadConsentGiven"]
    r = httpx.post(server + "/validate", content=(ROOT / "examples" / "invalid" / "start-date-not-a-date.ttl").read_text(),
                   headers={"Content-Type": "text/turtle"})
    assert r.status_code == 200 and [x["constraint"] for x in r.json()["results"] if x["severity"] == "Violation"] == ["StartDateIsADate"]


def test_named_queries_over_http(server: str) -> None:
    names = [q["name"] for q in httpx.get(server + "/queries").json()]
    assert "forms-realising-concept" in names and "coming-into-force" in names
    r = httpx.get(server + "/queries/forms-realising-concept", params={"concept": "Centrumconcept"})
    assert [b["form"]["value"].rsplit("#")[1] for b in r.json()["results"]["bindings"]] == ["Centrumregeling"]
    r = httpx.get(server + "/queries/coming-into-force", params={"date": "not-a-date"})
    assert r.status_code == 400 and "must be a date" in r.json()["error"]
    assert httpx.get(server + "/queries/no-such-query").status_code == 400


def test_ontology_healthz_and_openapi(server: str) -> None:
    import pyoxigraph as ox

    for accept, fmt in (("text/turtle", "TURTLE"), ("application/ld+json", "JSON_LD"), ("application/rdf+xml", "RDF_XML")):
        r = httpx.get(server + "/ontology", headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        assert len(list(ox.parse(r.content, getattr(ox.RdfFormat, fmt)))) > 5000
    h = httpx.get(server + "/healthz").json()
    assert h["status"] == "ok" and h["rules"] >= 50
    paths = httpx.get(server + "/openapi.json").json()["paths"]
    assert {"/sparql", "/advise", "/validate", "/queries", "/queries/{name}", "/ontology", "/healthz"} <= set(paths)


# ---------------------------------------------------------------------------- the page, in a real browser

@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_the_page_for_people(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        requested: list[str] = []
        page.on("request", lambda req: requested.append(req.url))
        page.goto(server + "/?lang=nl")
        fill_three_colleges(page)
        page.check("input[name=req][value=legal_personality]")
        page.check("input[name=req][value=own_staff]")
        page.click("#advise-button")
        page.wait_for_selector("[data-form=Bedrijfsvoeringsorganisatie]")
        first = page.locator(".card.fits[data-form]").first
        assert "1. bedrijfsvoeringsorganisatie" in first.inner_text()
        go = page.locator("[data-form=GemeenschappelijkOrgaan]")
        assert "past niet" in go.inner_text() and "geen rechtspersoon" in go.inner_text()
        assert go.locator("a[href*='artikel=8&lid=2']").count() == 1
        page.click("#lang")
        assert "1. operational organisation" in page.locator(".card.fits[data-form]").first.inner_text()
        page.click("#tab-validate")
        page.fill("#proposal", (ROOT / "examples" / "invalid" / "bvo-for-policy.yaml").read_text())
        page.click("#validate-button")
        page.wait_for_selector("[data-constraint=TasksWithinTheForm]")
        assert "Does not conform" in page.locator("#validation h2").inner_text()
        browser.close()
    assert requested and all(u.startswith(server) for u in requested), [u for u in requested if not u.startswith(server)]


# ---------------------------------------------------------------------------- an existing store behind it

@pytest.mark.skipif(not OXIGRAPH.exists(), reason="needs the oxigraph server (pip install oxigraph)")
def test_publish_to_oxigraph_and_advise_from_it(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ox_proc = start([str(OXIGRAPH), "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"], url, ready="/")
    try:
        pub = igs("publish", url + "/store")
        assert pub.returncode == 0, pub.stderr
        again = igs("publish", url + "/store")
        assert again.returncode == 0  # replaced, not added twice
        count = httpx.post(url + "/query",
                           content="SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/igs-kg/graph/kb> { ?s ?p ?o } }",
                           headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
        from igs_kg import store

        assert int(count.json()["results"]["bindings"][0]["n"]["value"]) == store.load().triple_count
        situation = str(ROOT / "examples" / "situations" / "bar-organisatie.yaml")
        local = igs("advise", situation, "--format", "json")
        remote = igs("advise", situation, "--format", "json", "--store", url + "/query")
        assert remote.returncode == 0, remote.stderr
        assert remote.stdout == local.stdout
        # and serve --store answers SPARQL from that store
        port2 = free_port()
        env = {k: v for k, v in os.environ.items()}
        srv = start([sys.executable, "-m", "igs_kg.cli", "serve", "--port", str(port2), "--store", url + "/query"],
                    f"http://127.0.0.1:{port2}", env=env)
        try:
            r = httpx.get(f"http://127.0.0.1:{port2}/sparql", params={
                "query": "ASK { GRAPH <https://w3id.org/igs-kg/graph/kb> { <https://w3id.org/igs-kg/def#BV> ?p ?o } }"},
                headers={"Accept": "application/sparql-results+json"})
            assert r.status_code == 200 and r.json()["boolean"] is True
            # the default graph is the knowledge, as on the embedded endpoint (not the store's empty one)
            for query in (SELECT, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"):
                remote_rows = httpx.get(f"http://127.0.0.1:{port2}/sparql", params={"query": query},
                                        headers={"Accept": "text/csv"}).text
                local_rows = subprocess.run([sys.executable, "-c", "import sys; from igs_kg import store; "
                                             "sys.stdout.write(store.load().query(sys.argv[1]).serialize(format=__import__('pyoxigraph').QueryResultsFormat.CSV).decode())",
                                             query], cwd=ROOT, capture_output=True, text=True).stdout
                assert remote_rows.split() == local_rows.split() and len(remote_rows.split()) > 1
            # a SERVICE is refused here, before the store could run it
            svc = httpx.get(f"http://127.0.0.1:{port2}/sparql",
                            params={"query": "SELECT * WHERE { FILTER(1<2)SERVICE<http://127.0.0.1:9/>{?a ?b ?c} }"})
            assert svc.status_code == 400 and "SERVICE" in svc.json()["error"]
            adv = httpx.post(f"http://127.0.0.1:{port2}/advise", content=Path(situation).read_text(),
                             headers={"Content-Type": "application/yaml"}, timeout=60)
            assert adv.json() == json.loads(local.stdout)
        finally:
            stop(srv)
    finally:
        stop(ox_proc)


@pytest.mark.skipif(not OXIGRAPH.exists(), reason="needs the oxigraph server (pip install oxigraph)")
def test_a_store_that_is_down_is_one_line_and_healthz_says_so(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # a store that is not there: every command that reads the knowledge says so in one line, exit 2
    situation = str(ROOT / "examples" / "situations" / "bar-organisatie.yaml")
    for args in (("advise", situation), ("validate", situation), ("draft", situation), ("explain", situation),
                 ("serve", "--port", str(free_port()))):
        r = igs(*args, "--store", url + "/query")
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.startswith("igs-kg: error: cannot reach the store") and r.stderr.count("\n") == 1, r.stderr
        assert "serving" not in r.stderr
    ox_proc = start([str(OXIGRAPH), "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"], url, ready="/")
    try:
        # a store with nothing published is one line too
        r = igs("advise", situation, "--store", url + "/query")
        assert r.returncode == 2 and "is empty; publish it first" in r.stderr
        assert igs("publish", url + "/store").returncode == 0
        port2 = free_port()
        srv = start([sys.executable, "-m", "igs_kg.cli", "serve", "--port", str(port2), "--store", url + "/query"],
                    f"http://127.0.0.1:{port2}")
        try:
            h = httpx.get(f"http://127.0.0.1:{port2}/healthz").json()
            assert h["status"] == "ok" and h["store_state"]["reachable"] is True and h["store_state"]["triples"] > 0
            body = Path(situation).read_text()
            adv = httpx.post(f"http://127.0.0.1:{port2}/advise", content=body, headers={"Content-Type": "application/yaml"}, timeout=60)
            assert adv.status_code == 200 and adv.headers["x-igs-kg-knowledge"] == "store"
            stop(ox_proc)  # the store goes down while the service runs
            h = httpx.get(f"http://127.0.0.1:{port2}/healthz").json()
            assert h["status"] == "degraded" and h["store_state"]["reachable"] is False
            adv = httpx.post(f"http://127.0.0.1:{port2}/advise", content=body, headers={"Content-Type": "application/yaml"}, timeout=60)
            assert adv.status_code == 200 and "copy read at start" in adv.headers["x-igs-kg-knowledge"]
            assert httpx.get(f"http://127.0.0.1:{port2}/docs").status_code == 200
        finally:
            stop(srv)
    finally:
        stop(ox_proc)


def test_a_store_answering_garbage_or_asking_credentials_is_one_line(tmp_path: Path) -> None:
    import http.server

    seen: list[str | None] = []

    class Junk(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server API
            seen.append(self.headers.get("Authorization"))
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.startswith("/locked"):
                self.send_response(401)
                self.end_headers()
                return
            body = b"<html>502 Bad Gateway</html> <<< not n-triples"
            self.send_response(200)
            self.send_header("Content-Type", "application/n-triples")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Junk)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    situation = str(ROOT / "examples" / "situations" / "bar-organisatie.yaml")
    try:
        r = igs("advise", situation, "--store", url + "/query")
        assert r.returncode == 2 and "did not answer N-Triples" in r.stderr and r.stderr.count("\n") == 1, r.stderr
        env = {**os.environ, "IGS_KG_STORE_USER": "igs", "IGS_KG_STORE_PASSWORD": "geheim"}
        r = igs("advise", situation, "--store", url + "/locked", env=env)
        assert r.returncode == 2 and "answered 401" in r.stderr and "geheim" not in r.stderr
        assert seen[-1] == "Basic aWdzOmdlaGVpbQ=="  # the credentials came from the environment
    finally:
        server.shutdown()
