"""The crisis recognition measured on a corpus of crisis phrasings and near misses
(``tests/data/crisis-corpus.toml``): it finds nearly every crisis and rarely shows the hint
where there is none. The figures go into docs/search.md."""

import tomllib
from pathlib import Path

import pytest

from groups.search import analysis

pytestmark = pytest.mark.django_db
CORPUS = tomllib.loads(
    (Path(__file__).resolve().parent.parent / "data" / "crisis-corpus.toml").read_text()
)
MIN_RECALL = 0.98
MAX_FALSE_ALARMS = 0.02


def shows_hint(text: str) -> bool:
    return analysis.analyse(text).speaks_of_crisis


def test_the_corpus_is_large_enough_and_has_no_entry_twice():
    for section in ("crisis", "near_misses"):
        entries = CORPUS[section]
        assert len(entries) >= 150, section
        assert len(set(entries)) == len(entries), section
    assert not set(CORPUS["crisis"]) & set(CORPUS["near_misses"])


def test_crisis_is_recognised_in_nearly_every_phrasing_and_rarely_elsewhere():
    missed = [text for text in CORPUS["crisis"] if not shows_hint(text)]
    false_alarms = [text for text in CORPUS["near_misses"] if shows_hint(text)]
    recall = 1 - len(missed) / len(CORPUS["crisis"])
    false_alarm_rate = len(false_alarms) / len(CORPUS["near_misses"])
    figures = (
        f"recall {recall:.1%} of {len(CORPUS['crisis'])} crisis phrasings, "
        f"false alarms {false_alarm_rate:.1%} of {len(CORPUS['near_misses'])} near misses; "
        f"missed: {missed}; false alarms: {false_alarms}"
    )
    print(figures)
    assert recall >= MIN_RECALL, figures
    assert false_alarm_rate <= MAX_FALSE_ALARMS, figures


def test_searches_for_groups_about_suicide_show_the_hint():
    """The policy of the corpus's header: a hint too many costs little."""
    assert [text for text in CORPUS["hint_by_policy"] if not shows_hint(text)] == []
