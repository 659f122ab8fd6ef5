"""What each typed word is: one query asks the database for every word's normal form, stem,
stop-word status, place and topic knowledge and the nearest topic word; Python then marks
places, times, crisis phrases and the words to help or to ask about."""

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import replace

from django.db import connections

from groups.search.query import MIN_COMPOUND_LENGTH, SearchWord, TextQuery
from groups.search.text_places import city_district_names, mark_region_names, mark_trailing_place
from groups.search.vocabulary import (
    CRISIS_ALONE_BESIDE,
    CRISIS_ALONE_PHRASES,
    CRISIS_NOT_MISSPELT,
    CRISIS_PHRASE_GAP,
    CRISIS_PHRASES,
    CRISIS_WORD_BEGINNINGS,
    CRISIS_WORDS,
    ENGLISH_STOP_WORDS,
    GENERIC_WORDS,
    HABITUAL_BEFORE_TIME,
    TIME_OF_DAY_WORDS,
    UNSEARCHED_WORDS,
    UNUMLAUTED_STOP_WORDS,
    WEAK_COMPOUND_HEADS,
    WEEKDAY_WORDS,
    WHO_WORDS,
)
from selbsthilfe.replicas import read_alias

# Enough for a question in words ("Wo finde ich eine Gruppe für Angehörige von Demenzkranken
# in Lünen?"), whose place comes last.
MAX_WORDS = 14
# Crisis words this long also match misspelt by a letter ("umbrigen"); among shorter words,
# a letter off is often another word.
MIN_CRISIS_TYPO_LENGTH = 6
# How alike (pg_trgm similarity, 0–1) a topic word must be to a typed word to be offered.
MIN_SUGGESTION_SIMILARITY = 0.4
# (longest first, so that "Gesprächskreis" ends in "Gesprächskreis", not in "Kreis")
_WEAK_HEADS_LONGEST_FIRST = sorted(WEAK_COMPOUND_HEADS, key=len, reverse=True)
_UNSEARCHED_WORDS_LIST = sorted(UNSEARCHED_WORDS)  # (as a parameter of ANALYSE_SQL)
# A linking "s" between the parts of a compound ("Beziehungsprobleme"), after the endings
# that take one.
LINKING_S = re.compile(r"(ung|heit|keit|ion|tat|schaft|ling|tum)s$")
WORD_PATTERN = re.compile(r"\w+")
# A word as typed, with the parts that a hyphen or slash joins to it: "Burn-out", "ME/CFS".
TOKEN_PATTERN = re.compile(r"\w+(?:[-/]\w+)*")


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
               typed.normalized LIKE words.normalized || '%%' AS is_first_part,
               words.is_swap
        FROM (
            SELECT term, normalized, false AS is_swap FROM groups_topic_vocabulary
            WHERE normalized %% typed.normalized
            UNION
            -- two neighbouring letters swapped ("Plfege"), which trigrams hardly see
            SELECT term, normalized, true FROM groups_topic_vocabulary
            WHERE normalized <> typed.normalized AND normalized IN (
                SELECT left(typed.normalized, at - 1) || substr(typed.normalized, at + 1, 1)
                       || substr(typed.normalized, at, 1) || substr(typed.normalized, at + 2)
                FROM generate_series(1, length(typed.normalized) - 1) AS at
            )
            UNION
            -- (looked up as every first and last part of four letters or more: the index)
            SELECT term, normalized, false FROM groups_topic_vocabulary
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
           OR candidate.is_last_part OR candidate.is_first_part OR candidate.is_swap)
    ORDER BY candidate.is_swap DESC,
             -- a misspelling of the whole word before a part of it ("Zwanhaft": not "Haft")
             levenshtein(candidate.normalized, typed.normalized)
               <= greatest(1, least(3, length(typed.normalized) / 4)) DESC,
             similarity(candidate.normalized, typed.normalized) >= 0.6 DESC,
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
    with connections[read_alias()].cursor() as cursor:
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
            len(stem) >= MIN_COMPOUND_LENGTH
            and bool(suggested[1])
            and stem in suggested[1]
            and not is_misspelling(normalized, suggested[1])  # "vergeslich": misspelt
        )
        if suggested[0] and suggested[2] == stem:
            is_topic_word = True
        elif suggested[0] and not found_inside:
            suggestion = SearchWord(text=suggested[0], normalized=suggested[1], stem=suggested[2])
        question = None
        if suggestion is not None and not (
            keeps_meaning(normalized, suggestion.normalized)
            # ("Zigaette": folding "ae" made two errors of the one typed)
            or is_misspelling(word.lower(), suggestion.normalized)
        ):
            question, suggestion = suggestion, None
        search_word = SearchWord(
            text=word,
            normalized=normalized,
            stem=stem,
            is_stop_word=(
                ((is_stop or normalized in UNUMLAUTED_STOP_WORDS) and not abbreviated)
                # ("ME" in capitals or alone is ME/CFS, "me" in a sentence the pronoun;
                # "Hepatitis A" keeps its "A", "I" is the pronoun)
                or (
                    normalized in ENGLISH_STOP_WORDS
                    and not abbreviated
                    and not (word.isupper() and word != "I")
                )
            ),
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
                first_part
                and suggestion.normalized.startswith(first_part.normalized)
                # ("Zuckekrank" is "zuckerkrank" misspelt, not a compound of "Zucke")
                and not is_misspelling(normalized, suggestion.normalized)
            ):
                search_word = replace(search_word, suggestion=first_part)
        words.append(search_word)
    words = mark_region_names(_mark_crisis_phrases(_mark_habits(words)))
    return TextQuery(
        text=text,
        words=mark_trailing_place(words)
        if detect_place
        else [replace(word, is_place=False) for word in words],
    )


