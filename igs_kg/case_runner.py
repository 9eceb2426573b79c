"""The rule cases as a user runs them (`igs-kg test`, after OpenFisca's `openfisca test`): each
case of cases/*.yaml is a situation and what the advice must say about it (the rules that fire
or not, the verdicts, ranks, reasons and conditions of forms and concepts, the procedure, the
stakeholders, factors and warnings, or the input error). They ship with the package, so a
knowledge engineer's change is tested where it is made, and tests/test_rule_cases.py runs the same
checks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

TODAY = dt.date(2025, 1, 1)  # the date of a case without one: fixed, so that a case means the same tomorrow


@dataclass
class Case:
    file: str
    name: str
    spec: dict

    @property
    def title(self) -> str:
        return f"{Path(self.file).stem}: {self.name}"


def load(paths: list[Path] | None = None) -> list[Case]:
    """The cases of the given files or folders (default: the cases that ship with the knowledge)."""
    import yaml

    from . import paths as where

    files: list[Path] = []
    for p in paths or [where.cases_dir()]:
        files += sorted(p.glob("*.yaml")) if p.is_dir() else [p]
    out = []
    for f in files:
        try:
            data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read: {exc}", str(f)) from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise InputError(f"not valid YAML: {getattr(exc, 'problem', exc)}", str(f), mark.line + 1 if mark else None) from None
        if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
            raise InputError("a case file is a mapping with a list 'cases'", str(f))
        for i, case in enumerate(data["cases"]):
            if not isinstance(case, dict) or "name" not in case or "situation" not in case:
                raise InputError(f"case {i + 1} needs a 'name' and a 'situation'", str(f))
            out.append(Case(str(f), str(case["name"]), case))
    return out


def run(case: dict) -> tuple[dict | None, set[str], str | None]:
    """The advice for the case's situation, the rules that fired, or the input error."""
    import yaml

    from . import advice, inputs, rules, store

    text = yaml.safe_dump(case["situation"], allow_unicode=True)
    try:  # an input error (exit 2) is an outcome a case may expect
        situation = inputs.parse_text(text, "case.yaml", "yaml", today=TODAY)
        advice.check_participants(situation)
    except InputError as exc:
        return None, set(), str(exc)
    with rules.session(store.load(), situation) as session:
        result = advice.build_advice(session, situation)
        fired = {d.rule for t, ds in session.derivations.items() for d in ds if t.subject == situation.iri
                 or d.rule == "form-ranked-before"}
    return result, fired, None


