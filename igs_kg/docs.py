"""`igs-kg docs OUTDIR`: HTML documentation of the ontology in Dutch and English (every class,
property and individual with both labels, its definition and its sources as links), the tables
people look for (Tabel 1, what each legal form can do), and SVG diagrams drawn from the graph:
the concepts and the forms that realise them, the rule dependency graph, the process steps.

Written here rather than with pyLODE because the page must show both languages side by side and
the knowledge-specific tables; the diagrams are plain SVG, so no Graphviz is needed."""

from __future__ import annotations

import html
from pathlib import Path

from . import IGS, __version__, store
from .advice import citation, vocabulary
from .render import source_label

E = html.escape


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def _labels(iri: str) -> dict[str, str]:
    return vocabulary().labels.get(iri, {})


def _sources_html(sources: list[str]) -> str:
    vocab = vocabulary()
    parts = []
    for s in sources:
        c = citation(s, vocab)
        if not c:  # a project document (CONTRACT.md, LEGAL.md): named by its label, not linked
            named = vocab.labels.get(s, {})
            parts.append(E(named.get("en") or named.get("nl") or _local(s)))
            continue
        label = source_label(c, "nl")
        parts.append(f'<a href="{E(c)}">{E(label)}</a>' if c.startswith("http") else E(label))
    return "; ".join(parts)


KINDS = {"http://www.w3.org/2002/07/owl#Class": "klasse / class",
         "http://www.w3.org/2002/07/owl#ObjectProperty": "objecteigenschap / object property",
         "http://www.w3.org/2002/07/owl#DatatypeProperty": "gegevenseigenschap / datatype property",
         "http://www.w3.org/2002/07/owl#AnnotationProperty": "annotatie-eigenschap / annotation property"}


def _term_link(iri: str) -> str:
    if iri.startswith(IGS):
        return f'<a href="#{E(_local(iri))}">igs:{E(_local(iri))}</a>'
    short = iri.replace("http://www.w3.org/2001/XMLSchema#", "xsd:").replace("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:")
    return E(short)


def _structure(kg, iri: str, kind: str, locate, outdir: Path | None) -> str:
    """IRI, kind, domain and range, super- and subclasses, and the file that defines the term."""
    rows = [f"<tr><td>IRI</td><td><code>{E(iri)}</code></td></tr>"]
    kinds = [KINDS[r["t"].value] for r in kg.select(f"SELECT ?t WHERE {{ <{iri}> a ?t }}") if r["t"].value in KINDS]
    if kinds:
        rows.append(f"<tr><td>soort / kind</td><td>{E(', '.join(kinds))}</td></tr>")
    for label, query in (("domein / domain", f"SELECT ?x WHERE {{ <{iri}> rdfs:domain ?x }} ORDER BY ?x"),
                         ("bereik / range", f"SELECT ?x WHERE {{ <{iri}> rdfs:range ?x }} ORDER BY ?x"),
                         ("subeigenschap van / subproperty of", f"SELECT ?x WHERE {{ <{iri}> rdfs:subPropertyOf ?x }} ORDER BY ?x"),
                         ("superklasse / superclass", f"SELECT ?x WHERE {{ <{iri}> rdfs:subClassOf ?x FILTER(isIRI(?x)) }} ORDER BY ?x"),
                         ("subklassen / subclasses", f"SELECT ?x WHERE {{ ?x rdfs:subClassOf <{iri}> }} ORDER BY ?x")):
        found = [r["x"].value for r in kg.select(query)]
        if found:
            rows.append(f"<tr><td>{E(label)}</td><td>{', '.join(_term_link(x) for x in found)}</td></tr>")
    where = locate(iri)
    if ":" in where and not where.startswith("http"):
        path, line = where.rsplit(":", 1)
        href = path
        if outdir is not None:
            import os

            from . import paths

            href = os.path.relpath(paths.data_root() / path, outdir)
        rows.append(f'<tr><td>gedefinieerd in / defined in</td><td><a href="{E(href)}">{E(path)}</a>, regel / line {E(line)}</td></tr>')
    return '<table class="facts">' + "".join(rows) + "</table>"


