"""A draft regeling (draft.Draft) written as Markdown, HTML, Word (.docx) or ODF (.odt).

Every format carries the proposal the draft was written from (Markdown front matter, a YAML
script in the page, a custom document property in Word, a user-defined field in ODF), so that
`igs-kg validate DRAFT` checks the draft itself, its text included (draft_read, draft_check).
Text from the input (names, chosen texts) is written as text in every format: escaped in HTML,
backslash-escaped and kept on one line in Markdown, stripped of what XML cannot hold in Word and
ODF. Every article cites its sources: a footnote in Markdown, Word and ODF, a numbered note with its
link in HTML. Word and ODF use real headings, numbered articles and
footnotes: python-docx writes Word but has no footnote API, so the footnotes part is added here
in WordprocessingML; odfpy writes ODF notes natively."""

from __future__ import annotations

import dataclasses
import html
import io
import re
from typing import Callable

from .drafting import Article, Draft

TEXTS = {
    "nl": {"draft": "Concept", "made": "Opgesteld door igs-kg op grond van de wet zoals die gold op {date}; laat een jurist het nalezen.",
           "chosen": "Vorm: {form}, de eerste passende vorm volgens het advies van igs-kg (geen vorm opgegeven).",
           "breaks": "Dit voorstel is in strijd met de wet", "decisions": "Ontwerpbesluiten",
           "article": "Artikel", "flag": "In strijd met de wet", "sources": "Bronnen",
           "validate": "Controleer met: igs-kg validate",
           "open": "Nog te kiezen door de deelnemers (in de tekst gemarkeerd met [keuze: ...])",
           "signatures": "Ondertekening", "annex": "Bijlage", "explanation": "Toelichting", "on": "Bij artikel",
           "participant": "Deelnemer", "share": "Aandeel"},
    "en": {"draft": "Draft", "made": "Written by igs-kg on the law as in force on {date}; have a lawyer review it.",
           "chosen": "Form: {form}, the first fitting form in igs-kg's advice (no form was given).",
           "breaks": "This proposal breaks the law", "decisions": "Draft decisions",
           "article": "Article", "flag": "Breaks the law", "sources": "Sources",
           "validate": "Check with: igs-kg validate",
           "open": "Still to be chosen by the participants (marked in the text with [choice: ...])",
           "signatures": "Signatures", "annex": "Annex", "explanation": "Explanatory notes", "on": "On article",
           "participant": "Participant", "share": "Share"},
}


def _t(d: Draft, key: str, **kw) -> str:
    return TEXTS[d.lang][key].format(**kw)


def _intro(d: Draft) -> list[str]:
    import datetime as dt

    from .draft_words import date

    lines = [_t(d, "made", date=date(dt.date.fromisoformat(d.as_of), d.lang))]
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
    return "; ".join(s.citation for s in a.sources)


# ---------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~^#])")


def md(text: str) -> str:
    """Text from the input as one Markdown line that renders as the same text: no raw HTML, no
    heading, footnote or link of its own (a line break would start a block of its own)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _md_line(text: str) -> str:
    """A paragraph that starts a line: a leading list, quote or numbered-list marker is escaped."""
    one = md(text)
    if one[:1] in "-+=>":
        return "\\" + one
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", one)


def _md_lines(text: str) -> str:
    """A paragraph whose lines (a list a., b., ...) stay lines: hard line breaks between them."""
    return "  \n".join(_md_line(x) if i == 0 else md(x) for i, x in enumerate(text.split("\n")) if x.strip())


def to_markdown(d: Draft) -> str:
    notes: list[str] = []

    def note(a: Article) -> str:
        notes.append("; ".join(f"[{md(s.citation)}]({s.url})" if s.url else md(s.citation) for s in a.sources))
        return f"[^{len(notes)}]"

    out = ["---", "# igs-kg: the proposal this draft was written from; `igs-kg validate` reads it", d.proposal_yaml.rstrip(),
           "---", "", f"# {md(d.title)}", "", f"*{_t(d, 'draft')}.* " + " ".join(md(x) for x in _intro(d)), ""]
    if d.violations:
        out += [f"> **{_t(d, 'breaks')}:**", ">"] + [f"> - {md(v)}" for v in _violation_lines(d)] + [""]
    if d.open_choices:
        out += [f"> **{_t(d, 'open')}:**", ">"] + [f"> - {md(c)}" for c in d.open_choices] + [""]
    out += [line for p in d.preamble for line in (_md_line(p), "")]
    for chapter, articles in _chapters(d):
        if chapter:
            out += [f"## {md(chapter)}", ""]
        for a in articles:
            out += [f"### {_t(d, 'article')} {a.number}. {md(a.heading)}{note(a) if a.sources else ''}", ""]
            out += [f"> **{_t(d, 'flag')}:** {md(f)}" for f in a.flagged] + ([""] if a.flagged else [])
            numbered = len(a.paragraphs) > 1  # the leden, numbered by the draft (its own list, not the input's)
            out += [line for i, p in enumerate(a.paragraphs, start=1)
                    for line in ((f"{i}. " if numbered else "") + _md_lines(p), "")]
    if d.signatures:
        out += [f"## {_t(d, 'signatures')}", ""]
        for s in d.signatures:
            out += [line for p in s.paragraphs for line in (_md_line(p) + "  ", "")]
    for x in d.annexes:
        out += [f"## {_t(d, 'annex')} {x.number}. {md(x.title)}", ""]
        out += [f"- {md(i)}" for i in x.items]
        if x.rows:
            out += [f"| {_t(d, 'participant')} | {_t(d, 'share')} |", "|---|---:|"] + [f"| {md(p)} | {md(n)} |" for p, n in x.rows]
        out += [""]
    explained = [a for a in d.articles if a.explanation]
    if explained:
        out += [f"## {_t(d, 'explanation')}", ""]
        for a in explained:
            out += [f"**{_t(d, 'on')} {a.number}. {md(a.heading)}**", "", md(a.explanation), ""]
    if d.decisions:
        out += [f"## {_t(d, 'decisions')}", ""]
        for a in d.decisions:
            out += [f"### {md(a.heading)}{note(a) if a.sources else ''}", ""]
            out += [f"> **{_t(d, 'flag')}:** {md(f)}" for f in a.flagged] + ([""] if a.flagged else [])
            out += [line for p in a.paragraphs for line in (_md_lines(p), "")]
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
.notes a { word-break: break-all; } .open { border-left: 4px solid #8a6d00; background: #fff8e1; padding: .5rem .8rem; }
.signature { margin: 1rem 0; } table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: .2rem .6rem; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } .decision { page-break-before: always; } }
"""


def _html_lines(text: str) -> str:
    return "<br>".join(html.escape(x) for x in text.split("\n"))


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
    if d.open_choices:
        body.append(f'<div class="open" role="note"><strong>{e(_t(d, "open"))}:</strong><ul>'
                    + "".join(f"<li>{e(c)}</li>" for c in d.open_choices) + "</ul></div>")
    body.append('<div class="preamble">' + "".join(f"<p>{e(p)}</p>" for p in d.preamble) + "</div>")
    for chapter, articles in _chapters(d):
        if chapter:
            body.append(f"<h2>{e(chapter)}</h2>")
        for a in articles:
            heading = f'{e(_t(d, "article"))} {a.number}. {e(a.heading)}{note(a)}'
            body.append(f'<section class="article" id="artikel-{a.number}"><h3>{heading}</h3>'
                        + flags(a) + "".join(f"<p>{_html_lines(p)}</p>" for p in _paragraphs(a)) + "</section>")
    if d.signatures:
        body.append(f"<h2>{e(_t(d, 'signatures'))}</h2>")
        body += ['<div class="signature">' + "".join(f"<p>{e(p)}</p>" for p in s.paragraphs) + "</div>" for s in d.signatures]
    for x in d.annexes:
        body.append(f'<section class="annex" id="bijlage-{x.number}"><h2>{e(_t(d, "annex"))} {x.number}. {e(x.title)}</h2>'
                    + ("<ul>" + "".join(f"<li>{e(i)}</li>" for i in x.items) + "</ul>" if x.items else "")
                    + (f'<table><thead><tr><th scope="col">{e(_t(d, "participant"))}</th>'
                       f'<th scope="col">{e(_t(d, "share"))}</th></tr></thead><tbody>'
                       + "".join(f"<tr><td>{e(p)}</td><td>{e(n)}</td></tr>" for p, n in x.rows) + "</tbody></table>" if x.rows else "")
                    + "</section>")
    explained = [a for a in d.articles if a.explanation]
    if explained:
        body.append(f'<section class="explanation"><h2>{e(_t(d, "explanation"))}</h2>'
                    + "".join(f"<h4>{e(_t(d, 'on'))} {a.number}. {e(a.heading)}</h4><p>{e(a.explanation)}</p>" for a in explained)
                    + "</section>")
    if d.decisions:
        body.append(f"<h2>{e(_t(d, 'decisions'))}</h2>")
        for a in d.decisions:
            body.append(f'<section class="decision"><h3>{e(a.heading)}{note(a)}</h3>' + flags(a)
                        + "".join(f"<p>{_html_lines(p)}</p>" for p in a.paragraphs) + "</section>")
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


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(value):
    """A draft (or any part of it) without the characters XML 1.0 cannot hold (control characters,
    U+FFFE): Word and ODF files are XML, and a name from the input may hold them."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_xml_safe(v) for v in value)
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value)
                                             if f.init})
    return value


_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


def _docx_proposal(doc, d: Draft) -> None:
    """The proposal as the custom document property igs-kg-proposal (docProps/custom.xml), with the
    draft's language: `igs-kg validate` reads it; Word shows it under File > Properties."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    from .draft_read import LANG_PROPERTY, PROPERTY

    props = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{name}">'
        f"<vt:lpwstr>{html.escape(value, quote=False)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(((PROPERTY, d.proposal_yaml), (LANG_PROPERTY, d.lang)), start=2))
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
           f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{props}</Properties>')
    package = doc.part.package
    package.relate_to(Part(PackURI("/docProps/custom.xml"), _CUSTOM_CT, xml.encode("utf-8"), package), _CUSTOM_RT)


def to_docx(d: Draft) -> bytes:
    from docx import Document
    from docx.shared import Pt

    d = _xml_safe(d)
    doc = Document()
    doc.core_properties.title = d.title[:255]  # the core property holds at most 255 characters
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
    if d.open_choices:
        doc.add_paragraph().add_run(_t(d, "open") + ":").bold = True
        for c in d.open_choices:
            doc.add_paragraph(c, style="List Bullet")
    for line in d.preamble:
        doc.add_paragraph(line)
    for chapter, articles in _chapters(d):
        if chapter:
            doc.add_heading(chapter, level=1)
        for a in articles:
            h = doc.add_heading(f"{_t(d, 'article')} {a.number}. {a.heading}", level=2)
            if a.sources:
                notes.add(h, _source_text(a))
            _docx_flags(doc, d, a)
            for text in _paragraphs(a):
                _docx_lines(doc, text)
    if d.signatures:
        doc.add_heading(_t(d, "signatures"), level=1)
        for s in d.signatures:
            p = doc.add_paragraph()
            for i, line in enumerate(s.paragraphs):
                if i:
                    p.add_run().add_break()
                p.add_run(line)
    for x in d.annexes:
        doc.add_heading(f"{_t(d, 'annex')} {x.number}. {x.title}", level=1)
        for item in x.items:
            doc.add_paragraph(item, style="List Bullet")
        if x.rows:
            table = doc.add_table(rows=1, cols=2)
            table.style = "Table Grid"
            table.rows[0].cells[0].text, table.rows[0].cells[1].text = _t(d, "participant"), _t(d, "share")
            for p_, n in x.rows:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = p_, n
    explained = [a for a in d.articles if a.explanation]
    if explained:
        doc.add_heading(_t(d, "explanation"), level=1)
        for a in explained:
            doc.add_heading(f"{_t(d, 'on')} {a.number}. {a.heading}", level=3)
            doc.add_paragraph(a.explanation)
    if d.decisions:
        doc.add_heading(_t(d, "decisions"), level=1)
        for a in d.decisions:
            doc.add_page_break()
            h = doc.add_heading(a.heading, level=2)
            if a.sources:
                notes.add(h, _source_text(a))
            _docx_flags(doc, d, a)
            for text in a.paragraphs:
                _docx_lines(doc, text)
    notes.attach()
    _docx_proposal(doc, d)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_lines(doc, text: str) -> None:
    p = doc.add_paragraph()
    for i, line in enumerate(text.split("\n")):
        if i:
            p.add_run().add_break()
        p.add_run(line)


def _docx_flags(doc, d: Draft, a: Article) -> None:
    from docx.shared import RGBColor

    for f in a.flagged:
        run = doc.add_paragraph().add_run(f"{_t(d, 'flag')}: {f}")
        run.bold = True
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)


# ---------------------------------------------------------------------------- ODF (odfpy)

def _odt_lines(paragraph, text: str):
    from odf.text import LineBreak, Span

    for i, line in enumerate(text.split("\n")):
        if i:
            paragraph.addElement(LineBreak())
        paragraph.addElement(Span(text=line))
    return paragraph


def to_odt(d: Draft) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, Note, NoteBody, NoteCitation, P

    doc = OpenDocumentText()
    styles = {}
    d = _xml_safe(d)
    for name, size, bold in (("Heading_20_1", "18pt", True), ("Heading_20_2", "14pt", True), ("Heading_20_3", "12pt", True),
                             ("Heading_20_4", "11pt", True)):
        st = Style(name=name, family="paragraph", defaultoutlinelevel=name[-1])
        st.addElement(TextProperties(fontsize=size, fontweight="bold" if bold else "normal"))
        st.addElement(ParagraphProperties(margintop="0.3cm", marginbottom="0.15cm"))
        doc.styles.addElement(st)
        styles[name] = st
    # paragraphs with space after them (ODF has none by default: besluiten ran together); lines of a
    # signature block close together; a decision starts on a new page
    body_style = Style(name="Body", family="paragraph")
    body_style.addElement(ParagraphProperties(marginbottom="0.25cm"))
    line_style = Style(name="Line", family="paragraph")
    line_style.addElement(ParagraphProperties(marginbottom="0cm"))
    doc.automaticstyles.addElement(body_style)
    doc.automaticstyles.addElement(line_style)
    for name, level in (("BreakHeading", 3),):
        brk = Style(name=name, family="paragraph", parentstylename=styles[f"Heading_20_{level}"])
        brk.addElement(ParagraphProperties(breakbefore="page"))
        doc.automaticstyles.addElement(brk)
        styles["break"] = brk
    flag = Style(name="Flag", family="paragraph")
    flag.addElement(TextProperties(color="#b00020", fontweight="bold"))
    doc.automaticstyles.addElement(flag)
    count = [0]

    def heading(level: int, text: str, source: str | None = None, page_break: bool = False) -> None:
        h = H(outlinelevel=level, stylename=styles["break"] if page_break else styles[f"Heading_20_{level}"], text=text)
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
    doc.text.addElement(P(stylename=body_style, text=f"{_t(d, 'draft')}. " + " ".join(_intro(d))))
    if d.violations:
        doc.text.addElement(P(stylename=flag, text=_t(d, "breaks") + ":"))
        for v in _violation_lines(d):
            doc.text.addElement(P(stylename=flag, text=f"– {v}"))
    if d.open_choices:
        doc.text.addElement(P(stylename=body_style, text=_t(d, "open") + ":"))
        for c in d.open_choices:
            doc.text.addElement(P(stylename=body_style, text=f"– {c}"))
    for line in d.preamble:
        doc.text.addElement(P(stylename=body_style, text=line))
    for chapter, articles in _chapters(d):
        if chapter:
            heading(2, chapter)
        for a in articles:
            heading(3, f"{_t(d, 'article')} {a.number}. {a.heading}", _source_text(a) if a.sources else None)
            for f in a.flagged:
                doc.text.addElement(P(stylename=flag, text=f"{_t(d, 'flag')}: {f}"))
            for p in _paragraphs(a):
                doc.text.addElement(_odt_lines(P(stylename=body_style), p))
    if d.signatures:
        heading(2, _t(d, "signatures"))
        for s in d.signatures:
            for i, line in enumerate(s.paragraphs):
                doc.text.addElement(P(stylename=line_style if i < len(s.paragraphs) - 1 else body_style, text=line))
    for x in d.annexes:
        heading(2, f"{_t(d, 'annex')} {x.number}. {x.title}")
        for item in x.items:
            doc.text.addElement(P(stylename=body_style, text=f"– {item}"))
        for p_, n in x.rows:
            doc.text.addElement(P(stylename=line_style, text=f"{p_}: {n}"))
    explained = [a for a in d.articles if a.explanation]
    if explained:
        heading(2, _t(d, "explanation"))
        for a in explained:
            heading(4, f"{_t(d, 'on')} {a.number}. {a.heading}")
            doc.text.addElement(P(stylename=body_style, text=a.explanation))
    if d.decisions:
        heading(2, _t(d, "decisions"))
        for a in d.decisions:
            heading(3, a.heading, _source_text(a) if a.sources else None, page_break=True)
            for f in a.flagged:
                doc.text.addElement(P(stylename=flag, text=f"{_t(d, 'flag')}: {f}"))
            for p in a.paragraphs:
                doc.text.addElement(_odt_lines(P(stylename=body_style), p))
    from odf.meta import UserDefined

    from .draft_read import LANG_PROPERTY, PROPERTY

    doc.meta.addElement(UserDefined(name=PROPERTY, valuetype="string", text=d.proposal_yaml))
    doc.meta.addElement(UserDefined(name=LANG_PROPERTY, valuetype="string", text=d.lang))
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


RENDERERS: dict[str, Callable[[Draft], str | bytes]] = {"markdown": to_markdown, "html": to_html, "docx": to_docx, "odt": to_odt}
BINARY = {"docx", "odt"}
MEDIA = {"markdown": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "odt": "application/vnd.oasis.opendocument.text"}
