"""Make every clause of the draft cite, for each article of law it rests on, the text of that
article in force in each period the clause applies to (ontology/kb/amendments.ttl says when an
article changed): a clause without dates that cites only the 2015 text of art. 9 also gets the
texts since 2018 and since 2022 (the article as a whole: a lid may have had another number),
so that a draft of any date cites the text of its date
(`igs-kg check` reports a gap as `law-link-version-gap`). New links are described in
ontology/kb/sources.ttl. Run after adding clauses or amendments:

    python tools/cite_versions.py
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from igs_kg import check, store

ROOT = Path(__file__).resolve().parent.parent
CLAUSES = ROOT / "ontology" / "kb" / "clauses.ttl"
SOURCES = ROOT / "ontology" / "kb" / "sources.ttl"
ABBREVIATIONS = {"BWBR0003740": ("Wgr", "Wgr")}
READ = [dt.date(2014, 1, 1), dt.date(2015, 1, 1), dt.date(2025, 2, 12)]   # the texts transcribed in the law files


def _label(link: str, day: dt.date) -> tuple[str, str]:
    m = re.search(r"c:(BWBR\d+)&artikel=([0-9a-z]+)(?:&lid=(\d+))?", link)
    act = ABBREVIATIONS.get(m.group(1), (m.group(1), m.group(1)))
    nl = f"{act[0]} art. {m.group(2)}" + (f" lid {m.group(3)}" if m.group(3) else "")
    en = f"{act[1]} art. {m.group(2)}" + (f"({m.group(3)})" if m.group(3) else "")
    year = day.year if day != dt.date(2025, 2, 12) else 2025
    return f"{nl} (tekst {year})", f"{en} ({year} text)"


def main() -> None:
    kg = store.load()
    gaps = check.clause_version_gaps(kg)
    text = CLAUSES.read_text(encoding="utf-8")
    described = set(re.findall(r"^<(https://wetten\.overheid\.nl/[^>]+)> a igs:LawArticle", SOURCES.read_text(encoding="utf-8"), re.M))
    new: dict[str, tuple[str, str]] = {}
    for clause, link, (start, end) in gaps:
        day = next((d for d in READ if start <= d < end), start if start != dt.date.min else READ[0])
        # the article as a whole in the text of that period: a lid may have another number then
        added = re.sub(r"&lid=[^&]+", "", re.sub(r"&g=\d{4}-\d\d-\d\d", f"&g={day.isoformat()}", link))
        local = clause.rsplit("#", 1)[-1]
        # the clause's dcterms:source list: its statement ends the item (the style of clauses.ttl)
        start = re.search(rf"^igs:{re.escape(local)} a ", text, re.M)
        if start is None:
            continue
        at = text.index("\n    dcterms:source ", start.start())
        end = text.index(" .\n", at)
        if re.search(r"^igs:\S+ a ", text[start.end():at], re.M):
            raise SystemExit(f"{local}: no dcterms:source of its own before the next item")
        if f"<{added}>" in text[at:end]:
            continue
        text = text[:end] + f" , <{added}>" + text[end:]
        if added not in described:
            new[added] = _label(added, day)
    CLAUSES.write_text(text, encoding="utf-8")
    if new:
        lines = ["", "# ---------------------------------------------------------------- texts per period (tools/cite_versions.py)"]
        for link, (nl, en) in sorted(new.items()):
            note = "" if any(f"&g={d.isoformat()}" in link for d in READ) else (
                ' ; skos:note "De tekst van deze periode staat niet in de wetsbestanden van het project; het artikel van '
                'het concept volgt de tekst ervoor."@nl , "The text of this period is not in the project\'s law files; '
                'the article of the draft follows the text before it."@en')
            lines.append(f'<{link}> a igs:LawArticle ;\n    rdfs:label "{nl}"@nl , "{en}"@en ;\n    igs:citation "{nl}"{note} ;\n'
                         f"    dcterms:source <{link}> .")
        SOURCES.write_text(SOURCES.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(gaps)} gaps, {len(new)} new links described")


if __name__ == "__main__":
    main()
