"""How a message leaves: over SMTP (one connection reused for a whole batch) or, without
a mail server, as an .eml file named by the message id (rewriting it is harmless)."""

from __future__ import annotations

import smtplib
import ssl
from email.utils import parseaddr
from typing import TYPE_CHECKING

from flask import current_app

from app.mail.outbox import eml_name, outbox_dir

if TYPE_CHECKING:
    from app.mail.sender import Claimed


class DeliveryError(Exception):
    """A message was not delivered. `permanent`: retrying will not help (5xx);
    `unreachable`: no connection to the server, the rest of the batch waits too."""

    def __init__(self, text: str, *, permanent: bool = False, unreachable: bool = False):
        super().__init__(text)
        self.permanent = permanent
        self.unreachable = unreachable


class SmtpTransport:
    """One SMTP connection, opened at the first message and reused for the whole batch."""

    def __init__(self, config) -> None:
        self.config = config
        self.envelope_from = parseaddr(config["MAIL_DEFAULT_SENDER"])[1]
        self.smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        smtp = smtplib.SMTP(timeout=config["MAIL_SMTP_TIMEOUT"])
        try:
            smtp.connect(config["MAIL_SERVER"], config.get("MAIL_PORT", 25))
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        except (smtplib.SMTPException, OSError) as exc:
            smtp.close()
            raise DeliveryError(f"connexion SMTP impossible : {exc}", unreachable=True) from exc
        return smtp

    def send(self, mail: Claimed) -> None:
        if self.smtp is None:
            self.smtp = self._connect()
        try:
            self.smtp.sendmail(
                self.envelope_from, [parseaddr(mail.recipient)[1] or mail.recipient], mail.message
            )
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise DeliveryError(f"{code} {_text(text)}", permanent=code >= 500) from exc
        except smtplib.SMTPResponseException as exc:
            raise DeliveryError(
                f"{exc.smtp_code} {_text(exc.smtp_error)}", permanent=exc.smtp_code >= 500
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise DeliveryError(f"{type(exc).__name__} : {exc}") from exc
        finally:
            if self.smtp is not None and self.smtp.sock is None:  # the server hung up (421)
                self.smtp = None

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


class FileTransport:
    """No SMTP server (development, tests): each message becomes MAIL_OUTBOX_DIR/<…-id>.eml."""

    def __init__(self) -> None:
        self.folder = outbox_dir()
        self.folder.mkdir(parents=True, exist_ok=True)

    def send(self, mail: Claimed) -> None:
        path = self.folder / eml_name(mail.id, mail.created_at)
        tmp = path.with_suffix(".tmp")
        try:
            tmp.write_bytes(mail.message)
            tmp.replace(path)  # readers never see a half-written message
        except OSError as exc:  # a full disk, a folder not writable: try again later
            raise DeliveryError(f"écriture impossible : {exc}") from exc

    def close(self) -> None:
        pass


def transport():
    config = current_app.config
    return SmtpTransport(config) if config.get("MAIL_SERVER") else FileTransport()
