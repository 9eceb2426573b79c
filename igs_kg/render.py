"""The advice for people: plain text and Markdown, short, in Dutch or English, every reason with
its articles (as links in Markdown, with their URL in text)."""

from __future__ import annotations

from .vocabulary import vocabulary

WORDS = {
    "nl": {"title": "Advies", "law": "recht per", "participants": "Deelnemers", "regeling": "Soort regeling",
           "effective": "In werking", "concepts": "Samenwerkingsconcepten", "forms": "Rechtsvormen",
           "fits": "past", "excluded": "past niet", "chosen": "gekozen", "conditions": "Let op",
           "procedure": "Procedure", "stakeholders": "Wie betrekken", "factors": "Factoren om op te letten",
           "steps": "Stappenplan", "warnings": "Waarschuwingen", "none": "geen",
           "bevorderend": "helpt", "belemmerend": "hindert", "public": "publiekrecht", "private": "privaatrecht",
           "other": "ander middel", "thesis": "scriptie", "why": "waarom", "score": "score", "sources": "Bronnen",
           "steps_word": "stap", "conclusion": "Conclusie", "best": "het best past {concept} als {form}",
           "once": "Eenmalig, bij deze handeling", "ongoing": "Doorlopend, zolang de regeling bestaat", "yearly": "Elk jaar",
           "also": "{n} andere vormen passen ook", "also1": "1 andere vorm past ook", "nothing": "geen rechtsvorm past",
           "nconcept": "geen samenwerkingsconcept past", "nwarn": "{n} waarschuwingen", "nwarn1": "1 waarschuwing"},
    "en": {"title": "Advice", "law": "law as of", "participants": "Participants", "regeling": "Kind of arrangement",
           "effective": "In force", "concepts": "Cooperation concepts", "forms": "Legal forms",
           "fits": "fits", "excluded": "excluded", "chosen": "chosen", "conditions": "Mind",
           "procedure": "Procedure", "stakeholders": "Whom to involve", "factors": "Factors to watch",
           "steps": "Steps", "warnings": "Warnings", "none": "none",
           "bevorderend": "helps", "belemmerend": "hinders", "public": "public law", "private": "private law",
           "other": "other construct", "thesis": "thesis", "why": "why", "score": "score", "sources": "Sources",
           "steps_word": "steps", "conclusion": "Conclusion", "best": "{concept} as {form} fits best",
           "once": "Once, for this action", "ongoing": "Ongoing, as long as the arrangement exists", "yearly": "Every year",
           "also": "{n} other forms fit too", "also1": "1 other form fits too", "nothing": "no legal form fits",
           "nconcept": "no cooperation concept fits", "nwarn": "{n} warnings", "nwarn1": "1 warning"},
}


def source_label(source: str, lang: str) -> str:
    """'https://wetten...&artikel=8&lid=2' -> 'Wgr art. 8 lid 2'; 'thesis §5.3.1' -> 'scriptie §5.3.1'."""
    if source.startswith("thesis"):
        return source.replace("thesis", WORDS[lang]["thesis"], 1)
    vocab = vocabulary()
    # an English text names a source by its English label ("Civil Code Book 2 art. 27"), Dutch by its citation
    labelled = vocab.labels.get(source, {}).get(lang) if lang != "nl" else None
    return labelled or vocab.citations.get(source) or source


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
    from .vocabulary import label, n

    return label(n(rt), vocabulary(), lang)


def _participants(situation, lang: str) -> str:
    from .inputs import municipality_label

    return ", ".join(municipality_label(p) for p in situation.participants)


GROUP_FROM = 3  # so many forms excluded by one and the same rule alone are one line


def _excluded_by_one_rule(forms: list[dict]) -> dict[str, tuple[str, list[dict]]]:
    """Forms whose only exclusion comes from one rule shared by GROUP_FROM or more forms (a form
    the law prescribes excludes all the others): form id -> (rule, the group, given at its first)."""
    by_rule: dict[str, list[dict]] = {}
    for f in forms:
        rules_of = {r["rule"] for r in f["reasons"]}
        if f["verdict"] != "fits" and len(rules_of) == 1:
            by_rule.setdefault(next(iter(rules_of)), []).append(f)
    out: dict[str, tuple[str, list[dict]]] = {}
    for rule, group in by_rule.items():
        if len(group) >= GROUP_FROM:
            for k, f in enumerate(group):
                out[f["id"]] = (rule, group if k == 0 else [])
    return out


