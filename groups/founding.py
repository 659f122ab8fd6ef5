"""Founding interests: storing them with an anonymous inquiry, confirming them to the
person by email, telling a contact point once enough people near one another want a group
on one topic, and deleting them on expiry."""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from contactpoints.messages import contact_point_address
from contactpoints.models import Inquiry
from groups.models import FoundingAlert, FoundingInterest, FoundingInterestEmail
from groups.models.interest import interest_lifetime_end
from selbsthilfe import outbox
from selbsthilfe.antispam import lock_until_commit
from selbsthilfe.notices import queue_notice


def submit_interest(interest: FoundingInterest) -> FoundingAlert | None:
    """Store ``interest`` (contact point, kind and what it is about set) with an anonymous
    inquiry for the annual report, and queue the person's confirmation when they gave an
    email address; returns the alert it completed, if any."""
    with transaction.atomic():
        inquiry = Inquiry.objects.create_from_website(
            interest.contact_point,
            Inquiry.Origin.FOUNDING_INTEREST,
            outcomes=[Inquiry.Outcome.FOUNDING_INTEREST],
        )
        if interest.group is not None:
            inquiry.topics.set(interest.group.topics.all())
            inquiry.referred_groups.add(interest.group)
        elif interest.topic is not None:
            inquiry.topics.add(interest.topic)
        interest.inquiry = inquiry
        interest.expires_at = interest_lifetime_end()
        interest.save()
        if interest.email:
            queue_confirmation(interest)
        if interest.kind == FoundingInterest.Kind.FOUND and interest.has_coordinates:
            return alert_when_enough(interest)
    return None


def queue_confirmation(interest: FoundingInterest) -> FoundingInterestEmail:
    """The confirmation, in the language of the page the person used, sent once the
    transaction that stored the interest commits."""
    email = FoundingInterestEmail.objects.create(
        interest=interest, language=get_language() or settings.LANGUAGE_CODE
    )
    transaction.on_commit(partial(send_confirmation.enqueue, email.pk))
    return email


@task()
def send_confirmation(email_id: int) -> bool:
    return outbox.deliver(stored_confirmations(), email_id, build_confirmation)


def stored_confirmations():
    return FoundingInterestEmail.objects.select_related(
        "interest__contact_point", "interest__group"
    )


def build_confirmation(email: FoundingInterestEmail) -> EmailMessage:
    """The confirmation names the contact point and how and when it answers. Email is not
    confidential, so it repeats nothing the person entered: not the topic, the group, the
    place, their name or their number."""
    interest = email.interest
    contact_point = interest.contact_point
    with translation.override(email.language or settings.LANGUAGE_CODE):
        return EmailMessage(
            _("Your interest has arrived"),
            render_to_string(
                "groups/email/founding_interest_confirmation.txt",
                {
                    "interest": interest,
                    "contact_point": contact_point,
                    "contact_point_link": settings.SITE_URL + contact_point.get_absolute_url(),
                    "phone": contact_point_phone(contact_point),
                    "address": contact_point_address(contact_point),
                },
            ),
            to=[interest.email],
        )


def contact_point_phone(contact_point) -> str:
    """The number to call a contact point on: its first site's that has one."""
    site = contact_point.sites.exclude(phone="").order_by("pk").first()
    return site.phone if site else ""


def send_pending_confirmations() -> outbox.RetryRun:
    """Send the confirmations that failed before (the retry timer)."""
    return outbox.retry_unsent(stored_confirmations(), build_confirmation)


def same_topic(interest: FoundingInterest):
    interests = FoundingInterest.objects.filter(
        kind=FoundingInterest.Kind.FOUND, contact_point=interest.contact_point
    )
    if interest.topic_id:
        return interests.filter(topic=interest.topic_id)
    return interests.filter(topic=None, topic_text__iexact=interest.topic_text)


