"""Registering for events, cancelling, the waiting list and the emails to registrants.

Every change that concerns places locks the event row first, so two people can never take the
last place at once. Emails are stored with the change (``RegistrationEmail``) and handed to the
task queue after the transaction commits; a failed send is logged and retried by
``send_registration_emails``.
"""

import datetime
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from simple_history.utils import bulk_update_with_history

from events.models import Event, EventSeries, Registration, RegistrationEmail, SeriesRegistration
from selbsthilfe import outbox
from selbsthilfe.slugs import unique_slug

Kind = RegistrationEmail.Kind


class RegistrationError(Exception):
    """A registration that cannot be taken; the message explains why, for the form."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# Registering and cancelling


def register(event: Event, registration: Registration, *, by_staff: bool = False) -> Registration:
    """Store ``registration`` (unsaved, without event) for ``event``: confirmed while places
    are left, else on the waiting list. Queues the matching email.

    Raises RegistrationError when ``registration_problem`` finds one. Staff (``by_staff``)
    may register people after the deadline and for larger parties.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if problem := registration_problem(event, registration, by_staff=by_staff):
            raise problem
        take_place(event, registration)
        queue_email(
            registration,
            Kind.CONFIRMED if registration.status == Registration.Status.CONFIRMED
            else Kind.WAITING_LIST,
        )  # fmt: skip
    return registration


def take_place(event: Event, registration: Registration) -> None:
    """Save ``registration`` for ``event``: confirmed while places are left, else on the
    waiting list. The caller holds the lock on the event row and has checked the rules."""
    registration.event = event
    places_left = event.places_left(event.registrations.confirmed().persons())
    if places_left is None or registration.persons <= places_left:
        registration.status = Registration.Status.CONFIRMED
    else:
        registration.status = Registration.Status.WAITING_LIST
    registration.save()


def register_for_series(
    series: EventSeries, events, registration: Registration
) -> SeriesRegistration:
    """Register the person of ``registration`` (unsaved, without event: name, email,
    phone, persons, consent, language, sender key) for each of ``events`` of ``series`` in
    one transaction: each date gets its own registration, confirmed or on that date's
    waiting list by its own places, all tied to one ``SeriesRegistration``. One email lists
    the dates.

    Raises RegistrationError, naming the date, when any date cannot be taken: then none is.
    """
    with transaction.atomic():
        # Locked in the order of their ids, as every other series registration locks them,
        # so that two of them never wait for each other.
        locked = list(
            Event.objects.select_for_update()
            .filter(pk__in=[event.pk for event in events], series=series)
            .order_by("pk")
        )
        locked.sort(key=lambda event: event.starts_at)
        if not locked:
            raise RegistrationError(_("No date of this series takes registrations now."))
        for event in locked:
            if problem := registration_problem(event, registration):
                problem.message = _("%(date)s: %(problem)s") % {
                    "date": formats.date_format(
                        timezone.localtime(event.starts_at), "SHORT_DATE_FORMAT"
                    ),
                    "problem": problem.message,
                }
                raise problem
        series_registration = SeriesRegistration.objects.create(series=series)
        dates = []
        for index, event in enumerate(locked):
            date = Registration(
                series_registration=series_registration,
                name=registration.name,
                email=registration.email,
                phone=registration.phone,
                persons=registration.persons,
                consent_given_at=registration.consent_given_at,
                language=registration.language,
                # One registration for the series counts once in the hourly limit.
                sender_key=registration.sender_key if index == 0 else "",
            )
            take_place(event, date)
            dates.append(date)
        queue_email(dates[0], Kind.SERIES_CONFIRMED)
    return series_registration


def registration_problem(
    event: Event, registration: Registration, *, by_staff: bool = False
) -> RegistrationError | None:
    """Why ``registration`` cannot be taken for ``event``: registration closed, a party
    larger than allowed, or an email address already registered. None if it can."""
    if reason := event.registration_closed_reason(past_deadline=by_staff):
        return RegistrationError(reason)
    if registration.persons > event.max_persons_per_registration and not by_staff:
        return RegistrationError(
            ngettext(
                "At most %(count)s person can register for this event at a time.",
                "At most %(count)s persons can register together for this event.",
                event.max_persons_per_registration,
            )
            % {"count": event.max_persons_per_registration},
            field="persons",
        )
    if event.registrations.active().filter(email__iexact=registration.email).exists():
        return RegistrationError(
            _(
                "This email address is already registered for this event. The "
                "confirmation email has a link to see or cancel the registration."
            ),
            field="email",
        )
    return None


