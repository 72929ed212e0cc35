"""Every page of the built book in Debian's Chromium: offline, no console errors, charts drawn."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading

import pytest

from stargate_report import build
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = ROOT / "_build" / "screenshots"
PAGES = [f"{doc}.html" for doc in build.toc_files(ROOT)]


#: Milliseconds from navigation to every chart drawn, per page and colour scheme: recorded
#: (in _build/screenshots/chart-times.json), never asserted; speed is for `make bench`.
CHART_TIMES: dict[str, dict] = {}


@pytest.fixture(scope="module", autouse=True)
def record_chart_times():
    yield
    if CHART_TIMES:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "chart-times.json").write_text(
            json.dumps(CHART_TIMES, indent=2, sort_keys=True) + "\n", encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(built_book):
    """The built book served on a loopback port, as a reader's browser would get it."""
    handler = functools.partial(_QuietHandler, directory=str(built_book.html.resolve()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def chromium_path() -> str:
    """Debian's Chromium (or `$SG_CHROMIUM`); a clear failure when it is not there."""
    path = os.environ.get("SG_CHROMIUM", CHROMIUM)
    if not (shutil.which(path) or os.access(path, os.X_OK)):
        pytest.fail(f"Chromium is missing at {path}: `make test` installs it with apt-get "
                    "(as root), or set SG_CHROMIUM to a Chromium executable", pytrace=False)
    return path


@pytest.fixture(scope="session", autouse=True)
def chromium_before_the_book():
    """Fail on a missing Chromium before the session's book is built (pytest sets up
    session fixtures, the book among them, before module ones such as `browser`)."""
    chromium_path()


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()  # before anything is built
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def visit(browser, site, page_path, scheme):
    """Load a page with every non-local request blocked; report what happened."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    errors, blocked = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith(site + "/"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(f"{site}/{page_path}", wait_until="load")
    n_specs = page.locator("script.sg-spec").count()
    charts_ms, text_colour = None, None
    if n_specs:
        page.wait_for_function(
            "n => document.querySelectorAll('.sg-chart[data-rendered]').length >= n",
            arg=n_specs, timeout=15_000)
        charts_ms = page.evaluate("performance.now()")  # since navigation started
        text_colour = page.eval_on_selector(".sg-chart svg .role-title-text text",
                                            "t => getComputedStyle(t).fill")
        CHART_TIMES[f"{page_path} ({scheme})"] = {"charts": n_specs,
                                                  "ms_to_draw": round(charts_ms)}
    drawn = page.eval_on_selector_all(
        ".sg-chart", "els => els.filter(e => e.dataset.rendered === 'true' && "
                     "e.querySelector('svg, canvas')).length")
    theme = page.evaluate("document.documentElement.dataset.theme")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{page_path.replace('/', '_').removesuffix('.html')}-{scheme}.png"
    page.screenshot(path=str(shot), full_page=True)
    context.close()
    return {"errors": errors, "blocked": blocked, "specs": n_specs, "drawn": drawn,
            "theme": theme, "screenshot": shot, "text_colour": text_colour}


def luminance(css_colour: str) -> float:
    """Relative luminance (0 black … 1 white) of an `rgb(r, g, b)` colour."""
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css_colour)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_path", PAGES)
def test_page_renders_offline_with_every_chart(browser, site, page_path, scheme):
    seen = visit(browser, site, page_path, scheme)
    assert seen["blocked"] == [], "requests left this machine"
    assert seen["errors"] == [], "console errors"
    assert seen["drawn"] == seen["specs"], "every chart on the page draws an SVG"
    assert seen["theme"] == scheme
    assert seen["screenshot"].stat().st_size > 10_000
    if seen["specs"]:  # chart text is dark on light pages and light on dark ones
        assert (luminance(seen["text_colour"]) > 0.6) == (scheme == "dark"), seen["text_colour"]


def test_the_sources_page_has_its_charts(browser, site):
    assert visit(browser, site, "chapters/sources.html", "light")["drawn"] == 2


def test_the_claims_explorer_filters_offline(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site)
               else r.abort())
    page.goto(f"{site}/chapters/claims.html", wait_until="load")
    rows = page.locator(".sg-explorer tbody tr")
    total = rows.count()
    page.select_option(".sg-explorer select[data-filter='topic']", "chips")
    visible = page.locator(".sg-explorer tbody tr:not([hidden])")
    n_chips = visible.count()
    assert 0 < n_chips < total
    assert set(visible.evaluate_all("rs => rs.map(r => r.dataset.topic)")) == {"chips"}
    assert page.locator(".sg-explorer-count").inner_text() == f"{n_chips} of {total} claims"
    page.select_option(".sg-explorer select[data-filter='article']", "003")
    both = page.locator(".sg-explorer tbody tr:not([hidden])")
    assert 0 < both.count() < n_chips
    context.close()


def test_a_chart_shows_a_tooltip_on_hover(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/chapters/sources.html", wait_until="load")
    page.wait_for_function("document.querySelectorAll('.sg-chart[data-rendered=true]').length >= 2")
    bar = page.locator(".sg-chart").nth(1).locator("path[role='graphics-symbol']").first
    bar.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5000)
    assert "Article" in tooltip.inner_text()
    context.close()


def test_download_links_under_a_chart_serve_their_files(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site}/chapters/energy.html", wait_until="load")
    links = page.eval_on_selector_all(".sg-downloads a", "as => as.map(a => [a.href, a.download])")
    assert len(links) == 3 * page.locator("script.sg-spec").count() > 0
    types = {"csv": "text/csv", "png": "image/png", "svg": "image/svg+xml"}
    for href, filename in links[:6]:
        assert href.startswith(site + "/_static/charts/")  # served by the book itself
        response = page.request.get(href)
        assert response.ok and len(response.body()) > 100
        assert response.headers["content-type"].startswith(types[filename.rsplit(".", 1)[1]])
    context.close()


VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

#: What sticks out of the content column: the page's own horizontal scroll, and each
#: element wider than the column that no scrolling box of its own holds (a wide table
#: may scroll inside its box; text cut off or pushed past the edge may not).
OVERFLOW_JS = """() => {
  const article = document.querySelector("article.bd-article");
  const column = article.getBoundingClientRect();
  const wide = [];
  for (const el of article.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    if (r.right <= column.right + 1 && r.left >= column.left - 1) continue;
    let box = el.parentElement, held = false;
    while (box && box !== article) {
      const overflow = getComputedStyle(box).overflowX;
      if (overflow === "auto" || overflow === "scroll") { held = true; break; }
      box = box.parentElement;
    }
    if (!held) wide.push(el.tagName.toLowerCase() + "." + String(el.className).split(" ")[0]);
  }
  const doc = document.documentElement;
  return {page_scroll: doc.scrollWidth - doc.clientWidth, wide: wide.slice(0, 10)};
}"""


def reader_page(context, site):
    """A tab that loads only this machine's pages, and waits for every chart drawn."""
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site + "/")
               else r.abort())

    def open_(path):
        page.goto(f"{site}/{path}", wait_until="load")
        page.wait_for_function(
            "n => document.querySelectorAll('.sg-chart[data-rendered]').length >= n",
            arg=page.locator("script.sg-spec").count(), timeout=15_000)
        return page

    return open_


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_nothing_overflows_the_column(browser, site, device, scheme):
    context = browser.new_context(viewport=VIEWPORTS[device], color_scheme=scheme)
    open_ = reader_page(context, site)
    problems = {}
    for path in PAGES:
        seen = open_(path).evaluate(OVERFLOW_JS)
        if seen["page_scroll"] > 0 or seen["wide"]:
            problems[path] = seen
    # the check can fail: an element wider than the column is found
    page = open_(PAGES[0])
    page.evaluate("""() => { const d = document.createElement("div");
        d.style.cssText = "width: 3000px; height: 10px";
        document.querySelector("article.bd-article").append(d); }""")
    assert page.evaluate(OVERFLOW_JS)["wide"] == ["div."]
    context.close()
    assert problems == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_a_serious_accessibility_violation(browser, site, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport=VIEWPORTS["desktop"], color_scheme=scheme)
    open_ = reader_page(context, site)
    found = {}
    for path in PAGES:
        violations = axe.run(open_(path)).response["violations"]
        serious = [f"{v['id']} ({v['impact']}): {len(v['nodes'])} element(s), first "
                   f"{v['nodes'][0]['target']}" for v in violations
                   if v["impact"] in ("serious", "critical")]
        if serious:
            found[path] = serious
    context.close()
    assert found == {}


def test_each_chapter_opens_with_its_story_and_first_chart(browser, site):
    """Title, "In short" and the first chart come before the parameters: the chart's top
    edge within the first 1,400 px at 1280 × 900."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    open_ = reader_page(context, site)
    tops = {}
    for path in (p for p in PAGES if p.startswith("chapters/")):
        page = open_(path)
        tops[path] = page.evaluate("document.querySelector('.sg-chart')"
                                   ".getBoundingClientRect().top + window.scrollY")
        in_short = page.get_by_text("In short.", exact=True).first.bounding_box()["y"]
        params_block = page.locator("details.sg-params-block").first.bounding_box()["y"]
        assert in_short < tops[path] < params_block, path
    context.close()
    assert max(tops.values()) <= 1400, tops
