"""`igs-kg draft` as a user runs it: a draft regeling for every valid example and the thesis'
cases, every article with its article of law, the draft checking itself (`validate DRAFT`), Word
and ODF with real headings and footnotes, refusals, the HTTP endpoint and the page's button. The
renders for review (screenshots of the HTML and of the Word document through LibreOffice) are
written to out/review/."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import httpx
import pytest
import yaml
from conftest import ROOT, fill_three_colleges, free_port, igs, launch_chromium, serve_igs, stop

from igs_kg import IGS, store

REVIEW = ROOT / "out" / "review"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM, PDFTOTEXT = shutil.which("pdftoppm"), shutil.which("pdftotext")
INPUTS = sorted((ROOT / "examples" / "valid").glob("*.yaml")) + sorted((ROOT / "examples" / "situations").glob("*.yaml"))
THESIS_CASES = [ROOT / "examples" / "situations" / "aalsmeer-amstelveen.yaml", ROOT / "examples" / "situations" / "bar-organisatie.yaml"]


def _wgr(path: Path) -> bool:
    """Whether the input's form is a Wgr form (read from the graph); no form: the advice picks one."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    form = (data.get("regeling") or {}).get("legal_form") if data.get("action") not in (None, "found") else data.get("legal_form")
    return not form or store.load().ask(f"ASK {{ <{IGS}{form}> a igs:WgrForm }}")


