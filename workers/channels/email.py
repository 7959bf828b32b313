"""Email over SMTP: one message per connection, plain text with an HTML alternative.

STARTTLS, when configured, is required rather than opportunistic: a server (or a man
in the middle) that does not offer it gets nothing, so the password and the message
never travel in clear because a STARTTLS line was stripped (RFC 3207 section 6).
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from sidecar.core import clock
from sidecar.core.settings import Settings
from workers.channels.errors import PermanentSendError, SendError, TransientSendError


class EmailChannel:
    """Sends email through one SMTP relay."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = True,
        mail_from: str,
        timeout: float = 10,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """``ssl_context`` defaults to the system's trusted CAs with hostname checks."""
        self.host = host
        self.port = port
        self.username = username or None
        self.password = password
        self.starttls = starttls
        self.mail_from = mail_from
        self.timeout = timeout
        self.ssl_context = ssl_context or ssl.create_default_context()
        # Message-IDs name our domain rather than this host's FQDN (RFC 5322 3.6.4).
        self.msgid_domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"

    @classmethod
    def from_settings(cls, settings: Settings) -> EmailChannel:
        """The channel the settings describe; ValueError when SMTP is not configured."""
        if not settings.smtp_host:
            raise ValueError("SMTP is not configured (SMTP_HOST unset)")
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
            mail_from=settings.mail_from,
        )

    def build_message(self, *, to: str, subject: str, text: str, html: str) -> EmailMessage:
        """The MIME message; ValueError for a bad address or a header with a line break."""
        address = parseaddr(to)[1]
        if "@" not in address:
            raise ValueError(f"not an email address: {to!r}")
        message = EmailMessage()
        # The default policy refuses CR/LF in header values (no header injection).
        message["Subject"] = subject
        message["From"] = self.mail_from
        message["To"] = to
        message["Date"] = format_datetime(clock.utcnow())
        message["Message-ID"] = make_msgid(domain=self.msgid_domain)
        # An automatic notification: autoresponders must not answer it (RFC 3834 5).
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(text)
        message.add_alternative(html, subtype="html")
        return message

    def send(self, *, to: str, subject: str, text: str, html: str) -> str:
        """Sends one message and returns its Message-ID."""
        try:
            message = self.build_message(to=to, subject=subject, text=text, html=html)
        except ValueError as exc:
            raise PermanentSendError(f"cannot build the message: {exc}") from exc
        try:
            self._deliver(message, recipient=parseaddr(to)[1])
        except SendError:
            raise
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise _by_reply_code(code, f"recipient refused: {_decode(reply)}") from exc
        except smtplib.SMTPConnectError as exc:
            raise TransientSendError(
                f"SMTP server refused the connection: {_decode(exc.smtp_error)}",
                code=str(exc.smtp_code),
            ) from exc
        except smtplib.SMTPResponseException as exc:
            raise _by_reply_code(exc.smtp_code, _decode(exc.smtp_error)) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise PermanentSendError(f"SMTP server lacks a needed extension: {exc}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            # Disconnects, refused connections, timeouts, DNS and TLS failures.
            raise TransientSendError(f"SMTP connection failed: {exc!r}") from exc
        return str(message["Message-ID"])

    def _deliver(self, message: EmailMessage, *, recipient: str) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.ehlo()
            if self.starttls:
                if not smtp.has_extn("starttls"):
                    raise PermanentSendError(
                        "SMTP server does not offer STARTTLS; set SMTP_STARTTLS=false "
                        "only for a trusted local relay"
                    )
                smtp.starttls(context=self.ssl_context)
                smtp.ehlo()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message, to_addrs=[recipient])


def _by_reply_code(code: int, reply: str) -> SendError:
    # RFC 5321 4.2.1: 4yz is a transient negative completion, 5yz a permanent one.
    if 400 <= code < 500:
        return TransientSendError(reply, code=str(code))
    if code >= 500:
        return PermanentSendError(reply, code=str(code))
    return TransientSendError(f"unexpected SMTP reply: {reply}", code=str(code))


def _decode(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
