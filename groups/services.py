"""Use cases that keep group entries current: suggestions from the public and the yearly
re-confirmation by the groups themselves. Each is one transaction; mail is sent here only."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contactpoints import finder
from contactpoints.models import ContactPoint, Site
from groups.models import Group, ReconfirmationRequest, Suggestion, Topic
from groups.search import places
from groups.transfer import split_list
from selbsthilfe.dates import months_before
from selbsthilfe.notices import queue_notice
from selbsthilfe.slugs import unique_slug

# A group is asked again this long after its entry was last verified, so that the answer
# arrives before the 12 months that contact points report on.
ASK_AFTER_MONTHS = 11
# At most a request and one reminder per year, the reminder after this many days.
REMINDER_AFTER_DAYS = 28
MAX_REQUESTS_PER_YEAR = 2


class SuggestionError(ValidationError):
    """A suggestion that cannot be accepted as it is; the message says why, for staff."""


def responsible_contact_point(postcode: str, town: str) -> ContactPoint | None:
    """The contact point to review a report about a place given by postcode or town: the one
    responsible for the place (``contactpoints.finder.responsible_site``), and where none
    is, the one with the nearest site, however far: somebody must answer."""
    found = places.resolve_place(postcode or town)
    if found.location is None and postcode and town:
        found = places.resolve_place(town)
    if found.location is None:
        return None
    site = (
        finder.responsible_site(found.location)
        or Site.objects.select_related("contact_point").nearest_to(found.location).first()
    )
    return site.contact_point if site else None


@transaction.atomic
def accept_suggestion(suggestion: Suggestion, user) -> Group:
    """Create the proposed group, or apply a correction to its group, recorded in history.

    A new group starts unlisted: the contact point completes the entry and asks the group
    for its consent before it is published.
    """
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != Suggestion.Status.PENDING:
        raise SuggestionError(_("This suggestion has already been reviewed."))
    names = split_list(suggestion.topics_text)
    topics = [topic for topic in Topic.objects.by_names(names).values() if topic]
    reason = _("Suggestion no. %(number)d accepted") % {"number": suggestion.pk}
    if suggestion.kind == Suggestion.Kind.CORRECTION:
        group = suggestion.group
        if group is None:
            raise SuggestionError(_("The group of this correction no longer exists."))
        for name in Suggestion.GROUP_FIELDS:
            proposed = getattr(suggestion, name).strip()
            if proposed:  # an empty field means "not known", never "erase"
                setattr(group, name, proposed)
    else:
        group = Group(
            slug=unique_slug(Group, suggestion.name),
            contact_point=suggestion.contact_point,
            status=Group.Status.FOUNDING,
            is_listed=False,
            frequency=Group.Frequency.IRREGULAR,
            contact_mode=Group.ContactMode.VIA_CONTACT_POINT,
            **{name: getattr(suggestion, name).strip() for name in Suggestion.GROUP_FIELDS},
        )
        group.contact_person = suggestion.submitter_name
        group.contact_person_email = suggestion.submitter_email
    if suggestion.meetings_text.strip():
        group.schedule_note = suggestion.meetings_text.strip()[
            : Group._meta.get_field("schedule_note").max_length
        ]
    group.full_clean(exclude=["topics", "slug"])
    group._change_reason = reason
    group._history_user = user
    group.save()
    if topics:
        group.topics.add(*topics)
    suggestion.group = group
    suggestion.status = Suggestion.Status.ACCEPTED
    suggestion.reviewed_by = user
    suggestion.reviewed_at = timezone.now()
    suggestion.save()
    return group


def reject_suggestion(suggestion: Suggestion, user, note: str = "") -> None:
    updated = Suggestion.objects.filter(pk=suggestion.pk, status=Suggestion.Status.PENDING).update(
        status=Suggestion.Status.REJECTED,
        reviewed_by=user,
        reviewed_at=timezone.now(),
        review_note=note or suggestion.review_note,
    )
    if not updated:
        raise SuggestionError(_("This suggestion has already been reviewed."))


def submit_suggestion(suggestion: Suggestion, *, answering=None) -> None:
    """Store a report from the public (``answering`` a re-confirmation request, if it came
    through one) and tell its contact point once it is stored."""
    with transaction.atomic():
        suggestion.save()
        if answering is not None:
            ReconfirmationRequest.objects.filter(pk=answering.pk).update(
                answered_at=timezone.now(), answer=ReconfirmationRequest.Answer.CORRECTED
            )
        notify_contact_point(suggestion)


def notify_contact_point(suggestion: Suggestion) -> None:
    """Tell the responsible contact point that a suggestion waits, without its content (sent
    by the task queue once the suggestion is stored: never inside the web request)."""
    if not suggestion.contact_point.email:
        return
    link = settings.SITE_URL + reverse("admin:groups_suggestion_change", args=[suggestion.pk])
    with translation.override(settings.LANGUAGE_CODE):
        queue_notice(
            suggestion.contact_point.email,
            _("New suggestion for the self-help directory"),
            render_to_string(
                "groups/email/suggestion_received.txt", {"suggestion": suggestion, "link": link}
            ),
        )


# The sender's name, email and message of a report are kept this long after its review.
KEEP_SUGGESTION_SENDER_DAYS = 180


def anonymise_reviewed_suggestions(days: int = KEEP_SUGGESTION_SENDER_DAYS) -> int:
    """Blank who sent a report, and what they wrote to the contact point, once it was
    reviewed more than ``days`` ago; the proposal itself stays. Returns how many."""
    reviewed_before = timezone.now() - datetime.timedelta(days=days)
    return (
        Suggestion.objects.filter(reviewed_at__lt=reviewed_before)
        .exclude(submitter_name="", submitter_email="", message="", sender_key="")
        .update(submitter_name="", submitter_email="", message="", sender_key="")
    )


# The yearly re-confirmation


def groups_due_for_reconfirmation(today: datetime.date | None = None):
    """Groups with an email whose entry was not verified for 11 months, not asked in the
    last four weeks, and asked fewer than twice since their last verification."""
    today = today or timezone.localdate()
    since_verified = Q(last_verified_on__isnull=True) | Q(
        reconfirmation_requests__sent_at__date__gt=F("last_verified_on")
    )
    return (
        Group.objects.exclude(status=Group.Status.ENDED)
        .exclude(contact_person_email="", public_email="")
        .filter(
            Q(last_verified_on__isnull=True)
            | Q(last_verified_on__lte=months_before(today, ASK_AFTER_MONTHS))
        )
        .annotate(
            last_asked=Max("reconfirmation_requests__sent_at"),
            asked=Count("reconfirmation_requests", filter=since_verified),
        )
        .filter(
            Q(last_asked__isnull=True)
            | Q(last_asked__date__lte=today - datetime.timedelta(days=REMINDER_AFTER_DAYS))
        )
        .filter(asked__lt=MAX_REQUESTS_PER_YEAR)
        .select_related("contact_point")
        .order_by("pk")
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def send_reconfirmation_request(group: Group) -> ReconfirmationRequest:
    """Email the group's contact a personal link to confirm or correct its entry.

    The request is stored only if the mail went out (it is rolled back otherwise).
    """
    token = secrets.token_urlsafe(32)
    address = group.contact_person_email or group.public_email
    request = ReconfirmationRequest.objects.create(
        group=group, token_hash=token_hash(token), sent_to=address
    )
    link = settings.SITE_URL + reverse("groups:reconfirm", kwargs={"token": token})
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            _("Is the entry of “%(group)s” still correct?") % {"group": group.name},
            render_to_string(
                "groups/email/reconfirmation_request.txt",
                {
                    "group": group,
                    "link": link,
                    "valid_days": ReconfirmationRequest.VALID_DAYS,
                    "contact_point": group.contact_point,
                },
            ),
            None,
            [address],
        )
    return request


@dataclass
class ReconfirmationRun:
    sent: int = 0
    failed: int = 0


def send_due_reconfirmation_requests(today: datetime.date | None = None) -> ReconfirmationRun:
    run = ReconfirmationRun()
    for group in groups_due_for_reconfirmation(today):
        try:
            send_reconfirmation_request(group)
        except OSError:  # an unreachable mail server: the group is due again tomorrow
            run.failed += 1
        else:
            run.sent += 1
    return run


def find_reconfirmation_request(token: str) -> ReconfirmationRequest | None:
    """The open or answered request of ``token``; None when unknown or expired."""
    request = (
        ReconfirmationRequest.objects.select_related("group", "group__contact_point")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if request is None or request.is_expired or request.group.status == Group.Status.ENDED:
        return None
    return request


@transaction.atomic
def confirm_entry(request: ReconfirmationRequest) -> None:
    """The group says its entry is right: it counts as verified today."""
    group = Group.objects.select_for_update().get(pk=request.group_id)
    group.last_verified_on = timezone.localdate()
    group._change_reason = _("Confirmed by the group")
    group.save(update_fields=["last_verified_on", "updated_at"])
    ReconfirmationRequest.objects.filter(pk=request.pk).update(
        answered_at=timezone.now(), answer=ReconfirmationRequest.Answer.CONFIRMED
    )