def edit_distance(a: str, b: str) -> int:
    """Letters inserted, deleted or replaced, or two neighbours swapped ("Plfege"), to turn
    ``a`` into ``b`` (the optimal string alignment distance)."""
    rows = [list(range(len(b) + 1))]
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(rows[-1][j] + 1, current[j - 1] + 1, rows[-1][j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, rows[-2][j - 2] + 1)
            current.append(cost)
        rows.append(current)
    return rows[-1][-1]


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


def crisis_form(normalized: str) -> str:
    """A normalised word as crisis words are compared: without the marks that the database
    keeps on letters of other scripts and ``normalize`` drops ("й", the Arabic hamza), so
    that both sides agree, and so that "самоубийство" and "самоубииство" are one word."""
    return "".join(
        char for char in unicodedata.normalize("NFD", normalized) if not unicodedata.combining(char)
    )


def _one_edit_apart(typed: str, known: str) -> bool:
    """Whether ``typed`` is ``known`` with at most one letter replaced, left out or added."""
    if abs(len(typed) - len(known)) > 1:
        return False
    shorter, longer = sorted((typed, known), key=len)
    for index, (a, b) in enumerate(zip(shorter, longer, strict=False)):
        if a != b:
            skip = 1 if len(shorter) == len(longer) else 0
            return shorter[index + skip :] == longer[index + 1 :]
    return True


_CRISIS_PLACES = [place for phrase in CRISIS_PHRASES + CRISIS_ALONE_PHRASES for place in phrase]
# The words that the crisis data spells out: a word typed so is that word, never another
# one misspelt ("verletzt" is no "verletze", "homeless" no "hopeless").
_SPELT_OUT = CRISIS_NOT_MISSPELT | {
    form.rstrip("~")
    for form in frozenset().union(CRISIS_WORDS, CRISIS_ALONE_BESIDE, *_CRISIS_PLACES)
}
# The forms of phrases that match more than the word itself: beginnings and misspellings.
_PATTERN_FORMS = {form for place in _CRISIS_PLACES for form in place if form.endswith(("*", "~"))}


def is_crisis_form(typed: str, form: str, *, misspelt: bool = False) -> bool:
    """Whether the typed word (normalised) is the crisis word form ``form``: the same word or,
    when ``form`` ends in "*", a word that begins with it ("intihar*": "intiharı"). With
    ``misspelt`` also, from six letters on, the form with one letter wrong, missing or extra,
    but not the first ("umbrigen" for "umbringen", "selbsmordgedanken" for "selbstmord*")."""
    typed = crisis_form(typed)
    if form.endswith("*"):
        stem = form[:-1]
        beginnings = (typed[:length] for length in range(len(stem) - 1, len(stem) + 2))
        return typed.startswith(stem) or (
            misspelt
            and len(stem) >= MIN_CRISIS_TYPO_LENGTH
            and typed[:1] == stem[:1]
            and typed not in _SPELT_OUT
            and any(_one_edit_apart(beginning, stem) for beginning in beginnings)
        )
    return typed == form or (
        misspelt
        and len(form) >= MIN_CRISIS_TYPO_LENGTH
        and typed[:1] == form[:1]
        and typed not in _SPELT_OUT
        and _one_edit_apart(typed, form)
    )


@functools.lru_cache(maxsize=4096)
def _forms_of(typed: str) -> frozenset[str]:
    """The forms of the crisis phrases that the typed word (normalised) is."""
    return frozenset(
        {typed, crisis_form(typed)}
        | {
            form
            for form in _PATTERN_FORMS
            if is_crisis_form(typed, form.rstrip("~"), misspelt=form.endswith("~"))
        }
    )


def _fits(typed: str, place: frozenset[str]) -> bool:
    """Whether the typed word is one of the forms of a phrase's place; a form ending in "*"
    also a word that begins with it, one ending in "~" also misspelt."""
    return not _forms_of(typed).isdisjoint(place)


@functools.lru_cache(maxsize=4096)
def says_crisis(normalized: str) -> bool:
    """Whether a word alone is one of someone in crisis: a word of ``CRISIS_WORDS``
    ("lebensmüde", "ritzen") or one beginning as ``CRISIS_WORD_BEGINNINGS``
    ("Suizidgedanken"), also misspelt by a letter."""
    return any(is_crisis_form(normalized, word, misspelt=True) for word in CRISIS_WORDS) or any(
        is_crisis_form(normalized, beginning + "*", misspelt=True)
        for beginning in CRISIS_WORD_BEGINNINGS
    )


def _phrase_positions(phrase, normalized: list[str]):
    """The positions of each occurrence of ``phrase`` in the words: its places in order,
    with at most ``CRISIS_PHRASE_GAP`` other words between two of them."""
    for start, word in enumerate(normalized):
        if not _fits(word, phrase[0]):
            continue
        positions, at = [start], start
        for place in phrase[1:]:
            window = range(at + 1, min(at + 2 + CRISIS_PHRASE_GAP, len(normalized)))
            at = next((i for i in window if _fits(normalized[i], place)), None)
            if at is None:
                break
            positions.append(at)
        else:
            yield positions


def crisis_phrase_positions(normalized: list[str]) -> set[int]:
    """The positions of the words that say a crisis in a sentence: each phrase of
    ``CRISIS_PHRASES`` whose places follow one another with at most ``CRISIS_PHRASE_GAP``
    other words between them ("ich will *nicht* wirklich *mehr leben*"), and each phrase of
    ``CRISIS_ALONE_PHRASES`` among words that say nothing else ("Hilfe, *ich kann* einfach
    *nicht mehr*", not "ich kann nicht mehr schlafen")."""
    found = set()
    for phrase in CRISIS_PHRASES:
        for positions in _phrase_positions(phrase, normalized):
            found.update(positions)
    for phrase in CRISIS_ALONE_PHRASES:
        for positions in _phrase_positions(phrase, normalized):
            others = set(range(len(normalized))) - set(positions)
            if all(normalized[i] in CRISIS_ALONE_BESIDE for i in others):
                found.update(positions)
    return found


def _mark_crisis_phrases(words: list[SearchWord]) -> list[SearchWord]:
    """Mark the words that say crisis alone (``says_crisis``: they are still searched, so
    that "Suizid Hinterbliebene" finds its groups) and a crisis phrase's words, and in a
    sentence that holds one every other word that is no word of a topic ("ich wäre *lieber
    tot*", "*Gedanken*, mich *umzubringen*"): what is left to search is what the sentence
    names besides ("Depression")."""
    words = [
        replace(word, says_crisis=True) if says_crisis(word.normalized) else word for word in words
    ]
    positions = crisis_phrase_positions([word.normalized for word in words])
    if not positions:
        return words
    # A word of a topic stays searched, also inside the phrase: "ich will mich ritzen"
    # lists the groups on self-harm under the hint.
    marked = []
    for number, word in enumerate(words):
        if not word.is_topic_word:
            word = replace(word, in_crisis_phrase=True)
        elif number in positions:
            word = replace(word, says_crisis=True)
        marked.append(word)
    return marked


def _mark_habits(words: list[SearchWord]) -> list[SearchWord]:
    """A time of day after "jeden", "immer" ("trinkt jeden Abend") says how often, not when
    the group meets: neither a meeting time nor a word to search. (A weekday stays one:
    "Gruppe jeden Montag".)"""
    marked = list(words)
    for position, word in enumerate(words[1:], start=1):
        habitual = words[position - 1].normalized in HABITUAL_BEFORE_TIME
        if habitual and word.is_when and word.normalized in TIME_OF_DAY_WORDS:
            marked[position] = replace(word, is_when=False, is_generic=True)
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
