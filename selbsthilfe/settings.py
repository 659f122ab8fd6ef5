"""Django settings for the Selbsthilfe-Wegweiser, read from environment variables.

Defaults are safe for production: DEBUG is off unless set, and SECRET_KEY is required then.
"""

import datetime
import ipaddress
import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from selbsthilfe.database import database_settings, settings_from_url
from selbsthilfe.log_records import JSON_FORMATTER

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """A whole number from the environment, or one sentence saying what is wrong."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number of 0 or more, not {value!r}.")
    return int(value)


def cache_settings(url: str) -> dict:
    """Django's cache from ``CACHE_URL``: a Redis or Valkey server shared by all processes
    (``redis://``, ``rediss://``, ``valkey://``, ``valkeys://``, ``unix://``), or, unset,
    a cache in each process's memory."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Room for a few thousand pages (≈ 40 kB each) per process.
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    scheme, separator, rest = url.partition("://")
    redis_scheme = {
        "redis": "redis",
        "rediss": "rediss",
        "valkey": "redis",
        "valkeys": "rediss",
        "unix": "unix",
    }.get(scheme)
    if not separator or redis_scheme is None:
        raise ImproperlyConfigured(
            f"CACHE_URL must start with redis://, rediss://, valkey://, valkeys:// or unix://, "
            f"not {url!r}."
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"{redis_scheme}://{rest}",
    }


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DEBUG")
# The test suite runs with DEBUG off, like production, but needs no secret of its own.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "insecure-key-only-for-development-and-tests"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS and not (DEBUG or TESTING):
    raise ImproperlyConfigured(
        "Set ALLOWED_HOSTS to the host names the site answers to, e.g. "
        "ALLOWED_HOSTS=wegweiser.example.org (or DEBUG=1 for local development)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Reverse proxies in front of the site (e.g. 1 for nginx). Each appends the address it was
# reached from to X-Forwarded-For, and the outermost sets X-Forwarded-Proto. With none, the
# headers are ignored: anyone could write them.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The addresses (or networks) the nearest proxy reaches the site from. Behind proxies, a
# request from anywhere else went around them, and its headers are the sender's own words:
# it is refused (selbsthilfe/middleware.py).
try:
    PROXY_ADDRESSES = [
        ipaddress.ip_network(item, strict=False)
        for item in env_list("PROXY_ADDRESSES", "127.0.0.1,::1")
    ]
except ValueError as error:
    raise ImproperlyConfigured(f"PROXY_ADDRESSES: {error}.") from None

# The project's own apps.
PROJECT_APPS = [
    "contactpoints",
    "groups",
    "events",
    "selbsthilfe",  # the operator's legal details; project-wide commands (demo, serve, backup)
]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    *PROJECT_APPS,
]

MIDDLEWARE = [
    "selbsthilfe.middleware.log_requests",  # first, so that it sees every answer
    "selbsthilfe.middleware.only_through_the_proxy",
    "selbsthilfe.health.answer_monitors",  # before anything reads the host name
    "django.middleware.security.SecurityMiddleware",
    "selbsthilfe.staticfiles.StaticFilesMiddleware",  # WhiteNoise, before anything slower
    # Before anything that reads the database, the session included.
    "selbsthilfe.middleware.refuse_null_characters",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "selbsthilfe.two_factor.require_second_factor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # records who changed what
    "selbsthilfe.middleware.KeepEntriesWhenDatabaseIsDown",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out login
]

# Form data without files: the import's confirmation carries the signed rows of a file of up
# to 5 MB back (3.5 MB for one of random text); Django's default of 2.5 MB answered 400. The
# nginx configuration allows 10 MB a request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

ROOT_URLCONF = "selbsthilfe.urls"
WSGI_APPLICATION = "selbsthilfe.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "selbsthilfe.context_processors.legal_information_missing",
                "selbsthilfe.context_processors.open_data",
            ],
        },
    },
]

