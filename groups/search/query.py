"""What a search looks for, as database conditions: the analysed words (``SearchWord``,
``TextQuery``) and the expressions that compare them with the search columns of groups."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import groupby, pairwise
from operator import attrgetter

from django.db.models import BooleanField, F, Func, Q, TextField, Value

from groups.search.compounds import unrelated_continuations
from groups.search.vocabulary import (
    ACCIDENTAL_COMPOUND_PARTS,
    CONTACT_POINT_WORDS,
    GENDER_WORD_BEGINNINGS,
    LOW_MOOD_WORDS,
    RELATIONSHIP_WORDS,
    TIME_OF_DAY_WORDS,
    WEEKDAY_WORDS,
    WHO_WORDS,
)

# A word matches inside compounds ("krebs" in "Brustkrebs") from this length on; shorter
# fragments would match inside unrelated words.
MIN_COMPOUND_LENGTH = 4
# Fewer exact hits than this and the search also tries spelling corrections and similar words.
THIN_RESULT_COUNT = 3
# A search for women's or men's groups ("Gewalt Frauen", "Männergruppe"), by the beginnings
# of the words typed (normalised), lists no group for the other gender. A group is for one
# gender when its name, topics or audience (the weights A and B of its search vector; not
# its description, where "Frauen und Männer" is common) name that gender and not the other.
GENDER_LEXEMES = {
    "women": "'frau':AB | 'frauen':*AB | 'madch':AB",
    "men": "'mann':AB | 'manner':*AB",
}


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
    # A word of someone in crisis on its own ("Suizidgedanken", "lebensmüde"), still searched.
    says_crisis: bool = False
    # A known word that is not this one misspelt but another word ("Spieler" for
    # "Xylophonspieler"): offered as a question, never searched in its place.
    question: "SearchWord | None" = None
    # What follows this word's letters in words of topics it is not about ("plant" after
    # "trans" in "Transplantation", groups/search/compounds.py): no compound of this word.
    unrelated_after: tuple[str, ...] = ()

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
        if part in ACCIDENTAL_COMPOUND_PARTS or self.unrelated_after:
            # (the plain "contains" for the trigram index, the regular expression to check
            # that one occurrence is neither after nor before letters it is not part of)
            before = ACCIDENTAL_COMPOUND_PARTS.get(part)
            after = "|".join(self.unrelated_after)
            pattern = (
                (f"(?<!{before})" if before else "")
                + re.escape(part)
                + (f"(?!{after})" if after else "")
            )
            contains &= Q(**{f"{field_name}__regex": pattern})
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
        return any(word.in_crisis_phrase or word.says_crisis for word in self.words) or (
            self.names_no_topic and any(word.normalized in LOW_MOOD_WORDS for word in self.words)
        )

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

    def with_compounds_told_apart(self, topics: list) -> "TextQuery":
        """This query with each word that is looked for inside compounds told what follows
        it in words of topics it is not about (``compounds.unrelated_continuations``)."""
        terms = self.terms
        words = []
        for word in self.words:
            if word in terms and len(word.compound_part) >= MIN_COMPOUND_LENGTH:
                after = unrelated_continuations(word.compound_part, topics)
                suggestion = word.suggestion
                if suggestion is not None and len(suggestion.compound_part) >= MIN_COMPOUND_LENGTH:
                    suggestion = replace(
                        suggestion,
                        unrelated_after=unrelated_continuations(suggestion.compound_part, topics),
                    )
                word = replace(word, unrelated_after=after, suggestion=suggestion)
            words.append(word)
        return replace(self, words=words)

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
