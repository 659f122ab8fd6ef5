"""Which compounds a searched word is a part of, and which merely begin like it.

A word is found inside longer words so that "Krebs" finds "Brustkrebs" and "Herz"
"Herzinsuffizienz" (``SearchWord.found_in``). Letters alone cannot tell a compound part from
the start of an unrelated word: "trans" begins "Transidentität" and "Transplantation" alike.
The topics can: the topics that have the word as a word of their own ("trans" is a synonym of
"Transidentität" and of "Trans Jugendliche"), with the topics above and below them, are what
the word is about. Where the word stands at the start or in the middle of a word of any other
topic ("Herztransplantation", "Detransition"), what follows it there is no continuation of
the word: the search then skips the word wherever those letters follow it.

At the end of a word the word is the compound's head ("Brustkrebs", "Spielsucht") and always
matches; ``ACCIDENTAL_COMPOUND_PARTS`` in search-words.toml lists the few exceptions.
"""

import re

from groups.search.vocabulary import WEAK_COMPOUND_HEADS

# Endings that make another form of the same word ("Herzen", "Kinder", "Diabetes"), never an
# unrelated word; followed by more letters, they join the word to the next part of a
# compound ("Kinder-armut", "Thrombose-neigung").
INFLECTIONS = frozenset({"", "e", "en", "n", "s", "es", "er", "ern", "ns"})
# The shortest continuation worth naming: shorter letters would also follow the word in its
# own compounds.
MIN_CONTINUATION = 4
WORD = re.compile(r"[a-z0-9]+")
# How many word parts' continuations a worker keeps at most.
MAX_REMEMBERED = 10_000


def words_of(normalized_text: str) -> list[str]:
    return WORD.findall(normalized_text)


def is_form_of(word: str, part: str) -> bool:
    """Whether ``word`` is ``part`` itself or inflected."""
    return word.startswith(part) and word[len(part) :] in INFLECTIONS


class TopicWords:
    """The words of every topic, its parent, and every word known to the topics, read once
    for a list of topics (the search's list is kept while no content changes)."""

    def __init__(self, topics: list):
        self.parent = {topic.pk: topic.parent_id for topic in topics}
        self.words = {topic.pk: words_of(topic.normalized_text) for topic in topics}
        self.known = {word for found in self.words.values() for word in found if len(word) > 4}
        # the words for the people in a group and for what they have ("Demenz-kranke")
        self.known |= WEAK_COMPOUND_HEADS
        self.continuations: dict[str, tuple[str, ...]] = {}  # by word part, once worked out

    def family(self, pks: set[int]) -> set[int]:
        """``pks`` with the topics above them and those below them."""
        family = set(pks)
        for pk in pks:
            parent = self.parent.get(pk)
            while parent is not None and parent in self.parent and parent not in family:
                family.add(parent)
                parent = self.parent[parent]
        below = set(pks)
        while more := {pk for pk, parent in self.parent.items() if parent in below} - below:
            below |= more
        return family | below

    def begins_with_known_word(self, letters: str) -> bool:
        return any(letters[:end] in self.known for end in range(4, len(letters) + 1))


_last: tuple[list, TopicWords] | None = None


def topic_words(topics: list) -> TopicWords:
    """``TopicWords`` of ``topics``, built again only for another list."""
    global _last
    last = _last  # (one read: another thread may replace it meanwhile)
    if last is None or last[0] is not topics:
        last = _last = (topics, TopicWords(topics))
    return last[1]


def unrelated_continuations(part: str, topics: list) -> tuple[str, ...]:
    """The letters that follow ``part`` in words of topics unrelated to it, shortened to what
    tells them from the continuations in its own topics; empty when no topic has ``part`` as
    a word of its own (then nothing tells what it is about). ``topics`` are ``TopicEntry``
    rows: ``pk``, ``parent_id`` and ``normalized_text``. A continuation that begins with a
    word the topics know ("Herz-transplantation") is a compound of the word all the same."""
    index = topic_words(topics)
    if part not in index.continuations:
        if len(index.continuations) >= MAX_REMEMBERED:  # (typed words are endless)
            index.continuations.clear()
        index.continuations[part] = _unrelated_continuations(part, index)
    return index.continuations[part]


def _unrelated_continuations(part: str, index: TopicWords) -> tuple[str, ...]:
    own = {pk for pk, found in index.words.items() if any(is_form_of(word, part) for word in found)}
    if not own:
        return ()
    family = index.family(own)
    allowed = set()
    unrelated = set()
    for pk, found in index.words.items():
        target = allowed if pk in family else unrelated
        for word in found:
            target.update(_continuations(word, part))
    unrelated = {
        letters for letters in unrelated - allowed if not index.begins_with_known_word(letters)
    }
    shortened = {_shortest_distinct(letters, allowed) for letters in unrelated}
    return tuple(sorted(shortened - {None}))


def _continuations(word: str, part: str) -> list[str]:
    """What follows ``part`` where it stands in ``word``, but not at its end (as its head)
    nor as the first part of a compound, joined by an ending."""
    found = []
    start = word.find(part)
    while start >= 0:
        rest = word[start + len(part) :]
        if rest and not any(rest.startswith(ending) for ending in INFLECTIONS - {""}):
            found.append(rest)
        start = word.find(part, start + 1)
    return found


def _shortest_distinct(letters: str, allowed: set[str]) -> str | None:
    """The shortest beginning of ``letters`` (at least ``MIN_CONTINUATION`` long) that no
    continuation of the word's own topics begins with; None when every one does."""
    for length in range(MIN_CONTINUATION, len(letters) + 1):
        beginning = letters[:length]
        if not any(other.startswith(beginning) for other in allowed):
            return beginning
    return None
