"""Local receivers for the notify tests: a real SMTP server (aiosmtpd, with AUTH LOGIN over
plain text, on 127.0.0.1) and an HTTP receiver for webhooks and apprise's json:// service,
whose answers a test scripts (fail N times, hang, answer 404, redirect, block until told).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

SMTP_USER = "bw-sender"
SMTP_PASSWORD = "pw-7f3a9c1e-secret"
HOOK_SECRET = "hook-9d2e44b1-secret"


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        parsed = message_from_bytes(
            envelope.original_content or envelope.content, policy=policy.default
        )
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user, password = auth_data.login.decode(), auth_data.password.decode()
            self.logins.append((user, password))
            return AuthResult(success=user == SMTP_USER and password == SMTP_PASSWORD)
        return AuthResult(success=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = free_port()
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=port,
        authenticator=box.authenticate,
        auth_require_tls=False,
        auth_exclude_mechanism=["PLAIN"],
    )
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


class Receiver:
    """What the HTTP receiver got, and how it answers: ``script[path]`` is a list of answers
    used up one per request (an int status, "hang", "block"), then ``default`` (200)."""

    def __init__(self) -> None:
        self.received: list[Received] = []  # acknowledged (2xx), and held ("block")
        self.requests: list[Received] = []  # every request, whatever the answer
        self.script: dict[str, list] = {}
        self.default: dict[str, object] = {}
        self.lock = threading.Lock()
        self.blocked = threading.Event()  # set when a request is held by "block"
        self.release = threading.Event()
        self.port = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, path: str) -> object:
        with self.lock:
            queue = self.script.get(path)
            if queue:
                return queue.pop(0)
            return self.default.get(path, 200)

    def of(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]


@contextmanager
def http_receiver() -> Iterator[Receiver]:
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            with receiver.lock:
                receiver.requests.append(Received(self.path, dict(self.headers), body))
            answer = receiver.answer(self.path)
            if answer == "hang":
                time.sleep(3)
                return
            if answer == "block":
                with receiver.lock:
                    receiver.received.append(Received(self.path, dict(self.headers), body))
                receiver.blocked.set()
                receiver.release.wait(30)
                return
            status = int(answer)  # type: ignore[call-overload]
            if 200 <= status < 300:
                with receiver.lock:
                    receiver.received.append(Received(self.path, dict(self.headers), body))
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", receiver.url("/elsewhere"))
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()
