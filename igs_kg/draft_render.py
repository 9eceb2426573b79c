"""A draft regeling (draft.Draft) written as Markdown, HTML, Word (.docx) or ODF (.odt).

Markdown and HTML carry the proposal the draft was written from (front matter; a YAML script in
the page), so that `igs-kg validate DRAFT` checks the draft itself; Word and ODF get it beside
them (FILE.docx.proposal.yaml). Every article cites its sources: a footnote in Markdown, Word and ODF,
a numbered note with its link in HTML. Word and ODF use real headings, numbered articles and
footnotes: python-docx writes Word but has no footnote API, so the footnotes part is added here
in WordprocessingML; odfpy writes ODF notes natively."""

from __future__ import annotations

import html
import io
from typing import Callable

from .drafting import Article, Draft

TEXTS = {
    "nl": {"draft": "Concept", "made": "Opgesteld door igs-kg op grond van de wet zoals die gold op {date}; laat een jurist het nalezen.",
           "chosen": "Vorm: {form}, de eerste passende vorm volgens het advies van igs-kg (geen vorm opgegeven).",
           "breaks": "Dit voorstel is in strijd met de wet", "decisions": "Ontwerpbesluiten van de raden en staten",
           "article": "Artikel", "flag": "In strijd met de wet", "sources": "Bronnen",
           "validate": "Controleer met: igs-kg validate"},
    "en": {"draft": "Draft", "made": "Written by igs-kg on the law as in force on {date}; have a lawyer review it.",
           "chosen": "Form: {form}, the first fitting form in igs-kg's advice (no form was given).",
           "breaks": "This proposal breaks the law", "decisions": "Draft decisions of the councils",
           "article": "Article", "flag": "Breaks the law", "sources": "Sources",
           "validate": "Check with: igs-kg validate"},
}


def _t(d: Draft, key: str, **kw) -> str:
    return TEXTS[d.lang][key].format(**kw)


def _intro(d: Draft) -> list[str]:
    lines = [_t(d, "made", date=d.as_of)]
    if d.chosen:
        lines.append(_t(d, "chosen", form=d.form_label))
    return lines


def _violation_lines(d: Draft) -> list[str]:
    return [f"{v['message'][d.lang]} ({', '.join(v['sources'])})" if v["sources"] else v["message"][d.lang]
            for v in d.violations]


def _chapters(d: Draft):
    """(chapter title or '', [articles]) in order."""
    out: list[tuple[str, list[Article]]] = []
    for a in d.articles:
        if not out or out[-1][0] != a.chapter:
            out.append((a.chapter, []))
        out[-1][1].append(a)
    return out


def _paragraphs(a: Article) -> list[str]:
    # leden numbered when an article has more than one
    return [f"{i}. {p}" for i, p in enumerate(a.paragraphs, start=1)] if len(a.paragraphs) > 1 else list(a.paragraphs)


def _source_text(a: Article) -> str:
    return "; ".join(f"{s.citation} — {s.url}" if s.url else s.citation for s in a.sources)


# ---------------------------------------------------------------------------- Markdown

def to_markdown(d: Draft) -> str:
    notes: list[str] = []

    def note(a: Article) -> str:
        notes.append(_source_text(a))
        return f"[^{len(notes)}]"

    out = ["---", "# igs-kg: the proposal this draft was written from; `igs-kg validate` reads it", d.proposal_yaml.rstrip(),
           "---", "", f"# {d.title}", "", f"*{_t(d, 'draft')}.* " + " ".join(_intro(d)), ""]
    if d.violations:
        out += [f"> **{_t(d, 'breaks')}:**", ">"] + [f"> - {v}" for v in _violation_lines(d)] + [""]
    out += [line for p in d.preamble for line in (p, "")]
    for chapter, articles in _chapters(d):
        if chapter:
            out += [f"## {chapter}", ""]
        for a in articles:
            out += [f"### {_t(d, 'article')} {a.number}. {a.heading}{note(a)}", ""]
            out += [f"> **{_t(d, 'flag')}:** {f}" for f in a.flagged] + ([""] if a.flagged else [])
            out += [line for p in _paragraphs(a) for line in (p, "")]
    if d.decisions:
        out += [f"## {_t(d, 'decisions')}", ""]
        for a in d.decisions:
            out += [f"### {a.heading}{note(a)}", ""]
            out += [f"> **{_t(d, 'flag')}:** {f}" for f in a.flagged] + ([""] if a.flagged else [])
            out += [line for p in a.paragraphs for line in (p, "")]
    out += [f"[^{i}]: {n}" for i, n in enumerate(notes, start=1)]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------- HTML