def cancel_registration(registration: Registration) -> list[Registration]:
    """Cancel ``registration``, confirm it by email, and move people up from the waiting
    list into the places it frees. Returns those moved up. Cancelling twice does nothing."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration.refresh_from_db()
        if not registration.is_active:
            return []
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        queue_email(registration, Kind.CANCELLED)
        return fill_from_waiting_list(event) if was_confirmed else []


def fill_from_waiting_list(event: Event) -> list[Registration]:
    """Move registrations up from the waiting list while places are free, in the order they
    came; a party too large for the free places keeps its position and the next that fits
    moves up. Nobody moves up once the event has started or was cancelled.

    The caller holds the lock on the event row.
    """
    if event.is_cancelled or timezone.now() >= event.starts_at:
        return []
    places_left = event.places_left(event.registrations.confirmed().persons())
    promoted = []
    for waiting in event.registrations.waiting():
        if places_left is not None and waiting.persons > places_left:
            continue
        waiting.status = Registration.Status.CONFIRMED
        waiting.promoted_at = timezone.now()
        waiting.save(update_fields=["status", "promoted_at"])
        queue_email(waiting, Kind.PROMOTED)
        promoted.append(waiting)
        if places_left is not None:
            places_left -= waiting.persons
            if places_left == 0:
                break
    return promoted


def capacity_changed(event: Event) -> list[Registration]:
    """After staff raised the capacity (or removed it): move people up into the new places."""
    with transaction.atomic():
        return fill_from_waiting_list(Event.objects.select_for_update().get(pk=event.pk))


# Staff actions


def cancel_event(event: Event, reason: str = "") -> int:
    """Cancel ``event`` and tell everyone registered; returns how many were told."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.is_cancelled:
            return 0
        event.status = Event.Status.CANCELLED
        event.cancellation_reason = reason or event.cancellation_reason
        event._change_reason = _("Event cancelled")
        event.save()
        registrations = list(event.registrations.active())
        for registration in registrations:
            queue_email(registration, Kind.EVENT_CANCELLED)
    return len(registrations)


