"""Outgoing e-mail: SMTP when configured, otherwise an outbox folder (development, tests)."""

from app.mail.outbox import Message, outbox_messages, send_mail

__all__ = ["Message", "outbox_messages", "send_mail"]