def _rule_summary(rule_id: str, lang: str) -> str:
    """The rule's point without its bindings (its '# summary:' header, else its label)."""
    from .rules import load_rules

    rule = load_rules().by_id()[rule_id]
    return rule.summary.get(lang) or rule.label.get(lang) or rule_id


def conclusion(advice: dict, lang: str) -> str:
    """The advice in one line: what fits best, how many other forms fit, the warnings."""
    w = WORDS[lang]

    def first(items: list[dict]) -> dict | None:
        fitting = [x for x in items if x.get("verdict") == "fits"]
        return min(fitting, key=lambda x: x.get("rank") or 99) if fitting else None

    concept, form = first(advice["concepts"]), first(advice["legal_forms"])
    if form is None:
        parts = [w["nothing"]]
    elif concept is None:
        parts = [w["nconcept"]]
    else:
        parts = [w["best"].format(concept=concept["label"][lang], form=form["label"][lang])]
        others = sum(1 for f in advice["legal_forms"] if f.get("verdict") == "fits") - 1
        if others:
            parts.append(w["also1"] if others == 1 else w["also"].format(n=others))
    n = len(advice["warnings"])
    if n:
        parts.append(w["nwarn1"] if n == 1 else w["nwarn"].format(n=n))
    return f"{w['conclusion']}: " + "; ".join(parts) + "."


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
    out.append(("**" + conclusion(advice, lang) + "**") if markdown else conclusion(advice, lang))
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
            score = f" ({w['score']} {c['score']})" if c.get("score") else ""  # no "score 0" when nothing weighed
            out.append(f"{bullet}{c['rank']}. {c['label'][lang]} — {w['fits']}{score}")
            for r in c["reasons"]:
                out.append(sub + r["text"][lang] + cite(r["sources"]))
        else:
            out.append(f"{bullet}✗ {c['label'][lang]} — {w['excluded']}")
            for r in c["reasons"][:3]:
                out.append(sub + r["text"][lang] + cite(r["sources"]))

    head(w["forms"])
    grouped = _excluded_by_one_rule(advice["legal_forms"])
    for f in advice["legal_forms"]:
        fam = w[f["family"]]
        if f["id"] in grouped:
            rule, forms = grouped.pop(f["id"])
            if forms:  # the first of a group: one line for all the forms one rule excludes
                labels = ", ".join(g["label"][lang] for g in forms)
                out.append(f"{bullet}✗ {labels} — {w['excluded']}")
                out.append(sub + _rule_summary(rule, lang) + cite(forms[0]["reasons"][0]["sources"]))
            continue
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
    # a reason shared by several steps is given once, at the first, with the steps it applies to
    steps_of: dict[str, list[int]] = {}
    for i, p in enumerate(advice["procedure"], 1):
        if p["reasons"]:
            steps_of.setdefault(p["reasons"][0]["text"][lang], []).append(i)
    # the steps of this action first, then what comes back every year (the budget cycle)
    ordered = sorted(advice["procedure"], key=lambda p: {"once": 0, "ongoing": 1, "yearly": 2}.get(p.get("when", "once"), 0))
    steps_of = {}
    for i, p in enumerate(ordered, 1):
        if p["reasons"]:
            steps_of.setdefault(p["reasons"][0]["text"][lang], []).append(i)
    when = None
    for i, p in enumerate(ordered, 1):
        if p.get("when", "once") != when and len({q.get("when", "once") for q in ordered}) > 1:
            when = p.get("when", "once")
            out.append(("**" + w[when] + "**") if markdown else w[when] + ":")
        out.append(f"{bullet}{i}. {p['label'][lang]}{cite(p['sources'])}")
        out.append(sub + p["text"][lang])
        if p["reasons"]:
            why = p["reasons"][0]["text"][lang]
            where = steps_of[why]
            if where[0] == i:
                also = f" ({w['steps_word']} {', '.join(map(str, where))})" if len(where) > 1 else ""
                out.append(sub + f"{w['why']}{also}: " + why)

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