def copy_event(event: Event, starts_at: datetime.datetime) -> Event:
    """A new, scheduled event like ``event`` starting at ``starts_at``, with the same
    duration, the deadline at the same distance before the start, the same topics and no
    registrations."""
    shift = starts_at - event.starts_at
    topics = list(event.topics.all())
    copy = Event.objects.get(pk=event.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    copy.starts_at = starts_at
    copy.ends_at = event.ends_at + shift
    if event.registration_deadline:
        copy.registration_deadline = event.registration_deadline + shift
    copy.status = Event.Status.SCHEDULED
    copy.cancellation_reason = ""
    local_start = timezone.localtime(starts_at)
    copy.slug = unique_slug(Event, f"{event.title} {local_start:%Y-%m-%d}")
    with transaction.atomic():
        copy.save()
        copy.topics.set(topics)
    return copy


# Registrants' personal data is kept this long after the event, then blanked.
KEEP_PERSONAL_DATA_DAYS = 180


def anonymise_past_registrations(days: int = KEEP_PERSONAL_DATA_DAYS) -> int:
    """Blank name, email and phone of registrations for events that ended more than
    ``days`` ago; persons, status and attendance stay for the annual report. Returns how
    many were blanked."""
    ended_before = timezone.now() - datetime.timedelta(days=days)
    with transaction.atomic():
        # The history holds the same data: it is blanked too, for these and for deleted ones.
        Registration.history.filter(event__ends_at__lt=ended_before).exclude(
            name="", email="", phone=""
        ).update(name="", email="", phone="")
        return (
            Registration.objects.filter(event__ends_at__lt=ended_before)
            .exclude(name="", email="", phone="")
            .update(name="", email="", phone="", sender_key="")
        )


def record_attendance(registrations, attendance: str, user=None) -> int:
    """Mark confirmed registrations of events that have begun as attended or not, with a
    history record by ``user`` each; returns how many were marked. Others (future events,
    waiting list) are left alone."""
    marked = list(
        registrations.filter(
            status=Registration.Status.CONFIRMED, event__starts_at__lte=timezone.now()
        ).exclude(attendance=attendance)
    )
    for registration in marked:
        registration.attendance = attendance
    return bulk_update_with_history(marked, Registration, ["attendance"], default_user=user)


# Emails to registrants

# Marked for translation here, translated when the mail is written.
SUBJECTS = {
    Kind.CONFIRMED: gettext_noop("Registration confirmed: %(title)s"),
    Kind.WAITING_LIST: gettext_noop("On the waiting list: %(title)s"),
    Kind.PROMOTED: gettext_noop("A place is free for you: %(title)s"),
    Kind.CANCELLED: gettext_noop("Cancellation confirmed: %(title)s"),
    Kind.EVENT_CANCELLED: gettext_noop("Cancelled: %(title)s"),
    Kind.SERIES_CONFIRMED: gettext_noop("Registration confirmed: %(title)s"),
}


def queue_email(registration: Registration, kind: str) -> RegistrationEmail:
    """Store an email for ``registration`` and, once the transaction commits, hand it to the
    task queue: it is sent by the worker, never inside the web request."""
    email = RegistrationEmail.objects.create(registration=registration, kind=kind)
    transaction.on_commit(partial(send_registration_email.enqueue, email.pk))
    return email


@task()
def send_registration_email(email_id: int) -> bool:
    """The queued job for one stored email (``deliver`` says what it does)."""
    return deliver(email_id)


def stored_emails():
    return RegistrationEmail.objects.select_related(
        "registration__event__contact_point",
        "registration__event__venue_site",
        "registration__series_registration__series",
    )


def deliver(email_id: int) -> bool:
    """Send a stored email unless it went out already; returns whether it was sent now
    (``selbsthilfe.outbox.deliver`` says how)."""
    return outbox.deliver(stored_emails(), email_id, build_email)


def build_email(email: RegistrationEmail) -> EmailMessage:
    subject, body = render_email(email)
    return EmailMessage(subject, body, to=[email.registration.email])


def render_email(email: RegistrationEmail) -> tuple[str, str]:
    registration = email.registration
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "kind": email.kind,
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "registration_url": settings.SITE_URL + registration.get_absolute_url(),
        "ics_url": settings.SITE_URL + reverse("events:ics", kwargs={"slug": event.slug}),
        "events_url": settings.SITE_URL + reverse("events:list"),
        # The join link goes only to people who hold a place.
        "join_url": (
            event.online_join_url
            if event.is_online and email.kind in (Kind.CONFIRMED, Kind.PROMOTED)
            else ""
        ),
    }
    title = event.title
    if email.kind == Kind.SERIES_CONFIRMED and registration.series_registration:
        series_registration = registration.series_registration
        title = series_registration.series.title
        context["series_registration"] = series_registration
        context["series_url"] = settings.SITE_URL + series_registration.series.get_absolute_url()
        context["series_registration_url"] = (
            settings.SITE_URL + series_registration.get_absolute_url()
        )
        context["dates"] = [
            {
                "registration": date,
                "event": date.event,
                "url": settings.SITE_URL + date.get_absolute_url(),
                "join_url": date.event.online_join_url
                if date.event.is_online and date.status == Registration.Status.CONFIRMED
                else "",
            }
            for date in series_registration.dates().select_related("event__venue_site")
            if date.is_active
        ]
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        subject = _(SUBJECTS[email.kind]) % {"title": title}
        body = render_to_string(f"events/email/{email.kind}.txt", context)
    return subject, body


def send_pending_emails() -> outbox.RetryRun:
    """Send the emails that failed before (for a timer, e.g. every 15 minutes). Emails about
    events that have ended are skipped, like those that failed too often, and stay visible
    in the admin."""
    return outbox.retry_unsent(
        stored_emails(),
        build_email,
        give_up=lambda email: email.registration.event.ends_at < timezone.now(),
    )
