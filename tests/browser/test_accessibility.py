"""Every kind of public page and the main staff pages have no axe-core violation of WCAG 2.1
A and AA, on the demo data."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Registration
from tests.browser.conftest import axe_violations, sign_in
from tests.site_pages import ERROR_PAGES, ERROR_URLCONF, public_pages, staff_pages

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
    # A registration after its cancellation: the message and the page as it is then.
    page.goto(
        live_server.url
        + Registration.objects.filter(status="confirmed", event__starts_at__gt=timezone.now())
        .first()
        .get_absolute_url()
    )
    page.get_by_role("link", name="Abmelden").click()
    page.get_by_role("button", name="Ja, Anmeldung stornieren").click()
    page.wait_for_load_state()
    if violations := axe_violations(page, axe_source):
        found["cancelled registration"] = violations
    settings.ROOT_URLCONF = ERROR_URLCONF
    for what, address, status in ERROR_PAGES:
        assert page.goto(live_server.url + address).status == status, what
        if violations := axe_violations(page, axe_source):
            found[what] = violations
    page.goto(live_server.url + "/verwaltung/login/")
    if violations := axe_violations(page, axe_source):
        found["staff: login"] = violations
    sign_in(page, live_server.url)
    for what, address in staff_pages():
        page.goto(live_server.url + address)
        if violations := axe_violations(page, axe_source):
            found[f"staff: {what}"] = violations
    context.close()
    assert not found, "\n".join(
        f"{what}: {line}" for what, lines in found.items() for line in lines
    )


def test_no_page_scrolls_sideways_at_320_px_or_at_200_percent_zoom(live_server, browser):
    """WCAG 1.4.10 (reflow): 320 CSS pixels wide, and a 1280 px window zoomed to 200 %
    (640 CSS pixels), show every page without horizontal scrolling."""
    call_command("demo", "--no-serve", verbosity=0)
    too_wide = []
    for width in (320, 640):
        context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 800})
        page = context.new_page()
        for what, address in public_pages():
            page.goto(live_server.url + address)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                too_wide.append(f"{what} at {width} px: {overflow} px too wide")
        context.close()
    assert not too_wide, "\n".join(too_wide)


def test_the_keyboard_reaches_the_skip_link_the_search_and_sees_where_it_is(
    live_server, page, listed_group
):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.evaluate("() => document.activeElement.textContent.trim()")
    assert skip == "Zum Inhalt springen"
    box = page.evaluate("() => document.activeElement.getBoundingClientRect().toJSON()")
    assert box["width"] > 0 and box["top"] >= 0  # shown when focused
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    page.keyboard.type("Depression")
    for _ in range(5):  # to the search button, without a mouse
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Suchen":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/gruppen/?q=Depression*")
    assert page.get_by_role("link", name=listed_group.name).is_visible()
