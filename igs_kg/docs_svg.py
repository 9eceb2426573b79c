"""The diagrams of `igs-kg docs`, drawn from the graph as plain SVG (no Graphviz needed): the
concepts and the forms that realise them, the rule dependency graph, the process steps and the
igs: class hierarchy."""

from __future__ import annotations

import html

from .vocabulary import vocabulary

E = html.escape


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def _labels(iri: str) -> dict[str, str]:
    return vocabulary().labels.get(iri, {})


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
        for k in sorted(children.get(c, []), key=local_name):
            walk(k, depth + 1, c)

    for r in sorted(roots, key=local_name):
        walk(r, 0, None)
    y = {c: 24 + i * 18 for i, (c, _, _) in enumerate(rows)}
    body = []
    for c, depth, parent in rows:
        x = 12 + depth * 22
        if parent is not None:
            px = 12 + (depth - 1) * 22 + 4
            body.append(f'<path d="M{px},{y[parent] + 4} V{y[c] - 4} H{x - 2}" fill="none" stroke="#999"/>')
        body.append(f'<a href="classes.html#{E(local_name(c))}"><text x="{x}" y="{y[c]}">{E(local_name(c))}</text></a>')
    width = 40 + max((d for _, d, _ in rows), default=0) * 22 + 320
    return _svg(width, 24 + len(rows) * 18, body, "igs: class hierarchy")