def _articles(markdown: str) -> list[str]:
    return re.findall(r"^### (?:Artikel|Article) (?:\d+|[IVX]+)\. .*$", markdown, re.M)


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_every_valid_example_gets_a_draft_that_conforms(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft.md"
    r = igs("draft", str(path), "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    # every article cites its source in a footnote, a law article by its JCI link
    headings = _articles(text)
    founding = yaml.safe_load(path.read_text(encoding="utf-8")).get("action") in (None, "found")
    assert len(headings) >= (10 if founding and _wgr(path) else 3)
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", text, re.M))
    for h in headings:
        n = re.search(r"\[\^(\d+)\]$", h).group(1)
        assert "https://" in notes[n], h
    if _wgr(path):
        assert "Wgr art." in text and "https://wetten.overheid.nl/jci1.3:c:BWBR0003740" in text
    else:  # a private legal person rests on the Gemeentewet and Book 2 BW, a convenant on Book 6
        assert "https://wetten.overheid.nl/jci1.3:c:BWBR0005416" in text or "BWBR0005289" in text
    # the draft checks itself: validate reads the proposal it carries, with the provisions it holds
    v = igs("validate", str(out), "--format", "json")
    assert v.returncode == 0, v.stdout
    # and so does the HTML draft
    page = tmp_path / "draft.html"
    assert igs("draft", str(path), "--format", "html", "-o", str(page)).returncode == 0
    assert igs("validate", str(page)).returncode == 0


@pytest.mark.parametrize("path", THESIS_CASES, ids=[p.stem for p in THESIS_CASES])
def test_the_thesis_cases_get_a_complete_draft_with_a_decision_for_each_raad(path: Path) -> None:
    r = igs("draft", str(path))
    assert r.returncode == 0, r.stderr
    participants = yaml.safe_load(path.read_text())["participants"]
    for name in participants:
        assert f"van de raad van {name}" in r.stdout
    # Amstelveen as centrumgemeente (a centrumregeling: no body, costs by agreement); the BAR-organisatie
    # an openbaar lichaam with its board and begroting (thesis §6.1, §6.2)
    own = {"aalsmeer-amstelveen": ("Centrumgemeente", "Kosten"),
           "bar-organisatie": ("Samenstelling van het algemeen bestuur", "Begroting")}[path.stem]
    for heading in own + ("Toetreding", "Wijziging", "Opheffing", "Geschillen", "Inwerkingtreding"):
        assert re.search(rf"^### Artikel \d+\. {heading}", r.stdout, re.M), heading


@pytest.mark.parametrize("action,words", [
    ("join", ("Regeling tot wijziging", "toetreding van Ouder-Amstel", "van de raad van Ouder-Amstel")),
    # leaving is the leaving participant's own decision, under the regeling's conditions
    ("leave", ("Besluit tot uittreding van Uithoorn", "Uithoorn treedt met ingang van", "uit te treden uit")),
    # the day of opheffing is the participants' choice, not the day of the draft; the changed
    # articles are written out, not left to a bijlage that is not there
    ("dissolve", ("Regeling tot opheffing", "[keuze: datum van opheffing", "### Artikel II. Liquidatie en vereffening")),
    ("amend", ("Regeling tot wijziging", "wordt als volgt gewijzigd", "te wijzigen")),
])
def test_an_action_on_a_regeling_gets_its_wijzigings_or_opheffingsregeling(action: str, words: tuple, tmp_path: Path) -> None:
    source = tmp_path / f"{action}.yaml"
    extra = {"join": "joining: [Ouder-Amstel]\n", "leave": "leaving: [Uithoorn]\n"}.get(action, "")
    source.write_text(f"date: 2025-03-01\naction: {action}\n{extra}bodies: [college]\nraad_consent: true\n"
                      "regeling: {legal_form: OpenbaarLichaam, participants: [Aalsmeer, Amstelveen, Uithoorn], start_date: 2016-01-01,\n"
                      "  provisions: [wijziging, opheffing, toetreding, uittreding_voorwaarden, uittreding_gevolgen, vereffening,\n"
                      "               evaluatie, participatie, zienswijze_besluiten, plaats_van_vestiging]}\n")
    out = tmp_path / "draft.md"
    r = igs("draft", str(source), "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert re.search(r"^### Artikel I\. ", text, re.M) and not re.search(r"^### Artikel 1\. ", text, re.M)
    plain = re.sub(r"\\(.)", r"\1", text)  # as it reads: Markdown's escapes undone
    for w in words:
        assert w in plain, w
    assert igs("validate", str(out)).returncode == 0


def test_english_is_wholly_english() -> None:
    r = igs("draft", str(THESIS_CASES[1]), "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert "### Article 1." in r.stdout and "Artikel" not in r.stdout and "Toestemmingsbesluit" not in r.stdout
    assert "## Draft decisions" in r.stdout


def test_an_english_draft_cites_the_law_by_its_english_name() -> None:
    # a stichting rests on the Civil Code: "Civil Code Book 2 art. 286" in English, "BW 2:286" in Dutch
    source = ROOT / "examples" / "valid" / "stichting-met-gehoorde-raad.yaml"
    en, nl = igs("draft", str(source), "--lang", "en"), igs("draft", str(source))
    assert en.returncode == 0 and nl.returncode == 0, en.stderr + nl.stderr
    assert "Civil Code Book 2 art. 286" in en.stdout and "BW 2:" not in en.stdout
    assert "BW 2:286" in nl.stdout and "Civil Code" not in nl.stdout


def test_word_and_odf_have_headings_numbered_articles_and_footnotes(tmp_path: Path) -> None:
    import docx

    source = ROOT / "examples" / "situations" / "drie-colleges-ict-hr.yaml"
    md = igs("draft", str(source)).stdout
    count = len(re.findall(r"^#+ .*\[\^\d+\]$", md, re.M))  # every heading with its sources in a note
    word = tmp_path / "regeling.docx"
    r = igs("draft", str(source), "--format", "docx", "-o", str(word))
    assert r.returncode == 0, r.stderr
    document = docx.Document(str(word))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    # the introduction ("Concept. ...") is set in italics, as a run (Word ignores it on a paragraph)
    intro = next(p for p in document.paragraphs if p.text.startswith("Concept."))
    assert intro.runs and all(r.italic for r in intro.runs)
    assert "Artikel 1. Begripsbepalingen" in headings and any(h.startswith("Hoofdstuk 6") for h in headings)
    with zipfile.ZipFile(word) as z:
        notes = z.read("word/footnotes.xml").decode()
        body = z.read("word/document.xml").decode()
    assert notes.count("<w:footnoteRef/>") == count == body.count("<w:footnoteReference")
    assert 'w:type="separator"' in notes
    assert "Wgr art. 9" in notes
    # the proposal travels inside a Word or ODF draft (a document property), and conforms
    assert not (tmp_path / "regeling.docx.proposal.yaml").exists()
    assert igs("validate", str(word)).returncode == 0
    odf = tmp_path / "regeling.odt"
    assert igs("draft", str(source), "--format", "odt", "-o", str(odf)).returncode == 0
    with zipfile.ZipFile(odf) as z:
        content = z.read("content.xml").decode()
    assert content.count("<text:note ") == count
    assert 'text:outline-level="3"' in content and "Artikel 1. Begripsbepalingen" in content


def test_a_proposal_that_breaks_the_law_is_drafted_with_its_violations_on_top(tmp_path: Path) -> None:
    out = tmp_path / "draft.md"
    r = igs("draft", str(ROOT / "examples" / "invalid" / "raad-refused-consent.yaml"), "-o", str(out))
    assert r.returncode == 1 and "breaks the law" in r.stderr
    text = out.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    assert body.index("Dit voorstel is in strijd met de wet") < body.index("### Artikel 1.")
    # the consent decisions are the clauses concerned, and are marked
    flagged = body.split("## Ontwerpbesluiten", 1)[1]
    assert "**In strijd met de wet:**" in flagged
    assert igs("validate", str(out)).returncode == 1


def test_a_form_the_law_does_not_allow_is_refused_with_its_article_and_nothing_is_written(tmp_path: Path) -> None:
    source = tmp_path / "bvo-2014.yaml"
    source.write_text("date: 2014-06-01\nparticipants: [Aalsmeer, Amstelveen]\nbodies: [college]\n"
                      "legal_form: Bedrijfsvoeringsorganisatie\n")
    out = tmp_path / "draft.md"
    r = igs("draft", str(source), "-o", str(out))
    assert r.returncode == 1 and not out.exists()
    assert "cannot be drafted" in r.stderr and "https://wetten.overheid.nl/" in r.stderr and r.stderr.count("\n") == 1


def test_a_private_legal_person_gets_its_founding_decision_and_a_mandate_no_draft(tmp_path: Path) -> None:
    r = igs("draft", str(ROOT / "examples" / "valid" / "stichting-met-gehoorde-raad.yaml"))
    assert r.returncode == 0, r.stderr
    assert "notariële akte" in r.stdout and "BW 2:286" in r.stdout and "Gemeentewet art. 160 lid 2" in r.stdout
    assert "over wensen en bedenkingen" in r.stdout and "Wgr art." not in r.stdout
    mandate = tmp_path / "mandaat.yaml"
    mandate.write_text("date: 2024-01-01\nparticipants: [Aalsmeer, Amstelveen]\nbodies: [college]\nlegal_form: Mandaat\n")
    r = igs("draft", str(mandate))
    assert r.returncode == 1 and "no draft" in r.stderr and r.stderr.count("\n") == 1


def test_bad_input_and_existing_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("participants: [Aalsmeer\n")
    r = igs("draft", str(broken))
    assert r.returncode == 2 and r.stderr.startswith("igs-kg: error:") and r.stderr.count("\n") == 1
    assert igs("draft", str(THESIS_CASES[0]), "--format", "docx").returncode == 2  # binary needs -o
    out = tmp_path / "mine.md"
    out.write_text("my own notes\n")
    r = igs("draft", str(THESIS_CASES[0]), "-o", str(out))
    assert r.returncode == 2 and "--force" in r.stderr and out.read_text() == "my own notes\n"
    assert igs("draft", str(THESIS_CASES[0]), "-o", str(out), "--force").returncode == 0
    assert out.read_text().startswith("---\n")


def test_check_names_a_mandatory_provision_without_a_clause(workcopy: Path) -> None:
    home = workcopy
    clauses = home / "ontology" / "kb" / "clauses.ttl"
    clauses.write_text(clauses.read_text().replace("igs:implementsProvision igs:ProvisionWijziging ;", ""))
    import os

    r = igs("check", env={**os.environ, "IGS_KG_HOME": str(home)})
    assert r.returncode == 1
    assert "provision-without-clause" in r.stdout and "ProvisionWijziging" in r.stdout


# ---------------------------------------------------------------------------- renders for review

@pytest.mark.skipif(not (SOFFICE and PDFTOPPM and PDFTOTEXT), reason="needs libreoffice-writer-nogui and poppler-utils")
def test_the_word_document_renders_with_every_article(tmp_path: Path) -> None:
    REVIEW.mkdir(parents=True, exist_ok=True)
    source = THESIS_CASES[1]
    word = tmp_path / "bar-organisatie.docx"
    assert igs("draft", str(source), "--format", "docx", "-o", str(word)).returncode == 0
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(word)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "bar-organisatie.pdf"
    subprocess.run([PDFTOPPM, "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(REVIEW / "draft-word")], check=True)
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    md = igs("draft", str(source)).stdout
    flat = " ".join(text.split())  # pdftotext breaks a long heading over lines
    for heading in _articles(md):
        title = re.sub(r"^### |\[\^\d+\]$", "", heading)
        assert " ".join(title.split()) in flat, title
    assert "Wgr art. 9" in text  # the footnotes are on the pages
    assert list(REVIEW.glob("draft-word-*.png"))


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")
def test_the_draft_over_http_and_from_the_page() -> None:
    from playwright.sync_api import sync_playwright

    REVIEW.mkdir(parents=True, exist_ok=True)
    url, proc = serve_igs(free_port())
    try:
        situation = (ROOT / "examples" / "situations" / "drie-colleges-ict-hr.yaml").read_text()
        r = httpx.post(url + "/draft?format=html&lang=en", content=situation, headers={"Content-Type": "application/yaml"}, timeout=60)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        assert r.headers["x-igs-kg-conforms"] == "true" and "Article 1." in r.text
        w = httpx.post(url + "/draft?format=docx", content=situation, headers={"Content-Type": "application/yaml"}, timeout=60)
        assert w.status_code == 200 and w.content[:2] == b"PK"
        bad = httpx.post(url + "/draft", content="date: 2014-06-01\nparticipants: [Aalsmeer, Amstelveen]\nbodies: [college]\n"
                         "legal_form: Bedrijfsvoeringsorganisatie\n", headers={"Content-Type": "application/yaml"}, timeout=60)
        assert bad.status_code == 422 and "cannot be drafted" in bad.json()["error"]
        assert httpx.post(url + "/draft?format=pdf", content=situation, headers={"Content-Type": "application/yaml"}).status_code == 400
        with sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url + "/?lang=nl")
            fill_three_colleges(page)
            page.click("#advise-button")
            page.click("button[data-draft=Bedrijfsvoeringsorganisatie]")
            page.wait_for_selector("#draft-frame")
            frame = page.frame_locator("#draft-frame")
            frame.locator("h3", has_text="Artikel 1.").wait_for()
            assert page.locator("#draft-docx").count() == 1
            page.locator("#draft").screenshot(path=str(REVIEW / "draft-page-1280.png"))
            draft_page = browser.new_page(viewport={"width": 1280, "height": 1600})
            draft_page.set_content(r.text)
            draft_page.screenshot(path=str(REVIEW / "draft-html-en-1280.png"))
            browser.close()
    finally:
        stop(proc)


@pytest.mark.skipif(not (SOFFICE and PDFTOTEXT), reason="needs libreoffice-writer-nogui and poppler-utils")
def test_a_draft_as_pdf_through_libreoffice(tmp_path: Path) -> None:
    pdf = tmp_path / "concept.pdf"
    r = igs("draft", str(THESIS_CASES[1]), "--format", "pdf", "-o", str(pdf))
    assert r.returncode == 0, r.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(subprocess.run([PDFTOTEXT, str(pdf), "-"], check=True, capture_output=True, text=True).stdout.split())
    assert "Artikel 1. Begripsbepalingen" in text and "1 januari 2014" in text  # the Dutch of the date, as in Word
    assert igs("draft", str(THESIS_CASES[1]), "--format", "pdf").returncode == 2  # a file needs -o


def test_a_pdf_without_libreoffice_is_one_line(tmp_path: Path) -> None:
    import os
    import sys

    # a PATH with python only: no soffice to be found
    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "python").symlink_to(sys.executable)
    r = igs("draft", str(THESIS_CASES[1]), "--format", "pdf", "-o", str(tmp_path / "x.pdf"), env={**os.environ, "PATH": str(bare)})
    assert r.returncode == 2 and "needs LibreOffice" in r.stderr and r.stderr.count("\n") == 1
    assert not (tmp_path / "x.pdf").exists()
