"""The pages a citizen, staff member or coordinator sees, taken from the demo data: the page
lists that the accessibility and HTML checks walk (tests/browser/test_accessibility.py,
tests/test_html_validity.py)."""

from django.conf import settings
from django.urls import reverse

from contactpoints.models import ContactPoint, Message, Site
from events.models import Event, EventSeries, Registration
from groups.models import FoundingAlert, Group, Organisation, Topic


def public_pages() -> list[tuple[str, str]]:
    """(what, address) of every kind of public page."""
    public = Group.objects.public()
    direct = public.filter(contact_mode=Group.ContactMode.DIRECT).order_by("pk").first()
    protected = (
        public.filter(contact_mode=Group.ContactMode.VIA_CONTACT_POINT).order_by("pk").first()
    )
    ended = Group.objects.filter(status=Group.Status.ENDED).order_by("pk").first()
    founding = public.filter(status=Group.Status.FOUNDING).order_by("pk").first()
    event = Event.objects.upcoming().filter(registration_required=True).order_by("pk").first()
    registration = Registration.objects.filter(event=event).order_by("pk").first()
    waiting = Registration.objects.filter(status=Registration.Status.WAITING_LIST).first()
    contact_point = ContactPoint.objects.filter(sites__isnull=False).order_by("pk").first()
    pages = [
        ("home", reverse("home")),
        ("search with results", reverse("groups:list") + "?q=Depression&ort=L%C3%BCnen"),
        ("search without results", reverse("groups:list") + "?q=Xylophon&ort=Unna"),
        ("search with the crisis hint", reverse("groups:list") + "?q=ich+will+nicht+mehr+leben"),
        ("topics A–Z", reverse("groups:topics")),
        ("topic", Topic.objects.order_by("pk").first().get_absolute_url()),
        ("group with direct contact", direct.get_absolute_url()),
        ("group reached through the contact point", protected.get_absolute_url()),
        ("ended group", ended.get_absolute_url()),
        ("group in founding", founding.get_absolute_url()),
        ("contact points", reverse("contactpoints:list")),
        ("your contact point", reverse("contactpoints:finder") + "?ort=L%C3%BCnen"),
        ("your contact point, place unknown", reverse("contactpoints:finder") + "?ort=L%C3%BChnen"),
        ("contact point", contact_point.get_absolute_url()),
        ("message form", reverse("contactpoints:group_message", args=[protected.slug])),
        ("organisations", reverse("groups:organisations")),
        ("organisation", Organisation.objects.order_by("pk").first().get_absolute_url()),
        ("events", reverse("events:list")),
        ("event archive", reverse("events:archive")),
        ("event", event.get_absolute_url()),
        ("series", EventSeries.objects.order_by("pk").first().get_absolute_url()),
        ("registration", registration.get_absolute_url()),
        ("registration on the waiting list", waiting.get_absolute_url()),
        ("cancelling a registration",
         reverse("events:cancel_registration", args=[registration.cancellation_token])),
        ("suggestion form", reverse("groups:suggest")),
        ("found a group", reverse("groups:found")),
        ("co-found a group", reverse("groups:co_found") + "?thema=Trauer&ort=Unna"),
        ("imprint", reverse("imprint")),
        ("privacy", reverse("privacy")),
        ("accessibility statement", reverse("accessibility")),
        ("easy read", reverse("easy_read")),
        ("sign language", reverse("sign_language")),
        ("page not found", "/gibt-es-nicht/"),
    ]
    return pages


# With ``settings.ROOT_URLCONF = ERROR_URLCONF``: (what, address, status) of the error pages.
ERROR_URLCONF = "tests.error_urls"
ERROR_PAGES = [
    ("bad request", "/fehlerseite/400/", 400),
    ("forbidden", "/fehlerseite/403/", 403),
    ("refused form (CSRF)", "/fehlerseite/403-formular/", 403),
    ("server error", "/fehlerseite/500/", 500),
    ("database down", "/fehlerseite/503-formular/", 503),
]


def staff_pages() -> list[tuple[str, str]]:
    """(what, address) of the main pages of a signed-in coordinator (the login page apart)."""
    group = Group.objects.order_by("pk").first()
    site = Site.objects.filter(contact_point__slug="kiss-kreis-unna").order_by("pk").first()
    alert = FoundingAlert.objects.order_by("pk").first()
    message = Message.objects.exclude(status=Message.Status.CLOSED).order_by("pk").first()
    admin = f"/{settings.ADMIN_PATH}"
    return [
        ("start page", admin),
        ("group list", reverse("admin:groups_group_changelist")),
        ("group form", reverse("admin:groups_group_change", args=[group.pk])),
        ("inquiry form", reverse("admin:contactpoints_inquiry_add")),
        ("quick inquiry", reverse("quick_inquiry")),
        ("report page", reverse("annual_report_start")),
        ("inquiries", reverse("admin:contactpoints_inquiry_changelist")),
        ("messages", reverse("admin:contactpoints_message_changelist")),
        ("events", reverse("admin:events_event_changelist")),
        ("new event", reverse("admin:events_event_add")),
        ("site with its hours", reverse("admin:contactpoints_site_change", args=[site.pk])),
        ("founding alert", reverse("admin:groups_foundingalert_change", args=[alert.pk])),
        ("message", reverse("admin:contactpoints_message_change", args=[message.pk])),
    ]