# Django's development server (also behind `manage.py demo`) serves each browser connection
# in a thread of its own, and a thread would keep its database connection as long as the
# browser keeps the socket open: a few tabs used up PostgreSQL's connections. There every
# request closes its connection; a production server keeps them (CONN_MAX_AGE).
DEVELOPMENT_SERVER = sys.argv[1:2] in (["runserver"], ["demo"])
CONNECTION_SECONDS = 0 if DEVELOPMENT_SERVER else env_int("CONN_MAX_AGE", 60)
DATABASES = {"default": database_settings(conn_max_age=CONNECTION_SECONDS)}
# Streaming replicas of the primary, separated by spaces (a libpq URL may hold commas):
# anonymous visitors' public pages read from them (selbsthilfe/replicas.py).
for number, url in enumerate(os.environ.get("DATABASE_REPLICA_URLS", "").split(), start=1):
    DATABASES[f"replica{number}"] = settings_from_url(url) | {
        "CONN_MAX_AGE": CONNECTION_SECONDS,
        "TEST": {"MIRROR": "default"},
    }
READ_REPLICAS = [alias for alias in DATABASES if alias != "default"]
if TESTING and not READ_REPLICAS:
    # A second alias of the test database, as a replica would be (tests/test_replicas.py).
    DATABASES["replica1"] = DATABASES["default"] | {"TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["selbsthilfe.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Guessing a staff password is stopped (django-axes, selbsthilfe/sign_in_limits.py): after 5
# failed logins from one address, or 50 for one user name from all addresses together,
# further logins are refused for 30 minutes, or until a superuser unlocks the account
# ("Entsperren"). Failures from elsewhere never lock a member out alone. A success clears
# the count of its address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = "selbsthilfe.sign_in_limits.failure_limit"
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # no record of successful sign-ins with their address
AXES_CLIENT_IP_CALLABLE = "selbsthilfe.antispam.client_address"  # honours PROXY_COUNT
AXES_LOCKOUT_CALLABLE = "selbsthilfe.sign_in_limits.locked_out"

# Two-factor sign-in for staff (selbsthilfe/two_factor.py): whoever set up an authenticator
# app confirms a code after the password; with STAFF_TWO_FACTOR_REQUIRED (on in production)
# staff without one must set it up first.
STAFF_TWO_FACTOR_REQUIRED = env_flag("STAFF_TWO_FACTOR_REQUIRED", not (DEBUG or TESTING))
OTP_TOTP_ISSUER = "Selbsthilfe-Wegweiser"
# Passkeys (django-otp-webauthn) as a second factor only, never in place of the password.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = "Selbsthilfe-Wegweiser"
OTP_WEBAUTHN_RP_ID_CALLABLE = "selbsthilfe.two_factor.relying_party_id"
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"
] + (["http://localhost:8000"] if DEBUG else [])

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# The project's catalog first; then German for strings Django and django-simple-history ship
# untranslated (written by hand; makemessages only writes to the first).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-gaps"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# Files built once per content generation and served from there (the HSDS package).
EXPORT_ROOT = Path(os.environ.get("EXPORT_ROOT") or BASE_DIR / "exports")
# Files staff upload (the sign language video and its captions): served by nginx in
# production (docs/deployment.md), by the development server when debugging.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "selbsthilfe.staticfiles.StaticFilesStorage"
        )
    },
}

# In development and tests WhiteNoise reads the files where they lie (no collectstatic).
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# Mail and other work outside the web request: stored as tasks in the database and run by
# `manage.py worker` (docs/deployment.md). In development and tests they run at once, so
# the demo prints its emails to the console without a worker.
# /readyz reports the worker when a queued task waited this long (docs/deployment.md).
WORKER_LATE_MINUTES = env_int("WORKER_LATE_MINUTES", 10)

TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if DEBUG or TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Pages load nothing from outside: scripts, styles, images and the sign language video come
# from our own origin only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "media-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The site uses none of the browser's powerful features but passkeys and a video's full
# screen (no script asks for the location): all others are off, also for anything a page
# might embed.
UNUSED_BROWSER_FEATURES = [
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "clipboard-read",
    "clipboard-write",
    "display-capture",
    "encrypted-media",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "identity-credentials-get",
    "idle-detection",
    "interest-cohort",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "otp-credentials",
    "payment",
    "screen-wake-lock",
    "serial",
    "storage-access",
    "usb",
    "window-management",
    "xr-spatial-tracking",
]
PERMISSIONS_POLICY = dict.fromkeys(UNUSED_BROWSER_FEATURES, ()) | {
    # Passkeys of the staff's two-factor sign-in, on the site's own pages only.
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
    # The video in German Sign Language, large enough to read the signs.
    "fullscreen": ["self"],
    "picture-in-picture": ["self"],
}
# HTTPS only: in production every plain HTTP request is redirected, and browsers are told to
# use HTTPS for a year (HSTS, sent on HTTPS responses). Behind a proxy Django knows HTTPS from
# X-Forwarded-Proto (PROXY_COUNT). Each can be changed by the environment
# (docs/deployment.md); development and tests run without them.
PRODUCTION = not (DEBUG or TESTING)
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # a load balancer asks over plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
# Subdomains of the site's own host (not of its parent domain) are HTTPS only too.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
# Preloading is a decision for whoever owns the whole domain (the list takes registrable
# domains, and the site usually runs on a subdomain of its carrier's), so it is off and
# `check --deploy` does not ask for it.
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A staff session ends after this many minutes without a request (each request renews it).
SESSION_COOKIE_AGE = 60 * env_int("SESSION_IDLE_MINUTES", 60)
SESSION_SAVE_EVERY_REQUEST = True
# Where staff sign in; another path keeps the admin out of the usual scanners' lists.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "verwaltung").strip("/") + "/"
SESSION_COOKIE_SECURE = not DEBUG and env_flag("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Mail: the console in development, SMTP (configured by EMAIL_* variables) in production.
_email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# Backends that deliver nothing: in production an email they took would be marked sent and
# lost (printed to the journal, with a citizen's name and address), so they stop the site.
NON_DELIVERING_MAIL = ("console.EmailBackend", "locmem.EmailBackend", "filebased.EmailBackend",
                       "dummy.EmailBackend")  # fmt: skip
if PRODUCTION and _email_backend.endswith(NON_DELIVERING_MAIL):
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND {_email_backend} delivers no email; in production use SMTP "
        "(EMAIL_HOST, …) or set DEBUG=1 for local development."
    )
MAILERS = {"default": {"BACKEND": _email_backend}}
if _email_backend.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_flag("EMAIL_USE_TLS"),
        # Registration emails go out right after the request's transaction: a mail server
        # that does not answer must not hold the page (the outbox retries later).
        "timeout": env_int("EMAIL_TIMEOUT", 10),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "wegweiser@localhost")
# Links in emails sent without a request (re-confirmation, notices to contact points).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The licence under which the directory's data may be reused (shown on the site and in the
# open data formats, docs/open-data.md).
OPEN_DATA_LICENCE = os.environ.get("OPEN_DATA_LICENCE", "CC BY 4.0")
OPEN_DATA_LICENCE_URL = os.environ.get(
    "OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/deed.de"
)

# The cache: pages for anonymous visitors (selbsthilfe/page_cache.py) and the API's request
# counts. With several app servers, CACHE_URL names a shared Redis or Valkey server.
CACHES = {"default": cache_settings(os.environ.get("CACHE_URL", "").strip())}
# How long a public page is served from the cache at most (pages the clock changes, such as
# "open now" or upcoming events, a minute at most); changes by staff show at once (the
# content generation). 0: no page cache (development, where templates change; the tests,
# which enable it where they test it).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG or TESTING else 600)

# Requests to the open data API (docs/open-data.md) per address and minute (the tests, all
# from one address, set their own limit where they test it).
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 1_000_000 if TESTING else 120)

# Messages from the public are deleted this many days after staff closed them.
MESSAGE_RETENTION_DAYS = env_int("MESSAGE_RETENTION_DAYS", 180)
# Founding interests are deleted this many months after they were given.
FOUNDING_INTEREST_MONTHS = env_int("FOUNDING_INTEREST_MONTHS", 12)
# A contact point is alerted when this many open interests in one topic lie within
# FOUNDING_ALERT_RADIUS_KM of each other.
FOUNDING_ALERT_THRESHOLD = env_int("FOUNDING_ALERT_THRESHOLD", 3)
FOUNDING_ALERT_RADIUS_KM = env_int("FOUNDING_ALERT_RADIUS_KM", 25)

# LOG_FORMAT=json: every log record is one JSON line, and the site logs each request
# (method, path without query string, status, milliseconds) instead of gunicorn's access log.
# No log holds a query string (searches are health data) or a visitor's address beside it.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "filters": {"request_path_only": {"()": "selbsthilfe.log_records.RequestPathOnly"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_path_only"],
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "loggers": {
        "selbsthilfe.requests": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
