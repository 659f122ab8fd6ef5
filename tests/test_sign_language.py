"""The page in German Sign Language: linked from the header, the operator's video with
German captions once one is published, and ways to write until then; uploads are checked
for their type, content and size."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contactpoints.models import Membership
from selbsthilfe import sign_language
from selbsthilfe.models import LegalInformation, SignLanguageVideo
from tests.factories import ContactPointFactory, staff_client
from tests.test_legal_pages import text_of

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 64
CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:04.000\nWillkommen beim Selbsthilfe-Wegweiser.\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(name: str, content: bytes | str, content_type: str = "application/octet-stream"):
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type=content_type)


def admin_upload(client, **changes):
    data = {"title": "Der Wegweiser in DGS", "video": upload("film.mp4", MP4, "video/mp4"),
            "captions": upload("film.vtt", CAPTIONS, "text/vtt"),
            "description": "Wie Sie eine Gruppe finden.", "published": "on"}  # fmt: skip
    return client.post(reverse("admin:selbsthilfe_signlanguagevideo_add"), data | changes)


def test_the_start_pages_header_links_easy_read_and_sign_language(client):
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de").text
    header = re.search(r"<header.*?</header>", home, re.S)[0]
    assert f'href="{reverse("easy_read")}"' in header and "Leichte Sprache" in header
    assert f'href="{reverse("sign_language")}"' in header and "Gebärdensprache" in header


def test_without_a_video_the_page_says_one_is_coming_and_how_to_write(client):
    LegalInformation.objects.create(email="wegweiser@example.org", sms="0151 2345678",
                                    fax="0231 123456")  # fmt: skip
    response = client.get(reverse("sign_language"), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert "<video" not in response.text
    text = text_of(response)
    assert "wird vorbereitet" in text
    assert "wegweiser@example.org" in text
    assert "SMS: 0151 2345678" in text and "Fax: 0231 123456" in text


def test_a_published_video_is_shown_with_german_captions_and_its_description(
    superuser_client, client
):
    assert admin_upload(superuser_client).status_code == 302
    video = SignLanguageVideo.objects.get()
    assert video.video.name.endswith(".mp4") and "film" not in video.video.name  # not guessable
    page = client.get(reverse("sign_language"), HTTP_ACCEPT_LANGUAGE="de").text
    assert re.search(r"<video controls[^>]*>", page)
    assert f'<source src="{video.video.url}" type="video/mp4">' in page
    track = re.search(r"<track [^>]*>", page)[0]
    assert 'kind="captions"' in track and 'srclang="de"' in track
    assert f'src="{video.captions.url}"' in track
    assert "Wie Sie eine Gruppe finden." in page and "wird vorbereitet" not in page
    assert video.captions.read().decode().startswith("WEBVTT")


def test_an_unpublished_video_is_not_shown(superuser_client, client):
    admin_upload(superuser_client, published="")
    assert SignLanguageVideo.objects.exists()
    assert "<video" not in client.get(reverse("sign_language")).text


def test_webm_is_taken_too(superuser_client):
    response = admin_upload(superuser_client, video=upload("film.webm", WEBM, "video/webm"))
    assert response.status_code == 302
    assert SignLanguageVideo.objects.get().video_type == "video/webm"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"video": upload("film.avi", MP4)}, "video", "MP4- oder WebM-Datei"),
        ({"video": upload("film.mp4", b"<html>kein Film</html>")}, "video", "kein Video"),
        ({"captions": upload("film.srt", CAPTIONS)}, "captions", "WebVTT"),
        ({"captions": upload("film.vtt", "1\n00:00:00,000 --> 00:00:04,000\nHallo\n")},
         "captions", "WEBVTT"),
        ({"captions": upload("film.vtt", "WEBVTT\n\nnur Text\n")}, "captions", "keinen Untertitel"),
        ({"captions": upload("film.vtt", b"WEBVTT\n\n\xff\xfe")}, "captions", "UTF-8"),
    ],
)  # fmt: skip
def test_a_bad_upload_is_refused_with_a_german_reason(superuser_client, changes, field, message):
    response = admin_upload(superuser_client, **changes)
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors[field])
    assert message in errors
    assert not SignLanguageVideo.objects.exists()


def test_a_video_above_the_limit_is_refused(superuser_client, monkeypatch):
    monkeypatch.setattr(sign_language, "VIDEO_MAX_MEGABYTES", 0)
    response = admin_upload(superuser_client)
    assert "größer als 0 MB" in " ".join(response.context["adminform"].form.errors["video"])


def test_only_superusers_manage_the_video(client):
    editor = staff_client(client, ContactPointFactory(), Membership.Role.EDITOR)
    assert editor.get(reverse("admin:selbsthilfe_signlanguagevideo_add")).status_code == 403


def test_the_content_security_policy_allows_the_sites_own_media_only(client):
    policy = client.get(reverse("sign_language"))["Content-Security-Policy"]
    assert "media-src 'self'" in policy
