"""Everything stored about one email address: exported (Art. 15 GDPR) and erased (Art. 17
GDPR) by a superuser from the admin, each time logged without the address."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from contactpoints.models import Message, MessageReply
from events.models import Registration
from groups.models import FoundingInterest, Suggestion
from selbsthilfe.models import PrivacyRequest


def _found(email: str) -> dict:
    email = email.strip()
    messages = Message.objects.filter(email__iexact=email)
    return {
        "messages": messages.select_related("contact_point", "group").order_by("created_at"),
        "replies": MessageReply.objects.filter(message__in=messages).order_by("created_at"),
        "founding_interests": FoundingInterest.objects.filter(email__iexact=email)
        .select_related("contact_point", "group")
        .order_by("created_at"),
        "registrations": Registration.objects.filter(email__iexact=email)
        .select_related("event")
        .order_by("created_at"),
        "suggestions": Suggestion.objects.filter(submitter_email__iexact=email)
        .select_related("contact_point")
        .order_by("created_at"),
    }


def counts(email: str) -> dict[str, int]:
    return {kind: rows.count() for kind, rows in _found(email).items()}


def _when(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def export(email: str, user) -> dict:
    """All records that hold ``email``, as plain JSON-ready data; logged."""
    found = _found(email)
    data = {
        "email": email.strip(),
        "exported_at": _when(timezone.now()),
        "messages": [
            {
                "received": _when(m.created_at),
                "contact_point": m.contact_point.name,
                "group": m.group.name if m.group else None,
                "name": m.name,
                "email": m.email,
                "phone": m.phone,
                "call_time": m.call_time,
                "answer_by": m.answer_by,
                "message": m.text,
                "status": m.status,
                "consent_given_at": _when(m.consent_given_at),
            }
            for m in found["messages"]
        ],
        "replies": [
            {
                "written": _when(r.created_at),
                "message_received": _when(r.message.created_at),
                "reply": r.text,
            }
            for r in found["replies"].select_related("message")
        ],
        "founding_interests": [
            {
                "received": _when(i.created_at),
                "contact_point": i.contact_point.name,
                "group": i.group.name if i.group else None,
                "topic": i.topic_text,
                "place": i.place_text,
                "name": i.name,
                "email": i.email,
                "phone": i.phone,
                "deleted_after": _when(i.expires_at),
            }
            for i in found["founding_interests"]
        ],
        "registrations": [
            {
                "registered": _when(r.created_at),
                "event": r.event.title,
                "event_starts": _when(r.event.starts_at),
                "name": r.name,
                "email": r.email,
                "phone": r.phone,
                "persons": r.persons,
                "status": r.status,
            }
            for r in found["registrations"]
        ],
        "suggestions": [
            {
                "received": _when(s.created_at),
                "contact_point": s.contact_point.name,
                "group_name": s.name,
                "submitter_name": s.submitter_name,
                "submitter_email": s.submitter_email,
                "message": s.message,
                "status": s.status,
            }
            for s in found["suggestions"]
        ],
    }
    log(PrivacyRequest.Kind.EXPORT, user, {kind: len(data[kind]) for kind in _found(email)})
    return data


@transaction.atomic
def erase(email: str, user) -> dict[str, int]:
    """Delete the messages (with their replies) and founding interests of ``email``; blank
    the name and contact details of its registrations (in their history too) and of the
    reports it sent. The anonymous inquiries and the registrations' counts stay for the
    annual report; a suggestion's proposal stays for the contact point. Logged."""
    found = _found(email)
    done = {kind: rows.count() for kind, rows in found.items()}
    found["messages"].delete()  # replies and emails with them
    found["founding_interests"].delete()
    registrations = list(found["registrations"].values_list("pk", flat=True))
    Registration.history.filter(Q(id__in=registrations) | Q(email__iexact=email.strip())).update(
        name="", email="", phone=""
    )
    Registration.objects.filter(pk__in=registrations).update(
        name="", email="", phone="", sender_key=""
    )
    found["suggestions"].update(submitter_name="", submitter_email="", message="", sender_key="")
    log(PrivacyRequest.Kind.ERASURE, user, done)
    return done


def log(kind: str, user, record_counts: dict[str, int]) -> PrivacyRequest:
    return PrivacyRequest.objects.create(kind=kind, done_by=user, counts=record_counts)