# ---------------------------------------------------------------------------- SVG diagrams

def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'font-family="sans-serif" font-size="12"><title>{E(title)}</title>'
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto">'
            '<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>' + "".join(body) + "</svg>")


def concepts_svg(kg) -> str:
    vocab = vocabulary()
    concepts = vocab.concepts
    forms = vocab.forms
    row = 30
    height = max(len(concepts), len(forms)) * row + 60
    body = ['<text x="20" y="20" font-weight="bold">concept</text>', '<text x="560" y="20" font-weight="bold">rechtsvorm / legal form</text>']
    cy = {c["iri"]: 50 + i * row * len(forms) / max(len(concepts), 1) for i, c in enumerate(concepts)}
    fy = {f["iri"]: 50 + i * row for i, f in enumerate(forms)}
    for c in concepts:
        for form in vocab.realised_by.get(c["iri"], []):
            body.append(f'<line x1="290" y1="{cy[c["iri"]]:.0f}" x2="555" y2="{fy[form]}" stroke="#4a7ab5" stroke-width="1.2" '
                        'marker-end="url(#arrow)"/>')
    for c in concepts:
        lab = _labels(c["iri"])
        body.append(f'<rect x="10" y="{cy[c["iri"]] - 11:.0f}" width="280" height="22" rx="4" fill="#e8f0fb" stroke="#4a7ab5"/>'
                    f'<text x="18" y="{cy[c["iri"]] + 4:.0f}">{E(lab.get("nl", ""))} / {E(lab.get("en", ""))}</text>')
    for f in forms:
        lab = _labels(f["iri"])
        colour = {"public": "#e9f6ea", "private": "#fdf0e2", "other": "#f0f0f0"}[f["family"]]
        body.append(f'<rect x="560" y="{fy[f["iri"]] - 11}" width="440" height="22" rx="4" fill="{colour}" stroke="#777"/>'
                    f'<text x="568" y="{fy[f["iri"]] + 4}">{E(lab.get("nl", ""))} ({f["family"]})</text>')
    return _svg(1010, int(height), body, "Concepts and the legal forms that realise them")


def rules_svg() -> str:
    import networkx as nx

    from . import rules

    rs = rules.load_rules()
    g: nx.DiGraph = nx.DiGraph()
    for r in rs.rules:
        g.add_node(r.id)
    negated = set()
    for a in rs.rules:
        for b in rs.rules:
            if a is b:
                continue
            if set(a.writes) & set(b.reads):
                g.add_edge(a.id, b.id)
            if set(a.writes) & set(b.negated_reads):
                g.add_edge(a.id, b.id)
                negated.add((a.id, b.id))
    cond = nx.condensation(g)
    layer_of = {}
    for i, layer in enumerate(nx.topological_generations(cond)):
        for c in layer:
            for m in cond.nodes[c]["members"]:
                layer_of[m] = i
    layers: dict[int, list[str]] = {}
    for rid, i in layer_of.items():
        layers.setdefault(i, []).append(rid)
    colw, rowh = 250, 22
    height = max(len(v) for v in layers.values()) * rowh + 60
    pos = {}
    for i, members in layers.items():
        for j, rid in enumerate(sorted(members)):
            pos[rid] = (20 + i * colw, 40 + j * rowh)
    body = [f'<text x="20" y="20" font-weight="bold">{len(rs.rules)} rules, {len(rs.strata)} strata; '
            'dashed red: read under negation (NOT EXISTS)</text>']
    for a, b in g.edges:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        style = 'stroke="#c0392b" stroke-dasharray="4 3"' if (a, b) in negated else 'stroke="#9aa7b4"'
        body.append(f'<line x1="{x1 + 200}" y1="{y1}" x2="{x2}" y2="{y2}" {style} stroke-width="0.8" marker-end="url(#arrow)"/>')
    by_id = rs.by_id()
    for rid, (x, y) in pos.items():
        fill = ["#e8f0fb", "#e9f6ea", "#fdf0e2", "#f3e5f5"][by_id[rid].stratum % 4]
        body.append(f'<rect x="{x}" y="{y - 9}" width="200" height="18" rx="3" fill="{fill}" stroke="#888"/>'
                    f'<text x="{x + 4}" y="{y + 4}" font-size="10">{E(rid)}</text>')
    return _svg(20 + (max(layers) + 1) * colw, int(height), body, "Rule dependency graph")


