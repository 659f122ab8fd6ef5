"""Finding self-help organisations: by topic, federal state and text, with the analysis of
the group search (so "Rheuma", "Rheumaliga" and "rheumatoide Arthritis" are understood the
same way), and the organisations a group search points to."""

from contactpoints.models import FederalState
from groups.models import Organisation, Topic
from groups.search.analysis import analyse
from groups.search.vocabulary import normalize


def organisation_text(organisation: Organisation) -> str:
    """Name, description and topics (with synonyms) in the search's normal form."""
    parts = [organisation.name, organisation.description]
    for topic in organisation.topics.all():
        parts += [topic.name, *topic.synonyms]
    return normalize(" ".join(parts))


def find_organisations(text: str = "", topic: Topic | None = None, state: str = ""):
    """The listed organisations matching every searched word of ``text`` (anywhere in their
    text, inside compounds too), on ``topic`` (or a topic below it) and serving ``state``."""
    organisations = Organisation.objects.public().prefetch_related("topics")
    if topic is not None:
        organisations = organisations.filter(topics__in=[topic, *topic.children.all()])
    if state in FederalState.values:
        organisations = organisations.serving(state)
    organisations = organisations.distinct().order_by("level", "name")
    terms = analyse(text).terms
    if not terms:
        return list(organisations)
    found = []
    for organisation in organisations:
        words = organisation_text(organisation)
        if all(
            word.compound_part in words
            or (word.suggestion and word.suggestion.compound_part in words)
            for word in terms
        ):
            found.append(organisation)
    return found


def organisations_for_search(search, limit: int = 3) -> list[Organisation]:
    """For a group search around a place: the state associations (and federal ones) on the
    topic searched for, for the place's federal state ("Landesverband zu diesem Thema").
    Read from the topic entries the page has loaded: no query of its own."""
    location = search.location
    if location is None or not location.federal_state:
        return []
    # (the topic chosen, or the one the text names: "Morbus Fabry" is no word search for
    # "Morbus", which Parkinson's associations would match)
    topic = search.searched_topic
    if topic is not None:
        topic_ids = {topic.pk, topic.parent_id} - {None}
    else:
        parts = {word.compound_part for word in search.query.terms if not word.says_who}
        if not parts:
            return []
        topic_ids = {
            entry.pk
            for entry in search.topics
            if any(f" {part}" in f" {entry.normalized_text}" for part in parts)
        }
    found = {}
    for entry in search.topics:
        if entry.pk not in topic_ids:
            continue
        for row in entry.organisations:
            serves = row["level"] == "federal" or location.federal_state in row["federal_states"]
            if serves:
                found[row["pk"]] = Organisation(
                    pk=row["pk"], name=row["name"], slug=row["slug"], level=row["level"]
                )
    return sorted(found.values(), key=lambda o: (o.level, o.name))[:limit]
