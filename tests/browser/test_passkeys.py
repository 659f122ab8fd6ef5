"""A staff member registers a passkey and confirms the next sign-in with it, in chromium with
a virtual authenticator (the browser's WebAuthn testing API)."""

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.factories import ContactPointFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_passkey_is_registered_and_confirms_the_next_sign_in(live_server, page, settings):
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    user = UserFactory(username="erika", is_staff=True)
    user.set_password("richtiges-Passwort-2026")
    user.save()
    MembershipFactory(user=user, contact_point=ContactPointFactory())
    browser = page.context.new_cdp_session(page)
    browser.send("WebAuthn.enable")
    browser.send(
        "WebAuthn.addVirtualAuthenticator",
        {"options": {"protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
                     "hasUserVerification": True, "isUserVerified": True}},
    )  # fmt: skip

    sign_in(page, live_server.url, "erika", "richtiges-Passwort-2026")
    page.goto(live_server.url + "/verwaltung/zwei-faktor/")
    page.get_by_role("button", name="Passkey registrieren").click()
    expect(page.locator("#passkey-register-status-message")).not_to_have_text("")
    assert WebAuthnCredential.objects.filter(user=user, confirmed=True).count() == 1

    page.context.clear_cookies()
    sign_in(page, live_server.url, "erika", "richtiges-Passwort-2026")
    assert "/verwaltung/zwei-faktor/pruefen/" in page.url  # the password alone is not enough
    page.get_by_role("button", name="Mit Passkey bestätigen").click()
    page.wait_for_url(live_server.url + "/verwaltung/")
    assert "Website-Verwaltung" in page.title()