def process_svg(kg) -> str:
    steps = kg.select("SELECT ?s ?o WHERE { ?s a igs:ProcessStep ; igs:order ?o } ORDER BY ?o")
    points = kg.select("SELECT ?s ?o WHERE { ?s a igs:ImplementationPoint ; igs:order ?o } ORDER BY ?o")
    body = []
    w, gap = 200, 30
    for i, r in enumerate(steps):
        lab = _labels(r["s"].value)
        x = 10 + i * (w + gap)
        words = lab.get("nl", "").split(": ", 1)
        body.append(f'<rect x="{x}" y="20" width="{w}" height="90" rx="6" fill="#e8f0fb" stroke="#4a7ab5"/>'
                    f'<text x="{x + 8}" y="40" font-weight="bold">{E(words[0])}</text>')
        text = words[1] if len(words) > 1 else ""
        line, y = "", 58
        for word in text.split():
            if len(line) + len(word) > 30:
                body.append(f'<text x="{x + 8}" y="{y}" font-size="11">{E(line)}</text>')
                line, y = "", y + 14
            line += (" " if line else "") + word
        body.append(f'<text x="{x + 8}" y="{y}" font-size="11">{E(line)}</text>')
        if i < len(steps) - 1:
            body.append(f'<line x1="{x + w}" y1="65" x2="{x + w + gap}" y2="65" stroke="#555" marker-end="url(#arrow)"/>')
    body.append('<text x="10" y="140" font-weight="bold">Vijf punten die de regeling regelt (§5.6.1) / five points the arrangement settles</text>')
    for i, r in enumerate(points):
        lab = _labels(r["s"].value)
        body.append(f'<text x="20" y="{160 + i * 16}" font-size="11">{int(r["o"].value)}. {E(lab.get("nl", ""))}</text>')
    return _svg(10 + len(steps) * (w + gap), 160 + len(points) * 16 + 10, body, "The five steps (thesis §5.6)")


# ---------------------------------------------------------------------------- the page

def build(outdir: str) -> list[Path]:
    kg = store.load()
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, svg in (("concepts-forms.svg", concepts_svg(kg)), ("rules.svg", rules_svg()), ("process.svg", process_svg(kg)),
                      ("classes.svg", classes_svg(kg))):
        (out / name).write_text(svg, encoding="utf-8")
        written.append(out / name)
    (out / "index.html").write_text(_page(kg, out), encoding="utf-8")
    written.append(out / "index.html")
    return written


def _entity(kg, iri: str, kind: str, locate=lambda iri: "", outdir: Path | None = None) -> str:
    lab = _labels(iri)
    defs: dict[str, str] = {}
    for r in kg.select(f"SELECT ?d WHERE {{ <{iri}> skos:definition ?d }}"):
        defs.setdefault(r["d"].language or "nl", r["d"].value)
    srcs = [r["s"].value for r in kg.select(f"SELECT ?s WHERE {{ <{iri}> dcterms:source ?s }} ORDER BY ?s")]
    extra = _structure(kg, iri, kind, locate, outdir) if kind in ("class", "property") else ""
    if kind == "individual":
        rows = kg.select(f"""SELECT ?p ?o WHERE {{ <{iri}> ?p ?o .
            FILTER(?p NOT IN (rdfs:label, skos:definition, dcterms:source, rdf:type, skos:prefLabel)) }} ORDER BY ?p ?o""")
        facts = []
        for r in rows:
            o = r["o"]
            if type(o).__name__ == "NamedNode":
                val = f'<a href="#{E(_local(o.value))}">{E(_labels(o.value).get("nl", _local(o.value)))}</a>' \
                    if o.value.startswith(IGS) else f'<a href="{E(o.value)}">{E(o.value)}</a>'
            else:
                val = E(o.value) + (f' <small>@{o.language}</small>' if getattr(o, "language", None) else "")
            facts.append(f"<tr><td>{E(_local(r['p'].value))}</td><td>{val}</td></tr>")
        if facts:
            extra = '<table class="facts">' + "".join(facts) + "</table>"
    return (f'<section class="entity" id="{E(_local(iri))}"><h4><a href="#{E(_local(iri))}">{E(_local(iri))}</a></h4>'
            f'<div class="bi"><div lang="nl"><b>{E(lab.get("nl", ""))}</b><p>{E(defs.get("nl", ""))}</p></div>'
            f'<div lang="en"><b>{E(lab.get("en", ""))}</b><p>{E(defs.get("en", ""))}</p></div></div>'
            f'<p class="src">bron / source: {_sources_html(srcs)}</p>{extra}</section>')


