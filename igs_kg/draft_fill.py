"""Filling a clause's placeholders: the names and dates of the input, and the choices the law
leaves to the participants. A choice the input gives goes into the text (a list or a table as an
annex when the choice says so); one it lacks is written as a visible choice, "[keuze: ...]", and
listed at the top of the draft. Nothing is invented here: the words come from the knowledge."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .draft_clauses import PLACEHOLDER, Choice

IGS = "https://w3id.org/igs-kg/def#"
OPEN = {"nl": "[keuze: {label}; bijvoorbeeld: {proposal}]", "en": "[choice: {label}; for instance: {proposal}]"}
OPEN_BARE = {"nl": "[keuze: {label}]", "en": "[choice: {label}]"}
_WORDS = {"nl": ["nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf",
                 "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig"],
          "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]}


def number_words(n: int, lang: str) -> str:
    return _WORDS[lang][n] if 0 <= n < len(_WORDS[lang]) else str(n)


def join(items: list[str], lang: str) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" en " if lang == "nl" else " and ") + items[-1]


@dataclass
class Annex:
    number: int
    title: str
    items: list[str] = field(default_factory=list)                  # a list
    rows: list[tuple[str, str]] = field(default_factory=list)       # or a table: participant, number


@dataclass
class Filler:
    """Fills texts for one draft; collects the annexes it wrote and the choices left open."""
    lang: str
    values: dict[str, Any]                      # a text, or a function giving one when it is used
    choices: dict[str, Choice]
    given: Callable[[str], Any]                 # an input key (dotted) -> its value, or None
    label_of: Callable[[str], str]              # a participant's IRI -> its name
    annexes: list[Annex] = field(default_factory=list)
    open: list[str] = field(default_factory=list)
    _annex_of: dict[str, Annex] = field(default_factory=dict)

    def fill(self, text: str, extra: dict[str, str] | None = None) -> str:
        values = dict(self.values, **(extra or {}))

        def one(m) -> str:
            if m.group(1):
                return self.choice(m.group(2))
            value = values.get(m.group(2), m.group(0))
            # a value that is an open choice until the input gives it (the seat, the tasks) is
            # worked out, and listed at the top, only where a text uses it
            return value() if callable(value) else value
        return PLACEHOLDER.sub(one, text)

    def choice_for(self, key: str, value: str | None) -> str:
        """A value the engine knows (the seat, the tasks), or the open choice of the choice with
        that input key when the input lacks it."""
        if value:
            return value
        c = next((c for c in self.choices.values() if c.key == key), None)
        if c is None:
            return OPEN_BARE[self.lang].format(label=key)
        return self._open(c)

    def choice(self, local: str) -> str:
        c = self.choices.get(IGS + local)
        if c is None:  # `igs-kg check` refuses a clause naming an unknown choice; never fails a draft
            return OPEN_BARE[self.lang].format(label=local)
        value = self.given(c.key)
        kind = c.kind.rsplit("#", 1)[-1]
        if value in (None, "", [], {}):
            return self._open(c)
        if kind == "ChoiceNumber":
            return number_words(int(value), self.lang)
        if kind == "ChoiceParticipant":
            return self.label_of(str(value))
        if kind == "ChoiceList":
            items = [str(v) for v in value]
            if c.annex_title:
                return self._annex(c, items=items)
            return join(items, self.lang)
        if kind == "ChoiceShares":
            rows = [(self.label_of(str(r["participant"])), _number(r["share"])) for r in value]
            if c.annex_title or c.annex_reference:
                return self._annex(c, rows=rows)
            return join([f"{p}: {n}" for p, n in rows], self.lang)
        return str(value)

    def _open(self, c: Choice) -> str:
        label = c.label.get(self.lang) or c.label.get("nl", "")
        proposal = c.proposal.get(self.lang) or c.proposal.get("nl")
        if label not in self.open:
            self.open.append(label)
        return (OPEN if proposal else OPEN_BARE)[self.lang].format(label=label, proposal=proposal)

    def _annex(self, c: Choice, items: list[str] | None = None, rows: list[tuple[str, str]] | None = None) -> str:
        annex = self._annex_of.get(c.iri)
        if annex is None:
            annex = Annex(len(self.annexes) + 1, c.annex_title.get(self.lang) or c.annex_title.get("nl", c.key),
                          items or [], rows or [])
            self.annexes.append(annex)
            self._annex_of[c.iri] = annex
        ref = c.annex_reference.get(self.lang) or c.annex_reference.get("nl")
        if ref:
            return ref.replace("{annex}", str(annex.number))
        return (f"bijlage {annex.number}" if self.lang == "nl" else f"annex {annex.number}")


def _number(v: Any) -> str:
    f = float(v)
    return str(int(f)) if f.is_integer() else str(f).replace(".", ",")


def given_from(mapping: dict, resolved: dict[str, Any]) -> Callable[[str], Any]:
    """An input key (dotted: "board.votes", "texts.motive") -> its value: the resolved form for the
    keys the input check resolved (participants by IRI), else the value as written."""
    def get(key: str) -> Any:
        if key in resolved:
            return resolved[key]
        node: Any = mapping
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node
    return get
