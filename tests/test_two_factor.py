"""Two-factor sign-in for staff: an authenticator app (TOTP) and single-use recovery codes,
required for all staff when STAFF_TWO_FACTOR_REQUIRED is set."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import ContactPointFactory, staff_client

pytestmark = pytest.mark.django_db
ADMIN = reverse("admin:index")
SETUP = reverse("two_factor")
VERIFY = reverse("two_factor_verify")


def code_for(key: bytes, offset: int = 0) -> str:
    return f"{totp(key, t0=0, step=30, digits=6, drift=offset):06d}"


@pytest.fixture
def member(client):
    return staff_client(client, ContactPointFactory())


def set_up_app(client, url=SETUP) -> bytes:
    """Set up the authenticator as a member would: read the key, answer with a code."""
    page = client.get(url)
    assert page.status_code == 200 and "<svg" in page.text  # the QR code, drawn inline
    key = b32decode(page.context["secret"].replace(" ", ""))
    codes_page = client.post(url, {"code": code_for(key)})
    assert codes_page.status_code == 200
    assert len(codes_page.context["codes"]) == 10
    return key, codes_page.context["codes"]


def test_setting_up_the_app_confirms_it_and_hands_out_recovery_codes(member):
    key, codes = set_up_app(member)
    device = TOTPDevice.objects.get()
    assert device.confirmed and device.bin_key == key
    assert StaticToken.objects.filter(token__in=codes).count() == 10
    assert member.get(ADMIN).status_code == 200  # this session is verified


def test_a_wrong_code_does_not_turn_it_on(member):
    member.get(SETUP)
    response = member.post(SETUP, {"code": "000000"})
    assert "nicht gültig" in response.text
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_after_the_password_a_member_with_the_app_must_give_a_code(member, client):
    key, _codes = set_up_app(member)
    member.logout()
    user = TOTPDevice.objects.get().user
    member.force_login(user)  # the password step
    response = member.get(reverse("admin:groups_group_changelist"))
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert member.get(reverse("annual_report_start")).status_code == 302  # staff pages too
    wrong = member.post(VERIFY, {"code": "123456", "next": "/verwaltung/groups/group/"})
    assert "nicht gültig" in wrong.text
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    used = member.post(VERIFY, {"code": code_for(key), "next": "/verwaltung/groups/group/"})
    assert "nicht gültig" in used.text  # the setup's code cannot be used again
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    right = member.post(VERIFY, {"code": code_for(key, 1), "next": "/verwaltung/groups/group/"})
    assert right.status_code == 302 and right.url == "/verwaltung/groups/group/"
    assert member.get(reverse("admin:groups_group_changelist")).status_code == 200


def test_a_recovery_code_works_once(member):
    _key, codes = set_up_app(member)
    user = TOTPDevice.objects.get().user
    for expected in (302, 200):
        member.logout()
        member.force_login(user)
        response = member.post(VERIFY, {"code": codes[0]})
        assert response.status_code == expected
    assert "nicht gültig" in response.text


def test_verifying_never_redirects_to_another_site(member):
    key, _codes = set_up_app(member)
    member.logout()
    member.force_login(TOTPDevice.objects.get().user)
    response = member.post(VERIFY, {"code": code_for(key, 1), "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == ADMIN


def test_when_required_staff_without_the_app_must_set_it_up_first(member, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    response = member.get(reverse("admin:groups_group_changelist"))
    assert response.status_code == 302 and response.url.startswith(SETUP)
    assert member.get(SETUP).status_code == 200
    set_up_app(member)
    assert member.get(reverse("admin:groups_group_changelist")).status_code == 200


def test_when_not_required_staff_without_the_app_work_as_before(member, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    assert member.get(reverse("admin:groups_group_changelist")).status_code == 200


def test_new_recovery_codes_replace_the_old_ones(member):
    _key, old = set_up_app(member)
    page = member.post(SETUP, {"action": "codes"})
    new = page.context["codes"]
    assert not set(old) & set(new)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert re.search(r"no-store", page["Cache-Control"])


def add_passkey(user):
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.create(
        user=user, name="Laptop", confirmed=True, credential_id=b"id-" + user.username.encode(),
        public_key=b"key", aaguid="00000000-0000-0000-0000-000000000000",
        credential_id_sha256=user.username.ljust(64, "0")[:64],
    )  # fmt: skip


def add_app(user):
    return TOTPDevice.objects.create(user=user, name="App", confirmed=True)


@pytest.mark.parametrize(
    "factors", [("passkey",), ("app",), ("passkey", "app")], ids=["passkey", "app", "both"]
)
def test_a_password_alone_cannot_add_a_factor_or_take_recovery_codes(client, factors):
    """After the password only, every page that adds a second factor or hands out recovery
    codes leads to the confirmation with an existing factor, and nothing is added."""
    member = staff_client(client, ContactPointFactory())
    user = member.get(VERIFY).wsgi_request.user
    for factor in factors:
        {"passkey": add_passkey, "app": add_app}[factor](user)
    devices_before = sorted(
        (type(device).__name__, device.pk) for device in devices_for_user(user, confirmed=None)
    )
    for response in (
        member.get(SETUP),
        member.get(SETUP, {"app": "1"}),
        member.post(f"{SETUP}?app=1", {"code": "123456"}),
        member.post(SETUP, {"action": "codes"}),
    ):
        assert response.status_code == 302 and response.url.startswith(VERIFY)
        assert "secret" not in (response.context or {})
    for step in ("begin", "complete"):
        passkey = member.post(
            reverse(f"otp_webauthn:credential-registration-{step}"), "{}",
            content_type="application/json",
        )  # fmt: skip
        assert passkey.status_code == 403
    devices_after = sorted(
        (type(device).__name__, device.pk) for device in devices_for_user(user, confirmed=None)
    )
    assert devices_after == devices_before
    assert not StaticToken.objects.exists()
    assert member.get(reverse("admin:groups_group_changelist")).url.startswith(VERIFY)


def test_once_confirmed_a_member_with_a_passkey_may_add_the_app(member):
    user = member.get(VERIFY).wsgi_request.user
    passkey = add_passkey(user)
    otp_login_in(member, passkey)
    key, codes = set_up_app(member, f"{SETUP}?app=1")
    assert TOTPDevice.objects.get(user=user, confirmed=True).bin_key == key
    assert len(codes) == 10


def otp_login_in(client, device):
    """Confirm the client's session with ``device``, as the passkey ceremony would."""
    from django.conf import settings as django_settings
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore(client.cookies[django_settings.SESSION_COOKIE_NAME].value)
    session["otp_device_id"] = device.persistent_id
    session.save()


def test_two_factor_pages_are_never_stored(member):
    for response in (member.get(SETUP), member.get(VERIFY)):
        assert "no-store" in response["Cache-Control"]
