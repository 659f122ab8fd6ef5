"""Hostile and random input on every public page and form: never a server error, never
markup echoed unescaped (property-based, with hypothesis)."""

import logging
import os
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from contactpoints.models import ContactPoint
from events.models import EventSeries
from groups.models import Group, ReconfirmationRequest
from groups.services import token_hash
from tests.factories import EventFactory, GroupFactory, RegistrationFactory, shown_seconds_ago

pytestmark = pytest.mark.django_db

# Markup a probe hopes to see echoed as it is; the page must escape it.
MARKUP = [
    "<script>probe()</script>",
    '"><img src=x onerror=probe()>',
    "'><svg/onload=probe()>",
    "</textarea><b>probe</b>",
]
HOSTILE = [
    b"\x00",
    b"a\x00b",
    b"\xff\xfe",  # not UTF-8
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xc3",  # a cut-off character
    b"x" * 100_000,
    "Lünen".encode() * 20_000,
    b"' OR 1=1 --",
    b"1); DROP TABLE groups_group; --",
    b"%00",
    b"%",
    b"-1",
    b"0",
    b"99999999999999999999999999",
    b"1e309",
    b"NaN",
    b"2026-13-45",
    b"../../etc/passwd",
    "\u202e\u200b\ufeff".encode(),
    "😀🏳️‍🌈".encode(),
    b" ",
    b"",
    *(markup.encode() for markup in MARKUP),
]
value = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=60).map(str.encode),
    st.binary(max_size=40),
    st.builds(lambda a, m, b: (a + m + b).encode(), st.text(max_size=10), st.sampled_from(MARKUP),
              st.text(max_size=10)),
)  # fmt: skip
# A parameter given once, or several times (an array).
values = st.one_of(value.map(lambda v: [v]), st.lists(value, min_size=2, max_size=3))

SEARCH = ["q", "ort", "umkreis", "thema", "format", "zielgruppe", "wochentag", "kontaktstelle",
          "barrierefrei", "jung", "offen", "gruendung", "page"]  # fmt: skip
EVENT_FILTERS = ["kontaktstelle", "land", "art", "thema", "format", "monat", "page"]
# Public pages: (path, its query parameters); {} marks a path parameter.
GET_PAGES = [
    ("/", ["q", "ort"]),
    ("/gruppen/", SEARCH),
    ("/themen/", []),
    ("/themen/{}/", SEARCH),
    ("/themen/depression/", SEARCH),
    ("/gruppen/{}/", []),
    ("/kontaktstellen/", []),
    ("/kontaktstelle-finden/", ["ort"]),
    ("/kontaktstellen/{}/", []),
    ("/kontaktstellen/{}/kalender.ics", []),
    ("/veranstaltungen/", EVENT_FILTERS),
    ("/veranstaltungen/archiv/", EVENT_FILTERS),
    ("/veranstaltungen/kalender.ics", []),
    ("/veranstaltungen/{}/", []),
    ("/veranstaltungen/{}/kalender.ics", []),
    ("/veranstaltungen/reihe/{}/", []),
    ("/veranstaltungen/anmeldung/{}/", []),
    ("/gruppe-melden/", ["gruppe"]),
    ("/gruppe-melden/danke/", []),
    ("/gruppe-gruenden/", []),
    ("/eintrag-pruefen/{}/", []),
    ("/eintrag-pruefen/{}/korrigieren/", []),
    ("/gruppen/{}/nachricht/", []),
    ("/kontaktstellen/{}/nachricht/", []),
    ("/nachricht-gesendet/", ["m"]),
    ("/gruppen/{}/mitmachen/", []),
    ("/gruppe-mitgruenden/", ["thema", "ort"]),
    ("/interesse-gesendet/", ["i"]),
    ("/organisationen/", ["q", "thema", "land"]),
    ("/organisationen/{}/", ["ort"]),
    ("/api/hsds/services", ["page", "per_page", "search", "state", "taxonomy_term_id",
                            "organization_id", "modified_after", "full"]),
    ("/api/hsds/services/{}", []),
    ("/api/hsds/organizations", ["page", "per_page"]),
    ("/api/hsds/organizations/{}", []),
    ("/api/hsds/taxonomy_terms/{}", []),
    ("/impressum/", []),
    ("/datenschutz/", []),
]
REGISTRATION = {"name": "Erika Mustermann", "email": "erika@example.org", "phone": "",
                "persons": "1", "consent": "on", "homepage": ""}  # fmt: skip
SUGGESTION = {"name": "Angehörige psychisch Kranker", "topics_text": "Depression",
              "description": "Neu.", "postcode": "44532", "town": "Lünen",
              "meetings_text": "montags", "public_email": "", "public_phone": "",
              "website": "", "message": "", "submitter_name": "Erika",
              "submitter_email": "erika@example.org", "consent": "on", "homepage": ""}  # fmt: skip
MESSAGE = {"name": "Erika", "answer_by": "email", "email": "erika@example.org", "phone": "",
           "call_time": "", "text": "Wann trifft sich die Gruppe?", "consent": "on",
           "homepage": ""}  # fmt: skip
INTEREST = {"topic_text": "Trauer", "place_text": "Lünen", "name": "Erika",
            "email": "erika@example.org", "phone": "", "consent": "on", "homepage": ""}  # fmt: skip
