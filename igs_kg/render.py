"""The advice for people: plain text and Markdown, short, in Dutch or English, every reason with
its articles (as links in Markdown, with their URL in text)."""

from __future__ import annotations

from .advice import vocabulary

WORDS = {
    "nl": {"title": "Advies", "law": "recht per", "participants": "Deelnemers", "regeling": "Soort regeling",
           "effective": "In werking", "concepts": "Samenwerkingsconcepten", "forms": "Rechtsvormen",
           "fits": "past", "excluded": "past niet", "chosen": "gekozen", "conditions": "Let op",
           "procedure": "Procedure", "stakeholders": "Wie betrekken", "factors": "Factoren om op te letten",
           "steps": "Stappenplan", "warnings": "Waarschuwingen", "none": "geen",
           "bevorderend": "helpt", "belemmerend": "hindert", "public": "publiekrecht", "private": "privaatrecht",
           "other": "ander middel", "thesis": "scriptie", "why": "waarom", "score": "score", "sources": "Bronnen"},
    "en": {"title": "Advice", "law": "law as of", "participants": "Participants", "regeling": "Kind of arrangement",
           "effective": "In force", "concepts": "Cooperation concepts", "forms": "Legal forms",
           "fits": "fits", "excluded": "excluded", "chosen": "chosen", "conditions": "Mind",
           "procedure": "Procedure", "stakeholders": "Whom to involve", "factors": "Factors to watch",
           "steps": "Steps", "warnings": "Warnings", "none": "none",
           "bevorderend": "helps", "belemmerend": "hinders", "public": "public law", "private": "private law",
           "other": "other construct", "thesis": "thesis", "why": "why", "score": "score", "sources": "Sources"},
}


def source_label(source: str, lang: str) -> str:
    """'https://wetten...&artikel=8&lid=2' -> 'Wgr art. 8 lid 2'; 'thesis §5.3.1' -> 'scriptie §5.3.1'."""
    if source.startswith("thesis"):
        return source.replace("thesis", WORDS[lang]["thesis"], 1)
    cited = vocabulary().citations.get(source)
    return cited or source


class SourceNotes:
    """Sources in plain text: a linked source is cited by its label and a number, and listed once,
    numbered, at the end ('Wgr art. 8 lid 2 [3]' ... '[3] https://...')."""

    def __init__(self, lang: str):
        self.lang = lang
        self.numbers: dict[str, int] = {}

    def cite(self, sources: list[str]) -> list[str]:
        parts = []
        for s in sources:
            if s.startswith("http"):
                self.numbers.setdefault(s, len(self.numbers) + 1)
                parts.append(f"{source_label(s, self.lang)} [{self.numbers[s]}]")
            else:
                parts.append(source_label(s, self.lang))
        return parts

    def listing(self) -> list[str]:
        return [f"  [{number}] {url}" for url, number in self.numbers.items()]


def _regeling_label(advice: dict, lang: str) -> str:
    rt = advice.get("regeling_type")
    if not rt:
        return WORDS[lang]["none"]
    from .advice import label, n

    return label(n(rt), vocabulary(), lang)


def _participants(situation, lang: str) -> str:
    from .inputs import municipality_label

    return ", ".join(municipality_label(p) for p in situation.participants)


def to_text(advice: dict, situation, lang: str = "nl") -> str:
    return _render(advice, situation, lang, markdown=False)


def to_markdown(advice: dict, situation, lang: str = "nl") -> str:
    return _render(advice, situation, lang, markdown=True)


def _render(advice: dict, situation, lang: str, markdown: bool) -> str:
    w = WORDS[lang]
    out: list[str] = []

    def head(text: str, level: int = 2) -> None:
        out.append("")
        out.append(("#" * level + " " + text) if markdown else text.upper())

    notes = SourceNotes(lang)  # text output: each linked source once, numbered, listed at the end

    def cite(sources: list[str]) -> str:
        if not sources:
            return ""
        if markdown:
            parts = [f"[{source_label(s, lang)}]({s})" if s.startswith("http") else source_label(s, lang) for s in sources]
        else:
            parts = notes.cite(sources)
        return " (" + "; ".join(parts) + ")"

    bullet = "- " if markdown else "  - "
    sub = "  - " if markdown else "      "
    name = ""
    for t in situation.triples:
        if t.subject == situation.iri and t.predicate.value.endswith("#name"):
            name = ": " + t.object.value
    out.append(("# " if markdown else "") + f"{w['title']}{name}")
    out.append(f"{w['law']} {advice['as_of']} · {w['participants']}: {_participants(situation, lang)}")
    out.append(f"{w['regeling']}: {_regeling_label(advice, lang)}"
               + (f" · {w['effective']}: {advice['effective_date']}" if advice.get("effective_date") else ""))
    if advice["warnings"]:
        head(w["warnings"])
        for x in advice["warnings"]:
            out.append(bullet + x["text"][lang] + cite(x.get("sources", [])))

    head(w["concepts"])
    for c in advice["concepts"]:
        if c["verdict"] == "fits":
            out.append(f"{bullet}{c['rank']}. {c['label'][lang]} — {w['fits']} ({w['score']} {c['score']})")
            for r in c["reasons"]:
                out.append(sub + r["text"][lang] + cite(r["sources"]))
        else:
            out.append(f"{bullet}✗ {c['label'][lang]} — {w['excluded']}")
            for r in c["reasons"][:3]:
                out.append(sub + r["text"][lang] + cite(r["sources"]))

    head(w["forms"])
    for f in advice["legal_forms"]:
        fam = w[f["family"]]
        if f["verdict"] == "fits":
            out.append(f"{bullet}{f['rank']}. {f['label'][lang]} ({fam}) — {w['fits']}")
            for r in f["reasons"]:
                if r["rule"] != "form-fits":
                    out.append(sub + r["text"][lang] + cite(r["sources"]))
            for c in f["conditions"]:
                out.append(sub + f"{w['conditions']}: " + c["text"][lang] + cite(c["sources"]))
        else:
            out.append(f"{bullet}✗ {f['label'][lang]} ({fam}) — {w['excluded']}")
            for r in f["reasons"]:
                out.append(sub + r["text"][lang] + cite(r["sources"]))

    head(w["procedure"])
    if not advice["procedure"]:
        out.append(bullet + w["none"])
    for i, p in enumerate(advice["procedure"], 1):
        out.append(f"{bullet}{i}. {p['label'][lang]}{cite(p['sources'])}")
        out.append(sub + p["text"][lang])
        if p["reasons"]:
            out.append(sub + f"{w['why']}: " + p["reasons"][0]["text"][lang])

    head(w["stakeholders"])
    for st in advice["stakeholders"]:
        why = st["reasons"][0]["text"][lang] if st["reasons"] else ""
        out.append(f"{bullet}{st['label'][lang]}: {why}")

    head(w["factors"])
    for f in advice["factors"]:
        why = f["reasons"][0]["text"][lang] if f["reasons"] else ""
        out.append(f"{bullet}{f['label'][lang]} ({w[f['polarity']]}) — {why}")

    head(w["steps"])
    for st in advice["steps"]:
        out.append(f"{bullet}{st['label'][lang]}")
    if notes.numbers:
        head(w["sources"])
        out.extend(notes.listing())
    return "\n".join(out).strip() + "\n"
