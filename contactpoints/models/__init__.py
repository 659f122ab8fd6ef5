"""Contact points with their sites, hours, staff and inquiry log; messages from the public.
One module per subject."""

from contactpoints.models.contactpoint import (
    Closure,
    ContactPoint,
    ContactPointQuerySet,
    Coordinates,
    FederalState,
    Inquiry,
    InquiryQuerySet,
    Membership,
    OpeningHours,
    Site,
    SiteQuerySet,
    VenueAddress,
    postcode_validator,
)
from contactpoints.models.message import Message, MessageEmail, MessageQuerySet, MessageReply
from contactpoints.models.report import REPORT_TEXT_LENGTH, ReportText

__all__ = [
    "REPORT_TEXT_LENGTH",
    "Closure",
    "ContactPoint",
    "ContactPointQuerySet",
    "Coordinates",
    "FederalState",
    "Inquiry",
    "InquiryQuerySet",
    "Membership",
    "Message",
    "MessageEmail",
    "MessageQuerySet",
    "MessageReply",
    "OpeningHours",
    "ReportText",
    "Site",
    "SiteQuerySet",
    "VenueAddress",
    "postcode_validator",
]
