"""Issue 12, finding 10: what a client may make the server hold, capped by the server
itself (`gurumisha serve`, as Compose runs it with no ingress in front): header size,
the time to send headers, and the time to send a body."""

from __future__ import annotations

import selectors
import socket
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.payments.test_integration import Processes, free_port, wait_for


def _serve(database_url: str, **settings: str) -> Iterator[tuple[str, int]]:
    """A real `gurumisha serve` (one worker) with these settings, until the generator ends."""
    port = free_port()
    processes = Processes()
    processes.start(
        [sys.executable, "-m", "sidecar.cli", "serve", "--port", str(port)],
        {
            "ENVIRONMENT": "development",
            "DATABASE_URL": database_url,
            "JWT_SECRET": "test-secret-" + "x" * 40,
            **settings,
        },
    )
    try:
        assert wait_for(lambda: httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200)
        yield "127.0.0.1", port
    finally:
        processes.stop()


@pytest.fixture(scope="module")
def server(database_url) -> Iterator[tuple[str, int]]:
    yield from _serve(database_url, HEADER_READ_TIMEOUT_SECONDS="1", BODY_READ_TIMEOUT_SECONDS="1")


def _read_all(conn: socket.socket, limit: float = 15) -> bytes:
    """Everything the server sends until it closes (or ``limit`` seconds pass)."""
    conn.settimeout(limit)
    chunks = []
    try:
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    except TimeoutError:
        chunks.append(b"<still open>")
    except ConnectionResetError:
        pass
    return b"".join(chunks)


def test_headers_over_16_kib_are_refused_with_431(server):
    host, port = server
    response = httpx.get(f"http://{host}:{port}/healthz", headers={"X-Big": "a" * 20_000})
    assert response.status_code == 431
    assert httpx.get(f"http://{host}:{port}/healthz").status_code == 200


def test_a_client_trickling_its_headers_is_cut_off(server):
    with socket.create_connection(server) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        sent = 0
        conn.setblocking(False)
        for _ in range(40):  # one header line every 0.25 s, never the blank line
            try:
                if conn.recv(65536) == b"":
                    break  # closed by the server
            except BlockingIOError:
                pass
            except ConnectionResetError:
                break
            try:
                conn.sendall(b"X-Slow: 1\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += 1
            time.sleep(0.25)
        conn.setblocking(True)
        answer = _read_all(conn, limit=1)
    assert sent < 40, "the connection was still open after 10 s of trickling headers"
    assert not answer.startswith(b"HTTP/1.1 200")


def test_a_client_trickling_its_body_gets_408(server):
    with socket.create_connection(server) as conn:
        conn.sendall(
            b"POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"email":'
        )
        answer = _read_all(conn, limit=15)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"application/problem+json" in answer


# More kept-alive clients than Granian's own default cap for one worker (backlog 2,048
# / 1 worker): with it, the connections past the cap were never accepted and k6's
# 3,000 users saw 60 s timeouts. SERVER_MAX_CONNECTIONS sets the cap instead.
IDLE_CLIENTS = 2_100


@pytest.fixture(scope="module")
def plain_server(database_url) -> Iterator[tuple[str, int]]:
    """`gurumisha serve` with the default connection limits."""
    yield from _serve(database_url)


def test_many_kept_alive_clients_are_each_answered(plain_server):
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    conns = [socket.create_connection(plain_server, timeout=5) for _ in range(IDLE_CLIENTS)]
    answered: set[int] = set()
    try:
        with selectors.DefaultSelector() as selector:
            for index, conn in enumerate(conns):
                conn.sendall(request)
                conn.setblocking(False)
                selector.register(conn, selectors.EVENT_READ, index)
            deadline = time.monotonic() + 20
            while len(answered) < IDLE_CLIENTS and time.monotonic() < deadline:
                for key, _ in selector.select(timeout=0.5):
                    if key.fileobj.recv(65536).startswith(b"HTTP/1.1 200"):  # type: ignore[union-attr]
                        answered.add(key.data)
                    selector.unregister(key.fileobj)
    finally:
        for conn in conns:
            conn.close()
    assert len(answered) == IDLE_CLIENTS, f"{IDLE_CLIENTS - len(answered)} never answered"