def classes_svg(kg) -> str:
    """The igs: class hierarchy as an indented tree, a row a class, a line to its superclass."""
    parents: dict[str, list[str]] = {}
    classes = [r["c"].value for r in kg.select(
        "SELECT ?c WHERE { ?c a owl:Class FILTER(STRSTARTS(STR(?c), STR(igs:))) } ORDER BY ?c")]
    for r in kg.select("SELECT ?c ?p WHERE { ?c rdfs:subClassOf ?p FILTER(isIRI(?p) && STRSTARTS(STR(?c), STR(igs:))) }"):
        parents.setdefault(r["c"].value, []).append(r["p"].value)
    children: dict[str, list[str]] = {}
    roots = []
    for c in classes:
        inside = [p for p in parents.get(c, []) if p in classes]
        if inside:
            children.setdefault(inside[0], []).append(c)
        else:
            roots.append(c)
    rows: list[tuple[str, int, str | None]] = []

    def walk(c: str, depth: int, parent: str | None) -> None:
        rows.append((c, depth, parent))
        for k in sorted(children.get(c, []), key=_local):
            walk(k, depth + 1, c)

    for r in sorted(roots, key=_local):
        walk(r, 0, None)
    y = {c: 24 + i * 18 for i, (c, _, _) in enumerate(rows)}
    body = []
    for c, depth, parent in rows:
        x = 12 + depth * 22
        if parent is not None:
            px = 12 + (depth - 1) * 22 + 4
            body.append(f'<path d="M{px},{y[parent] + 4} V{y[c] - 4} H{x - 2}" fill="none" stroke="#999"/>')
        body.append(f'<a href="index.html#{E(_local(c))}"><text x="{x}" y="{y[c]}">{E(_local(c))}</text></a>')
    width = 40 + max((d for _, d, _ in rows), default=0) * 22 + 320
    return _svg(width, 24 + len(rows) * 18, body, "igs: class hierarchy")


