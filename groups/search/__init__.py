"""German-aware text search over groups: the search index and the analysis of what people type.

Text is compared in a normalised form, made by the SQL function ``search_normalize`` (migration
``groups/0003``): lower case, accents removed, "ß" as "ss", and "ae"/"oe"/"ue" after a consonant
folded to "a"/"o"/"u", so "Angehörige", "Angehoerige" and "Angehorige" are the same word.
docs/search.md explains the whole design.
"""

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import groupby, pairwise
from operator import attrgetter

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, TextField, Value, When

from groups.search.vocabulary import (
    ACCIDENTAL_COMPOUND_PARTS,
    AMBIGUOUS_DISTRICT_NAMES,
    CONTACT_POINT_WORDS,
    CRISIS_PHRASE_GAP,
    CRISIS_PHRASES,
    CRISIS_WORD_BEGINNINGS,
    CRISIS_WORDS,
    DISTRICT_HEADS,
    GENDER_WORD_BEGINNINGS,
    GENERIC_WORDS,
    LOW_MOOD_WORDS,
    RELATIONSHIP_WORDS,
    TIME_OF_DAY_WORDS,
    UNSEARCHED_WORDS,
    UNUMLAUTED_STOP_WORDS,
    WEAK_COMPOUND_HEADS,
    WEEKDAY_WORDS,
    WHO_WORDS,
    normalize,
)

# Enough for a question in words ("Wo finde ich eine Gruppe für Angehörige von Demenzkranken
# in Lünen?"), whose place comes last.
MAX_WORDS = 14
# A word matches inside compounds ("krebs" in "Brustkrebs") from this length on; shorter
# fragments would match inside unrelated words.
MIN_COMPOUND_LENGTH = 4
# Fewer exact hits than this and the search also tries spelling corrections and similar words.
THIN_RESULT_COUNT = 3
# How alike (pg_trgm similarity, 0–1) a topic word must be to a typed word to be offered.
MIN_SUGGESTION_SIMILARITY = 0.4
# In a search for any of several words, each word a group matches adds this much to its
# relevance, more than all the points for where words were found together: so the hundreds
# count the words matched (``TextQuery.words_matched``).
MATCHED_WORD = 100

# (longest first, so that "Gesprächskreis" ends in "Gesprächskreis", not in "Kreis")
_WEAK_HEADS_LONGEST_FIRST = sorted(WEAK_COMPOUND_HEADS, key=len, reverse=True)
_UNSEARCHED_WORDS_LIST = sorted(UNSEARCHED_WORDS)  # (as a parameter of ANALYSE_SQL)
# A linking "s" between the parts of a compound ("Beziehungsprobleme"), after the endings
# that take one.
LINKING_S = re.compile(r"(ung|heit|keit|ion|tat|schaft|ling|tum)s$")
# A search for women's or men's groups ("Gewalt Frauen", "Männergruppe"), by the beginnings
# of the words typed (normalised), lists no group for the other gender. A group is for one
# gender when its name, topics or audience (the weights A and B of its search vector; not
# its description, where "Frauen und Männer" is common) name that gender and not the other.
GENDER_LEXEMES = {
    "women": "'frau':AB | 'frauen':*AB | 'madch':AB",
    "men": "'mann':AB | 'manner':*AB",
}
WORD_PATTERN = re.compile(r"\w+")
# A word as typed, with the parts that a hyphen or slash joins to it: "Burn-out", "ME/CFS".
TOKEN_PATTERN = re.compile(r"\w+(?:[-/]\w+)*")
POSTCODE_WORD = re.compile(r"\d{5}")


class Normalized(Func):
    """``search_normalize(text)``: the form in which searched text is compared."""

    function = "search_normalize"
    output_field = TextField()


