"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and the app set to
send to it."""

from __future__ import annotations

import email
import email.policy
import errno
import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        # The header is folded after "Subject:" when long; the unfolded value starts after it.
        return str(self.message["Subject"]).strip()

    @property
    def to(self) -> str:
        return str(self.message["To"])

    def part(self, content_type: str) -> str:
        for part in self.message.walk():
            if part.get_content_type() == content_type:
                return part.get_content()
        raise AssertionError(f"no {content_type} part")


@dataclass
class Mailbox:
    received: list[Received] = field(default_factory=list)
    port: int = 0

    async def handle_DATA(self, server, session, envelope):
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                email.message_from_bytes(envelope.original_content, policy=email.policy.default),
            )
        )
        return "250 OK"

    def to(self, address: str) -> list[Received]:
        return [mail for mail in self.received if address in mail.recipients]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_smtp(mailbox: Mailbox) -> Controller:
    """An SMTP server for `mailbox` on a free loopback port (in `mailbox.port`). The kernel's
    free port can be taken by another xdist worker (or any process) between the probe and the
    server's bind: then another port, a few times."""
    attempts = 5
    for attempt in range(attempts):
        port = free_port()
        controller = Controller(mailbox, hostname="127.0.0.1", port=port)
        try:
            controller.start()
        except OSError as error:
            if error.errno != errno.EADDRINUSE or attempt == attempts - 1:
                raise
            continue
        mailbox.port = port
        return controller
    raise AssertionError("unreachable")


@pytest.fixture
def smtp(app, monkeypatch):
    mailbox = Mailbox()
    controller = start_smtp(mailbox)
    port = mailbox.port
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", "Academy <academy@example.com>")
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://academy.example.com")
    # Flask-Mailman reads its settings when bound to the app: bind again with the test's.
    from academy.extensions import mail

    previous = app.extensions["mailman"]
    mail.init_app(app)
    yield mailbox
    app.extensions["mailman"] = previous
    controller.stop()
