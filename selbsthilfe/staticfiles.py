"""Static files in production: compressed copies and hashed names (far-future caching) from
WhiteNoise, without ever failing a page."""

import logging

from django.contrib.staticfiles.storage import staticfiles_storage
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, forgiving a file missing from the manifest (collectstatic not
    run after an update): the page links the file's plain name instead of answering 500, and
    the log says what to do."""

    manifest_strict = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            logger.warning("Static file %r is not collected: run manage.py collectstatic.", name)
            return name


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, asking the manifest only about names that are in it. At start it tests
    each collected file for a hash by guessing the name without one (``jquery.min.js``
    could be ``jquery.js`` with the hash ``min``); a guess that names no file is no missing
    file, and the storage above would warn of each (30 lines at every start)."""

    def get_static_url(self, name):
        hashed_files = getattr(staticfiles_storage, "hashed_files", None)
        if hashed_files is not None and name not in hashed_files:
            return None
        return super().get_static_url(name)
