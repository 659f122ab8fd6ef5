"""A mail server on a loopback port for tests that run the site's processes: it takes every
email, and can be told to hold the answer to an email's end, as a slow server does, so that
a test can kill the sender in the middle of sending."""

import socketserver
import threading


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SmtpSession)
        self.port = self.server_address[1]
        self.received: list[bytes] = []  # the emails taken (their end answered with 250)
        self.released = threading.Event()
        self.released.set()
        self.holding = threading.Event()  # an email's end arrived and waits for release

    def hold(self):
        self.released.clear()

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.released.set()
        self.shutdown()
        self.server_close()


class SmtpSession(socketserver.StreamRequestHandler):
    def reply(self, line: str):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 sink")
            elif verb == b"DATA":
                self.reply("354 go ahead")
                body = b"".join(iter(lambda: self.rfile.readline(), b".\r\n"))
                if not self.server.released.is_set():
                    # Held: the end of this email is never confirmed, so it is not taken
                    # (a real server drops it too), whatever happens to the sender.
                    self.server.holding.set()
                    self.server.released.wait(60)
                    return
                self.server.received.append(body)
                self.reply("250 queued")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.reply("250 ok")
