"""On a phone, a citizen sees at once that a group takes no new members: on its card and on
its page, above the folded message box, with the contact point to ask instead."""

import pytest

from groups.models import Group
from tests.browser.conftest import axe_violations
from tests.factories import ContactPointFactory, GroupFactory, SiteFactory, TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)
# (bypass_csp: the site's CSP rightly refuses the injected axe-core script)
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
         "locale": "de-DE", "bypass_csp": True}  # fmt: skip


def test_a_full_group_says_so_on_its_card_and_page_and_offers_the_contact_point(
    live_server, browser, axe_source
):
    kiss = ContactPointFactory(name="K.I.S.S. Kreis Unna", email="kiss@kreis-unna.example")
    SiteFactory(contact_point=kiss, name="K.I.S.S. Lünen", phone="0 23 06 / 100-610")
    topic = TopicFactory(name="Angst")
    full = GroupFactory(name="Angstfrei Unna", contact_point=kiss, accepting_members=False,
                        contact_mode=Group.ContactMode.DIRECT,
                        public_email="angstfrei@example.org")  # fmt: skip
    welcoming = GroupFactory(name="Mutig Lünen", contact_point=kiss)
    full.topics.add(topic)
    welcoming.topics.add(topic)
    context = browser.new_context(**PHONE)
    page = context.new_page()

    page.goto(live_server.url + topic.get_absolute_url())
    full_card = page.locator("article.group-card", has_text="Angstfrei Unna")
    assert full_card.get_by_text("Nimmt derzeit keine neuen Mitglieder auf").is_visible()
    assert full_card.get_by_text("Neue Mitglieder willkommen").count() == 0
    other = page.locator("article.group-card", has_text="Mutig Lünen")
    assert other.get_by_text("Neue Mitglieder willkommen").is_visible()

    page.goto(live_server.url + full.get_absolute_url())
    # Under the title, in the first screen, before anything else about the group.
    notice = page.locator("p.not-taking-members")
    assert notice.is_visible() and notice.bounding_box()["y"] < 740
    # The message box is folded; the note above it is not, and names whom to ask.
    note = page.locator(".not-taking-members-note")
    box = page.locator("details.message-box")
    assert box.get_attribute("open") is None
    assert note.is_visible() and note.bounding_box()["y"] < box.bounding_box()["y"]
    assert note.get_by_role("link", name="K.I.S.S. Kreis Unna").is_visible()
    assert note.get_by_role("link", name="0 23 06 / 100-610").get_attribute("href") == (
        "tel:+492306100610"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page, axe_source) == []
    context.close()
