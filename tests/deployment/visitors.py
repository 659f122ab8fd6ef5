"""The rehearsal's visitors and mail server: requests through nginx to the site's host name
on loopback (HTTPS with the rehearsal's certificate, or plain HTTP), a citizen sending the
message form, a client that asks for a page every 100 ms, and an SMTP server that keeps
what it is sent."""

import http.client
import re
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass

from aiosmtpd.controller import Controller


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str


class Loopback(http.client.HTTPSConnection):
    """HTTPS to the host name, connected to 127.0.0.1 (as curl --resolve does)."""

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class Site:
    def __init__(self, host: str, https_port: int, http_port: int, certificate):
        self.host, self.https_port, self.http_port = host, https_port, http_port
        self.certificate = certificate
        self.origin = f"https://{host}:{https_port}"

    def request(
        self,
        method: str,
        path: str,
        *,
        https: bool = True,
        body: str | None = None,
        headers: dict | None = None,
        timeout: float = 30,
    ) -> Answer:
        if https:
            context = ssl.create_default_context(cafile=str(self.certificate))
            connection = Loopback(self.host, self.https_port, context=context, timeout=timeout)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=timeout)
        try:
            connection.request(
                method, path, body=body, headers={"Host": self.host, **(headers or {})}
            )
            response = connection.getresponse()
            return Answer(
                response.status, response.headers, response.read().decode(errors="replace")
            )
        finally:
            connection.close()

    def get(self, path: str, **options) -> Answer:
        return self.request("GET", path, **options)

    def send_message(self, group_slug: str, sender: str, text: str) -> Answer:
        """A citizen writes to a group through its form (the form page first, for its CSRF
        token and its signed time of showing)."""
        path = f"/gruppen/{group_slug}/nachricht/"
        form = self.get(path)
        assert form.status == 200, f"{path}: {form.status}"
        cookie = next(
            value.split(";")[0]
            for value in form.headers.get_all("Set-Cookie", [])
            if value.startswith("csrftoken=")
        )
        fields = {
            "csrfmiddlewaretoken": hidden(form.text, "csrfmiddlewaretoken"),
            "rendered_at": hidden(form.text, "rendered_at"),
            "homepage": "",
            "name": "Erika",
            "answer_by": "email",
            "email": sender,
            "phone": "",
            "call_time": "",
            "text": text,
            "consent": "on",
        }
        return self.request(
            "POST",
            path,
            body=urllib.parse.urlencode(fields),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Origin": self.origin,
                "Referer": self.origin + path,
            },
        )


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)" name="{name}"', page
    )
    assert found, f"no field {name} on the form page"
    return found[1]


class Poller(threading.Thread):
    """Asks for ``path`` every 100 ms until stopped (the next request 100 ms after the last
    one began, or at once when it took longer); every answer's status, or the error, and
    how long the slowest took."""

    def __init__(self, site: Site, path: str):
        super().__init__(daemon=True)
        self.site, self.path = site, path
        self.results: list[int | str] = []
        self.slowest = 0.0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            started = time.monotonic()
            try:
                self.results.append(self.site.get(self.path, timeout=60).status)
            except (OSError, http.client.HTTPException) as error:
                self.results.append(repr(error))
            took = time.monotonic() - started
            self.slowest = max(self.slowest, took)
            self.stopped.wait(max(0.0, 0.1 - took))

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.join(timeout=30)

    @property
    def failures(self) -> list:
        return [result for result in self.results if result != 200]


class MailSink:
    """An SMTP server on a loopback port that keeps every email (aiosmtpd)."""

    def __init__(self, port: int):
        self.received = []  # (recipients, message text)
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos), envelope.content.decode(errors="replace")))
        return "250 Message accepted for delivery"

    def recipients(self) -> set[str]:
        return {address for recipients, _text in self.received for address in recipients}

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
