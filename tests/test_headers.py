"""Security headers of every page: the browser features the site does not use are off, and
HTTPS is made permanent (HSTS) once the operator sets SECURE_HSTS_SECONDS."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/", "/gruppen/?q=Depression", "/veranstaltungen/", "/gruppe-melden/", "/verwaltung/"]
)
def test_every_page_turns_off_the_browser_features_it_does_not_use(client, listed_group, url):
    policy = client.get(url).headers["Permissions-Policy"]
    features = dict(item.split("=") for item in policy.split(", "))
    for feature in ("geolocation", "camera", "microphone", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()"
    passkeys = {"publickey-credentials-create", "publickey-credentials-get"}
    assert {features[feature] for feature in passkeys} == {"(self)"}  # staff sign-in
    video = {"fullscreen", "picture-in-picture"}  # the sign language video, large
    assert {features[feature] for feature in video} == {"(self)"}
    assert {value for name, value in features.items() if name not in passkeys | video} == {"()"}


def test_hsts_is_sent_on_https_behind_the_proxy_once_configured(client, settings, listed_group):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    over_https = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert over_https.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/").headers  # plain HTTP


def test_no_hsts_unless_configured(client, listed_group):
    assert settings.SECURE_HSTS_SECONDS == 0
    assert "Strict-Transport-Security" not in client.get("/", secure=True).headers


def test_hsts_and_the_proxy_come_from_the_environment():
    environment = os.environ | {
        "SECURE_HSTS_SECONDS": "63072000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "PROXY_COUNT": "1",
        "SECRET_KEY": "a-secret-for-this-test-only",
        "ALLOWED_HOSTS": "wegweiser.example.org",
        "DATABASE_URL": "postgresql://nobody@localhost/unused",
        "DJANGO_SETTINGS_MODULE": "selbsthilfe.settings",
    }
    script = (
        "import json; from django.conf import settings as s; print(json.dumps("
        "[s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_PROXY_SSL_HEADER]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(run.stdout) == [63072000, True, False, ["HTTP_X_FORWARDED_PROTO", "https"]]
