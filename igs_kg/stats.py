"""`igs-kg stats`: what the knowledge graph holds, by kind, with labels."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import paths, store
from .queries import load_named_query


@dataclass
class KindCount:
    local_name: str
    label: dict[str, str]
    count: int


@dataclass
class Stats:
    files: int
    triples: int
    kinds: list[KindCount] = field(default_factory=list)


def collect() -> Stats:
    kg = store.load()
    rows = kg.select(load_named_query("stats-by-class").text)
    kinds = [
        KindCount(
            local_name=r["class"].value.split("#", 1)[1],
            label={"nl": r["label_nl"].value if "label_nl" in r else "",
                   "en": r["label_en"].value if "label_en" in r else ""},
            count=int(r["count"].value),
        )
        for r in rows
    ]
    return Stats(files=len(kg.files), triples=kg.triple_count, kinds=kinds)


def render_json(report: Stats) -> str:
    return json.dumps(
        {"files": report.files, "triples": report.triples,
         "kinds": [{"id": k.local_name, "label": k.label, "count": k.count} for k in report.kinds]},
        ensure_ascii=False, indent=2)


def render_table(report: Stats, lang: str) -> None:
    from rich.console import Console
    from rich.table import Table

    title = {"nl": "igs-kg: inhoud van de kennisgraaf", "en": "igs-kg: what the knowledge graph holds"}[lang]
    table = Table(title=title, caption=f"{report.triples} triples, {report.files} files ({paths.data_root()})")
    table.add_column({"nl": "soort", "en": "kind"}[lang])
    table.add_column("id", style="dim")
    table.add_column({"nl": "aantal", "en": "count"}[lang], justify="right")
    for k in report.kinds:
        table.add_row(k.label.get(lang) or k.local_name, k.local_name, str(k.count))
    Console().print(table)
