"""Email backends for tests of failing mail servers."""

from django.core.mail.backends.base import BaseEmailBackend


class UnreachableServerBackend(BaseEmailBackend):
    """Fails like an SMTP server that cannot be reached."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server unreachable")
