"""Email through a real SMTP server (aiosmtpd) listening on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sidecar.core.settings import Settings
from workers.channels import EmailChannel, PermanentSendError, TransientSendError

MAIL_FROM = "Gurumisha Motors <no-reply@gurumisha.co.ke>"
TO = "wanjiku@gurumisha.co.ke"
SUBJECT = "Import #7, 2019 Toyota Harrier: shipped"
TEXT = "Hello,\n\nYour import #7 is now shipped.\n"
HTML = "<p>Hello,</p><p>Your import #7 is now shipped.</p>"


class Collector:
    """Accepts every message and keeps it."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 2.0.0 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        parsed = []
        for envelope in self.envelopes:
            assert isinstance(envelope.content, bytes)
            message = email.message_from_bytes(envelope.content, policy=policy.default)
            assert isinstance(message, EmailMessage)
            parsed.append(message)
        return parsed


class RefusingRecipients(Collector):
    def __init__(self, reply: str) -> None:
        super().__init__()
        self.reply = reply

    async def handle_RCPT(
        self,
        server: SMTPServer,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        return self.reply


class RefusingData(Collector):
    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        return "554 5.7.1 Message rejected as spam"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


StartServer = Callable[..., Controller]


@pytest.fixture
def start_smtp() -> Iterator[StartServer]:
    """Starts aiosmtpd with a handler (and SMTP options) on a free local port."""
    controllers: list[Controller] = []

    def start(handler: object, **smtp_options: Any) -> Controller:
        controller = Controller(
            handler,
            hostname="127.0.0.1",
            port=free_port(),
            server_hostname="smtp.test",
            **smtp_options,
        )
        controller.start()
        controllers.append(controller)
        return controller

    yield start
    for controller in controllers:
        controller.stop()


def make_channel(controller: Controller, **overrides: Any) -> EmailChannel:
    options: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": controller.port,
        "starttls": False,
        "mail_from": MAIL_FROM,
        "timeout": 5,
    }
    options.update(overrides)
    return EmailChannel(**options)


def send(channel: EmailChannel, **overrides: str) -> str:
    fields = {"to": TO, "subject": SUBJECT, "text": TEXT, "html": HTML, **overrides}
    return channel.send(**fields)


class TestSend:
    def test_delivers_text_and_html_alternatives(self, start_smtp: StartServer) -> None:
        collector = Collector()
        send(make_channel(start_smtp(collector)))
        [message] = collector.messages()
        assert message.get_content_type() == "multipart/alternative"
        plain = message.get_body(preferencelist=("plain",))
        rich = message.get_body(preferencelist=("html",))
        assert plain is not None
        assert rich is not None
        # SMTP carries CRLF line ends.
        assert plain.get_content().replace("\r\n", "\n") == TEXT
        assert rich.get_content().strip() == HTML

    def test_headers_and_envelope(self, start_smtp: StartServer) -> None:
        collector = Collector()
        message_id = send(make_channel(start_smtp(collector)))
        [message] = collector.messages()
        [envelope] = collector.envelopes
        assert message["Subject"] == SUBJECT
        assert message["From"] == MAIL_FROM
        assert message["To"] == TO
        assert message["Message-ID"] == message_id
        assert message_id.startswith("<")
        assert message_id.endswith("@gurumisha.co.ke>")
        assert message["Auto-Submitted"] == "auto-generated"
        sent_at = message["Date"].datetime
        assert abs(dt.datetime.now(dt.UTC) - sent_at) < dt.timedelta(minutes=1)
        assert envelope.mail_from == "no-reply@gurumisha.co.ke"
        assert envelope.rcpt_tos == [TO]

    def test_each_message_gets_its_own_message_id(self, start_smtp: StartServer) -> None:
        channel = make_channel(start_smtp(Collector()))
        assert send(channel) != send(channel)

    def test_swahili_text_survives(self, start_smtp: StartServer) -> None:
        collector = Collector()
        subject = "Agizo #7: imesafirishwa — “Harrier”"
        send(make_channel(start_smtp(collector)), subject=subject, text="Safari njema!\n")
        [message] = collector.messages()
        assert message["Subject"] == subject

    def test_header_injection_is_permanent_and_sends_nothing(self, start_smtp: StartServer) -> None:
        collector = Collector()
        channel = make_channel(start_smtp(collector))
        with pytest.raises(PermanentSendError):
            send(channel, subject="Hello\r\nBcc: victim@example.com")
        assert collector.envelopes == []

    def test_malformed_address_is_permanent(self, start_smtp: StartServer) -> None:
        channel = make_channel(start_smtp(Collector()))
        with pytest.raises(PermanentSendError):
            send(channel, to="not-an-address")


