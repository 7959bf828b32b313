"""Running the real Strapi (strapi-config/) and the sidecar as processes, for the e2e tests.

Shared by the real-Strapi modules: child processes in their own process group with a
log file each, polling helpers that name a process that died, the environment Strapi
runs with in tests, and a client for Strapi's admin API (the one the admin panel uses).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
STRAPI_DIR = ROOT / "strapi-config"
BOOT_TIMEOUT = 180.0  # a cold Strapi start is ~5 s; CI machines can be far slower
PASSWORD = "Correct-horse-battery-1"  # Strapi admins need upper, lower and a digit

log = logging.getLogger(__name__)

# What reaches the processes from the caller's environment: nothing that configures
# Strapi or the sidecar (a developer's CELERY_BROKER_URL or S3_BUCKET would change
# what is tested), only what Node, npm and Python need to run.
_PASS_THROUGH = (
    "PATH",
    "HOME",
    "USER",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "TMPDIR",
    "NODE_OPTIONS",
    "NODE_EXTRA_CA_CERTS",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "VIRTUAL_ENV",
    "PYTHONPATH",
)


def clean_env() -> dict[str, str]:
    return {name: os.environ[name] for name in _PASS_THROUGH if name in os.environ}


def strapi_env(*, database_url: str, port: int, serve_admin: bool, **extra: str) -> dict[str, str]:
    """Strapi as deployed (NODE_ENV=production: the secrets are checked), on 127.0.0.1."""
    return (
        clean_env()
        | {
            "NODE_ENV": "production",
            "DATABASE_URL": database_url,
            "DATABASE_SSL": "false",
            "DATABASE_SCHEMA": "public",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "PUBLIC_URL": "",
            "STRAPI_SERVE_ADMIN": "true" if serve_admin else "false",
            "STRAPI_TELEMETRY_DISABLED": "true",
            "APP_KEYS": f"{secrets.token_hex(16)},{secrets.token_hex(16)}",
            "API_TOKEN_SALT": secrets.token_hex(16),
            "ADMIN_JWT_SECRET": secrets.token_hex(16),
            "TRANSFER_TOKEN_SALT": secrets.token_hex(16),
            "JWT_SECRET": secrets.token_hex(16),
            "S3_BUCKET": "",  # local uploads, whatever a strapi-config/.env says
            "CMS_LOCALES": "en,sw",
            "CMS_DEFAULT_LOCALE": "en",
        }
        | extra
    )


class Process:
    """A child in its own process group (so a kill takes its children), logging to a file."""

    def __init__(
        self, name: str, command: list[str], *, cwd: Path, env: dict[str, str], logs: Path
    ):
        self.name = name
        self.command, self.cwd, self.env = command, cwd, env
        self.log = logs / f"{name}.log"
        self.popen = self._spawn()

    def _spawn(self) -> subprocess.Popen[bytes]:
        with self.log.open("a") as handle:
            return subprocess.Popen(
                self.command,
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def running(self) -> bool:
        return self.popen.poll() is None

    def stop(self) -> None:
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(10)
            except ProcessLookupError:
                pass
        # The leader may be gone while a child lingers in the group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)

    def restart(self) -> None:
        self.stop()
        self.popen = self._spawn()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def tail(self, chars: int = 4000) -> str:
        state = "running" if self.running() else f"exited with {self.popen.returncode}"
        return f"--- {self.name} ({state}), end of {self.log}:\n{self.output()[-chars:]}"


def wait_for(
    predicate: Callable[[], Any],
    what: str,
    timeout: float,
    processes: dict[str, Process],
) -> Any:
    """Polls until ``predicate`` is truthy; fails (naming a dead process) otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except httpx.HTTPError:
            value = None
        if value:
            return value
        dead = [name for name, process in processes.items() if not process.running()]
        if dead or time.monotonic() > deadline:
            why = f"{', '.join(dead)} exited" if dead else f"not within {timeout:.0f} s"
            pytest.fail(f"waiting for {what}: {why}", pytrace=False)  # logs: ShowLogsOnFailure
        time.sleep(0.05)


def start_strapi(
    processes: dict[str, Process], *, name: str, env: dict[str, str], logs: Path
) -> str:
    """Starts Strapi (`npm run start`) and waits for /_health; returns its URL."""
    url = f"http://127.0.0.1:{env['PORT']}"
    processes[name] = Process(name, ["npm", "run", "start"], cwd=STRAPI_DIR, env=env, logs=logs)
    wait_for_health(url, processes)
    return url


def wait_for_health(url: str, processes: dict[str, Process]) -> None:
    wait_for(
        lambda: httpx.get(f"{url}/_health", timeout=2).status_code == 204,
        "Strapi to answer /_health",
        BOOT_TIMEOUT,
        processes,
    )


def read_token(path: Path, processes: dict[str, Process]) -> str:
    """The key a bootstrap wrote to ``path`` (it does so before the server listens)."""
    token: str = wait_for(
        lambda: path.exists() and path.read_text().strip(), f"the token in {path}", 30, processes
    )
    return token