# Public forms: (path, a valid submission to start from); the path may carry a query string.
FORMS = [
    ("/veranstaltungen/offener-abend/", REGISTRATION),
    ("/gruppe-melden/", SUGGESTION),
    ("/gruppe-melden/?gruppe=shg-depression-luenen", SUGGESTION),
    ("/eintrag-pruefen/bekannter-schluessel/korrigieren/", SUGGESTION),
    ("/eintrag-pruefen/bekannter-schluessel/", {}),
    ("/veranstaltungen/anmeldung/bekannter-schluessel/", {}),
    ("/i18n/setlang/", {"language": "en", "next": "/gruppen/"}),
    ("/gruppen/shg-depression-luenen/nachricht/", MESSAGE),
    ("/kontaktstellen/kiss-probe/nachricht/", MESSAGE),
    ("/gruppen/in-gruendung/mitmachen/", INTEREST),
    ("/gruppe-mitgruenden/?thema=Trauer", INTEREST),
]
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),  # a landing must not depend on luck
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def site_with_everything(listed_group):
    """A group, an open event in a series with a registration, and a re-confirmation
    request, each reachable by the names the pages above use."""
    series = EventSeries.objects.create(
        title="Gesprächsreihe", slug="gespraechsreihe", contact_point=listed_group.contact_point
    )
    event = EventFactory(
        slug="offener-abend",
        contact_point=listed_group.contact_point,
        registration_required=True,
        capacity=500,
        series=series,
    )
    RegistrationFactory(event=event, cancellation_token="bekannter-schluessel")
    ReconfirmationRequest.objects.create(
        group=listed_group, token_hash=token_hash("bekannter-schluessel"), sent_to="a@example.org"
    )
    ContactPoint.objects.filter(pk=listed_group.contact_point_id).update(slug="kiss-probe")
    GroupFactory(slug="in-gruendung", status=Group.Status.FOUNDING,
                 contact_point=listed_group.contact_point)  # fmt: skip
    return listed_group


def encoded(parameters: dict[str, list[bytes]]) -> str:
    return "&".join(
        f"{quote(name)}={quote_from_bytes(item, safe='')}"
        for name, items in parameters.items()
        for item in items
    )


def assert_safe(response, sent: str):
    assert response.status_code < 500, (response.status_code, sent[:300])
    if response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode(errors="replace")
        for markup in MARKUP:
            assert markup not in body, (markup, sent[:300])


@pytest.mark.parametrize(("path", "names"), GET_PAGES, ids=[path for path, _ in GET_PAGES])
def test_public_pages_take_any_parameter_without_error(client, site_with_everything, path, names):
    parameters = st.fixed_dictionaries({}, optional=dict.fromkeys([*names, "x"], values))

    @EXAMPLES
    @given(path_value=value, parameters=parameters)
    def probe(path_value, parameters):
        url = path.replace("{}", quote_from_bytes(path_value, safe="") or "x")
        url = f"{url}?{encoded(parameters)}"
        assert_safe(client.get(url), url)

    for hostile in HOSTILE:  # each hostile value for sure, in every parameter at once
        probe = example(path_value=hostile, parameters={name: [hostile] for name in names})(probe)
    for name in names:  # and NUL in each parameter alone, where the others cannot stop it
        probe = example(path_value=b"x", parameters={name: [b"a\x00b"]})(probe)
    probe()


@pytest.mark.parametrize(("path", "valid"), FORMS, ids=[path for path, _ in FORMS])
def test_public_forms_take_any_input_without_error(client, site_with_everything, path, valid):
    names = [*valid, "rendered_at", "csrfmiddlewaretoken"]
    changes = st.fixed_dictionaries({}, optional=dict.fromkeys(names, values))

    @EXAMPLES
    @given(changes=changes)
    def probe(changes):
        form = {name: [item.encode()] for name, item in valid.items()}
        form["rendered_at"] = [shown_seconds_ago(10).encode()]
        form |= changes
        body = encoded(form)
        response = client.post(path, body, content_type="application/x-www-form-urlencoded")
        assert_safe(response, body)

    for hostile in HOSTILE:
        probe = example(changes={name: [hostile] for name in valid})(probe)
    for name in valid:
        probe = example(changes={name: [b"a\x00b"]})(probe)
    probe()


@pytest.mark.parametrize(
    "url",
    [
        "/gruppe-melden/?gruppe=%00",
        "/gruppe-melden/?gruppe=a%00b",
        "/veranstaltungen/anmeldung/%00/",
        "/veranstaltungen/anmeldung/abc%00/",
        "/gruppen/?q=Depr%00ession",
        "/gruppen/?ort=L%C3%BC%00nen",
    ],
)
def test_a_nul_character_in_the_address_is_a_bad_request(client, listed_group, url):
    assert client.get(url).status_code == 400
    assert client.post(url, {"name": "x"}).status_code == 400


def test_a_nul_character_in_a_cookie_is_a_bad_request(client, listed_group):
    client.cookies["sessionid"] = "abcdefgh\x00ijk"
    assert client.get("/gruppen/").status_code == 400


def test_a_nul_character_in_a_form_field_is_explained_in_the_form(client, listed_group):
    event = EventFactory(registration_required=True)
    data = REGISTRATION | {"name": "Erika\x00", "rendered_at": shown_seconds_ago(10)}
    response = client.post(event.get_absolute_url(), data)
    assert response.status_code == 200
    assert "Erika" in response.text and not event.registrations.exists()


def test_a_nul_character_is_answered_with_the_400_page_and_logged_without_a_traceback(
    client, caplog
):
    with caplog.at_level(logging.WARNING):
        response = client.get("/gruppen/?q=a%00b")
    assert response.status_code == 400 and "<html" in response.text
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None
