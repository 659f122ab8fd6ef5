"""On a phone, a citizen writes to a group that is reached only through its contact point."""

import pytest

from contactpoints.models import Message
from groups.models import Group
from tests.factories import ContactPointFactory, GroupFactory, SiteFactory

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "de-DE"}  # fmt: skip


def test_write_to_a_group_through_its_contact_point_on_a_phone(live_server, browser):
    kiss = ContactPointFactory(name="K.I.S.S. Kreis Unna", email="kiss@kreis-unna.example")
    SiteFactory(contact_point=kiss, name="K.I.S.S. Lünen", phone="02306 100610")
    group = GroupFactory(name="Angehörige Demenz Lünen", contact_point=kiss,
                         contact_mode=Group.ContactMode.VIA_CONTACT_POINT)  # fmt: skip
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_server.url + group.get_absolute_url())

    # The contact box offers the nearest site's phone as a link and the form; nothing is
    # wider than the screen.
    assert page.get_by_role("link", name="02306 100610").get_attribute("href") == (
        "tel:+492306100610")  # fmt: skip
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Filled in at once, as a browser's autofill does: speed alone is no reason to refuse.
    page.get_by_label("Ihr Name oder ein Spitzname").fill("Erika")
    page.get_by_label("Ihre E-Mail-Adresse").fill("erika@example.org")
    message = page.get_by_label("Ihre Nachricht")
    message.fill("Meine Mutter hat Demenz. Kann ich zur Gruppe kommen?")
    assert message.bounding_box()["width"] <= 360
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Nachricht senden").click()
    page.wait_for_url("**/nachricht-gesendet/**")
    assert "Ihre Nachricht wurde gesendet" in page.content()
    assert "Meine Mutter" not in page.content()  # the confirmation repeats no message
    stored = Message.objects.get()
    assert (stored.group, stored.route, stored.email) == (group, "contact_point",
                                                          "erika@example.org")  # fmt: skip
    context.close()
