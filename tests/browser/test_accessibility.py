"""Every kind of public page and the main staff pages have no violation of WCAG 2.1 A and AA
that axe-core or IBM Equal Access finds, on the demo data; focus is visible, pages reflow,
the keyboard reaches what matters."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Registration
from tests.browser.conftest import axe_violations, equal_access_violations, sign_in
from tests.site_pages import ERROR_PAGES, ERROR_URLCONF, public_pages, staff_pages

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_page_has_an_accessibility_violation(
    live_server, browser, axe_source, equal_access_source, settings
):
    """Each page is loaded once and checked by both engines, axe-core and IBM Equal Access."""
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    call_command("demo", "--no-serve", verbosity=0)
    found = {}

    def check(what):
        violations = [f"axe {line}" for line in axe_violations(page, axe_source)]
        violations += [
            f"Equal Access {line}" for line in equal_access_violations(page, equal_access_source)
        ]
        if violations:
            found[what] = violations

    # (bypass_csp: the site's CSP rightly refuses the injected engines' scripts)
    context = browser.new_context(locale="de-DE", bypass_csp=True)
    page = context.new_page()
    for what, address in public_pages():
        page.goto(live_server.url + address)
        check(what)
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
    check("cancelled registration")
    settings.ROOT_URLCONF = ERROR_URLCONF
    for what, address, status in ERROR_PAGES:
        assert page.goto(live_server.url + address).status == status, what
        check(what)
    page.goto(live_server.url + "/verwaltung/login/")
    check("staff: login")
    sign_in(page, live_server.url)
    for what, address in staff_pages():
        page.goto(live_server.url + address)
        check(f"staff: {what}")
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


# Every focusable element the page shows (a closed <details> is opened first), focused in
# turn: its outline's colour against the first opaque background behind it (WCAG 1.4.11,
# composited through translucent ones) and its width.
FOCUS_INDICATORS = """() => {
  const parse = (text) => {
    const parts = (text.match(/rgba?\\(([^)]*)\\)/) || [, ""])[1].split(/[\\s,\\/]+/)
      .filter(Boolean).map(Number);
    return parts.length < 3 ? null : {r: parts[0], g: parts[1], b: parts[2],
                                      a: parts.length > 3 ? parts[3] : 1};
  };
  const luminance = ({r, g, b}) => {
    const channel = (v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (one, other) => {
    const [light, dark] = [luminance(one), luminance(other)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const backgroundBehind = (element) => {
    const layers = [];
    for (let node = element.parentElement; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) layers.push(colour);
      if (colour && colour.a === 1) break;
    }
    return layers.reduceRight((below, layer) => ({
      r: layer.r * layer.a + below.r * (1 - layer.a),
      g: layer.g * layer.a + below.g * (1 - layer.a),
      b: layer.b * layer.a + below.b * (1 - layer.a), a: 1,
    }), {r: 255, g: 255, b: 255, a: 1});
  };
  document.querySelectorAll("details").forEach((details) => { details.open = true; });
  const found = [];
  const focusable = document.querySelectorAll(
    'a[href], button, input:not([type="hidden"]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])');
  for (const element of focusable) {
    if (element.disabled || !element.checkVisibility({visibilityProperty: true})) continue;
    element.focus();
    if (document.activeElement !== element) continue;
    const style = getComputedStyle(element);
    const colour = parse(style.outlineColor);
    const width = style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth);
    const ratio = colour ? contrast(colour, backgroundBehind(element)) : 0;
    found.push({element: element.outerHTML.slice(0, 100), width, ratio});
  }
  return found;
}"""


def test_every_focusable_element_shows_a_focus_outline_of_at_least_3_to_1(
    live_server, browser, settings
):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    call_command("demo", "--no-serve", verbosity=0)
    shown = {"home", "search with results", "group with direct contact", "message form",
             "contact points", "events", "event", "accessibility statement"}  # fmt: skip
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    measured, faint = 0, []

    def measure(what):
        nonlocal measured
        page.keyboard.press("Tab")  # the keyboard's focus, as a person tabbing sees it
        for indicator in page.evaluate(FOCUS_INDICATORS):
            measured += 1
            if indicator["width"] < 2 or indicator["ratio"] < 3:
                faint.append(
                    f"{what}: {indicator['element']} – outline {indicator['width']} px, "
                    f"{indicator['ratio']:.1f}:1"
                )

    for what, address in public_pages():
        if what in shown:
            page.goto(live_server.url + address)
            measure(what)
    sign_in(page, live_server.url)
    for what, address in staff_pages():
        if what in {"start page", "group list", "group form"}:
            page.goto(live_server.url + address)
            measure(f"staff: {what}")
    context.close()
    assert measured > 200
    assert not faint, "\n".join(faint)


def test_staff_icon_links_are_named_by_text_not_only_by_a_tooltip(live_server, browser, settings):
    """The calendar, clock, related-object and sorting links of the admin carry text a
    screen reader reads (a title alone is read by few and shown to no keyboard user)."""
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    call_command("demo", "--no-serve", verbosity=0)
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    sign_in(page, live_server.url)
    pages = dict(staff_pages())
    unnamed, icon_links = [], 0
    for address in (pages["group form"], pages["inquiry form"], pages["group list"] + "?o=1"):
        page.goto(live_server.url + address)
        page.wait_for_load_state("load")
        page.wait_for_function("() => document.querySelector('a[title] .visually-hidden')")
        links = page.evaluate(
            """() => [...document.querySelectorAll("a[title], a:has(> [title])")].map(link => ({
                html: link.outerHTML.slice(0, 120),
                text: link.textContent.trim() || link.getAttribute("aria-label") || "",
            }))"""
        )
        icon_links += len(links)
        unnamed += [f"{address}: {link['html']}" for link in links if not link["text"]]
    context.close()
    assert icon_links > 5
    assert not unnamed, "\n".join(unnamed)
