#!/usr/bin/env python3
"""Build ontology/kb/register.ttl, the register of public bodies, from the authoritative data.

    python tools/build_register.py --tooi DIR --cbs FILE --roo DIR [--out ontology/kb/register.ttl]

The register is generated, not transcribed: when a municipality merges or a waterschap is renamed,
download the new source files and run this again. It reads
- TOOI, the government's value lists (KOOP, CC0): rwc_gemeenten_compleet_<n>.json,
  rwc_provincies_compleet_<n>.json and rwc_waterschappen_compleet_<n>.json in --tooi, the expanded
  JSON-LD published at https://repository.officiele-overheidspublicaties.nl/waardelijsten/<set>/<n>/json/.
  They give the TOOI IRI, the code, the official names with and without their kind, begin and end
  dates, the province of a municipality, earlier names, and each herindeling as an event (which
  bodies ended, which began or grew, on which day, sometimes with its Staatsblad);
- CBS's municipal classification per year since 1990 (--cbs: gemeentelijke-indeling.xml, CBS's
  "Gemeenten alfabetisch" lists with begin and end dates, as NLExtract compiles them; CC BY 4.0),
  for the CBS spelling of each name ("Bergen (NH.)");
- the Register van Overheidsorganisaties as the Polder dataset keeps it (--roo: a folder with
  gemeenten/, provincies/, waterschappen/ and ministeries/ YAML files, CC0), for the names the
  national register writes ("Gemeente Dongen", "Rivierenland"), its ids, and the ministries.
Every body, name and herindeling cites the source it came from. Common names that no register
carries ("Den Haag", "Nuenen") are in ontology/kb/register-aliases.ttl, kept by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import yaml

TOOI_ONT = "https://identifier.overheid.nl/tooi/def/ont/"
TOOI_ID = "https://identifier.overheid.nl/tooi/id/"
PROV = "http://www.w3.org/ns/prov#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CBS_PAGE = "https://www.cbs.nl/nl-nl/onze-diensten/methoden/classificaties/overig/gemeentelijke-indelingen-per-jaar"
ROO_PAGE = "https://organisaties.overheid.nl/"
KINDS = {"gemeente": "igs:Municipality", "provincie": "igs:Province", "waterschap": "igs:Waterschap"}
# events that end bodies and hand them on (TOOI's wijzigingen): the new bodies, or the one that grew
EVENT_TYPES = {"Samenvoeging": ("merger", "samenvoeging"), "Uitbreiding": ("annexation", "opheffing met uitbreiding"),
               "Herschikking": ("rearrangement", "herschikking"), "Splitsing": ("split", "splitsing"),
               "Toestandswijziging": ("change", "toestandswijziging")}


# ---------------------------------------------------------------------------- reading the sources

def read_jsonld(path: Path) -> dict[str, dict[str, list]]:
    """A TOOI value list as subject -> predicate -> objects (pyoxigraph parses the JSON-LD; no
    context is fetched: the files are expanded)."""
    out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for q in ox.parse(path=str(path), format=ox.RdfFormat.JSON_LD):
        out[q.subject.value][q.predicate.value].append(q.object)
    return out


def one(node: dict[str, list], pred: str) -> str | None:
    values = node.get(pred) or []
    return values[0].value if values else None


def version(path: Path) -> int:
    m = re.search(r"_(\d+)\.json$", path.name)
    return int(m.group(1)) if m else 0


def latest(folder: Path, name: str) -> Path:
    files = sorted(folder.glob(f"{name}_*.json"), key=version)
    if not files:
        sys.exit(f"build_register: no {name}_<n>.json in {folder}")
    return files[-1]


def day_after(iso: str) -> str:
    return (dt.date.fromisoformat(iso[:10]) + dt.timedelta(days=1)).isoformat()


def read_cbs(path: Path) -> dict[str, set[str]]:
    """CBS code (4 digits) -> the names CBS gave it over the years."""
    names: dict[str, set[str]] = defaultdict(set)
    for g in ET.parse(path).getroot().iter():
        if g.tag.rsplit("}", 1)[-1] == "gemeente" and g.get("code") and g.get("naam"):
            names[g.get("code").zfill(4)].add(g.get("naam"))
    return names


def read_roo(folder: Path, kind: str) -> list[dict]:
    out = []
    for f in sorted((folder / kind).glob("*.yaml")):
        out.append(yaml.safe_load(f.read_text(encoding="utf-8")))
    return out


def fold(name: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", name.replace("\u2019", "'")).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[\s-]+", " ", s).strip()


def read_bodies(kind: str, g: dict, set_iri: str, cbs_names: dict[str, set[str]], roo_by_tooi: dict[str, dict]) -> list[dict]:
    """The bodies of one TOOI value list, with every name the sources give them."""
    history: dict[str, set[str]] = defaultdict(set)  # earlier names (HistorischeVersie)
    for node in g.values():
        if TOOI_ONT + "HistorischeVersie" in {t.value for t in node.get(RDF_TYPE, [])}:
            of = one(node, PROV + "specializationOf")
            for pred in ("officieleNaamExclSoort", "officieleNaamInclSoort"):
                v = one(node, TOOI_ONT + pred)
                if of and v:
                    history[of].add(v)
    out = []
    for s, node in sorted(g.items()):
        types = {t.value for t in node.get(RDF_TYPE, [])}
        if TOOI_ONT + kind.capitalize() not in types or TOOI_ONT + "HistorischeVersie" in types:
            continue
        code = one(node, TOOI_ONT + "organisatiecode")
        excl = one(node, TOOI_ONT + "officieleNaamExclSoort") or one(node, RDFS_LABEL)
        incl = one(node, TOOI_ONT + "officieleNaamInclSoort") or one(node, RDFS_LABEL)
        label = one(node, RDFS_LABEL) or incl
        names = {n for n in (excl, incl, label, one(node, TOOI_ONT + "voorkeursnaamExclSoort"),
                             one(node, TOOI_ONT + "voorkeursnaamInclSoort")) if n} | history.get(s, set())
        bare = {n for n in (excl, one(node, TOOI_ONT + "voorkeursnaamExclSoort")) if n} | history.get(s, set())
        sources = [f"<{set_iri}>"]
        if kind == "gemeente":
            cbs_set = cbs_names.get(one(node, TOOI_ONT + "gemeentecode") or "", set())
            if cbs_set:
                names |= cbs_set
                sources.append(f"<{CBS_PAGE}>")
        org = roo_by_tooi.get(s) or {}
        roo_names = {n["value"] for n in org.get("names") or [] if n.get("value")}
        abbr = {n["abbr"] for n in org.get("names") or [] if n.get("abbr") and len(n["abbr"]) > 2}
        names |= roo_names | abbr | {re.sub(r"\s+c\.a\.$", "", a) for a in abbr if a.endswith(" c.a.")}
        bare |= {n for n in roo_names if not re.match(r"(?i)(gemeente|provincie|waterschap|hoogheemraadschap|wetterskip) ", n)}
        roo_id = (org.get("identifiers") or {}).get("roo_id")
        if roo_id:
            sources.append(f"<{ROO_PAGE}>")
        if kind == "gemeente":
            pref, en = excl, excl
        elif kind == "provincie":
            pref, en = f"Provincie {excl}", f"Province of {excl}"
        else:
            pref = label[:1].upper() + label[1:]
            en = pref
        out.append({"iri": s, "kind": kind, "code": code, "pref": pref, "en": en, "names": names, "bare": bare,
                    "begin": one(node, TOOI_ONT + "begindatum"), "end": one(node, TOOI_ONT + "einddatum"),
                    "province": one(node, TOOI_ONT + "ligtInProvincie"), "roo_id": roo_id, "sources": sources})
    return out


# ---------------------------------------------------------------------------- Turtle

def lit(s: str, lang: str | None = None) -> str:
    esc = s.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{esc}"' + (f"@{lang}" if lang else "")


def date(s: str) -> str:
    return f'"{s}"^^xsd:date'


class Out:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def block(self, head: str, *props: str) -> None:
        """`head` is the subject and its type; each prop a predicate-object list, empty ones left out."""
        self.lines.append(" ;\n    ".join([head] + [p for p in props if p]) + " .\n")


def build(tooi: Path, cbs: Path, roo: Path) -> str:
    lists = {"gemeente": "rwc_gemeenten_compleet", "provincie": "rwc_provincies_compleet", "waterschap": "rwc_waterschappen_compleet"}
    files = {k: latest(tooi, name) for k, name in lists.items()}
    sets = {k: f"https://identifier.overheid.nl/tooi/set/{lists[k]}/{version(p)}" for k, p in files.items()}
    graphs = {k: read_jsonld(p) for k, p in files.items()}
    cbs_names = read_cbs(cbs)
    roo_by_tooi: dict[str, dict] = {}
    for kind in ("gemeenten", "provincies", "waterschappen", "ministeries"):
        for org in read_roo(roo, kind):
            t = (org.get("identifiers") or {}).get("tooi")
            if t:
                roo_by_tooi.setdefault(t, org)
    o = Out()
    o.lines.append(HEADER.format(**{f"set_{k}": v for k, v in sets.items()}, cbs=CBS_PAGE, roo=ROO_PAGE))
    for k, iri in sets.items():
        o.block(f"<{iri}> a igs:OfficialRegister",
                f"rdfs:label {lit(f'TOOI-waardelijst {k}en (compleet), versie ' + iri.rsplit('/', 1)[1], 'nl')} , "
                f"{lit(f'TOOI value list of {k}s (complete), version ' + iri.rsplit('/', 1)[1], 'en')}",
                f"igs:citation {lit('TOOI ' + iri.rsplit('/set/', 1)[1])}", f"dcterms:source <{iri}>")
    o.block(f"<{CBS_PAGE}> a igs:OfficialRegister",
            f"rdfs:label {lit('CBS: gemeentelijke indelingen per jaar', 'nl')} , "
            f"{lit('Statistics Netherlands: municipal classifications per year', 'en')}",
            f"igs:citation {lit('CBS, gemeentelijke indeling per jaar')}", f"dcterms:source <{CBS_PAGE}>")
    o.block(f"<{ROO_PAGE}> a igs:OfficialRegister",
            f"rdfs:label {lit('Register van Overheidsorganisaties (ROO)', 'nl')} , "
            f"{lit('Register of Government Organisations (ROO)', 'en')}",
            f"igs:citation {lit('Register van Overheidsorganisaties')}", f"dcterms:source <{ROO_PAGE}>")

    counts: dict[str, int] = defaultdict(int)
    bodies = [b for kind, g in graphs.items() for b in read_bodies(kind, g, sets[kind], cbs_names, roo_by_tooi)]
    BODIES.extend(bodies)
    # A bare name ("Utrecht", "Limburg") is the municipality's, then the province's, then the
    # waterschap's: a province or waterschap keeps it only when no body of a kind before it has it.
    taken: set[str] = set()
    for rank in ("gemeente", "provincie", "waterschap"):
        mine = [b for b in bodies if b["kind"] == rank]
        for b in mine:
            b["names"] = {n for n in b["names"] if n not in b["bare"] or fold(n) not in taken}
        taken |= {fold(n) for b in mine for n in b["names"] | {b["pref"]}}
    # A change of state (TOOI Toestandswijziging: Hoogheemraadschap Amstel, Gooi en Vecht became
    # waterschap Amstel, Gooi en Vecht in 2017) gives the body a new begindatum, but the body is the
    # same one (its earlier version is <iri>_hv…): that date is not when it came into being.
    for g in graphs.values():
        for node in g.values():
            if TOOI_ONT + "Toestandswijziging" not in {t.value for t in node.get(RDF_TYPE, [])}:
                continue
            when = (one(node, TOOI_ONT + "tijdstipWijziging") or "")[:10]
            same = {x.value for x in node.get(PROV + "used", [])}
            for b in bodies:
                if b["iri"] in same and b["begin"] == when and any(
                        x.value.startswith(b["iri"] + "_hv") for x in node.get(PROV + "invalidated", [])):
                    b["begin"] = None
    for b in bodies:
        counts[b["kind"]] += 1
        names = sorted(b["names"] - {b["pref"]})
        o.block(f"<{b['iri']}> a owl:NamedIndividual , {KINDS[b['kind']]}",
                f"skos:prefLabel {lit(b['pref'], 'nl')} ; rdfs:label {lit(b['pref'], 'nl')} , {lit(b['en'], 'en')}",
                " ; ".join(f"skos:altLabel {lit(n, 'nl')}" for n in names) if names else "",
                f"igs:tooiCode {lit(b['code'])}" + (f" ; igs:cbsCode {lit(b['code'][2:])}" if b["kind"] == "gemeente" else ""),
                f"igs:begin {date(b['begin'])}" if b["begin"] else "",
                f"igs:end {date(day_after(b['end']))}" if b["end"] else "",
                f"igs:inProvince <{b['province']}>" if b["province"] else "",
                f"igs:rooId {lit(str(b['roo_id']))}" if b["roo_id"] else "",
                f"dcterms:source {' , '.join(b['sources'])}")
    label_of = {b["iri"]: b["pref"] for b in bodies}
    end_of = {b["iri"]: b["end"] for b in bodies}
    for kind, g in graphs.items():
        for s, node in sorted(g.items()):
            typ = next((t.value.rsplit("/", 1)[-1] for t in node.get(RDF_TYPE, []) if t.value.rsplit("/", 1)[-1] in EVENT_TYPES), None)
            if typ is None:
                continue
            ended = sorted(x.value for x in node.get(PROV + "invalidated", []) if x.value in label_of)
            after = sorted(x.value for x in node.get(PROV + "generated", []) + node.get(PROV + "used", []) if x.value in label_of)
            when = (one(node, TOOI_ONT + "tijdstipWijziging") or "")[:10]
            # the day the ended bodies no longer existed (their einddatum + 1); TOOI's tijdstipWijziging
            # agrees with it but for a few events a day off (Groenlo, 2006), where the bodies' own dates win
            ends = {day_after(end_of[x]) for x in ended if end_of.get(x)}
            if len(ends) == 1:
                when = ends.pop()
            if not ended or not after or not when:
                continue  # a change of name only (the earlier name is the body's altLabel)
            basis = [x.value for x in node.get(TOOI_ONT + "heeftJuridischeGrondslag", []) + node.get(TOOI_ONT + "heeftGrondslag", [])]
            en_word, nl_word = EVENT_TYPES[typ]
            what = f"{', '.join(label_of[x] for x in ended)} → {', '.join(label_of[x] for x in after)} ({when})"
            o.block(f"<{s}> a owl:NamedIndividual , igs:Herindeling",
                    f"rdfs:label {lit(f'{nl_word.capitalize()}: {what}', 'nl')} , {lit(f'{en_word.capitalize()}: {what}', 'en')}",
                    f"igs:reorganisationDate {date(when)}",
                    f"igs:endedBody {' , '.join(f'<{x}>' for x in ended)}",
                    f"igs:successorBody {' , '.join(f'<{x}>' for x in after)}",
                    f"dcterms:source {' , '.join([f'<{sets[kind]}>'] + [f'<{b}>' for b in basis])}")
            for b in basis:
                o.block(f"<{b}> a igs:OfficialPublication", f"rdfs:label {lit(stb_citation(b), 'nl')} , {lit(stb_citation(b), 'en')}",
                        f"igs:citation {lit(stb_citation(b))}", f"dcterms:source <{b}>")
    ministries = [org for org in read_roo(roo, "ministeries") if (org.get("identifiers") or {}).get("tooi")
                  and not org.get("valid_until")]
    for org in sorted(ministries, key=lambda x: x["identifiers"]["tooi"]):
        tooi_iri = org["identifiers"]["tooi"]
        current = [n for n in org.get("names") or [] if not n.get("valid_until")] or org.get("names") or []
        name = current[-1]["value"]
        short = re.sub(r"^Ministerie van ", "", name)
        abbr = {n.get("abbr") for n in current if n.get("abbr")}
        alts = sorted({short, f"Ministerie van {short}", f"Minister van {short}"} | abbr - {name})
        o.block(f"<{tooi_iri}> a owl:NamedIndividual , igs:RijkBody",
                f"skos:prefLabel {lit('Ministerie van ' + short, 'nl')} ; "
                f"rdfs:label {lit('Ministerie van ' + short, 'nl')} , {lit('Ministry: ' + short, 'en')}",
                " ; ".join(f"skos:altLabel {lit(a, 'nl')}" for a in alts),
                f"igs:tooiCode {lit(tooi_iri.rsplit('/', 1)[1])}",
                f"igs:rooId {lit(str(org['identifiers'].get('roo_id')))}" if org["identifiers"].get("roo_id") else "",
                f"dcterms:source <{ROO_PAGE}>")
        counts["ministerie"] += 1
    # the openbare lichamen and other bodies of regelingen (TOOI's samenwerkingsorganen), which can
    # themselves take part in a regeling (Wgr art. 93 onder a)
    for org in sorted(read_roo(roo, "gemeenschappelijke-regelingen"), key=lambda x: x["id"]):
        ids = org.get("identifiers") or {}
        tooi_iri = ids.get("tooi")
        if not tooi_iri or "/so/" not in tooi_iri or not org.get("names"):
            continue
        names = [n for n in org["names"] if n.get("value")]
        name = names[-1]["value"]
        alts = sorted({n["value"] for n in names} | {n["abbr"] for n in names if n.get("abbr") and len(n["abbr"]) > 2} - {name})
        end = org.get("valid_until")
        o.block(f"<{tooi_iri}> a owl:NamedIndividual , igs:RegelingBody",
                f"skos:prefLabel {lit(name, 'nl')} ; rdfs:label {lit(name, 'nl')} , {lit(name, 'en')}",
                " ; ".join(f"skos:altLabel {lit(a, 'nl')}" for a in alts) if alts else "",
                f"igs:tooiCode {lit(tooi_iri.rsplit('/', 1)[1])}",
                f"igs:end {date(str(end)[:10])}" if end else "",
                f"igs:rooId {lit(str(ids['roo_id']))}" if ids.get("roo_id") else "",
                f"dcterms:source <{ROO_PAGE}>")
        counts["samenwerkingsorgaan"] += 1
    print(", ".join(f"{v} {k}" for k, v in sorted(counts.items())), file=sys.stderr)
    return "".join(o.lines)


def annex_memberships(annexes: list[tuple[Path, str]], bodies: list[dict], regions: Path) -> str:
    """The municipalities of each safety region as the annex to the Wet veiligheidsregio's lists
    them (art. 8: "overeenkomstig de bij deze wet behorende bijlage"), read from the consolidated
    texts given (Markdown, as KOOP's consolidations are converted in statengeneraal/laws-markdown),
    each membership citing the annex of its date."""
    region_of_name = {}
    rg = ox.Store()
    rg.load(path=str(regions), format=ox.RdfFormat.TURTLE)
    for r in rg.query("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?r ?l WHERE { ?r skos:prefLabel ?l }"):
        region_of_name[fold(re.sub(r"^Veiligheidsregio ", "", r["l"].value))] = r["r"].value
    facts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path, day in annexes:
        text = path.read_text(encoding="utf-8")
        annex = text[text.index("### Bijlage"):]
        living = [b for b in bodies if b["kind"] == "gemeente" and (not b["begin"] or b["begin"] <= day)
                  and (not b["end"] or day_after(b["end"]) > day)]
        by_name: dict[str, list[dict]] = defaultdict(list)
        for b in living:
            for n in {fold(x) for x in b["names"] | {b["pref"]}}:
                by_name[n].append(b)
        for m in re.finditer(r"^#### \*(.+?)\*\s*\n\s*\n(.+?)\.\s*$", annex, re.M):
            region = region_of_name.get(fold(m.group(1)))
            if region is None:
                sys.exit(f"build_register: region {m.group(1)!r} of the annex of {day} is not in {regions}")
            members = match_names(m.group(2), by_name, day)
            for b in members:
                facts[(b["iri"], region)].append(day)
    out = []
    for (body, region), days in sorted(facts.items()):
        sources = " , ".join(f"<https://wetten.overheid.nl/jci1.3:c:BWBR0027466&artikel=8&g={d}>" for d in sorted(days))
        out.append(f"<{body}> igs:safetyRegion <{region}> .\n[] a owl:Axiom ; owl:annotatedSource <{body}> ; "
                   f"owl:annotatedProperty igs:safetyRegion ; owl:annotatedTarget <{region}> ;\n   dcterms:source {sources} .\n")
    if UNMATCHED:
        sys.exit("build_register: the annex names municipalities no source of their day calls so (add them to "
                 "register-aliases.ttl): " + "; ".join(UNMATCHED))
    return ANNEX_HEADER + "\n".join(out)


def match_names(listing: str, by_name: dict[str, list[dict]], day: str) -> list[dict]:
    """The municipalities of one region's list, longest name first: "Nuenen, Gerwen en
    Nederwetten" holds a comma, and "Bergen" is two municipalities (the one in the region's
    province, which its other members tell)."""
    rest, found, unsure = listing.strip(), [], []
    while rest:
        folded = fold(rest)
        hit = max((n for n in by_name if folded == n or folded.startswith(n + ",")), key=len, default=None)
        if hit is None:
            name = rest.split(",")[0]
            UNMATCHED.append(f"{day}: {name}")
            rest = rest[len(name):].lstrip(", ")
            continue
        (unsure if len(by_name[hit]) > 1 else found).append(by_name[hit])
        rest = rest[len(hit):].lstrip(", ")
        # fold() keeps the length of plain text; a name with diacritics is compared folded
        while rest and fold(rest[:1]) == "":
            rest = rest[1:]
    members = [c[0] for c in found]
    provinces = {b["province"] for b in members}
    for candidates in unsure:
        inside = [c for c in candidates if c["province"] in provinces]
        if len(inside) != 1:
            sys.exit(f"build_register: the annex of {day} names {candidates[0]['pref']!r}, which the region's province does not settle")
        members.append(inside[0])
    return members


ANNEX_HEADER = """# The municipalities of each veiligheidsregio as the annex to the Wet veiligheidsregio's lists them
# (art. 8: "overeenkomstig de bij deze wet behorende bijlage"), generated by tools/build_register.py
# from the consolidated texts of the dates its sources name; each membership cites the annex of its
# date. Municipalities formed after the last annex read are in safety-regions-after-2015.ttl.

