"""Outgoing e-mail: a transactional outbox (send_mail adds a row to the current transaction),
delivered after the commit by app.mail.sender over SMTP, or as .eml files without a server.
outbox.py (the rows), sender.py (delivery), transports.py (SMTP, files), commands.py (flask mail-*)."""

from app.mail.outbox import Message, outbox_messages, send_mail, unsubscribe_headers

__all__ = ["Message", "outbox_messages", "send_mail", "unsubscribe_headers"]
