"""A local stand-in for Safaricom's Daraja, run as a process by the integration test.

It answers the four calls we make as the sandbox does (OAuth with Basic auth, STK
push with the password checked, STK push query, B2C) and, like Daraja, calls the
CallBackURL (or ResultURL) shortly after accepting a request. Tests steer it over
HTTP: ``POST /_standin/outcome {"result_code": "1032"}`` sets how the next prompts
end; ``GET /_standin/callbacks`` lists the callbacks it sent (to replay them).

    python -m tests.payments.daraja_standin --port 8089

Credentials come from DARAJA_CONSUMER_KEY, DARAJA_CONSUMER_SECRET, DARAJA_SHORTCODE
and DARAJA_PASSKEY.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import itertools
import json
import os
import secrets
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CALLBACK_DELAY_SECONDS = 0.3


class Daraja:
    def __init__(self) -> None:
        self.key = os.environ.get("DARAJA_CONSUMER_KEY", "key")
        self.secret = os.environ.get("DARAJA_CONSUMER_SECRET", "secret")
        self.shortcode = os.environ.get("DARAJA_SHORTCODE", "174379")
        self.passkey = os.environ.get("DARAJA_PASSKEY", "passkey")
        self.tokens: set[str] = set()
        self.outcome = "0"
        self.checkouts: dict[str, dict[str, Any]] = {}
        self.callbacks: list[dict[str, Any]] = []
        self.ids = itertools.count(1)
        self.lock = threading.Lock()

    def send_later(self, url: str, body: dict[str, Any], on_sent: Any = None) -> None:
        def send() -> None:
            time.sleep(CALLBACK_DELAY_SECONDS)
            if on_sent is not None:
                on_sent()
            data = json.dumps(body).encode()
            request = urllib.request.Request(  # noqa: S310 (a local test URL)
                url, data=data, headers={"Content-Type": "application/json"}, method="POST"
            )
            with self.lock:
                self.callbacks.append({"url": url, "body": body})
            with contextlib.suppress(OSError):  # Daraja does not retry either
                urllib.request.urlopen(request, timeout=10).read()  # noqa: S310

        threading.Thread(target=send, daemon=True).start()


DARAJA = Daraja()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def _json(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def _authorised(self) -> bool:
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        if token not in DARAJA.tokens:
            self._json(401, {"errorCode": "404.001.03", "errorMessage": "Invalid Access Token"})
            return False
        return True

    def do_GET(self) -> None:
        if self.path.startswith("/oauth/v1/generate"):
            expected = base64.b64encode(f"{DARAJA.key}:{DARAJA.secret}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {expected}":
                self._json(400, {"errorMessage": "Invalid credentials"})
                return
            token = secrets.token_hex(12)
            DARAJA.tokens.add(token)
            self._json(200, {"access_token": token, "expires_in": "3599"})
        elif self.path == "/_standin/callbacks":
            with DARAJA.lock:
                self._json(200, list(DARAJA.callbacks))
        else:
            self._json(404, {"errorMessage": "not found"})

    def do_POST(self) -> None:
        body = self._body()
        if self.path == "/_standin/outcome":
            DARAJA.outcome = str(body["result_code"])
            self._json(200, {"ok": True})
            return
        if not self._authorised():
            return
        if self.path == "/mpesa/stkpush/v1/processrequest":
            self._push(body)
        elif self.path == "/mpesa/stkpushquery/v1/query":
            self._query(body)
        elif self.path == "/mpesa/b2c/v3/paymentrequest":
            self._b2c(body)
        else:
            self._json(404, {"errorMessage": "not found"})

    def _push(self, body: dict[str, Any]) -> None:
        password = base64.b64encode(
            f"{DARAJA.shortcode}{DARAJA.passkey}{body.get('Timestamp')}".encode()
        ).decode()
        if body.get("Password") != password or body.get("BusinessShortCode") != DARAJA.shortcode:
            self._json(400, {"errorCode": "400.002.02", "errorMessage": "Invalid Password"})
            return
        number = next(DARAJA.ids)
        checkout = f"ws_CO_STANDIN{number:06d}"
        merchant = f"29115-{number}"
        state: dict[str, Any] = {"code": DARAJA.outcome, "answered": False}
        DARAJA.checkouts[checkout] = state
        callback: dict[str, Any] = {
            "MerchantRequestID": merchant,
            "CheckoutRequestID": checkout,
            "ResultCode": int(state["code"]),
            "ResultDesc": "The service request is processed successfully."
            if state["code"] == "0"
            else "Request cancelled by user",
        }
        if state["code"] == "0":
            callback["CallbackMetadata"] = {
                "Item": [
                    {"Name": "Amount", "Value": body["Amount"]},
                    {"Name": "MpesaReceiptNumber", "Value": f"SDR{number:07d}"},
                    {"Name": "TransactionDate", "Value": int(time.strftime("%Y%m%d%H%M%S"))},
                    {"Name": "PhoneNumber", "Value": int(body["PhoneNumber"])},
                ]
            }
        DARAJA.send_later(
            body["CallBackURL"],
            {"Body": {"stkCallback": callback}},
            on_sent=lambda: state.update(answered=True),
        )
        self._json(
            200,
            {
                "MerchantRequestID": merchant,
                "CheckoutRequestID": checkout,
                "ResponseCode": "0",
                "ResponseDescription": "Success. Request accepted for processing",
                "CustomerMessage": "Success. Request accepted for processing",
            },
        )

    def _query(self, body: dict[str, Any]) -> None:
        state = DARAJA.checkouts.get(str(body.get("CheckoutRequestID")))
        if state is None:
            self._json(
                400, {"errorCode": "400.002.02", "errorMessage": "Invalid CheckoutRequestID"}
            )
        elif not state["answered"]:
            self._json(
                500,
                {"errorCode": "500.001.1001", "errorMessage": "The transaction is being processed"},
            )
        else:
            self._json(
                200,
                {
                    "ResponseCode": "0",
                    "ResponseDescription": "The service request has been accepted successsfully",
                    "CheckoutRequestID": body["CheckoutRequestID"],
                    "ResultCode": state["code"],
                    "ResultDesc": "The service request is processed successfully.",
                },
            )

    def _b2c(self, body: dict[str, Any]) -> None:
        conversation = f"AG_STANDIN_{next(DARAJA.ids):06d}"
        result = {
            "Result": {
                "ResultType": 0,
                "ResultCode": 0,
                "ResultDesc": "The service request is processed successfully.",
                "OriginatorConversationID": body["OriginatorConversationID"],
                "ConversationID": conversation,
                "TransactionID": "NLJ41HAY6Q",
            }
        }
        DARAJA.send_later(body["ResultURL"], result)
        self._json(
            200,
            {
                "ConversationID": conversation,
                "OriginatorConversationID": body["OriginatorConversationID"],
                "ResponseCode": "0",
                "ResponseDescription": "Accept the service request successfully.",
            },
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
