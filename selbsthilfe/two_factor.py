"""Two-factor sign-in for staff (django-otp): an authenticator app (TOTP) or passkeys
(django-otp-webauthn, where the browser supports them), with single-use recovery codes. After
the password, staff who have a device confirm with it; with STAFF_TWO_FACTOR_REQUIRED staff
without one are led to set it up before anything else."""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

RECOVERY_CODES = 10
# Pages a signed-in member reaches before the second factor (else they could not give it).
OPEN_VIEWS = {
    "admin:login", "admin:logout", "admin:jsi18n", "two_factor", "two_factor_verify",
    # the passkey ceremonies (django-otp-webauthn checks who may register on its own)
    "otp_webauthn:credential-registration-begin", "otp_webauthn:credential-registration-complete",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete", "otp_webauthn:js-i18n-catalog",
}  # fmt: skip


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=gettext_lazy("The six digits of your authenticator app, or a recovery code."),
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "").strip()


def recovery_code_warning(left: int) -> str:
    return ngettext(
        "You signed in with a recovery code; %(left)s is left. Make new ones under "
        "Two-factor sign-in.",
        "You signed in with a recovery code; %(left)s are left. Make new ones under "
        "Two-factor sign-in.",
        left,
    ) % {"left": left}


def relying_party_id(request) -> str:
    """The passkeys' domain: the host the site was reached at, without the port."""
    return request.get_host().rsplit(":", 1)[0].strip("[]")


def verified_device(user, code: str):
    """The user's confirmed device that accepts ``code`` (a recovery code is used up)."""
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if device.verify_token(code):
                return device
    return None


def next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if allowed and target else reverse("admin:index")


def require_second_factor(get_response):
    """Middleware: staff pages need the second factor once the member has a device, and a
    device at all when STAFF_TWO_FACTOR_REQUIRED is set."""

    def middleware(request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and request.path_info.startswith(f"/{settings.ADMIN_PATH}")
            and not user.is_verified()
            and view_name(request) not in OPEN_VIEWS
        ):
            if user_has_device(user):
                return redirect_back_after("two_factor_verify", request)
            if settings.STAFF_TWO_FACTOR_REQUIRED:
                return redirect_back_after("two_factor", request)
        return get_response(request)

    return middleware


def may_change_factors(user) -> bool:
    """Adding a second factor or new recovery codes needs a session confirmed with a factor
    the member already has; only an account without any may set up its very first one."""
    return user.is_verified() or not user_has_device(user)


def redirect_back_after(view: str, request):
    """To ``view``, which leads back to the page asked for when done."""
    return redirect(f"{reverse(view)}?{urlencode({'next': request.path})}")


def view_name(request) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


def render(request, template, title, **context):
    context = {**admin.site.each_context(request), "title": title, **context}
    return TemplateResponse(request, template, context)


@never_cache
@staff_member_required
def verify(request):
    """The second step of signing in: a code from the app, or a recovery code."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verified_device(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, recovery_code_warning(left))
            return redirect(next_url(request))
        form.add_error("code", _("This code is not valid. Check the time on your phone, or "
                                 "use a recovery code."))  # fmt: skip
    return render(request, "admin/two_factor/verify.html", _("Two-factor sign-in"), form=form,
                  next=next_url(request))  # fmt: skip


@never_cache
@staff_member_required
def overview(request):
    """The member's second factors: set up the authenticator app, register passkeys (where
    the browser can), renew the recovery codes. Open before the second factor (else the
    first could not be set up), so every change checks ``may_change_factors`` itself;
    django-otp-webauthn applies the same rule to registering a passkey."""
    user = request.user
    has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    passkeys = WebAuthnCredential.objects.filter(user=user, confirmed=True).count()
    if not may_change_factors(user):
        return redirect_back_after("two_factor_verify", request)
    if request.method == "POST" and request.POST.get("action") == "codes":
        if not user.is_verified():
            return redirect_back_after("two_factor_verify", request)
        return show_codes(request, new_recovery_codes(user))
    if has_app or (passkeys and "app" not in request.GET):
        codes_left = StaticToken.objects.filter(device__user=user).count()
        return render(request, "admin/two_factor/overview.html", _("Two-factor sign-in"),
                      has_app=has_app, passkeys=passkeys, codes_left=codes_left)  # fmt: skip
    return set_up_app(request)


def set_up_app(request):
    """Show the QR code of a new authenticator app; a code from it turns the app on and hands
    out recovery codes."""
    user = request.user
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": _("Authenticator app")}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return show_codes(request, new_recovery_codes(user), next=next_url(request))
        form.add_error("code", _("This code is not valid. Scan the code again, and check the "
                                 "time on your phone."))  # fmt: skip
    qr_code = mark_safe(
        segno.make(device.config_url, error="m").svg_inline(scale=4)
    )  # segno escapes what it writes
    secret = b32encode(device.bin_key).decode()
    return render(request, "admin/two_factor/setup.html", _("Set up two-factor sign-in"),
                  form=form, qr_code=qr_code, secret=" ".join(secret[i:i + 4] for i in
                  range(0, len(secret), 4)), next=next_url(request))  # fmt: skip


def new_recovery_codes(user) -> list[str]:
    """Replace the member's recovery codes with RECOVERY_CODES new single-use ones."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": _("Recovery codes"), "confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _number in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def show_codes(request, codes, next=None):
    return render(request, "admin/two_factor/codes.html", _("Your recovery codes"),
                  codes=codes, next=next or reverse("admin:index"))  # fmt: skip