class TestSmtpErrors:
    def test_recipient_refused_with_550_is_permanent(self, start_smtp: StartServer) -> None:
        handler = RefusingRecipients("550 5.1.1 Mailbox unavailable")
        with pytest.raises(PermanentSendError) as caught:
            send(make_channel(start_smtp(handler)))
        assert caught.value.code == "550"
        assert "Mailbox unavailable" in caught.value.message

    def test_recipient_deferred_with_451_is_transient(self, start_smtp: StartServer) -> None:
        handler = RefusingRecipients("451 4.3.0 Try again later")
        with pytest.raises(TransientSendError) as caught:
            send(make_channel(start_smtp(handler)))
        assert caught.value.code == "451"

    def test_data_refused_with_554_is_permanent(self, start_smtp: StartServer) -> None:
        with pytest.raises(PermanentSendError) as caught:
            send(make_channel(start_smtp(RefusingData())))
        assert caught.value.code == "554"

    def test_closed_port_is_transient(self) -> None:
        channel = EmailChannel(
            host="127.0.0.1", port=free_port(), starttls=False, mail_from=MAIL_FROM, timeout=2
        )
        with pytest.raises(TransientSendError):
            send(channel)

    def test_silent_server_times_out_as_transient(self) -> None:
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen()
            channel = EmailChannel(
                host="127.0.0.1",
                port=silent.getsockname()[1],
                starttls=False,
                mail_from=MAIL_FROM,
                timeout=0.3,
            )
            with pytest.raises(TransientSendError):
                send(channel)

    def test_starttls_required_but_not_offered_is_permanent(self, start_smtp: StartServer) -> None:
        collector = Collector()
        channel = make_channel(start_smtp(collector), starttls=True, username="mailer")
        with pytest.raises(PermanentSendError, match="STARTTLS"):
            send(channel)
        assert collector.envelopes == []


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "smtp.test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class TestStartTlsAndLogin:
    def test_logs_in_over_starttls_and_delivers(
        self, start_smtp: StartServer, tls_files: tuple[Path, Path]
    ) -> None:
        cert_path, key_path = tls_files
        server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_tls.load_cert_chain(cert_path, key_path)
        logins: list[tuple[str, bytes, bytes]] = []

        def authenticator(
            server: SMTPServer, session: Session, envelope: Envelope, mechanism: str, data: Any
        ) -> AuthResult:
            assert isinstance(data, LoginPassword)
            logins.append((mechanism, data.login, data.password))
            return AuthResult(success=data.password == b"s3cret", handled=False)

        collector = Collector()
        # require_starttls and auth_require_tls (the default): nothing happens in clear.
        controller = start_smtp(
            collector,
            tls_context=server_tls,
            require_starttls=True,
            authenticator=authenticator,
            auth_required=True,
        )
        channel = make_channel(
            controller,
            starttls=True,
            username="mailer",
            password="s3cret",
            ssl_context=ssl.create_default_context(cafile=str(cert_path)),
        )
        message_id = send(channel)
        assert [(login, password) for _, login, password in logins] == [(b"mailer", b"s3cret")]
        [message] = collector.messages()
        assert message["Message-ID"] == message_id

    def test_wrong_password_is_permanent(
        self, start_smtp: StartServer, tls_files: tuple[Path, Path]
    ) -> None:
        cert_path, key_path = tls_files
        server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_tls.load_cert_chain(cert_path, key_path)
        controller = start_smtp(
            Collector(),
            tls_context=server_tls,
            authenticator=lambda *args: AuthResult(success=False, handled=False),
        )
        channel = make_channel(
            controller,
            starttls=True,
            username="mailer",
            password="wrong",
            ssl_context=ssl.create_default_context(cafile=str(cert_path)),
        )
        with pytest.raises(PermanentSendError) as caught:
            send(channel)
        assert caught.value.code == "535"

    def test_untrusted_certificate_is_refused(
        self, start_smtp: StartServer, tls_files: tuple[Path, Path]
    ) -> None:
        cert_path, key_path = tls_files
        server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_tls.load_cert_chain(cert_path, key_path)
        collector = Collector()
        controller = start_smtp(collector, tls_context=server_tls)
        # The system CAs do not know this self-signed certificate.
        channel = make_channel(controller, starttls=True)
        with pytest.raises(TransientSendError, match="CERTIFICATE_VERIFY_FAILED"):
            send(channel)
        assert collector.envelopes == []


class TestFromSettings:
    def test_builds_the_channel_from_settings(self) -> None:
        settings = Settings(
            smtp_host="smtp.example.co.ke",
            smtp_port=2525,
            smtp_username="mailer",
            smtp_password="s3cret",
            smtp_starttls=False,
            mail_from=MAIL_FROM,
        )
        channel = EmailChannel.from_settings(settings)
        assert (channel.host, channel.port) == ("smtp.example.co.ke", 2525)
        assert (channel.username, channel.password) == ("mailer", "s3cret")
        assert channel.starttls is False
        assert channel.msgid_domain == "gurumisha.co.ke"

    def test_unconfigured_smtp_is_refused(self) -> None:
        with pytest.raises(ValueError, match="SMTP is not configured"):
            EmailChannel.from_settings(Settings(smtp_host=None))
