"""Safaricom Daraja (M-Pesa): OAuth, Lipa na M-Pesa Online (STK push and its query),
and B2C for refunds. Four HTTP calls, over httpx.

Reference: Safaricom's Daraja API documentation (developer.safaricom.co.ke), the
"Authorization", "M-Pesa Express" (STK push, STK push query) and "B2C" APIs.

- The access token (``GET /oauth/v1/generate?grant_type=client_credentials`` with
  Basic auth) lasts ``expires_in`` seconds (3599); it is cached until shortly before.
- The STK push ``Password`` is base64(shortcode + passkey + timestamp), the
  ``Timestamp`` YYYYMMDDHHmmss in Nairobi time; amounts are whole shillings.
- Errors: ``DarajaUnavailable`` (network, timeouts, 5xx: try again later) and
  ``DarajaRejected`` (Daraja refused the request: retrying will not help).
"""

from __future__ import annotations

import base64
import threading
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

import httpx

from sidecar.core import clock
from sidecar.core.clock import NAIROBI
from sidecar.core.settings import Settings

TIMEOUT = httpx.Timeout(15.0, connect=5.0)
# Renew the token this long before Daraja says it expires.
TOKEN_MARGIN_SECONDS = 60.0
# STK query answers this while the customer has not answered the prompt yet.
STILL_PROCESSING = "500.001.1001"
ACCOUNT_REFERENCE_MAX = 12
TRANSACTION_DESC_MAX = 13


class DarajaError(Exception):
    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class DarajaUnavailable(DarajaError):
    """Daraja did not answer usefully (network, timeout, 5xx): try again later."""


class DarajaRejected(DarajaError):
    """Daraja refused the request (credentials, a bad field)."""


def whole_shillings(amount: Decimal) -> int:
    """M-Pesa takes whole shillings: an amount with cents is rounded up."""
    return int(amount.to_integral_value(rounding=ROUND_CEILING))


def nairobi_timestamp() -> str:
    return clock.utcnow().astimezone(NAIROBI).strftime("%Y%m%d%H%M%S")


def stk_password(shortcode: str, passkey: str, timestamp: str) -> str:
    return base64.b64encode(f"{shortcode}{passkey}{timestamp}".encode()).decode()


@dataclass(frozen=True)
class StkPushAccepted:
    merchant_request_id: str
    checkout_request_id: str
    raw: dict[str, Any]


@dataclass(frozen=True)
class StkQueryResult:
    """What Daraja says of an STK push: ``pending`` until the customer answered."""

    pending: bool
    result_code: str | None
    result_desc: str | None
    raw: dict[str, Any]

    @property
    def succeeded(self) -> bool:
        return not self.pending and self.result_code == "0"


@dataclass(frozen=True)
class B2CAccepted:
    conversation_id: str
    originator_conversation_id: str
    raw: dict[str, Any]


