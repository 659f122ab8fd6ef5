"""Places, topics and self-help groups with their meeting schedule and privacy settings;
reports from the public and the yearly re-confirmation. One module per subject."""

from groups.models.group import (
    DUPLICATE_NAME_SIMILARITY,
    FOUNDING_TAKES,
    VERIFY_EVERY,
    Group,
    GroupQuerySet,
    HistoricalGroup,
)
from groups.models.interest import (
    FoundingAlert,
    FoundingInterest,
    FoundingInterestEmail,
    FoundingInterestQuerySet,
)
from groups.models.organisation import (
    Organisation,
    OrganisationEditor,
    OrganisationQuerySet,
)
from groups.models.place import Place
from groups.models.suggestion import (
    ReconfirmationRequest,
    Suggestion,
    SuggestionQuerySet,
)
from groups.models.topic import HistoricalTopic, ThesaurusEntry, Topic, TopicQuerySet

__all__ = [
    "DUPLICATE_NAME_SIMILARITY",
    "FOUNDING_TAKES",
    "VERIFY_EVERY",
    "FoundingAlert",
    "FoundingInterest",
    "FoundingInterestEmail",
    "FoundingInterestQuerySet",
    "Group",
    "GroupQuerySet",
    "HistoricalGroup",
    "HistoricalTopic",
    "Organisation",
    "OrganisationEditor",
    "OrganisationQuerySet",
    "Place",
    "ReconfirmationRequest",
    "Suggestion",
    "SuggestionQuerySet",
    "ThesaurusEntry",
    "Topic",
    "TopicQuerySet",
]
