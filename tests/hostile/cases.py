"""Hostile inputs, each with the outcome it must get. Generated from small tables so that a new
trick is one line; `files/` holds the ones that read better as files (with their expectation in a
first-line comment). `{LISTENER}` in a case is replaced by the address of a loopback listener that
must never be contacted.

A case is a dict:
  id       unique name
  http     (method, path, {"params"|"content"|"data"|"headers": ...}) or absent
  cli      [args] (files named by `write`) or absent
  write    {name: text or bytes} written to a scratch folder before a CLI case
  status   the HTTP status(es) allowed;  exit: the CLI exit code
  needle   text the error must contain (optional)
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
TIMEOUT_STATUS = 503  # a request stopped by the server's own timeout

# ---------------------------------------------------------------------------- SERVICE, however spelt

SERVICE_SPELLINGS = {
    "plain": "SELECT * WHERE { SERVICE <{LISTENER}> { ?s ?p ?o } }",
    "no-spaces-after-filter": "SELECT * WHERE { ?s ?p ?o FILTER(1<2)SERVICE<{LISTENER}>{?a ?b ?c} }",
    "tabs": "SELECT * WHERE {\tSERVICE\t<{LISTENER}>\t{ ?s ?p ?o } }",
    "carriage-returns": "SELECT * WHERE {\rSERVICE\r<{LISTENER}>\r{ ?s ?p ?o } }",
    "lower-case": "select * where { service <{LISTENER}> { ?s ?p ?o } }",
    "mixed-case": "SELECT * WHERE { SeRvIcE <{LISTENER}> { ?s ?p ?o } }",
    "u-escape-S": "SELECT * WHERE { \\u0053ERVICE <{LISTENER}> { ?s ?p ?o } }",
    "u-escape-all": "SELECT * WHERE { \\u0053\\u0045\\u0052\\u0056\\u0049\\u0043\\u0045 <{LISTENER}> { ?s ?p ?o } }",
    "U-escape": "SELECT * WHERE { \\U00000073ervice <{LISTENER}> { ?s ?p ?o } }",
    "comment-between": "SELECT * WHERE { SERVICE # a comment with <angle> and {braces}\n <{LISTENER}> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <{LISTENER}> { ?s ?p ?o } }",
    "variable": "SELECT * WHERE { BIND(<{LISTENER}> AS ?x) SERVICE ?x { ?s ?p ?o } }",
    "values-variable": "SELECT * WHERE { VALUES ?x { <{LISTENER}> } SERVICE ?x { ?s ?p ?o } }",
    "prefixed": "PREFIX evil: <{LISTENER}> SELECT * WHERE { SERVICE evil: { ?s ?p ?o } }",
    "base-relative": "BASE <{LISTENER}> SELECT * WHERE { SERVICE <> { ?s ?p ?o } }",
    "in-optional": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <{LISTENER}> { ?a ?b ?c } } } LIMIT 1",
    "in-union": "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{LISTENER}> { ?s ?p ?o } } } LIMIT 1",
    "in-minus": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{LISTENER}> { ?s ?p ?o } } } LIMIT 1",
    "in-exists": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{LISTENER}> { ?a ?b ?c } } } LIMIT 1",
    "in-subquery": "SELECT * WHERE { { SELECT * WHERE { SERVICE <{LISTENER}> { ?s ?p ?o } } } }",
    "in-graph": "SELECT * WHERE { GRAPH ?g { SERVICE <{LISTENER}> { ?s ?p ?o } } }",
    "ask": "ASK { SERVICE <{LISTENER}> { ?s ?p ?o } }",
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{LISTENER}> { ?s ?p ?o } }",
    "describe": "DESCRIBE ?s WHERE { SERVICE <{LISTENER}> { ?s ?p ?o } }",
    "after-string-with-service": "SELECT * WHERE { BIND('service' AS ?x) SERVICE <{LISTENER}> { ?s ?p ?o } }",
    "after-iri-lookalike": "SELECT * WHERE { ?s ?p ?o FILTER(?o<?x)SERVICE<{LISTENER}>{?a ?b ?c} }",
    "nested-service": "SELECT * WHERE { SERVICE <{LISTENER}> { SERVICE <{LISTENER}> { ?s ?p ?o } } }",
}

HTTP_PATHS = {
    "get": lambda q: ("GET", "/sparql", {"params": {"query": q}}),
    "post-query": lambda q: ("POST", "/sparql", {"content": q, "headers": {"Content-Type": "application/sparql-query"}}),
    "post-form": lambda q: ("POST", "/sparql", {"data": {"query": q}}),
}


def service_cases() -> list[dict]:
    cases = []
    for name, q in SERVICE_SPELLINGS.items():
        for path, make in HTTP_PATHS.items():
            cases.append({"id": f"service-{name}-{path}", "http": make(q), "status": {400}, "needle": "SERVICE"})
        cases.append({"id": f"service-{name}-cli-query", "cli": ["query", "q.rq"], "write": {"q.rq": q},
                      "exit": 2, "needle": "SERVICE"})
    return cases


# ---------------------------------------------------------------------------- updates and junk

UPDATES = ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }", "LOAD <{LISTENER}>",
           "LOAD SILENT <{LISTENER}> INTO GRAPH <urn:g>", "CLEAR ALL", "DROP ALL", "CREATE GRAPH <urn:g>",
           "ADD DEFAULT TO <urn:g>", "MOVE DEFAULT TO <urn:g>", "COPY DEFAULT TO <urn:g>",
           "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"]


def update_cases() -> list[dict]:
    cases = []
    for i, u in enumerate(UPDATES):
        cases.append({"id": f"update-{i}-as-query", "http": ("GET", "/sparql", {"params": {"query": u}}), "status": {400, 403}})
        cases.append({"id": f"update-{i}-as-update-param", "http": ("GET", "/sparql", {"params": {"update": u}}),
                      "status": {403}, "needle": "read-only"})
        cases.append({"id": f"update-{i}-as-update-body", "http": ("POST", "/sparql", {
            "content": u, "headers": {"Content-Type": "application/sparql-update"}}), "status": {403}})
        cases.append({"id": f"update-{i}-as-form", "http": ("POST", "/sparql", {"data": {"update": u}}), "status": {403}})
    return cases


JUNK_QUERIES = ["SELECT", "{", "}", "SELECT * WHERE {", "ASK { ?s ?p }", "SELECT ?x WHERE { ?x ?y ?z } GROUP BY",
                "PREFIX : <", "SELECT * WHERE { <a b> ?p ?o }", "\"\"\"", "'", "SELECT * WHERE { FILTER( }",
                "SELECT (COUNT(*) AS) WHERE {}", "BASE <:::> SELECT * {}", "SELECT * WHERE { ?s ?p ?o } LIMIT -1",
                "SELECT * WHERE { ?s ?p ?o } ORDER BY", "\\u0000", "SELECT * WHERE { ?s <\\u0000> ?o }",
                "DESCRIBE", "CONSTRUCT {", "SELECT * WHERE { ?s ?p 1e99999999 }", "SELECT * WHERE { BIND(1/0 AS ?x) }",
                "SELECT * WHERE { VALUES ?x { 1 2 } VALUES ?x { 3 } }", "PREFIX x: <urn:x> SELECT * WHERE { x: ?p ?o } LIMIT 1",
                "SELECT * WHERE { ?s ?p ?o . ?s ?p ?o . } LIMIT 0", "ASK {}", "   ", "#only a comment"]


def junk_cases() -> list[dict]:
    cases = []
    for i, q in enumerate(JUNK_QUERIES):
        for path, make in HTTP_PATHS.items():
            cases.append({"id": f"junk-{i}-{path}", "http": make(q), "status": {200, 400}})
    return cases


# ---------------------------------------------------------------------------- nesting, size, memory

def deep_query_cases() -> list[dict]:
    shapes = {
        "parens": lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
        "braces": lambda n: "SELECT * WHERE " + "{" * n + "}" * n,
        "path": lambda n: "SELECT * WHERE { ?s " + "(" * n + "<urn:p>" + ")" * n + " ?o } LIMIT 1",
        "not-exists": lambda n: "SELECT * WHERE {" + " FILTER NOT EXISTS {" * n + "}" * n + "}",
        "blank-nodes": lambda n: "SELECT * WHERE { ?s <urn:p> " + "[<urn:p> " * n + "?o" + "]" * n + " } LIMIT 1",
        "collection": lambda n: "SELECT * WHERE { ?s <urn:p> " + "(" * n + "1" + ")" * n + " } LIMIT 1",
        "unclosed": lambda n: "SELECT * WHERE { FILTER(" + "(" * n,
        "closers": lambda n: "SELECT * WHERE { }" + "}" * n,
    }
    cases = []
    for name, make in shapes.items():
        for n in (100, 2_000, 60_000):
            q = make(n)
            cases.append({"id": f"deep-query-{name}-{n}", "http": ("POST", "/sparql", {
                "content": q, "headers": {"Content-Type": "application/sparql-query"}}),
                "status": {200, 400, 413, TIMEOUT_STATUS}})
    cases.append({"id": "deep-query-cli", "cli": ["query", "q.rq"],
                  "write": {"q.rq": "SELECT * WHERE { FILTER(" + "(" * 60_000 + "1" + ")" * 60_000 + ") }"}, "exit": 0})
    return cases


def memory_cases() -> list[dict]:
    doubling = "SELECT (STRLEN(?a26) AS ?n) WHERE { BIND('xx' AS ?a0) " + " ".join(
        f"BIND(CONCAT(?a{i},?a{i}) AS ?a{i + 1})" for i in range(26)) + " }"
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    big_group = "SELECT ?s (GROUP_CONCAT(?o) AS ?all) WHERE { ?s ?p ?o . ?x ?y ?z } GROUP BY ?s"
    repeat = "SELECT * WHERE { ?s ?p ?o } ORDER BY " + " ".join(["?o"] * 2000)
    return [{"id": f"memory-{name}", "http": ("GET", "/sparql", {"params": {"query": q}}),
             "status": {200, 413, TIMEOUT_STATUS}} for name, q in
            (("string-doubling", doubling), ("cross-product", cross), ("group-concat", big_group), ("order-by", repeat))]


def size_cases() -> list[dict]:
    big = "ASK {}" + " " * 300_000
    return [
        {"id": "size-query-too-large-post", "http": ("POST", "/sparql", {"content": "#" * 300_000 + "\nASK {}",
                                                                          "headers": {"Content-Type": "application/sparql-query"}}),
         "status": {413}},
        {"id": "size-query-too-large-form", "http": ("POST", "/sparql", {"data": {"query": big}}), "status": {413}},
        {"id": "size-body-too-large-advise", "http": ("POST", "/advise", {"content": "{" + " " * 2_000_000 + "}",
                                                                           "headers": {"Content-Type": "application/json"}}),
         "status": {413}},
        {"id": "size-long-string", "http": ("POST", "/advise", {"json": {"participants": ["a" * 400_000, "b"]}}),
         "status": {200, 400}},
    ]


# ---------------------------------------------------------------------------- situations and proposals

BOMB = ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nparticipants: *g\n")


def _deep(kind: str, n: int) -> tuple[str, str]:
    if kind == "json":
        return "application/json", '{"participants": ' + "[" * n + "]" * n + "}"
    if kind == "json-objects":
        return "application/json", '{"requirements": ' + '{"a": ' * n + "1" + "}" * n + "}"
    if kind == "jsonld":
        return "application/ld+json", '{"@context": {"a": "urn:a"}, "a": ' + "[" * n + "]" * n + "}"
    if kind == "jsonld-context":
        return "application/ld+json", '{"@context": ' + '{"@context": ' * n + "{}" + "}" * n + "}"
    if kind == "yaml-flow":
        return "application/yaml", "participants: " + "[" * n + "]" * n + "\n"
    if kind == "yaml-block":
        return "application/yaml", "".join("  " * i + "a:\n" for i in range(n)) + "  " * n + "b: 1\n"
    if kind == "turtle-bnodes":
        return "text/turtle", "<urn:s> a <https://w3id.org/igs-kg/def#Situation> ; <urn:p> " + "[ <urn:p> " * n + "1" + " ]" * n + " ."
    if kind == "turtle-collections":
        return "text/turtle", "<urn:s> a <https://w3id.org/igs-kg/def#Situation> ; <urn:p> " + "( " * n + "1" + " )" * n + " ."
    raise ValueError(kind)


ENDPOINTS = {"advise": "/advise", "advise-text": "/advise?format=text", "validate": "/validate",
             "draft": "/draft?format=markdown"}


def situation_cases() -> list[dict]:
    cases = []

    def add(name: str, ctype: str, body, status=frozenset({400}), needle: str | None = None) -> None:
        for ep, path in ENDPOINTS.items():
            case = {"id": f"{name}-{ep}", "http": ("POST", path, {"content": body, "headers": {"Content-Type": ctype}}),
                    "status": set(status)}
            if needle:
                case["needle"] = needle
            cases.append(case)

    for kind in ("json", "json-objects", "jsonld", "jsonld-context", "yaml-flow", "yaml-block", "turtle-bnodes",
                 "turtle-collections"):
        for n in (65, 1_000, 20_000):
            ctype, body = _deep(kind, n)
            too_big = len(body) > 1_000_000  # refused for its size before its depth is looked at
            add(f"deep-{kind}-{n}", ctype, body, {413} if too_big else {400}, None if too_big else "nested")
    add("yaml-billion-laughs", "application/yaml", BOMB, needle="aliases")
    add("yaml-recursive-alias", "application/yaml", "participants: &a [*a, Aalsmeer]\n")
    add("yaml-python-tag", "application/yaml", "participants: !!python/object/apply:os.system ['true']\n")
    add("yaml-two-documents", "application/yaml", "participants: [a, b]\n---\nparticipants: [c, d]\n")
    add("yaml-nul-byte", "application/yaml", "participants: [Aalsmeer, Amstelveen]\x00\n", needle="NUL")
    add("yaml-escaped-nul", "application/yaml", 'participants: ["Aals\\0meer", Amstelveen]\n', needle="NUL")
    add("yaml-escaped-surrogate", "application/yaml", 'participants: ["\\ud800", Amstelveen]\n', needle="surrogate")
    add("json-nul-byte", "application/json", '{"participants": ["Aalsmeer", "Amstelveen"]}\x00', needle="NUL")
    add("json-escaped-nul", "application/json", '{"participants": ["Aals\\u0000meer", "Amstelveen"]}', needle="NUL")
    add("json-lone-surrogate", "application/json", '{"participants": ["\\ud800", "Amstelveen"]}', needle="surrogate")
    add("json-huge-number", "application/json", '{"participants": ["Aalsmeer", "Amstelveen"], "date": 1e999}')
    add("json-not-utf8", "application/json", b'{"participants": ["\xff\xfe", "Aalsmeer"]}', needle="UTF-8")
    add("json-empty", "application/json", "")
    add("json-array", "application/json", "[]")
    add("json-string", "application/json", '"participants"')
    add("json-null", "application/json", "null")
    add("json-duplicate-keys", "application/json", '{"participants": ["a", "b"], "participants": 1}')
    add("yaml-empty", "application/yaml", "")
    add("yaml-scalar", "application/yaml", "just text")
    add("turtle-empty", "text/turtle", "")
    add("turtle-junk", "text/turtle", "<<<< ;;; ]]] ...")
    add("turtle-literal-participant", "text/turtle", "<urn:s> a <https://w3id.org/igs-kg/def#Situation> ; "
        "<https://w3id.org/igs-kg/def#participant> \"x> } } SERVICE <{LISTENER}> { ?s ?p ?o } #\" .", needle="participant")
    add("turtle-blank-participant", "text/turtle", "<urn:s> a <https://w3id.org/igs-kg/def#Situation> ; "
        "<https://w3id.org/igs-kg/def#participant> [] .", needle="participant")
    add("turtle-two-situations", "text/turtle", "<urn:a> a <https://w3id.org/igs-kg/def#Situation> . "
        "<urn:b> a <https://w3id.org/igs-kg/def#Situation> .")
    for i, ctx in enumerate(['"{LISTENER}ctx.jsonld"', '["{LISTENER}ctx.jsonld"]', '{"@import": "{LISTENER}ctx.jsonld"}',
                             '{"a": {"@id": "urn:a", "@context": "{LISTENER}c"}}', '[{}, "{LISTENER}c2"]',
                             '"file:///etc/passwd"', '"/etc/passwd"', '"../../etc/passwd"']):
        add(f"jsonld-remote-context-{i}", "application/ld+json", '{"@context": ' + ctx + ', "@type": "https://w3id.org/igs-kg/def#Situation"}')
    add("jsonld-base-listener", "application/ld+json", '{"@context": {"@base": "{LISTENER}"}, "@id": "x", '
        '"@type": "https://w3id.org/igs-kg/def#Situation"}', {200, 400})  # a base IRI is a name, never fetched
    # every key of the schema with values of the wrong kind
    bad_values = {"number": 12345, "list-of-lists": [[1]], "mapping": {"x": {"y": 1}}, "long": "x" * 5000, "true": True}
    keys = ["date", "bodies", "concept", "tasks", "requirements", "mandatory", "lead_municipality", "specialisms",
            "urgency", "budget", "legal_form", "governance", "powers", "employs_staff", "start_date", "publication_date",
            "publications", "raad_consent", "raad_wishes_heard", "works_council_advice", "provisions", "name"]
    for key in keys:
        for vname, value in bad_values.items():
            body = json.dumps({"participants": ["Aalsmeer", "Amstelveen"], key: value})
            cases.append({"id": f"bad-value-{key}-{vname}", "http": ("POST", "/validate", {
                "content": body, "headers": {"Content-Type": "application/json"}}), "status": {200, 400}})
    for ctype in ("text/plain", "application/xml", "multipart/form-data", "application/x-www-form-urlencoded", "x" * 300):
        cases.append({"id": f"content-type-{ctype[:20]}", "http": ("POST", "/advise", {
            "content": "{}", "headers": {"Content-Type": ctype}}), "status": {415}})
    for q in ("format=pdf", "lang=de&format=text", "format=" + "x" * 5000, "lang=" + "%00", "format=json&format=text"):
        cases.append({"id": f"advise-options-{q[:20]}", "http": ("POST", "/advise?" + q, {
            "content": '{"participants": ["Aalsmeer", "Amstelveen"]}', "headers": {"Content-Type": "application/json"}}),
            "status": {200, 400}})
    return cases


# ---------------------------------------------------------------------------- named queries and the protocol

def protocol_cases() -> list[dict]:
    cases = []
    for i, name in enumerate(["../README", "..%2F..%2Fetc%2Fpasswd", "x" * 10_000, "%00", "stakeholders%00", "ü" * 50,
                              ".", "..", "stakeholders.rq", "%2e%2e", "STAKEHOLDERS", " stakeholders"]):
        # "." and ".." are dot segments: the client resolves them to /queries, the list
        cases.append({"id": f"named-bad-name-{i}", "http": ("GET", "/queries/" + name, {}),
                      "status": {200} if name in (".", "..") else {400, 404}})
    for i, value in enumerate(["x> } SERVICE <{LISTENER}> { ?a ?b ?c } #", "<{LISTENER}>", "{LISTENER}", "a b", "\"",
                               "x\x00y", "%00", "igs:OpenbaarLichaam> . ?s ?p ?o #"]):
        cases.append({"id": f"named-iri-param-{i}", "http": ("GET", "/queries/forms-realising-concept",
                                                              {"params": {"concept": value}}), "status": {200, 400}})
    for i, value in enumerate(["2024-13-45", "x" * 10_000, "'; DROP ALL; '", "2024-01-01T00:00:00"]):
        cases.append({"id": f"named-date-param-{i}", "http": ("GET", "/queries/coming-into-force",
                                                               {"params": {"date": value}}), "status": {200, 400}})
    cases.append({"id": "named-unknown-param", "http": ("GET", "/queries/stakeholders", {"params": {"nope": "1"}}),
                  "status": {400}})
    cases.append({"id": "named-param-twice", "http": ("GET", "/queries/coming-into-force?date=2024-01-01&date=2025-01-01", {}),
                  "status": {400}})
    cases += [
        {"id": "two-queries-get", "http": ("GET", "/sparql?query=ASK{}&query=ASK{}", {}), "status": {400}, "needle": "once"},
        {"id": "query-in-url-and-body", "http": ("POST", "/sparql?query=ASK{}", {
            "content": "ASK {}", "headers": {"Content-Type": "application/sparql-query"}}), "status": {400}},
        {"id": "query-in-url-and-form", "http": ("POST", "/sparql?query=ASK{}", {"data": {"query": "ASK {}"}}), "status": {400}},
        {"id": "two-queries-form", "http": ("POST", "/sparql", {"content": "query=ASK{}&query=ASK{}",
                                                                "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
         "status": {400}},
        {"id": "default-graph-uri", "http": ("GET", "/sparql", {"params": {"query": "ASK {}", "default-graph-uri": "{LISTENER}"}}),
         "status": {400}},
        {"id": "named-graph-uri", "http": ("GET", "/sparql", {"params": {"query": "ASK {}", "named-graph-uri": "{LISTENER}"}}),
         "status": {400}},
        {"id": "unknown-format-no-accept", "http": ("GET", "/sparql", {"params": {"query": "ASK {}", "format": "pdf"}}),
         "status": {400}},
        {"id": "many-parameters", "http": ("GET", "/sparql?" + "&".join(f"p{i}=1" for i in range(500)), {}), "status": {400}},
        {"id": "query-not-utf8", "http": ("GET", "/sparql?query=ASK%7B%7D%FF", {}), "status": {400}},
        {"id": "form-not-utf8", "http": ("POST", "/sparql", {"content": b"query=ASK%7B%7D%FF",
                                                             "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
         "status": {400}},
        {"id": "sparql-wrong-content-type", "http": ("POST", "/sparql", {"content": "ASK {}", "headers": {"Content-Type": "text/plain"}}),
         "status": {415}},
        {"id": "sparql-form-without-query", "http": ("POST", "/sparql", {"data": {"q": "ASK {}"}}), "status": {400}},
        {"id": "accept-garbage", "http": ("GET", "/sparql", {"params": {"query": "ASK {}"},
                                                             "headers": {"Accept": "q=;;;,,,*/*;q=nan,text/html;q=abc"}}),
         "status": {200}},
        {"id": "accept-huge", "http": ("GET", "/sparql", {"params": {"query": "ASK {}"}, "headers": {"Accept": "a/b," * 1000}}),
         "status": {200, 400, 431}},
    ]
    for method in ("PUT", "DELETE", "PATCH"):
        for path in ("/sparql", "/advise", "/validate", "/queries", "/"):
            cases.append({"id": f"method-{method}-{path}", "http": (method, path, {}), "status": {405}})
    for i, path in enumerate(["/nope", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/web/index.html",
                              "/static/../../README.md", "/sparql/../../etc/passwd", "/" + "a" * 5000, "/queries/x/y",
                              "/igs_kg/server.py", "/.git/config"]):
        cases.append({"id": f"path-{i}", "http": ("GET", path, {}), "status": {404}})
    return cases


# ---------------------------------------------------------------------------- the command line

def cli_cases() -> list[dict]:
    situation = "participants: [Aalsmeer, Amstelveen]\n"
    cases = [
        {"id": "cli-fifo", "cli": ["advise", "FIFO:f.yaml"], "exit": 2, "needle": "regular file"},
        {"id": "cli-dev-zero-link", "cli": ["advise", "LINK:/dev/zero:z.yaml"], "exit": 2, "needle": "regular file"},
        {"id": "cli-directory", "cli": ["validate", "d.yaml"], "write": {"d.yaml/x": ""}, "exit": 2},
        {"id": "cli-large-file", "cli": ["advise", "big.yaml"], "write": {"big.yaml": situation + "#" * 2_000_000 + "\n"},
         "exit": 2, "needle": "bytes"},
        {"id": "cli-no-such-file", "cli": ["advise", "nope.yaml"], "exit": 2, "needle": "no such file"},
        {"id": "cli-unknown-suffix", "cli": ["advise", "x.txt"], "write": {"x.txt": situation}, "exit": 2},
        {"id": "cli-nul", "cli": ["advise", "n.yaml"], "write": {"n.yaml": situation + "\x00"}, "exit": 2, "needle": "NUL"},
        {"id": "cli-not-utf8", "cli": ["advise", "u.yaml"], "write": {"u.yaml": b"participants: [\xff\xfe, b]\n"}, "exit": 2,
         "needle": "UTF-8"},
        {"id": "cli-surrogate", "cli": ["advise", "s.json"], "write": {"s.json": '{"participants": ["\\udc00", "b"]}'},
         "exit": 2, "needle": "surrogate"},
        {"id": "cli-bomb", "cli": ["advise", "b.yaml"], "write": {"b.yaml": BOMB}, "exit": 2, "needle": "aliases"},
        {"id": "cli-bomb-validate", "cli": ["validate", "b.yaml"], "write": {"b.yaml": BOMB}, "exit": 2},
        {"id": "cli-bomb-explain", "cli": ["explain", "b.yaml"], "write": {"b.yaml": BOMB}, "exit": 2},
        {"id": "cli-literal-participant", "cli": ["advise", "l.ttl"], "write": {"l.ttl": (
            "<urn:s> a <https://w3id.org/igs-kg/def#Situation> ; <https://w3id.org/igs-kg/def#participant> \"x> } #\" .")},
         "exit": 2, "needle": "participant"},
        {"id": "cli-blank-participant-validate", "cli": ["validate", "l.ttl"], "write": {"l.ttl": (
            "<urn:s> a <https://w3id.org/igs-kg/def#Proposal> ; <https://w3id.org/igs-kg/def#participant> [] .")},
         "exit": 2, "needle": "participant"},
        {"id": "cli-remote-context", "cli": ["advise", "r.jsonld"], "write": {"r.jsonld": '{"@context": "{LISTENER}c.jsonld"}'},
         "exit": 2, "needle": "remote"},
        {"id": "cli-export-unwritable", "cli": ["export", "-o", "/proc/no/such/dir/x.ttl"], "exit": 2, "needle": "cannot write"},
        {"id": "cli-export-to-directory", "cli": ["export", "-o", "."], "exit": 2},
        {"id": "cli-store-not-a-url", "cli": ["advise", "s.yaml", "--store", "not a url"], "write": {"s.yaml": situation},
         "exit": 2, "needle": "URL"},
        {"id": "cli-store-bad-port", "cli": ["advise", "s.yaml", "--store", "http://127.0.0.1:99999/q"],
         "write": {"s.yaml": situation}, "exit": 2},
        {"id": "cli-store-file-scheme", "cli": ["advise", "s.yaml", "--store", "file:///etc/passwd"],
         "write": {"s.yaml": situation}, "exit": 2},
        {"id": "cli-store-refused", "cli": ["advise", "s.yaml", "--store", "http://127.0.0.1:1/q"],
         "write": {"s.yaml": situation}, "exit": 2, "needle": "cannot reach the store"},
        {"id": "cli-graph-not-iri", "cli": ["advise", "s.yaml", "--store", "http://127.0.0.1:1/q", "--graph", "a b"],
         "write": {"s.yaml": situation}, "exit": 2},
        {"id": "cli-publish-not-url", "cli": ["publish", "nope"], "exit": 2},
        {"id": "cli-query-no-such-name", "cli": ["query", "x" * 5000], "exit": 2},
        {"id": "cli-query-traversal", "cli": ["query", "../README"], "exit": 2},
        {"id": "cli-query-param-no-equals", "cli": ["query", "stakeholders", "--param", "x"], "exit": 2},
        {"id": "cli-query-bad-iri-param", "cli": ["query", "forms-realising-concept", "--param", "concept=a> b"], "exit": 2},
        {"id": "cli-query-large", "cli": ["query", "q.rq"], "write": {"q.rq": "#" * 300_000 + "\nASK {}"}, "exit": 2},
        {"id": "cli-query-fifo", "cli": ["query", "FIFO:q.rq"], "exit": 2},
        {"id": "cli-query-syntax", "cli": ["query", "q.rq"], "write": {"q.rq": "SELECT * WHERE {"}, "exit": 2},
        {"id": "cli-unknown-option", "cli": ["advise", "--nope"], "exit": 2},
        {"id": "cli-unknown-command", "cli": ["nope"], "exit": 2},
        {"id": "cli-bad-format", "cli": ["advise", "s.yaml", "--format", "pdf"], "write": {"s.yaml": situation}, "exit": 2},
    ]
    for value in ("0", "99999", "-1", "abc", "65536"):
        cases.append({"id": f"cli-serve-port-{value}", "cli": ["serve", "--port", value], "exit": 2})
    for value in ("0", "-1", "x"):
        cases.append({"id": f"cli-serve-workers-{value}", "cli": ["serve", "--workers", value], "exit": 2})
    for value in ("0", "-1", "nan", "inf", "1e9", "x"):
        cases.append({"id": f"cli-serve-timeout-{value}", "cli": ["serve", "--timeout", value], "exit": 2})
    for opt in ("--max-result-mb", "--max-body-kb", "--task-workers", "--max-connections"):
        cases.append({"id": f"cli-serve{opt}-0", "cli": ["serve", opt, "0"], "exit": 2})
    cases.append({"id": "cli-serve-host-bad", "cli": ["serve", "--host", "no.such.host.invalid", "--port", "18999"], "exit": 2})
    return cases


def file_cases() -> list[dict]:
    """tests/hostile/files/*: the first line says `# expect: exit N` (advise on the file)."""
    cases = []
    for path in sorted((HERE / "files").glob("*")):
        first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace")
        exit_code = int(first.split("exit", 1)[1].split()[0]) if "exit" in first else 2
        cases.append({"id": f"file-{path.name}", "cli": ["validate" if "proposal" in path.name else "advise", str(path)],
                      "exit": exit_code})
    return cases


def all_cases() -> list[dict]:
    return (service_cases() + update_cases() + junk_cases() + deep_query_cases() + memory_cases() + size_cases()
            + situation_cases() + protocol_cases() + cli_cases() + file_cases())


def http_cases() -> list[dict]:
    return [c for c in all_cases() if "http" in c]


def command_cases() -> list[dict]:
    return [c for c in all_cases() if "cli" in c]
