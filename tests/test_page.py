"""The page for people, in Debian's Chromium: its language from ?lang= or Accept-Language, excluded
forms one line each, labels for every control, printable; screenshots at 1280 and 390 px in both
languages are written to out/review/ for review."""

from __future__ import annotations

import shutil

import httpx
import pytest
from conftest import ROOT, fill_three_colleges, free_port, launch_chromium, serve_igs, stop

REVIEW = ROOT / "out" / "review"
pytestmark = pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")),
                                reason="needs Debian's chromium")


@pytest.fixture(scope="module")
def url():
    u, proc = serve_igs(free_port())
    yield u
    stop(proc)


@pytest.mark.parametrize("accept,want", [("en-GB,en;q=0.9,nl;q=0.8", "en"), ("nl-NL,nl;q=0.9,en;q=0.8", "nl"),
                                         ("fr-FR,fr;q=0.9", "nl"), ("nl;q=0.2, en;q=0.5", "en"), ("", "nl")])
def test_the_language_follows_accept_language(url: str, accept: str, want: str) -> None:
    r = httpx.get(url + "/", headers={"Accept-Language": accept})
    assert r.status_code == 200 and r.headers["content-language"] == want
    assert f'<html lang="{want}" data-lang="{want}">' in r.text


def test_lang_in_the_url_wins_and_a_bad_one_is_refused(url: str) -> None:
    r = httpx.get(url + "/?lang=en", headers={"Accept-Language": "nl"})
    assert r.headers["content-language"] == "en"
    bad = httpx.get(url + "/?lang=de")
    assert bad.status_code == 400 and "error" in bad.json()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_in_each_language_and_width(url: str, lang: str, width: int) -> None:
    from playwright.sync_api import sync_playwright

    REVIEW.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{url}/?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        heading = page.locator("header h1").inner_text()
        assert ("samenwerken" in heading) == (lang == "nl")
        # every control has a label a screen reader reads, and the language button its visible text
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea')]
            .filter((el) => el.type !== 'hidden' && !el.closest('label') && !el.getAttribute('aria-label')
                     && !(el.id && document.querySelector(`label[for="${el.id}"]`))).map((el) => el.id || el.name)""")
        assert unlabelled == []
        assert page.locator("#lang").get_attribute("aria-label") is None
        fill_three_colleges(page)
        page.check("input[name=req][value=legal_personality]")
        page.check("input[name=req][value=own_staff]")
        page.click("#advise-button")
        page.wait_for_selector(".card.fits[data-form]")
        # an excluded form is one line until opened, and opens with its reasons
        excluded = page.locator("details.card.excluded")
        assert excluded.count() >= 5 and all(not excluded.nth(i).evaluate("d => d.open") for i in range(excluded.count()))
        first = excluded.first
        first.locator("summary").click()
        assert first.evaluate("d => d.open") and first.locator(".reason a").count() >= 1
        if width == 390:  # nothing wider than a phone
            assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
        page.screenshot(path=str(REVIEW / f"page-{lang}-{width}.png"), full_page=False)
        # printing: the form and the buttons go, every exclusion is opened
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print")
        assert page.locator("header").evaluate("e => getComputedStyle(e).display") == "none"
        assert all(excluded.nth(i).evaluate("d => d.open") for i in range(excluded.count()))
        browser.close()


@pytest.mark.parametrize("lang,conforms", [("nl", "Voldoet aan de wet"), ("en", "Conforms to the law")])
@pytest.mark.parametrize("width", [1280, 390])  # a laptop and a phone
def test_a_proposal_checked_from_the_form_without_yaml(url: str, lang: str, conforms: str, width: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{url}/?lang={lang}")
        page.click("#tab-validate")
        # the choices come from the graph: every legal form, every mandatory provision
        page.wait_for_selector("#p-form option[value=Bedrijfsvoeringsorganisatie]", state="attached")
        assert page.locator("input[name=p-provisions]").count() >= 8
        page.fill("#p-participants", "Aalsmeer, Amstelveen")
        page.fill("#p-date", "2024-03-01")
        page.select_option("#p-form", "OpenbaarLichaam")
        page.check("input[name=p-bodies][value=college]")
        page.select_option("#p-consent", "false")
        page.click("#proposal-button")
        page.wait_for_selector("[data-constraint=RaadConsentGiven]")
        assert conforms not in page.locator("#validation h2").inner_text()
        # consent given and every provision in: the same proposal conforms
        page.select_option("#p-consent", "true")
        for box in page.locator("input[name=p-provisions]").all():
            box.check()
        page.click("#proposal-button")
        page.wait_for_function(f"document.querySelector('#validation h2') && "
                               f"document.querySelector('#validation h2').innerText.includes({conforms!r})")
        page.screenshot(path=str(REVIEW / f"page-proposal-{lang}-{width}.png"))
        browser.close()


def test_a_refusal_is_told_in_the_page_language(url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 390, "height": 900})
        page.goto(f"{url}/?lang=nl")
        page.fill("#participants", "Aalsmeer")  # one municipality: the Wgr asks two or more
        page.check("input[name=tasks][value=bedrijfsvoering]")
        page.click("#advise-button")
        alert = page.wait_for_selector("#advice [role=alert]")
        assert "samenwerking vraagt 2 of meer gemeenten" in alert.inner_text()
        assert "cooperation needs" not in alert.inner_text()
        page.click("#lang")  # the same refusal, now in English
        assert "cooperation needs 2 or more municipalities" in page.locator("#advice [role=alert]").inner_text()
        page.locator("#advice").screenshot(path=str(REVIEW / "page-refused-en-390.png"))
        browser.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_accessibility_violation(url: str, lang: str, width: int) -> None:
    """axe-core (Deque's rules for WCAG 2.x A and AA: labels, names, contrast, landmarks, lang) on
    the page with an advice shown, an excluded form opened, and a proposal checked."""
    pytest.importorskip("axe_playwright_python", reason="needs axe-playwright-python (pip install 'igs-kg[test]')")
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{url}/?lang={lang}")
        fill_three_colleges(page)
        page.click("#advise-button")
        page.wait_for_selector(".card.fits[data-form]")
        page.locator("details.card.excluded summary").first.click()
        results = axe.run(page, options=options)
        assert results.violations_count == 0, results.generate_report()
        page.click("#tab-validate")
        page.wait_for_selector("#p-form option[value=OpenbaarLichaam]", state="attached")
        page.fill("#p-participants", "Aalsmeer, Amstelveen")
        page.select_option("#p-form", "OpenbaarLichaam")
        page.wait_for_selector("#proposal-more .fields [data-path]", state="attached")
        page.click("#proposal-more summary")  # every detail open: the generated fields are checked too
        page.click("#proposal-more .add-row")
        page.click("#proposal-button")
        page.wait_for_selector("#validation h2")
        results = axe.run(page, options=options)
        assert results.violations_count == 0, results.generate_report()
        browser.close()


def _context_keys(ctx: dict, prefix: str = "") -> set[str]:
    """Every key of the input words (ontology/context.jsonld), nested ones as 'begroting.adopted'."""
    out = set()
    for key, d in ctx.items():
        if key.startswith("@") or not isinstance(d, dict):
            continue
        out.add(prefix + key)
        if "@context" in d and d.get("@type") != "@vocab" and d.get("@container") != "@set":
            out |= _context_keys(d["@context"], prefix + key + ".")
    return out


@pytest.mark.parametrize("form", ["advise", "proposal"])
def test_every_key_of_the_input_has_a_field(url: str, form: str) -> None:
    """Both forms offer every key a situation or proposal has (docs/contract.md#a-situation): the common ones in the
    form itself, the rest under "every detail", generated from the context the service reads."""
    import json

    from playwright.sync_api import sync_playwright

    ctx = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 390, "height": 900})
        page.goto(f"{url}/?lang=en")
        more = f"#{form}-more"
        page.wait_for_selector(f"{more} .fields [data-path]", state="attached")
        curated = set(page.locator(more).get_attribute("data-skip").split())
        generated = set(page.eval_on_selector_all(f"{more} [data-path], {more} [data-list]",
                                                  "els => els.map(e => e.dataset.path || e.dataset.list)"))
        covered = curated | generated | {k.split(".")[0] for k in generated}
        missing = {k for k in _context_keys(ctx) if k not in covered and k.split(".")[0] not in curated}
        assert not missing, f"no field for {sorted(missing)}"
        # a body of every kind can be chosen (a province's and a waterschap's as well as a municipality's)
        name = "bodies" if form == "advise" else "p-bodies"
        bodies = set(page.eval_on_selector_all(f"input[name={name}]", "els => els.map(e => e.value)"))
        assert bodies == {w for w in ctx["bodies"]["@context"] if not w.startswith("@")}
        if form == "advise":  # the common fields' choices are the input's words too, labelled by the graph
            words = {k: {w for w in ctx[k]["@context"] if not w.startswith("@")} for k in ("tasks", "concept", "mandatory")}
            assert set(page.eval_on_selector_all("input[name=tasks]", "els => els.map(e => e.value)")) == words["tasks"]
            for key in ("concept", "mandatory"):
                options = page.eval_on_selector_all(f"#{key} option", "els => els.map(e => [e.value, e.textContent])")
                assert {v for v, _ in options if v} == words[key]
                assert all(text for _, text in options)
        browser.close()


def test_a_proposal_with_its_details_from_the_form(url: str) -> None:
    """The details a validation turns on (staff, works council, the budget's dates) from the form,
    then mended in the form: the violation goes."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 390, "height": 900})
        page.goto(f"{url}/?lang=nl")
        page.click("#tab-validate")
        page.wait_for_selector("#proposal-more .fields [data-path]", state="attached")
        page.fill("#p-participants", "Aalsmeer, Amstelveen")
        page.select_option("#p-form", "Bedrijfsvoeringsorganisatie")
        page.check("input[name=p-bodies][value=college]")
        page.select_option("#p-consent", "true")
        page.click("#proposal-more summary")
        more = "#proposal-more "
        page.select_option(more + "[data-path=employs_staff]", "true")
        page.select_option(more + "[data-path=works_council_advice]", "false")
        page.fill(more + "[data-path='begroting.ontwerp_sent']", "2024-05-01")
        page.fill(more + "[data-path='begroting.adopted']", "2024-06-01")  # 4 weeks; 12 since July 2022
        page.click("#proposal-button")
        page.wait_for_selector("[data-constraint=WorksCouncilAdvised]")
        assert page.locator("[data-constraint=BegrotingZienswijzePeriod]").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
        page.select_option(more + "[data-path=works_council_advice]", "true")
        page.click("#proposal-button")
        page.wait_for_function("!document.querySelector('[data-constraint=WorksCouncilAdvised]') && "
                               "document.querySelector('[data-constraint=BegrotingZienswijzePeriod]')")
        page.screenshot(path=str(REVIEW / "page-proposal-details-nl-390.png"), full_page=True)
        browser.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_answer_is_in_view_readable_and_shareable(url: str, lang: str) -> None:
    from playwright.sync_api import sync_playwright

    assert httpx.get(url + "/favicon.ico").status_code == 200
    statement = httpx.get(url + "/toegankelijkheid")
    assert statement.status_code == 200 and "WCAG" in statement.text
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.goto(f"{url}/?lang={lang}")
        # a skip link first, a footer with the version
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        assert page.locator("#version").inner_text().strip()
        fill_three_colleges(page)
        page.click("#advise-button")
        page.wait_for_selector("#advice-title")
        # focus moves to the outcome, which opens with its conclusion, participants and date
        assert page.evaluate("document.activeElement.id") == "advice-title"
        conclusion = page.locator(".conclusion").inner_text()
        assert conclusion and ("past" in conclusion) == (lang == "nl")
        text = page.locator("#advice").inner_text()
        # no identifiers or keys a person cannot read (the kind of regeling by its label, sources by title)
        for raw in ("GemengdeRegeling", "Collegeregeling", "https://", "_") + (("thesis §",) if lang == "nl" else ()):
            assert raw not in text, raw
        # the URL holds the situation: opening it gives the same advice
        link = page.url
        assert "#s=" in link
        again = browser.new_page(viewport={"width": 390, "height": 800})
        again.goto(link)
        again.wait_for_selector("#advice-title")
        assert again.locator(".conclusion").inner_text() == conclusion
        # an open draft stays open when the language is switched
        page.locator("button[data-draft]").first.click()
        page.wait_for_selector("#draft-frame")
        assert page.locator("#draft-frame").get_attribute("sandbox") == ""
        page.click("#lang")
        assert page.locator("#draft-frame").count() == 1
        browser.close()