@prefix igs:     <https://w3id.org/igs-kg/def#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

"""


def stb_citation(url: str) -> str:
    m = re.search(r"/(stb|stcrt|prb|gmb|wsb)-(\d{4})-(\d+)", url)
    if not m:
        return url
    name = {"stb": "Stb.", "stcrt": "Stcrt.", "prb": "Prb.", "gmb": "Gmb.", "wsb": "Wsb."}[m.group(1)]
    return f"{name} {m.group(2)}, {m.group(3)}"


BODIES: list[dict] = []  # the bodies read, for the annex of the Wvr
UNMATCHED: list[str] = []  # names of the annex no body of its day has

HEADER = """# The register of public bodies that can take part in a regeling, generated by
# tools/build_register.py from the authoritative data; do not edit by hand (run the script again
# with newer source files). Every municipality since 2000, province and waterschap with its TOOI
# IRI and code, official names with and without their kind, the names CBS and the Register van
# Overheidsorganisaties write, begin and end dates (igs:end is the first day it no longer existed),
# its province, and each herindeling (TOOI's change events, with the Staatsblad where TOOI names
# it); the ministries of the Rijk as the Register van Overheidsorganisaties lists them today, and
# the bodies of regelingen (TOOI's samenwerkingsorganen) as it lists them.
# Sources: {set_gemeente}, {set_provincie}, {set_waterschap};
# {cbs}; {roo}.

