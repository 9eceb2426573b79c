"""The Python API of docs/contract.md#python-api: `igs_kg.advise(x)`, `igs_kg.validate(x)`,
`igs_kg.explain(x)` and `igs_kg.draft(x)`.

`x` is a path to a situation or proposal file, its text (YAML, JSON or Turtle), or a mapping as
in the YAML of docs/contract.md#a-situation. The results are the JSON of the command line, typed: TypedDicts, so
that a result *is* that JSON (`json.dumps(result)` gives what `--format json` prints) and a type
checker knows its keys. Bad input raises `igs_kg.InputError` (with `.file`, `.line`, `.detail`).

    >>> import igs_kg
    >>> advice = igs_kg.advise({"participants": ["Aalsmeer", "Amstelveen"], "date": "2024-01-01"})
    >>> advice["legal_forms"][0]["id"]
    'OpenbaarLichaam'
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any, Literal, Mapping, TypedDict, Union

from .errors import InputError

Source = str  # a law article's JCI link, a URL, or "thesis §5.3.1"


class Text(TypedDict):
    nl: str
    en: str


class Reason(TypedDict, total=False):
    rule: str
    text: Text
    sources: list[Source]
    weight: float


class Participant(TypedDict):
    input: str
    id: str | None
    kind: str | None
    label: str


class Concept(TypedDict, total=False):
    id: str
    label: Text
    verdict: Literal["fits", "excluded"]
    rank: int | None
    score: float | None
    reasons: list[Reason]


class LegalForm(TypedDict, total=False):
    id: str
    family: str
    label: Text
    verdict: Literal["fits", "excluded"]
    rank: int | None
    reasons: list[Reason]
    conditions: list[Reason]


class Step(TypedDict, total=False):
    id: str
    order: int
    when: Literal["once", "ongoing", "yearly"]   # procedure steps: when it is taken (from 0.3)
    label: Text
    text: Text
    sources: list[Source]
    reasons: list[Reason]


class Warning(TypedDict, total=False):
    text: Text
    rule: str
    sources: list[Source]


class Advice(TypedDict):
    """The JSON of `igs-kg advise --format json`."""
    as_of: str
    participants: list[Participant]
    concepts: list[Concept]
    legal_forms: list[LegalForm]
    regeling_type: str | None
    effective_date: str | None
    procedure: list[dict[str, Any]]
    stakeholders: list[dict[str, Any]]
    factors: list[dict[str, Any]]
    steps: list[dict[str, Any]]
    warnings: list[Warning]
    regeling_type_label: Text | None    # the kind of regeling in words (from 0.3)
    source_labels: dict[Source, Text]   # every source cited, by its title (from 0.3)


class ValidationResult(TypedDict, total=False):
    severity: Literal["Violation", "Warning", "Info"]
    focus: str
    path: str | None
    constraint: str
    message: Text
    sources: list[Source]
    value: str


class ValidationReport(TypedDict):
    """The JSON of `igs-kg validate --format json` for one file."""
    file: str
    conforms: bool
    results: list[ValidationResult]
    participants: list[Participant]
    warnings: list[Warning]
    legal_form: str | None      # the form checked against; None: the proposal names none (from 0.3)


Input = Union[str, "os.PathLike[str]", Mapping[str, Any]]


def _is_path(x: Any) -> bool:
    """A path, not a text: a PathLike, or one line naming a file type igs-kg reads (a YAML text
    with a key has ': ' in it; a Turtle or JSON text starts with a sign)."""
    from . import inputs

    if isinstance(x, os.PathLike):
        return True
    return (isinstance(x, str) and "\n" not in x and len(x) < 4096 and ": " not in x and not x.lstrip().startswith(("{", "[", "@", "<"))
            and Path(x).suffix.lower() in inputs._FORMATS)


def _text_and_format(x: Input) -> tuple[str, str, str]:
    """(text, format, name) of what the caller gave."""
    from . import inputs

    if isinstance(x, Mapping):
        return json.dumps(_plain(x), ensure_ascii=False), "json", "<mapping>"
    if _is_path(x):
        path = os.fspath(x)  # a path that does not exist is "no such file", not a YAML text
        text, fmt = inputs.read_text(path)
        return text, fmt, path
    if not isinstance(x, str):
        raise InputError(f"give a path, a text or a mapping, not {type(x).__name__}")
    # the first line that is not blank or a comment tells JSON ({), Turtle (@prefix, PREFIX, <) from YAML
    first = next((line.strip() for line in x.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
    if first.startswith(("{", "[")):
        return x, "json", "<text>"
    if first.lower().startswith(("@prefix", "prefix", "@base", "base", "<")):
        return x, "turtle", "<text>"
    return x, "yaml", "<text>"


def _plain(x: Any) -> Any:
    """A mapping as plain data (mappings with text keys, lists, text, numbers, booleans, dates),
    walked within the bounds of a file before anything else reads it: a value of another type, a
    nesting too deep or too large a whole is an InputError naming the path of the value."""
    from .bounds import MAX_DEPTH, MAX_YAML_NODES

    count = [0]

    def walk(v: Any, path: str, depth: int) -> Any:
        count[0] += 1
        if count[0] > MAX_YAML_NODES:
            raise InputError(f"the mapping has more than {MAX_YAML_NODES:,} values", "<mapping>")
        if depth > MAX_DEPTH:
            raise InputError(f"'{path}': nested too deeply", "<mapping>")
        if isinstance(v, Mapping):
            out = {}
            for k, item in v.items():
                if not isinstance(k, str):
                    raise InputError(f"'{path or '(top)'}': a key must be text, not {type(k).__name__} {k!r}"[:300], "<mapping>")
                out[k] = walk(item, f"{path}.{k}" if path else k, depth + 1)
            return out
        if isinstance(v, (list, tuple)):
            return [walk(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(v)]
        if isinstance(v, (dt.date, dt.datetime)):
            return (v.date() if isinstance(v, dt.datetime) else v).isoformat()
        if v is None or isinstance(v, (str, bool, int, float)):
            if isinstance(v, float) and v != v:
                raise InputError(f"'{path}': not a number (NaN)", "<mapping>")
            return v
        raise InputError(f"'{path or '(top)'}': {type(v).__name__} is not a value igs-kg reads (text, number, "
                         "true/false, date, list or mapping)", "<mapping>")

    return walk(x, "", 0)


def _choice(name: str, value: Any, allowed) -> None:
    if value not in allowed:
        raise InputError(f"{name}={value!r}: expected one of {', '.join(map(repr, allowed))}")


def _situation(x: Input, strict: bool = True, iri: str | None = None):
    from . import inputs

    if _is_path(x):  # a file is read as the command line reads it (a draft with its text)
        path = os.fspath(x)  # type: ignore[arg-type]  # _is_path: a str or a PathLike
        return inputs.read_file(path, iri=iri or inputs.SITUATION_IRI, strict=strict)
    text, fmt, name = _text_and_format(x)
    return inputs.parse_text(text, name, fmt, strict=strict, iri=iri or inputs.SITUATION_IRI)


def advise(x: Input) -> Advice:
    """Which concepts and legal forms fit the situation, which are excluded and why, the procedure,
    whom to involve, the factors and the steps: the JSON of `igs-kg advise --format json`."""
    from . import advice as advice_mod

    return advice_mod.advise(_situation(x))  # type: ignore[return-value]


def validate(x: Input, engine: Literal["fast", "pyshacl"] = "fast") -> ValidationReport:
    """Whether a proposal conforms to the law: the JSON of `igs-kg validate --format json`."""
    from . import validation as validate_mod

    _choice("engine", engine, ("fast", "pyshacl"))
    situation = _situation(x, strict=False, iri="https://w3id.org/igs-kg/situation/1/api")
    return validate_mod.validate(situation, engine)  # type: ignore[return-value]


def explain(x: Input) -> list[dict[str, Any]]:
    """Every verdict of the advice as a tree of rules and facts: `igs-kg explain --format json`."""
    from . import explanation as explain_mod

    return explain_mod.explain(_situation(x))


def draft(x: Input, format: Literal["markdown", "html", "docx", "odt"] = "markdown", lang: str = "nl") -> str | bytes:
    """The draft regeling of `igs-kg draft`: text for Markdown and HTML, bytes for Word and ODF.
    Raises igs_kg.drafting.DraftRefused when the form cannot be drafted for the input."""
    from . import draft_render
    from . import drafting as draft_mod

    _choice("format", format, tuple(draft_render.RENDERERS))
    _choice("lang", lang, draft_mod.LANGS)
    if format in draft_render.BINARY:
        from .extras import need

        need("draft", f"igs_kg.draft(format={format!r})")
    text, fmt, name = _text_and_format(x)
    return draft_render.RENDERERS[format](draft_mod.build(text, name, fmt, lang))