_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; } h3 { font-size: 1.05rem; margin-bottom: .3rem; }
.intro { color: #444; font-style: italic; } .preamble p { margin: .2rem 0; }
.breaks, .flag { border-left: 4px solid #b00020; background: #fdecee; padding: .5rem .8rem; }
sup a { text-decoration: none; } .notes { font-size: .85rem; border-top: 1px solid #999; margin-top: 2rem; }
.notes a { word-break: break-all; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } .decision { page-break-before: always; } }
"""


def to_html(d: Draft) -> str:
    e = html.escape
    notes: list[Article] = []

    def note(a: Article) -> str:
        notes.append(a)
        n = len(notes)
        return f'<sup id="ref-{n}"><a href="#note-{n}" aria-label="{e(_t(d, "sources"))} {n}">{n}</a></sup>'

    def flags(a: Article) -> str:
        return "".join(f'<p class="flag" role="note"><strong>{e(_t(d, "flag"))}:</strong> {e(f)}</p>' for f in a.flagged)

    body = [f"<h1>{e(d.title)}</h1>", f'<p class="intro">{e(_t(d, "draft"))}. ' + " ".join(e(x) for x in _intro(d)) + "</p>"]
    if d.violations:
        body.append(f'<div class="breaks" role="alert"><strong>{e(_t(d, "breaks"))}:</strong><ul>'
                    + "".join(f"<li>{e(v)}</li>" for v in _violation_lines(d)) + "</ul></div>")
    body.append('<div class="preamble">' + "".join(f"<p>{e(p)}</p>" for p in d.preamble) + "</div>")
    for chapter, articles in _chapters(d):
        if chapter:
            body.append(f"<h2>{e(chapter)}</h2>")
        for a in articles:
            heading = f'{e(_t(d, "article"))} {a.number}. {e(a.heading)}{note(a)}'
            body.append(f'<section class="article" id="artikel-{a.number}"><h3>{heading}</h3>'
                        + flags(a) + "".join(f"<p>{e(p)}</p>" for p in _paragraphs(a)) + "</section>")
    if d.decisions:
        body.append(f"<h2>{e(_t(d, 'decisions'))}</h2>")
        for a in d.decisions:
            body.append(f'<section class="decision"><h3>{e(a.heading)}{note(a)}</h3>' + flags(a)
                        + "".join(f"<p>{e(p)}</p>" for p in a.paragraphs) + "</section>")
    items = []
    for i, a in enumerate(notes, start=1):
        cites = "; ".join(f'<a href="{e(s.url)}">{e(s.citation)}</a>' if s.url else e(s.citation) for s in a.sources)
        items.append(f'<li id="note-{i}">{cites} <a href="#ref-{i}" aria-label="back">↩</a></li>')
    body.append(f'<section class="notes"><h2>{e(_t(d, "sources"))}</h2><ol>{"".join(items)}</ol></section>')
    proposal = d.proposal_yaml.replace("</", "<\\/")  # a YAML text never holds '</'; this keeps the page whole if it did
    return (f'<!DOCTYPE html>\n<html lang="{d.lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{e(d.title)}</title>'
            f"<style>{_CSS}</style>\n"
            f'<script type="application/yaml" id="igs-kg-proposal">\n{proposal}</script>\n'
            f"</head><body><main>{''.join(body)}</main></body></html>\n")


# ---------------------------------------------------------------------------- Word (python-docx)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


class _Footnotes:
    """The footnotes part that python-docx cannot make: separators, then one note per call."""

    def __init__(self, document) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE  # noqa: F401 - python-docx present
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        self.notes: list[str] = []
        self._document = document
        self._part_cls, self._uri = Part, PackURI("/word/footnotes.xml")

    def add(self, paragraph, text: str) -> None:
        from docx.oxml import parse_xml

        self.notes.append(text)
        n = len(self.notes)
        paragraph._p.append(parse_xml(
            f'<w:r xmlns:w="{_W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{n}"/></w:r>'))

    def attach(self) -> None:
        e = html.escape
        notes = "".join(
            f'<w:footnote w:id="{i}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> {e(t)}</w:t></w:r></w:p></w:footnote>'
            for i, t in enumerate(self.notes, start=1))
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{_W}">'
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
               f"{notes}</w:footnotes>")
        part = self._part_cls(self._uri, _FOOTNOTES_CT, xml.encode("utf-8"), self._document.part.package)
        self._document.part.relate_to(part, _FOOTNOTES_RT)


def to_docx(d: Draft) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = d.title
    doc.styles["Normal"].font.name = "Georgia"
    doc.styles["Normal"].font.size = Pt(11)
    notes = _Footnotes(doc)
    doc.add_heading(d.title, level=0)
    doc.add_paragraph().add_run(f"{_t(d, 'draft')}. " + " ".join(_intro(d))).italic = True
    if d.violations:
        p = doc.add_paragraph()
        p.add_run(_t(d, "breaks") + ":").bold = True
        for v in _violation_lines(d):
            doc.add_paragraph(v, style="List Bullet")
    for line in d.preamble:
        doc.add_paragraph(line)
    for chapter, articles in _chapters(d):
        if chapter:
            doc.add_heading(chapter, level=1)
        for a in articles:
            h = doc.add_heading(f"{_t(d, 'article')} {a.number}. {a.heading}", level=2)
            notes.add(h, _source_text(a))
            _docx_flags(doc, d, a)
            for text in _paragraphs(a):
                doc.add_paragraph(text)
    if d.decisions:
        doc.add_heading(_t(d, "decisions"), level=1)
        for a in d.decisions:
            doc.add_page_break()
            h = doc.add_heading(a.heading, level=2)
            notes.add(h, _source_text(a))
            _docx_flags(doc, d, a)
            for text in a.paragraphs:
                doc.add_paragraph(text)
    notes.attach()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_flags(doc, d: Draft, a: Article) -> None:
    from docx.shared import RGBColor

    for f in a.flagged:
        run = doc.add_paragraph().add_run(f"{_t(d, 'flag')}: {f}")
        run.bold = True
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)


# ---------------------------------------------------------------------------- ODF (odfpy)

def to_odt(d: Draft) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, Note, NoteBody, NoteCitation, P

    doc = OpenDocumentText()
    styles = {}
    for name, size, bold in (("Heading_20_1", "18pt", True), ("Heading_20_2", "14pt", True), ("Heading_20_3", "12pt", True)):
        st = Style(name=name, family="paragraph", defaultoutlinelevel=name[-1])
        st.addElement(TextProperties(fontsize=size, fontweight="bold" if bold else "normal"))
        st.addElement(ParagraphProperties(margintop="0.3cm", marginbottom="0.15cm"))
        doc.styles.addElement(st)
        styles[name] = st
    flag = Style(name="Flag", family="paragraph")
    flag.addElement(TextProperties(color="#b00020", fontweight="bold"))
    doc.automaticstyles.addElement(flag)
    count = [0]

    def heading(level: int, text: str, source: str | None = None) -> None:
        h = H(outlinelevel=level, stylename=styles[f"Heading_20_{level}"], text=text)
        if source:
            count[0] += 1
            note = Note(id=f"ftn{count[0]}", noteclass="footnote")
            note.addElement(NoteCitation(text=str(count[0])))
            body = NoteBody()
            body.addElement(P(text=source))
            note.addElement(body)
            h.addElement(note)
        doc.text.addElement(h)

    heading(1, d.title)
    doc.text.addElement(P(text=f"{_t(d, 'draft')}. " + " ".join(_intro(d))))
    if d.violations:
        doc.text.addElement(P(stylename=flag, text=_t(d, "breaks") + ":"))
        for v in _violation_lines(d):
            doc.text.addElement(P(stylename=flag, text=f"– {v}"))
    for line in d.preamble:
        doc.text.addElement(P(text=line))
    for chapter, articles in _chapters(d):
        if chapter:
            heading(2, chapter)
        for a in articles:
            heading(3, f"{_t(d, 'article')} {a.number}. {a.heading}", _source_text(a))
            for f in a.flagged:
                doc.text.addElement(P(stylename=flag, text=f"{_t(d, 'flag')}: {f}"))
            for p in _paragraphs(a):
                doc.text.addElement(P(text=p))
    if d.decisions:
        heading(2, _t(d, "decisions"))
        for a in d.decisions:
            heading(3, a.heading, _source_text(a))
            for f in a.flagged:
                doc.text.addElement(P(stylename=flag, text=f"{_t(d, 'flag')}: {f}"))
            for p in a.paragraphs:
                doc.text.addElement(P(text=p))
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


RENDERERS: dict[str, Callable[[Draft], str | bytes]] = {"markdown": to_markdown, "html": to_html, "docx": to_docx, "odt": to_odt}
BINARY = {"docx", "odt"}
MEDIA = {"markdown": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "odt": "application/vnd.oasis.opendocument.text"}
