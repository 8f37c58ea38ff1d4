"""A real SMTP server for tests (aiosmtpd, on loopback) that records what it receives and
how many connections it was given, and can refuse given recipients (4xx or 5xx)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from email import message_from_bytes

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

from tests.helpers import free_port


@dataclass
class Received:
    recipients: list[str]
    message_id: str
    subject: str


@dataclass
class Recorder:
    """The server's handler: `refuse[address] = (code, text, times)` refuses that recipient
    `times` times (None: always)."""

    received: list[Received] = field(default_factory=list)
    connections: int = 0
    refuse: dict[str, list] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            rule = self.refuse.get(address)
            if rule is not None and rule[2] != 0:
                if rule[2] is not None:
                    rule[2] -= 1
                return f"{rule[0]} {rule[1]}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.content)
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), parsed["Message-ID"], parsed["Subject"]))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.recipients]

    def reset(self) -> None:
        with self.lock:
            self.received.clear()
            self.connections = 0


class _CountingSMTP(SMTP):
    def connection_made(self, transport):
        with self.event_handler.lock:
            self.event_handler.connections += 1
        super().connection_made(transport)


class _Controller(Controller):
    def factory(self):
        return _CountingSMTP(self.handler, **self.SMTP_kwargs)


class SmtpServer:
    def __init__(self) -> None:
        self.recorder = Recorder()
        self.port = free_port()
        self.controller = _Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> Recorder:
        self.controller.start()
        self.recorder.reset()  # the controller's own readiness check connected once
        return self.recorder

    def __exit__(self, *_exc) -> None:
        self.controller.stop()