class TextMatch(Func):
    """``vector @@ to_tsquery('simple', query)``, for lexemes that are already stemmed."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()

    def __init__(self, vector, tsquery: str):
        super().__init__(vector, SimpleTsQuery(tsquery))


class SimpleTsQuery(Func):
    function = "to_tsquery"
    template = "%(function)s('simple', %(expressions)s)"

    def __init__(self, tsquery: str):
        super().__init__(Value(tsquery))


@dataclass(frozen=True)
class SearchWord:
    """One word of the query as typed, with the forms the database compares."""

    text: str
    normalized: str
    stem: str
    is_stop_word: bool = False
    is_generic: bool = False
    is_place: bool = False
    # This word and the ones after it are (the beginning of) a town's name: "Bad Homburg".
    starts_place_name: bool = False
    # A town's name begins with this word and more ("Frankfurt" am Main).
    begins_place_name: bool = False
    is_topic_word: bool = False
    # How many topics mention this word in their name or synonyms: few means specific.
    topics_containing: int = 0
    suggestion: "SearchWord | None" = None
    # Which word as typed this is (a part of): the parts of "Burn-out" share it.
    token: int = 0
    # A word for when the group meets ("abends", "Wochenende"): no text to search.
    is_when: bool = False
    # "online" typed as a word of its own beside what is looked for: the format, not text.
    asks_online: bool = False
    # For a stop word that is the abbreviation of topics ("ALS"): their ids. The text
    # vectors lack stop words, so such a word finds the groups of these topics instead.
    stop_word_topics: tuple[int, ...] = ()
    # Part of a sentence of someone in crisis ("ich will nicht mehr leben"): no topic.
    in_crisis_phrase: bool = False
    # A known word that is not this one misspelt but another word ("Spieler" for
    # "Xylophonspieler"): offered as a question, never searched in its place.
    question: "SearchWord | None" = None

    @property
    def says_who(self) -> bool:
        """Whether the word says whom a search is for rather than what about, also through
        the word it is helped to ("Angehörigengruppe" → "Angehörige")."""
        return self.normalized in WHO_WORDS or (
            self.suggestion is not None and self.suggestion.normalized in WHO_WORDS
        )

    @property
    def is_specific(self) -> bool:
        """Whether the word can say what a search is about: topics know it, and it does not
        just say who."""
        return self.topics_containing > 0 and not self.says_who

    @property
    def knows_what(self) -> bool:
        """Whether topics know the word (maybe inflected or misspelt) as what they are about."""
        return self.is_specific or self.is_topic_word or self.suggestion is not None

    @property
    def compound_part(self) -> str:
        """What to look for inside compound words: the stem, unless that is too short."""
        return self.stem if len(self.stem) > MIN_COMPOUND_LENGTH else self.normalized

    def tsquery(self) -> str:
        """A tsquery matching the stem. Not its prefixes: PostgreSQL overestimates how many
        rows they match and then scans the whole table; compounds are matched otherwise."""
        return "'" + self.stem.replace("'", "''") + "'"

    def whole_word_tsquery(self, *, fuzzy: bool) -> str:
        """A tsquery for the word as a word of its own in a group's name, topics or audience
        (weights A and B), also as its suggestion in a ``fuzzy`` search."""
        forms = [self, self.suggestion] if fuzzy and self.suggestion else [self]
        return " | ".join(f"{form.tsquery()}:AB" for form in forms)

    def found_in(self, field_name: str) -> Q:
        """Whether a normalised text column contains the word: anywhere for longer words (so
        inside compounds), as a whole word for short ones ("MS", "ADS")."""
        part = self.compound_part
        if len(part) < MIN_COMPOUND_LENGTH:
            return Q(**{f"{field_name}__regex": rf"\m{re.escape(self.normalized)}\M"})
        contains = Q(**{f"{field_name}__contains": part})
        if part in ACCIDENTAL_COMPOUND_PARTS:
            # (the plain "contains" for the trigram index, the regular expression to check)
            before = ACCIDENTAL_COMPOUND_PARTS[part]
            contains &= Q(**{f"{field_name}__regex": f"(?<!{before}){part}"})
        return contains

    def condition(self) -> Q:
        """Groups containing this word: full text (stemmed) or inside a compound."""
        if self.stop_word_topics:
            return Q(search_topic_ids__overlap=list(self.stop_word_topics))
        condition = Q(TextMatch(F("search_vector"), self.tsquery()))
        if len(self.compound_part) >= MIN_COMPOUND_LENGTH:
            condition |= self.found_in("search_keywords")
        return condition

    def fuzzy_condition(self, *, alone: bool = True) -> Q:
        """As :meth:`condition`, or the suggested word. A word typed ``alone`` that is neither
        a topic word nor has a suggestion may also be a similarly spelt word in names and
        topics, the costlier way (for several words, matching any of them is help enough)."""
        condition = self.condition()
        if self.suggestion:
            condition |= self.suggestion.condition()
        elif alone and not self.is_topic_word and len(self.normalized) >= MIN_COMPOUND_LENGTH:
            condition |= Q(search_keywords__trigram_word_similar=self.normalized)
        return condition

    def found_in_any_form(self, field_name: str, *, fuzzy: bool) -> Q:
        found = self.found_in(field_name)
        if fuzzy and self.suggestion:
            found |= self.suggestion.found_in(field_name)
        return found


@dataclass
class TextQuery:
    """The analysed free text of a search: its words and what the database knows of them."""

    text: str
    words: list[SearchWord] = field(default_factory=list)

    @property
    def terms(self) -> list[SearchWord]:
        """The words that narrow the search."""
        return [
            word
            for word in self.words
            if not (
                word.is_stop_word
                or word.is_place
                or word.is_generic
                or word.is_when
                or word.asks_online
                or word.in_crisis_phrase
            )
        ]

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def names_no_topic(self) -> bool:
        """Words were typed, but only words that narrow nothing: no topic, place or contact
        point ("Hallo, ich suche eine Gruppe", "mir geht es schlecht")."""
        return (
            self.is_empty
            and any(not word.is_place for word in self.words)
            and not self.asks_for_contact_point
        )

    @property
    def speaks_of_crisis(self) -> bool:
        """Whether the words are those of someone in acute crisis."""
        return any(
            word.in_crisis_phrase
            or word.normalized in CRISIS_WORDS
            or word.normalized.startswith(CRISIS_WORD_BEGINNINGS)
            for word in self.words
        ) or (self.names_no_topic and any(word.normalized in LOW_MOOD_WORDS for word in self.words))

    @property
    def asks_for_contact_point(self) -> bool:
        return any(word.normalized in CONTACT_POINT_WORDS for word in self.words)

    @property
    def gender(self) -> str:
        """ "women" or "men" when the search asks for groups of one gender, else ""."""
        said = {
            gender
            for gender, beginnings in GENDER_WORD_BEGINNINGS.items()
            for word in self.terms
            if word.normalized.startswith(beginnings)
        }
        return said.pop() if len(said) == 1 else ""

    def gender_condition(self) -> Q:
        """No group only for the other gender than the one asked for (see ``gender``)."""
        gender = self.gender
        if not gender:
            return Q()
        (other,) = set(GENDER_LEXEMES) - {gender}
        vector = F("search_vector")
        return Q(TextMatch(vector, GENDER_LEXEMES[gender])) | ~Q(
            TextMatch(vector, GENDER_LEXEMES[other])
        )

    @property
    def has_suggestions(self) -> bool:
        return any(word.suggestion for word in self.terms)

    @property
    def has_questions(self) -> bool:
        """Whether a word has a known word of another meaning to ask about."""
        return any(word.question for word in self.terms)

    def corrected_text(self) -> str:
        """The query with every word we have a suggestion (or a question) for replaced by
        it."""
        terms = self.terms
        return " ".join(
            (word.suggestion or word.question).text
            if (word.suggestion or word.question) and word in terms
            else word.text
            for word in self.words
            if not word.is_place
        )

    @property
    def place_text(self) -> str:
        return " ".join(word.text for word in self.words if word.is_place)

    @property
    def asks_online(self) -> bool:
        return any(word.asks_online for word in self.words)

    @property
    def when_text(self) -> str:
        return " ".join(word.text for word in self.words if word.is_when)

    def when_condition(self) -> Q:
        """Groups meeting when the words say: on one of the weekdays named, and starting in
        the time of day named ("abends": 17:00 or later)."""
        condition = Q()
        said = [word.normalized for word in self.words if word.is_when]
        weekdays = frozenset().union(*(WEEKDAY_WORDS.get(word, ()) for word in said))
        if weekdays:
            condition &= Q(weekday__in=sorted(weekdays))
        for word in said:
            if word in TIME_OF_DAY_WORDS:
                start, end = TIME_OF_DAY_WORDS[word]
                if start:
                    condition &= Q(starts_at__gte=start)
                if end:
                    condition &= Q(starts_at__lt=end)
        return condition

    def condition(self, *, fuzzy: bool = False) -> Q:
        """Exact: groups matching every term. Fuzzy, for when exact hits are few: groups
        matching any term in any of its forms; the relevance puts those matching more terms
        first, so "ADHS Erwachsene" still lists ADHS groups. Either way no group only for
        the other gender than one asked for."""
        condition = Q()
        alone = len(self.terms) == 1
        if not fuzzy:
            for word in self.terms:
                condition &= word.condition()
            return condition & self.gender_condition()
        tokens = [list(parts) for _, parts in groupby(self.terms, key=attrgetter("token"))]
        # Who the search is for narrows it, but matching that alone is no match, when another
        # word says what topics know ("Epilepsie Kind"). Not when the rest is unknown to
        # them: "Kind" of "mein Kind ist gestorben" still finds the bereaved parents.
        saying_what = [parts for parts in tokens if not all(w.says_who for w in parts)]
        if not any(w.knows_what for parts in saying_what for w in parts):
            saying_what = tokens
        for parts in saying_what:
            condition |= self.fuzzy_token_condition(parts, alone=alone)
        return condition & self.gender_condition()

    @staticmethod
    def fuzzy_token_condition(parts: list[SearchWord], *, alone: bool) -> Q:
        """The parts of a word typed with a hyphen or slash, or of a topic's name, are one
        thing: found through their most specific part in a group's name or topics, or else
        all together. "Burn-out" is no search for "out" ("Coming-out"), "Multiple Sklerose"
        none for "multiple" (Persönlichkeiten), "Morbus Crohn" none for "Morbus" (Parkinson)."""
        # (of parts known alike, the last: in German the head, "häusliche Gewalt")
        core = min(reversed(parts), key=lambda word: (not word.is_specific, word.topics_containing))
        if len(parts) == 1:
            return core.fuzzy_condition(alone=alone)
        if core.is_specific:
            # In a name or the topics; in a description it is alone another thing: "häusliche"
            # Gewalt is no "häusliche Pflege".
            return core.found_in_any_form("search_keywords", fuzzy=True)
        together = Q()
        for word in parts:
            together &= word.fuzzy_condition(alone=alone)
        return together

    @property
    def speaks_of_relatives(self) -> bool:
        """Whether the searcher speaks of someone close ("Angehörige", "Mutter")."""
        return any(word.normalized in RELATIONSHIP_WORDS for word in self.terms)

    def joined_into_phrases(self, phrases: Iterable[str]) -> "TextQuery":
        """This query with consecutive words that are together in the name or a synonym of
        a topic made one token, like the parts of a hyphenated word: "Morbus Crohn",
        "chronische Schmerzen", "Angst und Panik". ``phrases`` in normalised form."""
        padded = [f" {phrase} " for phrase in phrases if " " in phrase]
        words = list(self.words)
        terms = self.terms
        positions = [position for position, word in enumerate(words) if word in terms]
        for first, second in pairwise(positions):
            if words[first].token == words[second].token:
                continue
            typed = " ".join(word.normalized for word in words[first : second + 1])
            if any(f" {typed} " in phrase for phrase in padded):
                words[second] = replace(words[second], token=words[first].token)
        return replace(self, words=words)

    def relevance(self, *, fuzzy: bool = False):
        """Per term: found in the topics (2), also in the name (+1), in a search for several
        terms as a word of its own rather than only inside a compound (+1: "Verlust", not
        "Sehverlust"); elsewhere (1).
        The most specific term counts double, so that for "Autismus Freizeit" autism groups
        come before leisure groups. In a fuzzy search for several terms, where a
        group may match only some, each term matched adds ``MATCHED_WORD`` besides.
        Unlike ``ts_rank``, cheap enough for thousands of matches."""
        score = Value(0)
        alone = len(self.terms) == 1
        partial = fuzzy and not alone  # a match may lack some of the terms
        matched = MATCHED_WORD if partial else 0
        # (a word no topic mentions is not specific but unknown: "aufhören" of "Rauchen
        # aufhören" found in a description must not outweigh the topic word)
        specific = min(self.terms, key=lambda word: (not word.is_specific, word.topics_containing))
        for word in self.terms:
            in_keywords = word.found_in_any_form("search_keywords", fuzzy=fuzzy)
            found = Value(matched + 2)
            if not alone:
                # As a word of its own, not only inside compounds, one more: for "Verlust
                # Kind", "Verlust" names the grief groups, "Sehverlust" the groups on sight.
                # (Not for one word, whose every match has it: a quarter more time for the
                # 11,000 matches of "Depression" to set apart the few groups on burnout that
                # have it in "Erschöpfungsdepression" only; the name does that already.)
                whole = Q(TextMatch(F("search_vector"), word.whole_word_tsquery(fuzzy=fuzzy)))
                found = Case(When(whole, then=Value(matched + 3)), default=found)
            in_name = word.found_in_any_form("search_name", fuzzy=fuzzy)
            found = Case(When(in_name, then=found + Value(1)), default=found)
            # (nested, so that each of thousands of matches is compared with its keywords once)
            whens = [When(in_keywords, then=found)]
            if partial:
                whens.append(When(word.fuzzy_condition(alone=False), then=Value(matched + 1)))
            # Every match has a single or exact term somewhere; one of several maybe not.
            default = Value(0 if partial else 1)
            points = Case(*whens, default=default, output_field=IntegerField())
            score = score + (points * 2 if word is specific and not alone else points)
        return score

    def words_matched(self, relevance):
        """From the relevance of a fuzzy search for several terms: how many terms a group
        matched, the most specific counting double (0 for other searches)."""
        return relevance / Value(MATCHED_WORD)


# One round trip for all words: stop word, normalised form, stem, whether the word is a known
# place or topic word, how many topics mention it, and the most similar word of the topic
# vocabulary (a materialized view of the words of all topic names and synonyms, migration
# 0005) as a suggestion, with its forms.
ANALYSE_SQL = """
WITH typed AS (
    SELECT word, normalized, position, tail,
           EXISTS (SELECT 1 FROM groups_topic_vocabulary AS words
                   WHERE words.normalized = input.normalized) AS is_topic_word
    FROM (
        SELECT word, search_normalize(word) AS normalized, position,
               -- this word and those after it
               search_normalize(array_to_string((%(words)s::text[])[position:], ' ')) AS tail
        FROM unnest(%(words)s::text[]) WITH ORDINALITY AS typed(word, position)
    ) AS input
)
SELECT
    typed.word,
    numnode(plainto_tsquery('german', typed.word)) = 0
        OR numnode(plainto_tsquery('german', replace(replace(replace(
            lower(typed.word), 'ae', 'ä'), 'oe', 'ö'), 'ue', 'ü'))) = 0 AS is_stop_word,
    typed.normalized,
    coalesce((ts_lexize('german_stem', typed.normalized))[1], typed.normalized) AS stem,
    EXISTS (
        SELECT 1 FROM groups_place
        WHERE search_normalize(groups_place.name) = typed.normalized
           OR groups_place.postcode = typed.word
    ) AS is_place,
    -- Whether this word and those after it, two or more, name a town or begin its name
    -- ("Bad Homburg" vor der Höhe); as a range, so that the name index serves it.
    typed.tail LIKE '%% %%' AND EXISTS (
        SELECT 1 FROM groups_place
        WHERE search_normalize(groups_place.name) = typed.tail
           OR (search_normalize(groups_place.name) ~>=~ (typed.tail || ' ')
               AND search_normalize(groups_place.name) ~<~ (typed.tail || '!'))
    ) AS starts_place_name,
    -- Whether a town's name begins with this word and more ("Frankfurt" am Main).
    EXISTS (
        SELECT 1 FROM groups_place
        WHERE search_normalize(groups_place.name) ~>=~ (typed.normalized || ' ')
          AND search_normalize(groups_place.name) ~<~ (typed.normalized || '!')
    ) AS begins_place_name,
    typed.is_topic_word,
    (
        SELECT count(DISTINCT topic_id) FROM groups_topic_vocabulary AS words
        WHERE words.normalized LIKE '%%' || typed.normalized || '%%'
    ) AS topics_containing,
    suggestion.term,
    suggestion.normalized,
    coalesce((ts_lexize('german_stem', suggestion.normalized))[1], suggestion.normalized),
    -- The topics whose abbreviation the word is ("ALS", "MS"), which a stop word ("als")
    -- is then too when typed so.
    ARRAY(
        SELECT DISTINCT words.topic_id FROM groups_topic_vocabulary AS words
        WHERE words.normalized = typed.normalized
          AND words.term = upper(words.term) AND length(words.term) > 1
    ) AS abbreviated_topics
