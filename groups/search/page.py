"""A search as the public pages ask it (``GroupSearch``): the text, place and radius
understood, the groups found (exactly, or helped when too few match exactly), in their
order, and what to offer when little is found."""

from collections.abc import Callable
from functools import cached_property

from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Lower

from contactpoints import finder
from contactpoints.models import Site
from groups.models import Group, Topic
from groups.models.topic import TopicEntry
from groups.search import places, ranking
from groups.search.analysis import analyse
from groups.search.query import MIN_COMPOUND_LENGTH, THIN_RESULT_COUNT
from groups.search.vocabulary import (
    RELATIONSHIP_WORDS,
    WEAK_COMPOUND_HEADS,
    normalize,
    split_qualifier,
)

# Fewer results than this, and the page offers help below them.
FEW_RESULTS = 3
# Matches read by index to find the nearest beyond the radius (nearest_beyond_radius).
NEAREST_CANDIDATES = 2000
# A word of a top topic's name in more topic names than this says too little to relate them.
MAX_SHARING_TOPICS = 12
# Related topics tried (a query each) for the groups near a top topic with none of its own.
MAX_BROADER_CANDIDATES = 3


class GroupSearch:
    """One search: ``text`` ("q"), ``place`` ("ort"), ``radius`` ("umkreis"), the chosen
    ``topic`` and ``formats``. ``topics`` returns all topics as entries, read only when
    needed (for phrases and related topics; the page's topic filter shares them)."""

    def __init__(
        self,
        *,
        text: str = "",
        place: str = "",
        radius: int = places.DEFAULT_RADIUS_KM,
        topic: Topic | None = None,
        formats=(),
        topics: Callable[[], list[TopicEntry]] = list,
    ):
        self.radius = radius
        self.topic = topic
        self.formats = list(formats)
        self._load_topics = topics
        place = place.strip()
        # "Depression (Angehörige)": the topic, and whom the groups must be for
        self.unqualified_text, self.who = split_qualifier(text)
        self.who_text = text.strip()[len(self.unqualified_text) :].strip(" ()") if self.who else ""
        self.query = analyse(self.unqualified_text, detect_place=not place)
        if len(self.query.terms) > 1:
            self.query = self.query.joined_into_phrases(
                phrase for entry in self.topics for phrase in entry.phrases
            )
        if any(len(word.compound_part) >= MIN_COMPOUND_LENGTH for word in self.query.terms):
            self.query = self.query.with_compounds_told_apart(self.topics)
        self.place = places.resolve_place(place or self.query.place_text)
        self.fuzzy = False
        # How many groups matched exactly, when a fuzzy search added to them.
        self.exact_count = 0
        self._unplaced = None
        self._any_topic = None

    @cached_property
    def topics(self) -> list[TopicEntry]:
        return self._load_topics()

    @cached_property
    def _topics_by_pk(self) -> dict[int, TopicEntry]:
        return {entry.pk: entry for entry in self.topics}

    @property
    def location(self):
        return self.place.location

    # The results

    def results(self, groups):
        """``groups`` (already narrowed by the page's other filters) that this search finds,
        in their order."""
        groups = groups.filter(self.query.when_condition())
        # "online" as the place, or as a word of the text when no format is chosen
        if self.place.anywhere == "online" or (self.query.asks_online and not self.formats):
            groups = groups.filter(format__in=[Group.Format.ONLINE, Group.Format.HYBRID])
        if self.who:
            groups = groups.filter(self.who_condition())
        self._any_topic = groups  # (for the groups of a broader topic)
        if self.topic is not None:
            groups = groups.on_topic(self.topic)
        self._unplaced = groups  # (for the nearest groups beyond the radius)
        if self.location is not None:
            groups = groups.near(
                self.location, km=self.radius, include_online=self.includes_online_groups
            )
        elif self.place.is_unknown:
            return groups.none()
        if self.crisis_without_topic:
            return groups.none()
        if not self.query.is_empty:
            groups = self.matching(groups)
        return self.order(groups)

    def matching(self, groups):
        """The groups matching the text; with spelling help when few match exactly (the
        exact hits first among them)."""
        exact = groups.matching(self.query)
        few_hits = self.few_exact_hits(exact)
        if few_hits is None:
            return exact
        self.fuzzy = True
        self.exact_count = len(few_hits)
        return groups.matching(self.query, fuzzy=True, also=few_hits)

    def few_exact_hits(self, exact) -> list[int] | None:
        """The ids of the exact hits when they are so few that spelling help is worth a
        second query; None when there are enough, or when no help is possible."""
        could_help = self.query.has_suggestions or any(
            len(word.normalized) >= MIN_COMPOUND_LENGTH for word in self.query.terms
        )
        if not could_help:
            return None
        hits = list(exact.order_by().values_list("pk", flat=True)[:THIN_RESULT_COUNT])
        return hits if len(hits) < THIN_RESULT_COUNT else None

    def who_condition(self) -> Q:
        """Groups for whom the text's qualifier names: its audience (or both), or its focus."""
        if self.who in Group.Audience.values:
            return Q(audience__in=[self.who, Group.Audience.BOTH])
        # (or the qualifier's words in the name or topics: "Frauenselbsthilfe nach Krebs"
        # is for women whether or not its focus says so)
        return Q(focus__contains=[self.who]) | Q(search_keywords__contains=normalize(self.who_text))

    @property
    def includes_online_groups(self) -> bool:
        """Whether online groups (which have no place) join a search around a place.

        They do when "online" is among the chosen formats, and when no format is chosen but
        a text or topic narrows the search; a search only by place lists what is near.
        """
        if self.formats:
            return Group.Format.ONLINE in self.formats
        return bool(self.query.text.strip() or self.topic)

    @property
    def ranks_all_matches(self) -> bool:
        """Whether the order needs every match read (relevance, or a topic's groups by name)
        rather than following an index (distance, name)."""
        return not self.query.is_empty or (self.topic is not None and self.location is None)

    def audience_first(self):
        """Among equally relevant groups, those for whom the search seems to be first: groups
        for relatives when the searcher speaks of someone close ("Mutter", "Angehörige"), else
        those for the affected ("Alkohol" lists the Kreuzbund before the relatives' group)."""
        for_relatives = self.query.speaks_of_relatives or self.who == Group.Audience.RELATIVES
        other = Group.Audience.AFFECTED if for_relatives else Group.Audience.RELATIVES
        return Case(When(audience=other, then=Value(1)), default=Value(0))

    def own_topic_first(self):
        """Among equally relevant groups, those on the topic the text names before those on
        the topics below it, which carry its words as their parent's ("family caregivers":
        the carers' groups before those for relatives of people with dementia). Read from
        the groups' topic ids, with no query per group; a group on the topic and on one
        below it counts as below."""
        topic = self.searched_topic
        if topic is None or self.topic is not None:
            return Value(0)
        by_pk = self._topics_by_pk
        below = [pk for pk in by_pk if topic.pk in self._ancestors(by_pk[pk], by_pk)]
        if not below:
            return Value(0)
        return Case(When(search_topic_ids__overlap=below, then=Value(1)), default=Value(0))

    def order(self, groups):
        by_name = ["search_name", "pk"]
        if self.location is not None:
            bands = places.distance_band("nearness")
            if not self.query.is_empty:
                relevance = F("relevance")
                order = [
                    bands,
                    relevance.desc(),
                    self.own_topic_first(),
                    self.audience_first(),
                    F("nearness").asc(nulls_last=True),
                    *by_name,
                ]
                if self.fuzzy:
                    # A group matching more of the words comes first however far within the
                    # radius: for "Kinder Diabetes" a diabetes group 20 km away before one on
                    # children's cancer next door.
                    order.insert(0, ranking.words_matched(relevance).desc())
                return groups.order_by(*order)
            return groups.order_by(F("nearness").asc(nulls_last=True), *by_name)
        if not self.query.is_empty:
            return groups.order_by(
                F("relevance").desc(), self.own_topic_first(), self.audience_first(), *by_name
            )
        if self.topic is not None:
            # Group names contain their topic, so a topic's groups cluster in name order and
            # walking the name index to find them reads most groups first. Sorting just the
            # topic's groups is cheaper: Lower() keeps the order but not the index.
            return groups.order_by(Lower("search_name"), "pk")
        return groups.order_by(*by_name)

    # Help when little is found

    def found_little(self, count: int, page) -> bool:
        """Whether the search found so little that help belongs below the results: fewer
        than three groups, or only online ones around a place."""
        if count < FEW_RESULTS:
            return True
        return (
            self.location is not None
            and page.number == 1
            and all(group.format == Group.Format.ONLINE for group in page.object_list)
        )

    def help_for_few_results(self) -> dict:
        """A wider radius, related topics and the contact point responsible for the place."""
        wider = [km for km in places.RADIUS_CHOICES_KM if km > self.radius]
        return {
            "wider_radius": wider[0] if self.location is not None and wider else None,
            "related_topics": self.related_topics(),
            "contact_site": self.contact_site(),
        }

    def help_for_nothing_nearby(self) -> dict:
        """With a place and nothing found: the nearest matching groups farther away, and the
        radius that reaches the nearest (none when no radius does, or nothing matches)."""
        if self.location is None:
            return {}
        broader_topic, broader_groups = self.broader_nearby()
        nearest = self.nearest_beyond_radius()
        reaching = [
            km
            for km in places.RADIUS_CHOICES_KM
            if nearest and km >= nearest[0].distance and km > self.radius
        ]
        return {
            "searched_topic": self.searched_topic,
            "broader_topic": broader_topic,
            "broader_groups": broader_groups,
            "broader_is_above": broader_topic is not None
            and broader_topic.pk in self._ancestors(self.searched_topic, self._topics_by_pk),
            "nearest_groups": nearest,
            "wider_radius": reaching[0] if reaching else None,
        }

    @cached_property
    def searched_topic(self) -> TopicEntry | None:
        """The topic the search is about: the one chosen, or else the one the text names as
        a whole, by its name or a synonym, maybe misspelt ("Herzinsufizienz"). A synonym
        of several topics means the narrowest of them ("Alzheimer" is also a word of
        "Demenz"); none when the text names no topic or several unrelated ones."""
        by_pk = self._topics_by_pk
        if self.topic is not None:
            return by_pk.get(self.topic.pk)
        terms = self.query.terms
        if not terms:
            return None
        # as the terms, with the stop words between them ("Angst und Panik"), corrected
        words = self.query.words
        first, last = words.index(terms[0]), words.index(terms[-1])
        between = [word for word in words[first : last + 1] if word in terms or word.is_stop_word]
        typed = [" ".join(word.normalized for word in terms)]
        typed.append(" ".join(word.normalized for word in between))
        if self.query.has_suggestions:
            typed.append(" ".join((word.suggestion or word).normalized for word in terms))
        for text in dict.fromkeys(typed):
            named = [entry for entry in self.topics if entry.normalized_name == text]
            if named:
                return named[0]
            listing = [entry for entry in self.topics if text in entry.phrases]
            narrowest = [
                entry
                for entry in listing
                if not any(entry.pk in self._ancestors(other, by_pk) for other in listing)
            ]
            if len(narrowest) == 1:
                return narrowest[0]
        return None

    @staticmethod
    def _ancestors(entry: TopicEntry, by_pk: dict) -> list[int]:
        """The ids of the topics above ``entry``, the nearest first."""
        found = []
        parent_id = entry.parent_id
        while parent_id is not None and parent_id not in found and parent_id in by_pk:
            found.append(parent_id)
            parent_id = by_pk[parent_id].parent_id
        return found

    def broader_topics(self, topic: TopicEntry) -> list[TopicEntry]:
        """Where to look when ``topic`` has no group near the place: the topics above it,
        the nearest first (their groups include those of the topics beside it); for a
        topic at the top, the topics that share a word of its name."""
        by_pk = self._topics_by_pk
        above = [by_pk[pk] for pk in self._ancestors(topic, by_pk)]
        if above:
            return above
        # (the specific words of its name: "Diabetes Typ 1" at the top leads to "Diabetes";
        # not words many topics share, "Erkrankungen", "Angehörige")
        words = {
            word
            for word in topic.normalized_name.replace("-", " ").split()
            if len(word) > 4
            and word not in WEAK_COMPOUND_HEADS
            and word not in RELATIONSHIP_WORDS
            and sum(word in entry.normalized_name for entry in self.topics) <= MAX_SHARING_TOPICS
        }
        sharing = self._topics_containing(words) if words else set()
        return [
            entry
            for entry in self.topics
            if entry.pk in sharing
            and entry.pk != topic.pk
            and topic.pk not in self._ancestors(entry, by_pk)
        ][:MAX_BROADER_CANDIDATES]

    def broader_nearby(self, limit: int = 5) -> tuple[TopicEntry | None, list[Group]]:
        """When nothing is found within the radius: the nearest groups within it of the
        topic above the searched one (or, at the top, of a related topic), with that
        topic. The page's other filters apply; the text does not, for it named the topic."""
        topic = self.searched_topic
        if topic is None or self.location is None or self._any_topic is None:
            return None, []
        nearby = self._any_topic.near(self.location, km=self.radius, include_online=False)
        for broader in self.broader_topics(topic):
            groups = list(
                nearby.on_topic(broader.pk)
                .select_related("meeting_site")
                .defer(*Group.LIST_DEFERRED_FIELDS)
                .order_by("nearness", "pk")[:limit]
            )
            if groups:
                return broader, groups
        return None, []

    def nearest_beyond_radius(self, limit: int = 3) -> list[Group]:
        """When nothing is found within the radius: the groups nearest the place that match
        the rest of the search, however far; none without a place.

        Walking the groups outward from the place until ``limit`` match is quick when
        matches are many, but reads every group when they are few (a million rows for a
        word nothing matches). So the matches are first read by their index, up to
        ``NEAREST_CANDIDATES``; when there are no more, those are ordered by distance."""
        if self.location is None or self._unplaced is None:
            return []
        matching = self._unplaced.matching(self.query, fuzzy=self.query.has_suggestions)
        matching = matching.filter(public_point__isnull=False)
        candidates = list(
            matching.order_by().values_list("pk", flat=True)[: NEAREST_CANDIDATES + 1]
        )
        if not candidates:
            return []
        if len(candidates) <= NEAREST_CANDIDATES:
            matching = Group.objects.filter(pk__in=candidates)
        return list(
            matching.with_distance(self.location)
            .select_related("meeting_site")
            .defer(*Group.LIST_DEFERRED_FIELDS)
            .order_by("nearness", "pk")[:limit]
        )

    def related_topics(self, limit: int = 8) -> list[TopicEntry]:
        """Topics to try instead. For the topic chosen or named by the text: the topic above
        it, those beside and below it. Else the topics whose name or synonyms contain a word
        of the text or its suggestion, with the topics above them ("Krebs" for "Brustkrebs")."""
        chosen = self.searched_topic
        related = set()
        if chosen is not None:
            family = chosen.parent_id or chosen.pk
            related = {topic.pk for topic in self.topics if topic.parent_id in (chosen.pk, family)}
            related |= {chosen.parent_id} - {None}
            related.discard(chosen.pk)
        if not related:  # (no topic named, or one with no family)
            words = self.query.terms
            parts = {word.compound_part for word in words}
            parts |= {word.suggestion.compound_part for word in words if word.suggestion}
            related = self._topics_containing(parts) - {getattr(chosen, "pk", None)}
        return [topic for topic in self.topics if topic.pk in related][:limit]

    def _topics_containing(self, parts: set[str]) -> set[int]:
        """The ids of the topics whose name or synonyms contain one of ``parts``, and of
        the topics above them."""
        related = {
            topic.pk
            for topic in self.topics
            if any(part in topic.normalized_text for part in parts)
        }
        by_pk = self._topics_by_pk
        return related | {by_pk[pk].parent_id for pk in related if by_pk[pk].parent_id}

    @property
    def crisis_without_topic(self) -> bool:
        """Words of acute crisis that name no topic ("ich kann nicht mehr"): no group is
        listed under the hint as if it were a match; the page offers the contact point and
        the topics instead."""
        return self.query.speaks_of_crisis and self.query.is_empty and self.topic is None

    def contact_site(self) -> Site | None:
        """The site of the contact point responsible for the place searched from, if there
        is one (the rule of "Ihre Kontaktstelle")."""
        if self.location is None:
            return None
        return finder.responsible_site(self.location)