def alert_when_enough(interest: FoundingInterest) -> FoundingAlert | None:
    """When the open interests on ``interest``'s topic, for its contact point and within
    ``FOUNDING_ALERT_RADIUS_KM`` of it, not yet part of an alert, reach
    ``FOUNDING_ALERT_THRESHOLD``: one alert listing them, mailed after commit. An interest
    near one of an alert not yet dealt with joins that alert instead: one cluster of
    people, one alert, however many more arrive.

    Runs inside the transaction that stored ``interest``; an advisory lock per contact
    point and topic makes interests arriving at once count each other, so the alert is
    sent once.
    """
    topic_key = interest.topic_id or interest.topic_text.casefold()
    lock_until_commit(f"founding-alert:{interest.contact_point_id}:{topic_key}")
    nearby = (
        same_topic(interest)
        .open()
        .within_km(interest.latitude, interest.longitude, settings.FOUNDING_ALERT_RADIUS_KM)
    )
    open_alert = (
        FoundingAlert.objects.filter(handled_at=None, interests__in=nearby.exclude(alert=None))
        .order_by("created_at")
        .first()
    )
    if open_alert is not None:
        FoundingInterest.objects.filter(pk=interest.pk).update(alert=open_alert)
        return None
    waiting = list(nearby.filter(alert=None).values_list("pk", flat=True))
    if len(waiting) < settings.FOUNDING_ALERT_THRESHOLD:
        return None
    alert = FoundingAlert.objects.create(
        contact_point=interest.contact_point,
        topic=interest.topic,
        topic_text=interest.topic.name if interest.topic else interest.topic_text,
        place_text=interest.place_text,
    )
    FoundingInterest.objects.filter(pk__in=waiting).update(alert=alert)
    send_founding_alert(alert)
    return alert


def send_founding_alert(alert: FoundingAlert) -> None:
    """Tell the contact point by email (once the alert is stored); the list with contact
    details is in the admin, not in the email."""
    address = contact_point_address(alert.contact_point)
    if not address:
        return
    interests = alert.interests.order_by("created_at")
    link = settings.SITE_URL + reverse("admin:groups_foundingalert_change", args=[alert.pk])
    with translation.override(settings.LANGUAGE_CODE):
        queue_notice(
            address,
            ngettext(
                "%(count)d person would found a group on “%(topic)s”",
                "%(count)d people would found a group on “%(topic)s”",
                len(interests),
            )
            % {"count": len(interests), "topic": alert.topic_text},
            render_to_string(
                "groups/email/founding_alert.txt",
                {"alert": alert, "interests": interests, "link": link},
            ),
        )


def record_alert_progress(alert: FoundingAlert, today=None) -> None:
    """Save ``alert`` after staff moved it along its steps (contacted, meeting arranged,
    group founded): the step reached gets today's date unless staff gave one, later steps
    lose theirs (a step set by mistake is undone), a founded group closes the alert, and the
    group is linked to the alert's interests and their inquiries, so that the annual report
    counts it as founded from them."""
    today = today or timezone.localdate()
    steps = list(FoundingAlert.Status)
    reached = steps.index(alert.status)
    if alert.founded_on is not None and alert.status != FoundingAlert.Status.FOUNDED:
        alert.handled_at = None  # founded by mistake: open again
    for step, field in FoundingAlert.STEP_DATES.items():
        if steps.index(step) > reached:
            setattr(alert, field, None)
        elif step == alert.status and getattr(alert, field) is None:
            setattr(alert, field, today)
    if alert.status == FoundingAlert.Status.FOUNDED:
        alert.handled_at = alert.handled_at or timezone.now()
    else:
        alert.founded_group = None
    with transaction.atomic():
        alert.save()
        if alert.founded_group_id:
            interests = alert.interests.all()
            interests.filter(group=None).update(group=alert.founded_group_id)
            for inquiry in Inquiry.objects.filter(founding_interest__in=interests):
                inquiry.referred_groups.add(alert.founded_group_id)


def delete_expired_interests(now=None) -> int:
    """Delete the founding interests whose time is up; their inquiries stay."""
    _total, per_model = FoundingInterest.objects.expired(now).delete()
    return per_model.get(FoundingInterest._meta.label, 0)
