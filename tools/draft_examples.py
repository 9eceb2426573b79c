"""Regenerate the draft examples of examples/valid and examples/invalid from a proposal, after a
change of ontology/kb/clauses.ttl: a Markdown draft as `igs-kg draft` writes it (it conforms),
the same draft with an article the law requires removed (DraftArticleMissing), and with the
words the law fixes in one article changed (DraftTermChanged).

    python tools/draft_examples.py
"""

from __future__ import annotations

import re
from pathlib import Path

from igs_kg import draft_render, drafting

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "examples" / "valid" / "bvo-werkorganisatie.yaml"


def _with_header(markdown: str, lines: list[str]) -> str:
    # the expectations go into the front matter as YAML comments, where tests/test_validation.py reads them
    first, rest = markdown.split("\n", 1)
    return first + "\n" + "".join(f"# {line}\n" for line in lines) + rest


def main() -> None:
    draft = drafting.build(SOURCE.read_text(encoding="utf-8"), str(SOURCE), "yaml", "nl")
    made = f"written by tools/draft_examples.py from {SOURCE.relative_to(ROOT)}"
    (ROOT / "examples" / "valid" / "draft-bvo-werkorganisatie.md").write_text(
        _with_header(draft_render.to_markdown(draft), [made + ": the draft as igs-kg writes it"]), encoding="utf-8")

    removed = next(a for a in draft.articles if a.provision)
    kept = [a for a in draft.articles if a is not removed]
    text = draft_render.to_markdown(drafting.Draft(**{**draft.__dict__, "articles": kept}))
    (ROOT / "examples" / "invalid" / "draft-article-removed.md").write_text(
        _with_header(text, [made + f": the article '{removed.heading}' removed", "fails: DraftArticleMissing"]),
        encoding="utf-8")

    fixed = next(a for a in draft.articles if any(t in " ".join(a.paragraphs) for t in a.required))
    term = next(t for t in fixed.required if t in " ".join(fixed.paragraphs))
    text = draft_render.to_markdown(draft)
    heading = f"### Artikel {fixed.number}. "
    at = text.index(heading)
    end = text.find("\n### ", at + 1)
    end = len(text) if end < 0 else end
    changed = text[:at] + re.sub(re.escape(term), "zes dagen", text[at:end]) + text[end:]
    (ROOT / "examples" / "invalid" / "draft-period-changed.md").write_text(
        _with_header(changed, [made + f": '{term}' in '{fixed.heading}' changed into 'zes dagen'", "fails: DraftTermChanged"]),
        encoding="utf-8")


if __name__ == "__main__":
    main()
