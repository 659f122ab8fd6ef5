"""Every kind of public page and the main staff pages have no axe-core violation of WCAG 2.1
A and AA, on the demo data."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_violations
from tests.site_pages import public_pages, staff_pages

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_page_has_an_accessibility_violation(live_server, browser, axe_source, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    call_command("demo", "--no-serve", verbosity=0)
    found = {}
    # (bypass_csp: the site's CSP rightly refuses the injected axe-core script)
    context = browser.new_context(locale="de-DE", bypass_csp=True)
    page = context.new_page()
    for what, address in public_pages():
        page.goto(live_server.url + address)
        if violations := axe_violations(page, axe_source):
            found[what] = violations
    page.goto(live_server.url + "/verwaltung/login/")
    if violations := axe_violations(page, axe_source):
        found["staff: login"] = violations
    page.get_by_label("Benutzername").fill("koordination-lakos")
    page.get_by_label("Passwort").fill("selbsthilfe-demo")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    for what, address in staff_pages():
        page.goto(live_server.url + address)
        if violations := axe_violations(page, axe_source):
            found[f"staff: {what}"] = violations
    context.close()
    assert not found, "\n".join(
        f"{what}: {line}" for what, lines in found.items() for line in lines
    )
