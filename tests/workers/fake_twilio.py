"""A local HTTP server standing in for Twilio's Messages API (TWILIO_API_BASE_URL).

Tests script its answers (status codes, delays); it records a message as accepted
only once it has written a 201 back, the way a provider that answers is a provider
that took the message.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


def _client_gone(connection: socket.socket) -> bool:
    try:
        return connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


# What the stand-in says for each failure status: 400 as Twilio does for a number
# that is not on WhatsApp (63003), anything else as a server error.
_ERROR_CODES = {400: 63003}


@dataclass
class Script:
    statuses: list[int] = field(default_factory=list)  # answers before the 201s
    delays: list[float] = field(default_factory=list)  # seconds, per request in order


class FakeTwilio:
    def __init__(self) -> None:
        self.script = Script()
        self.requests: list[dict[str, str]] = []
        self.accepted: list[dict[str, str]] = []
        self.arrived = threading.Event()
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                with fake._lock:
                    index = len(fake.requests)
                    fake.requests.append(form)
                    delay = fake.script.delays[index] if index < len(fake.script.delays) else 0
                    status = fake.script.statuses.pop(0) if fake.script.statuses else 201
                fake.arrived.set()
                time.sleep(delay)
                if delay and _client_gone(self.connection):
                    return  # the sender died while we were "processing": not accepted
                sid = "SM" + uuid.uuid4().hex
                body = (
                    {"sid": sid, "status": "queued", "to": form.get("To"), "body": form.get("Body")}
                    if status == 201
                    else {
                        "code": _ERROR_CODES.get(status, 20500),
                        "message": "error",
                        "status": status,
                    }
                )
                try:
                    payload = json.dumps(body).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    self.wfile.flush()
                except OSError:
                    return  # the client went away: nothing was accepted
                if status == 201:
                    with fake._lock:
                        fake.accepted.append(form | {"Sid": sid})

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeTwilio:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
