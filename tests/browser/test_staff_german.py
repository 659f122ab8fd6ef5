"""The staff workspace reads as German software: walking its pages signed in with a German
browser finds none of Django's default admin words in English, and no raw values."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Event
from groups.models import Group
from tests.browser.conftest import sign_in
from tests.site_pages import staff_pages

# Signed in as the demo's administrator: the staff roles' permissions come from migrations,
# which the flush between committing tests removes (the scope of each role is tested apart).
pytestmark = pytest.mark.django_db(transaction=True)

# Django's and django-simple-history's admin words as shipped in English (whole words or
# phrases), and what a value looks like when Python prints it raw or cuts it.
ENGLISH = [
    "Search", "Run", "Select an option", "Go", "Add", "Change", "Delete", "History", "Save",
    "Save and continue editing", "Save and add another", "View on site", "Action",
    "Home", "Log out", "Welcome", "Recent actions", "Show all", "Clear all filters", "Today",
    "Now", "Choose", "Remove", "Changes", "Historical", "Change reason", "Object", "Date/time",
    "Comment", "Revert", "Yes", "No", "Unknown", "None", r"\[\d+ chars\]",
]  # fmt: skip
# (any case: the admin writes some headings in capitals)
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(ENGLISH) + r")(?![\w-])", re.IGNORECASE)


def test_the_staff_pages_show_no_english_admin_words(live_server, page, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    call_command("demo", "--no-serve", verbosity=0)
    sign_in(page, live_server.url)
    group = Group.objects.order_by("pk").first()
    event = Event.objects.order_by("pk").first()
    pages = [
        *staff_pages(),
        ("group history", reverse("admin:groups_group_history", args=[group.pk])),
        (
            "a group's earlier version",
            reverse(
                "admin:groups_group_simple_history",
                args=[group.pk, group.history.earliest().history_id],
            ),
        ),
        ("event form", reverse("admin:events_event_change", args=[event.pk])),
        ("topics", reverse("admin:groups_topic_changelist")),
        ("contact points", reverse("admin:contactpoints_contactpoint_changelist")),
    ]
    found = []
    for what, address in pages:
        page.goto(live_server.url + address)
        # (a topic's English name and the English words among its synonyms are data)
        page.eval_on_selector_all(".field-synonym_list, .field-name_en",
                                  "cells => cells.forEach(c => c.remove())")
        text = page.inner_text("body")
        attributes = page.eval_on_selector_all(
            "[placeholder], [aria-label], [title], input[type=submit]",
            "all => all.map(e => [e.placeholder, e.getAttribute('aria-label'), e.title, "
            "e.type === 'submit' ? e.value : ''].filter(Boolean).join(' '))",
        )
        words = sorted(set(PATTERN.findall(text + "\n" + "\n".join(attributes))))
        if words:
            found.append(f"{what}: {', '.join(words)}")
    assert not found, "\n".join(found)


def test_the_change_lists_fit_a_1280_pixel_screen(live_server, browser, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    call_command("demo", "--no-serve", verbosity=0)
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url)
    too_wide = []
    for model in ("groups_group", "events_event", "events_registration", "contactpoints_inquiry",
                  "contactpoints_message", "groups_topic", "groups_suggestion"):  # fmt: skip
        page.goto(live_server.url + reverse(f"admin:{model}_changelist"))
        # (the page, and the table, which the admin lets scroll on its own)
        overflow = page.evaluate(
            """() => Math.max(...[document.documentElement, document.querySelector('.results')]
                   .filter(Boolean).map(e => e.scrollWidth - e.clientWidth))"""
        )
        if overflow > 0:
            too_wide.append(f"{model}: {overflow} px")
    context.close()
    assert not too_wide, too_wide


def test_the_group_form_puts_the_common_fields_first_and_folds_the_rest(
    live_server, page, settings
):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    call_command("demo", "--no-serve", verbosity=0)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url)
    page.goto(live_server.url + reverse("admin:groups_group_changelist"))
    page.locator("#result_list tbody th a").first.click()
    page.wait_for_load_state()
    height = page.evaluate("() => document.documentElement.scrollHeight")
    folded = page.locator("fieldset details:not([open])").count()
    assert folded == 2 and height < 3200, (folded, height)  # it was 4,240 px long
