"""Every message is rendered from templates/mail/<name>.txt and .html (French).

With MAIL_SERVER set, messages go through SMTP. Without it (development, tests, a machine
with no network), each message is written as an .eml file to MAIL_OUTBOX_DIR (default
instance/outbox/), where the admin page /admin/outbox and the tests read them."""

from __future__ import annotations

import os
import smtplib
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app, render_template


@dataclass(frozen=True)
class Message:
    id: str
    to: str
    subject: str
    text: str
    html: str
    sent_at: datetime


def send_mail(to: str, subject: str, template: str, *, headers: dict[str, str] | None = None,
              **context) -> EmailMessage:
    """Render `template` (text and HTML) and deliver it to `to` (with extra `headers`)."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain="moisdeless.fr")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(render_template(f"mail/{template}.txt", **context))
    message.add_alternative(render_template(f"mail/{template}.html", **context), subtype="html")
    _deliver(message)
    return message


def _deliver(message: EmailMessage) -> None:
    config = current_app.config
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 25), timeout=20) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
            smtp.send_message(message)
        return
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(message.as_bytes(policy=policy.SMTP))
    os.replace(tmp, path)  # readers never see a half-written message


def outbox_dir() -> Path:
    configured = current_app.config.get("MAIL_OUTBOX_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "outbox"


def outbox_messages(to: str | None = None, limit: int = 200) -> list[Message]:
    """Messages of the outbox folder, newest first (optionally only those sent to `to`)."""
    folder = outbox_dir()
    if not folder.is_dir():
        return []
    messages = []
    for path in sorted(folder.glob("*.eml"), reverse=True):
        parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        if to and parsed["To"].lower() != to.lower():
            continue
        text = parsed.get_body(("plain",))
        html = parsed.get_body(("html",))
        messages.append(
            Message(
                id=path.stem,
                to=str(parsed["To"]),
                subject=str(parsed["Subject"]),
                text=text.get_content() if text else "",
                html=html.get_content() if html else "",
                sent_at=datetime.strptime(path.stem.split("-")[0], "%Y%m%dT%H%M%S%f"),
            )
        )
        if len(messages) >= limit:
            break
    return messages
