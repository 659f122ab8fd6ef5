"""Static files in production: compressed copies and hashed names (far-future caching) from
WhiteNoise, without ever failing a page."""

import logging

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