def _page(kg, outdir: Path | None = None) -> str:
    from .check import Locator
    from .paths import knowledge_files

    locate = Locator(knowledge_files()).find
    classes = [r["c"].value for r in kg.select(
        "SELECT ?c WHERE { ?c a owl:Class FILTER(STRSTARTS(STR(?c), STR(igs:))) } ORDER BY ?c")]
    props = [r["p"].value for r in kg.select("""SELECT ?p WHERE { ?p a ?t . VALUES ?t { owl:ObjectProperty owl:DatatypeProperty
        owl:AnnotationProperty } FILTER(STRSTARTS(STR(?p), STR(igs:))) } ORDER BY ?p""")]
    individuals: dict[str, list[str]] = {}
    for r in kg.select("""SELECT ?i ?c WHERE { ?i a owl:NamedIndividual , ?c . FILTER(?c != owl:NamedIndividual)
        FILTER(STRSTARTS(STR(?i), STR(igs:))) } ORDER BY ?c ?i"""):
        individuals.setdefault(r["c"].value, []).append(r["i"].value)
    tabel1 = kg.select(load_query("cooperation-concepts"))
    forms = kg.select(load_query("legal-forms"))

    def yes(v) -> str:
        return "✓" if v.value == "true" else "—"

    parts = [f"""<!doctype html><html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>igs-kg ontologie / ontology {__version__}</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:1100px;margin:auto;padding:1em;line-height:1.4}}
.bi{{display:grid;grid-template-columns:1fr 1fr;gap:1em}} .entity{{border-top:1px solid #ddd;padding:.3em 0}}
.src{{font-size:.85em;color:#555}} table{{border-collapse:collapse}} td,th{{border:1px solid #ccc;padding:2px 6px;font-size:.9em}}
.facts td:first-child{{color:#555}} img{{max-width:100%;border:1px solid #eee}} nav a{{margin-right:1em}}
</style></head><body>
<h1>igs-kg: intergemeentelijke samenwerking / inter-municipal cooperation</h1>
<p>Ontologie versie {__version__}; {kg.triple_count} triples. Namespace <code>{IGS}</code>. Naar de scriptie van Hollemans (2015)
en de wet; waar die verschillen staan beide, en beslist de wet. / After the Hollemans thesis (2015) and the law; where they
differ both are kept, and the law decides.</p>
<nav><a href="#diagrams">diagrammen / diagrams</a><a href="#tabel1">Tabel 1</a><a href="#forms">rechtsvormen / legal forms</a>
<a href="#classes">klassen / classes</a><a href="#properties">eigenschappen / properties</a><a href="#individuals">individuen / individuals</a></nav>
<p><label>zoek een term / find a term: <input type="search" id="find" placeholder="mayBeMadeBy"></label></p>
<script>
document.getElementById("find").addEventListener("input", (ev) => {{
  const q = ev.target.value.toLowerCase();
  document.querySelectorAll(".entity").forEach((s) => {{ s.hidden = q !== "" && !s.textContent.toLowerCase().includes(q); }});
}});
</script>
<h2 id="diagrams">Diagrammen / diagrams</h2>
<h3>Klassen / class hierarchy</h3><img src="classes.svg" alt="class hierarchy">
<h3>Concepten en rechtsvormen / concepts and legal forms</h3><img src="concepts-forms.svg" alt="concepts and forms">
<h3>Stappen / steps</h3><img src="process.svg" alt="process steps">
<h3>Regels / rules</h3><img src="rules.svg" alt="rule dependency graph">
<h2 id="tabel1">Tabel 1: samenwerkingsconcepten / cooperation concepts</h2>
<table><tr><th>concept</th><th>standplaats ambtenaren</th><th>kosten</th><th>beheerder diensten</th><th>niveau</th></tr>"""]
    for r in tabel1:
        parts.append("<tr>" + "".join(f"<td>{E(r[k].value)}</td>" for k in ("label", "standplaats", "kosten", "beheerder", "niveau")) + "</tr>")
    parts.append("""</table><h2 id="forms">Wat elke rechtsvorm kan / what each legal form can do</h2>
<table><tr><th>vorm / form</th><th>familie</th><th>rechtspersoon</th><th>eigen personeel</th><th>regelgevend</th><th>besluiten</th><th>grondslag</th></tr>""")
    for r in forms:
        basis = f'<a href="{E(r["basis"].value)}">{E(source_label(r["basis"].value, "nl"))}</a>' if "basis" in r else ""
        parts.append(f'<tr><td><a href="#{E(_local(r["form"].value))}">{E(r["label_nl"].value)}</a></td><td>{E(r["family"].value)}</td>'
                     f'<td>{yes(r["legal_person"])}</td><td>{yes(r["own_staff"])}</td><td>{yes(r["regulatory"])}</td>'
                     f'<td>{yes(r["decisions"])}</td><td>{basis}</td></tr>')
    parts.append('</table><h2 id="classes">Klassen / classes</h2>')
    parts.extend(_entity(kg, c, "class", locate, outdir) for c in classes)
    parts.append('<h2 id="properties">Eigenschappen / properties</h2>')
    parts.extend(_entity(kg, p, "property", locate, outdir) for p in props)
    parts.append('<h2 id="individuals">Individuen / individuals</h2>')
    for cls, members in sorted(individuals.items()):
        parts.append(f'<h3>{E(_labels(cls).get("nl", _local(cls)))} / {E(_labels(cls).get("en", ""))}</h3>')
        parts.extend(_entity(kg, i, "individual") for i in members)
    parts.append("</body></html>")
    return "\n".join(parts)


def load_query(name: str) -> str:
    from .queries import load_named_query

    return load_named_query(name).text
