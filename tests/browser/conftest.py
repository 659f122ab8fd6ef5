"""Playwright driving Debian's chromium against the live test server."""

import os
import shutil
from pathlib import Path

import axe_playwright_python
import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# axe-core as the dev dependency axe-playwright-python ships it (no network while testing).
AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
# IBM Equal Access's engine, vendored beside these tests (tests/browser/vendor/README.md).
EQUAL_ACCESS = Path(__file__).parent / "vendor" / "accessibility-checker-engine" / "ace.js"
# Equal Access rules left out, each with the reason (also named in the accessibility
# statement's method, templates/pages/accessibility.html).
EQUAL_ACCESS_EXCLUDED_RULES = {
    "aria_form_label_unique": "asks every <form> for a distinct name, but a form without a "
    "name is no landmark (HTML-AAM), so the admin's unnamed forms (log out, the change "
    "form) cannot be confused with one another",
}

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"chromium not found at {CHROMIUM}; .ci/run installs it with apt-get")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text()


def axe_violations(page, axe_source: str) -> list[str]:
    """What axe-core finds on the open page against WCAG 2.1 A and AA, one line each."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "tag",
              values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})"""
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:3]
        )
        for violation in result["violations"]
    ]


@pytest.fixture(scope="session")
def equal_access_source() -> str:
    return EQUAL_ACCESS.read_text()


def equal_access_violations(page, equal_access_source: str) -> list[str]:
    """What IBM Equal Access finds on the open page against WCAG 2.1 A and AA: its definite
    failures only (potential violations, recommendations and manual checks need a person)."""
    if not page.evaluate("() => typeof ace !== 'undefined'"):
        page.add_script_tag(content=equal_access_source)
    # The engine counts the labels inside a closed <details> as missing while it still sees
    # their fields; opened, the content is checked as a person sees it after opening it.
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    results = page.evaluate(
        """async () => {
            const report = await new ace.Checker().check(document, ["WCAG_2_1"]);
            return report.results
                .filter(result => result.value[0] === "VIOLATION" && result.value[1] === "FAIL")
                .map(result => ({rule: result.ruleId, message: result.message,
                                 path: result.path.dom, snippet: result.snippet}));
        }"""
    )
    return [
        f"{result['rule']}: {result['message']} – {result['path']} {result['snippet'][:120]}"
        for result in results
        if result["rule"] not in EQUAL_ACCESS_EXCLUDED_RULES
    ]


def sign_in(page, base: str, username: str = "admin", password: str = "selbsthilfe-demo"):
    """Sign in to the staff workspace (the demo's administrator unless told otherwise)."""
    page.goto(base + "/verwaltung/login/?next=/verwaltung/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