class DarajaClient:
    """One client per process; the token is shared by its threads."""

    def __init__(
        self,
        *,
        base_url: str,
        consumer_key: str,
        consumer_secret: str,
        shortcode: str,
        passkey: str,
        callback_url: str,
        b2c_shortcode: str | None = None,
        b2c_initiator_name: str | None = None,
        b2c_security_credential: str | None = None,
        b2c_command_id: str = "BusinessPayment",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret
        self.shortcode = shortcode
        self.passkey = passkey
        self.callback_url = callback_url
        self.b2c_shortcode = b2c_shortcode
        self.b2c_initiator_name = b2c_initiator_name
        self.b2c_security_credential = b2c_security_credential
        self.b2c_command_id = b2c_command_id
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), timeout=TIMEOUT, transport=transport
        )
        self._lock = threading.Lock()
        self._token: str | None = None
        self._token_expires = 0.0

    @classmethod
    def from_settings(cls, settings: Settings) -> DarajaClient:
        if not settings.mpesa_enabled:
            raise ValueError("M-Pesa is not configured (MPESA_* settings)")
        base = (settings.mpesa_callback_base_url or "").rstrip("/")
        return cls(
            base_url=settings.mpesa_api_base_url,
            consumer_key=settings.mpesa_consumer_key or "",
            consumer_secret=settings.mpesa_consumer_secret or "",
            shortcode=settings.mpesa_shortcode or "",
            passkey=settings.mpesa_passkey or "",
            callback_url=f"{base}/v1/webhooks/mpesa/{settings.mpesa_callback_token}",
            b2c_shortcode=settings.mpesa_b2c_shortcode,
            b2c_initiator_name=settings.mpesa_b2c_initiator_name,
            b2c_security_credential=settings.mpesa_b2c_security_credential,
            b2c_command_id=settings.mpesa_b2c_command_id,
        )

    @property
    def refunds_enabled(self) -> bool:
        return bool(self.b2c_shortcode and self.b2c_initiator_name and self.b2c_security_credential)

    def close(self) -> None:
        self._http.close()

    # The four calls

    def access_token(self) -> str:
        """A valid OAuth token, fetched again only when the cached one is near expiry."""
        with self._lock:
            if self._token is not None and clock.monotonic() < self._token_expires:
                return self._token
            body = self._send(
                "GET",
                "/oauth/v1/generate",
                params={"grant_type": "client_credentials"},
                auth=(self.consumer_key, self.consumer_secret),
            )
            token = body.get("access_token")
            if not isinstance(token, str) or not token:
                raise DarajaRejected("Daraja returned no access token")
            lifetime = float(body.get("expires_in") or 3599)
            self._token = token
            self._token_expires = clock.monotonic() + max(lifetime - TOKEN_MARGIN_SECONDS, 0.0)
            return token

    def stk_push(
        self, *, amount: Decimal, phone: str, account_reference: str, description: str
    ) -> StkPushAccepted:
        """Sends the PIN prompt to ``phone`` (2547XXXXXXXX) for ``amount`` KES."""
        timestamp = nairobi_timestamp()
        body = self._authorised(
            "/mpesa/stkpush/v1/processrequest",
            {
                "BusinessShortCode": self.shortcode,
                "Password": stk_password(self.shortcode, self.passkey, timestamp),
                "Timestamp": timestamp,
                "TransactionType": "CustomerPayBillOnline",
                "Amount": whole_shillings(amount),
                "PartyA": phone,
                "PartyB": self.shortcode,
                "PhoneNumber": phone,
                "CallBackURL": self.callback_url,
                "AccountReference": account_reference[:ACCOUNT_REFERENCE_MAX],
                "TransactionDesc": description[:TRANSACTION_DESC_MAX],
            },
        )
        if str(body.get("ResponseCode")) != "0" or not body.get("CheckoutRequestID"):
            raise DarajaRejected(
                str(body.get("ResponseDescription") or body.get("errorMessage") or body),
                code=str(body.get("ResponseCode") or body.get("errorCode") or ""),
            )
        return StkPushAccepted(
            merchant_request_id=str(body.get("MerchantRequestID") or ""),
            checkout_request_id=str(body["CheckoutRequestID"]),
            raw=body,
        )

    def stk_query(self, checkout_request_id: str) -> StkQueryResult:
        """Asks Daraja how an STK push ended (the authority, unlike a callback)."""
        timestamp = nairobi_timestamp()
        payload = {
            "BusinessShortCode": self.shortcode,
            "Password": stk_password(self.shortcode, self.passkey, timestamp),
            "Timestamp": timestamp,
            "CheckoutRequestID": checkout_request_id,
        }
        try:
            body = self._authorised("/mpesa/stkpushquery/v1/query", payload)
        except DarajaError as exc:
            if exc.code == STILL_PROCESSING:
                return StkQueryResult(True, None, exc.message, {"errorCode": exc.code})
            raise
        if "ResultCode" not in body:
            return StkQueryResult(True, None, str(body.get("ResponseDescription") or ""), body)
        return StkQueryResult(
            False, str(body["ResultCode"]), str(body.get("ResultDesc") or ""), body
        )

    def b2c(self, *, amount: Decimal, phone: str, remarks: str, reference: str) -> B2CAccepted:
        """Sends ``amount`` KES to ``phone`` (a refund); the result comes by callback."""
        if not self.refunds_enabled:
            raise DarajaRejected("M-Pesa refunds are not configured (MPESA_B2C_* settings)")
        body = self._authorised(
            "/mpesa/b2c/v3/paymentrequest",
            {
                # Ours, unique per refund: Daraja refuses a repeat of it.
                "OriginatorConversationID": reference,
                "InitiatorName": self.b2c_initiator_name,
                "SecurityCredential": self.b2c_security_credential,
                "CommandID": self.b2c_command_id,
                "Amount": whole_shillings(amount),
                "PartyA": self.b2c_shortcode,
                "PartyB": phone,
                "Remarks": remarks[:100],
                "QueueTimeOutURL": self.callback_url,
                "ResultURL": self.callback_url,
                "Occasion": reference[:100],
            },
        )
        if str(body.get("ResponseCode")) != "0" or not body.get("ConversationID"):
            raise DarajaRejected(
                str(body.get("ResponseDescription") or body.get("errorMessage") or body),
                code=str(body.get("ResponseCode") or body.get("errorCode") or ""),
            )
        return B2CAccepted(
            conversation_id=str(body["ConversationID"]),
            originator_conversation_id=str(body.get("OriginatorConversationID") or ""),
            raw=body,
        )

    # Plumbing

    def _authorised(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        token = self.access_token()
        try:
            return self._send(
                "POST", path, json=payload, headers={"Authorization": f"Bearer {token}"}
            )
        except DarajaRejected as exc:
            if exc.code != "401":
                raise
            with self._lock:  # the token was revoked early: fetch a new one once
                self._token = None
            token = self.access_token()
            return self._send(
                "POST", path, json=payload, headers={"Authorization": f"Bearer {token}"}
            )

    def _send(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise DarajaUnavailable(f"Daraja unreachable: {exc}") from exc
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if response.status_code == 401:
            raise DarajaRejected("Daraja refused the credentials", code="401")
        if response.status_code >= 500:
            code = str(body.get("errorCode") or response.status_code)
            message = str(body.get("errorMessage") or f"Daraja answered {response.status_code}")
            if code == STILL_PROCESSING:
                raise DarajaRejected(message, code=code)
            raise DarajaUnavailable(message, code=code)
        if response.status_code >= 400:
            raise DarajaRejected(
                str(body.get("errorMessage") or f"Daraja answered {response.status_code}"),
                code=str(body.get("errorCode") or response.status_code),
            )
        return body
