"""How relevant a group is to a search, cheaply enough for thousands of matches."""

from django.db.models import Case, F, IntegerField, Q, Value, When

from groups.search.query import TextMatch

# In a search for any of several words, each word a group matches adds this much to its
# relevance, more than all the points for where words were found together: so the hundreds
# count the words matched (``TextQuery.words_matched``).
MATCHED_WORD = 100


def relevance(query, *, fuzzy: bool = False):
    """Per term: found in the topics (2), also in the name (+1), in a search for several
    terms as a word of its own rather than only inside a compound (+1: "Verlust", not
    "Sehverlust"); elsewhere (1).
    The most specific term counts double, so that for "Autismus Freizeit" autism groups
    come before leisure groups. In a fuzzy search for several terms, where a
    group may match only some, each term matched adds ``MATCHED_WORD`` besides.
    Unlike ``ts_rank``, cheap enough for thousands of matches."""
    score = Value(0)
    alone = len(query.terms) == 1
    partial = fuzzy and not alone  # a match may lack some of the terms
    matched = MATCHED_WORD if partial else 0
    # (a word no topic mentions is not specific but unknown: "aufhören" of "Rauchen
    # aufhören" found in a description must not outweigh the topic word)
    specific = min(query.terms, key=lambda word: (not word.is_specific, word.topics_containing))
    for word in query.terms:
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

def words_matched(relevance):
    """From the relevance of a fuzzy search for several terms: how many terms a group
    matched, the most specific counting double (0 for other searches)."""
    return relevance / Value(MATCHED_WORD)