class ShowLogsOnFailure:
    """A plugin, registered while some processes run: every failing test of the module
    (or package) that started them reports the end of their logs under its traceback."""

    def __init__(self, processes: dict[str, Process], module: str):
        self.processes = processes
        self.module = module

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Iterator[pytest.TestReport]:
        report: pytest.TestReport = yield
        name = item.module.__name__ if item.module is not None else ""
        if report.failed and (name == self.module or name.startswith(self.module + ".")):
            for process in self.processes.values():
                report.sections.append((f"{process.name} log (end)", process.tail()))
        return report


def report(config: pytest.Config, title: str, timings: dict[str, float], notes: str = "") -> None:
    """Writes the timings to the terminal (also without -s) and the log."""
    line = f"{title}: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items())
    if notes:
        line += f"\n{notes}"
    log.info(line)
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if terminal is None or capture is None:  # pragma: no cover - pytest without them
        print(line)  # noqa: T201
        return
    with capture.global_and_fixture_disabled():  # past pytest's output capture
        terminal.ensure_newline()
        terminal.write_line(line)


class StrapiAdmin:
    """Strapi's admin API, as the admin panel calls it, signed in as one admin user."""

    def __init__(self, base_url: str, token: str):
        self.http = httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )

    def __repr__(self) -> str:
        return f"StrapiAdmin({self.http.base_url})"

    @classmethod
    def register_first_admin(cls, base_url: str, email: str) -> StrapiAdmin:
        """The first administrator (super admin) of a new Strapi database."""
        response = httpx.post(
            f"{base_url}/admin/register-admin",
            json={"firstname": "Amina", "lastname": "Otieno", "email": email, "password": PASSWORD},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        return cls(base_url, response.json()["data"]["token"])

    @classmethod
    def sign_in(cls, base_url: str, email: str, password: str = PASSWORD) -> StrapiAdmin:
        response = httpx.post(
            f"{base_url}/admin/login", json={"email": email, "password": password}, timeout=30
        )
        assert response.status_code == 200, response.text
        return cls(base_url, response.json()["data"]["token"])

    def role_id(self, code: str) -> int:
        roles = self.http.get("/admin/roles").json()["data"]
        (role,) = [r for r in roles if r["code"] == code]
        return int(role["id"])

    def invite(self, *, email: str, role: str, firstname: str) -> None:
        """Creates an admin user with one role (strapi-editor, strapi-author) who then
        registers with PASSWORD, as an invited colleague does."""
        created = self.http.post(
            "/admin/users",
            json={
                "firstname": firstname,
                "lastname": "Kamau",
                "email": email,
                "roles": [self.role_id(role)],
            },
        )
        assert created.status_code == 201, created.text
        registration = httpx.post(
            f"{self.http.base_url}/admin/register",
            json={
                "registrationToken": created.json()["data"]["registrationToken"],
                "userInfo": {"firstname": firstname, "lastname": "Kamau", "password": PASSWORD},
            },
            timeout=30,
        )
        assert registration.status_code == 200, registration.text

    def create_api_token(self, name: str, kind: str = "full-access") -> str:
        response = self.http.post(
            "/admin/api-tokens",
            json={"name": name, "type": kind, "lifespan": None, "description": "tests"},
        )
        assert response.status_code == 201, response.text
        key: str = response.json()["data"]["accessKey"]
        return key

    # ---- the Content Manager (what the panel's edit view calls)

    def create(
        self, uid: str, data: dict[str, Any], *, locale: str | None = None
    ) -> httpx.Response:
        params = {"locale": locale} if locale else {}
        return self.http.post(f"/content-manager/collection-types/{uid}", params=params, json=data)

    def update(
        self, uid: str, document_id: str, data: dict[str, Any], *, locale: str | None = None
    ) -> httpx.Response:
        params = {"locale": locale} if locale else {}
        return self.http.put(
            f"/content-manager/collection-types/{uid}/{document_id}", params=params, json=data
        )

    def publish(self, uid: str, document_id: str, *, locale: str | None = None) -> httpx.Response:
        params = {"locale": locale} if locale else {}
        return self.http.post(
            f"/content-manager/collection-types/{uid}/{document_id}/actions/publish",
            params=params,
            json={},
        )

    def delete(self, uid: str, document_id: str, *, locale: str | None = None) -> httpx.Response:
        params = {"locale": locale} if locale else {}
        return self.http.delete(
            f"/content-manager/collection-types/{uid}/{document_id}", params=params
        )

    def find(self, uid: str, *, locale: str = "en") -> httpx.Response:
        return self.http.get(
            f"/content-manager/collection-types/{uid}", params={"locale": locale, "pageSize": 100}
        )


@contextlib.contextmanager
def fresh_database(admin_dsn: str, prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database (dropped afterwards); yields its URL."""
    import psycopg

    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin_dsn.rpartition('/')[0]}/{name}"
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def png_image(
    width: int = 1200, height: int = 630, rgb: tuple[int, int, int] = (15, 76, 129)
) -> bytes:
    """A plain PNG picture (one colour), for uploads."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )
