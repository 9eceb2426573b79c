"""Reading a draft of `igs-kg draft` back: the proposal it carries and the text of its articles,
from Markdown (front matter), HTML (a YAML script element), Word (a custom document property) or
ODF (a user-defined metadata field). `validate` checks the proposal and the text: an article the
law requires that is gone, or that lost the words the law fixes, is a violation.

Everything read is bounded: the file (bounds.max_input_bytes), the parts of a .docx/.odt archive
(their number and unpacked size, before they are unpacked) and the XML in them (no DOCTYPE, so
no entities)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.etree import ElementTree

from .errors import InputError

PROPERTY = "igs-kg-proposal"          # the name of the proposal in a .docx or .odt
LANG_PROPERTY = "igs-kg-lang"
MAX_PARTS = 200
MAX_UNPACKED = 20_000_000
_ARTICLE = re.compile(r"^(?:Artikel|Article) ([0-9IVXL]+)\. (.*)$")
_NO_PROPOSAL = ("this file carries no proposal: write it with `igs-kg draft` (a Markdown draft has it as front "
                "matter, an HTML draft in a <script id=\"igs-kg-proposal\">, a Word or ODF draft as the document "
                "property igs-kg-proposal)")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


@dataclass
class DraftText:
    proposal: str                                   # YAML, with its line numbers kept where the format has lines
    lang: str | None
    articles: list[tuple[str, str]] = field(default_factory=list)   # (heading, text), in order


def read(data: bytes, suffix: str, file: str) -> DraftText:
    suffix = suffix.lower()
    if suffix in (".docx", ".odt"):
        return _archive(data, suffix, file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text", file, data[: exc.start].count(b"\n") + 1) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # a draft saved with CRLF line ends
    return _html(text, file) if suffix in (".html", ".htm") else _markdown(text, file)


# ---------------------------------------------------------------------------- Markdown

_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|&~^=])")


def _markdown(text: str, file: str) -> DraftText:
    if not text.startswith("---\n"):
        raise InputError(_NO_PROPOSAL, file)
    end = text.find("\n---\n", 4)
    if end < 0:
        raise InputError(_NO_PROPOSAL, file)
    proposal = "\n" + text[4:end + 1]
    articles: list[tuple[str, list[str]]] = []
    lang = None
    for line in text[end + 5:].split("\n"):
        if line.startswith("#"):
            heading = re.sub(r"\[\^\d+\]$", "", line.lstrip("#").strip())
            m = _ARTICLE.match(heading)
            if m and line.startswith("### "):
                lang = lang or ("nl" if heading.startswith("Artikel") else "en")
                articles.append((_MD_ESCAPE.sub(r"\1", m.group(2)), []))
            else:
                articles.append(("", []))
        elif articles and line.strip() and not line.startswith("[^"):
            articles[-1][1].append(_MD_ESCAPE.sub(r"\1", line.strip()))
    return DraftText(proposal, lang, [(h, "\n".join(t)) for h, t in articles if h])


# ---------------------------------------------------------------------------- HTML

class _Page(HTMLParser):
    """The proposal script and the articles of an HTML draft; comments are never read (a decoy
    copy in a comment must not hide the real one), and a second proposal is refused."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.proposals: list[tuple[int, str]] = []
        self.articles: list[tuple[str, list[str]]] = []
        self.lang: str | None = None
        self._script: tuple[int, list[str]] | None = None
        self._in: str | None = None           # "h3" or "p" inside an article section
        self._section = 0
        self._buf: list[str] = []
        self._skip = 0                        # inside <sup> (a note number)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html" and a.get("lang"):
            self.lang = a["lang"]
        if tag == "script" and a.get("id") == "igs-kg-proposal" and a.get("type") == "application/yaml":
            self._script = (self.getpos()[0], [])
        elif tag == "section":
            self._section = 1 if "article" in (a.get("class") or "").split() else 0
            if self._section:
                self.articles.append(("", []))
        elif tag in ("h3", "p") and self._section and self.articles:
            self._in, self._buf = tag, []
        elif tag == "sup":
            self._skip += 1
        elif tag == "br" and self._in:
            self._buf.append("\n")

    def handle_endtag(self, tag):
        if tag == "script" and self._script:
            self.proposals.append((self._script[0], "".join(self._script[1])))
            self._script = None
        elif tag == "sup" and self._skip:
            self._skip -= 1
        elif tag == self._in and self.articles:
            text = "".join(self._buf).strip()
            heading, paras = self.articles[-1]
            if tag == "h3":
                m = _ARTICLE.match(text)
                self.articles[-1] = (m.group(2) if m else text, paras)
            else:
                paras.append(text)
            self._in = None
        elif tag == "section":
            self._section = 0

    def handle_data(self, data):
        if self._script:
            self._script[1].append(data)
        elif self._in and not self._skip:
            self._buf.append(data)


def _html(text: str, file: str) -> DraftText:
    page = _Page()
    page.feed(text)
    page.close()
    if not page.proposals:
        raise InputError(_NO_PROPOSAL, file)
    if len(page.proposals) > 1:
        raise InputError("this page carries more than one proposal; a draft of igs-kg has one", file, page.proposals[1][0])
    line, body = page.proposals[0]
    body = body.replace("<\\/", "</")  # as the draft wrote it: a '</' in the YAML is escaped in the page
    flagged = [(h, [p for p in ps if not _flag_paragraph(p)]) for h, ps in page.articles]
    return DraftText("\n" * (line - 1) + body.lstrip("\n") if body.startswith("\n") else "\n" * (line - 1) + body,
                     page.lang, [(h, "\n".join(ps)) for h, ps in flagged if h])


def _flag_paragraph(p: str) -> bool:
    return p.startswith(("In strijd met de wet:", "Breaks the law:"))


# ---------------------------------------------------------------------------- Word and ODF

def _archive(data: bytes, suffix: str, file: str) -> DraftText:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError(f"not a {suffix} document (not a zip archive)", file) from None
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise InputError(f"the {suffix} archive is larger than igs-kg reads ({MAX_PARTS} parts, {MAX_UNPACKED:,} bytes unpacked)", file)

    def part(name: str) -> ElementTree.Element | None:
        try:
            raw = zf.read(name)
        except KeyError:
            return None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise InputError(f"the {suffix} archive is damaged ({name})", file) from None
        if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
            raise InputError(f"{name} in the {suffix} archive declares a DOCTYPE, which igs-kg does not read", file)
        try:
            return ElementTree.fromstring(raw)
        except ElementTree.ParseError as exc:
            raise InputError(f"{name} in the {suffix} archive is not XML: {exc}", file) from None

    if suffix == ".docx":
        props = _docx_properties(part("docProps/custom.xml"))
        body = part("word/document.xml")
        articles = _docx_articles(body) if body is not None else []
    else:
        props = _odt_properties(part("meta.xml"))
        body = part("content.xml")
        articles = _odt_articles(body) if body is not None else []
    if PROPERTY not in props:
        raise InputError(_NO_PROPOSAL, file)
    return DraftText(props[PROPERTY], props.get(LANG_PROPERTY), articles)


def _docx_properties(root) -> dict[str, str]:
    if root is None:
        return {}
    out = {}
    for prop in root:
        name = prop.get("name")
        if name:
            out[name] = "".join(prop.itertext())
    return out


def _docx_articles(root) -> list[tuple[str, str]]:
    articles: list[tuple[str, list[str]]] = []
    for p in root.iter(_W + "p"):
        style = p.find(f"{_W}pPr/{_W}pStyle")
        text = "".join((t.text or "") if t.tag == _W + "t" else "\n" for t in p.iter() if t.tag in (_W + "t", _W + "br")).strip()
        if style is not None and (style.get(_W + "val") or "").startswith("Heading"):
            m = _ARTICLE.match(text)
            articles.append((m.group(2) if m else "", []))
        elif articles and text and not _flag_paragraph(text):
            articles[-1][1].append(text)
    return [(h, "\n".join(ps)) for h, ps in articles if h]


def _odt_properties(root) -> dict[str, str]:
    if root is None:
        return {}
    meta = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
    return {el.get(meta + "name"): "".join(el.itertext()) for el in root.iter(meta + "user-defined") if el.get(meta + "name")}


def _odt_articles(root) -> list[tuple[str, str]]:
    articles: list[tuple[str, list[str]]] = []
    body = root.find("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}body")
    if body is None:
        return []
    in_notes = {id(p) for n in body.iter(_TEXT + "note") for p in n.iter(_TEXT + "p")}  # no parent links in ElementTree
    for el in body.iter():
        if el.tag == _TEXT + "h":
            text = _odt_text(el).strip()
            m = _ARTICLE.match(text)
            articles.append((m.group(2) if m else "", []))
        elif el.tag == _TEXT + "p" and articles and id(el) not in in_notes:
            text = _odt_text(el).strip()
            if text and not _flag_paragraph(text):
                articles[-1][1].append(text)
    return [(h, "\n".join(ps)) for h, ps in articles if h]


def _odt_text(el) -> str:
    """The text of a heading or paragraph without its notes."""
    out = [el.text or ""]
    for child in el:
        if child.tag == _TEXT + "line-break":
            out.append("\n")
        elif child.tag != _TEXT + "note":
            out.append(_odt_text(child))
        out.append(child.tail or "")
    return "".join(out)
