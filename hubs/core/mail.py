"""Outgoing mail: by SMTP when ``ATLAS_SMTP_URL`` is set, else into a local outbox folder.

Without SMTP every mail is written as one ``.eml`` file to ``ATLAS_OUTBOX_DIR``
(``<instance>/outbox`` by default), so development and tests can read what would have been
sent. A mail that cannot be delivered is logged, never raised: the change it reports has
already been committed.
"""
from __future__ import annotations

import logging
import smtplib
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app

log = logging.getLogger(__name__)


def _message(to: str, subject: str, body: str) -> EmailMessage:
    config = current_app.config
    host = urlsplit(config.get("ATLAS_SMTP_URL") or "").hostname or "localhost"
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = config.get("ATLAS_MAIL_FROM") or f"atlas@{host}"
    message["To"] = to
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=host)
    message.set_content(body)
    return message


def outbox() -> Path:
    return Path(current_app.config["ATLAS_OUTBOX_DIR"])


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one plain-text mail; ``True`` if it went out (by SMTP or into the outbox)."""
    message = _message(to, subject, body)
    smtp_url = current_app.config.get("ATLAS_SMTP_URL")
    try:
        if smtp_url:
            _smtp(smtp_url, message)
        else:
            folder = outbox()
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
            (folder / name).write_bytes(bytes(message))
    except (OSError, smtplib.SMTPException):
        log.exception("mail to %s not sent", to)
        return False
    return True


def _smtp(smtp_url: str, message: EmailMessage) -> None:
    parts = urlsplit(smtp_url)
    client = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with client(parts.hostname or "localhost", parts.port or (465 if parts.scheme == "smtps" else 25),
                timeout=10) as server:
        if parts.scheme == "smtp+starttls":
            server.starttls()
        if parts.username:
            server.login(unquote(parts.username), unquote(parts.password or ""))
        server.send_message(message)