@prefix igs:     <https://w3id.org/igs-kg/def#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tooi", type=Path, required=True, help="folder with the TOOI value lists (expanded JSON-LD)")
    ap.add_argument("--cbs", type=Path, required=True, help="CBS municipal classification per year (XML)")
    ap.add_argument("--roo", type=Path, required=True, help="folder with the ROO organisations as Polder keeps them (YAML)")
    ap.add_argument("--wvr", action="append", default=[], metavar="FILE=YYYY-MM-DD",
                    help="a consolidated text of the Wet veiligheidsregio's (Markdown) and its date; repeat for each")
    kb = Path(__file__).resolve().parents[1] / "ontology" / "kb"
    ap.add_argument("--out", type=Path, default=kb / "register.ttl")
    ap.add_argument("--regions-out", type=Path, default=kb / "safety-regions.ttl")
    ap.add_argument("--aliases", type=Path, default=kb / "register-aliases.ttl", help="the names kept by hand (read, not written)")
    args = ap.parse_args()
    args.out.write_text(build(args.tooi, args.cbs, args.roo), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    aliases = ox.Store()
    aliases.load(path=str(args.aliases), format=ox.RdfFormat.TURTLE)
    extra: dict[str, set[str]] = defaultdict(set)
    for r in aliases.query("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?b ?l WHERE { ?b skos:altLabel ?l }"):
        extra[r["b"].value].add(r["l"].value)
    for b in BODIES:
        b["names"] |= extra.get(b["iri"], set())
    if args.wvr:
        annexes = [(Path(a.split("=")[0]), a.split("=")[1]) for a in args.wvr]
        args.regions_out.write_text(annex_memberships(annexes, BODIES, kb / "regions.ttl"), encoding="utf-8")
        print(f"wrote {args.regions_out}", file=sys.stderr)


if __name__ == "__main__":
    main()
