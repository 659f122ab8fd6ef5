"""The facets of the search combine with each other and with the text."""

import datetime

from tests.search.helpers import found, make_group, shown


def test_filters_combine(client, german_places, topics):
    match = make_group("Passt", topics["depression"], step_free=True, weekday=1,
                       frequency="weekly", focus=["young"], audience="both")  # fmt: skip
    others = [
        make_group("Stufen", topics["depression"], step_free=False, weekday=1,
                   frequency="weekly", focus=["young"]),
        make_group("Mittwoch", topics["depression"], step_free=True, weekday=2,
                   frequency="weekly", focus=["young"]),
        make_group("Älter", topics["depression"], step_free=True, weekday=1, frequency="weekly"),
        make_group("Anderes Thema", topics["diabetes"], step_free=True, weekday=1,
                   frequency="weekly", focus=["young"]),
    ]  # fmt: skip
    page = found(
        client, thema=topics["depression"].slug, barrierefrei="1", wochentag="1", jung="1",
        zielgruppe="relatives",
    )  # fmt: skip
    assert shown(page, match)
    for other in others:
        assert not shown(page, other)


def test_filters_for_founding_accepting_and_format(client, german_places, topics):
    founding = make_group("Neu", status="founding")
    full = make_group("Voll", accepting_members=False)
    online = make_group("Im Netz", format="online")
    assert found(client, gruendung="1").count("group-card") == 1
    page = found(client, offen="1")
    assert not shown(page, full) and shown(page, founding)
    assert shown(found(client, format="online"), online)
    assert not shown(found(client, format="online"), founding)


def test_topic_filter_includes_sub_topics(client, groups, topics):
    page = found(client, thema=topics["krebs"].slug)
    assert shown(page, groups["brustkrebs"]) and shown(page, groups["darmkrebs"])
    assert not shown(page, groups["depression"])


def test_ended_and_unlisted_groups_never_appear_paused_ones_are_marked(client, groups, topics):
    ended = make_group("Beendet", topics["depression"], status="ended",
                       ended_on=datetime.date(2025, 1, 1))  # fmt: skip
    unlisted = make_group("Geheim", topics["depression"], is_listed=False)
    paused = make_group("Pausiert", topics["depression"], status="paused")
    for params in [{"q": "Depression"}, {"thema": topics["depression"].slug}, {}]:
        page = found(client, **params)
        assert not shown(page, ended) and not shown(page, unlisted)
        assert shown(page, paused) and "pausiert" in page.lower()
    topic_page = client.get(topics["depression"].get_absolute_url()).text
    assert not shown(topic_page, ended) and not shown(topic_page, unlisted)