FROM typed
LEFT JOIN LATERAL (
    -- Candidates: words spelt alike (trigram index), and known words that are a part of
    -- the typed compound: its last part ("Hautkrebs" → "Krebs"), which carries the meaning,
    -- or else its first part ("Depressionsgruppe" → "Depression"); words that say little
    -- ("Gruppe", "Probleme") are never offered.
    SELECT candidate.term, candidate.normalized
    FROM (
        SELECT words.term, words.normalized,
               typed.normalized LIKE '%%' || words.normalized AS is_last_part,
               typed.normalized LIKE words.normalized || '%%' AS is_first_part
        FROM (
            SELECT term, normalized FROM groups_topic_vocabulary
            WHERE normalized %% typed.normalized
            UNION
            -- (looked up as every first and last part of four letters or more: the index)
            SELECT term, normalized FROM groups_topic_vocabulary
            WHERE normalized IN (
                SELECT part
                FROM generate_series(4, length(typed.normalized) - 1) AS size,
                     LATERAL (VALUES (left(typed.normalized, size)),
                                     (right(typed.normalized, size))) AS parts(part)
            )
        ) AS words
    ) AS candidate
    WHERE length(typed.normalized) >= 4
      AND length(candidate.normalized) >= 4  -- no fragments ("Ess" of "Ess-Brech-Sucht")
      -- nor stop words of topic names ("nach" of "Frauenselbsthilfe nach Krebs")
      AND cardinality(ts_lexize('german_stem', lower(candidate.term))) > 0
      AND NOT typed.is_topic_word
      AND typed.normalized <> ALL(%(generic_words)s)  -- left out of the search anyway
      AND candidate.normalized <> ALL(%(weak_heads)s)
      AND (similarity(candidate.normalized, typed.normalized) >= %(min_similarity)s
           OR candidate.is_last_part OR candidate.is_first_part)
    ORDER BY similarity(candidate.normalized, typed.normalized) >= 0.6 DESC,
             candidate.is_last_part DESC,
             candidate.is_first_part DESC,
             CASE WHEN candidate.is_last_part OR candidate.is_first_part
                  THEN length(candidate.normalized) END DESC NULLS LAST,
             levenshtein(candidate.normalized, typed.normalized),
             similarity(candidate.normalized, typed.normalized) DESC,
             candidate.term
    LIMIT 1
) AS suggestion ON true
ORDER BY typed.position
"""


def analyse(text: str, *, detect_place: bool = False) -> TextQuery:
    """Split ``text`` into words and look them up; one query, none for an empty text.

    With ``detect_place`` a trailing word that is a German place name and no topic word is
    marked as the place ("Alkohol Lünen"), for people who type the town into the text field.
    """
    tokens = [
        (number, part)
        for number, token in enumerate(TOKEN_PATTERN.findall(text.replace("_", " ")))
        for part in WORD_PATTERN.findall(token)
    ][:MAX_WORDS]
    typed = [part for _, part in tokens]
    if not typed:
        return TextQuery(text=text)
    with connection.cursor() as cursor:
        cursor.execute(
            ANALYSE_SQL,
            {
                "words": typed,
                "min_similarity": MIN_SUGGESTION_SIMILARITY,
                "weak_heads": _WEAK_HEADS_LONGEST_FIRST,
                "generic_words": _UNSEARCHED_WORDS_LIST,
            },
        )
        rows = cursor.fetchall()
    parts = Counter(token for token, _ in tokens)  # (how many parts each typed word has)
    words = []
    for (token, _), row in zip(tokens, rows, strict=True):
        word, is_stop, normalized, stem, is_place, starts_place, begins_place = row[:7]
        is_topic_word, topics = row[7:9]
        suggested = row[9:12]
        # A stop word that abbreviates topics ("ALS") means them when typed in capitals or
        # alone; "als" in a sentence is the conjunction.
        abbreviated = tuple(row[12]) if word.isupper() or len(typed) == 1 else ()
        suggestion = None
        # A suggestion with the same stem is the same word inflected ("Essstörungen" for
        # "Essstörung"): the word is known and already matches what the suggestion would.
        # A word found inside known words ("hören" in "Stimmenhören", "schlafen" by its stem
        # in "Schlafapnoe") finds their groups as it is: no spelling to correct.
        found_inside = topics > 0 or (
            len(stem) >= MIN_COMPOUND_LENGTH and bool(suggested[1]) and stem in suggested[1]
        )
        if suggested[0] and suggested[2] == stem:
            is_topic_word = True
        elif suggested[0] and not found_inside:
            suggestion = SearchWord(text=suggested[0], normalized=suggested[1], stem=suggested[2])
        question = None
        if suggestion is not None and not keeps_meaning(normalized, suggestion.normalized):
            question, suggestion = suggestion, None
        search_word = SearchWord(
            text=word,
            normalized=normalized,
            stem=stem,
            is_stop_word=(is_stop or normalized in UNUMLAUTED_STOP_WORDS) and not abbreviated,
            is_generic=normalized in UNSEARCHED_WORDS,
            is_place=(is_place or normalized in city_district_names()) and not is_topic_word,
            is_when=not is_topic_word
            and (normalized in WEEKDAY_WORDS or normalized in TIME_OF_DAY_WORDS),
            # "online" as a word of its own beside others ("Online Gruppe Angst") asks for the
            # groups meeting online; in "Online-Sucht", or alone, it stays a word.
            asks_online=normalized == "online" and len(typed) > 1 and parts[token] == 1,
            starts_place_name=starts_place,
            begins_place_name=begins_place and not is_topic_word,
            is_topic_word=is_topic_word,
            topics_containing=topics,
            suggestion=suggestion,
            question=question,
            token=token,
            stop_word_topics=abbreviated if is_stop else (),
        )
        if not (is_topic_word or search_word.is_generic):
            # The first part of a weak compound ("Nieren" of "Nierenkrankheit") also finds a
            # suggested word that begins with it ("Nierenkrebs"), and the other compounds.
            first_part = _first_part_of_weak_compound(search_word)
            if not suggestion or (
                first_part and suggestion.normalized.startswith(first_part.normalized)
            ):
                search_word = replace(search_word, suggestion=first_part)
        words.append(search_word)
    words = _mark_region_names(_mark_crisis_phrases(words))
    return TextQuery(
        text=text,
        words=_mark_trailing_place(words)
        if detect_place
        else [replace(word, is_place=False) for word in words],
    )


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: letters inserted, deleted or replaced to turn ``a`` into ``b``."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def is_misspelling(typed: str, known: str) -> bool:
    """Whether ``typed`` is ``known`` misspelt ("Depresion", "Diabetis", "Alkohl"): a letter
    or two off, a quarter of the word at most; not a longer word that merely contains it
    ("Xylophonspieler" is no "Spieler")."""
    return edit_distance(typed, known) <= max(1, min(3, len(typed) // 4))


def keeps_meaning(typed: str, known: str) -> bool:
    """Whether searching ``known`` for ``typed`` keeps what was meant: a misspelling, or a
    compound of ``known`` and a word that only says who or what kind ("Kinderkrebs" →
    "Krebs", "Krebsgruppe" → "Krebs"). An unknown part changes the meaning: a
    "Xylophonspieler" is no "Spieler"."""
    if is_misspelling(typed, known):
        return True
    little = WEAK_COMPOUND_HEADS | WHO_WORDS
    if typed.endswith(known):
        return LINKING_S.sub(r"\1", typed[: -len(known)]) in little
    if typed.startswith(known):
        return typed[len(known) :].lstrip("s") in little
    return False


def crisis_phrase_positions(normalized: list[str]) -> set[int]:
    """The positions of the words that say a crisis in a sentence: each phrase of
    ``CRISIS_PHRASES`` whose places follow one another with at most ``CRISIS_PHRASE_GAP``
    other words between them ("ich will *nicht* wirklich *mehr leben*")."""
    found = set()
    for phrase in CRISIS_PHRASES:
        for start, word in enumerate(normalized):
            if word not in phrase[0]:
                continue
            positions, at = [start], start
            for place in phrase[1:]:
                window = range(at + 1, min(at + 2 + CRISIS_PHRASE_GAP, len(normalized)))
                at = next((i for i in window if normalized[i] in place), None)
                if at is None:
                    break
                positions.append(at)
            else:
                found.update(positions)
    return found


def _mark_crisis_phrases(words: list[SearchWord]) -> list[SearchWord]:
    """Mark a crisis phrase's words, and in a sentence that holds one every other word
    that is no word of a topic ("ich wäre *lieber tot*", "*Gedanken*, mich *umzubringen*"):
    what is left to search is what the sentence names besides ("Depression")."""
    positions = crisis_phrase_positions([word.normalized for word in words])
    if not positions:
        return words
    return [
        replace(word, in_crisis_phrase=True)
        if number in positions or not word.is_topic_word
        else word
        for number, word in enumerate(words)
    ]


@functools.cache
def city_district_names() -> frozenset[str]:
    """The one-word names of the city districts the project adds to the places
    (``gazetteer.CITY_DISTRICTS``), folded: typed alone in the text field ("Depression Hörde")
    they are a place like a town, which ``places.resolve_place`` finds ("Dortmund Hörde")."""
    from groups.gazetteer import city_districts  # (it imports the models, which import this)

    names = {normalize(district) for _town, district, _postcode in city_districts()}
    return frozenset(name for name in names if " " not in name and "-" not in name) - (
        AMBIGUOUS_DISTRICT_NAMES
    )


@functools.cache
def region_names() -> frozenset[tuple[str, ...]]:
    """The regions people name as their place (``places.REGIONS``: "Ruhrgebiet",
    "Sächsische Schweiz"), as tuples of folded words."""
    from groups.places import REGIONS  # (it imports this module)

    return frozenset(tuple(name.split()) for name in REGIONS)


def _mark_region_names(words: list[SearchWord]) -> list[SearchWord]:
    """Mark a region's name among the last words like a town's ("Depression Ruhrgebiet",
    "Sucht Sächsische Schweiz"), and a one-word region anywhere ("Ruhrpott Depression"):
    ``places.resolve_place`` measures from its district or a town in the middle of it."""
    marked = list(words)
    for start, word in enumerate(words):
        if word.is_topic_word:
            continue
        tail = tuple(later.normalized for later in words[start:])
        if (word.normalized,) in region_names():
            marked[start] = replace(word, is_place=True)
        elif len(tail) > 1 and tail in region_names():
            marked[start] = replace(word, starts_place_name=True)
    return marked


def _first_part_of_weak_compound(word: SearchWord) -> SearchWord | None:
    """For a compound ending in a word that says little whose first part is no topic word
    of its own ("Schlafprobleme", "Herzkranke"): the first part ("Schlaf", "Herz"), which
    is then looked for inside compounds ("Schlafstörungen", "Herzerkrankungen")."""
    for head in _WEAK_HEADS_LONGEST_FIRST:
        if word.normalized.endswith(head):
            first = LINKING_S.sub(r"\1", word.normalized[: -len(head)])
            break
    else:
        return None
    if len(first) < MIN_COMPOUND_LENGTH or first in GENERIC_WORDS:
        return None
    # As typed, where folding kept the length ("Rückenprobleme" → "Rücken").
    text = word.text[: len(first)] if len(word.text) == len(word.normalized) else first
    return SearchWord(text=text, normalized=first, stem=first)


def _mark_trailing_place(words: list[SearchWord]) -> list[SearchWord]:
    """Mark the place in the text: a postcode ("Depression 44532"); or else the longest run
    of last words that names a town ("Trauer Bad Homburg", "Demenz Frankfurt am Main",
    "Alkohol Lünen") or a district ("Krebs Kreis Unna"); or else a town and one last word
    that is no topic word, its river or district ("Depression Halle Saale", "Sucht
    Frankfurt Oder"), which ``places.resolve_place`` reads; or else a town anywhere that
    only topic words and words that say little follow ("Dortmund Depression", "Depression
    Lünen Frauen", "Alkohol Unna Hilfe"). Only if other words remain."""
    postcodes = [word for word in words if word.is_place and POSTCODE_WORD.fullmatch(word.text)]

    def names_town(start: int) -> bool:  # words[start:] name a town or begin its name
        last = start == len(words) - 1
        return words[start].is_place if last else words[start].starts_place_name

    def names_district(start: int) -> bool:  # "Kreis" and a town's name
        is_head = words[start].normalized in DISTRICT_HEADS
        return is_head and start + 1 < len(words) and names_town(start + 1)

    def says_what(word: SearchWord) -> bool:  # (part of) a topic's words, or says little
        about_topics = word.is_topic_word or word.topics_containing or word.suggestion
        return bool(about_topics or word.is_stop_word or word.is_generic or word.is_when)

    def qualifies_town(start: int) -> bool:  # a town (or its name's beginning) and a word
        town, rest = words[start], words[start + 1 :]
        return (
            len(rest) == 1
            and (town.is_place or town.begins_place_name)
            and not town.is_stop_word  # ("am" Wochenende: "Am Mellensee" is a town)
            and not (rest[0].is_topic_word or rest[0].is_generic)
            # (a typo of a topic word is no river; the river "Oder" is a stop word)
            and (rest[0].is_stop_word or not rest[0].suggestion)
        )

    def town_before_what(start: int) -> bool:  # a town followed by what is looked for
        return words[start].is_place and all(says_what(word) for word in words[start + 1 :])

    place = postcodes[:1]
    if not postcodes:
        for start in range(1, len(words)):
            if names_town(start) or names_district(start):
                place = words[start:]
                break
        else:
            if len(words) >= 3 and qualifies_town(len(words) - 2):
                place = words[-2:]
            else:
                towns = [start for start in range(len(words)) if town_before_what(start)]
                place = [words[towns[-1]]] if towns else []
    in_place = {id(word) for word in place}
    if all(id(word) in in_place or word.is_stop_word for word in words):
        in_place = set()  # nothing else to search for: the text is the topic
    return [
        replace(word, is_place=True, suggestion=None)
        if id(word) in in_place
        else replace(word, is_place=False)
        for word in words
    ]


# Rebuilds the search columns of the groups selected by a subquery: the text document
# (name and umbrella organisation weighted A; topics with synonyms and parent topics, and the
# audience in words, B; description C), the normalised keywords for compound and similarity
# matching (the name without the group's town, so that "Messie" does not find a group in
# Messingen), the ids of the group's topics and of the topics above them (so "Krebs" finds
# "Brustkrebs"), and the point distance is measured from (exact place, the contact point
# site, or only the town when the meeting place is given on request; none for online groups).
REFRESH_SQL = """
WITH topic_text AS MATERIALIZED (
    SELECT link.group_id,
           string_agg(concat_ws(' ', topic.name, array_to_string(topic.synonyms, ' '),
                                parent.name, array_to_string(parent.synonyms, ' '),
                                grandparent.name), ' ') AS text,
           -- (each id once, so that counting groups per topic counts each group once)
           ARRAY(SELECT DISTINCT id FROM unnest(array_agg(topic.id) || array_agg(parent.id)
                                                 || array_agg(grandparent.id)) AS id
                 WHERE id IS NOT NULL ORDER BY id) AS topic_ids
    FROM groups_group_topics AS link
    JOIN groups_topic AS topic ON topic.id = link.topic_id
    LEFT JOIN groups_topic AS parent ON parent.id = topic.parent_id
    LEFT JOIN groups_topic AS grandparent ON grandparent.id = parent.parent_id
    WHERE link.group_id IN ({ids})
    GROUP BY link.group_id
),
indexed AS MATERIALIZED (  -- computed once, whatever the planner's estimates
    SELECT
        g.id,
        -- (a slash parts words: PostgreSQL reads "ME/CFS" as one path, the query two words)
        setweight(to_tsvector('german', translate(search_normalize(
            concat_ws(' ', g.name, g.umbrella_organisation)), '/', ' ')), 'A')
        || setweight(to_tsvector('german', translate(search_normalize(
            concat_ws(' ', topic_text.text, audience.words)), '/', ' ')), 'B')
        || setweight(to_tsvector('german', translate(search_normalize(g.description), '/', ' ')),
                     'C') AS vector,
        search_normalize(concat_ws(' ',
            replace(g.name, coalesce(nullif(g.town, ''), site.town, ''), ' '),
            g.umbrella_organisation, topic_text.text, audience.words)) AS keywords,
        coalesce(topic_text.topic_ids, ARRAY[]::integer[]) AS topic_ids,
        CASE
            WHEN g.format = 'online' THEN NULL
            WHEN g.meeting_place_public AND g.latitude IS NOT NULL THEN g.latitude
            WHEN g.meeting_place_public AND site.latitude IS NOT NULL THEN site.latitude
            ELSE town.latitude
        END AS latitude,
        CASE
            WHEN g.format = 'online' THEN NULL
            WHEN g.meeting_place_public AND g.latitude IS NOT NULL THEN g.longitude
            WHEN g.meeting_place_public AND site.latitude IS NOT NULL THEN site.longitude
            ELSE town.longitude
        END AS longitude
    FROM groups_group AS g
    LEFT JOIN topic_text ON topic_text.group_id = g.id
    LEFT JOIN contactpoints_site AS site ON site.id = g.meeting_site_id
    CROSS JOIN LATERAL (
        -- Who the group is for, in the words people search with ("Junge Selbsthilfe").
        SELECT concat_ws(' ',
            CASE g.audience WHEN 'relatives' THEN 'Angehörige'
                            WHEN 'both' THEN 'Angehörige Betroffene' END,
            (SELECT string_agg(CASE focus
                    WHEN 'young' THEN 'Junge Selbsthilfe junge Erwachsene'
                    WHEN 'seniors' THEN 'Senioren ältere Menschen'
                    WHEN 'women' THEN 'Frauen' WHEN 'men' THEN 'Männer'
                    WHEN 'parents' THEN 'Eltern' WHEN 'lgbtiq' THEN 'LGBTIQ queer'
                    WHEN 'migrants' THEN 'Migration Zugewanderte' END, ' ')
             FROM unnest(g.focus) AS focus)
        ) AS words
    ) AS audience
    LEFT JOIN LATERAL (
        SELECT place.name, place.district FROM groups_place AS place
        WHERE place.postcode = coalesce(nullif(g.postcode, ''), site.postcode)
        ORDER BY search_normalize(place.name)
                 = search_normalize(coalesce(nullif(g.town, ''), site.town)) DESC,
                 place.id
        LIMIT 1
    ) AS home ON true
    LEFT JOIN LATERAL (
        SELECT avg(place.latitude) AS latitude, avg(place.longitude) AS longitude
        FROM groups_place AS place
        WHERE place.name = home.name AND place.district = home.district
    ) AS town ON true
    WHERE g.id IN ({ids})
)
UPDATE groups_group AS g
SET search_vector = indexed.vector,
    search_name = search_normalize(g.name),
    search_keywords = indexed.keywords,
    search_topic_ids = indexed.topic_ids,
    public_latitude = indexed.latitude,
    public_longitude = indexed.longitude,
    public_point = ll_to_earth(indexed.latitude, indexed.longitude)
FROM indexed
WHERE g.id = indexed.id
"""


def refresh_search_index(groups) -> int:
    """Recompute the search columns of ``groups`` (a queryset) in one statement."""
    try:
        ids_sql, params = groups.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # e.g. pk__in=[]
        return 0
    with connection.cursor() as cursor:
        cursor.execute(REFRESH_SQL.format(ids=ids_sql), params * 2)
        return cursor.rowcount


def refresh_topic_vocabulary():
    """Rebuild the words spelling suggestions are taken from, after topics changed."""
    with connection.cursor() as cursor:
        cursor.execute("REFRESH MATERIALIZED VIEW groups_topic_vocabulary")
