"""A TCP port in front of the test database that a test can cut and restore, as a
database server that stops and starts: every connection through it ends at once, and new
ones are refused until it is restored."""

import contextlib
import socket
import threading

from django.db import connection


class CuttableDatabase:
    def __init__(self):
        db = connection.settings_dict
        self.target = f"{db['HOST']}/.s.PGSQL.{db['PORT'] or 5432}"  # the server's socket
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.listener = None

    def url(self, application_name: str) -> str:
        db = connection.settings_dict
        return (f"postgresql://{db['USER']}:{db['PASSWORD']}@127.0.0.1:{self.port}/{db['NAME']}"
                f"?application_name={application_name}")  # fmt: skip

    def restore(self):
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()

    def cut(self):
        self.listener.shutdown(socket.SHUT_RDWR)  # (wakes the thread waiting in accept)
        self.listener.close()
        for each in self.sockets:
            with contextlib.suppress(OSError):
                each.shutdown(socket.SHUT_RDWR)
            each.close()
        self.sockets.clear()

    def accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            server = socket.socket(socket.AF_UNIX)
            server.connect(self.target)
            self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self.pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)

    def __enter__(self):
        self.restore()
        return self

    def __exit__(self, *exc):
        self.cut()
