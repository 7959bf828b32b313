"""WhatsApp through Twilio's Messages API, with the twilio library riding on httpx.

The library's own HTTP client (requests) is replaced by ``HttpxTwilioClient`` so that
connection pooling and timeouts are ours, tests intercept the calls with respx, and
``twilio_api_base_url`` can point at a local stand-in for api.twilio.com.

Outside WhatsApp's 24-hour customer-service window only pre-approved templates may be
sent (Twilio error 63016 otherwise), so a message goes as a Content API template when
one is configured for its name, and as free-form text when not.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

import httpx
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http import HttpClient
from twilio.http.request import Request as TwilioRequest
from twilio.http.response import Response as TwilioResponse
from twilio.rest import Client

from sidecar.auth.phone import normalize_phone
from sidecar.core.settings import Settings
from workers.channels.errors import PermanentSendError, SendError, TransientSendError

TWILIO_API_BASE_URL = "https://api.twilio.com"
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)

# Twilio error codes whose meaning overrides the HTTP status; any other 4xx is
# permanent, 429 and 5xx transient. https://www.twilio.com/docs/api/errors/<code>
TRANSIENT_TWILIO_CODES = frozenset(
    {
        20429,  # Too Many Requests
        20500,  # Internal Server Error
        20503,  # Service Unavailable
        63018,  # Rate limit exceeded for Channel (sender or portfolio throughput)
    }
)
PERMANENT_TWILIO_CODES = frozenset(
    {
        21211,  # Invalid 'To' Phone Number
        21610,  # Attempt to send to unsubscribed recipient (they replied STOP)
        63003,  # Channel could not find To address (not a reachable WhatsApp number)
        63016,  # Free-form message outside the 24-hour window: a template is required
        63024,  # Invalid message recipient
    }
)

# ClientBase falls back to os.environ (TWILIO_EDGE, TWILIO_REGION...) when given an
# empty mapping; Settings is our only reader of the environment, so give it this.
_NO_ENVIRONMENT = {"TWILIO_EDGE": "", "TWILIO_REGION": ""}

_logger = logging.getLogger(__name__)


class HttpxTwilioClient(HttpClient):
    """The twilio library's HTTP client, built on one pooled ``httpx.Client``."""

    def __init__(
        self,
        *,
        api_base_url: str = TWILIO_API_BASE_URL,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__(_logger, is_async=False)
        self.api_base_url = api_base_url.rstrip("/")
        self._client = httpx.Client(timeout=timeout)

    def request(
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> TwilioResponse:
        """Sends one request; network failures become ``TransientSendError``."""
        url = self._rewrite(uri)
        body: dict[str, Any] = {}
        if data is not None:
            content_type = (headers or {}).get("Content-Type", "")
            # Same rule as the library's requests-based client.
            json_body = content_type in ("application/json", "application/scim+json")
            body = {"json": data} if json_body else {"data": data}
        self._test_only_last_request = TwilioRequest(
            method=method, url=url, auth=auth, params=params, data=data, headers=headers
        )
        self._test_only_last_response = None
        try:
            response = self._client.request(
                method.upper(),
                url,
                params=params,  # type: ignore[arg-type]
                headers=headers,
                auth=auth,
                timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
                follow_redirects=allow_redirects,
                **body,
            )
        # Nothing reached Twilio when connecting failed; after a read timeout the
        # message may have been accepted, so a retry can duplicate it (codes tell apart).
        except (httpx.ConnectTimeout, httpx.ConnectError, httpx.PoolTimeout) as exc:
            raise TransientSendError(f"cannot reach Twilio: {exc!r}", code="connect") from exc
        except httpx.TimeoutException as exc:
            raise TransientSendError(f"Twilio timed out: {exc!r}", code="timeout") from exc
        except httpx.TransportError as exc:
            raise TransientSendError(f"Twilio transport error: {exc!r}", code="transport") from exc
        self._test_only_last_response = TwilioResponse(
            response.status_code, response.text, response.headers
        )
        return self._test_only_last_response

    def close(self) -> None:
        """Closes the pooled connections."""
        self._client.close()

    def _rewrite(self, uri: str) -> str:
        if uri == TWILIO_API_BASE_URL or uri.startswith(TWILIO_API_BASE_URL + "/"):
            return self.api_base_url + uri[len(TWILIO_API_BASE_URL) :]
        return uri


def whatsapp_address(number: str) -> str:
    """``+2547...``, ``whatsapp:+2547...`` or a Kenyan local form -> ``whatsapp:+2547...``.

    Raises ValueError for anything that is not a phone number.
    """
    bare = number.strip().removeprefix("whatsapp:")
    return "whatsapp:" + normalize_phone(bare)


def classify_twilio_error(status: int, code: int | None, message: str) -> SendError:
    """The send error a Twilio error response (or delivery callback code) means."""
    code_text = str(code) if code is not None else None
    if code in TRANSIENT_TWILIO_CODES:
        return TransientSendError(message, code=code_text)
    if code in PERMANENT_TWILIO_CODES:
        return PermanentSendError(message, code=code_text)
    if status == 429 or status >= 500:
        return TransientSendError(message, code=code_text)
    return PermanentSendError(message, code=code_text)


class WhatsAppChannel:
    """Sends WhatsApp messages from one Twilio sender."""

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        from_number: str,
        api_base_url: str = TWILIO_API_BASE_URL,
        status_callback_url: str | None = None,
        content_sids: Mapping[str, str] | None = None,
        http_client: HttpxTwilioClient | None = None,
    ) -> None:
        """``content_sids`` maps a template name (optionally ``name:language``) to its
        Content SID; ``api_base_url`` is used only when no ``http_client`` is given."""
        self.from_address = whatsapp_address(from_number)
        self.status_callback_url = status_callback_url or None
        self.content_sids = dict(content_sids or {})
        self._http = (
            http_client if http_client is not None else HttpxTwilioClient(api_base_url=api_base_url)
        )
        self._client = Client(
            account_sid, auth_token, http_client=self._http, environment=_NO_ENVIRONMENT
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> WhatsAppChannel:
        """The channel the settings describe; ValueError when Twilio is not configured."""
        if not (
            settings.twilio_account_sid
            and settings.twilio_auth_token
            and settings.twilio_whatsapp_from
        ):
            raise ValueError("Twilio is not configured (TWILIO_ACCOUNT_SID, ... unset)")
        return cls(
            account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token,
            from_number=settings.twilio_whatsapp_from,
            api_base_url=settings.twilio_api_base_url,
            status_callback_url=settings.twilio_status_callback_url,
            content_sids=settings.twilio_content_sids,
        )

    def content_sid_for(self, template: str, language: str | None = None) -> str | None:
        """The Content SID for ``template`` in ``language`` (or any language), if any."""
        if language and (sid := self.content_sids.get(f"{template}:{language}")):
            return sid
        return self.content_sids.get(template)

    def send(
        self,
        *,
        to: str,
        body: str,
        template: str,
        variables: Mapping[str, str],
        language: str | None = None,
    ) -> str:
        """Sends one message to ``to`` and returns Twilio's message SID.

        With a Content SID configured for ``template`` the approved template goes out
        with ``variables`` (allowed outside the 24-hour window); otherwise ``body``.
        """
        try:
            to_address = whatsapp_address(to)
        except ValueError as exc:
            raise PermanentSendError(f"not a WhatsApp number: {to!r}") from exc
        content: dict[str, Any]
        content_sid = self.content_sid_for(template, language)
        if content_sid:
            content = {
                "content_sid": content_sid,
                "content_variables": json.dumps(dict(variables), ensure_ascii=False),
            }
        else:
            content = {"body": body}
        try:
            message = self._client.messages.create(
                from_=self.from_address,
                to=to_address,
                status_callback=self.status_callback_url,
                **content,
            )
        except TwilioRestException as exc:
            raise classify_twilio_error(exc.status, _int(exc.code), exc.msg) from exc
        except TwilioServiceException as exc:
            detail = f"{exc.title}: {exc.detail}" if exc.detail else exc.title
            raise classify_twilio_error(exc.status, _int(exc.code), detail) from exc
        return str(message.sid)

    def close(self) -> None:
        """Releases the HTTP connections (of an injected client too)."""
        self._http.close()


def _int(code: object) -> int | None:
    if isinstance(code, int):
        return code
    if isinstance(code, str) and code.isdigit():
        return int(code)
    return None