def failures(case: dict) -> list[str]:
    """What the advice gets wrong for the case: empty when it says what the case expects."""
    result, fired, error = run(case)
    if "error" in case:
        return [] if error is not None and case["error"] in error else [f"expected the input error '{case['error']}', got {error!r}"]
    if error is not None:
        return [f"input error: {error}"]
    assert result is not None
    out: list[str] = []

    def want(ok: bool, message: str) -> None:
        if not ok:
            out.append(message)

    for rid in case.get("fired", []):
        want(rid in fired, f"rule {rid} should fire")
    for rid in case.get("not_fired", []):
        want(rid not in fired, f"rule {rid} should not fire")
    expect = case.get("expect", {})
    rules_of = lambda entries: [r["rule"] for r in entries]  # noqa: E731 - one line
    _verdicts(out, want, rules_of, {f["id"]: f for f in result["legal_forms"]}, expect.get("legal_forms", {}), "form")
    _verdicts(out, want, rules_of, {c["id"]: c for c in result["concepts"]}, expect.get("concepts", {}), "concept")
    for fid, spec in expect.get("legal_forms", {}).items():
        got = next((f for f in result["legal_forms"] if f["id"] == fid), None)
        if got is None:
            continue
        for rid in spec.get("conditions", []):
            want(rid in rules_of(got["conditions"]), f"form {fid}: condition {rid} missing ({rules_of(got['conditions'])})")
        for rid in spec.get("no_conditions", []):
            want(rid not in rules_of(got["conditions"]), f"form {fid}: condition {rid} should be absent")
        if "text_contains" in spec:
            said = any(spec["text_contains"] in r["text"]["nl"] for r in got["reasons"])
            want(said, f"form {fid}: no reason says '{spec['text_contains']}'")
    if "fitting_forms" in expect:
        got_forms = [f["id"] for f in result["legal_forms"] if f["verdict"] == "fits"]
        want(got_forms == expect["fitting_forms"], f"fitting forms {got_forms}, expected {expect['fitting_forms']}")
    if "concept_order" in expect:
        order = [c["id"] for c in result["concepts"]]
        want(order == expect["concept_order"], f"concept order {order}, expected {expect['concept_order']}")
    for key in ("regeling_type", "effective_date"):
        if key in expect:
            want(result[key] == expect[key], f"{key} is {result[key]!r}, expected {expect[key]!r}")
    for key in ("procedure", "stakeholders", "factors"):
        ids = [x["id"] for x in result[key]]
        for item in expect.get(key, []):
            want(item in ids, f"{key}: {item} missing ({ids})")
        for item in expect.get(key + "_absent", []):
            want(item not in ids, f"{key}: {item} should be absent")
        if key + "_exactly" in expect:
            want(sorted(ids) == sorted(expect[key + "_exactly"]), f"{key} is {sorted(ids)}, expected {sorted(expect[key + '_exactly'])}")
    if "chapter_articles_only" in expect:
        out += chapter_article_failures(result, expect["chapter_articles_only"])
    warned = [w.get("rule") for w in result["warnings"]]
    for rid in expect.get("warnings", []):
        want(rid in warned, f"warning {rid} missing ({warned})")
    return out


def _verdicts(out, want, rules_of, got_by_id: dict, expected: dict, what: str) -> None:
    for xid, spec in expected.items():
        got = got_by_id.get(xid)
        if got is None:
            out.append(f"{what} {xid}: not in the advice")
            continue
        want(got["verdict"] == spec["verdict"], f"{what} {xid}: {got['verdict']}, expected {spec['verdict']}")
        if "rank" in spec:
            want(got["rank"] == spec["rank"], f"{what} {xid}: rank {got['rank']}, expected {spec['rank']}")
        for rid in spec.get("reasons", []):
            want(rid in rules_of(got["reasons"]), f"{what} {xid}: reason {rid} missing ({rules_of(got['reasons'])})")


# The articles that belong to one chapter of the Wgr (its own range); chapter I's are applied in
# every chapter, but the others belong to theirs alone: a step that cites another chapter's own
# article speaks that chapter's law.
_CHAPTER_RANGES = {"II": (40, 50), "III": (50, 51), "IV": (51, 61), "V": (61, 73), "VI": (73, 83), "VII": (83, 93)}
_WGR_ARTICLE = re.compile(r"BWBR0003740&artikel=(\d+)([a-z]*)")


def chapter_article_failures(result: dict, chapter: str) -> list[str]:
    lo, hi = _CHAPTER_RANGES.get(chapter, (0, 0))
    out = []
    for entry in result["procedure"]:
        cited = [(int(m.group(1)), s) for r in [entry] + entry["reasons"] for s in r["sources"] for m in [_WGR_ARTICLE.search(s)] if m]
        for number, source in cited:
            if 40 <= number < 93 and not (lo <= number < hi):
                out.append(f"chapter {chapter}: {entry['id']} cites {source}, an article of another chapter")
        texts = [entry["label"]["nl"], entry["text"]["nl"]] + [r["text"]["nl"] for r in entry["reasons"]]
        if chapter != "I" and any("gemeenteraden" in x and "art. 1 " in x for x in texts):
            out.append(f"chapter {chapter}: {entry['id']} speaks of chapter I's gemeenteraden")
    return out
