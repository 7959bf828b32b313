"""WhatsApp through the twilio library on httpx, with Twilio's API stood in by respx."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from urllib.parse import parse_qs

import httpx
import pytest
import respx

from sidecar.core.settings import Settings
from workers.channels import (
    HttpxTwilioClient,
    PermanentSendError,
    TransientSendError,
    WhatsAppChannel,
)
from workers.channels.whatsapp import whatsapp_address

ACCOUNT_SID = "AC" + "1f" * 16
AUTH_TOKEN = "test-auth-token"
MESSAGES_URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
CALLBACK_URL = "https://api.gurumisha.co.ke/v1/webhooks/twilio/status"
MESSAGE_SID = "SM" + "ab" * 16
CONTENT_SID = "HX" + "cd" * 16


def make_channel(**overrides: object) -> WhatsAppChannel:
    options: dict[str, object] = {
        "account_sid": ACCOUNT_SID,
        "auth_token": AUTH_TOKEN,
        "from_number": "+14155238886",
        "status_callback_url": CALLBACK_URL,
        "content_sids": {"import.status_changed": CONTENT_SID},
    }
    options.update(overrides)
    return WhatsAppChannel(**options)  # type: ignore[arg-type]


def created(sid: str = MESSAGE_SID) -> httpx.Response:
    return httpx.Response(201, json={"sid": sid, "status": "queued", "account_sid": ACCOUNT_SID})


def twilio_error(status: int, code: int, message: str) -> httpx.Response:
    return httpx.Response(
        status,
        json={
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        },
    )


def form(request: httpx.Request) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(request.content.decode()).items()}


def send(channel: WhatsAppChannel, *, template: str = "inquiry.responded") -> str:
    return channel.send(
        to="+254712345678",
        body="Gurumisha Motors: the vendor replied.",
        template=template,
        variables={"1": "42", "2": "Brake pads"},
    )


@pytest.fixture
def channel() -> Iterator[WhatsAppChannel]:
    whatsapp = make_channel()
    yield whatsapp
    whatsapp.close()


class TestSendFreeForm:
    def test_returns_the_message_sid(
        self, channel: WhatsAppChannel, respx_mock: respx.MockRouter
    ) -> None:
        respx_mock.post(MESSAGES_URL).mock(return_value=created())
        assert send(channel) == MESSAGE_SID

    def test_posts_whatsapp_addresses_body_and_callback(
        self, channel: WhatsAppChannel, respx_mock: respx.MockRouter
    ) -> None:
        route = respx_mock.post(MESSAGES_URL).mock(return_value=created())
        send(channel)
        sent = form(route.calls.last.request)
        assert sent == {
            "From": "whatsapp:+14155238886",
            "To": "whatsapp:+254712345678",
            "Body": "Gurumisha Motors: the vendor replied.",
            "StatusCallback": CALLBACK_URL,
        }

    def test_authenticates_with_the_account_sid_and_token(
        self, channel: WhatsAppChannel, respx_mock: respx.MockRouter
    ) -> None:
        route = respx_mock.post(MESSAGES_URL).mock(return_value=created())
        send(channel)
        credentials = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        assert route.calls.last.request.headers["Authorization"] == f"Basic {credentials}"

    def test_without_callback_url_sends_no_status_callback(
        self, respx_mock: respx.MockRouter
    ) -> None:
        route = respx_mock.post(MESSAGES_URL).mock(return_value=created())
        send(make_channel(status_callback_url=None))
        assert "StatusCallback" not in form(route.calls.last.request)

    def test_invalid_recipient_is_permanent_without_calling_twilio(
        self, channel: WhatsAppChannel, respx_mock: respx.MockRouter
    ) -> None:
        route = respx_mock.post(MESSAGES_URL).mock(return_value=created())
        with pytest.raises(PermanentSendError):
            channel.send(to="not a number", body="x", template="car.approved", variables={})
        assert not route.called


class TestSendTemplate:
    def test_configured_template_sends_content_sid_and_variables(
        self, channel: WhatsAppChannel, respx_mock: respx.MockRouter
    ) -> None:
        route = respx_mock.post(MESSAGES_URL).mock(return_value=created())
        sid = channel.send(
            to="0712345678",
            body="free-form text that must not be sent",
            template="import.status_changed",
            variables={"1": "7", "2": "2019 Toyota Harrier", "3": "imesafirishwa"},
        )
        sent = form(route.calls.last.request)
        assert sid == MESSAGE_SID
        assert sent["ContentSid"] == CONTENT_SID
        assert json.loads(sent["ContentVariables"]) == {
            "1": "7",
            "2": "2019 Toyota Harrier",
            "3": "imesafirishwa",
        }
        assert "Body" not in sent
        assert sent["To"] == "whatsapp:+254712345678"

    def test_language_specific_content_sid_wins(self, respx_mock: respx.MockRouter) -> None:
        swahili_sid = "HX" + "ee" * 16
        route = respx_mock.post(MESSAGES_URL).mock(return_value=created())
        whatsapp = make_channel(
            content_sids={"car.approved": CONTENT_SID, "car.approved:sw": swahili_sid}
        )
        whatsapp.send(
            to="+254712345678", body="x", template="car.approved", variables={}, language="sw"
        )
        whatsapp.send(
            to="+254712345678", body="x", template="car.approved", variables={}, language="en"
        )
        first, second = (form(call.request)["ContentSid"] for call in route.calls)
        assert (first, second) == (swahili_sid, CONTENT_SID)


class TestBaseUrl:
    def test_custom_api_base_url_receives_the_request(self, respx_mock: respx.MockRouter) -> None:
        route = respx_mock.post(
            f"http://twilio.test/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
        ).mock(return_value=created("SM" + "99" * 16))
        whatsapp = make_channel(api_base_url="http://twilio.test/")
        assert send(whatsapp) == "SM" + "99" * 16
        assert form(route.calls.last.request)["From"] == "whatsapp:+14155238886"

    def test_injected_http_client_is_used(self, respx_mock: respx.MockRouter) -> None:
        http = HttpxTwilioClient(api_base_url="http://twilio.test")
        route = respx_mock.post(
            f"http://twilio.test/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
        ).mock(return_value=created())
        send(make_channel(http_client=http))
        assert route.called
        assert http._test_only_last_response is not None
        assert http._test_only_last_response.status_code == 201


class TestErrors:
    def test_server_error_is_transient(
        self, channel: WhatsAppChannel, respx_mock: respx.MockRouter
    ) -> None:
        respx_mock.post(MESSAGES_URL).mock(return_value=httpx.Response(500, text="oops"))
        with pytest.raises(TransientSendError):
            send(channel)

    def test_read_timeout_is_transient(
        self, channel: WhatsAppChannel, respx_mock: respx.MockRouter
    ) -> None:
        respx_mock.post(MESSAGES_URL).mock(side_effect=httpx.ReadTimeout("timed out"))
        with pytest.raises(TransientSendError) as caught:
            send(channel)
        assert caught.value.code == "timeout"

    def test_connection_failure_is_transient(
        self, channel: WhatsAppChannel, respx_mock: respx.MockRouter
    ) -> None:
        respx_mock.post(MESSAGES_URL).mock(side_effect=httpx.ConnectError("refused"))
        with pytest.raises(TransientSendError) as caught:
            send(channel)
        assert caught.value.code == "connect"

    def test_dropped_connection_is_transient(
        self, channel: WhatsAppChannel, respx_mock: respx.MockRouter
    ) -> None:
        respx_mock.post(MESSAGES_URL).mock(side_effect=httpx.RemoteProtocolError("closed"))
        with pytest.raises(TransientSendError) as caught:
            send(channel)
        assert caught.value.code == "transport"

    def test_rate_limit_63018_is_transient(
        self, channel: WhatsAppChannel, respx_mock: respx.MockRouter
    ) -> None:
        respx_mock.post(MESSAGES_URL).mock(
            return_value=twilio_error(429, 63018, "Rate limit exceeded for Channel")
        )
        with pytest.raises(TransientSendError) as caught:
            send(channel)
        assert caught.value.code == "63018"
        assert "Rate limit exceeded" in caught.value.message

    @pytest.mark.parametrize(
        ("code", "message"),
        [
            (63003, "Channel could not find To address"),
            (21211, "The 'To' number is not a valid phone number."),
            (21610, "Attempt to send to unsubscribed recipient"),
            (63016, "Failed to send freeform message because you are outside the window"),
            (63024, "Invalid message recipient"),
        ],
    )
    def test_recipient_errors_are_permanent(
        self, channel: WhatsAppChannel, respx_mock: respx.MockRouter, code: int, message: str
    ) -> None:
        respx_mock.post(MESSAGES_URL).mock(return_value=twilio_error(400, code, message))
        with pytest.raises(PermanentSendError) as caught:
            send(channel)
        assert caught.value.code == str(code)
        assert message in caught.value.message

    def test_known_transient_code_wins_over_a_4xx_status(
        self, channel: WhatsAppChannel, respx_mock: respx.MockRouter
    ) -> None:
        respx_mock.post(MESSAGES_URL).mock(
            return_value=twilio_error(400, 63018, "Rate limit exceeded for Channel")
        )
        with pytest.raises(TransientSendError):
            send(channel)

    def test_unknown_client_error_is_permanent(
        self, channel: WhatsAppChannel, respx_mock: respx.MockRouter
    ) -> None:
        respx_mock.post(MESSAGES_URL).mock(return_value=twilio_error(401, 20003, "Authenticate"))
        with pytest.raises(PermanentSendError) as caught:
            send(channel)
        assert caught.value.code == "20003"

    def test_rfc9457_problem_is_classified_by_status(
        self, channel: WhatsAppChannel, respx_mock: respx.MockRouter
    ) -> None:
        problem = {
            "type": "https://www.twilio.com/docs/errors/20503",
            "title": "Service Unavailable",
            "status": 503,
            "code": 20503,
            "detail": "try again later",
        }
        respx_mock.post(MESSAGES_URL).mock(return_value=httpx.Response(503, json=problem))
        with pytest.raises(TransientSendError) as caught:
            send(channel)
        assert caught.value.code == "20503"
        assert "try again later" in caught.value.message


class TestFromSettings:
    def test_builds_the_channel_from_settings(self, respx_mock: respx.MockRouter) -> None:
        settings = Settings(
            twilio_account_sid=ACCOUNT_SID,
            twilio_auth_token=AUTH_TOKEN,
            twilio_whatsapp_from="whatsapp:+14155238886",
            twilio_api_base_url="http://twilio.test",
            twilio_status_callback_url=CALLBACK_URL,
            twilio_content_sids={"car.approved": CONTENT_SID},
        )
        route = respx_mock.post(
            f"http://twilio.test/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
        ).mock(return_value=created())
        whatsapp = WhatsAppChannel.from_settings(settings)
        whatsapp.send(to="+254712345678", body="x", template="car.approved", variables={})
        sent = form(route.calls.last.request)
        assert sent["ContentSid"] == CONTENT_SID
        assert sent["StatusCallback"] == CALLBACK_URL
        whatsapp.close()

    def test_unconfigured_twilio_is_refused(self) -> None:
        with pytest.raises(ValueError, match="Twilio is not configured"):
            WhatsAppChannel.from_settings(Settings(twilio_account_sid=None))


class TestWhatsappAddress:
    @pytest.mark.parametrize(
        ("raw", "address"),
        [
            ("+14155238886", "whatsapp:+14155238886"),
            ("whatsapp:+14155238886", "whatsapp:+14155238886"),
            (" 0712 345 678 ", "whatsapp:+254712345678"),
        ],
    )
    def test_normalises_to_the_whatsapp_prefix(self, raw: str, address: str) -> None:
        assert whatsapp_address(raw) == address

    def test_refuses_a_non_number(self) -> None:
        with pytest.raises(ValueError, match="international number"):
            whatsapp_address("whatsapp:hello")
